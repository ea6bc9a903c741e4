// A webhook receiver built on the npm `standardwebhooks` package (1.1.1, pinned in
// tests/interop/package.json): the independent peer for Signet's approval deliveries.
//
//   node receiver.mjs SECRET_FILE [SECRET_FILE_2]
//
// Prints "listening <port>" and then one JSON line per delivery:
//   {"request_id", "webhook_id", "verified": [bool per secret], "tamper_rejected": bool,
//    "callback_status": <HTTP status of the answer>}
// A delivery that every secret verifies is answered 204; the receiver then approves the request
// by POSTing to its callback URL a body signed by the same package with the request's callback
// secret. Anything else is answered 400 and not acted on.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

const secrets = process.argv.slice(2).map((f) => readFileSync(f, 'utf8').trim());
if (secrets.length === 0) {
  console.error('usage: node receiver.mjs SECRET_FILE [SECRET_FILE_2]');
  process.exit(2);
}

function verifies(secret, body, headers) {
  try {
    new Webhook(secret).verify(body, headers);
    return true;
  } catch {
    return false;
  }
}

function post(url, body, headers) {
  return new Promise((resolve) => {
    const req = http.request(url, { method: 'POST', headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('error', () => resolve(0));
    req.end(body);
  });
}

async function answer(data) {
  const body = JSON.stringify({ request_id: data.request_id, decision: 'approve' });
  const id = `msg_${randomUUID()}`;
  const now = new Date();
  const signature = new Webhook(data.callback.secret).sign(id, now, body);
  return post(data.callback.url, body, {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
    'webhook-signature': signature,
  });
}

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', async () => {
    const body = Buffer.concat(chunks).toString('utf8');
    const headers = {
      'webhook-id': req.headers['webhook-id'] ?? '',
      'webhook-timestamp': req.headers['webhook-timestamp'] ?? '',
      'webhook-signature': req.headers['webhook-signature'] ?? '',
    };
    const verified = secrets.map((s) => verifies(s, body, headers));
    const tamperRejected = secrets.every((s) => !verifies(s, body.replace('}', ' }'), headers));
    const ok = verified.every(Boolean);
    res.writeHead(ok ? 204 : 400).end();
    let requestId = '';
    let callbackStatus = null;
    if (ok) {
      const data = JSON.parse(body).data;
      requestId = data.request_id;
      callbackStatus = await answer(data);
    }
    process.stdout.write(JSON.stringify({
      request_id: requestId,
      webhook_id: headers['webhook-id'],
      verified,
      tamper_rejected: tamperRejected,
      callback_status: callbackStatus,
    }) + '\n');
  });
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening ${server.address().port}\n`);
});
