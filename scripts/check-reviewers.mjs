// REVIEWERS.md names the tools a reviewer needs to rebuild the packages byte for byte. This keeps
// its table true: the versions pinned in the repository (wasm-bindgen in Cargo.lock, binaryen in
// package-lock.json) must be the ones it names, or the check fails. The machine's own tools
// (rustc, Node, npm, zip) are compared too: a difference is reported, and fails only with
// --machine (build.sh source uses it: a source package should come from the machine that
// built the store packages with the named tools).
// Usage: node scripts/check-reviewers.mjs [--machine]
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const root = new URL('../', import.meta.url);
const read = (name) => readFileSync(new URL(name, root), 'utf8');
const strictMachine = process.argv.includes('--machine');

// The "Tools and versions" table: | Tool | Version | Where it comes from |
const table = new Map();
for (const line of read('REVIEWERS.md').split('\n')) {
  const cells = line.split('|').slice(1, -1).map((c) => c.trim());
  if (cells.length === 3 && cells[0] !== 'Tool' && !cells[0].startsWith('---')) table.set(cells[0], cells[1]);
}
const named = (tool) => {
  const v = table.get(tool);
  if (v === undefined) throw new Error(`REVIEWERS.md: the tools table has no row "${tool}"`);
  return v;
};

const lockWasmBindgen = read('Cargo.lock').match(/\nname = "wasm-bindgen"\nversion = "([^"]+)"/)?.[1];
const lockBinaryen = JSON.parse(read('package-lock.json')).packages?.['node_modules/binaryen']?.version;
const pins = [
  ['wasm-bindgen-cli', named('wasm-bindgen-cli'), lockWasmBindgen, 'Cargo.lock wasm-bindgen'],
  ['binaryen (wasm-opt, wasm2js)', named('binaryen (wasm-opt, wasm2js)'), lockBinaryen, 'package-lock.json binaryen'],
];

const run = (cmd, args) => {
  try {
    return execFileSync(cmd, args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return '';
  }
};
const machine = [
  ['Rust (rustc, cargo)', run('rustc', ['--version']).match(/^rustc (\S+)/)?.[1]],
  ['Node.js', process.versions.node],
  ['npm', run('npm', ['--version']).trim()],
  ['zip (Info-ZIP)', run('zip', ['-v']).match(/This is Zip (\S+)/)?.[1]],
];

let failed = false;
for (const [tool, want, got, where] of pins) {
  if (want !== got) {
    console.error(`REVIEWERS.md names ${tool} ${want}, but ${where} is ${got}`);
    failed = true;
  }
}
const differ = machine.filter(([tool, got]) => named(tool) !== got);
for (const [tool, got] of differ) {
  console.error(`${strictMachine ? '' : 'note: '}this machine has ${tool} ${got ?? '(none)'}, REVIEWERS.md names ${named(tool)}`);
}
if (strictMachine && differ.length) failed = true;
if (!failed) {
  console.log(`REVIEWERS.md: pins agree (wasm-bindgen-cli ${lockWasmBindgen}, binaryen ${lockBinaryen}); ` +
    `this machine's tools ${differ.length ? `differ in ${differ.length}` : 'are the ones named'}`);
}
process.exit(failed ? 1 : 0);
