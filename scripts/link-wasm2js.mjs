// Makes the wasm2js module loadable without relative imports (issue 13). In Chrome the core's
// files are web-accessible only at the per-session dynamic URL, and a module imported from that
// URL resolves its own relative imports against the STATIC extension URL, which is refused. So
// no module of the JS build imports another: this rewrites the wasm2js output from
//   import * as X from './invite_sweeper_bg.js'; … var retasmFunc = asmFunc({…}); export var …;
// into a module that exports `instantiate(imports)`, and the loader links it with the glue.
// Usage: node scripts/link-wasm2js.mjs FILE   (in place; fails loudly on an unexpected shape)
import { readFileSync, writeFileSync } from 'node:fs';

const file = process.argv[2];
const src = readFileSync(file, 'utf8');
const fail = (why) => {
  console.error(`link-wasm2js: ${file}: ${why}`);
  process.exit(1);
};

const importLine = /^import \* as (\$_[A-Za-z0-9_$]+) from '\.\/[A-Za-z0-9_.]+\.js';\n/m;
const imports = src.match(new RegExp(importLine.source, 'gm')) ?? [];
if (imports.length !== 1) fail(`expected one import of the glue, found ${imports.length}`);
const tail = src.indexOf('\nvar retasmFunc = asmFunc(');
if (tail < 0) fail('no `var retasmFunc = asmFunc(` call');
const after = src.slice(tail + 1);
if (!/^var retasmFunc = asmFunc\(\{\n"[^"\n]+": \$_[A-Za-z0-9_$]+,\n\}\);\n(export var [A-Za-z0-9_$]+ = retasmFunc\.[A-Za-z0-9_$]+;\n)+$/.test(after)) {
  fail('the tail after asmFunc is not the expected exports');
}
if (/\bimport\b\s*[*{(]/.test(src.slice(0, tail).replace(importLine, ''))) fail('another import remains');

const body = src.slice(0, tail + 1).replace(importLine, '');
const out = `${body}// Linked by the loader with the glue module (scripts/link-wasm2js.mjs).\nexport function instantiate(imports) {\nreturn asmFunc(imports);\n}\n`;
writeFileSync(file, out);
console.log(`link-wasm2js: ${file}: exports instantiate(imports)`);
