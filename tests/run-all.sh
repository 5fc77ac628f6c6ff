#!/usr/bin/env bash
# Installs what is missing, builds from scratch in build-test/, runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash server/scripts/install-deps.sh --with-browser --with-test-tools
# The map page: its packages as locked, then the build into web/dist (the tests build it again).
(cd web && npm ci --no-audit --no-fund --silent && npm run --silent build)
build_dir=${BUILD_DIR:-build-test}
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=Release
cmake --build "$build_dir" -j"$(nproc)"
cd "$build_dir"
ctest --output-on-failure -j"$(nproc)"
