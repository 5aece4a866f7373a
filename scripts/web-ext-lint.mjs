// web-ext lint with 0 errors; warnings are allowed only by code, each with its reason.
import { execFileSync } from 'node:child_process';

const EXPECTED_WARNINGS = {
  // Chrome needs background.service_worker; Firefox ignores it and uses background.scripts.
  BACKGROUND_SERVICE_WORKER_IGNORED: 'background.service_worker is for Chrome',
  // content.js imports the loader with import(runtime.getURL(...)): the only way to load the core
  // from a classic content script; the URL is the extension's own.
  UNSAFE_VAR_ASSIGNMENT: 'dynamic import of the extension loader',
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
const unexpected = (report.warnings ?? []).filter((w) => !(w.code in EXPECTED_WARNINGS));
for (const e of errors) console.error(`error ${e.code}: ${e.message} (${e.file ?? ''})`);
for (const w of unexpected) console.error(`unexpected warning ${w.code}: ${w.message} (${w.file ?? ''})`);
console.log(`web-ext lint: ${errors.length} errors, ${(report.warnings ?? []).length} warnings (${unexpected.length} unexpected), ${(report.notices ?? []).length} notices`);
process.exit(errors.length || unexpected.length ? 1 : 0);
