// JS anchors for bench/credentials/run.sh, measured in the same run as credentials_bench, on the
// same workload (bench_fixture.h): @sd-jwt/sd-jwt-vc 0.19.0 with node:crypto Ed25519 signer and
// verifier callbacks (issue 10 SD claims; present 3 of 10 + KB; verify + KB) and paseto 4.0.1
// v4.public Sign / Verify of the same claims. Also node:crypto Ed25519 sign / verify for context.
// Prints one JSON object: {name: CPU microseconds per operation}.

import * as crypto from 'node:crypto';
import {SDJwtVcInstance} from '@sd-jwt/sd-jwt-vc';
import {digest, generateSalt} from '@sd-jwt/crypto-nodejs';
import {PublicProtocol} from 'paseto';
import * as pub from 'paseto/v4/public';

function cpuMicros() {
  const u = process.cpuUsage();
  return u.user + u.system;
}
async function time(fn, minMs = 1500) {
  for (let i = 0; i < 20; ++i) await fn();
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

const issuer = crypto.generateKeyPairSync('ed25519');
const holder = crypto.generateKeyPairSync('ed25519');
const signer = key => async data => crypto.sign(null, Buffer.from(data), key).toString('base64url');
const verifier = key => async (data, sig) => crypto.verify(null, Buffer.from(data), key, Buffer.from(sig, 'base64url'));
const holderJwk = holder.publicKey.export({format: 'jwk'});
const sdjwt = new SDJwtVcInstance({
  signer: signer(issuer.privateKey), signAlg: 'EdDSA', verifier: verifier(issuer.publicKey),
  hasher: digest, hashAlg: 'sha-256', saltGenerator: generateSalt,
  kbSigner: signer(holder.privateKey), kbSignAlg: 'EdDSA',
  kbVerifier: async (data, sig, payload) => crypto.verify(null, Buffer.from(data),
    crypto.createPublicKey({key: payload.cnf.jwk, format: 'jwk'}), Buffer.from(sig, 'base64url')),
});

const now = Math.floor(Date.now() / 1000);
const claims = {
  given_name: 'Alice', family_name: 'Example', email: 'alice@example.org', phone_number: '+49 30 1234567',
  birth_country: 'DE', nationality: 'DE', age_over_18: true, age_over_21: true, age_over_65: false,
  balance_above_1000: true,
};
const payload = {iss: 'https://vault.example/u/alice', vct: 'urn:signet:identity:1', iat: now - 60,
                 exp: now + 3600, cnf: {jwk: {kty: holderJwk.kty, crv: holderJwk.crv, x: holderJwk.x}}, ...claims};
const frame = {_sd: Object.keys(claims)};
const kb = {kb: {payload: {aud: 'https://shop.example', nonce: 'bench-nonce-0123456789', iat: now}}};
const reveal = {age_over_18: true, nationality: true, email: true};

const out = {};
const credential = await sdjwt.issue(payload, frame);
const presentation = await sdjwt.present(credential, reveal, kb);
const check = await sdjwt.verify(presentation, {keyBindingNonce: 'bench-nonce-0123456789'});
if (check.payload.nationality !== 'DE' || !check.kb) throw new Error('sd-jwt self-check failed');
out.js_sdjwt_issue10 = await time(() => sdjwt.issue(payload, frame));
out.js_sdjwt_present3_kb = await time(() => sdjwt.present(credential, reveal, kb));
out.js_sdjwt_verify_kb = await time(() => sdjwt.verify(presentation, {keyBindingNonce: 'bench-nonce-0123456789'}));

const v4 = new PublicProtocol(pub.GenerateKeyPairFactory, pub.SignFactory, pub.VerifyFactory);
const keys = await v4.GenerateKeyPair();
const pclaims = {iss: 'https://vault.example/u/alice', sub: 'agent:42', aud: 'shop.example', iat: '2025-01-01T00:00:00Z',
                 exp: '2099-01-15T09:00:00Z', jti: 'q8Vv7cFh0lGmC0Kc9bJ8sA',
                 policy: {permissions: ['purchase'], max_amount: {value: '50.00', currency: 'EUR'}}};
const token = await v4.Sign(keys.secretKey, pclaims, {addIssuedAt: false});
if ((await v4.Verify(keys.publicKey, token)).claims.sub !== 'agent:42') throw new Error('paseto self-check failed');
out.js_paseto_sign = await time(() => v4.Sign(keys.secretKey, pclaims, {addIssuedAt: false}));
out.js_paseto_verify = await time(() => v4.Verify(keys.publicKey, token));

const msg = Buffer.alloc(300, 'm');
const sig = crypto.sign(null, msg, issuer.privateKey);
out.node_ed25519_sign = await time(() => crypto.sign(null, msg, issuer.privateKey));
out.node_ed25519_verify = await time(() => crypto.verify(null, msg, issuer.publicKey, sig));
console.log(JSON.stringify(out));
