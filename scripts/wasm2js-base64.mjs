// Lets the JS build's data segments be decoded by the browser's own base64 decoder.
// wasm2js writes the core's data (strings, tables, panel.css: about 60 KB) as base64 literals and
// decodes them on every page load with a JavaScript loop, which runs in the interpreter there:
// 2.7 ms of a first load of the sent list (bench/js-cold-profile.mjs). Where the browser has
// `Uint8Array.fromBase64` (Chrome 140, Firefox 133) the same bytes come from it; elsewhere the loop
// runs as before.
// Usage: node scripts/wasm2js-base64.mjs FILE   (in place, after compact-js; fails loudly on an
// unexpected shape)
import { readFileSync, writeFileSync } from 'node:fs';

const file = process.argv[2];
const src = readFileSync(file, 'utf8');
const head = 'function base64DecodeToExistingUint8Array(uint8Array, offset, b64) {\n';
const at = src.indexOf(head);
if (at < 0 || src.indexOf(head, at + 1) >= 0) {
  console.error(`wasm2js-base64: ${file}: expected one \`${head.trim()}\``);
  process.exit(1);
}
const native = 'if (Uint8Array.fromBase64) {\nuint8Array.set(Uint8Array.fromBase64(b64), offset);\nreturn;\n}\n';
writeFileSync(file, src.slice(0, at + head.length) + native + src.slice(at + head.length));
console.log('wasm2js-base64: data segments decoded natively where the browser can');
