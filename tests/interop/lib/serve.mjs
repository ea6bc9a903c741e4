// Starting `signet serve` on a free loopback port for the Node interop scripts, without the
// race of "ask the kernel for a free port, close it, start the server on it": another process
// can take the port in between. Then signet cannot bind, says "Address already in use" and
// exits, and we try again on a new port. A server is ready only once *this* child has logged
// that it listens on that port, so a different process answering on the port is never taken
// for ours. No dependencies: every interop package imports it by relative path.
import * as net from 'node:net';

// freePort returns a 127.0.0.1 port the kernel just handed out (and that is free again).
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const {port} = s.address();
      s.close(() => resolve(port));
    });
  });
}

// serveOnFreePort(spawnOn, {attempts, timeoutMs}) calls spawnOn(port) -> ChildProcess (stderr
// piped; it must run `signet serve --listen 127.0.0.1:<port>`) until one child logs
// "listening" on its port; then it waits for GET /healthz to answer. A child that exits because
// the port was taken is replaced, up to `attempts` times; any other exit, no "listening" within
// timeoutMs or no /healthz answer throws with the log.
// Resolves {child, port, log} where log() is everything the child wrote to stderr.
export async function serveOnFreePort(spawnOn, {attempts = 5, timeoutMs = 30_000} = {}) {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const child = spawnOn(port);
    let log = '';
    let settled = false;
    const outcome = await new Promise(resolve => {
      let timer;
      const done = result => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(result);
      };
      timer = setTimeout(() => done('timeout'), timeoutMs);
      child.stderr.on('data', d => {
        log += d;  // kept for log() after start-up too
        if (!settled && listensOn(log, port)) done('ready');
      });
      child.on('close', () => done('exited'));  // after stderr is drained
      child.on('error', () => done('exited'));
    });
    if (outcome === 'ready') {
      await answersHealthz(port, child, () => log);
      return {child, port, log: () => log};
    }
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    if (outcome === 'exited' && log.includes('Address already in use') && attempt < attempts) continue;
    throw new Error(`signet serve did not start on 127.0.0.1:${port} (${outcome}, attempt ${attempt}):\n${log}`);
  }
}

// answersHealthz waits (at most 10 s) until GET /healthz on the port answers 200; if it does not,
// the child is killed and the error carries its log.
async function answersHealthz(port, child, log) {
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return;
    } catch {}
    if (child.exitCode !== null || child.signalCode !== null) break;
    await new Promise(r => setTimeout(r, 100));
  }
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  throw new Error(`signet serve on 127.0.0.1:${port} did not answer /healthz:\n${log()}`);
}

// listensOn reports whether the JSON log holds the server's "listening" line for 127.0.0.1:port.
function listensOn(log, port) {
  for (const line of log.split('\n')) {
    if (!line.includes('"listening"')) continue;
    try {
      const entry = JSON.parse(line);
      if (entry.msg === 'listening' && String(entry.addresses).split(',').includes(`127.0.0.1:${port}`)) {
        return true;
      }
    } catch {}  // a line still being written
  }
  return false;
}
