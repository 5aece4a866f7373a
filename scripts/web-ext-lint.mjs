// web-ext lint (the linter addons.mozilla.org runs on upload) with 0 errors and no unexplained
// warning. A warning is explained when its code is below with the files it may come from and
// the reason; the same code from another file fails. An entry no longer seen is reported, so the
// list does not outlive its reasons.
// Usage: node scripts/web-ext-lint.mjs [dist/firefox]
import { execFileSync } from 'node:child_process';

const EXPECTED_WARNINGS = {
  // Chrome needs background.service_worker; Firefox ignores it and runs background.scripts. The
  // Firefox manifest keeps both on purpose (see scripts/manifest.mjs, and the toolchain notes:
  // Firefox refuses `service_worker` alone).
  BACKGROUND_SERVICE_WORKER_IGNORED: { files: ['manifest.json'], why: 'background.service_worker is for Chrome' },
  // content.js imports the loader with import(runtime.getURL('loader.js')): the only way a classic
  // content script can load an ES module. loader.js imports config.js and the core's modules the
  // same way, never by a relative import: in Chrome they are web-accessible only at the
  // per-session dynamic URL runtime.getURL gives, and a relative import would resolve against the
  // refused static URL (scripts/link-wasm2js.mjs). Every URL is the extension's own file, never
  // page data.
  UNSAFE_VAR_ASSIGNMENT: { files: ['content.js', 'loader.js'], why: 'dynamic import of the extension\'s own modules through runtime.getURL' },
};
const dir = process.argv[2] ?? 'dist/firefox';
let out;
try {
  out = execFileSync('node_modules/.bin/web-ext', ['lint', '--source-dir', dir, '--output', 'json', '--no-input'], { encoding: 'utf8' });
} catch (e) {
  out = e.stdout;
}
const report = JSON.parse(out.slice(out.indexOf('{')));
const errors = report.errors ?? [];
const warnings = report.warnings ?? [];
const explained = (w) => EXPECTED_WARNINGS[w.code]?.files.includes(w.file) ?? false;
const unexpected = warnings.filter((w) => !explained(w));
for (const e of errors) console.error(`error ${e.code}: ${e.message} (${e.file ?? ''})`);
for (const w of unexpected) console.error(`unexplained warning ${w.code}: ${w.message} (${w.file ?? ''}${w.line ? `:${w.line}` : ''})`);
for (const w of warnings.filter(explained)) console.log(`explained warning ${w.code} (${w.file}): ${EXPECTED_WARNINGS[w.code].why}`);
for (const code of Object.keys(EXPECTED_WARNINGS).filter((c) => !warnings.some((w) => w.code === c))) {
  console.log(`note: ${code} is no longer reported; drop it from scripts/web-ext-lint.mjs`);
}
console.log(`web-ext lint: ${errors.length} errors, ${warnings.length} warnings (${unexpected.length} unexplained), ${(report.notices ?? []).length} notices`);
process.exit(errors.length || unexpected.length ? 1 : 0);
