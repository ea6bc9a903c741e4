// ctest mcp_conformance: @modelcontextprotocol/conformance 0.1.16 (server scenarios, the active
// suite) against a fresh `signet serve` on 127.0.0.1 with mcp.auth: none, run by the pinned
// Node 22 of tests/interop/mcp-node22 with --expected-failures conformance-expected-failures.yml.
//   node conformance.mjs SIGNET
// Fails when a scenario not in the file fails (or warns), when a listed scenario passes (the
// suite's own baseline check), and, checked here because the suite does not: when an entry has
// no one-line reason, names a scenario that did not run, or fails otherwise than by Signet's
// JSON-RPC error for a fixture it does not have or a method it does not offer.
import * as fs from 'node:fs';
import * as path from 'node:path';
import {createRequire} from 'node:module';
import {fileURLToPath} from 'node:url';
import {node22, startSignet, runBounded, childEnv} from './node22.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const baselineFile = path.join(here, 'conformance-expected-failures.yml');
const signet = process.argv[2];
let passed = 0;
let failed = 0;
function check(name, ok, detail = '') {
  if (ok) {
    passed++;
    console.log(`ok   ${name}`);
  } else {
    failed++;
    console.log(`FAIL ${name}${detail ? `: ${detail}` : ''}`);
  }
}

// The baseline, read twice: by the suite's own YAML parser (what --expected-failures sees) and
// line by line here, where every entry must be `  - scenario  # reason`.
function readBaseline() {
  const text = fs.readFileSync(baselineFile, 'utf8');
  const yaml = createRequire(entry('conformance'))('yaml');  // the suite's own parser
  const parsed = yaml.parse(text)?.server ?? [];
  const entries = new Map();
  const bad = [];
  for (const line of text.split('\n')) {
    if (!/^\s*-/.test(line)) continue;
    const m = /^\s+- ([a-z0-9-]+)\s+# (\S.{9,})$/.exec(line);
    if (m) entries.set(m[1], m[2].trim());
    else bad.push(line);
  }
  return {parsed, entries, bad};
}

// An expected failure must be Signet answering with a JSON-RPC error: -32602 for a fixture tool
// or prompt it does not have, -32002 for a fixture resource, -32601 for a method it does not
// offer. Anything else (a transport error, a malformed result, a crash) is not "does not apply".
const kRpcRefusal = /MCP error -32(602|002|601)\b/;

const {node, binDir, entry} = node22();
const baseline = readBaseline();
check('every baseline entry has a one-line reason', baseline.bad.length === 0,
      baseline.bad.join(' | '));
check('the suite parses the same entries',
      JSON.stringify([...baseline.entries.keys()].sort()) ===
      JSON.stringify([...baseline.parsed].map(String).sort()));

const server = await startSignet(signet);
const out = path.join(server.dir, 'results');
const start = Date.now();
const run = await runBounded(node, [entry('conformance'), 'server', '--url', server.url,
                                    '-o', out, '--expected-failures', baselineFile],
                             {timeoutMs: 240_000, env: childEnv(binDir, server.dir),
                              cwd: server.dir});
const seconds = ((Date.now() - start) / 1000).toFixed(1);
console.log(run.stdout);
if (run.stderr.trim()) console.log(run.stderr);
check(`the suite finished (${seconds} s)`, !run.timedOut, 'killed after 240 s');
check('the suite\'s baseline check passed (no unexpected failure, no stale entry)',
      run.code === 0, `exit ${run.code}`);

// Per-scenario results: -o writes OUT/server-<scenario>-<ISO time, : and . as ->/checks.json.
const results = new Map();
for (const d of fs.existsSync(out) ? fs.readdirSync(out) : []) {
  const m = /^server-(.+)-\d{4}-\d{2}-\d{2}T[\d-]+Z$/.exec(d);
  const file = path.join(out, d, 'checks.json');
  if (m && fs.existsSync(file)) results.set(m[1], JSON.parse(fs.readFileSync(file, 'utf8')));
}
check('scenarios ran', results.size >= 25, `${results.size} result folders`);
for (const [scenario, reason] of baseline.entries) {
  const checks = results.get(scenario);
  if (!checks) {
    check(`${scenario}: listed and ran`, false, 'no such scenario ran (renamed or removed?)');
    continue;
  }
  const failures = checks.filter(c => c.status === 'FAILURE' || c.status === 'WARNING');
  const messages = failures.map(c => c.errorMessage ?? c.status).join(' | ');
  check(`${scenario} is refused by Signet [${messages}] (listed: ${reason})`,
        failures.length > 0 && failures.every(c => kRpcRefusal.test(c.errorMessage ?? '')),
        messages || 'it passes');
}
let total = 0;
for (const [scenario, checks] of results) {
  if (baseline.entries.has(scenario)) continue;
  total++;
  const bad = checks.filter(c => c.status === 'FAILURE' || c.status === 'WARNING');
  check(`${scenario}: passes`, bad.length === 0 && checks.some(c => c.status === 'SUCCESS'),
        bad.map(c => `${c.id}: ${c.errorMessage ?? c.status}`).join(' | '));
}
console.log(`${total} scenarios pass, ${baseline.entries.size} listed as not applicable`);
await server.stop();
console.log(`mcp conformance: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
