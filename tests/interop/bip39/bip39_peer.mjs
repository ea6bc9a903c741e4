// The independent side of the BIP39 / SLIP-0010 interop test (bip39_interop_test.cc):
// @scure/bip39 2.4.0 for mnemonics and seeds, micro-ed25519-hdkey 0.1.2 for SLIP-0010 ed25519.
// It only produces values; every comparison is made by the C++ test.
//
//   node bip39_peer.mjs generate N   -> JSON on stdout: N fresh mnemonics (all lengths) with a
//                                       passphrase, entropy, seed and derived nodes, plus
//                                       tampered mnemonics this peer rejects
//   node bip39_peer.mjs derive FILE  -> FILE holds [{mnemonic, passphrase, paths}]; prints, for
//                                       each, whether the peer accepts the mnemonic and, if it
//                                       does, its entropy, seed and derived nodes
import { readFileSync } from 'node:fs';
import { randomBytes, randomInt } from 'node:crypto';
import {
  generateMnemonic,
  mnemonicToEntropy,
  mnemonicToSeedSync,
  validateMnemonic,
} from '@scure/bip39';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import { HDKey } from 'micro-ed25519-hdkey';

const hex = (b) => Buffer.from(b).toString('hex');
const u32hex = (n) => n.toString(16).padStart(8, '0');

function node(seed, path) {
  const k = HDKey.fromMasterSeed(seed).derive(path);
  return {
    path,
    private: hex(k.privateKey),
    chain_code: hex(k.chainCode),
    public: hex(k.publicKey),
    parent_fingerprint: u32hex(k.parentFingerprint),
  };
}

function describe(mnemonic, passphrase, paths) {
  if (!validateMnemonic(mnemonic, wordlist)) return { mnemonic, valid: false };
  const seed = mnemonicToSeedSync(mnemonic, passphrase);
  return {
    mnemonic,
    passphrase,
    valid: true,
    entropy: hex(mnemonicToEntropy(mnemonic, wordlist)),
    seed: hex(seed),
    nodes: paths.map((p) => node(seed, p)),
  };
}

function randomPassphrase() {
  const n = randomInt(0, 24);
  let s = '';
  for (let i = 0; i < n; i++) s += String.fromCharCode(randomInt(0x20, 0x7f));
  return s;
}

function randomPath() {
  const depth = randomInt(1, 6);
  const parts = [];
  for (let i = 0; i < depth; i++) parts.push(`${randomBytes(4).readUInt32BE(0) >>> 1}'`);
  return `m/${parts.join('/')}`;
}

// tamper replaces the last word until the peer's own checksum check fails.
function tamper(mnemonic) {
  const words = mnemonic.split(' ');
  for (;;) {
    words[words.length - 1] = wordlist[randomInt(0, wordlist.length)];
    const t = words.join(' ');
    if (!validateMnemonic(t, wordlist)) return t;
  }
}

const FIXED_PATHS = ['m', "m/0'", "m/44'/501'/0'/0'", "m/2147483647'/1'"];
const [mode, arg] = process.argv.slice(2);
if (mode === 'generate') {
  const strengths = [128, 160, 192, 224, 256];
  const items = [];
  const tampered = [];
  for (let i = 0; i < Number(arg); i++) {
    const m = generateMnemonic(wordlist, strengths[i % strengths.length]);
    items.push(describe(m, randomPassphrase(), [...FIXED_PATHS, randomPath()]));
    tampered.push(tamper(m));
  }
  process.stdout.write(JSON.stringify({ items, tampered }));
} else if (mode === 'derive') {
  const input = JSON.parse(readFileSync(arg, 'utf8'));
  const out = input.map((x) => describe(x.mnemonic, x.passphrase, x.paths));
  process.stdout.write(JSON.stringify(out));
} else {
  process.stderr.write('usage: bip39_peer.mjs generate N | derive FILE\n');
  process.exit(2);
}
