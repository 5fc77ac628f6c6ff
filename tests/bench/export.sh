#!/usr/bin/env bash
# Time and memory of exports of about 198,000 rows on a national-scale database (issue 4).
#
#   tests/bench/export.sh [BUILD_DIR] [WORK_DIR]
#
# Builds once, cached in WORK_DIR (default /tmp/annuaire-bench), the national database of
# load.sh (generated extract, import, geocode), then a copy of it with the generated
# declarations of 40 % of its practices (annuaire-generate-declarations + annuaire declare:
# about 10 minutes and 8 GB of memory, once). Then, for each format:
#   1. in process: export-bench prepares the export and writes it to a sink that counts
#      bytes (REPEAT=N times, default 2): rows, MB, seconds, RSS before / peak / after;
#   2. over HTTP: `annuaire serve`, then curl the export: seconds, bytes, and the server's
#      RSS before the request, its peak during it and after it.
# FILTERS (default "profession=40,91,28", 197,950 rows of the generated extract) chooses the
# rows. BEFORE=/path/to/another/annuaire repeats step 2 with that binary (before/after).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
work=${2:-/tmp/annuaire-bench}
filters=${FILTERS:-profession=40,91,28}
export REPEAT=${REPEAT:-2}
for tool in annuaire annuaire-generate annuaire-generate-declarations export-bench; do
  [[ -x $build/$tool ]] || { echo "missing $build/$tool: build first (cmake --build $build)" >&2; exit 1; }
done
mkdir -p "$work"

db="$work/national.db"
source "$here/national-db.sh"
ensure_national_db "$build" "$work" "$root"
declared="$work/national-declared.db"
if [[ ! -s $declared || ! -f $work/national-declared.done ]]; then
  echo "== declarations for 40 % of the practices"
  cp "$db" "$declared"
  "$build/annuaire-generate-declarations" "$declared" "$work/declarations-national.json"
  "$build/annuaire" declare --db "$declared" "$work/declarations-national.json"
  rm -f "$work/declarations-national.json"
  touch "$work/national-declared.done"
fi

IFS='&' read -r -a params <<<"$filters"
echo "== in process, rows written to a counting sink ($filters)"
for format in csv geojson gpkg; do
  "$build/export-bench" "$declared" "$format" "${params[@]}"
done

status_mb() {  # status_mb PID KEY
  awk -v key="$2:" '$1 == key { printf "%.0f", $2 / 1024 }' "/proc/$1/status"
}

server=""
stop_server() {
  [[ -n $server ]] || return 0
  kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  server=""
}
trap stop_server EXIT

source "$here/serve.sh"
http_run() {  # http_run LABEL BINARY
  local label=$1 binary=$2
  start_server "$binary" export-serve --db "$declared"
  echo "== over HTTP: $label ($binary)"
  for format in csv geojson gpkg; do
    local before peak after result
    before=$(status_mb $server VmRSS)
    echo 5 > "/proc/$server/clear_refs"   # resets the server's VmHWM
    result=$(curl -s -o /dev/null -w '%{http_code} %{size_download} %{time_total}' "$url/api/v1/export?format=$format&$filters")
    peak=$(status_mb $server VmHWM)
    sleep 1
    after=$(status_mb $server VmRSS)
    read -r code bytes seconds <<<"$result"
    awk -v f="$format" -v c="$code" -v b="$bytes" -v s="$seconds" -v r0="$before" -v p="$peak" -v r1="$after" \
      'BEGIN { printf "%s: HTTP %s, %.1f MB in %.1f s; server RSS %d MB before, peak %d MB, %d MB 1 s after\n", f, c, b / 1e6, s, r0, p, r1 }'
  done
  stop_server
}

http_run "this build" "$build/annuaire"
if [[ -n ${BEFORE:-} ]]; then
  http_run "before" "$BEFORE"
fi
