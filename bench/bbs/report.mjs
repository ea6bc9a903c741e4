// Prints the bench/bbs comparison: Signet's Google Benchmark JSON (argv[2]) against the Node
// anchors' JSON (argv[3]), all CPU microseconds per operation, with the issue-6 targets.

import {readFileSync} from 'node:fs';

const ours = {};
for (const b of JSON.parse(readFileSync(process.argv[2], 'utf8')).benchmarks) {
  if (b.run_type === 'aggregate' && b.aggregate_name !== 'median') continue;
  const scale = {ns: 1e-3, us: 1, ms: 1e3}[b.time_unit];
  ours[b.run_name ?? b.name] = b.cpu_time * scale;
}
const a = JSON.parse(readFileSync(process.argv[3], 'utf8'));
const blstPairing = a.blst_verify / 2;  // a BLS verify is about two pairings (one multi-pairing)
const rows = [
  ['pairing', ours.BM_Pairing, 'blst verify / 2', blstPairing, 2.5],
  ['BBS Sign (10 msgs)', ours.BM_BbsSign10, 'blst BLS verify', a.blst_verify, 1.0],
  ['BBS Verify (10 msgs)', ours.BM_BbsVerify10, 'blst BLS verify', a.blst_verify, null],
  ['BBS ProofGen (3 of 10)', ours.BM_BbsProofGen3of10, 'blst BLS verify', a.blst_verify, 1.5],
  ['BBS ProofVerify (3 of 10)', ours.BM_BbsProofVerify3of10, 'blst BLS verify', a.blst_verify, 2.0],
  ['BBS Sign (10 msgs)', ours.BM_BbsSign10, 'JS bbs sign', a.js_bbs_sign10, 1 / 30],
  ['BBS Verify (10 msgs)', ours.BM_BbsVerify10, 'JS bbs verify', a.js_bbs_verify10, 1 / 30],
  ['BBS ProofGen (3 of 10)', ours.BM_BbsProofGen3of10, 'JS deriveProof', a.js_bbs_proofgen3of10, 1 / 30],
  ['BBS ProofVerify (3 of 10)', ours.BM_BbsProofVerify3of10, 'JS verifyProof',
    a.js_bbs_proofverify3of10, 1 / 30],
];
const f = x => x.toFixed(1).padStart(10);
console.log(`anchors (CPU us/op): blst sign ${a.blst_sign.toFixed(1)}, blst verify ${a.blst_verify.toFixed(1)}`);
console.log('operation                   signet us   anchor                 anchor us   ratio   target');
let failures = 0;
for (const [name, us, anchor, them, target] of rows) {
  const ratio = us / them;
  const ok = target === null || ratio <= target;
  if (!ok) ++failures;
  const t = target === null ? '   -' : (target < 1 ? `<= 1/${Math.round(1 / target)}` : `<= ${target}x`);
  console.log(`${name.padEnd(26)}${f(us)}   ${anchor.padEnd(20)}${f(them)}  ${ratio.toFixed(3).padStart(6)}   ${t} ${ok ? 'ok' : 'MISSED'}`);
}
const pg = ours.BM_BbsProofGen3of10;
console.log(`ProofGen absolute: ${(pg / 1000).toFixed(2)} ms (budget 4 ms = 20 ms / 5) ${pg < 4000 ? 'ok' : 'MISSED'}`);
console.log(`${failures + (pg < 4000 ? 0 : 1)} target(s) missed`);
