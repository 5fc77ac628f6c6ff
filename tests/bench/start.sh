#!/usr/bin/env bash
# Start-up benchmark (issue 7): how soon `annuaire serve` answers on the national database.
#
#   tests/bench/start.sh [BUILD_DIR] [WORK_DIR]
#
# For one start without an index file (the index built from the database, then saved) and
# RUNS starts with it (default 3), prints the time from launching `serve` to: listening,
# the first answer of /api/v1/health (whatever it says), /health "ok" (ready: the index and
# the address index loaded), and the
# first search answered with matches (a text query and a box over Mulhouse, both checked
# to find something); and the server's resident memory once ready and 5 s later.
# Polls every 20 ms with curl. Targets: /health under 1 s, first search under 2 s.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${1:-$root/build}
work=${2:-/tmp/annuaire-bench}
runs=${RUNS:-3}
annuaire="$build/annuaire"
[[ -x $annuaire ]] || { echo "missing $annuaire: build first (cmake --build $build)" >&2; exit 1; }
db="$work/national.db"
source "$here/national-db.sh"
ensure_national_db "$build" "$work" "$root"
index="$work/national.db.index"

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }'; }
rss_mb() { awk '/VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }

one_start() {
  local label=$1 out="$work/start.out" err="$work/start.err"
  local began listen health ready search
  rm -f "$out" "$err"
  began=$(now)
  "$annuaire" serve --db "$db" --index-file "$index" --port 0 --rate-limit 0 >"$out" 2>"$err" &
  local server=$!
  until grep -q listening "$out" 2>/dev/null; do
    kill -0 $server 2>/dev/null || { cat "$err" >&2; exit 1; }
    sleep 0.005
  done
  listen=$(since "$began")
  local url
  url=$(grep -o 'http://[^ ]*' "$out")
  until curl -s -o /dev/null "$url/api/v1/health"; do sleep 0.02; done
  health=$(since "$began")
  # The first answered search: polled until it answers 200 with matches.
  until [[ $(curl -s "$url/api/v1/practitioners?q=martin&per_page=20" | grep -o '"total":[0-9]*' | head -1) =~ :[1-9] ]]; do
    sleep 0.02
  done
  search=$(since "$began")
  until [[ $(curl -s -o /dev/null -w '%{http_code}' "$url/api/v1/health") == 200 ]]; do sleep 0.02; done
  ready=$(since "$began")
  local box total
  box=$(curl -s "$url/api/v1/practitioners?bbox=7.28,47.72,7.37,47.78&profession=10&per_page=20")
  total=$(grep -o '"total":[0-9]*' <<<"$box" | head -1)
  [[ $total =~ :[1-9] ]] || { echo "the box query matched nothing: $box" >&2; exit 1; }
  local rss_ready rss_later
  rss_ready=$(rss_mb $server)
  sleep 5
  rss_later=$(rss_mb $server)
  printf '%-34s listen %6.3f s  /health %6.3f s  first search %6.3f s  ready %6.3f s  RSS %5s MB (5 s later %s MB)\n' \
    "$label" "$listen" "$health" "$search" "$ready" "$rss_ready" "$rss_later"
  grep -E '(index|address index) (loaded|built|saved|rebuilt)' "$err" | sed 's/^/    /'
  kill $server
  wait $server 2>/dev/null || true
}

echo "== national database: $(du -h "$db" | cut -f1); host load: $(cut -d' ' -f1-3 /proc/loadavg)"
rm -f "$index"
one_start "without an index file (built)"
ls -l "$index" | awk '{ printf "    index file: %.0f MB\n", $5 / 1048576 }'
for run in $(seq 1 "$runs"); do one_start "with the index file, run $run"; done
