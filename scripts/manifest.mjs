// Derives each browser's manifest from the one source, manifest.json at the top of the repo.
// Browser quirks live here, each with its reason (Dark Reader's make-firefox-happy habit).
// Usage: node scripts/manifest.mjs chrome|firefox out/manifest.json
import { readFileSync, writeFileSync } from 'node:fs';
import { version } from './version.mjs';

const [browser, out] = process.argv.slice(2);
const base = JSON.parse(readFileSync(new URL('../manifest.json', import.meta.url), 'utf8'));
const m = structuredClone(base);
// The source's "version" is a placeholder: the version lives in Cargo.toml (scripts/version.mjs).
m.version = version();

// Invisibility (issue 13): LinkedIn's script fetches chrome-extension://<id>/<file> for the
// web-accessible files of thousands of extensions. In Chrome every web-accessible file of ours
// is reachable only at the per-session dynamic URL (`use_dynamic_url`), which runtime.getURL
// returns to the content script; the static URL is refused. `minimum_chrome_version` is 130,
// the first Chrome that honours `use_dynamic_url` for web-accessible resources imported by a
// content script (older ones would expose the files at the fixed URL, or fail to import them).
if (browser === 'chrome') {
  // Chrome rejects Gecko-only keys with a warning on every load; keep its manifest clean.
  delete m.browser_specific_settings;
  // Chrome runs the service worker; `scripts` is Firefox's event page.
  m.background = { service_worker: base.background.service_worker, type: base.background.type };
} else if (browser === 'firefox') {
  // Firefox refuses `service_worker` alone but accepts both keys and uses `scripts`;
  // keep both so `web-ext lint` sees the shape both browsers share. Its one warning about this,
  // BACKGROUND_SERVICE_WORKER_IGNORED, is expected (scripts/web-ext-lint.mjs lists it).
  // Firefox's moz-extension:// host is a random per-install UUID, so a fixed-URL probe finds
  // nothing; `use_dynamic_url` and `minimum_chrome_version` are Chrome's keys.
  delete m.minimum_chrome_version;
  for (const war of m.web_accessible_resources ?? []) delete war.use_dynamic_url;
} else {
  throw new Error(`unknown browser ${browser}: expected chrome or firefox`);
}
writeFileSync(out, JSON.stringify(m, null, 2) + '\n');
