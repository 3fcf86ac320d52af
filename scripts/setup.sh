#!/usr/bin/env bash
# Installs what H4H Studio needs on Debian 12 (only the missing packages, with one
# apt-get update before), then configures and builds incrementally in ./build.
# Sourced by scripts/demo.sh and scripts/test.sh; safe to run again. H4H_BUILD_TARGETS
# (space-separated) builds only those targets (demo.sh: the two programs, not the tests).
set -euo pipefail

H4H_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$H4H_ROOT/scripts/ccache_env.sh"
H4H_BUILD="${H4H_BUILD:-$H4H_ROOT/build}"

H4H_PACKAGES=(
  cmake ninja-build g++ ccache pkg-config
  qt6-base-dev qt6-base-dev-tools libgl-dev
  libqcustomplot-dev
  libtorch-dev libopenblas0-pthread libgloo-dev
  python3-torch  # runs an exported model.py in tests (test_export_python) and bench/python_replica.py
  nlohmann-json3-dev zlib1g-dev
  libjpeg62-turbo-dev libpng-dev
  dataset-fashion-mnist
  xvfb xauth
)

h4h_missing_packages() {
  local pkg missing=()
  for pkg in "${H4H_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  echo "${missing[@]:-}"
}

h4h_install() {
  local missing
  missing="$(h4h_missing_packages)"
  [ -z "$missing" ] && return 0
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "h4h setup: installing $missing" >&2
  $sudo apt-get update -qq
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >&2
}

h4h_build() {
  if [ ! -f "$H4H_BUILD/build.ninja" ]; then
    cmake -S "$H4H_ROOT" -B "$H4H_BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release >&2
  fi
  # shellcheck disable=SC2086
  cmake --build "$H4H_BUILD" -j"$(nproc)" ${H4H_BUILD_TARGETS:+--target $H4H_BUILD_TARGETS} >&2
}

h4h_install
h4h_build
