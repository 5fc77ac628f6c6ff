#!/usr/bin/env bash
# Owner edits on the national database (issue 6): edits per second while searches run, and
# the delay until an edit shows in another client's search.
#
#   tests/bench/owner-edits.sh [BUILD_DIR] [WORK_DIR]
#
# Works on a copy of the national database of load.sh (built once in WORK_DIR, default
# /tmp/annuaire-bench): makes an admin with `annuaire user add`, picks 3,000 practices at
# random (and 20 probes whose name is unique), serves the copy and runs annuaire-owner-bench
# (SECONDS_OF_EDITS, default 20; SEARCH_CLIENTS, default 4).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${1:-$root/build}
work=${2:-/tmp/annuaire-bench}
annuaire="$build/annuaire"
bench="$build/annuaire-owner-bench"
for tool in "$annuaire" "$bench" "$build/annuaire-generate"; do
  [[ -x $tool ]] || { echo "missing $tool: build first (cmake --build $build)" >&2; exit 1; }
done
command -v sqlite3 >/dev/null || { echo "sqlite3 is missing: apt-get install sqlite3" >&2; exit 1; }
source "$here/national-db.sh"
ensure_national_db "$build" "$work" "$root"

db="$work/owner-bench.db"
rm -f "$db" "$db-wal" "$db-shm"
cp "$work/national.db" "$db"
link=$("$annuaire" user add --db "$db" --admin bench@cpts.example | grep -o '#jeton=[A-Za-z0-9_-]*')
sqlite3 "$db" "SELECT p.practitioner_id || '|' || p.site_id || '|' || pr.last_name FROM practice p
  JOIN practitioner pr ON pr.id = p.practitioner_id
  WHERE p.archived_import_id IS NULL AND pr.archived_import_id IS NULL ORDER BY random() LIMIT 3000" >"$work/owner-bench.practices"
# Probes of the delay into search: one practice of a practitioner whose last name no one else has.
sqlite3 "$db" "SELECT min(p.practitioner_id) || '|' || min(p.site_id) || '|' || pr.last_name FROM practice p
  JOIN practitioner pr ON pr.id = p.practitioner_id
  WHERE p.archived_import_id IS NULL AND pr.archived_import_id IS NULL
  GROUP BY pr.last_name HAVING count(DISTINCT pr.id) = 1 ORDER BY random() LIMIT 20" >"$work/owner-bench.probes"

source "$here/serve.sh"
start_server "$annuaire" owner-bench --db "$db" --rate-limit 0
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
port=${url##*:}
echo "== $(sqlite3 "$db" 'SELECT count(*) FROM practice WHERE archived_import_id IS NULL') practices; server RSS $(ps -o rss= -p $server) KB"
"$bench" --port "$port" --token "${link#\#jeton=}" --practices "$work/owner-bench.practices" --probes "$work/owner-bench.probes" \
  --seconds "${SECONDS_OF_EDITS:-20}" --search-clients "${SEARCH_CLIENTS:-4}"
echo "== server RSS after: $(ps -o rss= -p $server) KB; index rebuilds: $(grep -c 'index rebuilt' "$work/owner-bench.err" || true)"
