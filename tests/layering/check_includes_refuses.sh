#!/usr/bin/env bash
# The layering check can fail: on a small tree where the store includes a search header,
# geo includes a header of importer beside it, and search includes a file that is not
# there, check_includes.sh must exit 1 naming each file:line; on the same tree without
# them it must pass.
set -euo pipefail

check=$(cd "$(dirname "$0")" && pwd)/check_includes.sh
tree=$(mktemp -d)
trap 'rm -rf "$tree"' EXIT

mkdir -p "$tree"/core/store "$tree"/core/util "$tree"/geo "$tree"/importer "$tree"/search "$tree"/server/http
echo '#pragma once' >"$tree"/core/util/args.hpp
printf '#include "util/args.hpp"\n' >"$tree"/core/store/database.hpp
printf '#include "store/database.hpp"\n' >"$tree"/importer/territory.hpp
printf '#include "store/database.hpp"\n' >"$tree"/geo/projection.hpp
printf '#include "search/practice_index.hpp"\n#include "projection.hpp"\n' >"$tree"/search/practice_index.cpp
echo '#pragma once' >"$tree"/search/practice_index.hpp
printf '#include "search/practice_index.hpp"\n#include "util/args.hpp"\n' >"$tree"/server/http/router.cpp

if ! output=$("$check" "$tree"); then
    echo "check_includes.sh refused a well-layered tree:"
    echo "$output"
    exit 1
fi

printf '#include "util/args.hpp"\n#include "search/practice_index.hpp"\n' >"$tree"/core/store/database.hpp
printf '#include "store/database.hpp"\n#include "territory.hpp"\n' >"$tree"/geo/projection.hpp
printf '#include "search/practice_index.hpp"\n#include "search/missing.hpp"\n' >"$tree"/search/practice_index.cpp

status=0
output=$("$check" "$tree") || status=$?
echo "$output"
if ((status != 1)); then
    echo "check_includes.sh exited with $status on wrong includes, not 1"
    exit 1
fi
for expected in "core/store/database.hpp:2: core/store includes search/practice_index.hpp of search, a higher layer" \
                "geo/projection.hpp:2: geo includes importer/territory.hpp of importer, beside it" \
                "search/practice_index.cpp:2: includes \"search/missing.hpp\", which is not in the source tree"; do
    if ! grep -qF "$expected" <<<"$output"; then
        echo "missing from the report: $expected"
        exit 1
    fi
done
echo "check_includes.sh refuses each wrong include, naming file:line"
