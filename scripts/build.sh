#!/usr/bin/env bash
# Installs what is missing, configures and builds Slipway into build/ (or $SLIPWAY_BUILD_DIR).
# Extra arguments go to CMake's configure step, e.g. -DSLIPWAY_SANITIZE=ON.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${SLIPWAY_BUILD_DIR:-$root/build}

"$root/scripts/install-deps.sh"
cmake -S "$root" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE="${SLIPWAY_BUILD_TYPE:-RelWithDebInfo}" "$@" >/dev/null
cmake --build "$build_dir" -- -j"$(nproc)" | grep -vE '^\[[0-9]+/[0-9]+\] ' || true
test -x "$build_dir/bin/slipway"
