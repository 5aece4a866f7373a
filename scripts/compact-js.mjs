// Compacts wasm2js output in place: drops each line's indentation, blank lines and `//` comment
// lines (wasm2js pretty-prints with deep indentation: a fifth of its gzip size).
// Only line-leading whitespace goes, so code means exactly what it meant; a file with a
// template literal (a string that could span lines) is refused rather than risked.
// Usage: node scripts/compact-js.mjs FILE
import { readFileSync, writeFileSync } from 'node:fs';

const file = process.argv[2];
const src = readFileSync(file, 'utf8');
if (src.includes('`')) {
  console.error(`compact-js: ${file} holds a backtick (template literal?); left as it is`);
  process.exit(1);
}
const out = src
  .split('\n')
  .map((l) => l.replace(/^[ \t]+/, ''))
  .filter((l) => l !== '' && !l.startsWith('//'))
  .join('\n');
writeFileSync(file, out + '\n');
console.log(`compact-js: ${src.length} → ${out.length + 1} bytes`);
