// The narrowest permissions that work: storage and the one host, nothing else, in the source
// manifest and in both built ones; extension pages keep a strict CSP.
import { readFileSync, existsSync } from 'node:fs';

const problems = [];
for (const path of ['manifest.json', 'dist/chrome/manifest.json', 'dist/firefox/manifest.json']) {
  if (!existsSync(path)) continue;
  const m = JSON.parse(readFileSync(path, 'utf8'));
  const perms = JSON.stringify(m.permissions ?? []);
  const hosts = JSON.stringify(m.host_permissions ?? []);
  if (perms !== '["storage"]') problems.push(`${path}: permissions must be exactly ["storage"], got ${perms}`);
  if (hosts !== '["https://www.linkedin.com/*"]') problems.push(`${path}: host_permissions must be exactly the one host, got ${hosts}`);
  if (m.optional_permissions || m.optional_host_permissions) problems.push(`${path}: no optional permissions`);
  const csp = m.content_security_policy?.extension_pages ?? '';
  if (csp !== "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'") problems.push(`${path}: extension_pages CSP changed: ${csp}`);
  for (const cs of m.content_scripts ?? []) {
    if (JSON.stringify(cs.matches) !== '["https://www.linkedin.com/*"]') problems.push(`${path}: content script matches ${cs.matches}`);
  }
  for (const war of m.web_accessible_resources ?? []) {
    if (JSON.stringify(war.matches) !== '["https://www.linkedin.com/*"]') problems.push(`${path}: web_accessible_resources exposed to ${war.matches}`);
    // The page probes extensions by fetching their web-accessible files at fixed URLs: in Chrome
    // every one must be reachable only at the per-session dynamic URL (issue 13).
    if (!path.includes('firefox') && war.use_dynamic_url !== true) problems.push(`${path}: web_accessible_resources without use_dynamic_url: ${war.resources}`);
  }
}
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log('manifests: storage + https://www.linkedin.com/* only, strict extension CSP, no fixed-URL resources in Chrome');
