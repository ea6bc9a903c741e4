// Owner requests as RFC 9421 HTTP Message Signatures (notify/owner_auth.h), both directions, with
// the independent implementation http-message-signatures 1.0.6 and the real binary on 127.0.0.1.
//
// Signet's public URL (server.public_url) is a small reverse proxy written here, as a real
// deployment's would be. The proxy verifies every signed request with http-message-signatures
// against the signing device's public key (and the body against Content-Digest) before it
// forwards it; a request it cannot verify gets 401 from the proxy and never reaches Signet.
//
// (b) Signet's CLI signs, the peer verifies: `signet init --server`, `tenant suspend / resume /
//     export`, `agent pair --server` and `agent approve --server` (bodies) and `approvals list`
//     go through the proxy (the approval completes an OAuth consent by device signature); each
//     signature verifies with the peer and is accepted by Signet, and the peer refuses the same
//     signature on another method or URL. Without the device key the proxy refuses the CLI.
// (a) The peer signs, Signet verifies: a device key generated here (its vault's sign-up body comes
//     from owner_interop_tool) signs suspend / resume / pairing-codes / GET /approvals, which the
//     server accepts; replays, another target, another body, a missing or /mcp tag, an expired
//     signature and another tenant's path are refused (401, 401, 401, 401, 401, 403).
//
// usage: node interop.mjs SIGNET_BINARY OWNER_INTEROP_TOOL
import {execFile, spawn} from 'node:child_process';
import {createHash, createPublicKey, generateKeyPairSync, randomUUID, sign, verify} from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import {promisify} from 'node:util';
import {httpbis} from 'http-message-signatures';
import {serveOnFreePort} from '../lib/serve.mjs';

const [signet, tool] = process.argv.slice(2);
const exec = promisify(execFile);
const timer = setTimeout(() => { console.log('FAIL: timed out after 100 s'); process.exit(1); }, 100_000);
timer.unref();
let failures = 0;
let passed = 0;
function check(name, ok, detail = '') {
  if (ok) {
    passed++;
  } else {
    failures++;
    console.log(`FAIL ${name} ${detail}`);
  }
}

let direct = '';      // Signet itself, once it listens
let publicBase = '';  // the proxy in front of it, once it listens
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signet-owner-interop-'));
const env = {...process.env, SIGNET_HOLDER__KDF_OPS: '2', SIGNET_HOLDER__KDF_MEMORY: '19MiB'};
const pass = path.join(dir, 'pass');
fs.writeFileSync(pass, 'correct horse battery staple\n');

// The proxy: verify signed requests with the peer, then forward everything to Signet.
const deviceKeys = new Map();  // keyid "<tenant>/<device>" -> Ed25519 public KeyObject
const seen = [];               // what the proxy verified: {method, target, verified, tamperRefused}
const digestOf = body => `sha-256=:${createHash('sha256').update(body).digest('base64')}:`;

async function peerVerifies(method, url, headers, body) {
  const covered = ['@method', '@target-uri'];
  if (body.length > 0 || (method !== 'GET' && method !== 'HEAD')) {
    covered.push('content-digest');
    if (headers['content-digest'] !== digestOf(body)) return false;
  }
  try {
    return await httpbis.verifyMessage({
      keyLookup: async params => {
        const key = params.tag === 'signet-owner' ? deviceKeys.get(params.keyid) : undefined;
        return key ? {id: params.keyid, algs: ['ed25519'],
                      verify: async (data, signature) => verify(null, data, key, signature)} : null;
      },
      requiredParams: ['created', 'expires', 'nonce', 'keyid', 'alg', 'tag'],
      requiredFields: covered,
    }, {method, url, headers}) === true;
  } catch {
    return false;
  }
}

const proxy = http.createServer(async (req, res) => {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  const body = Buffer.concat(chunks);
  if (req.headers['signature-input']) {
    const url = publicBase + req.url;
    const verified = await peerVerifies(req.method, url, req.headers, body);
    const moved = await peerVerifies(req.method, `${url}${req.url.includes('?') ? '&' : '?'}x=1`, req.headers, body);
    const remethod = await peerVerifies(req.method === 'GET' ? 'DELETE' : 'GET', url, req.headers, body);
    seen.push({method: req.method, target: req.url, verified, tamperRefused: !moved && !remethod});
    if (!verified) {
      res.writeHead(401, {'Content-Type': 'application/problem+json'});
      res.end(JSON.stringify({status: 401, detail: 'the proxy (http-message-signatures) refused the signature'}));
      return;
    }
  }
  const headers = {...req.headers};
  delete headers.connection;
  const upstream = http.request(`${direct}${req.url}`, {method: req.method, headers}, up => {
    res.writeHead(up.statusCode, up.headers);
    up.pipe(res);
  });
  upstream.on('error', e => { res.writeHead(502); res.end(String(e)); });
  upstream.end(body);
});
await new Promise(r => proxy.listen(0, '127.0.0.1', r));
publicBase = `http://127.0.0.1:${proxy.address().port}`;

let server;
let serverLog = () => '';
process.on('exit', code => {
  if (server && server.exitCode === null) server.kill('SIGTERM');
  proxy.close();
  if (code !== 0) console.log(serverLog().split('\n').slice(-15).join('\n'));
  fs.rmSync(dir, {recursive: true, force: true});
});
const started = await serveOnFreePort(port => spawn(signet, ['serve', '--listen', `127.0.0.1:${port}`], {
  env: {...env, SIGNET_DATA_DIR: path.join(dir, 'server'), SIGNET_SERVER__PUBLIC_URL: publicBase,
        SIGNET_TENANTS__SIGNUP: 'open'},
  stdio: ['ignore', 'ignore', 'pipe']}));
server = started.child;
serverLog = started.log;
direct = `http://127.0.0.1:${started.port}`;

// (b) Signet's CLI signs; the peer, in the proxy, verifies.
const holder = path.join(dir, 'alice');
const run = async (...args) => (await exec(signet, [...args, '--holder-dir', holder, '--data-dir',
  path.join(holder, 'data'), '--passphrase-file', pass], {env, encoding: 'utf8'})).stdout;
const alice = JSON.parse(await run('init', '--server', publicBase, '--json'));
const header = JSON.parse(fs.readFileSync(path.join(holder, 'root.json'), 'utf8'));
const aliceKeyId = `${alice.tenant}/${header.device.id}`;
const rawKey = hex => createPublicKey({key: {kty: 'OKP', crv: 'Ed25519', x: Buffer.from(hex, 'hex').toString('base64url')}, format: 'jwk'});
deviceKeys.set(aliceKeyId, rawKey(header.device.ed25519));

const suspended = JSON.parse(await run('tenant', 'suspend', '--server', publicBase));
check('CLI suspend accepted', suspended.status === 'suspended', JSON.stringify(suspended));
const resumed = JSON.parse(await run('tenant', 'resume', '--server', publicBase));
check('CLI resume accepted', resumed.status === 'active', JSON.stringify(resumed));
const paired = JSON.parse(await run('agent', 'pair', '--server', publicBase, '--name', 'peer-check', '--json'));
check('CLI pairing (a signed body) accepted', typeof paired.pairing_code === 'string' && paired.pairing_code.length > 0, JSON.stringify(paired));
// Consent by a device signature: an MCP client's authorization request shows an approval code;
// `agent approve --server` approves it with a signed owner request; the page's Approve (no
// pairing code) then redirects with an authorization code.
const cb = 'http://127.0.0.1:9/cb';
const client = await (await fetch(`${publicBase}/register`, {method: 'POST', headers: {'Content-Type': 'application/json'},
  body: JSON.stringify({redirect_uris: [cb], client_name: 'Peer client'})})).json();
const page = await (await fetch(`${publicBase}/authorize?` + new URLSearchParams({response_type: 'code',
  client_id: client.client_id, redirect_uri: cb, state: 's1', code_challenge_method: 'S256',
  code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM'}))).text();
const requestId = /name="request_id" value="([0-9a-f]{32})"/.exec(page)?.[1];
const approvalCode = /signet agent approve ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})/.exec(page)?.[1];
check('the consent page shows an approval code', requestId && approvalCode, page.slice(0, 300));
const consent = () => fetch(`${publicBase}/authorize`, {method: 'POST', redirect: 'manual',
  headers: {'Content-Type': 'application/x-www-form-urlencoded'},
  body: new URLSearchParams({request_id: requestId, pairing_code: '', decision: 'approve'})});
const early = await consent();
check('Approve before the device approved shows the page again', early.status === 400 &&
      (await early.text()).includes('Not approved yet'), String(early.status));
const approved = JSON.parse(await run('agent', 'approve', approvalCode, '--server', publicBase, '--name', 'peer-client', '--json'));
check('CLI approval (a signed body) accepted', approved.client_id === client.client_id &&
      approved.agent === 'agent:peer-client' && approved.redirect_host === '127.0.0.1:9', JSON.stringify(approved));
const again = await run('agent', 'approve', approvalCode, '--server', publicBase).then(() => 'accepted', e => e.stderr);
check('an approval code is single use', again !== 'accepted' && /approval code/.test(again), again);
const redirected = await consent();
const location = new URL(redirected.headers.get('location') ?? 'http://x/');
check('Approve after the device approved redirects with a code', redirected.status === 302 &&
      location.searchParams.get('state') === 's1' && (location.searchParams.get('code') ?? '').length > 20,
      `${redirected.status} ${location}`);

const out = path.join(dir, 'export.json');
await run('tenant', 'export', '--server', publicBase, '--out', out);
check('CLI export accepted', JSON.parse(fs.readFileSync(out, 'utf8')).format === 'signet-export/v1');
const listed = JSON.parse(await run('approvals', 'list', '--server', publicBase, '--json'));
check('CLI approvals list accepted', Array.isArray(listed.approvals), JSON.stringify(listed));
const signedByCli = seen.map(s => `${s.method} ${s.target.split('?')[0]}`);
for (const want of [`POST /tenants/${alice.tenant}/suspend`, `POST /tenants/${alice.tenant}/resume`,
                    `POST /tenants/${alice.tenant}/pairing-codes`, `POST /tenants/${alice.tenant}/authorizations`,
                    `GET /tenants/${alice.tenant}/export`, 'GET /approvals']) {
  check(`the peer verified the CLI's ${want}`, signedByCli.includes(want), JSON.stringify(signedByCli));
}
check('every CLI signature verified with the peer', seen.length === 7 && seen.every(s => s.verified), JSON.stringify(seen));
check('the peer refuses each CLI signature on another URL or method', seen.every(s => s.tamperRefused), JSON.stringify(seen));
deviceKeys.delete(aliceKeyId);
const refusedByProxy = await run('tenant', 'suspend', '--server', publicBase).then(() => false, () => true);
check('without the device key the peer refuses the CLI', refusedByProxy && seen.at(-1).verified === false);

// (a) The peer signs; Signet verifies.
const {publicKey, privateKey} = generateKeyPairSync('ed25519');
const peerPublic = Buffer.from(publicKey.export({format: 'jwk'}).x, 'base64url').toString('hex');
const signup = (await exec(tool, ['signup', peerPublic], {encoding: 'utf8'})).stdout;
const created = await fetch(`${direct}/tenants`, {method: 'POST', headers: {'Content-Type': 'application/json'}, body: signup});
const peer = await created.json();
check('the peer\'s vault signs up', created.status === 201 && peer.device === JSON.parse(signup).device.id, JSON.stringify(peer));
const keyid = `${peer.tenant}/${peer.device}`;

// signed returns the headers of a request signed by the peer for the public URL + target.
async function signed(method, target, body = '', {tag = 'signet-owner', created: at, expires} = {}) {
  const headers = {};
  const fields = ['@method', '@target-uri'];
  if (body || (method !== 'GET' && method !== 'HEAD')) {
    headers['Content-Digest'] = digestOf(body);
    fields.push('content-digest');
  }
  if (body) headers['Content-Type'] = 'application/json';
  const params = ['created', 'expires', 'nonce', 'keyid', 'alg', ...(tag ? ['tag'] : [])];
  const message = await httpbis.signMessage({
    key: {id: keyid, alg: 'ed25519', sign: async data => sign(null, data, privateKey)},
    fields, params,
    paramValues: {nonce: randomUUID(), tag, created: at, expires: expires ?? new Date(Date.now() + 60_000)},
  }, {method, url: publicBase + target, headers});
  return message.headers;
}
const send = (method, target, headers, body = '') =>
  fetch(direct + target, {method, headers, body: method === 'GET' ? undefined : body});

const t = `/tenants/${peer.tenant}`;
const suspendHeaders = await signed('POST', `${t}/suspend`);
const s1 = await send('POST', `${t}/suspend`, suspendHeaders);
check('peer-signed suspend -> 200', s1.status === 200 && (await s1.json()).status === 'suspended', String(s1.status));
check('the same signature again -> 401', (await send('POST', `${t}/suspend`, suspendHeaders)).status === 401);
const r1 = await send('POST', `${t}/resume`, await signed('POST', `${t}/resume`));
check('peer-signed resume -> 200', r1.status === 200 && (await r1.json()).status === 'active', String(r1.status));
const pairBody = JSON.stringify({name: 'peer-agent'});
const p1 = await send('POST', `${t}/pairing-codes`, await signed('POST', `${t}/pairing-codes`, pairBody), pairBody);
check('peer-signed pairing code (with a body) -> 201', p1.status === 201 && (await p1.json()).agent === 'agent:peer-agent', String(p1.status));
const a1 = await send('GET', '/approvals?limit=5', await signed('GET', '/approvals?limit=5'));
check('peer-signed GET /approvals -> 200', a1.status === 200 && Array.isArray((await a1.json()).approvals), String(a1.status));

const refusedAs = async (name, want, response) => {
  const r = await response;
  check(`${name} -> ${want}`, r.status === want, `${r.status} ${await r.text()}`);
};
await refusedAs('a signature for another query', 401, send('GET', '/approvals?limit=50', await signed('GET', '/approvals?limit=5')));
await refusedAs('a suspend signature sent to resume', 401, send('POST', `${t}/resume`, await signed('POST', `${t}/suspend`)));
await refusedAs('a signed body swapped', 401, send('POST', `${t}/pairing-codes`, await signed('POST', `${t}/pairing-codes`, pairBody),
                                                 JSON.stringify({name: 'evil'})));
await refusedAs('the /mcp tag', 401, send('GET', '/approvals', await signed('GET', '/approvals', '', {tag: 'signet-mcp'})));
await refusedAs('no tag', 401, send('GET', '/approvals', await signed('GET', '/approvals', '', {tag: null})));
await refusedAs('an expired signature', 401, send('GET', '/approvals', await signed('GET', '/approvals', '',
  {created: new Date(Date.now() - 120_000), expires: new Date(Date.now() - 60_000)})));
await refusedAs("another tenant's export", 403, send('GET', `/tenants/${alice.tenant}/export`,
                                                       await signed('GET', `/tenants/${alice.tenant}/export`)));
const anonymous = await fetch(`${direct}/approvals`);
check('unsigned -> 401 with Accept-Signature', anonymous.status === 401 &&
      (anonymous.headers.get('accept-signature') ?? '').includes('tag="signet-owner"'),
      `${anonymous.status} ${anonymous.headers.get('accept-signature')}`);

console.log(`owner interop: ${passed} passed, ${failures} failed`);
process.exit(failures === 0 ? 0 : 1);
