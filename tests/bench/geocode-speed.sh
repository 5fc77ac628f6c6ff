#!/usr/bin/env bash
# Speed of the offline geocoder on the Paris BAN file (158,048 rows).
#
#   tests/bench/geocode-speed.sh [BUILD_DIR]        (default BUILD_DIR: ./build)
#
# 1. Index time: `annuaire geocode --ban data/ban/adresses-75.csv.gz` on a fresh
#    database (gzip read, parse and validation, SQLite insert, in-memory index build),
#    wall-clock for the whole command.
# 2. Addresses per second on one core, index already built: the 22,000 noisy
#    RPPS-style addresses of the accuracy benchmark (2,000 of each of its 11 kinds),
#    geocoded in a loop for SECONDS (default 5) by `geocode-bench speed`, with the
#    reference tables as `annuaire geocode` has them (no database writes in the loop):
#    by the clock, per second of CPU time (what "one core" means on a shared host),
#    and per noise kind.
set -euo pipefail
src="$(cd "$(dirname "$0")/../.." && pwd)"
build="$(cd "${1:-$src/build}" && pwd)"
seconds="${SECONDS_TO_RUN:-5}"
cmake --build "$build" --target annuaire geocode-bench >/dev/null
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

start=$(date +%s.%N)
"$build/annuaire" geocode --db "$out/index.db" --ban "$src/data/ban/adresses-75.csv.gz" > "$out/index.txt"
end=$(date +%s.%N)
sed -n '1,3p' "$out/index.txt"
awk -v s="$start" -v e="$end" 'BEGIN { printf "Paris BAN file indexed by `annuaire geocode --ban` in %.2f s (wall clock, whole command)\n", e - s }'

"$build/geocode-bench" prepare --ban "$src/data/ban/adresses-75.csv.gz" --cedex "$src/data/reference/cedex.csv.gz" \
  --header "$src/data/reference/rpps/PS_LibreAcces_Personne_activite.header.txt" \
  --out "$out" --per-kind 2000 >/dev/null
"$build/annuaire" import --db "$out/index.db" --no-progress "$out/extract.txt" > /dev/null
taskset -c 0 "$build/geocode-bench" speed --db "$out/index.db" --seconds "$seconds" --truth "$out/truth.tsv" 2>/dev/null \
  || "$build/geocode-bench" speed --db "$out/index.db" --seconds "$seconds" --truth "$out/truth.tsv"
