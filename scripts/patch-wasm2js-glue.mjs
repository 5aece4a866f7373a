// Patches wasm-bindgen's bundler glue for a wasm2js core.
// wasm2js grows memory by swapping in a NEW ArrayBuffer without detaching the old one, so the
// glue's "refresh the cached view when its byteLength is 0" test never fires and strings decode
// from stale memory (they come back empty). Refresh when the buffer object changed instead.
// The bundler entry (invite_sweeper.js) is not shipped: the loader links the two modules itself
// (scripts/link-wasm2js.mjs says why), so only the glue is patched.
// Usage: node scripts/patch-wasm2js-glue.mjs DIR
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
const crate = 'invite_sweeper';
let patched = 0;

for (const file of [`${crate}_bg.js`]) {
  const path = join(dir, file);
  let src = readFileSync(path, 'utf8');
  src = src.replace(/(cached\w+Memory0)\.byteLength === 0/g, (_, v) => {
    patched++;
    return `${v}.buffer !== wasm.memory.buffer`;
  });
  src = src.replace(/(cachedDataViewMemory0)\.buffer\.detached === true/g, (_, v) => {
    patched++;
    return `${v}.buffer !== wasm.memory.buffer`;
  });
  writeFileSync(path, src);
}
if (patched === 0) {
  console.error('patch-wasm2js-glue: no cached memory view found to patch; the glue changed shape');
  process.exit(1);
}
console.error(`patch-wasm2js-glue: ${patched} memory view checks patched`);
