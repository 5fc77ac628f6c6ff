#!/usr/bin/env bash
# Installs the Debian 12 packages the project needs, only those missing.
# Usage: bash server/scripts/install-deps.sh [--with-browser] [--with-test-tools] [--with-fuzz]
#   --with-browser      the map page's tests: Chromium, Node.js, npm
#   --with-test-tools   the deployment tests (tests/deploy/): nginx, openssl, curl with HTTP/2,
#                       ss, systemd-analyze
#   --with-fuzz         the libFuzzer build (tests/fuzz/run.sh): Debian's clang and its
#                       sanitizer/fuzzer runtimes
set -euo pipefail
packages=(build-essential cmake pkg-config libpistache-dev libsqlite3-dev libgdal-dev libproj-dev
          libutf8proc-dev libsodium-dev nlohmann-json3-dev doctest-dev sqlite3 wrk zlib1g-dev)
for option in "$@"; do
  case "$option" in
    --with-browser) packages+=(chromium nodejs npm) ;;
    --with-test-tools) packages+=(nginx openssl curl iproute2 systemd) ;;
    --with-fuzz) packages+=(clang libclang-rt-14-dev) ;;
    *) echo "install-deps.sh: unknown option $option" >&2; exit 2 ;;
  esac
done
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
