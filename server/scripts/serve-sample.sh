#!/usr/bin/env bash
# Installs what is missing, builds the server and the map page (web/dist), imports the
# bundled m2A sample (extract, generated BAN addresses, generated declarations) and serves
# the map. Tiles: set TILES (and TILES_ATTRIBUTION) to a tile URL, e.g.
#   TILES='https://tile.openstreetmap.org/{z}/{x}/{y}.png' TILES_ATTRIBUTION='© OpenStreetMap' bash server/scripts/serve-sample.sh
# without them the page draws its offline base map of commune contours.
# Usage: bash server/scripts/serve-sample.sh [PORT]   (default 8080)
set -euo pipefail
cd "$(dirname "$0")/../.."
port=${1:-8080}
bash server/scripts/install-deps.sh --with-browser
(cd web && npm ci --no-audit --no-fund --silent && npm run --silent build)
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release
cmake --build build -j"$(nproc)" --target annuaire
db=build/m2a-sample.db
rm -f "$db" "$db-wal" "$db-shm" "$db.index"
build/annuaire import --db "$db" --territory data/territories/m2a.json \
  data/sample/PS_LibreAcces_Personne_activite_m2a_sample.txt
build/annuaire geocode --db "$db" --ban data/sample/adresses-68-m2a-generated.csv.gz
build/annuaire declare --db "$db" data/sample/declarations-m2a-generated.json
echo "Open http://127.0.0.1:$port/ (Ctrl-C to stop)"
tiles=()
[[ -n ${TILES:-} ]] && tiles=(--tiles "$TILES" --tiles-attribution "${TILES_ATTRIBUTION:-}")
exec build/annuaire serve --db "$db" --port "$port" --web web/dist "${tiles[@]}"
