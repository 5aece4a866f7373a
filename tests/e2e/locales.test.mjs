// Locale completeness: every catalogue under extension/_locales has exactly the English keys,
// the same placeholders and no empty message; English has every key the Rust code asks for.
// Runs without a browser: `node --test tests/e2e/locales.test.mjs`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const LOCALES_DIR = path.join(ROOT, 'extension', '_locales');
const ALLOWED = ['en', 'fr', 'de', 'it', 'nl', 'es', 'pt_BR'];

// Keys the Rust code builds at run time (`state_{state}`, `stop_{code}`) or passes through
// variables (button and option labels in arrays of tuples), which a literal scan cannot see.
const STATES = ['loading', 'scanning', 'ready', 'running', 'paused', 'stopped', 'capped', 'done', 'unsupported', 'error'];
const STOP_CODES = ['user', 'cap-reached', 'dialog-name-mismatch', 'no-dialog', 'row-stays', 'error-toast', 'checkpoint', 'navigated', 'layout-unknown', 'not-sent-list'];
const LABEL_KEYS = [
  'rescan', 'start', 'pause', 'resume', 'stop',
  'noteAny', 'noteWith', 'noteWithout',
  'sortProposal', 'sortPage', 'sortNewest',
  'selectProposed', 'selectAll', 'selectNone',
  'exportCsv', 'exportJson', 'nextIn', 'restFor',
  'ruleNoNote', 'ruleNote',
  'settingCapMin', 'settingCapMax', 'settingDelayMin', 'settingDelayMax',
  'settingRestMin', 'settingRestMax', 'settingCeiling',
];
const DYNAMIC_KEYS = [
  ...STATES.map((s) => `state_${s}`),
  ...STOP_CODES.map((c) => `stop_${c.replaceAll('-', '_')}`),
  ...LABEL_KEYS,
];

const localeDirs = () =>
  fs.readdirSync(LOCALES_DIR, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();

function load(locale) {
  const file = path.join(LOCALES_DIR, locale, 'messages.json');
  const text = fs.readFileSync(file, 'utf8');
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new Error(`${locale}/messages.json is not valid JSON: ${e.message}`);
  }
}

/** The `$NAME$` placeholders a message uses, lowercased (Chrome matches them without case), sorted, once each. */
function usedPlaceholders(message) {
  return [...new Set([...String(message).matchAll(/\$([A-Za-z0-9_@]+)\$/g)].map((m) => m[1].toLowerCase()))].sort();
}

/** The declared placeholders in a comparable form: names lowercased, sorted, with their content. */
function declaredPlaceholders(entry) {
  const p = entry?.placeholders ?? {};
  return Object.keys(p)
    .map((k) => [k.toLowerCase(), JSON.stringify(p[k])])
    .sort(([a], [b]) => a.localeCompare(b));
}

/** Every `.rs` file under `dir`. */
function rustFiles(dir) {
  const out = [];
  for (const d of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) out.push(...rustFiles(p));
    else if (d.name.endsWith('.rs')) out.push(p);
  }
  return out;
}

/** Keys the Rust code passes as string literals to `t("…")` or `tf("…", …)`, with where. */
function rustLiteralKeys() {
  const found = new Map();
  for (const file of rustFiles(path.join(ROOT, 'src'))) {
    const src = fs.readFileSync(file, 'utf8');
    // `t("key")` exactly (a literal argument and nothing else), and `tf("key", …)`, allowing
    // line breaks after the parenthesis as rustfmt writes long calls.
    const re = /(?<!\w)(?:t\(\s*"((?:[^"\\]|\\.)*)"\s*\)|tf\(\s*"((?:[^"\\]|\\.)*)"\s*,)/g;
    for (const m of src.matchAll(re)) {
      const key = m[1] ?? m[2];
      const line = src.slice(0, m.index).split('\n').length;
      if (!found.has(key)) found.set(key, []);
      found.get(key).push(`${path.relative(ROOT, file)}:${line}`);
    }
  }
  return found;
}

const problemsText = (what, list) => `${what}:\n  ${list.join('\n  ')}`;

test('every locale folder is one we ship', () => {
  const bad = localeDirs().filter((d) => !ALLOWED.includes(d));
  assert.deepEqual(bad, [], problemsText('unexpected locale folders (allowed: ' + ALLOWED.join(', ') + ')', bad));
});

test("the manifest's default_locale has a folder with messages.json", () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'manifest.json'), 'utf8'));
  const def = manifest.default_locale;
  assert.ok(typeof def === 'string' && def.length > 0, 'manifest.json has no default_locale');
  assert.ok(
    fs.existsSync(path.join(LOCALES_DIR, def, 'messages.json')),
    `default_locale "${def}" has no extension/_locales/${def}/messages.json`,
  );
});

test('English is well formed: placeholders used are declared and declared ones are used', () => {
  const en = load('en');
  const problems = [];
  for (const [key, entry] of Object.entries(en)) {
    if (!/^[A-Za-z0-9_@]+$/.test(key)) problems.push(`en/${key}: key has characters Chrome does not allow`);
    if (typeof entry?.message !== 'string' || entry.message.trim() === '') {
      problems.push(`en/${key}: empty or missing message`);
      continue;
    }
    const used = usedPlaceholders(entry.message);
    const declared = declaredPlaceholders(entry).map(([n]) => n);
    const undeclared = used.filter((n) => !declared.includes(n));
    const unused = declared.filter((n) => !used.includes(n));
    if (undeclared.length) problems.push(`en/${key}: uses undeclared placeholders ${undeclared.join(', ')}`);
    if (unused.length) problems.push(`en/${key}: declares unused placeholders ${unused.join(', ')}`);
  }
  assert.deepEqual(problems, [], problemsText('English catalogue problems', problems));
});

test('English has every key the manifest names (__MSG_key__)', () => {
  const en = load('en');
  const manifest = fs.readFileSync(path.join(ROOT, 'manifest.json'), 'utf8');
  const missing = [...manifest.matchAll(/__MSG_([A-Za-z0-9_@]+)__/g)].map((m) => m[1]).filter((k) => !(k in en));
  assert.deepEqual(missing, [], problemsText('keys named in manifest.json but missing from en', missing));
});

test('English has every key the Rust code uses', () => {
  const en = load('en');
  const literal = rustLiteralKeys();
  assert.ok(literal.size > 20, `the scan of src/**/*.rs found only ${literal.size} t()/tf() keys: is the pattern stale?`);
  const problems = [];
  for (const [key, where] of literal) {
    if (!(key in en)) problems.push(`en/${key}: used by ${where.join(', ')}`);
  }
  for (const key of DYNAMIC_KEYS) {
    if (!(key in en)) problems.push(`en/${key}: built or passed through a variable by the Rust code`);
  }
  assert.deepEqual(problems, [], problemsText('keys the code uses but en/messages.json lacks', problems));
});

for (const locale of localeDirs().filter((d) => d !== 'en')) {
  test(`${locale}: same keys, same placeholders, no empty message`, async (t) => {
    const en = load('en');
    const cat = load(locale);

    await t.test('no missing key', () => {
      const missing = Object.keys(en).filter((k) => !(k in cat)).map((k) => `${locale}/${k}`);
      assert.deepEqual(missing, [], problemsText(`${locale} lacks English keys`, missing));
    });

    await t.test('no extra key', () => {
      const extra = Object.keys(cat).filter((k) => !(k in en)).map((k) => `${locale}/${k}`);
      assert.deepEqual(extra, [], problemsText(`${locale} has keys English does not`, extra));
    });

    await t.test('no empty message', () => {
      const empty = Object.entries(cat)
        .filter(([, e]) => typeof e?.message !== 'string' || e.message.trim() === '')
        .map(([k]) => `${locale}/${k}`);
      assert.deepEqual(empty, [], problemsText(`${locale} has empty or missing messages`, empty));
    });

    await t.test('messages use the same $ARGn$ placeholders as English', () => {
      const bad = [];
      for (const [key, e] of Object.entries(cat)) {
        if (!(key in en) || typeof e?.message !== 'string') continue;
        const want = usedPlaceholders(en[key].message);
        const got = usedPlaceholders(e.message);
        if (JSON.stringify(want) !== JSON.stringify(got)) {
          bad.push(`${locale}/${key}: uses [${got.join(', ')}], English uses [${want.join(', ')}]`);
        }
      }
      assert.deepEqual(bad, [], problemsText(`${locale} messages whose placeholders differ from English`, bad));
    });

    await t.test('declares the same placeholders as English', () => {
      const bad = [];
      for (const [key, e] of Object.entries(cat)) {
        if (!(key in en)) continue;
        const want = declaredPlaceholders(en[key]);
        const got = declaredPlaceholders(e);
        if (JSON.stringify(want) !== JSON.stringify(got)) {
          bad.push(`${locale}/${key}: declares ${JSON.stringify(e?.placeholders ?? {})}, English ${JSON.stringify(en[key].placeholders ?? {})}`);
        }
      }
      assert.deepEqual(bad, [], problemsText(`${locale} placeholder declarations that differ from English`, bad));
    });

    await t.test('the store description fits in 132 characters', () => {
      const d = cat.extDescription?.message ?? '';
      assert.ok(d.length <= 132, `${locale}/extDescription is ${d.length} characters (Chrome allows 132)`);
    });
  });
}
