// ctest mcp_inspector: MCP Inspector 2.12.0's CLI (`mcp-inspector --cli URL --transport http`,
// headless), run by the pinned Node 22 of tests/interop/mcp-node22, against a fresh `signet serve`
// on 127.0.0.1 with mcp.auth: none: tools/list, a tools/call of signet_query on a Tier-1 record,
// a tools/call that Signet answers with a tool error, resources/list, resources/read,
// prompts/list and prompts/get, each output parsed and checked.
//   node inspector.mjs SIGNET
import * as fs from 'node:fs';
import {node22, startSignet, runBounded, childEnv} from './node22.mjs';

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

const {node, binDir, entry} = node22();
const server = await startSignet(signet, (run, dir, pass) => {
  run('store', '--label', 'email', '--tier', '1', '--value', 'ada@example.org',
      '--passphrase-file', pass);
  const policy = `${dir}/policy.json`;
  fs.writeFileSync(policy, JSON.stringify({
    version: 1, actors: [{id: 'agent:local', role: 'trusted_agent'}],
    rules: [{id: 't1', kind: 'tier_threshold', tier: 1, min_role: 'public'}]}));
  run('policy', 'set', policy);
});

// inspect(...args) runs one Inspector CLI command (20 s at most; the 7 runs stay within the ctest
// TIMEOUT of 180 s); resolves {code, json, stdout, stderr}.
let runs = 0;
async function inspect(...args) {
  runs++;
  const r = await runBounded(node, [entry('inspector'), '--cli', server.url, '--transport', 'http',
                                    ...args],
                             {timeoutMs: 20_000, env: childEnv(binDir, server.dir)});
  let json = null;
  try { json = JSON.parse(r.stdout); } catch {}
  return {...r, json};
}
const start = Date.now();

const tools = await inspect('--method', 'tools/list');
const names = (tools.json?.tools ?? []).map(t => t.name).sort();
const kTools = ['signet_check_status', 'signet_get_proof', 'signet_list',
                'signet_negotiate_context', 'signet_query', 'signet_request_capability',
                'signet_store'];
check('tools/list: the 7 Signet tools',
      tools.code === 0 && JSON.stringify(names) === JSON.stringify(kTools),
      `exit ${tools.code}, ${names.join(',')} ${tools.stderr}`);
check('tools/list: every tool has an object input schema',
      (tools.json?.tools ?? []).every(t => t.inputSchema?.type === 'object'));

const call = await inspect('--method', 'tools/call', '--tool-name', 'signet_query',
                           '--tool-arg', 'label=email', '--tool-arg', 'ask=value');
check('tools/call signet_query: the Tier-1 value, not an error',
      call.code === 0 && call.json?.isError === false &&
      call.json?.content?.some(c => c.type === 'text' && c.text === 'email: ada@example.org') &&
      call.json?.structuredContent?.value === 'ada@example.org' &&
      call.json?.structuredContent?.tier === 1,
      `exit ${call.code}: ${call.stdout}${call.stderr}`);

// A tool error from Signet (arguments outside the tool's schema): isError, and the Inspector's
// tool-error exit code 5.
const bad = await inspect('--method', 'tools/call', '--tool-name', 'signet_query',
                          '--tool-arg', 'label=email', '--tool-arg', 'ask=everything');
check('tools/call signet_query with an invalid ask: a tool error (isError, exit 5)',
      bad.code === 5 && /invalid arguments/.test(bad.stdout),
      `exit ${bad.code}: ${bad.stdout}${bad.stderr}`);

const resources = await inspect('--method', 'resources/list');
const uris = (resources.json?.resources ?? []).map(r => r.uri).sort();
check('resources/list: the 3 Signet resources', JSON.stringify(uris) === JSON.stringify(
      ['signet://audit/tail', 'signet://credentials/issued', 'signet://vault/labels']),
      `exit ${resources.code}: ${uris.join(',')}`);

const labels = await inspect('--method', 'resources/read', '--uri', 'signet://vault/labels');
let labelDoc = null;
try { labelDoc = JSON.parse(labels.json?.contents?.[0]?.text); } catch {}
check('resources/read signet://vault/labels: email at tier 1, no value',
      labelDoc?.labels?.some(l => l.label === 'email' && l.tier === 1) &&
      !labels.stdout.includes('ada@example.org'), `exit ${labels.code}: ${labels.stdout}`);

const prompts = await inspect('--method', 'prompts/list');
const promptNames = (prompts.json?.prompts ?? []).map(p => p.name).sort();
check('prompts/list: the 3 Signet prompts', JSON.stringify(promptNames) === JSON.stringify(
      ['pay_with_capability', 'prove_to_relying_party', 'signet_overview']),
      `exit ${prompts.code}: ${promptNames.join(',')}`);

const prompt = await inspect('--method', 'prompts/get', '--prompt-name', 'prove_to_relying_party',
                             '--prompt-args', 'audience=shop.example', 'nonce=n-4711',
                             'claim=age_over_18');
const promptText = prompt.json?.messages?.[0]?.content?.text ?? '';
check('prompts/get prove_to_relying_party: the arguments are filled in',
      prompt.code === 0 && promptText.includes('Prove age_over_18 to shop.example') &&
      promptText.includes('nonce n-4711'), `exit ${prompt.code}: ${prompt.stdout}${prompt.stderr}`);

console.log(`${((Date.now() - start) / 1000).toFixed(1)} s for ${runs} Inspector runs`);
await server.stop();
console.log(`mcp inspector: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
