#!/usr/bin/env bash
# Speed and memory of `annuaire import` on a national-scale extract (issue #1).
#
#   tests/bench/import-national.sh [BUILD_DIR] [WORK_DIR]
#       BUILD_DIR  an existing build (default ./build); nothing is rebuilt
#       WORK_DIR   where the generated extract is cached and the database is made
#                  (default /tmp/annuaire-bench)
#   LINES=2300000 SEED=7 override the generated file (cached per LINES and SEED).
#
# 1. Generates national-LINES-SEED.txt with annuaire-generate unless cached.
# 2. First import into a new database: wall clock of the whole command (reading,
#    rows, indexes, practices, full-text index, commit and checkpoint), lines/s,
#    peak RSS (GNU time %M), and the per-step seconds of the JSON report.
# 3. Second import of the same file into the same database: same figures; it must
#    add, update and archive nothing (the script fails otherwise).
set -euo pipefail
src="$(cd "$(dirname "$0")/../.." && pwd)"
build="$(cd "${1:-$src/build}" && pwd)"
work="${2:-/tmp/annuaire-bench}"
lines="${LINES:-2300000}"
seed="${SEED:-7}"
for tool in annuaire annuaire-generate; do
  [[ -x "$build/$tool" ]] || { echo "no $build/$tool: build the project first (cmake --build $build)" >&2; exit 2; }
done
[[ -x /usr/bin/time ]] || { echo "/usr/bin/time (GNU time) is required" >&2; exit 2; }
mkdir -p "$work"
extract="$work/national-$lines-$seed.txt"
if [[ ! -s "$extract" ]]; then
  echo "generating $extract ($lines lines, seed $seed)..."
  "$build/annuaire-generate" national --seed "$seed" --lines "$lines" \
    --reference "$src/data/reference" --out-extract "$extract.part" >/dev/null
  mv "$extract.part" "$extract"
fi
db="$work/import-national.db"
rm -f "$db" "$db-wal" "$db-shm"

run() {  # run LABEL: one import, then its figures
  local label="$1" start end
  start=$(date +%s.%N)
  /usr/bin/time -f "%M %U %S" -o "$work/rss.txt" \
    "$build/annuaire" import --db "$db" --json --no-progress "$extract" > "$work/report.json"
  end=$(date +%s.%N)
  python3 - "$label" "$start" "$end" "$work/rss.txt" "$work/report.json" <<'EOF'
import json, sys
label, start, end, rss_file, report_file = sys.argv[1:]
wall = float(end) - float(start)
rss_kb, user_s, sys_s = open(rss_file).read().split()[-3:]
rss_mb = int(rss_kb) / 1024
cpu = float(user_s) + float(sys_s)
r = json.load(open(report_file))
read = r["lines"]["read"]
print(f"{label}: {read:,} lines in {wall:.1f} s wall = {read / wall:,.0f} lines/s, "
      f"peak RSS {rss_mb:,.0f} MB, CPU {cpu:.1f} s (user+sys, all threads)")
steps = r["step_seconds"]
print("  steps (s): " + ", ".join(f"{k} {v:.1f}" for k, v in steps.items())
      + f"; commit, checkpoint and exit {wall - r['seconds']:.1f}")
for entity in ("practitioners", "sites", "activities"):
    c = r[entity]
    print(f"  {entity}: {c['added']:,} added, {c['updated']:,} updated, {c['archived']:,} archived, "
          f"{c['unchanged']:,} unchanged")
print(f"  public practices: {r['public_practices']:,}")
if label.startswith("second"):
    changed = sum(r[e][k] for e in ("practitioners", "sites", "activities")
                  for k in ("added", "updated", "archived", "restored"))
    if changed:
        sys.exit(f"FAIL: the second import of the same file changed {changed} rows")
EOF
}

run "first import (new database)"
run "second import (same file)"
echo "database: $(du -m "$db" | cut -f1) MB ($db)"
