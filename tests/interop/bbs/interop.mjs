// BBS interop driver: Signet (through bbs_interop_tool) against @digitalbazaar/bbs-signatures
// 3.0.0, both directions, valid and tampered cases. Usage: node interop.mjs <path to tool>.
// Prints one line per check and a final "N passed, M failed"; exits 1 on any failure.

import {execFileSync} from 'node:child_process';
import * as bbs from '@digitalbazaar/bbs-signatures';

const tool = process.argv[2];
if (!tool) throw new Error('usage: node interop.mjs <bbs_interop_tool>');
const ciphersuite = bbs.CIPHERSUITES.BLS12381_SHA256;
const enc = new TextEncoder();
const hex = b => Buffer.from(b).toString('hex');
const unhex = s => new Uint8Array(Buffer.from(s.trim(), 'hex'));
const list = xs => xs.length ? xs.map(hex).join(',') : '_';

// run calls the tool; returns {ok, out} (ok = exit status 0).
function run(...args) {
  try {
    return {ok: true, out: execFileSync(tool, args, {encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']})};
  } catch (e) {
    if (e.status !== 1) throw new Error(`tool failed (${e.status}): ${e.stderr}`);
    return {ok: false, out: ''};
  }
}

let passed = 0, failed = 0;
function check(name, cond) {
  if (cond) { ++passed; console.log(`ok   ${name}`); } else { ++failed; console.log(`FAIL ${name}`); }
}
function flip(bytes, i) { const c = new Uint8Array(bytes); c[i] ^= 1; return c; }

const header = enc.encode('signet-interop-header');
const ph = enc.encode('signet-interop-presentation');
const messages = Array.from({length: 10}, (_, i) => enc.encode(`attribute ${i}: value ${i * 7}`));
messages.push(new Uint8Array(0));  // an empty message too
const idx = [0, 3, 7, 10];
const disclosed = idx.map(i => messages[i]);

// Keys: Signet derives; the peer derives its own.
const [skHex, pkHex] = run('keygen', hex(enc.encode('k'.repeat(32)))).out.trim().split(' ');
const sk = unhex(skHex), pk = unhex(pkHex);
check('peer derives the same public key from the Signet secret key',
  hex(await bbs.secretKeyToPublicKey({secretKey: sk, ciphersuite})) === pkHex);
const peer = await bbs.generateKeyPair({ciphersuite});

// 1. Signet signs -> peer verifies; tampering rejected by the peer.
const sig = unhex(run('sign', skHex, pkHex, hex(header), list(messages)).out);
const peerSig = await bbs.sign({secretKey: sk, publicKey: pk, header, messages, ciphersuite});
check('Signet signature equals the peer signature byte for byte', hex(sig) === hex(peerSig));
check('peer verifies Signet signature',
  await bbs.verifySignature({publicKey: pk, signature: sig, header, messages, ciphersuite}));
check('peer rejects Signet signature with flipped bit', !(await bbs.verifySignature(
  {publicKey: pk, signature: flip(sig, 60), header, messages, ciphersuite}).catch(() => false)));
check('peer rejects Signet signature over other header', !(await bbs.verifySignature(
  {publicKey: pk, signature: sig, header: enc.encode('x'), messages, ciphersuite})));

// 2. Peer signs -> Signet verifies; tampering rejected by Signet.
const psig = await bbs.sign({...peer, header, messages, ciphersuite});
check('Signet verifies peer signature',
  run('verify', hex(peer.publicKey), hex(psig), hex(header), list(messages)).ok);
check('Signet rejects peer signature with flipped bit',
  !run('verify', hex(peer.publicKey), hex(flip(psig, 5)), hex(header), list(messages)).ok);
const swapped = [messages[1], messages[0], ...messages.slice(2)];
check('Signet rejects peer signature over reordered messages',
  !run('verify', hex(peer.publicKey), hex(psig), hex(header), list(swapped)).ok);
check('Signet rejects peer signature under the wrong key',
  !run('verify', pkHex, hex(psig), hex(header), list(messages)).ok);

// 3. Signet ProofGen -> peer verifyProof.
const proof = unhex(run('proofgen', hex(peer.publicKey), hex(psig), hex(header), hex(ph),
  list(messages), idx.join(',')).out);
const pv = (p, extra = {}) => bbs.verifyProof({publicKey: peer.publicKey, proof: p, header,
  presentationHeader: ph, disclosedMessages: disclosed, disclosedMessageIndexes: idx,
  ciphersuite, ...extra}).catch(() => false);
check('peer verifies Signet proof', await pv(proof));
check('peer rejects Signet proof with flipped bit', !(await pv(flip(proof, proof.length - 40))));
check('peer rejects Signet proof with other presentation header',
  !(await pv(proof, {presentationHeader: enc.encode('other')})));
check('peer rejects Signet proof with a modified disclosed message',
  !(await pv(proof, {disclosedMessages: [enc.encode('forged'), ...disclosed.slice(1)]})));

// 4. Peer deriveProof -> Signet ProofVerify.
const pproof = await bbs.deriveProof({publicKey: peer.publicKey, signature: psig, header,
  messages, presentationHeader: ph, disclosedMessageIndexes: idx, ciphersuite});
const sv = (p, d = disclosed, h = ph) => run('proofverify', hex(peer.publicKey), hex(p), hex(header),
  hex(h), list(d), idx.join(',')).ok;
check('Signet verifies peer proof', sv(pproof));
check('Signet rejects peer proof with flipped bit', !sv(flip(pproof, 100)));
check('Signet rejects peer proof with other presentation header', !sv(pproof, disclosed, enc.encode('o')));
check('Signet rejects peer proof with a modified disclosed message',
  !sv(pproof, [enc.encode('forged'), ...disclosed.slice(1)]));
check('Signet rejects truncated peer proof', !sv(pproof.subarray(0, pproof.length - 32)));

// 5. Zero and full disclosure both ways.
for (const ids of [[], messages.map((_, i) => i)]) {
  const d = ids.map(i => messages[i]);
  const p1 = unhex(run('proofgen', hex(peer.publicKey), hex(psig), hex(header), hex(ph),
    list(messages), ids.length ? ids.join(',') : '_').out);
  check(`peer verifies Signet proof disclosing ${ids.length}`, await bbs.verifyProof({
    publicKey: peer.publicKey, proof: p1, header, presentationHeader: ph, disclosedMessages: d,
    disclosedMessageIndexes: ids, ciphersuite}));
  const p2 = await bbs.deriveProof({publicKey: peer.publicKey, signature: psig, header, messages,
    presentationHeader: ph, disclosedMessageIndexes: ids, ciphersuite});
  check(`Signet verifies peer proof disclosing ${ids.length}`, run('proofverify',
    hex(peer.publicKey), hex(p2), hex(header), hex(ph), list(d), ids.length ? ids.join(',') : '_').ok);
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
