// The Node anchor of the /verify HTTP benchmark: a 2-process verifier (node:cluster, one HTTP
// server per worker on a shared port) of the same POST /verify requests, with node:crypto only.
// It does the same checks Signet does for an SD-JWT VC + KB-JWT: issuer EdDSA signature (key from
// the trust entry), typ, exp/nbf, disclosure digests (SHA-256, every disclosure referenced once),
// KB-JWT EdDSA signature by cnf.jwk, typ, aud, nonce, iat freshness, sd_hash; it answers
// {"valid", "issuer", "claims"}.
//
//   node node_verifier.mjs PORT TRUST_ENTRY_JSON_FILE
import cluster from 'node:cluster';
import { createHash, createPublicKey, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';

const [port, trustFile] = process.argv.slice(2);
const WORKERS = 2;
const MAX_BODY = 96 * 1024;

if (cluster.isPrimary) {
  for (let i = 0; i < WORKERS; i++) cluster.fork();
} else {
  const trust = JSON.parse(readFileSync(trustFile, 'utf8'));
  const issuerKey = createPublicKey({ key: trust.jwk, format: 'jwk' });
  const b64 = (s) => Buffer.from(s, 'base64url');
  const json = (s) => JSON.parse(b64(s).toString('utf8'));
  const sha = (s) => createHash('sha256').update(s).digest('base64url');

  const fail = (reason) => ({ valid: false, errors: [{ code: reason }] });

  function unpack(obj, digests, used, out) {
    for (const [k, v] of Object.entries(obj)) {
      if (k === '_sd' || k === '_sd_alg') continue;
      out[k] = v;
    }
    for (const d of obj._sd ?? []) {
      const disc = digests.get(d);
      if (!disc) continue;  // decoy or undisclosed
      if (used.has(d)) return false;
      used.add(d);
      const [, name, value] = disc;
      if (name in out) return false;
      out[name] = value;
    }
    return true;
  }

  function check(req) {
    const now = Math.floor(Date.now() / 1000);
    const parts = req.presentation.split('~');
    if (parts.length < 2) return fail('malformed');
    const kb = parts.pop();
    const jwt = parts[0];
    const disclosures = parts.slice(1);
    const [h, p, s] = jwt.split('.');
    const header = json(h);
    if (header.alg !== 'EdDSA' || header.typ !== 'dc+sd-jwt') return fail('wrong_typ');
    if (!verify(null, Buffer.from(`${h}.${p}`), issuerKey, b64(s))) return fail('invalid_signature');
    const payload = json(p);
    if (payload.iss !== trust.issuer) return fail('unknown_issuer');
    if (payload.exp !== undefined && payload.exp + 60 < now) return fail('expired');
    if (payload.nbf !== undefined && payload.nbf - 60 > now) return fail('not_yet_valid');
    if (payload._sd_alg !== 'sha-256') return fail('unsupported_sd_alg');
    const digests = new Map();
    for (const d of disclosures) {
      const digest = sha(d);
      if (digests.has(digest)) return fail('disclosure_duplicate');
      digests.set(digest, JSON.parse(b64(d).toString('utf8')));
    }
    const used = new Set();
    const claims = {};
    if (!unpack(payload, digests, used, claims)) return fail('digest_duplicate');
    if (used.size !== digests.size) return fail('disclosure_unreferenced');
    const [kh, kp, ks] = kb.split('.');
    const kheader = json(kh);
    if (kheader.alg !== 'EdDSA' || kheader.typ !== 'kb+jwt') return fail('key_binding_malformed');
    const holder = createPublicKey({ key: payload.cnf.jwk, format: 'jwk' });
    if (!verify(null, Buffer.from(`${kh}.${kp}`), holder, b64(ks))) {
      return fail('key_binding_invalid_signature');
    }
    const kpayload = json(kp);
    if (kpayload.aud !== req.audience) return fail('audience_mismatch');
    if (kpayload.nonce !== req.nonce) return fail('nonce_mismatch');
    if (kpayload.iat > now + 60 || kpayload.iat < now - 300) return fail('key_binding_stale');
    const sdInput = req.presentation.slice(0, req.presentation.length - kb.length);
    if (kpayload.sd_hash !== sha(sdInput)) return fail('sd_hash_mismatch');
    for (const k of ['_sd', '_sd_alg', 'cnf']) delete claims[k];
    return { valid: true, format: 'dc+sd-jwt', issuer: payload.iss, claims, expires_at: payload.exp,
             errors: [] };
  }

  http.createServer((req, res) => {
    if (req.method !== 'POST' || req.url !== '/verify') {
      res.writeHead(404).end();
      return;
    }
    const chunks = [];
    let size = 0;
    req.on('data', (c) => {
      size += c.length;
      if (size > MAX_BODY) req.destroy();
      else chunks.push(c);
    });
    req.on('end', () => {
      let out;
      try {
        out = check(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch {
        out = fail('malformed');
      }
      const body = JSON.stringify(out);
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
      res.end(body);
    });
  }).listen(Number(port), '127.0.0.1');
}
