// The store listing material in store/ is complete and the size each store takes: for every UI
// locale a summary equal to the manifest's description (at most 132 characters, the Chrome Web
// Store's limit) and a long description; the screenshots at 1280×800 without alpha; the icons and
// the promo tile at their sizes; a justification for every permission the manifest asks for.
// Usage: node scripts/check-store.mjs
import { existsSync, readdirSync, readFileSync } from 'node:fs';

const root = new URL('../', import.meta.url);
const path = (rel) => new URL(rel, root);
const read = (rel) => readFileSync(path(rel), 'utf8');
const problems = [];

const locales = readdirSync(path('extension/_locales')).sort();
for (const locale of locales) {
  const want = JSON.parse(read(`extension/_locales/${locale}/messages.json`)).extDescription?.message;
  const summary = existsSync(path(`store/${locale}/summary.txt`)) ? read(`store/${locale}/summary.txt`).trim() : null;
  if (summary === null) problems.push(`store/${locale}/summary.txt is missing`);
  else if (summary !== want) problems.push(`store/${locale}/summary.txt differs from _locales/${locale} extDescription`);
  if (want && [...want].length > 132) problems.push(`_locales/${locale} extDescription has ${[...want].length} characters (132 at most)`);
  const long = existsSync(path(`store/${locale}/description.txt`)) ? read(`store/${locale}/description.txt`).trim() : '';
  if (long.length < 300) problems.push(`store/${locale}/description.txt is missing or too short`);
  if (long.length > 16000) problems.push(`store/${locale}/description.txt is over 16000 characters`);
}
for (const dir of readdirSync(path('store'), { withFileTypes: true })) {
  if (dir.isDirectory() && !['icons', 'screenshots'].includes(dir.name) && !locales.includes(dir.name)) {
    problems.push(`store/${dir.name}/ is not a locale of extension/_locales`);
  }
}

/** PNG width, height and colour type (2 = RGB, 6 = RGBA) from its IHDR chunk. */
function png(rel) {
  if (!existsSync(path(rel))) return null;
  const b = readFileSync(path(rel));
  if (b.toString('latin1', 1, 4) !== 'PNG') return null;
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20), colour: b[25] };
}
function image(rel, width, height, { opaque = false } = {}) {
  const p = png(rel);
  if (!p) return problems.push(`${rel} is missing (or not a PNG)`);
  if (p.width !== width || p.height !== height) problems.push(`${rel} is ${p.width}×${p.height}, must be ${width}×${height}`);
  // The Chrome Web Store takes screenshots and promo tiles as JPEG or 24-bit PNG, no alpha.
  if (opaque && p.colour !== 2) problems.push(`${rel} has an alpha channel (colour type ${p.colour}); the store wants 24-bit PNG`);
}
for (const name of ['1-panel', '2-run', '3-insights', '4-popup']) image(`store/screenshots/en/${name}.png`, 1280, 800, { opaque: true });
for (const locale of locales) image(`store/screenshots/${locale}/1-panel.png`, 1280, 800, { opaque: true });
for (const dir of existsSync(path('store/screenshots')) ? readdirSync(path('store/screenshots')) : []) {
  for (const f of readdirSync(path(`store/screenshots/${dir}`))) image(`store/screenshots/${dir}/${f}`, 1280, 800, { opaque: true });
}
for (const size of [16, 32, 48, 128]) image(`extension/icons/icon-${size}.png`, size, size);
for (const size of [32, 64, 128]) image(`store/icons/icon-${size}.png`, size, size);
image('store/icons/chrome-store-icon-128.png', 128, 128);
image('store/promo-tile-440x280.png', 440, 280, { opaque: true });

// Every permission the manifest asks for has its justification under its own heading.
const manifest = JSON.parse(read('manifest.json'));
const cws = read('store/chrome-web-store.md');
for (const perm of [...(manifest.permissions ?? []), ...(manifest.host_permissions ?? [])]) {
  if (!new RegExp(`^###.*${perm.replace(/[.*/]/g, '\\$&')}`, 'm').test(cws)) {
    problems.push(`store/chrome-web-store.md has no "###" justification for the permission ${perm}`);
  }
}
if (!/^## Single purpose/m.test(cws)) problems.push('store/chrome-web-store.md has no "## Single purpose" statement');

if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log(`store listing: ${locales.length} locales with summary and description, screenshots 1280×800, icons, promo tile, permission justifications`);
