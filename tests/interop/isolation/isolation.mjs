// Tenant isolation attack suite (issue 11 point 2) against the real binary on 127.0.0.1:
// tenants A and B sign up on one server (`signet init --server`, tenants.signup: open), each pairs
// an MCP agent (`signet agent pair --server`) and gets an OAuth access token through
// oauth4webapi. Then, holding A's credentials, every attempt to reach B must fail:
//   - B's MCP session id with A's token -> 404; guessed session ids -> 404;
//   - A's notes never appear in B's signet_list or audit resource, and the reverse;
//   - forged callback ids and unsigned owner routes (incl. encoded path tricks) -> never 2xx;
//   - a consumed pairing code cannot authorize again;
//   - revoking A's token or suspending A leaves B working.
//
// usage: node isolation.mjs SIGNET_BINARY
import {spawn, execFileSync} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as oauth from 'oauth4webapi';
import {serveOnFreePort} from '../lib/serve.mjs';

const signet = process.argv[2];
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

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signet-isolation-'));
const env = {...process.env, SIGNET_HOLDER__KDF_OPS: '2', SIGNET_HOLDER__KDF_MEMORY: '19MiB'};
const pass = path.join(dir, 'pass');
fs.writeFileSync(pass, 'correct horse battery staple\n');

let server;
let serverLog = () => '';
process.on('exit', code => {
  if (server && server.exitCode === null) server.kill('SIGTERM');
  if (code !== 0) console.log(serverLog().split('\n').slice(-15).join('\n'));
  fs.rmSync(dir, {recursive: true, force: true});
});
const started = await serveOnFreePort(port => spawn(signet, ['serve', '--listen', `127.0.0.1:${port}`], {
  env: {...env, SIGNET_DATA_DIR: path.join(dir, 'server'), SIGNET_MCP__AUTH: 'oauth',
        SIGNET_SERVER__PUBLIC_URL: `http://127.0.0.1:${port}`, SIGNET_TENANTS__SIGNUP: 'open'},
  stdio: ['ignore', 'ignore', 'pipe']}));
server = started.child;
serverLog = started.log;
const base = `http://127.0.0.1:${started.port}`;
const mcpUrl = `${base}/mcp`;

// An owner is a holder directory on "their own machine".
function owner(name) {
  const holder = path.join(dir, name);
  const run = (...args) => execFileSync(signet, [...args, '--holder-dir', holder, '--data-dir',
    path.join(holder, 'data'), '--passphrase-file', pass], {env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']});
  const created = JSON.parse(run('init', '--server', base, '--json'));
  return {name, run, tenant: created.tenant,
          pair: agent => JSON.parse(run('agent', 'pair', '--server', base, '--name', agent, '--json')).pairing_code};
}
const A = owner('alice');
const B = owner('bob');
check('two tenants', A.tenant !== B.tenant && /^t_[0-9a-f]{20}$/.test(A.tenant), `${A.tenant} ${B.tenant}`);

// One OAuth client (clients are not per tenant); the pairing code decides the tenant.
const insecure = {[oauth.allowInsecureRequests]: true};
const as = await oauth.processDiscoveryResponse(new URL(base),
  await oauth.discoveryRequest(new URL(base), {algorithm: 'oauth2', ...insecure}));
const redirectUri = 'http://127.0.0.1:7777/callback';
const client = await oauth.processDynamicClientRegistrationResponse(
  await oauth.dynamicClientRegistrationRequest(as, {redirect_uris: [redirectUri], client_name: 'isolation',
                                                    token_endpoint_auth_method: 'none'}, insecure));
const scope = 'signet:proofs signet:query signet:capabilities signet:notes';

// consent posts a pairing code for a fresh authorization request; returns the response.
async function consent(pairing, verifier, state) {
  const url = new URL(as.authorization_endpoint);
  url.search = new URLSearchParams({client_id: client.client_id, redirect_uri: redirectUri, response_type: 'code',
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
    state, scope, resource: mcpUrl}).toString();
  const html = await (await fetch(url)).text();
  const requestId = /name="request_id" value="([0-9a-f]{32})"/.exec(html)?.[1];
  return fetch(as.authorization_endpoint, {method: 'POST', redirect: 'manual',
    headers: {'Content-Type': 'application/x-www-form-urlencoded'},
    body: new URLSearchParams({request_id: requestId, pairing_code: pairing, decision: 'approve'})});
}
async function token(pairing) {
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const r = await consent(pairing, verifier, state);
  const params = oauth.validateAuthResponse(as, client, new URL(r.headers.get('location')), state);
  const t = await oauth.processAuthorizationCodeResponse(as, client,
    await oauth.authorizationCodeGrantRequest(as, client, oauth.None(), params, redirectUri, verifier,
                                              {additionalParameters: {resource: mcpUrl}, ...insecure}));
  return t.access_token;
}
const codeA = A.pair('agent-a');
const tokenA = await token(codeA);
const tokenB = await token(B.pair('agent-b'));

// A consumed pairing code cannot authorize again (for anyone).
{
  const r = await consent(codeA, oauth.generateRandomCodeVerifier(), 'again');
  check('a used pairing code is refused', r.status !== 302, String(r.status));
}

// MCP over raw HTTP: initialize gives a session.
const headers = tok => ({'Content-Type': 'application/json', Accept: 'application/json, text/event-stream',
                         Authorization: `Bearer ${tok}`});
let rpcId = 1;
async function rpc(tok, session, method, params = {}) {
  const h = headers(tok);
  if (session) h['Mcp-Session-Id'] = session;
  const r = await fetch(mcpUrl, {method: 'POST', headers: h,
                                 body: JSON.stringify({jsonrpc: '2.0', id: rpcId++, method, params})});
  const text = await r.text();
  let body = null;
  try { body = JSON.parse(text); } catch {}
  return {status: r.status, session: r.headers.get('mcp-session-id'), body, text};
}
async function open(tok) {
  const r = await rpc(tok, null, 'initialize', {protocolVersion: '2025-11-25', capabilities: {},
                                                clientInfo: {name: 'isolation', version: '1'}});
  await fetch(mcpUrl, {method: 'POST', headers: {...headers(tok), 'Mcp-Session-Id': r.session},
                       body: JSON.stringify({jsonrpc: '2.0', method: 'notifications/initialized'})});
  return r.session;
}
const sA = await open(tokenA);
const sB = await open(tokenB);
check('sessions opened', !!sA && !!sB && sA !== sB);

// Swapped and guessed session ids.
check("A's token with B's session -> 404", (await rpc(tokenA, sB, 'tools/list')).status === 404);
check("B's token with A's session -> 404", (await rpc(tokenB, sA, 'tools/list')).status === 404);
check('a guessed session id -> 404', (await rpc(tokenA, randomBytes(16).toString('hex'), 'tools/list')).status === 404);

// Notes stay in their tenant.
const call = (tok, s, name, args) => rpc(tok, s, 'tools/call', {name, arguments: args});
const stored = await call(tokenA, sA, 'signet_store', {key: 'alice-secret', value: 'only for alice', tier: 1});
check('A stores a note', stored.status === 200 && stored.body?.result && !stored.body.result.isError, stored.text.slice(0, 300));
const listB = await call(tokenB, sB, 'signet_list', {});
check("B's list does not show A's note", listB.status === 200 && !listB.text.includes('alice-secret'), listB.text.slice(0, 300));
const listA = await call(tokenA, sA, 'signet_list', {});
check("A's list shows A's note", listA.text.includes('alice-secret'), listA.text.slice(0, 300));
const resources = await rpc(tokenB, sB, 'resources/list');
for (const res of resources.body?.result?.resources ?? []) {
  const read = await rpc(tokenB, sB, 'resources/read', {uri: res.uri});
  check(`B's resource ${res.uri} shows nothing of A`, !read.text.includes('alice-secret') && !read.text.includes(A.tenant));
}

// Unsigned or path-tricked owner routes never succeed; forged callbacks are refused.
const never2xx = async (what, url, init = {}) => {
  const r = await fetch(url, {redirect: 'manual', ...init});
  check(`${what} -> not 2xx`, r.status >= 400, `${r.status}`);
};
await never2xx("export of A without a signature", `${base}/tenants/${A.tenant}/export`);
await never2xx('export through an encoded ../', `${base}/tenants/${B.tenant}%2F..%2F${A.tenant}/export`);
await never2xx('export through a dot segment', `${base}/tenants/${B.tenant}/../${A.tenant}/export`);
await never2xx("delete of A with B's token", `${base}/tenants/${A.tenant}`,
               {method: 'DELETE', headers: {Authorization: `Bearer ${tokenB}`}});
{
  const now = Math.floor(Date.now() / 1000);
  await never2xx('pairing for A with a forged device signature', `${base}/tenants/${A.tenant}/pairing-codes`,
                 {method: 'POST', headers: {
                   'Content-Digest': 'sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:',
                   'Signature-Input': `sig1=("@method" "@target-uri" "content-digest");created=${now};` +
                     `expires=${now + 60};nonce="x";keyid="${A.tenant}/d_0";alg="ed25519";tag="signet-owner"`,
                   Signature: `sig1=:${randomBytes(64).toString('base64')}:`}});
}
await never2xx('approvals listed without a signature', `${base}/approvals`);
await never2xx('a guessed approval id', `${base}/approvals/apr_${randomBytes(16).toString('hex')}`);
await never2xx('a forged callback id', `${base}/callbacks/apr_${randomBytes(16).toString('hex')}`,
               {method: 'POST', headers: {'Content-Type': 'application/json', 'webhook-id': 'msg_1',
                'webhook-timestamp': String(Math.floor(Date.now() / 1000)), 'webhook-signature': 'v1,AAAA'},
                body: JSON.stringify({decision: 'approve'})});

// Revoking A's token and suspending A leave B working.
await fetch(as.revocation_endpoint, {method: 'POST', headers: {'Content-Type': 'application/x-www-form-urlencoded'},
  body: new URLSearchParams({token: tokenA, client_id: client.client_id})});
check("A's revoked token -> 401", (await rpc(tokenA, sA, 'tools/list')).status === 401);
check("B still works after A's revocation", (await rpc(tokenB, sB, 'tools/list')).status === 200);
const tokenA2 = await token(A.pair('agent-a2'));
A.run('tenant', 'suspend', '--server', base);
const suspended = await rpc(tokenA2, null, 'initialize', {protocolVersion: '2025-11-25', capabilities: {},
                                                          clientInfo: {name: 'isolation', version: '1'}});
check('a suspended tenant serves no agent -> 403', suspended.status === 403, String(suspended.status));
check("B still works while A is suspended", (await rpc(tokenB, sB, 'tools/list')).status === 200);

console.log(`isolation: ${passed} passed, ${failures} failed`);
process.exit(failures === 0 ? 0 : 1);
