#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Shared set-up for ./scripts/run and ./scripts/test: install the Debian packages that are missing,
# configure once, build incrementally. Sourced, not run.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${EXPRESSROUTE_BUILD_DIR:-$ROOT/build}"
# ccache: CMakeLists.txt runs it with paths relative to the tree, so that checkouts share it.

# Debian packages the build, the tests and the analysis need (see doc/ and ns3-debian notes in README).
ER_PACKAGES=(
  build-essential cmake ccache git pkg-config
  libns3-dev ns3 libgsl-dev libsqlite3-dev libxml2-dev libpython3.11-dev
  libboost-graph-dev nlohmann-json3-dev googletest libgtest-dev
  tshark
  iproute2 bird2 frr
  python3 python3-pandas python3-numpy python3-matplotlib python3-pytest python3-jsonschema
)

er_install_packages() {
  local missing=()
  for p in "${ER_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if ((${#missing[@]})); then
    echo "setup: installing missing Debian packages: ${missing[*]}"
    local SUDO=""
    [[ $(id -u) -ne 0 ]] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

# Extra CMake options of the first configure (scripts/test --sanitize sets them).
ER_CMAKE_ARGS=("${ER_CMAKE_ARGS[@]+"${ER_CMAKE_ARGS[@]}"}")

er_build() {
  local jobs
  jobs="$(nproc)"
  if [[ ! -f "$BUILD/CMakeCache.txt" ]]; then
    cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      ${ER_CMAKE_ARGS[@]+"${ER_CMAKE_ARGS[@]}"} >/dev/null
  fi
  cmake --build "$BUILD" -j "$jobs" -- --no-print-directory
}

# The Python interpreter that has Debian's modules (the first python3 on PATH may not).
er_python() {
  if /usr/bin/python3 -c 'import pandas, matplotlib' 2>/dev/null; then
    echo /usr/bin/python3
  else
    echo python3
  fi
}
