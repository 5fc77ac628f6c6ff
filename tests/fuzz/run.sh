#!/usr/bin/env bash
# Runs the libFuzzer targets of tests/fuzz/ for a set time each, and prints per target
# the executions, exec/s, corpus and whether it crashed.
#
#   tests/fuzz/run.sh BUILD_DIR SECONDS [TARGET...]
#
# BUILD_DIR is a fuzz build (configured here with clang and -DANNUAIRE_FUZZ=ON if it does
# not exist yet); the targets are built if needed. TARGET is one of the names below
# (default: all). JOBS=2 runs two targets at a time (default 1: the machine is shared).
# Each target runs single-process under `nice -n 19`, from the checked-in corpus
# (tests/fuzz/corpus/TARGET) and regression inputs (tests/fuzz/regressions/TARGET); what it
# finds goes to BUILD_DIR/fuzz-work/TARGET/corpus (kept between runs, never to the
# checked-in corpus), crashes to BUILD_DIR/fuzz-work/TARGET/artifacts/. Every run is
# added to BUILD_DIR/fuzz-work/TARGET/history.tsv, whose totals are printed too.
# Exit status: 0 when no target crashed.
set -euo pipefail

all_targets=(percent_decode query_string request_head rpps_line ban_rows declarations)
if (($# < 2)) || ! [[ "$2" =~ ^[0-9]+$ ]]; then
  echo "usage: $0 BUILD_DIR SECONDS [TARGET...]   (targets: ${all_targets[*]})" >&2
  exit 2
fi
build_dir=$1
seconds=$2
shift 2
targets=("$@")
((${#targets[@]})) || targets=("${all_targets[@]}")
for target in "${targets[@]}"; do
  if [[ " ${all_targets[*]} " != *" $target "* ]]; then
    echo "$0: unknown target '$target' (targets: ${all_targets[*]})" >&2
    exit 2
  fi
done
jobs=${JOBS:-1}
fuzz_dir=$(cd "$(dirname "$0")" && pwd)
source_dir=$(cd "$fuzz_dir/../.." && pwd)

if [[ ! -f "$build_dir/CMakeCache.txt" ]]; then
  bash "$source_dir/server/scripts/install-deps.sh" --with-fuzz
  launcher=()
  command -v ccache > /dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  cmake -S "$source_dir" -B "$build_dir" -DANNUAIRE_FUZZ=ON -DCMAKE_CXX_COMPILER=clang++ \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo "${launcher[@]}"
elif ! grep -q '^ANNUAIRE_FUZZ:BOOL=ON$' "$build_dir/CMakeCache.txt"; then
  echo "$0: $build_dir is not a fuzz build (configure it with -DANNUAIRE_FUZZ=ON -DCMAKE_CXX_COMPILER=clang++," \
       "or give a new directory)" >&2
  exit 2
fi
build_targets=()
for target in "${targets[@]}"; do build_targets+=(--target "fuzz_$target"); done
nice cmake --build "$build_dir" -j"$(nproc)" "${build_targets[@]}"
build_dir=$(cd "$build_dir" && pwd)

# Runs one target; its libFuzzer output goes to work/TARGET/last-run.log.
run_target() {
  local target=$1
  local work="$build_dir/fuzz-work/$target"
  mkdir -p "$work/corpus" "$work/artifacts"
  # Inputs up to 4 KB (the seeds are smaller; a regression input may be larger, and is
  # replayed whole by CTest): longer ones slow the search more than they widen it.
  local options=(-max_total_time="$seconds" -max_len=4096 -print_final_stats=1 -timeout=10 -rss_limit_mb=2048
                 -artifact_prefix="$work/artifacts/")
  [[ -f "$fuzz_dir/dictionaries/$target.dict" ]] && options+=(-dict="$fuzz_dir/dictionaries/$target.dict")
  # The first directory receives new inputs: the scratch one, not the checked-in corpus.
  local corpora=("$work/corpus" "$fuzz_dir/corpus/$target")
  [[ -d "$fuzz_dir/regressions/$target" ]] && corpora+=("$fuzz_dir/regressions/$target")
  local status=0 started=$SECONDS
  nice -n 19 "$build_dir/fuzz/fuzz_$target" "${options[@]}" "${corpora[@]}" > "$work/last-run.log" 2>&1 || status=$?
  local executions rate elapsed
  executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/last-run.log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$work/last-run.log" | tail -1)
  elapsed=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$work/last-run.log" | tail -1)
  # A crash stops the run early, without "Done": count what the last status line says.
  [[ -n "$executions" ]] || executions=$(grep -o '^#[0-9]*' "$work/last-run.log" | tail -1 | tr -d '#')
  printf '%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "${elapsed:-$((SECONDS - started))}" "${executions:-0}" "$status" \
    >> "$work/history.tsv"
}

running=0
for target in "${targets[@]}"; do
  if ((running >= jobs)); then
    wait -n || true
    running=$((running - 1))
  fi
  echo "fuzzing $target for $seconds s..."
  run_target "$target" &
  running=$((running + 1))
done
wait

crashed=0
printf '\n%-15s %8s %12s %8s %7s %7s %10s %14s  %s\n' target seconds executions exec/s corpus cov total_s total_execs result
for target in "${targets[@]}"; do
  work="$build_dir/fuzz-work/$target"
  log="$work/last-run.log"
  IFS=$'\t' read -r _ elapsed executions status < <(tail -1 "$work/history.tsv")
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  # libFuzzer's last status line: "#N DONE cov: C ft: F corp: INPUTS/BYTES ..."
  status_line=$(grep -E '^#[0-9]+.*corp: ' "$log" | tail -1 || true)
  corpus=$(sed -n 's/.*corp: \([0-9]*\).*/\1/p' <<< "$status_line")
  coverage=$(sed -n 's/.*cov: \([0-9]*\).*/\1/p' <<< "$status_line")
  read -r total_seconds total_executions < <(awk -F'\t' '{s += $2; e += $3} END {print s, e}' "$work/history.tsv")
  result="ok"
  if [[ "$status" != 0 ]]; then
    crashed=1
    artifact=$(grep -o "Test unit written to [^ ]*" "$log" | tail -1 | sed 's/Test unit written to //')
    result="CRASHED (exit $status): ${artifact:-see $log}"
  fi
  printf '%-15s %8s %12s %8s %7s %7s %10s %14s  %s\n' "$target" "$elapsed" "$executions" "${rate:--}" \
    "${corpus:--}" "${coverage:--}" "$total_seconds" "$total_executions" "$result"
done
if ((crashed)); then
  echo
  echo "A crash: reproduce with BUILD_DIR/fuzz/fuzz_TARGET ARTIFACT; once fixed, copy the artifact to"
  echo "tests/fuzz/regressions/TARGET/ and add a test (tests/fuzz/README.md)."
fi
exit "$crashed"
