#!/usr/bin/env bash
# Runs the credentials benchmarks and their JS anchors in one go and prints the ratios:
#   bench/credentials/run.sh [build-dir]
# The build dir (default build/release-bench) is configured as RelWithDebInfo -O2 (no
# -march=native) if it does not exist yet. Needs node and bench/node_modules (npm ci in bench/).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="${1:-$root/build/release-bench}"
if [[ ! -f "$build/CMakeCache.txt" ]]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g1" -DSIGNET_BUILD_TESTS=OFF >/dev/null
fi
cmake --build "$build" --target credentials_bench -j2 >/dev/null
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
"$build/bench/credentials/credentials_bench" --benchmark_min_time=1 --benchmark_repetitions=3 \
  --benchmark_format=json >"$tmp/ours.json"
node "$root/bench/credentials/anchors.mjs" >"$tmp/anchors.json"
node "$root/bench/credentials/report.mjs" "$tmp/ours.json" "$tmp/anchors.json"
