// Speed anchor for bench/bulletproofs: the dalek-derived WASM range proofs of @solana/zk-sdk
// (BatchedRangeProofU64Data = one 64-bit proof; BatchedRangeProofU256Data with four 64-bit
// commitments = a 4 x 64 aggregated proof). Prints one JSON object with median milliseconds
// (wall clock and process CPU time) per operation.
//
//   node bench/bulletproofs/anchor.mjs [--seconds=S]

import * as zk from '@solana/zk-sdk/node';

const seconds = Number((process.argv.find((a) => a.startsWith('--seconds=')) ?? '--seconds=3')
  .split('=')[1]);

function commitments(m) {
  const openings = [], comms = [], amounts = new BigUint64Array(m);
  for (let j = 0; j < m; j++) {
    amounts[j] = BigInt(1000003 * (j + 1)) * 4294967311n % (1n << 64n);
    openings.push(new zk.PedersenOpening());
    comms.push(zk.PedersenCommitment.from(amounts[j], openings[j]));
  }
  return { openings, comms, amounts, bits: new Uint8Array(m).fill(64) };
}

function prove(m, c) {
  return m === 1
    ? new zk.BatchedRangeProofU64Data(c.comms, c.amounts, c.bits, c.openings)
    : new zk.BatchedRangeProofU256Data(c.comms, c.amounts, c.bits, c.openings);
}

// measure runs fn(setup()) repeatedly for about `seconds` (after a warm-up) and returns median
// times of fn alone. wasm-bindgen moves the commitment/opening objects into the prover, so
// proving needs fresh inputs per call; their creation is not timed.
function measure(fn, setup = () => undefined) {
  for (let i = 0; i < 3; i++) fn(setup());
  const wall = [], cpu = [];
  const deadline = performance.now() + seconds * 1000;
  while (performance.now() < deadline || wall.length < 5) {
    const input = setup();
    const c0 = process.cpuUsage(), t0 = performance.now();
    fn(input);
    const t1 = performance.now(), c1 = process.cpuUsage(c0);
    wall.push(t1 - t0);
    cpu.push((c1.user + c1.system) / 1000);
  }
  const median = (xs) => xs.sort((a, b) => a - b)[xs.length >> 1];
  return { wall_ms: median(wall), cpu_ms: median(cpu), iterations: wall.length };
}

const out = {};
for (const m of [1, 4]) {
  const c = commitments(m);
  const proof = prove(m, c);
  proof.verify();  // throws if the anchor itself is broken
  out[`prove_64x${m}`] = measure((input) => prove(m, input).free(), () => commitments(m));
  out[`verify_64x${m}`] = measure(() => proof.verify());
}
console.log(JSON.stringify(out));
