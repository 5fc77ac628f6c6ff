#!/usr/bin/env bash
# The layering of the sources, checked: every #include "..." of core/, geo/, importer/,
# search/ and server/ must reach its own folder or a lower layer, never a higher one nor a
# folder beside it. Fails naming file:line and both layers. Run by CTest (tests/CMakeLists.txt).
#
# Usage: check_includes.sh [SOURCE_DIR]   (default: the repository this script is in)
set -euo pipefail

root=$(cd "${1:-$(dirname "$0")/../..}" && pwd)

# The layers, lowest first; the folders of one line are side by side and include none of
# each other. A folder is a module: the longest folder that holds a file is its module.
layers=(
    "core/util core/text core/model"
    "core/reference"
    "core/store"
    "geo importer"
    "core/owner"
    "search"
    "server"
)
# Where a quoted include is looked for after the including file's own folder: the include
# roots the CMake targets give (core/, geo/, importer/, server/, and the repository root
# for "search/...").
include_roots=(core geo importer server .)

declare -A rank_of
for i in "${!layers[@]}"; do
    for module in ${layers[$i]}; do rank_of[$module]=$i; done
done

# The module of a path relative to the root, or nothing when it is in no layer.
module_of() {
    local path=$1 best="" module
    for module in "${!rank_of[@]}"; do
        if [[ $path == "$module"/* && ${#module} -gt ${#best} ]]; then best=$module; fi
    done
    printf '%s' "$best"
}

# The file an include names, relative to the root, as the compiler finds it; nothing when
# it is not in the tree.
resolve() {
    local from_dir=$1 name=$2 dir
    for dir in "$from_dir" "${include_roots[@]}"; do
        if [[ -f $root/$dir/$name ]]; then
            if [[ $dir/$name == */../* || $dir/$name == ../* ]]; then
                realpath -m --relative-to="$root" "$root/$dir/$name"
            else
                local path=$dir/$name
                printf '%s' "${path#./}"
            fi
            return
        fi
    done
}

sources=()
for dir in core geo importer search server; do
    [[ -d $root/$dir ]] && sources+=("$root/$dir")
done
if ((${#sources[@]} == 0)); then
    echo "check_includes: none of core/ geo/ importer/ search/ server/ under $root: wrong source directory?"
    exit 1
fi

problems=0
checked=0
while IFS= read -r -d '' file; do
    rel=${file#"$root"/}
    module=$(module_of "$rel")
    [[ -n $module ]] || continue
    rank=${rank_of[$module]}
    while IFS= read -r hit; do
        line=${hit%%:*}
        [[ ${hit#*:} =~ \"([^\"]*)\" ]] && name=${BASH_REMATCH[1]}
        checked=$((checked + 1))
        target=$(resolve "${rel%/*}" "$name")
        if [[ -z $target ]]; then
            echo "$rel:$line: includes \"$name\", which is not in the source tree: its layer cannot be checked"
            problems=$((problems + 1))
            continue
        fi
        target_module=$(module_of "$target")
        if [[ -z $target_module ]]; then
            echo "$rel:$line: includes $target, which belongs to no layer ($module may include only the layers below it)"
            problems=$((problems + 1))
            continue
        fi
        [[ $target_module == "$module" ]] && continue
        target_rank=${rank_of[$target_module]}
        if ((target_rank > rank)); then
            echo "$rel:$line: $module includes $target of $target_module, a higher layer: move the code, not the rule"
            problems=$((problems + 1))
        elif ((target_rank == rank)); then
            echo "$rel:$line: $module includes $target of $target_module, beside it in the same layer: they must not depend on each other"
            problems=$((problems + 1))
        fi
    done < <(grep -nE '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$file" || true)
done < <(find "${sources[@]}" -type f \( -name '*.cpp' -o -name '*.hpp' -o -name '*.h' \) -print0 | sort -z)

if ((checked == 0)); then
    echo "check_includes: no include found under $root: wrong source directory?"
    exit 1
fi
if ((problems > 0)); then
    order=$(printf ' < %s' "${layers[@]}")
    echo "check_includes: $problems include(s) against the layers (lowest first: ${order# < })"
    exit 1
fi
echo "check_includes: $checked includes, every one to its own folder or a lower layer"
