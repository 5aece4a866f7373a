#!/usr/bin/env node
// Where a cold page load spends its time in the JS build (wasm2js), per Rust function.
//
//   node bench/js-cold-profile.mjs [rows=500] [loads=5]
//
// The shipped JS build has no function names (wasm2js names its functions after the wasm's name
// section, which build.sh does not keep, and terser mangles the rest), so this rebuilds the JS build
// from the same linker output, `target/js/wasm32-unknown-unknown/release/invite_sweeper.wasm`,
// through the same steps as build.sh but keeping the names (wasm-bindgen --keep-debug, wasm-opt -g,
// wasm2js -g, no terser), puts it into a copy of the test build, and CPU-profiles fresh loads of the
// sent list (renderCurrent, every row present, LinkedIn-like strict CSP: the JS build loads),
// navigation → `ready`, 100 µs sampling. It prints self time per load, largest first: Rust
// functions as `core:`, the page's own script as `page:`, native calls as `native:`.
//
// Not part of `./build.sh bench` (which measures the shipped files): a diagnosis tool. It found
// that SipHash (the core's maps and wasm-bindgen's intern cache) was a fifth of the JS build's core
// time on a first load, because wasm2js turns each 64-bit rotation into calls on 32-bit halves.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import { startServer, ORIGIN } from '../tests/e2e/server.mjs';
import { renderCurrent } from '../tests/fixtures/render.mjs';
import { launchChromium, until } from '../tests/e2e/browsers.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..');
const CRATE = 'invite_sweeper';
const SENT = '/mynetwork/invitation-manager/sent/';
const ROWS = Number(process.argv[2] ?? 500);
const LOADS = Number(process.argv[3] ?? 5);
const WB_VERSION = fs.readFileSync(path.join(ROOT, 'Cargo.toml'), 'utf8').match(/^wasm-bindgen = \{ version = "([^"]+)"/m)?.[1];

function run(cmd, args) {
  execFileSync(cmd, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
}

/** The JS build of `target/js`, names kept, in a copy of dist/test/chrome; returns its directory. */
function namedJsBuild(tmp) {
  const raw = path.join(ROOT, `target/js/wasm32-unknown-unknown/release/${CRATE}.wasm`);
  const wb = path.join(ROOT, `.tools/wasm-bindgen-${WB_VERSION}/bin/wasm-bindgen`);
  const bin = (n) => path.join(ROOT, 'node_modules/binaryen/bin', n);
  for (const f of [raw, wb, path.join(ROOT, 'dist/test/chrome/manifest.json')]) {
    if (!fs.existsSync(f)) throw new Error(`${path.relative(ROOT, f)} is missing: run ./build.sh first`);
  }
  const w = path.join(tmp, 'work');
  const js = path.join(tmp, 'js');
  fs.mkdirSync(w);
  fs.mkdirSync(js);
  run('node', ['scripts/strip-target-features.mjs', raw, path.join(w, 'in.wasm'), 'reference-types', 'multivalue']);
  run(wb, ['--keep-debug', '--target', 'bundler', '--no-typescript', '--out-dir', w, '--out-name', CRATE, path.join(w, 'in.wasm')]);
  run(bin('wasm-opt'), ['-Oz', '-g', '--llvm-nontrapping-fptoint-lowering', '--llvm-memory-copy-fill-lowering',
    '--enable-bulk-memory', '--enable-nontrapping-float-to-int', '--enable-sign-ext', '--enable-mutable-globals',
    path.join(w, `${CRATE}_bg.wasm`), '-o', path.join(w, 'lowered.wasm')]);
  const out = path.join(js, `${CRATE}_bg.wasm.js`);
  run(bin('wasm2js'), ['-Oz', '-g', path.join(w, 'lowered.wasm'), '-o', out]);
  run('node', ['scripts/compact-js.mjs', out]);
  run('node', ['scripts/wasm2js-base64.mjs', out]);
  run('node', ['scripts/link-wasm2js.mjs', out]);
  fs.copyFileSync(path.join(w, `${CRATE}_bg.js`), path.join(js, `${CRATE}_bg.js`));
  run('node', ['scripts/patch-wasm2js-glue.mjs', js]);
  const ext = path.join(tmp, 'ext');
  fs.cpSync(path.join(ROOT, 'dist/test/chrome'), ext, { recursive: true });
  for (const f of fs.readdirSync(js)) fs.copyFileSync(path.join(js, f), path.join(ext, 'core-js', f));
  return ext;
}

function key(cf) {
  const url = cf.url || '';
  const name = cf.functionName || '(top level)';
  if (url.includes('/core-js/')) return `core: ${name.replace(/_h[0-9a-f]{16}$/, '').replace(/_[0-9a-f]{16}_/g, '_')}`;
  if (url.startsWith('chrome-extension://')) return `extension: ${url.split('/').pop()} ${name}`;
  if (!url) return `native: ${name}`;
  return `page: ${name}`;
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sweeper-js-profile-'));
const server = await startServer();
let browser;
try {
  console.log('rebuilding the JS build with its names (about 20 s)');
  const ext = namedJsBuild(tmp);
  browser = await launchChromium({ extDir: ext, port: server.port });
  const page = await browser.newPage();
  await page.addInitScript({ content: fs.readFileSync(path.join(HERE, 'probe.js'), 'utf8') });
  const cdp = await browser.context.newCDPSession(page);
  server.setPage(SENT, { html: renderCurrent({ rows: ROWS, seed: 1, batch: ROWS }).html, csp: 'strict' });
  const self = new Map();
  const totals = [];
  // One load first, unprofiled: the browser's own first-time costs are not the core's.
  for (let i = 0; i <= LOADS; i++) {
    const profiled = i > 0;
    if (profiled) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
      await cdp.send('Profiler.start');
    }
    await page.goto(ORIGIN + SENT, { waitUntil: 'load' });
    const r = await until(() => page.evaluate(() => {
      const P = window.__benchProbe;
      const end = P && P.states.find(([, st]) => st === 'ready' || st === 'error' || st === 'unsupported');
      if (!end) return null;
      const panel = P.root()?.querySelector('[data-testid=sweeper-panel]');
      return { state: end[1], at: end[0], core: panel?.dataset.core, from: performance.getEntriesByType('navigation')[0].domInteractive };
    }), 'the panel to be ready', 60000, 20);
    if (r.state !== 'ready' || r.core !== 'js') throw new Error(`load ${i}: ${r.state} with the ${r.core} core (expected ready, js)`);
    if (!profiled) continue;
    totals.push(r.at - r.from);
    const { profile } = await cdp.send('Profiler.stop');
    await cdp.send('Profiler.disable');
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    for (let k = 0; k < profile.samples.length; k++) {
      const cf = byId.get(profile.samples[k]).callFrame;
      if (cf.functionName === '(idle)') continue;
      const dt = (profile.timeDeltas[k + 1] ?? 0) / 1000;
      self.set(key(cf), (self.get(key(cf)) ?? 0) + dt);
    }
  }
  const per = [...self.entries()].map(([k, v]) => [k, v / LOADS]).sort((a, b) => b[1] - a[1]);
  const core = per.filter(([k]) => k.startsWith('core:')).reduce((n, [, v]) => n + v, 0);
  console.log(`${LOADS} profiled loads of ${ROWS} rows, domInteractive → ready (profiler on): ${totals.map((t) => `${t.toFixed(0)} ms`).join(', ')}`);
  console.log(`the core's own code (named JS build): ${core.toFixed(1)} ms per load; self time per load, largest first:`);
  for (const [k, v] of per.slice(0, 40)) console.log(`${v.toFixed(2).padStart(8)} ms  ${k.slice(0, 140)}`);
} finally {
  await browser?.close();
  await server.close();
  fs.rmSync(tmp, { recursive: true, force: true });
}
