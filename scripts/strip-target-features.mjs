// Rewrites a wasm module's `target_features` custom section without the features wasm2js cannot
// lower (reference-types, multivalue), so wasm-bindgen emits glue for a single-table module.
// Usage: node scripts/strip-target-features.mjs in.wasm out.wasm feature...
import { readFileSync, writeFileSync } from 'node:fs';

const [input, output, ...drop] = process.argv.slice(2);
const bytes = readFileSync(input);

function readLeb(buf, pos) {
  let result = 0, shift = 0, byte;
  do {
    byte = buf[pos++];
    result |= (byte & 0x7f) << shift;
    shift += 7;
  } while (byte & 0x80);
  return [result >>> 0, pos];
}
function leb(n) {
  const out = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return Buffer.from(out);
}

const parts = [bytes.subarray(0, 8)];
let pos = 8;
let removed = [];
while (pos < bytes.length) {
  const start = pos;
  const id = bytes[pos++];
  let size;
  [size, pos] = readLeb(bytes, pos);
  const end = pos + size;
  if (id === 0) {
    let [nameLen, p] = readLeb(bytes, pos);
    const name = bytes.subarray(p, p + nameLen).toString('utf8');
    if (name === 'target_features') {
      p += nameLen;
      let count;
      [count, p] = readLeb(bytes, p);
      const kept = [];
      for (let i = 0; i < count; i++) {
        const prefix = bytes[p++];
        let len;
        [len, p] = readLeb(bytes, p);
        const feature = bytes.subarray(p, p + len).toString('utf8');
        p += len;
        if (drop.includes(feature)) removed.push(feature);
        else kept.push(Buffer.concat([Buffer.from([prefix]), leb(len), Buffer.from(feature)]));
      }
      const nameBuf = Buffer.from('target_features');
      const body = Buffer.concat([leb(nameBuf.length), nameBuf, leb(kept.length), ...kept]);
      parts.push(Buffer.from([0]), leb(body.length), body);
      pos = end;
      continue;
    }
  }
  parts.push(bytes.subarray(start, end));
  pos = end;
}
writeFileSync(output, Buffer.concat(parts));
console.error(`target_features: removed ${removed.length ? removed.join(', ') : 'nothing'}`);
