// Anchor for bench/notify: a minimal Standard Webhooks sender without durability - Node's http
// client (keep-alive agent) signing each message with the npm `standardwebhooks` package (the
// pinned copy in tests/interop/node_modules) and POSTing it straight to the receiver.
//
//   node anchor.mjs PORT COUNT CONCURRENCY
// Prints one JSON line: {"sent","seconds","rate","p50_ms","p99_ms"}.
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { Webhook } from '../../tests/interop/node_modules/standardwebhooks/dist/index.js';

const [port, count, concurrency] = process.argv.slice(2).map(Number);
const wh = new Webhook(`whsec_${randomBytes(32).toString('base64')}`);
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
const data = 'x'.repeat(1500);  // about the size of an approval payload

function send(i) {
  const body = JSON.stringify({ type: 'approval.requested', data: { request_id: `anchor_${i}`, data } });
  const id = `msg_${i}`;
  const now = new Date();
  const headers = {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
    'webhook-signature': wh.sign(id, now, body),
  };
  const t0 = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: '/hook', method: 'POST', headers, agent },
      (res) => { res.resume(); res.on('end', () => resolve(Number(process.hrtime.bigint() - t0) / 1e6)); });
    req.on('error', reject);
    req.end(body);
  });
}

const lat = [];
let next = 0;
const start = process.hrtime.bigint();
async function worker() {
  while (next < count) lat.push(await send(next++));
}
await Promise.all(Array.from({ length: concurrency }, worker));
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
lat.sort((a, b) => a - b);
const pct = (q) => lat[Math.min(lat.length - 1, Math.floor(q * lat.length))];
console.log(JSON.stringify({ sent: lat.length, seconds: +seconds.toFixed(3), rate: +(lat.length / seconds).toFixed(1),
  p50_ms: +pct(0.5).toFixed(2), p99_ms: +pct(0.99).toFixed(2) }));
agent.destroy();
