// Prints the bench/credentials comparison: Signet's Google Benchmark JSON (argv[2]) against the
// JS anchors' JSON (argv[3]), CPU microseconds per operation, with the issue-5 targets:
// each operation <= 0.5x the JS peer, and verify+KB <= 1.3 x (2 x our Ed25519 verify).

import {readFileSync} from 'node:fs';

const ours = {};
for (const b of JSON.parse(readFileSync(process.argv[2], 'utf8')).benchmarks) {
  if (b.run_type === 'aggregate' && b.aggregate_name !== 'median') continue;
  const scale = {ns: 1e-3, us: 1, ms: 1e3}[b.time_unit];
  ours[b.run_name ?? b.name] = b.cpu_time * scale;
}
const a = JSON.parse(readFileSync(process.argv[3], 'utf8'));
const rows = [
  ['SD-JWT issue (10 SD claims)', ours.BM_SdJwtIssue10, 'sd-jwt-vc issue', a.js_sdjwt_issue10, 0.5],
  ['SD-JWT present 3/10 + KB', ours.BM_SdJwtPresent3of10Kb, 'sd-jwt-vc present', a.js_sdjwt_present3_kb, 0.5],
  ['SD-JWT verify + KB', ours.BM_SdJwtVerifyKb, 'sd-jwt-vc verify', a.js_sdjwt_verify_kb, 0.5],
  ['SD-JWT verify + KB', ours.BM_SdJwtVerifyKb, '2 x our Ed25519 vfy', 2 * ours.BM_Ed25519Verify, 1.3],
  ['PASETO v4.public sign', ours.BM_PasetoSign, 'paseto Sign', a.js_paseto_sign, 0.5],
  ['PASETO v4.public verify', ours.BM_PasetoVerify, 'paseto Verify', a.js_paseto_verify, 0.5],
  ['/verify body->verdict', ours.BM_VerifyEndpointSdJwt, '2 x our Ed25519 vfy', 2 * ours.BM_Ed25519Verify, null],
];
const f = x => x.toFixed(1).padStart(9);
console.log(`anchors (CPU us/op): our Ed25519 sign ${ours.BM_Ed25519Sign.toFixed(1)}, verify ` +
            `${ours.BM_Ed25519Verify.toFixed(1)}; node:crypto Ed25519 sign ${a.node_ed25519_sign.toFixed(1)}, ` +
            `verify ${a.node_ed25519_verify.toFixed(1)}`);
console.log('operation                    signet us   anchor                anchor us   ratio   target');
let failures = 0;
for (const [name, us, anchor, them, target] of rows) {
  const ratio = us / them;
  const ok = target === null || ratio <= target;
  if (!ok) ++failures;
  const t = target === null ? '   -' : `<= ${target}x`;
  console.log(`${name.padEnd(28)}${f(us)}   ${anchor.padEnd(20)}${f(them)}  ${ratio.toFixed(3).padStart(6)}   ${t} ${target === null ? '' : ok ? 'ok' : 'MISSED'}`);
}
console.log(`${failures} target(s) missed`);
