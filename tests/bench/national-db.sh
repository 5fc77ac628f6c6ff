# Sourced by the benchmarks that need the national database (load.sh, stress.sh, export.sh).
# ensure_national_db BUILD_DIR WORK_DIR SOURCE_DIR: builds WORK_DIR/national.db once (2.3 M
# generated RPPS lines, imported and geocoded; a few minutes) and reuses it afterwards.
ensure_national_db() {
  local build=$1 work=$2 root=$3
  local db="$work/national.db"
  mkdir -p "$work"
  # Bumped when the generator's output changes, so that an older database is built again.
  local generation=3
  if [[ -s $db && $(cat "$work/national.done" 2>/dev/null) == "$generation" ]]; then return; fi
  rm -f "$db" "$db-wal" "$db-shm"
  echo "== generating the national extract (2.3 M lines)"
  "$build/annuaire-generate" national --lines 2300000 --reference "$root/data/reference" \
    --out-extract "$work/national.txt" --out-ban "$work/ban-national.csv.gz" --no-check
  echo "== importing"
  "$build/annuaire" import --db "$db" --no-progress --allow-mass-archive "$work/national.txt" | tail -n 3
  echo "== geocoding"
  "$build/annuaire" geocode --db "$db" --ban "$work/ban-national.csv.gz" | tail -n 3
  echo "$generation" >"$work/national.done"
}
