// Checks lib/serve.mjs against the real binary: a port taken between "free" and "bind" makes
// signet exit with "Address already in use" and the helper starts it again on another port; any
// other early exit is reported at once with the server's log.
//
// usage: node serve_test.mjs SIGNET_BINARY
import {spawn} from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import {serveOnFreePort} from './serve.mjs';

const signet = process.argv[2];
let failures = 0;
function check(name, ok, detail = '') {
  if (!ok) {
    failures++;
    console.log(`FAIL ${name} ${detail}`);
  }
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signet-serve-test-'));
const env = {...process.env, SIGNET_DATA_DIR: path.join(dir, 'data')};
const children = [];
process.on('exit', () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  fs.rmSync(dir, {recursive: true, force: true});
});

// Another process holds this port: the first attempt is sent there, as if it had been taken in
// the gap.
const squatter = net.createServer();
await new Promise(r => squatter.listen(0, '127.0.0.1', r));
const taken = squatter.address().port;
const tried = [];
const started = await serveOnFreePort(port => {
  const use = tried.length === 0 ? taken : port;
  tried.push(use);
  const c = spawn(signet, ['serve', '--listen', `127.0.0.1:${use}`], {env, stdio: ['ignore', 'ignore', 'pipe']});
  children.push(c);
  return c;
});
check('retried after the port was taken', tried.length === 2 && tried[0] === taken, JSON.stringify(tried));
check('the first child exited', children[0].exitCode !== null);
check('started on the second port', started.port === tried[1] && started.port !== taken, String(started.port));
const health = await fetch(`http://127.0.0.1:${started.port}/healthz`).catch(() => null);
check('the server it returned answers', health !== null && health.ok);
check('its log says where it listens', started.log().includes(`127.0.0.1:${started.port}`));
started.child.kill('SIGTERM');
await new Promise(r => started.child.on('exit', r));
squatter.close();

// Any other failure is not retried.
let attempts = 0;
let error = '';
try {
  await serveOnFreePort(port => {
    attempts++;
    const c = spawn(signet, ['serve', '--listen', `127.0.0.1:${port}`, '--no-such-flag'],
                    {env, stdio: ['ignore', 'ignore', 'pipe']});
    children.push(c);
    return c;
  });
} catch (e) {
  error = String(e.message);
}
check('a bad command fails at once', attempts === 1 && error.includes('did not start'), `${attempts} ${error}`);
check('the failure carries the server log', error.includes('no-such-flag'), error);

if (failures > 0) {
  console.log(`${failures} check(s) failed`);
  process.exit(1);
}
console.log('serve helper: all checks passed');
