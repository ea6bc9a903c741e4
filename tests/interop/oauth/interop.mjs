// OAuth 2.1 interop: independent clients drive Signet's own authorization server on the real
// binary (`signet serve`, mcp.auth: oauth, 127.0.0.1):
//   - oauth4webapi: RFC 9728 + RFC 8414 discovery, RFC 7591 registration, PKCE S256
//     authorization request, RFC 9207 iss check, code exchange and refresh WITH DPoP (RFC 9449),
//     refresh rotation, reuse of a rotated refresh token, RFC 7009 revocation;
//   - the consent page is fetched and the pairing code from `signet agent pair` posted with fetch
//     (flow B: instead, `signet agent approve` approves the approval code the page shows);
//   - the MCP TypeScript SDK client lists and calls a tool with DPoP-bound tokens whose proofs the
//     `dpop` package makes for every request;
//   - http-message-signatures 1.0.6 signs a /mcp request with the same Ed25519 key (RFC 9421:
//     @method @target-uri authorization content-digest; created, expires, nonce, keyid = jkt);
//     a replayed or tampered signed request is refused;
//   - refusals: no/bad token -> 401 naming resource_metadata, a bound token as Bearer -> 401, a
//     replayed DPoP proof -> 401, a tool outside the token's scope -> 403 insufficient_scope,
//     revoked token -> 401, `signet agent revoke` ends a session, a replayed code revokes the
//     session it made;
//   - a client ID metadata document served over https from loopback (test-only setting)
//     replaces registration; a redirecting document is refused.
//
// usage: node interop.mjs SIGNET_BINARY
import {spawn, execFileSync} from 'node:child_process';
import {createHash} from 'node:crypto';
import * as fs from 'node:fs';
import * as https from 'node:https';
import * as os from 'node:os';
import * as path from 'node:path';
import * as oauth from 'oauth4webapi';
import * as DPoP from 'dpop';
import {httpbis} from 'http-message-signatures';
import {Client} from '@modelcontextprotocol/sdk/client/index.js';
import {StreamableHTTPClientTransport} from '@modelcontextprotocol/sdk/client/streamableHttp.js';
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

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signet-oauth-'));
const env = {...process.env, SIGNET_DATA_DIR: path.join(dir, 'data'), SIGNET_HOLDER__KDF_OPS: '2',
             SIGNET_HOLDER__KDF_MEMORY: '19MiB', SIGNET_MCP__AUTH: 'oauth'};
const pass = path.join(dir, 'pass');
fs.writeFileSync(pass, 'correct horse battery staple\n');
const run = (...args) => execFileSync(signet, args, {env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']});
run('init', '--passphrase-file', pass, '--json');
run('store', '--label', 'email', '--tier', '1', '--value', 'ada@example.org', '--passphrase-file', pass);
const policyFile = path.join(dir, 'policy.json');
fs.writeFileSync(policyFile, JSON.stringify({
  version: 1, actors: [{id: 'agent:claude', role: 'trusted_agent'}],
  rules: [1, 2, 3].map(t => ({id: `t${t}`, kind: 'tier_threshold', tier: t, min_role: 'public'}))}));
run('policy', 'set', policyFile);

// A loopback https server publishes a client ID metadata document (the test-only setting lets
// Signet fetch from loopback; the certificate is trusted through the CA-file setting).
const certFile = path.join(dir, 'cert.pem');
const keyFile = path.join(dir, 'key.pem');
execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
  '-keyout', keyFile, '-out', certFile, '-days', '1', '-subj', '/CN=127.0.0.1',
  '-addext', 'subjectAltName=IP:127.0.0.1'], {stdio: 'ignore'});
let metaPort = 0;  // the kernel's choice, known once it listens
let metadataClientId = '';
const metaServer = https.createServer({key: fs.readFileSync(keyFile), cert: fs.readFileSync(certFile)}, (req, res) => {
  if (req.url === '/oauth/client.json') {
    res.writeHead(200, {'Content-Type': 'application/json'});
    res.end(JSON.stringify({client_id: metadataClientId, client_name: 'metadata client',
                            redirect_uris: ['http://127.0.0.1:7777/callback'], token_endpoint_auth_method: 'none'}));
  } else if (req.url === '/oauth/moved.json') {
    res.writeHead(302, {Location: '/oauth/client.json'});
    res.end();
  } else {
    res.writeHead(404);
    res.end();
  }
});
await new Promise(r => metaServer.listen(0, '127.0.0.1', r));
metaPort = metaServer.address().port;
metadataClientId = `https://127.0.0.1:${metaPort}/oauth/client.json`;
env.SIGNET_MCP__OAUTH__CLIENT_METADATA_ALLOW_LOOPBACK = 'true';
env.SIGNET_MCP__OAUTH__CLIENT_METADATA_CA_FILE = certFile;
let server;
let serverLog = () => '';
const stop = () => { if (server && server.exitCode === null) server.kill('SIGTERM'); };
process.on('exit', code => {
  stop();
  if (code !== 0) console.log(serverLog().split('\n').filter(l => l.includes('oauth')).slice(-20).join('\n'));
  fs.rmSync(dir, {recursive: true, force: true});
});
const started = await serveOnFreePort(port => spawn(
    signet, ['serve', '--listen', `127.0.0.1:${port}`],
    {env: {...env, SIGNET_SERVER__PUBLIC_URL: `http://127.0.0.1:${port}`}, stdio: ['ignore', 'ignore', 'pipe']}));
server = started.child;
serverLog = started.log;
const base = `http://127.0.0.1:${started.port}`;
const mcpUrl = `${base}/mcp`;
env.SIGNET_SERVER__PUBLIC_URL = base;

const insecure = {[oauth.allowInsecureRequests]: true};
const metadataUrl = `${base}/.well-known/oauth-protected-resource/mcp`;
const initialize = JSON.stringify({jsonrpc: '2.0', id: 1, method: 'initialize', params: {
  protocolVersion: '2025-11-25', capabilities: {}, clientInfo: {name: 'raw', version: '1'}}});
const mcpHeaders = {'Content-Type': 'application/json', Accept: 'application/json, text/event-stream'};

// 1. An unauthenticated call names the protected-resource metadata.
{
  const r = await fetch(mcpUrl, {method: 'POST', headers: mcpHeaders, body: initialize});
  const challenge = r.headers.get('www-authenticate') ?? '';
  check('no token -> 401', r.status === 401, String(r.status));
  check('401 names resource_metadata', challenge.includes(`resource_metadata="${metadataUrl}"`), challenge);
  const bad = await fetch(mcpUrl, {method: 'POST', headers: {...mcpHeaders, Authorization: 'Bearer nope'}, body: initialize});
  check('bad token -> 401 invalid_token', bad.status === 401 &&
        (bad.headers.get('www-authenticate') ?? '').includes('error="invalid_token"'));
}

// 2. Discovery of both documents.
const rs = await oauth.processResourceDiscoveryResponse(
  new URL(mcpUrl), await oauth.resourceDiscoveryRequest(new URL(mcpUrl), insecure));
check('RFC 9728 resource', rs.resource === mcpUrl, JSON.stringify(rs));
check('RFC 9728 authorization_servers', JSON.stringify(rs.authorization_servers) === JSON.stringify([base]));
const issuer = new URL(rs.authorization_servers[0]);
const as = await oauth.processDiscoveryResponse(
  issuer, await oauth.discoveryRequest(issuer, {algorithm: 'oauth2', ...insecure}));
check('RFC 8414 issuer exact', as.issuer === base, as.issuer);
check('PKCE S256 only', JSON.stringify(as.code_challenge_methods_supported) === '["S256"]');
check('DPoP algs', as.dpop_signing_alg_values_supported.includes('EdDSA'));

// 3. Dynamic registration.
const redirectUri = 'http://127.0.0.1:7777/callback';
const client = await oauth.processDynamicClientRegistrationResponse(
  await oauth.dynamicClientRegistrationRequest(as, {redirect_uris: [redirectUri], client_name: 'interop <client>',
                                                    token_endpoint_auth_method: 'none'}, insecure));
check('registration returns a client_id', typeof client.client_id === 'string' && client.client_id.length > 10);
{
  const r = await oauth.dynamicClientRegistrationRequest(as, {redirect_uris: ['http://evil.example/cb']}, insecure);
  const body = await r.json();
  check('registration refuses a non-loopback http redirect_uri', r.status === 400 && body.error === 'invalid_redirect_uri');
}

// authorize runs the browser part: consent page, pairing code (or, with approveAs, the owner's
// `signet agent approve` of the code the page shows and Approve with no pairing code), redirect.
// Returns the callback URL.
async function authorize({scope, state, pairing = '', approveAs, wrongFirst = false}) {
  const verifier = oauth.generateRandomCodeVerifier();
  const url = new URL(as.authorization_endpoint);
  url.search = new URLSearchParams({client_id: client.client_id, redirect_uri: redirectUri, response_type: 'code',
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
    state, scope, resource: mcpUrl}).toString();
  const page = await fetch(url);
  const html = await page.text();
  check('consent page is HTML with a strict CSP', page.status === 200 &&
        (page.headers.get('content-security-policy') ?? '').includes("default-src 'none'"), html);
  check('consent page escapes the client name', html.includes('interop &lt;client&gt;') && !html.includes('<client>'));
  const requestId = /name="request_id" value="([0-9a-f]{32})"/.exec(html)?.[1];
  const post = code => fetch(as.authorization_endpoint, {method: 'POST', redirect: 'manual',
    headers: {'Content-Type': 'application/x-www-form-urlencoded'},
    body: new URLSearchParams({request_id: requestId, pairing_code: code, decision: 'approve'})});
  if (wrongFirst) {
    const wrong = await post('AAAA-AAAA-AAAA');
    check('a wrong pairing code shows the page again with a counter', wrong.status === 400 &&
          (await wrong.text()).includes('attempt 1 of 5'));
  }
  if (approveAs) {
    const code = /signet agent approve ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})/.exec(html)?.[1];
    const early = await post('');
    check('Approve before the owner approved shows the page again', early.status === 400 &&
          (await early.text()).includes('Not approved yet'), String(early.status));
    const approved = JSON.parse(run('agent', 'approve', code, '--name', approveAs, '--json'));
    check('signet agent approve names the client', approved.client_name === 'interop <client>' &&
          approved.agent === `agent:${approveAs}` && approved.scope === scope, JSON.stringify(approved));
  }
  const r = await post(pairing);
  check(approveAs ? 'Approve after signet agent approve redirects' : 'the right pairing code redirects',
        r.status === 302, String(r.status));
  return {callback: new URL(r.headers.get('location')), verifier};
}

const pair = name => JSON.parse(run('agent', 'pair', '--name', name, '--json')).pairing_code;

// 4. Flow A: all scopes, DPoP-bound.
const keyPair = await oauth.generateKeyPair('EdDSA');
const dpopHandle = oauth.DPoP(client, keyPair);
const stateA = oauth.generateRandomState();
const a = await authorize({scope: 'signet:proofs signet:query signet:capabilities signet:notes', state: stateA,
                           pairing: pair('claude'), wrongFirst: true});
const paramsA = oauth.validateAuthResponse(as, client, a.callback, stateA);  // checks iss (RFC 9207)
const tokensA = await oauth.processAuthorizationCodeResponse(as, client,
  await oauth.authorizationCodeGrantRequest(as, client, oauth.None(), paramsA, redirectUri, a.verifier,
                                            {DPoP: dpopHandle, additionalParameters: {resource: mcpUrl}, ...insecure}));
check('DPoP-bound token', tokensA.token_type === 'dpop', tokensA.token_type);
check('short-lived access token', tokensA.expires_in > 0 && tokensA.expires_in <= 600);

// The MCP SDK client with a fetch that signs a DPoP proof for every request.
function dpopFetch(accessToken) {
  return async (url, init = {}) => {
    const u = new URL(url);
    const proof = await DPoP.generateProof(keyPair, `${u.origin}${u.pathname}`, init.method ?? 'GET', undefined, accessToken);
    const headers = new Headers(init.headers);
    headers.set('Authorization', `DPoP ${accessToken}`);
    headers.set('DPoP', proof);
    return fetch(url, {...init, headers});
  };
}
{
  const mcp = new Client({name: 'oauth-interop', version: '1.0.0'});
  await mcp.connect(new StreamableHTTPClientTransport(new URL(mcpUrl), {fetch: dpopFetch(tokensA.access_token)}));
  const {tools} = await mcp.listTools();
  check('tools listed over OAuth', tools.length === 7, String(tools.length));
  const proof = await mcp.callTool({name: 'signet_get_proof', arguments: {
    format: 'sd-jwt', audience: 'https://shop.example', nonce: 'n-1234567890abcdef', claims: ['email']}});
  check('a tool call succeeds as agent:claude', !proof.isError, JSON.stringify(proof).slice(0, 400));
  await mcp.close();
}
{
  const asBearer = await fetch(mcpUrl, {method: 'POST', headers: {...mcpHeaders, Authorization: `Bearer ${tokensA.access_token}`}, body: initialize});
  check('a DPoP-bound token sent as Bearer -> 401', asBearer.status === 401, String(asBearer.status));
  const proof = await DPoP.generateProof(keyPair, mcpUrl, 'POST', undefined, tokensA.access_token);
  const send = () => fetch(mcpUrl, {method: 'POST', headers: {...mcpHeaders, Authorization: `DPoP ${tokensA.access_token}`, DPoP: proof}, body: initialize});
  check('a fresh DPoP proof is accepted', (await send()).status === 200);
  const replay = await send();
  check('a replayed DPoP proof -> 401 invalid_dpop_proof', replay.status === 401 &&
        (replay.headers.get('www-authenticate') ?? '').includes('invalid_dpop_proof'));
  const wrongAth = await DPoP.generateProof(keyPair, mcpUrl, 'POST', undefined, 'another-token');
  const r = await fetch(mcpUrl, {method: 'POST', headers: {...mcpHeaders, Authorization: `DPoP ${tokensA.access_token}`, DPoP: wrongAth}, body: initialize});
  check('a proof for another token -> 401', r.status === 401);
}

// RFC 9421: the same key signs the request instead of a DPoP proof.
{
  const jkt = await DPoP.calculateThumbprint(keyPair.publicKey);
  const signed = async (body, nonce) => {
    const digest = `sha-256=:${createHash('sha256').update(body).digest('base64')}:`;
    const req = await httpbis.signMessage({
      key: {id: jkt, alg: 'ed25519', sign: async data => Buffer.from(await crypto.subtle.sign('Ed25519', keyPair.privateKey, data))},
      fields: ['@method', '@target-uri', 'authorization', 'content-digest'],
      params: ['created', 'expires', 'nonce', 'keyid', 'alg'],
      paramValues: {nonce, expires: new Date(Date.now() + 60000)},
    }, {method: 'POST', url: mcpUrl, headers: {...mcpHeaders, Authorization: `DPoP ${tokensA.access_token}`, 'Content-Digest': digest}});
    return req.headers;
  };
  const headers = await signed(initialize, crypto.randomUUID());
  const ok = await fetch(mcpUrl, {method: 'POST', headers, body: initialize});
  check('an RFC 9421 signed request is accepted', ok.status === 200, `${ok.status} ${await ok.text()}`);
  const replay = await fetch(mcpUrl, {method: 'POST', headers, body: initialize});
  check('a replayed signed request -> 401', replay.status === 401, String(replay.status));
  const tampered = await signed(initialize, crypto.randomUUID());
  const bad = await fetch(mcpUrl, {method: 'POST', headers: tampered, body: initialize.replace('raw', 'rax')});
  check('a signed request with another body -> 401', bad.status === 401, String(bad.status));
}

// 5. Refresh rotation; reuse of the rotated-out token revokes the family.
const refreshed = await oauth.processRefreshTokenResponse(as, client,
  await oauth.refreshTokenGrantRequest(as, client, oauth.None(), tokensA.refresh_token, {DPoP: dpopHandle, ...insecure}));
check('refresh rotates the refresh token', refreshed.refresh_token && refreshed.refresh_token !== tokensA.refresh_token);
{
  const reuse = await oauth.refreshTokenGrantRequest(as, client, oauth.None(), tokensA.refresh_token, {DPoP: dpopHandle, ...insecure});
  check('reuse of a rotated refresh token fails', reuse.status === 400 && (await reuse.json()).error === 'invalid_grant');
  const next = await oauth.refreshTokenGrantRequest(as, client, oauth.None(), refreshed.refresh_token, {DPoP: dpopHandle, ...insecure});
  check('... and revokes the whole family', next.status === 400);
  const proof = await DPoP.generateProof(keyPair, mcpUrl, 'POST', undefined, refreshed.access_token);
  const r = await fetch(mcpUrl, {method: 'POST', headers: {...mcpHeaders, Authorization: `DPoP ${refreshed.access_token}`, DPoP: proof}, body: initialize});
  check('... including its access tokens', r.status === 401, String(r.status));
}

// 6. Flow B: a bearer token with only signet:query.
const stateB = oauth.generateRandomState();
const b = await authorize({scope: 'signet:query', state: stateB, approveAs: 'claude'});
const tokensB = await oauth.processAuthorizationCodeResponse(as, client,
  await oauth.authorizationCodeGrantRequest(as, client, oauth.None(), oauth.validateAuthResponse(as, client, b.callback, stateB),
                                            redirectUri, b.verifier, insecure));
check('bearer token without DPoP', tokensB.token_type === 'bearer');
{
  const headers = {...mcpHeaders, Authorization: `Bearer ${tokensB.access_token}`};
  const init = await fetch(mcpUrl, {method: 'POST', headers, body: initialize});
  const session = init.headers.get('mcp-session-id');
  check('bearer initialize', init.status === 200 && session);
  const call = await fetch(mcpUrl, {method: 'POST', headers: {...headers, 'Mcp-Session-Id': session, 'MCP-Protocol-Version': '2025-11-25'},
    body: JSON.stringify({jsonrpc: '2.0', id: 2, method: 'tools/call', params: {name: 'signet_get_proof', arguments: {
      format: 'sd-jwt', audience: 'https://shop.example', nonce: 'n-1234567890abcdef', claims: ['email']}}})});
  const challenge = call.headers.get('www-authenticate') ?? '';
  check('a tool outside the scope -> 403 insufficient_scope', call.status === 403 &&
        challenge.includes('error="insufficient_scope"') && challenge.includes('scope="signet:proofs"'), `${call.status} ${challenge}`);
  const list = JSON.parse(run('agent', 'list', '--json'));
  check('signet agent list shows the live session', list.length === 1 && list[0].agent === 'agent:claude' &&
        list[0].client_name === 'interop <client>' && list[0].dpop_bound === false, JSON.stringify(list));
  const revoke = await oauth.revocationRequest(as, client, oauth.None(), tokensB.access_token, insecure);
  await oauth.processRevocationResponse(revoke);
  const after = await fetch(mcpUrl, {method: 'POST', headers, body: initialize});
  check('revoked access token -> 401', after.status === 401, String(after.status));
  run('agent', 'revoke', list[0].id);
  const r = await oauth.refreshTokenGrantRequest(as, client, oauth.None(), tokensB.refresh_token, insecure);
  check('signet agent revoke ends the refresh token too', r.status === 400);
  check('no sessions left', JSON.parse(run('agent', 'list', '--json')).length === 0);
}

// 7. Flow C: a code used twice fails and revokes the session it made (RFC 6749 §4.1.2).
{
  const stateC = oauth.generateRandomState();
  const c = await authorize({scope: 'signet:query', state: stateC, pairing: pair('claude')});
  const paramsC = oauth.validateAuthResponse(as, client, c.callback, stateC);
  const tokensC = await oauth.processAuthorizationCodeResponse(as, client,
    await oauth.authorizationCodeGrantRequest(as, client, oauth.None(), paramsC, redirectUri, c.verifier, insecure));
  const headers = {...mcpHeaders, Authorization: `Bearer ${tokensC.access_token}`};
  check('flow C token works', (await fetch(mcpUrl, {method: 'POST', headers, body: initialize})).status === 200);
  const again = await oauth.authorizationCodeGrantRequest(as, client, oauth.None(), paramsC, redirectUri, c.verifier, insecure);
  check('the code is single use', again.status === 400 && (await again.json()).error === 'invalid_grant');
  check('... and its replay revokes the session', (await fetch(mcpUrl, {method: 'POST', headers, body: initialize})).status === 401);
  check('no sessions left', JSON.parse(run('agent', 'list', '--json')).length === 0);
}

// 8. Flow D: a client ID metadata document instead of registration.
{
  check('metadata documents announced', as.client_id_metadata_document_supported === true);
  const metaClient = {client_id: metadataClientId, token_endpoint_auth_method: 'none'};
  const verifier = oauth.generateRandomCodeVerifier();
  const url = new URL(as.authorization_endpoint);
  const stateD = oauth.generateRandomState();
  url.search = new URLSearchParams({client_id: metadataClientId, redirect_uri: redirectUri, response_type: 'code',
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
    state: stateD, resource: mcpUrl}).toString();
  const page = await fetch(url);
  const html = await page.text();
  check('the consent page shows the document\'s client name', page.status === 200 && html.includes('metadata client'), html.slice(0, 300));
  const requestId = /name="request_id" value="([0-9a-f]{32})"/.exec(html)?.[1];
  const r = await fetch(as.authorization_endpoint, {method: 'POST', redirect: 'manual',
    headers: {'Content-Type': 'application/x-www-form-urlencoded'},
    body: new URLSearchParams({request_id: requestId, pairing_code: pair('claude'), decision: 'approve'})});
  const params = oauth.validateAuthResponse(as, metaClient, new URL(r.headers.get('location')), stateD);
  const tokens = await oauth.processAuthorizationCodeResponse(as, metaClient,
    await oauth.authorizationCodeGrantRequest(as, metaClient, oauth.None(), params, redirectUri, verifier, insecure));
  check('a metadata-document client gets tokens', typeof tokens.access_token === 'string');
  const moved = new URL(as.authorization_endpoint);
  moved.search = new URLSearchParams({client_id: `https://127.0.0.1:${metaPort}/oauth/moved.json`, redirect_uri: redirectUri,
    response_type: 'code', code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256'}).toString();
  const refused = await fetch(moved, {redirect: 'manual'});
  check('a redirecting metadata document is refused on a page', refused.status === 400 && !refused.headers.get('location'));
  metaServer.close();
}

console.log(`oauth interop: ${passed} passed, ${failures} failed`);
stop();
process.exit(failures === 0 ? 0 : 1);
