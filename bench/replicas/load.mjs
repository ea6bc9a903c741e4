// Load driver of bench/replicas/run.sh (which starts the services, replicas and proxies).
// Connects one OAuth agent per pairing code through proxy 2, checks every session once through
// each proxy, takes one SD-JWT presentation per agent (signet_get_proof) as the /verify bodies,
// then measures tools/call and POST /verify through proxy 1 (1 replica) and proxy 2 (2 replicas)
// in two alternating rounds and prints the best of each and the ratio 2/1. Each replica's own
// count of tool calls (/metrics) shows how proxy 2 spread the load.
//
//   node load.mjs --pairings F --one URL --two URL --public URL --replica-a URL --replica-b URL
//                 [--seconds 6] [--connections 16]
import * as fs from 'node:fs';
import {connectAgents, line, measure, proofCall, serverCounters, toolOk, verifyOk} from '../mcp/agents.mjs';

const args = {};
for (let i = 2; i + 1 < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
const seconds = Number(args.seconds ?? 6);
const connections = Number(args.connections ?? 16);
const pairings = fs.readFileSync(args.pairings, 'utf8').trim().split('\n').map(l => JSON.parse(l));

const t0 = Date.now();
const sessions = await connectAgents(args.two, `${args.public}/mcp`, pairings);
const headers = sessions.map(s => s.headers);
const audience = 'https://shop.example';
const nonce = 'n-0123456789abcdef';
const call = proofCall(audience, nonce);

async function post(url, h, body, check) {
  const r = await fetch(url, {method: 'POST', headers: h, body});
  const text = await r.text();
  if (!check(r.status, text)) throw new Error(`${url}: HTTP ${r.status} ${text.slice(0, 300)}`);
  return text;
}
// Every session answers through both proxies; its presentation is what a relying party verifies.
const verifyBodies = [];
for (const h of headers) {
  await post(`${args.one}/mcp`, h, call, toolOk);
  const result = JSON.parse(await post(`${args.two}/mcp`, h, call, toolOk)).result.structuredContent;
  verifyBodies.push(JSON.stringify({presentation: result.presentation, audience, nonce}));
}
const json = {'Content-Type': 'application/json'};
for (const b of verifyBodies) {
  await post(`${args.one}/verify`, json, b, verifyOk);
  await post(`${args.two}/verify`, json, b, verifyOk);
}
console.log(`${sessions.length} OAuth agents over ${new Set(sessions.map(s => s.tenant)).size} tenants ` +
            `connected and checked through both proxies in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

const toolCalls = async base => (await serverCounters(base)).calls;

const loadavg = () => fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const load0 = loadavg();
const common = {seconds, connections};
const mcp = (name, base) => measure({name, url: `${base}/mcp`, headers, bodies: [call], check: toolOk, ...common});
const verify = (name, base) => measure({name, url: `${base}/verify`, headers: [json], bodies: verifyBodies,
                                        check: verifyOk, ...common});
const rounds = {mcp1: [], mcp2: [], ver1: [], ver2: []};
let split = null;
for (let round = 0; round < 2; round++) {
  rounds.mcp1.push(await mcp('tools/call, 1 replica', args.one));
  const a0 = await toolCalls(args['replica-a']);
  const b0 = await toolCalls(args['replica-b']);
  rounds.mcp2.push(await mcp('tools/call, 2 replicas', args.two));
  const a = await toolCalls(args['replica-a']) - a0;
  const b = await toolCalls(args['replica-b']) - b0;
  split = {a, b};
  rounds.ver1.push(await verify('POST /verify, 1 replica', args.one));
  rounds.ver2.push(await verify('POST /verify, 2 replicas', args.two));
}
const best = list => list.reduce((x, y) => (y.rps > x.rps ? y : x));
const show = list => list.map(m => m.rps.toFixed(0)).join(', ');
console.log(`load average before/after: ${load0} / ${loadavg()} (${(await import('node:os')).cpus().length} cores)`);
console.log(`autocannon ${connections} connections, ${seconds} s after 2 s warm-up, best of 2 alternating rounds; ` +
            `${headers.length} sessions / ${verifyBodies.length} presentations round-robin`);
console.log(`  rounds (req/s): tools/call 1: ${show(rounds.mcp1)} | 2: ${show(rounds.mcp2)}; ` +
            `/verify 1: ${show(rounds.ver1)} | 2: ${show(rounds.ver2)}`);
for (const k of ['mcp1', 'mcp2', 'ver1', 'ver2']) console.log(`  ${line(best(rounds[k]))}`);
console.log(`  tools/call through 2 replicas (last round, warm-up included): replica A served ${split.a}, replica B ${split.b}`);
console.log(`  ratio 2/1 replicas: tools/call ${(best(rounds.mcp2).rps / best(rounds.mcp1).rps).toFixed(2)}, ` +
            `POST /verify ${(best(rounds.ver2).rps / best(rounds.ver1).rps).toFixed(2)}`);
process.exit(0);
