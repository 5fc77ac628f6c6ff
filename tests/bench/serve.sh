# Sourced by the benchmarks that run a server (load.sh, owner-edits.sh, export.sh).
# start_server BINARY NAME ARGS...: runs `BINARY serve --port 0 ARGS...` with its output in
# $work/NAME.out and .err, waits until it answers (2 minutes at most: without its index file the
# national index takes half a minute to build), and sets `server` (its pid) and `url`. Exits with the server's
# error output if it stops first. The caller stops it (kill "$server").
start_server() {
  local binary=$1 name=$2
  shift 2
  "$binary" serve --port 0 "$@" >"$work/$name.out" 2>"$work/$name.err" &
  server=$!
  for _ in $(seq 1 1200); do
    grep -q listening "$work/$name.out" 2>/dev/null && break
    kill -0 "$server" 2>/dev/null || { cat "$work/$name.err" >&2; exit 1; }
    sleep 0.1
  done
  url=$(grep -o 'http://[^ ]*' "$work/$name.out") || { echo "$binary serve did not start in time" >&2; exit 1; }
  # It listens at once, and answers once its index is loaded (or built: half a minute nationally).
  for _ in $(seq 1 1200); do
    [[ $(curl -s -o /dev/null -w '%{http_code}' "$url/api/v1/health") == 200 ]] && return
    kill -0 "$server" 2>/dev/null || { cat "$work/$name.err" >&2; exit 1; }
    sleep 0.1
  done
  echo "$binary serve did not get ready in time" >&2
  exit 1
}
