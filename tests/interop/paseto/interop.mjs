// PASETO v4.public interop driver: Signet (through paseto_interop_tool) against the `paseto` npm
// package 4.0.1, both directions: tokens with footers and implicit assertions, registered claims
// (RFC 3339 times), PASERK k4.public / k4.secret keys, capability tokens, and tampered tokens that
// both sides must reject. Usage: node interop.mjs <paseto_interop_tool>. Exits 1 on any failure.

import {execFileSync} from 'node:child_process';
import {PublicProtocol} from 'paseto';
import * as pub from 'paseto/v4/public';

const tool = process.argv[2];
if (!tool) throw new Error('usage: node interop.mjs <paseto_interop_tool>');
const run = (cmd, request = {}) =>
  JSON.parse(execFileSync(tool, [cmd], {input: JSON.stringify(request), encoding: 'utf8'}));

let passed = 0, failed = 0;
function check(name, cond, detail = '') {
  if (cond) { ++passed; console.log(`ok   ${name}`); } else { ++failed; console.log(`FAIL ${name} ${detail}`); }
}
async function rejects(promise) {
  try { await promise; return false; } catch { return true; }
}
const enc = s => new TextEncoder().encode(s);
const flip = t => {
  const i = t.indexOf('.', 10) > 0 ? t.indexOf('.', 10) - 6 : t.length - 6;
  return t.slice(0, i) + (t[i] === 'A' ? 'B' : 'A') + t.slice(i + 1);
};

const v4 = new PublicProtocol(pub.GenerateKeyPairFactory, pub.SignFactory, pub.VerifyFactory,
  pub.ImportPublicKeyFactory, pub.ImportSecretKeyFactory, pub.ExportPublicKeyFactory, pub.ExportSecretKeyFactory);
const now = Math.floor(Date.now() / 1000);
const iso = s => new Date(s * 1000).toISOString().replace('.000Z', 'Z');

// Keys both ways through PASERK.
const peerKeys = await v4.GenerateKeyPair({extractable: true});
const peerPublic = await v4.ExportPublicKey(peerKeys.publicKey);
const peerSecret = await v4.ExportSecretKey(peerKeys.secretKey);
const ours = run('keygen');
const ourPublic = await v4.ImportPublicKey(ours.public);
const ourSecretInPeer = await v4.ImportSecretKey(ours.secret);

// 1. Signet signs -> the peer verifies (footer, implicit assertion, claims).
{
  const claims = {iss: 'https://vault.example', sub: 'agent:1', aud: 'shop.example', iat: iso(now),
                  exp: iso(now + 600), data: 'signed by Signet'};
  const {token} = run('sign', {secret: ours.secret, message: JSON.stringify(claims), footer: '{"kid":"k1"}',
                               implicit: 'ctx'});
  const v = await v4.Verify(ourPublic, token, {footer: enc('{"kid":"k1"}'), implicitAssertion: enc('ctx'),
                                               audience: 'shop.example', issuer: 'https://vault.example'});
  check('peer verifies a Signet v4.public token with footer and implicit assertion',
    v.claims.data === 'signed by Signet' && v.claims.sub === 'agent:1');
  check('peer rejects it under another implicit assertion',
    await rejects(v4.Verify(ourPublic, token, {implicitAssertion: enc('other')})));
  check('peer rejects it with a flipped character', await rejects(v4.Verify(ourPublic, flip(token), {implicitAssertion: enc('ctx')})));
  check('peer rejects it for another audience',
    await rejects(v4.Verify(ourPublic, token, {implicitAssertion: enc('ctx'), audience: 'evil.example'})));
  const {token: expired} = run('sign', {secret: ours.secret, implicit: '',
                                        message: JSON.stringify({exp: iso(now - 60)})});
  check('peer rejects an expired Signet token', await rejects(v4.Verify(ourPublic, expired)));
  // Signet signs with the peer's exported secret key; the peer verifies with its own public key.
  const {token: t2} = run('sign', {secret: peerSecret, message: JSON.stringify({exp: iso(now + 60), n: 2}), implicit: ''});
  check('peer verifies a Signet signature made with a peer-exported k4.secret',
    (await v4.Verify(peerKeys.publicKey, t2)).claims.n === 2);
}

// 2. The peer signs -> Signet verifies; tampering rejected by Signet.
{
  const token = await v4.Sign(peerKeys.secretKey, {iss: 'peer', aud: 'rp', data: 'signed by the peer'},
                              {footer: enc('peer-footer'), implicitAssertion: enc('ctx'), now: new Date(now * 1000)});
  const v = run('verify', {public: peerPublic, token, footer: 'peer-footer', implicit: 'ctx'});
  check('Signet verifies a peer v4.public token', v.valid && JSON.parse(v.message).data === 'signed by the peer');
  const c = run('claims', {public: peerPublic, token, implicit: 'ctx', now: now + 5, aud: 'rp', iss: 'peer'});
  check('Signet reads the peer registered claims (iat and 1 h exp in RFC 3339)', c.valid, JSON.stringify(c));
  const late = run('claims', {public: peerPublic, token, implicit: 'ctx', now: now + 3600 + 120});
  check('Signet finds the peer token expired after its hour', late.reason === 'expired', JSON.stringify(late));
  check('Signet rejects the peer token under another implicit assertion',
    run('verify', {public: peerPublic, token, implicit: 'x'}).reason === 'invalid_signature');
  check('Signet rejects the peer token with another footer',
    run('verify', {public: peerPublic, token, footer: 'other', implicit: 'ctx'}).reason === 'footer_mismatch');
  check('Signet rejects the peer token with a flipped character',
    !run('verify', {public: peerPublic, token: flip(token), implicit: 'ctx'}).valid);
  check('Signet rejects the peer token under another key',
    run('verify', {public: ours.public, token, implicit: 'ctx'}).reason === 'invalid_signature');
  const signedWithOurs = await v4.Sign(ourSecretInPeer, {n: 3}, {now: new Date(now * 1000)});
  check('Signet verifies a peer signature made with a Signet-exported k4.secret',
    JSON.parse(run('verify', {public: ours.public, token: signedWithOurs}).message).n === 3);
}

// 3. Capability tokens: Signet's verify in the peer, and peer-minted capabilities in Signet.
{
  const cap = run('capability', {secret: ours.secret, iss: 'https://vault.example', sub: 'agent:7', aud: 'shop.example',
                                 iat: now, exp: now + 600, permissions: ['purchase'],
                                 max_amount: {value: '20.00', currency: 'EUR'}, hide: ['max_amount']});
  const v = await v4.Verify(ourPublic, cap.token, {implicitAssertion: enc('signet:capability:v1'),
                                                   audience: 'shop.example', issuer: 'https://vault.example'});
  check('peer verifies a Signet capability token and its registered claims',
    v.claims.sub === 'agent:7' && v.claims.policy.permissions[0] === 'purchase' && v.claims.policy._sd.length === 1);
  check('peer refuses the capability token without its implicit assertion',
    await rejects(v4.Verify(ourPublic, cap.token)));
  // A capability minted by the peer library (same claim shape, same implicit assertion).
  const minted = await v4.Sign(peerKeys.secretKey, {iss: 'https://peer-vault.example', sub: 'agent:9', aud: 'shop.example',
                                                    jti: 'peer-jti-1', policy: {permissions: ['quote']}},
                               {implicitAssertion: enc('signet:capability:v1'), now: new Date(now * 1000)});
  const ok = run('verify_capability', {public: peerPublic, iss: 'https://peer-vault.example', presentation: `${minted}~`,
                                       aud: 'shop.example', nonce: 'n', now: now + 1, permission: 'quote'});
  check('Signet accepts a capability minted by the peer library', ok.valid, JSON.stringify(ok));
  const denied = run('verify_capability', {public: peerPublic, iss: 'https://peer-vault.example',
                                           presentation: `${minted}~`, aud: 'shop.example', nonce: 'n', now: now + 1,
                                           permission: 'purchase'});
  check('Signet denies a permission the peer capability does not grant', denied.reason === 'permission_denied');
  const plain = await v4.Sign(peerKeys.secretKey, {iss: 'https://peer-vault.example', sub: 'a', aud: 'shop.example',
                                                   jti: 'j', policy: {}}, {now: new Date(now * 1000)});
  check('Signet refuses a peer token without the capability assertion',
    run('verify_capability', {public: peerPublic, iss: 'https://peer-vault.example', presentation: `${plain}~`,
                              aud: 'shop.example', nonce: 'n', now: now + 1}).reason === 'invalid_signature');
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
