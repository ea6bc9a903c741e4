// SD-JWT VC interop driver: Signet (through sdjwt_interop_tool) against @sd-jwt/sd-jwt-vc 0.19.0
// with Ed25519 done through node:crypto signer/verifier callbacks (the package's crypto helper
// has no EdDSA). Both directions, key binding, nested/array/recursive disclosures, decoys, status
// lists, ES256 from the peer, and tampered cases that both sides must reject.
// Usage: node interop.mjs <sdjwt_interop_tool>. Prints one line per check; exits 1 on failure.

import {execFileSync} from 'node:child_process';
import * as crypto from 'node:crypto';
import {SDJwtVcInstance} from '@sd-jwt/sd-jwt-vc';
import {digest, generateSalt, ES256} from '@sd-jwt/crypto-nodejs';
import {StatusList, createHeaderAndPayload} from '@sd-jwt/jwt-status-list';

const tool = process.argv[2];
if (!tool) throw new Error('usage: node interop.mjs <sdjwt_interop_tool>');

function run(cmd, request) {
  const out = execFileSync(tool, [cmd], {input: JSON.stringify(request), encoding: 'utf8'});
  return JSON.parse(out);
}

let passed = 0, failed = 0;
function check(name, cond, detail = '') {
  if (cond) { ++passed; console.log(`ok   ${name}`); } else { ++failed; console.log(`FAIL ${name} ${detail}`); }
}
async function rejects(promise) {
  try { await promise; return false; } catch { return true; }
}

// Ed25519 keys from seeds, so both sides hold the same key pair.
const PKCS8_ED25519 = Buffer.from('302e020100300506032b657004220420', 'hex');
function ed25519(seedHex) {
  const privateKey = crypto.createPrivateKey({key: Buffer.concat([PKCS8_ED25519, Buffer.from(seedHex, 'hex')]),
                                              format: 'der', type: 'pkcs8'});
  const publicKey = crypto.createPublicKey(privateKey);
  const jwk = publicKey.export({format: 'jwk'});
  return {seed: seedHex, privateKey, publicKey, jwk: {kty: jwk.kty, crv: jwk.crv, x: jwk.x}};
}
const edSigner = key => async data => crypto.sign(null, Buffer.from(data), key.privateKey).toString('base64url');
const edVerifier = key => async (data, sig) =>
  crypto.verify(null, Buffer.from(data), key.publicKey, Buffer.from(sig, 'base64url'));
// The KB verifier takes the holder key from the verified credential's cnf.jwk.
const cnfVerifier = async (data, sig, payload) => {
  const jwk = payload?.cnf?.jwk;
  if (!jwk) return false;
  const key = crypto.createPublicKey({key: jwk, format: 'jwk'});
  const alg = jwk.kty === 'EC' ? 'sha256' : null;
  const opts = jwk.kty === 'EC' ? {key, dsaEncoding: 'ieee-p1363'} : key;
  return crypto.verify(alg, Buffer.from(data), opts, Buffer.from(sig, 'base64url'));
};

const issuer = ed25519(crypto.randomBytes(32).toString('hex'));
const holder = ed25519(crypto.randomBytes(32).toString('hex'));
const iss = 'https://vault.example/u/alice';
const aud = 'https://shop.example';
const now = Math.floor(Date.now() / 1000);
const statusUri = 'https://vault.example/status-lists/l1';

let statusJwt = null;  // what the peer's status list fetcher returns
function peer(issuerKey = issuer, extra = {}) {
  return new SDJwtVcInstance({
    signer: edSigner(issuerKey), signAlg: 'EdDSA', verifier: edVerifier(issuerKey),
    hasher: digest, hashAlg: 'sha-256', saltGenerator: generateSalt,
    kbSigner: edSigner(holder), kbSignAlg: 'EdDSA', kbVerifier: cnfVerifier,
    statusListFetcher: async () => statusJwt,
    ...extra,
  });
}
function kbPayloadOf(presentation) {
  const kb = presentation.split('~').pop();
  return JSON.parse(Buffer.from(kb.split('.')[1], 'base64url').toString());
}

const claims = {
  given_name: 'Alice', family_name: 'Example', email: 'alice@example.org', age_over_18: true,
  age_over_21: true, age_over_65: false, balance_above_1000: true, nationality: 'DE',
  address: {street: 'Main St 1', locality: 'Berlin', country: 'DE'}, languages: ['de', 'en', 'fr'],
};
const frame = {
  _sd: Object.keys(claims), _sd_decoy: 2,
  address: {_sd: ['street', 'locality']}, languages: {_sd: [0, 2], _sd_decoy: 1},
};

// 1. Signet issues and presents (3 of 10 + a nested claim + KB) -> the peer verifies.
{
  const nonce = crypto.randomBytes(12).toString('base64url');
  const {sd_jwt} = run('issue', {issuer_seed: issuer.seed, iss, vct: 'urn:signet:identity:1', iat: now - 10,
                                 exp: now + 3600, holder_jwk: holder.jwk, claims, frame});
  check('Signet credential has typ dc+sd-jwt and EdDSA',
    JSON.parse(Buffer.from(sd_jwt.split('.')[0], 'base64url')).typ === 'dc+sd-jwt');
  const {presentation} = run('present', {sd_jwt, holder_seed: holder.seed, aud, nonce, iat: now,
                                         reveal: ['age_over_18', 'nationality', 'email', '/address/locality']});
  const v = await peer().verify(presentation, {keyBindingNonce: nonce, requiredClaimKeys: ['age_over_18']});
  check('peer verifies Signet presentation with key binding', v.kb !== undefined);
  check('peer sees exactly the disclosed claims',
    v.payload.age_over_18 === true && v.payload.nationality === 'DE' && v.payload.email === 'alice@example.org' &&
    v.payload.address?.locality === 'Berlin' && v.payload.address?.street === undefined &&
    v.payload.given_name === undefined && v.payload.languages === undefined, JSON.stringify(v.payload));
  check('peer sees the KB audience Signet signed', v.kb.payload.aud === aud);
  check('peer rejects Signet presentation for another nonce',
    await rejects(peer().verify(presentation, {keyBindingNonce: 'other'})));
  const parts = presentation.split('~');
  const badSig = parts[0].slice(0, -4) + (parts[0].slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA');
  check('peer rejects Signet presentation with a broken issuer signature',
    await rejects(peer().verify([badSig, ...parts.slice(1)].join('~'), {keyBindingNonce: nonce})));
  const dropped = [parts[0], ...parts.slice(2)].join('~');
  check('peer rejects Signet presentation with a disclosure removed after KB (sd_hash)',
    await rejects(peer().verify(dropped, {keyBindingNonce: nonce})));
  // The peer presents a Signet-issued credential as holder; Signet verifies.
  // (Array items are not selected here: sd-jwt-js counts decoy slots in its item indexes, and
  // Signet puts array decoys at random positions.)
  const peerPres = await peer().present(sd_jwt, {given_name: true, address: {street: true}},
                                        {kb: {payload: {aud, nonce, iat: now}}});
  const sv = run('verify', {presentation: peerPres, issuer_jwk: issuer.jwk, iss, aud, nonce, now});
  check('Signet verifies the peer presentation of a Signet credential',
    sv.valid && sv.claims.given_name === 'Alice' && sv.claims.address?.street === 'Main St 1' &&
    sv.claims.address?.locality === undefined && sv.claims.languages === undefined, JSON.stringify(sv));
}

// 2. The peer issues and presents -> Signet verifies; tampering rejected by Signet.
{
  const nonce = crypto.randomBytes(12).toString('base64url');
  const credential = await peer().issue({iss, iat: now - 10, exp: now + 3600, vct: 'urn:peer:identity',
                                         cnf: {jwk: holder.jwk}, ...claims}, frame);
  const presentation = await peer().present(credential,
    {age_over_18: true, nationality: true, email: true, address: {street: true}},
    {kb: {payload: {aud, nonce, iat: now}}});
  const v = run('verify', {presentation, issuer_jwk: issuer.jwk, iss, aud, nonce, now});
  check('Signet verifies peer presentation with key binding', v.valid && v.key_bound, JSON.stringify(v));
  check('Signet sees exactly the disclosed claims',
    v.claims?.age_over_18 === true && v.claims?.address?.street === 'Main St 1' &&
    v.claims?.address?.locality === undefined && v.claims?.given_name === undefined);
  const reason = p => run('verify', {presentation: p, issuer_jwk: issuer.jwk, iss, aud, nonce, now}).reason;
  check('Signet rejects peer presentation for another audience',
    run('verify', {presentation, issuer_jwk: issuer.jwk, iss, aud: 'https://evil.example', nonce, now}).reason ===
    'audience_mismatch');
  const parts = presentation.split('~');
  const forged = Buffer.from(JSON.stringify(['c2FsdA', 'age_over_21', true])).toString('base64url');
  check('Signet rejects peer presentation with a forged disclosure',
    reason(presentation.replace(parts[1], forged)) === 'disclosure_unreferenced');
  check('Signet rejects peer presentation without KB',
    reason(parts.slice(0, -1).join('~') + '~') === 'key_binding_missing');
  const otherHolder = ed25519(crypto.randomBytes(32).toString('hex'));
  const wrongKb = await new SDJwtVcInstance({hasher: digest, kbSigner: edSigner(otherHolder), kbSignAlg: 'EdDSA'})
    .present(credential, {age_over_18: true}, {kb: {payload: {aud, nonce, iat: now}}});
  check('Signet rejects KB-JWT by the wrong key', reason(wrongKb) === 'key_binding_invalid_signature');
  const stranger = ed25519(crypto.randomBytes(32).toString('hex'));
  const foreign = await peer(stranger).issue({iss, iat: now, exp: now + 60, vct: 'x', cnf: {jwk: holder.jwk}, a: 1}, {_sd: ['a']});
  const foreignPres = await peer(stranger).present(foreign, {a: true}, {kb: {payload: {aud, nonce, iat: now}}});
  check('Signet rejects a credential signed by an untrusted key', reason(foreignPres) === 'invalid_signature');
  const expired = await peer().issue({iss, iat: now - 7200, exp: now - 3600, vct: 'x', cnf: {jwk: holder.jwk}, a: 1}, {_sd: ['a']});
  const expiredPres = await peer().present(expired, {a: true}, {kb: {payload: {aud, nonce, iat: now}}});
  check('Signet rejects an expired peer credential', reason(expiredPres) === 'expired');
  // Signet presents (as holder) a peer-issued credential; the peer verifies.
  const {presentation: ours} = run('present', {sd_jwt: credential, holder_seed: holder.seed, aud, nonce, iat: now,
                                                reveal: ['/languages/0', 'given_name']});
  const pv = await peer().verify(ours, {keyBindingNonce: nonce});
  check('peer verifies Signet presentation of a peer credential',
    pv.payload.given_name === 'Alice' && JSON.stringify(pv.payload.languages) === '["de","en"]',
    JSON.stringify(pv.payload));
}

// 3. ES256 from the peer (issuer and holder P-256 keys) -> Signet verifies.
{
  const nonce = 'es256-nonce';
  const ik = await ES256.generateKeyPair();
  const hk = await ES256.generateKeyPair();
  const es = new SDJwtVcInstance({
    signer: await ES256.getSigner(ik.privateKey), signAlg: 'ES256', verifier: await ES256.getVerifier(ik.publicKey),
    hasher: digest, hashAlg: 'sha-256', saltGenerator: generateSalt,
    kbSigner: await ES256.getSigner(hk.privateKey), kbSignAlg: 'ES256'});
  const credential = await es.issue({iss, iat: now, exp: now + 600, vct: 'urn:peer:es256', cnf: {jwk: hk.publicKey},
                                     given_name: 'Bob', age_over_18: true}, {_sd: ['given_name', 'age_over_18']});
  const presentation = await es.present(credential, {age_over_18: true}, {kb: {payload: {aud, nonce, iat: now}}});
  const v = run('verify', {presentation, issuer_jwk: ik.publicKey, iss, aud, nonce, now});
  check('Signet verifies a peer ES256 SD-JWT with ES256 key binding',
    v.valid && v.claims.age_over_18 === true && v.claims.given_name === undefined, JSON.stringify(v));
  const confused = run('verify', {presentation, issuer_jwk: issuer.jwk, iss, aud, nonce, now});
  check('Signet rejects the ES256 credential against an Ed25519 issuer key (alg confusion)',
    confused.reason === 'algorithm_key_mismatch', JSON.stringify(confused));
}

// 4. Status lists: Signet's Status List Token verified by the peer, and the reverse.
{
  const nonce = 'status-nonce';
  const idx = 1234;
  const {sd_jwt} = run('issue', {issuer_seed: issuer.seed, iss, vct: 'urn:signet:identity:1', iat: now - 10,
                                 exp: now + 3600, holder_jwk: holder.jwk, claims: {a: 1}, frame: {_sd: ['a']},
                                 status: {idx, uri: statusUri}});
  const {presentation} = run('present', {sd_jwt, holder_seed: holder.seed, aud, nonce, iat: now, reveal: ['a']});
  statusJwt = run('status', {issuer_seed: issuer.seed, iss, uri: statusUri, size: 4096, revoked: [7], iat: now, exp: now + 600}).jwt;
  check('peer accepts a Signet credential whose status bit is clear',
    (await peer().verify(presentation, {keyBindingNonce: nonce})).payload.a === 1);
  statusJwt = run('status', {issuer_seed: issuer.seed, iss, uri: statusUri, size: 4096, revoked: [7, idx], iat: now, exp: now + 600}).jwt;
  check('peer rejects a Signet credential once Signet revoked it',
    await rejects(peer().verify(presentation, {keyBindingNonce: nonce})));
  // The peer builds the status list token; Signet checks it.
  const list = new StatusList(new Array(4096).fill(0), 1);
  list.setStatus(idx, 1);
  const {header, payload} = createHeaderAndPayload(list, {iss, sub: statusUri, iat: now, exp: now + 600},
                                                   {alg: 'EdDSA'});
  const enc = o => Buffer.from(JSON.stringify(o)).toString('base64url');
  const input = `${enc(header)}.${enc(payload)}`;
  const peerStatusJwt = `${input}.${await edSigner(issuer)(input)}`;
  const v = run('verify', {presentation, issuer_jwk: issuer.jwk, iss, aud, nonce, now, status_list_jwt: peerStatusJwt});
  check('Signet reads the peer-built status list and finds the credential revoked', v.reason === 'revoked', JSON.stringify(v));
  list.setStatus(idx, 0);
  const p2 = createHeaderAndPayload(list, {iss, sub: statusUri, iat: now, exp: now + 600}, {alg: 'EdDSA'});
  const input2 = `${enc(p2.header)}.${enc(p2.payload)}`;
  const v2 = run('verify', {presentation, issuer_jwk: issuer.jwk, iss, aud, nonce, now,
                            status_list_jwt: `${input2}.${await edSigner(issuer)(input2)}`});
  check('Signet accepts it against the peer-built list with the bit clear', v2.valid, JSON.stringify(v2));
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
