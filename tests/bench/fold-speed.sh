#!/usr/bin/env bash
# Throughput of text::fold, the normaliser every indexed text and every query goes through
# (server start folds about 5 M texts for a national database).
#
#   tests/bench/fold-speed.sh [BUILD_DIR] [EXTRACT]
#       BUILD_DIR  default ./build (fold-bench is built there)
#       EXTRACT    an RPPS extract; default the national one import-national.sh caches in
#                  /tmp/annuaire-bench when there is one, else the m2A sample
#
# Prints strings/s and MB/s (CPU time of the folding thread, fastest of 5 runs) for the
# texts as written, decomposed (NFD), and for the non-ASCII ones alone.
set -euo pipefail
src="$(cd "$(dirname "$0")/../.." && pwd)"
build="$(cd "${1:-$src/build}" && pwd)"
extract="${2:-}"
if [[ -z "$extract" ]]; then
  extract="$(ls /tmp/annuaire-bench/national-*.txt 2>/dev/null | head -1 || true)"
  [[ -n "$extract" ]] || extract="$src/data/sample/PS_LibreAcces_Personne_activite_m2a_sample.txt"
fi
cmake --build "$build" --target fold-bench >/dev/null
echo "extract: $extract"
"$build/fold-bench" "$extract"
