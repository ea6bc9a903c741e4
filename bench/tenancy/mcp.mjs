// The cost of tenancy for agents (issue 11 point 7): MCP tools/call throughput (signet_get_proof,
// SD-JWT VC + KB-JWT, the call of bench/mcp) when the sessions belong to 1 tenant vs to 1,000
// tenants of the same server, in one run, same configuration (embedded storage, mcp.auth: oauth,
// one policy for every tenant via mcp.policy_file).
//
// tenancy_gen registers the tenants and provisions each vault (email Tier 1, birthdate Tier 2)
// and pairing codes, as `signet init`, `signet store` and `signet agent pair` do on the server.
// Every agent then authenticates the real way: OAuth registration, /authorize + consent with its
// pairing code, PKCE code exchange at /token, an MCP session with the access token. Both servers
// get the same number of sessions (TENANTS): 1 tenant x TENANTS agents vs TENANTS tenants x 1
// agent; autocannon sends tools/call round-robin over the sessions (hence over the tenants), and
// every answer must be a successful tool result (not isError), else the run fails.
//
//   [STORAGE=hosted] node bench/tenancy/mcp.mjs [BUILD_DIR=build/ci] [SECONDS=8] [CONNECTIONS=16]
//                                               [TENANTS=1000]
//
// STORAGE=hosted puts both servers on one PostgreSQL 15 + one Swift/s3api (tests/services/), each
// server with its own database and bucket, instead of each on its own embedded store.
//
// Prints req/s, p50/p99 for both, best of 2 alternating rounds, and the ratio many/one (1.00 =
// tenancy costs nothing). Everything listens on 127.0.0.1 and is stopped by pid; the temp dir
// is removed.
import {spawn, execFileSync} from 'node:child_process';
import {createHmac} from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import {fileURLToPath} from 'node:url';
import {connectAgents, line, measure, proofCall, serverCounters, toolOk} from '../mcp/agents.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const [build = path.join(here, '../../build/ci'), seconds = '8', connections = '16', many = '1000'] =
  process.argv.slice(2);
const signet = path.join(build, 'signet');
const gen = path.join(build, 'bench/tenancy/tenancy_gen');
for (const f of [signet, gen]) if (!fs.existsSync(f)) throw new Error(`build signet and tenancy_gen: no ${f}`);

const hosted = process.env.STORAGE === 'hosted';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signet-tenancy-mcp-'));
fs.chmodSync(dir, 0o755);  // postgres runs as its own user
const children = [];
const services = [];
process.on('exit', () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  for (const s of services) {
    try { execFileSync(path.join(here, '../../tests/services', `${s}.sh`), ['stop', path.join(dir, s)], {stdio: 'ignore'}); } catch {}
  }
  fs.rmSync(dir, {recursive: true, force: true});
});
// service starts tests/services/<name>.sh in the temp dir and returns the KEY=value lines it prints.
function service(name) {
  services.push(name);
  const out = execFileSync(path.join(here, '../../tests/services', `${name}.sh`), ['start', path.join(dir, name)],
                           {encoding: 'utf8'});
  return Object.fromEntries(out.trim().split('\n').map(l => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
}
const pg = hosted ? service('postgres') : null;
const s3 = hosted ? service('swift') : null;

// storageYaml gives server `name` its own store: a data directory, or a database and a bucket.
async function storageYaml(name, d) {
  if (!hosted) return `data_dir: ${d}/data\n`;
  fs.mkdirSync(path.join(d, 'data'), {mode: 0o700});  // holds the KEK
  execFileSync('psql', [pg.DSN, '-qc', `CREATE DATABASE ${name}`]);
  fs.writeFileSync(path.join(d, 'dsn'), `${pg.DSN.replace('dbname=postgres', `dbname=${name}`)}\n`);
  fs.writeFileSync(path.join(d, 's3secret'), `${s3.SECRET_KEY}\n`);
  // The bucket: an AWS SigV2-signed PUT, which s3api checks.
  const date = new Date().toUTCString();
  const bucket = name.replace('_', '-');
  const sig = createHmac('sha1', s3.SECRET_KEY).update(`PUT\n\n\n${date}\n/${bucket}`).digest('base64');
  const r = await fetch(`http://127.0.0.1:${s3.PORT}/${bucket}`, {method: 'PUT',
    headers: {Date: date, Authorization: `AWS ${s3.ACCESS_KEY}:${sig}`}});
  if (!r.ok) throw new Error(`bucket ${bucket}: HTTP ${r.status} ${await r.text()}`);
  return `data_dir: ${d}/data
storage:
  kind: hosted
  postgres:
    dsn_file: ${d}/dsn
  s3:
    endpoint: http://127.0.0.1:${s3.PORT}
    allow_http: true
    bucket: ${bucket}
    access_key_id: ${s3.ACCESS_KEY}
    secret_key_file: ${d}/s3secret
`;
}
const freePort = () => new Promise(resolve => {
  const s = net.createServer().listen(0, '127.0.0.1', () => { const {port} = s.address(); s.close(() => resolve(port)); });
});
const policy = path.join(dir, 'policy.json');
fs.writeFileSync(policy, JSON.stringify({version: 1, actors: [{id: 'agent:bench', role: 'trusted_agent'}],
  rules: [1, 2].map(t => ({id: `t${t}`, kind: 'tier_threshold', tier: t, min_role: 'public'}))}));

// start registers `tenants` tenants with `agents` pairing codes each in a fresh data directory,
// serves it and connects every agent; returns {base, sessions}.
async function start(tenants, agents) {
  const d = path.join(dir, `t${tenants}`);
  fs.mkdirSync(d);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const config = path.join(d, 'signet.yaml');
  fs.writeFileSync(config, `${await storageYaml(`signet_t${tenants}`, d)}log:
  access: false
server:
  public_url: ${base}
mcp:
  auth: oauth
  policy_file: ${policy}
limits:  # the limiter runs but never refuses: autocannon is one client address
  ip_requests_per_minute: 10000000
  tenant_requests_per_minute: 10000000
  # The single tenant holds all the sessions; this quota is checked at initialize only.
  tenant_sessions: 0
`);
  if (hosted) execFileSync(signet, ['migrate', '--config', config], {stdio: ['ignore', 'ignore', 'pipe']});
  const t0 = Date.now();
  const pairings = execFileSync(gen, ['--config', config, '--tenants', String(tenants), '--agents', String(agents)],
                                {encoding: 'utf8', maxBuffer: 64 << 20}).trim().split('\n').map(l => JSON.parse(l));
  const t1 = Date.now();
  const child = spawn(signet, ['serve', '--config', config, '--listen', `127.0.0.1:${port}`],
                      {stdio: ['ignore', 'ignore', fs.openSync(path.join(d, 'signet.log'), 'w')]});
  children.push(child);
  for (let i = 0; ; i++) {
    try { if ((await fetch(`${base}/healthz`)).ok) break; } catch {}
    if (i > 100 || child.exitCode !== null) throw new Error(fs.readFileSync(path.join(d, 'signet.log'), 'utf8'));
    await new Promise(r => setTimeout(r, 100));
  }
  const sessions = await connectAgents(base, `${base}/mcp`, pairings);
  // One call per session before timing: checks each and warms the server's per-tenant state.
  const body = proofCall();
  let next = 0;
  await Promise.all(Array.from({length: 8}, async () => {
    while (next < sessions.length) {
      const s = sessions[next++];
      const r = await fetch(`${base}/mcp`, {method: 'POST', headers: s.headers, body});
      const text = await r.text();
      if (!toolOk(r.status, text)) throw new Error(`tenant ${s.tenant}: HTTP ${r.status} ${text.slice(0, 300)}`);
    }
  }));
  const tenantsSeen = new Set(sessions.map(s => s.tenant)).size;
  console.log(`${tenants} tenant(s) x ${agents} agent(s): provisioned in ${((t1 - t0) / 1000).toFixed(1)} s, ` +
              `${sessions.length} OAuth agents with MCP sessions over ${tenantsSeen} tenant(s) in ` +
              `${((Date.now() - t1) / 1000).toFixed(1)} s`);
  return {base, url: `${base}/mcp`, headers: sessions.map(s => s.headers)};
}

const n = Number(many);
const one = await start(1, n);
const lots = await start(n, 1);
const load0 = fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const body = [proofCall()];
const opts = {bodies: body, check: toolOk, seconds: Number(seconds), connections: Number(connections)};
const rounds = {one: [], lots: []};
// Each run also reads the server's own counters: audit-chain appends per tool call show how much
// group commit (mcp/audit_batcher.h, one batch per vault) the load allows.
async function run(name, target) {
  const c0 = await serverCounters(target.base);
  const m = await measure({name, url: target.url, headers: target.headers, ...opts});
  const c1 = await serverCounters(target.base);
  const appends = c1.appends - c0.appends;
  m.appendsPerCall = appends / (c1.calls - c0.calls);
  m.appendMs = appends ? (1000 * (c1.appendSeconds - c0.appendSeconds)) / appends : 0;
  return m;
}
for (let round = 0; round < 2; round++) {
  rounds.one.push(await run('1 tenant', one));
  rounds.lots.push(await run(`${n} tenants`, lots));
}
const best = list => list.reduce((a, b) => (b.rps > a.rps ? b : a));
const a = best(rounds.one);
const b = best(rounds.lots);
console.log(`load average before/after: ${load0} / ${fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
console.log(`${hosted ? 'hosted (Postgres + Swift)' : 'embedded'} storage; ` +
            `tools/call signet_get_proof (sd-jwt), OAuth bearer sessions, ${n} sessions round-robin, ` +
            `autocannon ${connections} connections, ${seconds} s after 2 s warm-up, best of 2 alternating rounds`);
console.log(`  rounds: 1 tenant ${rounds.one.map(m => m.rps.toFixed(0)).join(', ')}; ` +
            `${n} tenants ${rounds.lots.map(m => m.rps.toFixed(0)).join(', ')} req/s`);
const audit = m => `audit appends per call ${m.appendsPerCall.toFixed(2)}, ${m.appendMs.toFixed(1)} ms each`;
console.log(`  ${line(a)}  ${audit(a)}`);
console.log(`  ${line(b)}  ${audit(b)}`);
console.log(`  ratio ${n} tenants / 1 tenant: ${(b.rps / a.rps).toFixed(2)} (1.00 = no cost of tenancy)`);
process.exit(0);
