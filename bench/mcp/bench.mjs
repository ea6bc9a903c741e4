// bench/mcp: tools/call throughput and p50/p99 latency of signet_get_proof (SD-JWT presentation)
// over Streamable HTTP with keep-alive, against the TypeScript SDK's reference server doing one
// Ed25519 signature per call (reference_server.mjs), measured in the same run with the same
// load generator (autocannon, in this process; both servers are separate processes).
//
// usage: node bench.mjs SIGNET_BINARY [SECONDS=10] [CONNECTIONS=16]
import {spawn, execFileSync} from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import {fileURLToPath} from 'node:url';
import autocannon from 'autocannon';

const [signet, seconds = '10', connections = '16'] = process.argv.slice(2);
const here = path.dirname(fileURLToPath(import.meta.url));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signet-mcp-bench-'));
const env = {...process.env, SIGNET_DATA_DIR: path.join(dir, 'data'), SIGNET_HOLDER__KDF_OPS: '2',
             SIGNET_HOLDER__KDF_MEMORY: '19MiB', SIGNET_MCP__AUTH: 'none', SIGNET_LOG__ACCESS: 'false',
             // The limiter runs (its cost is measured) but never refuses: one client sends it all.
             SIGNET_LIMITS__IP_REQUESTS_PER_MINUTE: '10000000',
             SIGNET_LIMITS__TENANT_REQUESTS_PER_MINUTE: '10000000'};
const pass = path.join(dir, 'pass');
fs.writeFileSync(pass, 'correct horse battery staple\n');
const run = (...a) => execFileSync(signet, a, {env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']});
run('init', '--passphrase-file', pass, '--json');
run('store', '--label', 'email', '--tier', '1', '--value', 'ada@example.org', '--passphrase-file', pass);
run('store', '--label', 'birthdate', '--tier', '2', '--value', '1990-05-17', '--passphrase-file', pass);
const policy = path.join(dir, 'policy.json');
fs.writeFileSync(policy, JSON.stringify({version: 1, actors: [{id: 'agent:local', role: 'trusted_agent'}],
  rules: [1, 2].map(t => ({id: `t${t}`, kind: 'tier_threshold', tier: t, min_role: 'public'}))}));
run('policy', 'set', policy);

const freePort = () => new Promise(resolve => {
  const s = net.createServer().listen(0, '127.0.0.1', () => { const {port} = s.address(); s.close(() => resolve(port)); });
});
const children = [];
process.on('exit', () => { for (const c of children) c.kill('SIGTERM'); fs.rmSync(dir, {recursive: true, force: true}); });
async function start(cmd, args, url) {
  const child = spawn(cmd, args, {env, stdio: ['ignore', 'ignore', 'inherit']});
  children.push(child);
  for (let i = 0; i < 100; i++) {
    try { await fetch(url, {method: 'DELETE'}); return; } catch {}
    await new Promise(r => setTimeout(r, 100));
  }
  throw new Error(`${cmd} did not start`);
}
const headers = {'Content-Type': 'application/json', Accept: 'application/json, text/event-stream',
                 'MCP-Protocol-Version': '2025-11-25'};
async function session(url) {
  const r = await fetch(url, {method: 'POST', headers, body: JSON.stringify({jsonrpc: '2.0', id: 1, method: 'initialize',
    params: {protocolVersion: '2025-11-25', capabilities: {}, clientInfo: {name: 'bench', version: '1'}}})});
  const sid = r.headers.get('mcp-session-id');
  await r.text();
  const h = {...headers, 'Mcp-Session-Id': sid};
  await (await fetch(url, {method: 'POST', headers: h, body: '{"jsonrpc":"2.0","method":"notifications/initialized"}'})).text();
  return h;
}
const call = tool => JSON.stringify({jsonrpc: '2.0', id: 7, method: 'tools/call', params: {name: tool,
  arguments: {format: 'sd-jwt', audience: 'https://shop.example', nonce: 'n-0123456789abcdef', claims: ['age_over_18', 'email']}}});

async function measure(name, url, tool) {
  const h = await session(url);
  const sample = await (await fetch(url, {method: 'POST', headers: h, body: call(tool)})).json();
  if (!sample.result || sample.result.isError) throw new Error(`${name}: ${JSON.stringify(sample)}`);
  await autocannon({url, method: 'POST', headers: h, body: call(tool), connections: Number(connections), duration: 2});
  const r = await autocannon({url, method: 'POST', headers: h, body: call(tool), connections: Number(connections),
                              duration: Number(seconds)});
  if (r.non2xx || r.errors) throw new Error(`${name}: ${r.non2xx} non-2xx, ${r.errors} errors`);
  const out = {name, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99};
  console.log(`${name.padEnd(34)} ${out.rps.toFixed(0).padStart(7)} req/s  p50 ${out.p50} ms  p99 ${out.p99} ms`);
  return out;
}

const sPort = await freePort();
const rPort = await freePort();
const sUrl = `http://127.0.0.1:${sPort}/mcp`;
const rUrl = `http://127.0.0.1:${rPort}/mcp`;
await start(signet, ['serve', '--listen', `127.0.0.1:${sPort}`], sUrl);
await start('node', [path.join(here, 'reference_server.mjs'), String(rPort)], rUrl);
console.log(`tools/call over Streamable HTTP, keep-alive, ${connections} connections, ${seconds}s (after 2s warm-up)`);
const ours = await measure('signet signet_get_proof (sd-jwt)', sUrl, 'signet_get_proof');
const ref = await measure('TS SDK reference (1 Ed25519 sign)', rUrl, 'get_proof');
console.log(`throughput ratio signet/reference: ${(ours.rps / ref.rps).toFixed(2)}x (target >= 3x)`);
console.log(`p99 ratio signet/reference: ${(ours.p99 / ref.p99).toFixed(2)} (target <= 0.5)`);
process.exit(0);
