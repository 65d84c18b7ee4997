#!/usr/bin/env bash
# First command of the README: install what is missing, build, and start the app.
# Arguments go to slipway (a project folder, or a headless command).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${SLIPWAY_BUILD_DIR:-$root/build}
"$root/scripts/build.sh"
exec "$build_dir/bin/slipway" "$@"
