#!/usr/bin/env bash
# Checks the systemd units of deploy/ as systemd itself reads them, without running systemd:
# `systemd-analyze verify` (syntax, unknown settings, the command exists) and
# `systemd-analyze security --offline` (how exposed each service is, 0 best, 10 worst); the
# server also with the drop-in that turns owner editing and the console on.
# Usage: systemd-units.sh ANNUAIRE_BINARY   (CTest: "deploy: ...")
set -euo pipefail

binary=${1:?usage: systemd-units.sh ANNUAIRE_BINARY}
source_dir=$(cd "$(dirname "$0")/../.." && pwd)
max_exposure=15   # tenths: 1.5, "OK" in systemd's words; both services are at 1.0 or less

command -v systemd-analyze >/dev/null ||
  { echo "missing: systemd-analyze (bash server/scripts/install-deps.sh --with-test-tools)" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The units as installed, the binary where this build put it (verify checks that it exists).
units=()
for unit in "$source_dir"/deploy/*.service "$source_dir"/deploy/*.path; do
  sed "s|/usr/local/bin/annuaire|$binary|g" "$unit" >"$work/$(basename "$unit")"
  units+=("$work/$(basename "$unit")")
done
((${#units[@]} == 3)) || { echo "expected 3 units in deploy/, found ${#units[@]}" >&2; exit 1; }

failures=0
# verify reports unknown or misspelt settings as warnings and still exits 0: any output fails.
if ! (cd "$work" && systemd-analyze verify --man=no "${units[@]}") >"$work/verify.out" 2>&1 || [[ -s $work/verify.out ]]; then
  echo "FAIL: systemd-analyze verify:"
  sed 's/^/    /' "$work/verify.out"
  failures=$((failures + 1))
else
  echo "ok:   systemd-analyze verify accepts ${units[*]##*/}"
fi

for service in annuaire.service annuaire-import.service; do
  if (cd "$work" && systemd-analyze security --offline=true --no-pager --threshold="$max_exposure" "./$service") >"$work/security.out" 2>&1; then
    echo "ok:   $service: $(grep -o 'exposure level.*' "$work/security.out")"
  else
    echo "FAIL: $service is more exposed than $((max_exposure / 10)).$((max_exposure % 10)):"
    grep -E '✗|Overall' "$work/security.out" | sed 's/^/    /'
    failures=$((failures + 1))
  fi
done

# The server with deploy/annuaire-console.conf as a drop-in, found through the unit path.
console="$work/console"
mkdir -p "$console/annuaire.service.d"
cp "$work/annuaire.service" "$console/"
sed "s|/usr/local/bin/annuaire|$binary|g" "$source_dir/deploy/annuaire-console.conf" >"$console/annuaire.service.d/console.conf"
if (cd "$console" && SYSTEMD_UNIT_PATH="$console:" systemd-analyze verify --man=no annuaire.service) >"$work/verify.out" 2>&1 &&
   [[ ! -s $work/verify.out ]] &&
   (cd "$console" && SYSTEMD_UNIT_PATH="$console:" systemd-analyze security --offline=true --no-pager --threshold="$max_exposure" annuaire.service) >"$work/security.out" 2>&1 &&
   grep -q 'static non-root user' "$work/security.out"; then
  echo "ok:   annuaire.service with annuaire-console.conf: $(grep -o 'exposure level.*' "$work/security.out")"
else
  echo "FAIL: annuaire.service with annuaire-console.conf:"
  cat "$work/verify.out" "$work/security.out" 2>/dev/null | grep -vE '^\s*✓' | sed 's/^/    /'
  failures=$((failures + 1))
fi

echo "$((4 - failures)) passed, $failures failed"
((failures == 0))
