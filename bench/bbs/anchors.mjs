// Speed anchors for bench/bbs/run.sh, measured in the same run as bbs_bench:
//   * native blst through @chainsafe/blst: BLS sign (min-pk: hash to G2 + G2 scalar mult) and
//     BLS verify (hash to G2 + a 2-pairing check);
//   * @digitalbazaar/bbs-signatures 3.0.0 (pure JS, noble curves): BBS sign / verify with 10
//     messages, deriveProof / verifyProof disclosing 3 of 10.
// Prints one JSON object: {name: microseconds per operation}.

import * as blst from '@chainsafe/blst';
import * as bbs from '@digitalbazaar/bbs-signatures';

const enc = new TextEncoder();

// cpuMicros is this process's CPU time (user + system) in microseconds. CPU time, like the CPU
// column of Google Benchmark, is less disturbed by other load on a shared machine than wall time.
function cpuMicros() {
  const u = process.cpuUsage();
  return u.user + u.system;
}

// time runs fn repeatedly for at least minMs of CPU time (after a warm-up) and returns CPU
// microseconds per call.
async function time(fn, minMs = 1500) {
  for (let i = 0; i < 3; ++i) await fn();
  let n = 0;
  const start = cpuMicros();
  let elapsed = 0;
  while (elapsed < minMs * 1e3) {
    await fn();
    ++n;
    elapsed = cpuMicros() - start;
  }
  return elapsed / n;
}

const out = {};
const sk = blst.SecretKey.fromKeygen(new Uint8Array(32).fill(7));
const pk = sk.toPublicKey();
const msg = enc.encode('blst anchor message');
const sig = sk.sign(msg);
if (!blst.verify(msg, pk, sig)) throw new Error('blst self-check failed');
out.blst_sign = await time(() => sk.sign(msg));
out.blst_verify = await time(() => blst.verify(msg, pk, sig));

const ciphersuite = bbs.CIPHERSUITES.BLS12381_SHA256;
const keys = await bbs.generateKeyPair({ciphersuite});
const header = enc.encode('bench-header');
const presentationHeader = enc.encode('bench-presentation-header');
const messages = Array.from({length: 10}, (_, i) => enc.encode(`message number ${i}`));
const idx = [0, 4, 8];
const signature = await bbs.sign({...keys, header, messages, ciphersuite});
const proof = await bbs.deriveProof({publicKey: keys.publicKey, signature, header, messages,
  presentationHeader, disclosedMessageIndexes: idx, ciphersuite});
const disclosedMessages = idx.map(i => messages[i]);
const fast = 1000;
out.js_bbs_sign10 = await time(() => bbs.sign({...keys, header, messages, ciphersuite}), fast);
out.js_bbs_verify10 = await time(() => bbs.verifySignature(
  {publicKey: keys.publicKey, signature, header, messages, ciphersuite}), fast);
out.js_bbs_proofgen3of10 = await time(() => bbs.deriveProof({publicKey: keys.publicKey,
  signature, header, messages, presentationHeader, disclosedMessageIndexes: idx, ciphersuite}),
fast);
out.js_bbs_proofverify3of10 = await time(() => bbs.verifyProof({publicKey: keys.publicKey,
  proof, header, presentationHeader, disclosedMessages, disclosedMessageIndexes: idx,
  ciphersuite}), fast);
console.log(JSON.stringify(out));
