// The version lives in one place, Cargo.toml's [package] version. This script reads it and
// keeps its copies in step: package.json and package-lock.json (npm wants a version of its own),
// and Cargo.lock's entry for the crate. scripts/manifest.mjs puts it into both manifests, and
// build.sh into the package names. CHANGELOG.md must have a section for it.
//
//   node scripts/version.mjs          print the version
//   node scripts/version.mjs check    exit 1, naming each copy that disagrees
//   node scripts/version.mjs sync     write Cargo.toml's version into every copy (after editing it)
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = new URL('../', import.meta.url);
const read = (name) => readFileSync(new URL(name, root), 'utf8');

/** Cargo.toml's `[package] version`: the one source of the version. */
export function version() {
  const toml = read('Cargo.toml');
  const pkg = toml.match(/^\[package\]\n([\s\S]*?)(?=^\[|(?![\s\S]))/m);
  const v = pkg?.[1].match(/^version\s*=\s*"([^"]+)"/m)?.[1];
  if (!v || !/^\d+\.\d+\.\d+$/.test(v)) {
    // Both stores want dotted numbers only (Chrome: up to four integers, no pre-release tags).
    throw new Error(`Cargo.toml: [package] version must be MAJOR.MINOR.PATCH, got ${v}`);
  }
  return v;
}

// Cargo.lock's entry for this crate: `name = "invite-sweeper"` followed by its version line.
const LOCK_ENTRY = /(\[\[package\]\]\nname = "invite-sweeper"\nversion = ")([^"]+)(")/;

/** Every copy of the version, as [where, value]. */
function copies() {
  const pkg = JSON.parse(read('package.json'));
  const lock = JSON.parse(read('package-lock.json'));
  return [
    ['package.json version', pkg.version],
    ['package-lock.json version', lock.version],
    ['package-lock.json packages[""].version', lock.packages?.['']?.version],
    ['Cargo.lock invite-sweeper version', read('Cargo.lock').match(LOCK_ENTRY)?.[2]],
  ];
}

function check() {
  const v = version();
  const problems = copies()
    .filter(([, value]) => value !== v)
    .map(([where, value]) => `${where} is ${value}, Cargo.toml says ${v} (run: node scripts/version.mjs sync)`);
  // A release without its changelog entry is not a release: the heading must exist.
  const changelog = read('CHANGELOG.md');
  if (!/^## \[Unreleased\]/m.test(changelog)) problems.push('CHANGELOG.md: no "## [Unreleased]" section at the top');
  if (!new RegExp(`^## \\[${v.replaceAll('.', '\\.')}\\]`, 'm').test(changelog)) problems.push(`CHANGELOG.md: no "## [${v}]" section`);
  if (problems.length) {
    console.error(problems.join('\n'));
    process.exit(1);
  }
  console.log(`version ${v}: Cargo.toml, Cargo.lock, package.json, package-lock.json and CHANGELOG.md agree`);
}

function sync() {
  const v = version();
  const pkgText = read('package.json');
  writeFileSync(new URL('package.json', root), pkgText.replace(/("version":\s*")[^"]+(")/, `$1${v}$2`));
  const lock = JSON.parse(read('package-lock.json'));
  lock.version = v;
  lock.packages[''].version = v;
  writeFileSync(new URL('package-lock.json', root), JSON.stringify(lock, null, 2) + '\n');
  writeFileSync(new URL('Cargo.lock', root), read('Cargo.lock').replace(LOCK_ENTRY, `$1${v}$3`));
  console.log(`version ${v} written to package.json, package-lock.json and Cargo.lock`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const cmd = process.argv[2] ?? 'print';
  if (cmd === 'print') console.log(version());
  else if (cmd === 'check') check();
  else if (cmd === 'sync') sync();
  else {
    console.error(`unknown command ${cmd}: use print, check or sync`);
    process.exit(2);
  }
}
