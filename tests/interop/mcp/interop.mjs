// MCP interop: the official TypeScript SDK client (@modelcontextprotocol/sdk 1.32.2) drives the
// real `signet` binary over Streamable HTTP (`signet serve`, mcp.auth: none on 127.0.0.1) and over
// stdio (`signet serve --transport stdio`). It lists and calls every tool, reads the resources and
// prompts, and checks the tools' outputs with independent verifiers (@sd-jwt/sd-jwt-vc for SD-JWT
// presentations, @digitalbazaar/bbs-signatures for BBS proofs, paseto for capability tokens).
// Raw HTTP requests then check the transport rules (sessions, versions, Host/Origin, errors).
//
// usage: node interop.mjs SIGNET_BINARY
import {spawn, execFileSync} from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import {Client} from '@modelcontextprotocol/sdk/client/index.js';
import {StreamableHTTPClientTransport} from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {StdioClientTransport} from '@modelcontextprotocol/sdk/client/stdio.js';
import {SDJwtVcInstance} from '@sd-jwt/sd-jwt-vc';
import {digest} from '@sd-jwt/crypto-nodejs';
import * as bbs from '@digitalbazaar/bbs-signatures';
import {PublicProtocol} from 'paseto';
import * as pub from 'paseto/v4/public';
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

// A vault with a few records and a permissive policy for the local agent.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signet-mcp-'));
const env = {...process.env, SIGNET_DATA_DIR: path.join(dir, 'data'), SIGNET_HOLDER__KDF_OPS: '2',
             SIGNET_HOLDER__KDF_MEMORY: '19MiB', SIGNET_MCP__AUTH: 'none'};
const pass = path.join(dir, 'pass');
fs.writeFileSync(pass, 'correct horse battery staple\n');
const run = (...args) => execFileSync(signet, args, {env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']});
const init = JSON.parse(run('init', '--passphrase-file', pass, '--json'));
for (const [label, tier, value] of [['email', 1, 'ada@example.org'], ['birthdate', 2, '1990-05-17'],
                                    ['credit_score', 2, '720'], ['passport', 3, 'X1234567']]) {
  run('store', '--label', label, '--tier', String(tier), '--value', value, '--passphrase-file', pass);
}
const policyFile = path.join(dir, 'policy.json');
fs.writeFileSync(policyFile, JSON.stringify({
  version: 1, actors: [{id: 'agent:local', role: 'trusted_agent'}],
  rules: [1, 2, 3].map(t => ({id: `t${t}`, kind: 'tier_threshold', tier: t, min_role: 'public'}))}));
run('policy', 'set', policyFile);

const identity = crypto.createPublicKey({
  key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), Buffer.from(init.identity, 'hex')]),
  format: 'der', type: 'spki'});

// The issuer of credentials is the server's public URL, for both transports.
let server;
const stop = () => { if (server && server.exitCode === null) server.kill('SIGTERM'); };
process.on('exit', () => {
  stop();
  fs.rmSync(dir, {recursive: true, force: true});
});
const started = await serveOnFreePort(port => spawn(
    signet, ['serve', '--listen', `127.0.0.1:${port}`],
    {env: {...env, SIGNET_SERVER__PUBLIC_URL: `http://127.0.0.1:${port}`}, stdio: ['ignore', 'ignore', 'pipe']}));
server = started.child;
const base = `http://127.0.0.1:${started.port}`;
env.SIGNET_SERVER__PUBLIC_URL = base;
const issuer = `${base}/t/${init.tenant}`;
const serverLog = started.log();
check('the no-auth mode is logged loudly', serverLog.includes('MCP AUTHENTICATION IS OFF'));

const nonce = crypto.randomBytes(16).toString('base64url');
const sdjwt = new SDJwtVcInstance({
  hasher: digest, hashAlg: 'sha-256',
  verifier: async (data, sig) => crypto.verify(null, Buffer.from(data), identity, Buffer.from(sig, 'base64url')),
  kbVerifier: async (data, sig, payload) => crypto.verify(
    null, Buffer.from(data), crypto.createPublicKey({key: payload.cnf.jwk, format: 'jwk'}),
    Buffer.from(sig, 'base64url')),
});
const kbOf = p => JSON.parse(Buffer.from(p.split('~').pop().split('.')[1], 'base64url').toString());
const rejects = async p => { try { await p; return false; } catch { return true; } };
const v4 = new PublicProtocol(pub.GenerateKeyPairFactory, pub.SignFactory, pub.VerifyFactory,
  pub.ImportPublicKeyFactory, pub.ImportSecretKeyFactory, pub.ExportPublicKeyFactory, pub.ExportSecretKeyFactory);

// Every tool through one connected client; `label` names the transport in failures.
async function exerciseTools(client, label) {
  const {tools} = await client.listTools();
  const names = tools.map(t => t.name).sort();
  check(`${label}: seven tools listed`, JSON.stringify(names) === JSON.stringify(
    ['signet_check_status', 'signet_get_proof', 'signet_list', 'signet_negotiate_context', 'signet_query',
     'signet_request_capability', 'signet_store']), JSON.stringify(names));
  for (const t of tools) {
    check(`${label}: ${t.name} has a schema with required fields and a description`,
      t.inputSchema.type === 'object' && t.description.length > 80);
  }
  const call = (name, args) => client.callTool({name, arguments: args});

  const sd = await call('signet_get_proof', {format: 'sd-jwt', audience: 'https://shop.example', nonce,
                                             claims: ['age_over_18', 'email']});
  check(`${label}: sd-jwt proof`, !sd.isError, JSON.stringify(sd));
  if (!sd.isError) {
    const p = sd.structuredContent.presentation;
    const v = await sdjwt.verify(p, {keyBindingNonce: nonce, requiredClaimKeys: ['age_over_18']});
    check(`${label}: @sd-jwt verifies the presentation`, v.payload.age_over_18 === true &&
      v.payload.email === 'ada@example.org' && v.payload.iss === issuer);
    check(`${label}: the presentation is bound to the audience`, kbOf(p).aud === 'https://shop.example');
    check(`${label}: @sd-jwt refuses another nonce`, await rejects(sdjwt.verify(p, {keyBindingNonce: 'other'})));
    check(`${label}: no Tier-2 value leaks`, !p.includes('1990'));
  }

  const b = await call('signet_get_proof', {format: 'bbs', audience: 'shop.example', nonce, claims: ['age_over_21']});
  check(`${label}: bbs proof`, !b.isError, JSON.stringify(b));
  if (!b.isError) {
    const s = b.structuredContent;
    const enc = x => new TextEncoder().encode(x);
    const args = {publicKey: Buffer.from(s.public_key, 'base64url'), proof: Buffer.from(s.proof, 'base64url'),
                  header: enc(s.header), presentationHeader: enc(s.presentation_header),
                  disclosedMessages: s.disclosed_messages.map(d => enc(d.message)),
                  disclosedMessageIndexes: s.disclosed_messages.map(d => d.index),
                  ciphersuite: bbs.CIPHERSUITES.BLS12381_SHA256};
    check(`${label}: @digitalbazaar/bbs-signatures verifies the proof`, await bbs.verifyProof(args));
    check(`${label}: ... and refuses another presentation header`,
      !(await bbs.verifyProof({...args, presentationHeader: enc('{}')}).catch(() => false)));
  }

  const r = await call('signet_get_proof', {format: 'range', audience: 'bank.example', nonce,
                                            predicate: {label: 'credit_score', op: 'at_least', lower: '700'}});
  check(`${label}: range proof`, !r.isError && typeof r.structuredContent.proof === 'string', JSON.stringify(r));
  if (!r.isError) {
    const v = await sdjwt.verify(r.structuredContent.credential, {keyBindingNonce: nonce});
    check(`${label}: the range proof's commitment credential verifies`,
      v.payload.commitment?.pedersen?.commitment === r.structuredContent.commitment);
  }

  const q1 = await call('signet_query', {label: 'email', ask: 'value'});
  check(`${label}: Tier-1 value`, q1.structuredContent?.value === 'ada@example.org', JSON.stringify(q1));
  const q2 = await call('signet_query', {label: 'birthdate', ask: 'value'});
  check(`${label}: Tier-2 value refused`, q2.isError === true && !JSON.stringify(q2).includes('1990'));
  const q3 = await call('signet_query', {label: 'birthdate', ask: 'age_at_least', operand: '21'});
  check(`${label}: Tier-2 conclusion`, q3.structuredContent?.answer === true, JSON.stringify(q3));
  const q4 = await call('signet_query', {label: 'passport', ask: 'value'});
  check(`${label}: no Tier-3 value without the owner`, !JSON.stringify(q4).includes('X1234567'));
  if (label === 'http') {  // the server's approval service files the request for the owner
    check(`${label}: Tier 3 suspends for the owner's approval`,
      q4.isError === false && q4.structuredContent?.status === 'pending', JSON.stringify(q4));
    const polled = await call('signet_check_status', {request_id: q4.structuredContent?.request_id});
    check(`${label}: signet_check_status reports it pending`,
      polled.structuredContent?.status === 'pending' && !JSON.stringify(polled).includes('X1234567'),
      JSON.stringify(polled));
    // The owner approves from the holder device (device-signed, releases the Tier-3 key).
    const pending = JSON.parse(run('approvals', 'list', '--server', base, '--json', '--passphrase-file', pass));
    const apr = pending.approvals[0].payload.data.request_id;
    run('approvals', 'approve', apr, '--server', base, '--passphrase-file', pass);
    const done = await call('signet_check_status', {request_id: q4.structuredContent?.request_id});
    check(`${label}: once the owner approves, signet_check_status returns the value`,
      done.structuredContent?.status === 'approved' &&
      done.structuredContent?.result?.structuredContent?.value === 'X1234567', JSON.stringify(done));
  } else {  // stdio has no approval channel: fail closed
    check(`${label}: Tier 3 fails closed without an approval channel`,
      q4.isError === true && q4.structuredContent?.status === 'approval_unavailable', JSON.stringify(q4));
  }

  const cap = await call('signet_request_capability', {audience: 'shop.example', purpose: 'checkout',
                                                       max_amount: {value: '49.90', currency: 'EUR'}});
  check(`${label}: capability token`, !cap.isError, JSON.stringify(cap));
  if (!cap.isError) {
    const token = cap.structuredContent.presentation.split('~')[0];
    const key = await v4.ImportPublicKey(`k4.public.${Buffer.from(init.identity, 'hex').toString('base64url')}`);
    const v = await v4.Verify(key, token, {implicitAssertion: new TextEncoder().encode('signet:capability:v1'),
                                           audience: 'shop.example', issuer});
    check(`${label}: paseto verifies the capability token`, v.claims.aud === 'shop.example');
  }

  const neg = await call('signet_negotiate_context', {counterparty: 'https://shop.example', purpose: 'age check',
                                                      requests: [{item: 'birthdate'}, {item: 'email'}]});
  const decisions = Object.fromEntries((neg.structuredContent?.decisions ?? []).map(d => [d.item, d.decision]));
  check(`${label}: negotiation counters Tier 2 and accepts Tier 1`,
    decisions.birthdate === 'counter' && decisions.email === 'accept', JSON.stringify(neg));

  const st = await call('signet_check_status', {request_id: 'apr_unknown'});
  check(`${label}: unknown approval id is an isError result`, st.isError === true, JSON.stringify(st));

  const key = `k${label}`;
  const stored = await call('signet_store', {key, value: 'flat white', tier: 1});
  check(`${label}: note stored`, !stored.isError, JSON.stringify(stored));
  const listed = await call('signet_list', {});
  check(`${label}: note listed`, JSON.stringify(listed.structuredContent ?? {}).includes(key), JSON.stringify(listed));

  const bad = await call('signet_get_proof', {format: 'nope', audience: 'a', nonce});
  check(`${label}: arguments outside the schema give isError`, bad.isError === true);
  let unknown = null;
  try { await call('no_such_tool', {}); } catch (e) { unknown = e; }
  check(`${label}: unknown tool is JSON-RPC -32602`, unknown?.code === -32602, String(unknown));

  const {resources} = await client.listResources();
  check(`${label}: three resources`, resources.length === 3);
  for (const res of resources) {
    const c = await client.readResource({uri: res.uri});
    check(`${label}: resource ${res.uri} reads`, c.contents.length === 1 && typeof c.contents[0].text === 'string');
  }
  const {prompts} = await client.listPrompts();
  check(`${label}: prompts listed`, prompts.length > 0);
  for (const p of prompts) {
    const args = Object.fromEntries((p.arguments ?? []).map(a => [a.name, 'shop.example']));
    const got = await client.getPrompt({name: p.name, arguments: args});
    check(`${label}: prompt ${p.name} renders`, got.messages.length > 0);
  }
  check(`${label}: ping`, JSON.stringify(await client.ping()) === '{}');
}

// 1. Streamable HTTP through the SDK.
{
  const client = new Client({name: 'signet-interop', version: '1.0.0'});
  const transport = new StreamableHTTPClientTransport(new URL(`${base}/mcp`));
  await client.connect(transport);
  check('http: session id issued', /^mcps_/.test(transport.sessionId ?? ''));
  check('http: protocol 2025-11-25 negotiated', transport.protocolVersion === '2025-11-25');
  check('http: server info', client.getServerVersion()?.name === 'signet');
  await exerciseTools(client, 'http');
  await transport.terminateSession();
  check('http: session ended by DELETE', transport.sessionId === undefined);
  await client.close();
}

// 2. The transport rules, with raw requests.
{
  const url = `${base}/mcp`;
  const headers = {'Content-Type': 'application/json', Accept: 'application/json, text/event-stream'};
  const post = (body, extra = {}) => fetch(url, {method: 'POST', headers: {...headers, ...extra},
                                                 body: typeof body === 'string' ? body : JSON.stringify(body)});
  const initBody = (v = '2025-06-18') => ({jsonrpc: '2.0', id: 1, method: 'initialize',
    params: {protocolVersion: v, capabilities: {}, clientInfo: {name: 'raw', version: '1'}}});
  const init1 = await post(initBody());
  const sid = init1.headers.get('mcp-session-id');
  check('raw: initialize gives a session id', init1.status === 200 && !!sid);
  check('raw: 2025-06-18 accepted', (await init1.json()).result.protocolVersion === '2025-06-18');
  const s = {'Mcp-Session-Id': sid, 'MCP-Protocol-Version': '2025-06-18'};
  check('raw: initialized notification -> 202',
    (await post({jsonrpc: '2.0', method: 'notifications/initialized'}, s)).status === 202);
  const list = {jsonrpc: '2.0', id: 2, method: 'tools/list'};
  check('raw: missing session -> 400', (await post(list)).status === 400);
  check('raw: unknown session -> 404',
    (await post(list, {...s, 'Mcp-Session-Id': `mcps_${'A'.repeat(43)}`})).status === 404);
  check('raw: bad MCP-Protocol-Version -> 400',
    (await post(list, {...s, 'MCP-Protocol-Version': '1999-01-01'})).status === 400);
  check('raw: foreign Host -> 403', await new Promise(resolve => {
    const req = http.request(url, {method: 'POST', headers: {...headers, ...s, Host: 'evil.example'}},
                             res => { res.resume(); resolve(res.statusCode === 403); });
    req.on('error', () => resolve(false));
    req.end(JSON.stringify(list));
  }));
  check('raw: foreign Origin -> 403', (await post(list, {...s, Origin: 'https://evil.example'})).status === 403);
  check('raw: GET -> 405', (await fetch(url, {headers: {Accept: 'text/event-stream'}})).status === 405);
  check('raw: wrong content type -> 415', (await post(list, {...s, 'Content-Type': 'text/plain'})).status === 415);
  const parse = await post('{"jsonrpc":', s);
  check('raw: parse error -> 400 / -32700', parse.status === 400 && (await parse.json()).error.code === -32700);
  const invalid = await post({jsonrpc: '2.0', id: 3}, s);
  check('raw: invalid request -> -32600', (await invalid.json()).error?.code === -32600);
  const unknown = await post({jsonrpc: '2.0', id: 4, method: 'no/such'}, s);
  check('raw: unknown method -> -32601', (await unknown.json()).error?.code === -32601);
  const badParams = await post({jsonrpc: '2.0', id: 5, method: 'tools/call', params: {}}, s);
  check('raw: tools/call without a name -> -32602', (await badParams.json()).error?.code === -32602);
  const big = await post({jsonrpc: '2.0', id: 6, method: 'ping', params: {pad: 'x'.repeat(300 * 1024)}}, s);
  check('raw: oversized body -> 413', big.status === 413);
  const sse = await post(list, {...s, Accept: 'text/event-stream'});
  const sseText = await sse.text();
  check('raw: SSE answer when only SSE is accepted',
    sse.headers.get('content-type').startsWith('text/event-stream') &&
    JSON.parse(sseText.split('data: ')[1]).result.tools.length === 7);
  check('raw: a client response -> 202', (await post({jsonrpc: '2.0', id: 'x', result: {}}, s)).status === 202);
  check('raw: DELETE -> 204', (await fetch(url, {method: 'DELETE', headers: s})).status === 204);
  check('raw: the deleted session is unknown -> 404', (await post(list, s)).status === 404);
}
stop();

// 3. stdio through the SDK.
{
  const client = new Client({name: 'signet-interop', version: '1.0.0'});
  const transport = new StdioClientTransport({command: signet, args: ['serve', '--transport', 'stdio'],
                                              env, stderr: 'pipe'});
  let stderr = '';
  transport.stderr?.on('data', d => { stderr += d; });
  await client.connect(transport);
  await exerciseTools(client, 'stdio');
  await client.close();
  check('stdio: logs go to stderr', stderr.includes('stdio transport ready'), stderr);
}

console.log(`mcp interop: ${passed} passed, ${failures} failed`);
process.exit(failures ? 1 : 0);
