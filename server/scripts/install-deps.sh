#!/usr/bin/env bash
# Installs the Debian 12 packages the project needs, only those missing.
# Usage: bash server/scripts/install-deps.sh [--with-browser] [--with-fuzz]
set -euo pipefail
packages=(build-essential cmake pkg-config libpistache-dev libsqlite3-dev libgdal-dev libproj-dev
          nlohmann-json3-dev doctest-dev sqlite3 wrk zlib1g-dev)
if [[ "${1:-}" == "--with-browser" ]]; then packages+=(chromium nodejs npm); fi
# The libFuzzer build (tests/fuzz/run.sh): Debian's clang and its sanitizer/fuzzer runtimes.
if [[ " $* " == *" --with-fuzz "* ]]; then packages+=(clang libclang-rt-14-dev); fi
missing=()
for package in "${packages[@]}"; do
  # nodejs/npm may come from elsewhere on the machine: a working binary is enough.
  if [[ "$package" == nodejs && -x "$(command -v node)" ]]; then continue; fi
  if [[ "$package" == npm && -x "$(command -v npm)" ]]; then continue; fi
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
  echo "Installing: ${missing[*]}"
  sudo_cmd=()
  [[ $(id -u) -ne 0 ]] && sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install --no-install-recommends -y "${missing[@]}"
fi
