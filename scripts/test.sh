#!/usr/bin/env bash
# Second command of the README: install what is missing, build, and run the whole suite
# inside a private D-Bus session with an unlocked gnome-keyring and the offscreen platform.
#   SLIPWAY_SANITIZE=1 scripts/test.sh   builds into build-asan/ with ASan+UBSan and runs there.
# Extra arguments go to ctest (e.g. -R metadata, -L core).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
configure=()
if [ -n "${SLIPWAY_SANITIZE:-}" ]; then
    export SLIPWAY_BUILD_DIR=${SLIPWAY_BUILD_DIR:-$root/build-asan}
    configure+=(-DSLIPWAY_SANITIZE=ON)
    export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=1}
    export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
fi
build_dir=${SLIPWAY_BUILD_DIR:-$root/build}
"$root/scripts/build.sh" -DSLIPWAY_BUILD_TESTS=ON "${configure[@]}"
export QT_QPA_PLATFORM=offscreen
exec "$root/scripts/with-test-session.sh" \
    ctest --test-dir "$build_dir" --output-on-failure -j"$(nproc)" "$@"
