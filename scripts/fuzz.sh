#!/usr/bin/env bash
# Coverage-guided fuzzing of every target in tests/fuzz with libFuzzer (clang, ASan, UBSan).
# Usage: scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET_NAME_FILTER]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-60}
filter=${2:-}
build_dir=${SLIPWAY_FUZZ_BUILD_DIR:-$root/build-fuzz}

"$root/scripts/install-deps.sh"
# clang 16, not Debian's default 14: libstdc++ 12's <expected> needs C++20 concepts support as
# clang 16 has it, though clang 16 still reports an older __cpp_concepts value, which is
# raised below so that <expected> is usable (the engine's errors are std::expected values).
for package in clang-16 libclang-rt-16-dev; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' \
        || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package" >/dev/null; }
done
CC=clang-16 CXX=clang++-16 cmake -S "$root" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_FLAGS="-Wno-builtin-macro-redefined -D__cpp_concepts=202002L" \
    -DSLIPWAY_FUZZ=ON -DSLIPWAY_BUILD_TESTS=OFF >/dev/null
targets=$(sed -n 's/^ *slipway_add_fuzzer(\(fuzz_[a-z0-9_]*\).*/\1/p' "$root/tests/fuzz/CMakeLists.txt" | grep -- "$filter" || true)
[ -n "$targets" ] || { echo "no fuzz targets match '$filter'"; exit 2; }
cmake --build "$build_dir" --target $targets
failed=0
for target in $targets; do
    corpus="$build_dir/corpus/$target"
    mkdir -p "$corpus" "$build_dir/crashes"
    echo "== $target for ${seconds}s"
    if ! "$build_dir/fuzz/$target" -max_total_time="$seconds" -print_final_stats=1 \
        -artifact_prefix="$build_dir/crashes/$target-" "$corpus" "$root/tests/fuzz/corpus/$target" \
        >"$build_dir/$target.log" 2>&1; then
        failed=1
        grep -E 'ERROR|SUMMARY|Test unit written' "$build_dir/$target.log" || tail -20 "$build_dir/$target.log"
    fi
    grep -E 'stat::number_of_executed_units' "$build_dir/$target.log" || true
done
exit $failed
