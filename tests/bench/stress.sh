#!/usr/bin/env bash
# Stress benchmark of the HTTP edge (issue 4) on a national-scale database.
#
#   tests/bench/stress.sh [BUILD_DIR] [WORK_DIR]
#
# Uses (or builds once, like load.sh) WORK_DIR/national.db: 2.3 M generated RPPS lines, geocoded.
#   1. load, RUNS x LOAD_SECONDS (default 3 x 60 s): 8 clients loop on full-size exports (csv,
#      geojson, gpkg in turn, ~198,000 rows each) and 8 on searches, against one server with the
#      default limits (but per-address rates off: 16 clients from one address are not a flood).
#      Reports crashes, dropped or empty replies, search p50/p99, RSS idle / peak / after.
#   2. hold, under a 1,024-descriptor limit: 1,100 idle sockets and 500 slowloris connections
#      (from one address, then from 200), reopened as the server drops them, while another user
#      asks /api/v1/health every 100 ms: its latency.
#   3. wrk -c1000 on a search: socket errors (per-address cap raised: wrk is one address).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
work=${2:-/tmp/annuaire-bench}
runs=${RUNS:-3}
load_seconds=${LOAD_SECONDS:-60}
hold_seconds=${HOLD_SECONDS:-30}
export_query=${EXPORT_QUERY:-profession=40,91,28}
for tool in annuaire annuaire-generate annuaire-stress; do
  [[ -x $build/$tool ]] || { echo "missing $build/$tool: build first (cmake --build $build)" >&2; exit 1; }
done
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
mkdir -p "$work"

db="$work/national.db"
source "$here/national-db.sh"
ensure_national_db "$build" "$work" "$root"

server=
stop_server() {
  if [[ -n $server ]]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  server=
}
trap stop_server EXIT

# start_server LIMIT ARGS...: serves the national database under a descriptor limit ("-": the
# inherited one, which the server raises to its hard limit); sets $server, $port.
start_server() {
  local limit=$1; shift
  local out="$work/stress-serve.out" prefix=()
  [[ $limit != - ]] && prefix=(prlimit --nofile="$limit")
  "${prefix[@]}" "$build/annuaire" serve --db "$db" --port 0 "$@" >"$out" 2>"$work/stress-serve.err" &
  server=$!
  for _ in $(seq 1 900); do
    grep -q listening "$out" 2>/dev/null && break
    kill -0 "$server" 2>/dev/null || { cat "$work/stress-serve.err" >&2; exit 1; }
    sleep 0.1
  done
  port=$(grep -o 'http://[^ ]*' "$out" | sed 's/.*://')
  until [[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/api/v1/health") == 200 ]]; do
    kill -0 "$server" 2>/dev/null || { cat "$work/stress-serve.err" >&2; exit 1; }
    sleep 0.1
  done
  echo "   server pid $server on port $port: $(head -n 1 "$work/stress-serve.err")"
}

echo "== 1. exports and searches together, $runs x ${load_seconds}s"
start_server - --rate-limit 0
rows=$(curl -s "http://127.0.0.1:$port/api/v1/practitioners?$export_query&per_page=1&facets=false" |
       python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')
echo "   export query $export_query matches $rows practices"
status=0
for run in $(seq 1 "$runs"); do
  echo "-- run $run"
  "$build/annuaire-stress" load --port "$port" --pid "$server" --seconds "$load_seconds" \
    --export-clients 8 --search-clients 8 --export-query "$export_query" || status=1
done
kill -0 "$server" || { echo "FAIL: the server died"; status=1; }
stop_server

echo "== 2. idle and slowloris connections under a 1,024-descriptor limit, ${hold_seconds}s each"
start_server 1024:1024
"$build/annuaire-stress" hold --port "$port" --pid "$server" --seconds "$hold_seconds" --idle 1100 --slowloris 500 --sources 1 || status=1
"$build/annuaire-stress" hold --port "$port" --pid "$server" --seconds "$hold_seconds" --idle 1100 --slowloris 500 --sources 200 || status=1
echo "-- the same with reconnections as fast as the client can (a connection flood)"
"$build/annuaire-stress" hold --port "$port" --pid "$server" --seconds "$hold_seconds" --idle 1100 --slowloris 500 --sources 200 \
  --reconnect-per-second 0 || true
stop_server

echo "== 3. wrk -t2 -c1000 -d30s on a search"
start_server - --rate-limit 0 --max-connections-per-address 2000
out=$(wrk -t2 -c1000 -d30s --latency "http://127.0.0.1:$port/api/v1/practitioners?q=martin&per_page=20")
grep -E 'Requests/sec|Socket errors|Non-2xx|50%|99%|requests in' <<<"$out" | sed 's/^/   /'
grep -q 'Socket errors' <<<"$out" && status=1 || echo "   Socket errors: none"
curl -s -o /dev/null -w "   /health after: HTTP %{http_code}\n" "http://127.0.0.1:$port/api/v1/health"
stop_server
exit $status
