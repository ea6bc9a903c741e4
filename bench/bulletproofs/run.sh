#!/usr/bin/env bash
# Runs the Bulletproofs benchmarks and their speed anchor in one go and prints the ratios:
#   - bulletproofs_bench (Google Benchmark): 64-bit and 4x64 prove/verify, medians of 5 runs;
#   - anchor.mjs: the dalek-derived WASM build in @solana/zk-sdk, same operations, same machine.
# Ratios compare CPU time (the machine is shared; wall time is shown too). dalek's published
# u64-backend figures (3.5 GHz i7: prove 11.3 ms, verify 1.49 ms) are listed for reference.
#
#   bench/bulletproofs/run.sh [BUILD_DIR]      (default: build/ci; needs target bulletproofs_bench)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="${1:-$root/build/ci}"
bin="$build/bench/bulletproofs/bulletproofs_bench"
[[ -x "$bin" ]] || { echo "missing $bin: cmake --build $build --target bulletproofs_bench" >&2; exit 1; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

"$bin" --benchmark_filter='BM_(Prove|Verify)/64/(1|4)$' --benchmark_repetitions=5 \
  --benchmark_report_aggregates_only=true --benchmark_format=json >"$tmp/ours.json" 2>/dev/null
(cd "$root/bench" && node bulletproofs/anchor.mjs --seconds=3) >"$tmp/anchor.json"

node - "$tmp/ours.json" "$tmp/anchor.json" <<'JS'
const fs = require('fs');
const ours = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const anchor = JSON.parse(fs.readFileSync(process.argv[3], 'utf8'));
const median = (name) => {
  const b = ours.benchmarks.find((x) => x.run_name === name && x.aggregate_name === 'median');
  const scale = { ns: 1e-6, us: 1e-3, ms: 1, s: 1e3 }[b.time_unit];
  return { cpu: b.cpu_time * scale, wall: b.real_time * scale };
};
const rows = [
  ['prove 64', 'BM_Prove/64/1', 'prove_64x1', 0.3, 11.3],
  ['verify 64', 'BM_Verify/64/1', 'verify_64x1', 0.25, 1.49],
  ['prove 4x64', 'BM_Prove/64/4', 'prove_64x4', 0.3, null],
  ['verify 4x64', 'BM_Verify/64/4', 'verify_64x4', 0.25, null],
];
const f = (x) => x.toFixed(2).padStart(8);
console.log('operation     ours cpu ms (wall)   WASM cpu ms (wall)   ratio  target  vs dalek u64');
for (const [label, ourName, anchorName, target, dalek] of rows) {
  const o = median(ourName), a = anchor[anchorName];
  const ratio = o.cpu / a.cpu_ms;
  const vsDalek = dalek ? `${(o.cpu / dalek).toFixed(2)}x of ${dalek} ms` : '-';
  console.log(`${label.padEnd(12)} ${f(o.cpu)} (${f(o.wall)})   ${f(a.cpu_ms)} (${f(a.wall_ms)})` +
              `   ${ratio.toFixed(3)}  <=${target}  ${vsDalek}` + (ratio <= target ? '' : '  MISSED'));
}
console.log(`budget: 64-bit prove+verify must stay < 20 ms (200 ms with a 10x margin): ` +
            `${(median('BM_Prove/64/1').cpu + median('BM_Verify/64/1').cpu).toFixed(2)} ms`);
JS
