#!/usr/bin/env bash
# Load benchmark of the search API on a national-scale database (issue 3).
#
#   tests/bench/load.sh [BUILD_DIR] [WORK_DIR]
#
# Builds (once, cached in WORK_DIR, default /tmp/annuaire-bench) a national
# database: `annuaire-generate national --lines 2300000` + `annuaire import` +
# `annuaire geocode`; then starts `annuaire serve` and runs wrk (Debian package)
# for each scenario, printing req/s, p50 and p99 latency:
#   (a) text query  (b) bbox + two filters  (c) radius + distance sort
#   (d) clusters at zoom 6 over France and at zoom 14 over Mulhouse.
# Bars (2-core machine): p99 <= 10 ms for (a)-(c), <= 25 ms for (d), >= 3000 req/s for (b).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${1:-$root/build}
work=${2:-/tmp/annuaire-bench}
duration=${DURATION:-10s}
check_duration=${CHECK_DURATION:-3s}
connections=${CONNECTIONS:-$((2 * $(nproc)))}  # two per core
threads=${WRK_THREADS:-2}
mkdir -p "$work"
annuaire="$build/annuaire"
generate="$build/annuaire-generate"
for tool in "$annuaire" "$generate"; do
  [[ -x $tool ]] || { echo "missing $tool: build first (cmake --build $build)" >&2; exit 1; }
done
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }

db="$work/national.db"
source "$here/national-db.sh"
ensure_national_db "$build" "$work" "$root"

source "$here/serve.sh"
# Rate limits off: one benchmark client is not a flood.
start_server "$annuaire" serve --db "$db" --rate-limit 0
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
echo "== server at $url ($(curl -s "$url/api/v1/health" | head -c 300))"

run() {
  local name=$1 script=$2
  # A short first pass checks what the scenario's queries return (see load/check.lua).
  (cd "$here/load" && CHECK=1 wrk -t"$threads" -c"$threads" -d"$check_duration" -s "$script" "$url") | sed -n '/check:/,$p'
  local out
  out=$(cd "$here/load" && wrk -t"$threads" -c"$connections" -d"$duration" --latency -s "$script" "$url")
  local rps p50 p99 errors
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  errors=$(awk '/Non-2xx|Socket errors/ {print}' <<<"$out")
  printf '%-44s %10s req/s   p50 %8s   p99 %8s  %s\n' "$name" "$rps" "$p50" "$p99" "$errors"
}
echo "== wrk -t$threads -c$connections -d$duration"
run "(a) text query" a_text.lua
run "(b) bbox + two filters" b_bbox_filters.lua
run "(c) radius + distance sort" c_radius.lua
run "(d) clusters zoom 6, France" d_clusters_france.lua
run "(d) clusters zoom 14, Mulhouse" d_clusters_mulhouse.lua
