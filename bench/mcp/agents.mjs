// Shared by the scale benchmarks (bench/tenancy/mcp.mjs, bench/replicas/load.mjs): MCP agents
// that authenticate the real way, and a load loop that checks every answer.
//
//   connectAgents(base, resource, pairings)  one OAuth 2.1 agent per pairing code (docs/mcp.md,
//     "Remote connector"): dynamic client registration (once), GET /authorize with PKCE S256,
//     the consent form posted with the pairing code, the code exchanged at /token; then an MCP
//     session opened with the access token. Returns the headers of each session.
//   measure(...)  autocannon for a fixed time over keep-alive connections; request i uses
//     headers[i mod n] and bodies[i mod m] (round-robin over sessions, hence over tenants) and
//     every response goes through `check`; any failure fails the run.
import {createHash, randomBytes} from 'node:crypto';
import autocannon from 'autocannon';

const b64url = buf => buf.toString('base64url');
const redirectUri = 'http://127.0.0.1:7777/callback';
const scope = 'signet:proofs signet:query signet:capabilities signet:notes';
export const mcpHeaders = {'Content-Type': 'application/json', Accept: 'application/json, text/event-stream',
                           'MCP-Protocol-Version': '2025-11-25'};

async function expectOk(response, what) {
  const text = await response.text();
  if (!response.ok) throw new Error(`${what}: HTTP ${response.status} ${text.slice(0, 300)}`);
  return text;
}

// registerClient registers one public OAuth client (clients are not per tenant).
export async function registerClient(base) {
  const r = await fetch(`${base}/register`, {method: 'POST', headers: {'Content-Type': 'application/json'},
    body: JSON.stringify({redirect_uris: [redirectUri], client_name: 'bench', token_endpoint_auth_method: 'none'})});
  return JSON.parse(await expectOk(r, 'register')).client_id;
}

// accessToken redeems one pairing code through /authorize and /token.
async function accessToken(base, resource, clientId, pairingCode) {
  const verifier = b64url(randomBytes(32));
  const challenge = b64url(createHash('sha256').update(verifier).digest());
  const state = b64url(randomBytes(12));
  const query = new URLSearchParams({client_id: clientId, redirect_uri: redirectUri, response_type: 'code',
    code_challenge: challenge, code_challenge_method: 'S256', state, scope, resource});
  const page = await expectOk(await fetch(`${base}/authorize?${query}`), 'authorize');
  const requestId = /name="request_id" value="([0-9a-f]+)"/.exec(page)?.[1];
  if (!requestId) throw new Error('authorize: no request_id on the consent page');
  const consent = await fetch(`${base}/authorize`, {method: 'POST', redirect: 'manual',
    headers: {'Content-Type': 'application/x-www-form-urlencoded'},
    body: new URLSearchParams({request_id: requestId, pairing_code: pairingCode, decision: 'approve'})});
  await consent.text();
  const location = consent.headers.get('location');
  if (consent.status !== 302 || !location) throw new Error(`consent: HTTP ${consent.status}`);
  const back = new URL(location).searchParams;
  if (back.get('state') !== state || !back.get('code')) throw new Error(`consent: ${location}`);
  const token = await fetch(`${base}/token`, {method: 'POST',
    headers: {'Content-Type': 'application/x-www-form-urlencoded'},
    body: new URLSearchParams({grant_type: 'authorization_code', code: back.get('code'), redirect_uri: redirectUri,
                               client_id: clientId, code_verifier: verifier, resource})});
  return JSON.parse(await expectOk(token, 'token')).access_token;
}

// openSession initializes an MCP session with the token; returns the headers for later calls.
async function openSession(mcpUrl, token) {
  const auth = {...mcpHeaders, Authorization: `Bearer ${token}`};
  const r = await fetch(mcpUrl, {method: 'POST', headers: auth, body: JSON.stringify({jsonrpc: '2.0', id: 1,
    method: 'initialize', params: {protocolVersion: '2025-11-25', capabilities: {},
                                   clientInfo: {name: 'bench', version: '1'}}})});
  await expectOk(r, 'initialize');
  const session = r.headers.get('mcp-session-id');
  if (!session) throw new Error('initialize: no Mcp-Session-Id');
  const h = {...auth, 'Mcp-Session-Id': session};
  const n = await fetch(mcpUrl, {method: 'POST', headers: h,
                                 body: '{"jsonrpc":"2.0","method":"notifications/initialized"}'});
  await n.text();
  if (n.status !== 202) throw new Error(`notifications/initialized: HTTP ${n.status}`);
  return h;
}

// connectAgents runs the OAuth flow and opens one MCP session per pairing ({tenant,
// pairing_code}), `parallel` at a time; returns [{tenant, headers}] in the pairings' order.
export async function connectAgents(base, resource, pairings, parallel = 8) {
  const clientId = await registerClient(base);
  const out = new Array(pairings.length);
  let next = 0;
  async function worker() {
    while (next < pairings.length) {
      const i = next++;
      const token = await accessToken(base, resource, clientId, pairings[i].pairing_code);
      out[i] = {tenant: pairings[i].tenant, headers: await openSession(`${base}/mcp`, token)};
    }
  }
  await Promise.all(Array.from({length: parallel}, worker));
  return out;
}

// proofCall is the tools/call of bench/mcp: an SD-JWT VC presentation with key binding.
export const proofCall = (audience = 'https://shop.example', nonce = 'n-0123456789abcdef') => JSON.stringify({
  jsonrpc: '2.0', id: 7, method: 'tools/call', params: {name: 'signet_get_proof',
    arguments: {format: 'sd-jwt', audience, nonce, claims: ['age_over_18', 'email']}}});

// toolOk checks a tools/call answer: HTTP 200 and a CallToolResult that is not an error.
export function toolOk(status, body) {
  if (status !== 200) return false;
  try {
    const m = JSON.parse(body);
    return m.result !== undefined && m.result.isError === false;
  } catch {
    return false;
  }
}

// verifyOk checks a /verify answer: HTTP 200 and valid: true.
export function verifyOk(status, body) {
  if (status !== 200) return false;
  try {
    return JSON.parse(body).valid === true;
  } catch {
    return false;
  }
}

// measure drives `url` with POSTs for `seconds` (after `warmup` seconds) and returns
// {name, rps, p50, p99, requests}. Throws when any response fails `check` or the transport fails.
export async function measure({name, url, headers, bodies, check, seconds, connections, warmup = 2}) {
  let i = 0;
  let failed = 0;
  let sample = '';
  const requests = [{
    method: 'POST',
    setupRequest: req => {
      const k = i++;
      return {...req, headers: headers[k % headers.length], body: bodies[k % bodies.length]};
    },
    onResponse: (status, body) => {
      if (!check(status, body)) {
        if (failed++ === 0) sample = `HTTP ${status} ${String(body).slice(0, 300)}`;
      }
    },
  }];
  const run = duration => autocannon({url, connections, duration, requests});
  if (warmup > 0) await run(warmup);
  if (failed) throw new Error(`${name}: ${failed} failed checks in the warm-up (first: ${sample})`);
  const r = await run(seconds);
  const total = r.requests.total;
  if (failed || r.errors || r.timeouts || r.non2xx) {
    throw new Error(`${name}: ${failed} failed checks of ${total} (first: ${sample}), ` +
                    `${r.errors} errors, ${r.timeouts} timeouts, ${r.non2xx} non-2xx`);
  }
  return {name, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, requests: total};
}

export const line = m =>
  `${m.name.padEnd(30)} ${m.rps.toFixed(0).padStart(7)} req/s  p50 ${m.p50} ms  p99 ${m.p99} ms  (${m.requests} checked)`;

// serverCounters reads a server's own /metrics: successful signet_get_proof calls, audit-chain
// appends (each a durable write) and the seconds they took.
export async function serverCounters(base) {
  const text = await (await fetch(`${base}/metrics`)).text();
  const value = (name, ...labels) => {
    for (const l of text.split('\n')) {
      if (l.startsWith(`${name}{`) && labels.every(x => l.includes(x))) return Number(l.slice(l.lastIndexOf(' ') + 1));
    }
    return 0;
  };
  const audit = ['op="append"', 'store="audit"'];
  return {calls: value('signet_mcp_tool_calls_total', 'outcome="ok"', 'tool="signet_get_proof"'),
          appends: value('signet_storage_operation_duration_seconds_count', ...audit),
          appendSeconds: value('signet_storage_operation_duration_seconds_sum', ...audit)};
}
