#!/usr/bin/env bash
# The division of rights the units set up, without systemd: imports run as the owner of the
# state directory with the import unit's ExecStart and UMask; the server runs with the
# server unit's ExecStart as another user (nobody, standing for DynamicUser=) that can only
# read that directory. The server must start, answer, see a re-import, and start again after
# the writer has closed the database.
# Usage: read-only-server.sh ANNUAIRE_BINARY   (needs root to switch users; else skipped: 77)
set -euo pipefail

binary=${1:?usage: read-only-server.sh ANNUAIRE_BINARY}
source_dir=$(cd "$(dirname "$0")/../.." && pwd)
if [[ $(id -u) != 0 ]]; then
  echo "skipped: running the server as another user needs root"
  exit 77
fi
for tool in curl setpriv; do
  command -v "$tool" >/dev/null || { echo "missing: $tool" >&2; exit 1; }
done

work=$(mktemp -d)
chmod 755 "$work"
server_pid=
cleanup() {
  if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then kill -KILL "$server_pid" 2>/dev/null || true; fi
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
die() { echo "FAIL: $*"; [[ -s $work/serve.err ]] && sed 's/^/    serve: /' "$work/serve.err"; exit 1; }

# Where the units' paths point to, here.
state=$work/state
install -d -m 0755 "$state" "$state/incoming"
install -d -o nobody -m 0700 "$work/cache"   # CacheDirectory=, the server's own
install -m 0755 "$binary" "$work/annuaire"   # the checkout may be closed to nobody
cp "$source_dir/data/sample/PS_LibreAcces_Personne_activite_m2a_sample.txt" "$state/incoming/extract.txt"
unit_command() {   # the unit's ExecStart lines, with paths and the port replaced
  sed -n 's/^ExecStart=//p' "$source_dir/deploy/$1" |
    sed -e "s|/usr/local/bin/annuaire|$work/annuaire|g" -e "s|/var/lib/annuaire/annuaire.db|$state/annuaire.db|g" \
        -e "s|/var/cache/annuaire|$work/cache|g" -e "s|/etc/annuaire/territory.json|$source_dir/data/territories/m2a.json|g" \
        -e "s|/var/lib/annuaire/incoming/PS_LibreAcces.zip|$state/incoming/extract.txt|g" -e 's|--port 8080|--port 0|'
}
import_umask=$(sed -n 's/^UMask=//p' "$source_dir/deploy/annuaire-import.service")
data_dir=$(sed -n 's|^Environment=ANNUAIRE_DATA_DIR=/usr/local/share/annuaire/data$|'"$source_dir/data"'|p' "$source_dir/deploy/annuaire-import.service")
[[ -n $import_umask && -n $data_dir ]] || die "the import unit should set UMask= and ANNUAIRE_DATA_DIR=/usr/local/share/annuaire/data"
import_command=$(unit_command annuaire-import.service)
serve_command=$(unit_command annuaire.service)

run_import() {
  local command
  while read -r command; do
    # shellcheck disable=SC2086 # the unit's command line, split into words as systemd does
    (umask "$import_umask" && ANNUAIRE_DATA_DIR=$data_dir $command) >>"$work/import.out" 2>&1 ||
      die "the import unit's command failed: $command: $(tail -n 5 "$work/import.out")"
  done <<<"$import_command"
}
start_server() {
  : >"$work/serve.out"
  install -d -o nobody -m 0700 "$work/tmp-server"   # PrivateTmp=
  # shellcheck disable=SC2086
  setpriv --reuid=65534 --regid=65534 --clear-groups --no-new-privs env TMPDIR="$work/tmp-server" \
    $serve_command >"$work/serve.out" 2>"$work/serve.err" &
  server_pid=$!
  port=
  for _ in $(seq 300); do
    port=$(sed -n 's|^listening on http://127\.0\.0\.1:\([0-9]*\)$|\1|p' "$work/serve.out")
    [[ -n $port ]] && break
    kill -0 "$server_pid" 2>/dev/null || die "the server, as nobody over a directory it cannot write, exited"
    sleep 0.1
  done
  [[ -n $port ]] || die "the server did not start"
  # It listens at once; it answers once its index is loaded or built.
  for _ in $(seq 300); do
    [[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/api/v1/health") == 200 ]] && return
    sleep 0.1
  done
  die "the server listens but its index was not ready within 30 s"
}
data_version() { curl -sS --max-time 10 "http://127.0.0.1:$port/api/v1/health" | sed -n 's/.*"data_version":"\([^"]*\)".*/\1/p'; }

run_import
runuser -u nobody -- test -w "$state" && die "nobody can write the state directory: the test proves nothing"
start_server
first=$(data_version)
[[ -n $first ]] || die "no data_version in /api/v1/health"
total=$(curl -sS "http://127.0.0.1:$port/api/v1/practitioners?q=kine&per_page=1" | sed -n 's/.*"total":\([0-9]*\).*/\1/p')
[[ -n $total && $total -gt 0 ]] || die "a search found nothing"
echo "ok:   the server, as nobody, answers over the database the import unit wrote (data $first)"

# A later extract without its last 200 lines: practitioners leave, the server must notice.
head -n -200 "$state/incoming/extract.txt" >"$work/shorter.txt" && mv "$work/shorter.txt" "$state/incoming/extract.txt"
run_import
for _ in $(seq 100); do
  [[ $(data_version) != "$first" ]] && break
  sleep 0.1
done
second=$(data_version)
[[ $second != "$first" ]] || die "the server still serves data $first after a re-import"
echo "ok:   the server picks up a re-import by itself (data $second)"

kill -TERM "$server_pid"
wait "$server_pid" || die "the server did not stop cleanly on SIGTERM"
server_pid=
# Nothing has the database open any more: the files the writer left must do for a reader.
start_server
[[ $(data_version) == "$second" ]] || die "after a restart the server serves data '$(data_version)', not $second"
echo "ok:   the server starts again once every writer has closed the database"
grep -q "index loaded from $work/cache/" "$work/serve.err" ||
  die "the restarted server did not load the index it saved in its cache directory"
echo "ok:   the restarted server loads the index it saved in its cache directory"
echo "4 passed, 0 failed"
