#!/usr/bin/env bash
# Accuracy of the offline geocoder on real BAN rows (Paris, data/ban/adresses-75.csv.gz).
#
#   tests/bench/geocode-accuracy.sh [BUILD_DIR]        (default BUILD_DIR: ./build)
#
# Samples PER_KIND (default 2000) real addresses per noise kind, writes them the RPPS
# way into a 56-column extract — split street type, upper case, B/BIS, T/TER — with one
# noise kind each. Those of issue 2: rpps_style (nothing more), abbreviations (ST, GAL,
# DR… and the bare type code), typo (one letter replaced, dropped, added or swapped),
# no_insee (no commune code: postcode + town or only the Bureau cedex), missing_number
# (the house number is removed from the BAN index). Those of issue 8: city_code (75056,
# Paris as a whole), number_suffix ("12B", "12 BIS", "12-14"), missing_type (no street
# type), street_noise (floor, building, staircase, residence, BP/CS, a remark in
# brackets after the name), wrong_postcode (a neighbouring arrondissement's postcode, no
# INSEE code), cedex_label (a CEDEX code, half from data/reference/cedex.csv.gz, half
# unknown to it, with "PARIS CEDEX 07" as the town). Then runs the real path —
# `annuaire import`, `annuaire geocode --ban` — and prints, per kind, the share of sites
# within 30 m of the true BAN position, the median error, the "silent" misses (a house
# number placed more than 30 m off without low confidence), the sites placed outside the
# communes the address names first ("moved") and those of them whose record does not say
# why ("unexplained"), the precisions and the confidences.
# Sampled addresses have a standard repetition index and a postal street name (Paris
# lane codes such as "Voie AF/20" and suffixes such as "17v" never occur in the RPPS).
set -euo pipefail
src="$(cd "$(dirname "$0")/../.." && pwd)"
build="$(cd "${1:-$src/build}" && pwd)"
per_kind="${PER_KIND:-2000}"
seed="${SEED:-20240621}"
cmake --build "$build" --target annuaire geocode-bench >/dev/null
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

"$build/geocode-bench" prepare --ban "$src/data/ban/adresses-75.csv.gz" --cedex "$src/data/reference/cedex.csv.gz" \
  --header "$src/data/reference/rpps/PS_LibreAcces_Personne_activite.header.txt" \
  --out "$out" --per-kind "$per_kind" --seed "$seed"
"$build/annuaire" import --db "$out/bench.db" --no-progress "$out/extract.txt" | sed -n '1,3p'
"$build/annuaire" geocode --db "$out/bench.db" --ban "$out/ban.csv"
echo
"$build/geocode-bench" compare --db "$out/bench.db" --truth "$out/truth.tsv" ${FAILURES:+--failures}
