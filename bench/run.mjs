#!/usr/bin/env node
// Invite Sweeper benchmarks (issues #6 and #15). `./build.sh bench` builds, then runs this file; on its own:
//
//   node bench/run.mjs            the full run (a few minutes on 2 cores), writes bench/results.md,
//                                 bench/results.json and bench/chart.png
//   node bench/run.mjs --quick    fewer repetitions (a smoke test of the harness; figures noisy)
//
// Everything runs in headless Chromium against the fixture pages (tests/fixtures/render.mjs, and
// tests/fixtures/captured.mjs for the page as captured in 2026) served at the real URL by
// tests/e2e/server.mjs, with the BUILT extension. Sizes are those of the shipped build
// (dist/chrome). Every figure that watches the panel runs the test build (dist/test/chrome): the
// same files but config.js, whose two differences (an OPEN shadow root, the run's own delays ÷ 100)
// touch neither scanning nor the panel getting ready; the run checks that nothing else differs.
// The shipped build's root is closed, so a main-world observer could not watch it. The off-page
// figure runs the shipped build. The product is not modified; the harness only observes it:
//   - bench/probe.js       main-world observers (panel state, progress, dialogs, rows added and
//                          removed, long tasks)
//   - bench/instrument.js  evaluated in the content script's isolated world before content.js runs
//                          (CDP breakpoint on content.js's first statement): timers, observers,
//                          listeners, background messages, the wasm instance
//   - bench/peer-scan.js   the peer scanner, run in the page's main world on the same DOM
// See the "Method" section of bench/results.md for what each figure means and its resolution.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import { startServer, ORIGIN } from '../tests/e2e/server.mjs';
import { renderCurrent } from '../tests/fixtures/render.mjs';
import { renderCaptured } from '../tests/fixtures/captured.mjs';
import { launchChromium, until } from '../tests/e2e/browsers.mjs';
import { closedPanel } from '../tests/e2e/closed-root.mjs';
import { peerScan } from './peer-scan.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..');
const QUICK = process.argv.includes('--quick');
// --only=scan,ready,arrival,detection,named,offpage,twiggy: run just those parts and print them,
// leaving bench/results.* untouched (for iterating on one figure).
const ONLY = (process.argv.find((a) => a.startsWith('--only=')) || '').slice(7).split(',').filter(Boolean);
const want = (part) => !ONLY.length || ONLY.includes(part);
const SENT = '/mynetwork/invitation-manager/sent/';
const FEED = '/feed/';
const CRATE = 'invite_sweeper';
const TWIGGY_ROOT = path.join(os.homedir(), '.cache/invite-sweeper/twiggy');
const TWIGGY = process.env.TWIGGY || path.join(TWIGGY_ROOT, 'bin/twiggy');
const TWIGGY_VERSION = '0.8.0';
const RAW_WASM = path.join(ROOT, `target/wasm32-unknown-unknown/release/${CRATE}.wasm`);

const SIZES = [100, 500, 1200, 5000];
const REPS = QUICK ? { 100: 3, 500: 3, 1200: 3, 5000: 2 } : { 100: 15, 500: 11, 1200: 9, 5000: 5 };
const READY_LOADS = QUICK ? 2 : 7; // measured loads per build with an empty history (after a first load)
const FULL_LOADS = QUICK ? 2 : 3; // loads per build with a full history
const BUILDS = [['wasm', 'wasm'], ['js', 'strict']]; // [core expected, CSP served]
const OFFPAGE_PROFILES = QUICK ? 2 : 5;
// Last row rendered → panel ready: the captured 2026 page, its rows arriving as <main> is
// scrolled, ARRIVAL_BATCH rows at a time after the page's own delay (400–900 ms a batch).
const ARRIVAL_ROWS = 1200;
const ARRIVAL_BATCH = 100;
const ARRIVAL_LOADS = QUICK ? 2 : 5; // measured loads per build (after a first load, shown apart)
const IDLE_MS = QUICK ? 2000 : 5000;
const DIALOG_DELAY_MS = 30;
const KB = 1024;

// Issue 15's targets (and issue 6's for the figures issue 15 does not restate).
const TARGET = {
  wasmGz: 90 * KB,
  glueGz: 8 * KB, // issue 6
  jsGz: 150 * KB,
  ratio1200: 2.0, // rescan at 1,200 rows, ours / peer, each build
  linear: 4.5, // rescan at 5,000 rows / at 1,200 rows, each build
  readyWasm: 100,
  readyJs: 200,
  tailWasm: 150, // last row rendered → ready at 1,200 rows
  tailJs: 300,
  detection: 100, // issue 6
  idleTimers: 0, // issue 6
};

const PROBE_SRC = fs.readFileSync(path.join(HERE, 'probe.js'), 'utf8');
const INSTRUMENT_SRC = fs.readFileSync(path.join(HERE, 'instrument.js'), 'utf8');

const T0 = Date.now();
const log = (...a) => console.log(`[bench ${((Date.now() - T0) / 1000).toFixed(0).padStart(3)} s]`, ...a);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------- small statistics and formatting
function median(xs) {
  const v = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return NaN;
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}
const min = (xs) => Math.min(...xs.filter(Number.isFinite));
const max = (xs) => Math.max(...xs.filter(Number.isFinite));
function ms(x, digits) {
  if (!Number.isFinite(x)) return 'n/a';
  const d = digits ?? (x < 10 ? 2 : x < 100 ? 1 : 0);
  return `${x.toFixed(d)} ms`;
}
const range = (xs) => (xs.filter(Number.isFinite).length ? `${ms(min(xs))} – ${ms(max(xs))}` : 'n/a');
const bytes = (n) => `${n.toLocaleString('en-US')} B`;
const kib = (n) => `${(n / KB).toFixed(1)} KB`;
const mib = (n) => `${(n / KB / KB).toFixed(2)} MiB`;
const verdict = (ok) => (ok === null || ok === undefined ? 'n/a' : ok ? '**met**' : '**missed**');

// --------------------------------------------------------------------------------- machine facts
function machine() {
  const cpus = os.cpus();
  let commit = 'unknown';
  let dirty = '';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT }).toString().trim();
    dirty = execFileSync('git', ['status', '--porcelain', '--', 'src', 'extension', 'Cargo.toml', 'Cargo.lock'], { cwd: ROOT }).toString().trim() ? ' (src/extension modified)' : '';
  } catch {}
  let osName = `${os.type()} ${os.release()}`;
  try {
    const rel = fs.readFileSync('/etc/os-release', 'utf8');
    const pretty = rel.match(/^PRETTY_NAME="?([^"\n]+)"?/m);
    if (pretty) osName = `${pretty[1]}, kernel ${os.release()}`;
  } catch {}
  return {
    date: new Date().toISOString(),
    cpu: `${cpus[0]?.model?.trim() ?? 'unknown CPU'} × ${cpus.length} logical cores`,
    memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    os: osName,
    node: process.version,
    commit: commit + dirty,
  };
}

/**
 * CPU accounting, to tell how busy the machine was with other work: the machine's busy time
 * (/proc/stat) and this process's plus every descendant's (the browsers), sampled from /proc;
 * a process that exits loses at most one sampling interval of its time (so "others" is an upper bound).
 */
const HZ = 100; // USER_HZ on Linux
const ownCpu = new Map(); // pid → latest utime+stime (ticks)
function machineBusy() {
  const cpu = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  return (cpu[0] + cpu[1] + cpu[2] + cpu[5] + cpu[6] + (cpu[7] || 0)) / HZ;
}
function sampleOwnCpu() {
  try {
    const procs = [];
    for (const d of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(d)) continue;
      try {
        const f = fs.readFileSync(`/proc/${d}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
        procs.push({ pid: Number(d), ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) });
      } catch {}
    }
    const mine = new Set([process.pid]);
    for (let grew = true; grew;) {
      grew = false;
      for (const q of procs) if (!mine.has(q.pid) && mine.has(q.ppid)) { mine.add(q.pid); grew = true; }
    }
    for (const q of procs) if (mine.has(q.pid)) ownCpu.set(q.pid, Math.max(ownCpu.get(q.pid) ?? 0, q.ticks));
  } catch {}
}
function cpuTimes() {
  try {
    sampleOwnCpu();
    let own = 0;
    for (const v of ownCpu.values()) own += v;
    return { busy: machineBusy(), own: own / HZ, wall: Date.now() / 1000 };
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------- payload
function gz(buf) {
  return zlib.gzipSync(buf, { level: 9 }).length;
}

function payload(extDir) {
  const file = (rel) => {
    const buf = fs.readFileSync(path.join(extDir, rel));
    return { rel, raw: buf.length, gz: gz(buf), sha: crypto.createHash('sha256').update(buf).digest('hex').slice(0, 12) };
  };
  const wasm = file(`core/${CRATE}_bg.wasm`);
  const glue = file(`core/${CRATE}.js`);
  // Every file of core-js/: the glue and the wasm2js module, linked by the loader.
  const jsParts = fs.readdirSync(path.join(extDir, 'core-js')).sort().map((f) => file(`core-js/${f}`));
  const js = { raw: jsParts.reduce((n, f) => n + f.raw, 0), gz: jsParts.reduce((n, f) => n + f.gz, 0) };
  const always = ['content.js'].map(file);
  const loader = ['loader.js', 'config.js'].map(file);
  // The extension pages' core (background, popup): never loaded by the page.
  const pages = fs.existsSync(path.join(extDir, 'core-ext')) ? [`core-ext/${CRATE}_bg.wasm`, `core-ext/${CRATE}.js`].map(file) : [];
  return { wasm, glue, jsParts, js, always, loader, pages };
}

function parseCsv(text) {
  const rows = [];
  let row = [];
  let cell = '';
  let q = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (q) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') q = false; else cell += c;
    } else if (c === '"') q = true;
    else if (c === ',') { row.push(cell); cell = ''; } else if (c === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; } else if (c !== '\r') cell += c;
  }
  if (cell || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

/**
 * A copy of the shipped wasm WITH function names: the same pipeline as build.sh (wasm-bindgen
 * --target web, then wasm-opt -Oz with the same features) plus --keep-debug / -g, so twiggy can
 * name what the shipped bytes are. Returns its path, or null when the tools are missing.
 */
function namedOptimisedWasm(tmp) {
  const lock = fs.readFileSync(path.join(ROOT, 'Cargo.lock'), 'utf8');
  const ver = lock.match(/name = "wasm-bindgen"\nversion = "([^"]+)"/)?.[1];
  const wb = [path.join(ROOT, `.tools/wasm-bindgen-${ver}/bin/wasm-bindgen`), path.join(os.homedir(), `.cache/invite-sweeper/wasm-bindgen-cli-${ver}/bin/wasm-bindgen`)].find((f) => fs.existsSync(f));
  const opt = path.join(ROOT, 'node_modules/binaryen/bin/wasm-opt');
  if (!wb || !fs.existsSync(opt) || !fs.existsSync(RAW_WASM)) return null;
  const out = path.join(tmp, 'named');
  fs.mkdirSync(out, { recursive: true });
  execFileSync(wb, ['--target', 'web', '--no-typescript', '--keep-debug', '--out-dir', out, '--out-name', CRATE, RAW_WASM], { stdio: 'pipe' });
  const named = path.join(out, 'named.wasm');
  execFileSync(opt, ['-Oz', '-g', '--enable-reference-types', '--enable-bulk-memory', '--enable-nontrapping-float-to-int',
    '--enable-sign-ext', '--enable-mutable-globals', '--enable-multivalue', path.join(out, `${CRATE}_bg.wasm`), '-o', named], { stdio: 'pipe' });
  return named;
}

/** Groups a twiggy item name: by crate, and by module inside this crate. */
function groupOf(name) {
  if (/^custom section/.test(name) || /function names|subsection|^\.debug/.test(name)) return '(names and custom sections: not shipped)';
  if (/^data segment/.test(name) || /^data\[/.test(name)) return '(data segments: string literals, tables, panel.css)';
  const m = name.match(/([A-Za-z_][A-Za-z0-9_]*)(?:\[[0-9a-f]+\])?::/);
  const crate = m ? m[1] : null;
  if (crate === 'invite_sweeper') {
    const parts = name.replace(/^<+/, '').split('::').map((x) => x.replace(/[<>{}\s].*$/, ''));
    const i = parts.indexOf('invite_sweeper');
    return parts.slice(i, i + (parts[i + 2] === 'dom' || parts[i + 2] === 'content' ? 4 : 3)).join('::');
  }
  if (crate && ['core', 'alloc', 'std', 'compiler_builtins'].includes(crate)) return 'core/alloc/std (fmt, strings, collections, sort)';
  if (/^<(str|\[|&|\(|f64|f32|u\d|i\d|usize|isize|char|bool)/.test(name)) return 'core/alloc/std (fmt, strings, collections, sort)';
  if (crate === 'serde_core' || crate === 'serde') return 'serde';
  if (crate) return crate;
  if (/^__wbg|^__wbindgen|wbindgen|^__externref|^__wasm/.test(name)) return 'wasm_bindgen (runtime)';
  return '(unnamed: types, imports, exports, tables, other)';
}

/**
 * twiggy, installed once into the machine's cache (`cargo install`, a few minutes) when it is not
 * there: `./build.sh bench` on a fresh clone needs nothing else. `$TWIGGY` names another copy.
 */
function ensureTwiggy() {
  if (fs.existsSync(TWIGGY) || process.env.TWIGGY) return;
  log(`twiggy ${TWIGGY_VERSION} missing: installing it into the machine cache (cargo install, one time, a few minutes)`);
  const cargo = [path.join(os.homedir(), '.cargo/bin/cargo'), 'cargo'].find((c) => c === 'cargo' || fs.existsSync(c));
  const args = ['install', 'twiggy', '--version', `=${TWIGGY_VERSION}`, '--root', TWIGGY_ROOT, '--quiet'];
  try {
    execFileSync(cargo, [...args, '--locked'], { stdio: 'inherit' });
  } catch {
    execFileSync(cargo, args, { stdio: 'inherit' });
  }
}

/** Where the bytes of the core go (twiggy). */
function twiggy(tmp, shippedRaw) {
  try {
    ensureTwiggy();
  } catch (e) {
    return { error: `twiggy could not be installed (${e.message.split('\n')[0]})` };
  }
  if (!fs.existsSync(TWIGGY)) return { error: `twiggy not found at ${TWIGGY}` };
  if (!fs.existsSync(RAW_WASM)) return { error: `${path.relative(ROOT, RAW_WASM)} missing` };
  let file = null;
  let kind = 'optimised';
  let glue = null;
  try {
    file = namedOptimisedWasm(tmp);
    if (file) glue = path.join(path.dirname(file), `${CRATE}.js`);
  } catch (e) {
    log(`could not rebuild a named copy of the wasm (${e.message.split('\n')[0]}); using the linker output`);
  }
  if (!file) {
    file = RAW_WASM;
    kind = 'raw';
  }
  const run = (args) => execFileSync(TWIGGY, args, { maxBuffer: 64 << 20 }).toString();
  const top = run(['top', '-n', '30', file]);
  const monos = run(['monos', '-m', '20', '-n', '3', file]);
  fs.writeFileSync(path.join(HERE, 'twiggy-top.txt'), top);
  fs.writeFileSync(path.join(HERE, 'twiggy-monos.txt'), monos);
  const csv = parseCsv(run(['top', '-n', '1000000', '-f', 'csv', file])).slice(1);
  const groups = new Map();
  const stdParts = new Map();
  let total = 0;
  let code = 0;
  const items = [];
  for (const [name, size] of csv) {
    const n = Number(size);
    if (!name || !Number.isFinite(n) || name.startsWith('Σ') || name.startsWith('...')) continue;
    total += n;
    const g = groupOf(name);
    if (!g.startsWith('(names')) {
      code += n;
      items.push({ name, size: n });
    }
    groups.set(g, (groups.get(g) ?? 0) + n);
    if (g.startsWith('core/alloc/std')) {
      const key = name.replace(/::h[0-9a-f]{16}$/, '').replace(/\[[0-9a-f]+\]/g, '').replace(/^</, '').split('::').slice(0, 3).join('::').replace(/<.*$/, '');
      const e = stdParts.get(key) ?? { size: 0, count: 0 };
      e.size += n;
      e.count++;
      stdParts.set(key, e);
    }
  }
  const byGroup = [...groups.entries()].sort((a, b) => b[1] - a[1]).map(([group, size]) => ({ group, size }));
  const monoTotal = run(['monos', '-g', '--all-generics', '-f', 'csv', file]);
  let bloat = 0;
  for (const row of parseCsv(monoTotal).slice(1)) {
    const b = Number(row[1]);
    if (Number.isFinite(b) && !String(row[0]).startsWith('Σ')) bloat += b;
  }
  const std = [...stdParts.entries()].sort((a, b) => b[1].size - a[1].size).slice(0, 8).map(([what, e]) => ({ what, ...e }));
  return { kind, namedWasm: kind === 'optimised' ? file : null, namedGlue: glue, file: kind === 'raw' ? path.relative(ROOT, RAW_WASM) : 'named copy', top, monos, byGroup, total, shipped: code, shippedRaw, topItems: items.sort((a, b) => b.size - a.size).slice(0, 12), monoBloat: bloat, std };
}

// ------------------------------------------------------------------------------ browser plumbing
/**
 * The path of an extension URL. The manifest's content script comes from the extension's id;
 * every web-accessible file (loader, config, the cores) only from Chrome's per-session dynamic
 * URL, `chrome-extension://<random uuid>/…` (manifest `use_dynamic_url`).
 */
const extPath = (url) => url.replace(/^chrome-extension:\/\/[^/]+\//, '');
/** A page with the main-world probe and (optionally) the isolated-world instrumentation. */
async function openPage(browser, { instrument = true, network = false, probeOptions = null } = {}) {
  const page = await browser.newPage();
  if (probeOptions) await page.addInitScript({ content: `window.__benchProbeOptions = ${JSON.stringify(probeOptions)};` });
  await page.addInitScript({ content: PROBE_SRC });
  const cdp = await browser.context.newCDPSession(page);
  const s = { page, cdp, ctx: null, contentScriptIds: new Set(), scripts: [], requests: [], installs: 0, installErrors: [] };
  if (instrument) {
    await cdp.send('Debugger.enable');
    cdp.on('Debugger.scriptParsed', (e) => {
      if (!e.url.startsWith('chrome-extension://')) return;
      s.scripts.push({ url: extPath(e.url), bytes: e.length, lang: e.scriptLanguage ?? 'JavaScript', ctx: e.executionContextId });
      if (/\/content\.js$/.test(e.url)) {
        s.contentScriptIds.add(e.scriptId);
        s.ctx = e.executionContextId;
      }
    });
    cdp.on('Debugger.paused', async (e) => {
      try {
        const top = e.callFrames[0];
        if (top && s.contentScriptIds.has(top.location.scriptId)) {
          const r = await cdp.send('Debugger.evaluateOnCallFrame', { callFrameId: top.callFrameId, expression: INSTRUMENT_SRC, returnByValue: true });
          if (r.exceptionDetails) s.installErrors.push(r.exceptionDetails.exception?.description ?? r.exceptionDetails.text);
          else s.installs++;
        }
      } catch (err) {
        s.installErrors.push(String(err));
      } finally {
        await cdp.send('Debugger.resume').catch(() => {});
      }
    });
    await cdp.send('Debugger.setBreakpointByUrl', { urlRegex: '^chrome-extension://[^/]+/content\\.js$', lineNumber: 0 });
  }
  if (network) {
    await cdp.send('Network.enable');
    cdp.on('Network.requestWillBeSent', (e) => {
      if (e.request.url.startsWith('chrome-extension://')) s.requests.push(extPath(e.request.url));
    });
  }
  return s;
}

async function goto(s, url) {
  s.scripts.length = 0;
  s.requests.length = 0;
  s.ctx = null;
  await s.page.goto(url, { waitUntil: 'load', timeout: 180000 });
}

/** Evaluates `expression` in the content script's isolated world (the last content.js context). */
async function iso(s, expression) {
  if (s.ctx == null) throw new Error('no content-script context seen');
  const r = await s.cdp.send('Runtime.evaluate', { expression, contextId: s.ctx, returnByValue: true, awaitPromise: true });
  if (r.exceptionDetails) throw new Error(`isolated world: ${r.exceptionDetails.exception?.description ?? r.exceptionDetails.text}`);
  return r.result.value;
}

// The panel is found through the probe (bench/probe.js): its host has no id or attribute; it is
// the element whose (open, in the test build) shadowRoot holds [data-testid="sweeper-panel"].
const panelState = (page) => page.evaluate(() => window.__benchProbe?.root()
  ?.querySelector('[data-testid=sweeper-panel]')?.getAttribute('data-state') ?? null).catch(() => null);

/** `data-core` on the panel: which build of the core runs (`wasm` / `js`). */
const coreKind = (page) => page.evaluate(() => window.__benchProbe?.root()
  ?.querySelector('[data-testid=sweeper-panel]')?.getAttribute('data-core') ?? null);

async function waitState(page, want, timeout = 120000) {
  return until(async () => {
    const st = await panelState(page);
    return want.includes(st) ? st : null;
  }, `panel state ${want.join('|')}`, timeout, 25);
}

function press(page, testid) {
  return page.evaluate((id) => {
    const b = window.__benchProbe?.root()?.querySelector(`[data-testid="${id}"]`);
    if (!b || b.disabled || b.hidden) return false;
    b.click();
    return true;
  }, testid);
}

/** Lets the page finish pending rendering and collects garbage, so runs do not pay for each other. */
async function settle(s) {
  await s.cdp.send('HeapProfiler.collectGarbage').catch(() => {});
  await s.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 0)))));
  await sleep(30);
}

/**
 * A timed Rescan, then the scan snapshot's trip to the background, which the core sends after the
 * panel is ready (off the critical path): `{ ...timeRescan, snap: { sent, replied } }`.
 */
async function rescanWithSnapshot(s) {
  const o = await timeRescan(s.page);
  return { ...o, snap: await snapshotTrip(s, o.t0) };
}

/** The first `bg-snapshot` message sent since `t0`, once answered (or as it stands after 2 s). */
async function snapshotTrip(s, t0) {
  let snap = null;
  for (let i = 0; i < 100 && !(snap && snap.replied != null); i++) {
    if (i) await sleep(20);
    snap = (await iso(s, `globalThis.__bench.messages.filter((m) => m.sent >= ${t0} && m.type === 'bg-snapshot').map((m) => ({ sent: m.sent, replied: m.replied }))`))[0] ?? null;
  }
  return snap;
}

/**
 * One Rescan pressed like a person would, timed in the page: click → data-state back to a settled
 * state (ready), and → after the next frame (style, layout and paint of the new panel rows; includes
 * waiting for that frame).
 */
function timeRescan(page) {
  return page.evaluate(() => new Promise((resolve, reject) => {
    const root = window.__benchProbe?.root();
    const p = root?.querySelector('[data-testid=sweeper-panel]');
    const b = root?.querySelector('[data-testid=sweeper-scan]');
    if (!p || !b || b.disabled) return reject(new Error('the Rescan button is not available'));
    let changed = false;
    let t0 = 0;
    const mo = new MutationObserver(() => {
      changed = true;
      const st = p.getAttribute('data-state');
      if (st === 'scanning' || st === 'loading') return;
      const t1 = performance.now();
      mo.disconnect();
      // The core stamps the panel with the moment its rows were read, parsed and scored
      // (`data-scored-at`, performance.now() of this document).
      const scored = Number(p.getAttribute('data-scored-at') ?? NaN);
      requestAnimationFrame(() => {
        const ch = new MessageChannel();
        ch.port1.onmessage = () => resolve({ t0, readyAt: t1, ready: t1 - t0, frame: performance.now() - t0, state: st, changed, scored: scored >= t0 ? scored : NaN });
        ch.port2.postMessage(0);
      });
    });
    mo.observe(p, { attributes: true, attributeFilter: ['data-state'] });
    t0 = performance.now();
    b.click();
  }));
}

const panelCounts = (page) => page.evaluate(() => {
  const root = window.__benchProbe.root();
  const rows = root.querySelectorAll('[data-testid=sweeper-row]');
  let selected = 0;
  for (const r of rows) if (r.dataset.selected === 'true') selected++;
  return { rows: rows.length, selected };
});

/** The core's linear memory (wasm: the instance's memory; JS build: wasm2js's ArrayBuffer). */
async function coreMemory(s, kind) {
  if (kind === 'wasm') {
    const v = await iso(s, 'globalThis.__bench.instances.map((i) => i.exports.memory ? i.exports.memory.buffer.byteLength : null)');
    return v.find((x) => x != null) ?? null;
  }
  // The wasm2js module's memory, an ArrayBuffer seen being allocated (bench/instrument.js).
  return iso(s, 'globalThis.__bench.jsMemory ? globalThis.__bench.jsMemory.byteLength : null');
}

async function heapUsage(s) {
  await s.cdp.send('HeapProfiler.collectGarbage').catch(() => {});
  return s.cdp.send('Runtime.getHeapUsage');
}

/** Self time per function from a CPU profile, grouped. */
function profileSelf(profile, classify) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const { samples, timeDeltas } = profile;
  for (let i = 0; i < samples.length; i++) {
    const n = byId.get(samples[i]);
    const dt = (timeDeltas[i + 1] ?? timeDeltas[i] ?? 0) / 1000;
    const k = classify(n.callFrame);
    if (k == null) continue;
    self.set(k, (self.get(k) ?? 0) + dt);
  }
  return self;
}

/** What the background has stored as scan history (read from the service worker; read only). */
async function historyStats(browser) {
  const w = browser.context.serviceWorkers()[0] ?? await browser.context.waitForEvent('serviceworker', { timeout: 10000 });
  return w.evaluate(async () => {
    const v = (await chrome.storage.local.get('history')).history;
    const snaps = v?.data?.snapshots ?? [];
    return { snapshots: snaps.length, rows: snaps.reduce((n, x) => n + (x.rows?.length ?? 0), 0), jsonBytes: JSON.stringify(v ?? null).length };
  });
}

/** Empties the scan history with the panel's own "Clear history" control; waits until stored. */
async function clearHistory(browser, page) {
  // The control may be disabled for a moment after `ready`, while the snapshot is stored.
  await until(() => press(page, 'sweeper-clear-history'), 'the Clear history control', 10000, 25);
  await until(async () => (await historyStats(browser)).snapshots === 0, 'the history to be cleared', 30000, 50);
  await sleep(50);
}

/** Main-thread time counters of the renderer (cumulative, ms). */
async function metrics(s) {
  const { metrics: m } = await s.cdp.send('Performance.getMetrics');
  const v = (n) => (m.find((x) => x.name === n)?.value ?? NaN) * 1000;
  return { script: v('ScriptDuration'), style: v('RecalcStyleDuration'), layout: v('LayoutDuration'), task: v('TaskDuration') };
}
const metricDelta = (a, b) => ({ script: b.script - a.script, style: b.style - a.style, layout: b.layout - a.layout, task: b.task - a.task });

// ------------------------------------------------------------------------------------- sections
async function scanBench(browser, server, kind, csp) {
  const s = await openPage(browser, { instrument: true, network: true });
  await s.cdp.send('Performance.enable');
  const out = { kind, sizes: [], sentListScripts: null, idle: null, memory: [], profile: null, checks: [], history: null };
  try {
    for (const n of SIZES) {
      const fx = renderCurrent({ rows: n, seed: 1, batch: n });
      server.setPage(SENT, { html: fx.html, csp });
      const tLoad = Date.now();
      await goto(s, ORIGIN + SENT);
      const st = await waitState(s.page, ['ready', 'unsupported', 'error'], 180000);
      const got = await coreKind(s.page);
      if (st !== 'ready') throw new Error(`${n} rows: panel ended ${st}`);
      if (got !== kind) throw new Error(`${n} rows: expected the ${kind} core, the panel says ${got}`);
      if (s.installs < 1) throw new Error(`instrumentation not installed (${s.installErrors.join('; ')})`);
      if (!out.sentListScripts) out.sentListScripts = { scripts: [...s.scripts], requests: [...s.requests] };
      const counts = await panelCounts(s.page);
      const check = { n, oursRows: counts.rows, oursSelected: counts.selected, expectRows: fx.expected.length, expectProposed: fx.proposalOrder.length };
      out.checks.push(check);
      log(`${kind} ${n} rows: page + panel ready in ${Date.now() - tLoad} ms; panel rows ${counts.rows}/${check.expectRows}, preselected ${counts.selected}/${check.expectProposed}`);

      // Warm-up (JIT, caches): one of each, not counted.
      await clearHistory(browser, s.page);
      await settle(s);
      await timeRescan(s.page);
      await settle(s);
      await s.page.evaluate(peerScan);

      const ours = [];
      const peer = [];
      let peerResult = null;
      for (let r = 0; r < REPS[n]; r++) {
        // Every rescan starts from an empty scan history (see "Background and history" below).
        await clearHistory(browser, s.page);
        await settle(s);
        const m0 = await metrics(s);
        const o = await timeRescan(s.page);
        const m1 = await metrics(s);
        const snap = await snapshotTrip(s, o.t0);
        ours.push({
          ...o,
          scan: o.scored - o.t0,
          background: snap && snap.replied != null ? snap.replied - snap.sent : NaN,
          panel: o.readyAt - o.scored,
          work: metricDelta(m0, m1),
        });
        await settle(s);
        const p0 = await metrics(s);
        const pr = await s.page.evaluate(peerScan);
        const p1 = await metrics(s);
        peer.push({ ms: pr.ms, work: metricDelta(p0, p1) });
        peerResult = pr;
      }
      check.peerRows = peerResult.rows;
      check.peerProposed = peerResult.proposed;
      check.oursRowsAfter = (await panelCounts(s.page)).rows;
      const pick = (xs, f) => xs.map(f);
      const row = {
        n,
        ours: pick(ours, (o) => o.ready),
        oursFrame: pick(ours, (o) => o.frame),
        scan: pick(ours, (o) => o.scan),
        background: pick(ours, (o) => o.background),
        panel: pick(ours, (o) => o.panel),
        peer: pick(peer, (p) => p.ms),
        oursWork: ours.map((o) => o.work),
        peerWork: peer.map((p) => p.work),
      };
      const medWork = (ws) => ({ script: median(ws.map((w) => w.script)), style: median(ws.map((w) => w.style)), layout: median(ws.map((w) => w.layout)), task: median(ws.map((w) => w.task)) });
      row.med = {
        ours: median(row.ours), frame: median(row.oursFrame), scan: median(row.scan),
        background: median(row.background), panel: median(row.panel), peer: median(row.peer),
        oursWork: medWork(row.oursWork), peerWork: medWork(row.peerWork),
      };
      row.ratio = row.med.ours / row.med.peer;
      row.ratioScan = row.med.scan / row.med.peer;
      out.sizes.push(row);
      log(`${kind} ${n} rows: ours ${ms(row.med.ours)} (read+parse+score ${ms(row.med.scan)}, background ${ms(row.med.background)}, panel ${ms(row.med.panel)}), peer ${ms(row.med.peer)}, ratio ${row.ratio.toFixed(2)}× (read+parse+score ${row.ratioScan.toFixed(2)}×)`);

      const mem = await coreMemory(s, kind).catch((e) => `error: ${e.message}`);
      const heap = await heapUsage(s).catch(() => null);
      out.memory.push({ n, core: mem, heap });

      if (n === 1200) {
        out.profile = await profileRescans(s, kind);
        if (kind === 'wasm') out.history = await historyGrowth(browser, s, n);
      }
    }

    // Idle: the panel is ready after the 5,000-row scans; nothing should run or be pending.
    await settle(s);
    await sleep(500);
    const since = await s.page.evaluate(() => performance.now());
    const m0 = await metrics(s);
    await sleep(IDLE_MS);
    const m1 = await metrics(s);
    const summary = await iso(s, `globalThis.__bench.summary(${since})`);
    out.idle = { state: await panelState(s.page), windowMs: IDLE_MS, summary, work: metricDelta(m0, m1) };
    log(`${kind} idle ${IDLE_MS} ms after a 5,000-row scan: ${summary.liveTimers.length} live timers (of ${summary.timersCreated} created since load), ${summary.firedSince} timer callbacks, ${summary.observing} observers observing, ${summary.observerCallsSince} observer callbacks, messages ${JSON.stringify(summary.messagesSince)}`);
  } finally {
    await s.page.close().catch(() => {});
  }
  return out;
}

/** The background's share as the stored scan history grows (wasm page, `n` rows). */
async function historyGrowth(browser, s, n) {
  const steps = QUICK ? 3 : 10;
  const points = [];
  await clearHistory(browser, s.page);
  for (let i = 0; i < steps; i++) {
    const before = await historyStats(browser);
    await settle(s);
    const o = await rescanWithSnapshot(s);
    const snap = o.snap;
    points.push({ stored: before.snapshots, storedRows: before.rows, jsonBytes: before.jsonBytes, background: snap && snap.replied != null ? snap.replied - snap.sent : NaN, ours: o.ready });
  }
  const last = points[points.length - 1];
  log(`background round trip with ${points[0].stored} → ${last.stored} stored snapshots of ${n} rows: ${ms(points[0].background)} → ${ms(last.background)} (history ${mib(last.jsonBytes)} of JSON)`);
  return { n, points };
}

/** Each sample of a CPU profile: its node and the time it stands for (ms), at page time `at`. */
function profileSamples(profile, pageTimeAtStart) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const out = [];
  let t = 0;
  const { samples, timeDeltas } = profile;
  for (let i = 0; i < samples.length; i++) {
    t += timeDeltas[i] ?? 0;
    out.push({ node: byId.get(samples[i]), at: pageTimeAtStart + t / 1000, dt: (timeDeltas[i + 1] ?? timeDeltas[i] ?? 0) / 1000 });
  }
  return out;
}

/**
 * A few timed rescans under the CDP profiler (100 µs sampling). `before`/`after` are the page's
 * performance.now() just before and after Profiler.start, to align the profile's clock.
 */
async function profiledRescans(s) {
  const { cdp } = s;
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await settle(s);
  const before = await s.page.evaluate(() => performance.now());
  await cdp.send('Profiler.start');
  const after = await s.page.evaluate(() => performance.now());
  const reps = QUICK ? 1 : 3;
  const runs = [];
  for (let i = 0; i < reps; i++) {
    runs.push(await rescanWithSnapshot(s));
    await sleep(50);
  }
  const { profile } = await cdp.send('Profiler.stop');
  await cdp.send('Profiler.disable');
  return { profile, runs, reps, before, after };
}

/**
 * A CPU profile of a few 1,200-row rescans: where our time goes, overall and per phase. The
 * profile's clock is aligned with the page's performance.now() by reading the latter just before
 * and after Profiler.start (the alignment error is half that gap, reported).
 */
async function profileRescans(s, kind) {
  const { profile, runs, reps, before, after } = await profiledRescans(s);
  const glueRe = kind === 'wasm' ? /\/core\/invite_sweeper\.js$/ : /\/core-js\/invite_sweeper_bg\.js$/;
  const fine = (cf) => {
    const url = cf.url || '';
    if (url.startsWith('wasm://') || /invite_sweeper_bg\.wasm(\.js)?$/.test(url)) return 'the core (compiled Rust)';
    if (glueRe.test(url)) {
      const f = cf.functionName || '';
      const m = f.match(/^__wbg_(.+?)_[0-9a-f]{8,}$/);
      if (m) return `glue import shim: ${m[1]}`;
      return `glue: ${f || '(anonymous)'}`;
    }
    if (url.startsWith('chrome-extension://')) return `extension JS: ${url.replace(/^.*\//, '')}`;
    if (cf.functionName === '(garbage collector)') return '(garbage collector)';
    if (cf.functionName === '(program)') return '(program): native work outside JS (style, layout, paint, IPC)';
    if (cf.functionName === '(idle)') return null;
    if (!url) return `native: ${cf.functionName || 'anonymous'}`;
    return 'page scripts';
  };
  const coarse = (k) => {
    if (k == null) return null;
    if (k.startsWith('the core')) return 'core';
    if (k.startsWith('glue import shim') || k.startsWith('native:')) return 'dom';
    if (k.startsWith('glue') || k.startsWith('extension JS')) return 'glue';
    if (k.startsWith('(garbage')) return 'gc';
    if (k.startsWith('(program)')) return 'program';
    return 'other';
  };
  const pageAtStart = (before + after) / 2;
  const phases = { scan: {}, wait: {}, panel: {}, frame: {}, outside: {} };
  const fineTotals = new Map();
  for (const smp of profileSamples(profile, pageAtStart)) {
    const k = fine(smp.node.callFrame);
    if (k == null) continue;
    fineTotals.set(k, (fineTotals.get(k) ?? 0) + smp.dt);
    const r = runs.find((x) => smp.at >= x.t0 && smp.at < x.t0 + x.frame);
    let ph = 'outside';
    if (r && Number.isFinite(r.scored)) {
      if (smp.at < r.scored) ph = 'scan';
      else if (smp.at < r.readyAt) ph = 'panel';
      else if (r.snap && smp.at >= r.snap.sent && smp.at < r.snap.replied) ph = 'wait';
      else ph = 'frame';
    }
    const c = coarse(k);
    phases[ph][c] = (phases[ph][c] ?? 0) + smp.dt / reps;
  }
  const total = [...fineTotals.values()].reduce((x, y) => x + y, 0);
  const rows = [...fineTotals.entries()].sort((x, y) => y[1] - x[1]).slice(0, 15).map(([k, v]) => ({ what: k, msPerScan: v / reps }));
  const wall = runs.reduce((n, r) => n + r.ready, 0) / reps;
  const phaseMs = {
    scan: median(runs.map((r) => r.scored - r.t0)),
    wait: median(runs.map((r) => (r.snap ? r.snap.replied - r.snap.sent : NaN))),
    panel: median(runs.map((r) => r.readyAt - r.scored)),
    frame: median(runs.map((r) => r.frame - r.ready)),
  };
  return { reps, wallPerScan: wall, sampledPerScan: total / reps, rows, phases, phaseMs, alignMs: (after - before) / 2 };
}

/**
 * The same rescans profiled with a copy of the shipped build whose wasm keeps its function names
 * (the twiggy rebuild; used only when its glue is byte-identical to the shipped glue, i.e. the
 * same compilation), so the core's self time can be given per Rust function and phase.
 */
async function namedProfile(browser, server) {
  const s = await openPage(browser, { instrument: true });
  try {
    const fx = renderCurrent({ rows: 1200, seed: 1, batch: 1200 });
    server.setPage(SENT, { html: fx.html, csp: 'wasm' });
    await goto(s, ORIGIN + SENT);
    await waitState(s.page, ['ready']);
    if ((await coreKind(s.page)) !== 'wasm') throw new Error('named build: the wasm core did not load');
    await clearHistory(browser, s.page);
    await settle(s);
    await timeRescan(s.page); // warm-up
    await clearHistory(browser, s.page);
    const { profile, runs, reps, before, after } = await profiledRescans(s);
    const clean = (n) => n.replace(/::h[0-9a-f]{16}$/, '').replace(/\[[0-9a-f]{16}\]/g, '').replace(/^\$/, '');
    const per = { scan: new Map(), panel: new Map() };
    for (const smp of profileSamples(profile, (before + after) / 2)) {
      const cf = smp.node.callFrame;
      const r = runs.find((x) => Number.isFinite(x.scored) && smp.at >= x.t0 && smp.at < x.readyAt);
      if (!r) continue;
      const ph = smp.at < r.scored ? 'scan' : 'panel';
      const url = cf.url || '';
      let k;
      if (url.startsWith('wasm://') || /\.wasm$/.test(url)) k = `core: ${clean(cf.functionName || '?')}`;
      else if (cf.functionName === '(idle)') continue;
      else if (cf.functionName === '(program)' || cf.functionName === '(garbage collector)') k = cf.functionName;
      else if (!url) k = `native: ${cf.functionName}`;
      else k = `JS: ${cf.functionName || '(anonymous)'}`;
      per[ph].set(k, (per[ph].get(k) ?? 0) + smp.dt / reps);
    }
    const top = (m) => [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, 16).map(([what, v]) => ({ what, ms: v }));
    const out = { reps, alignMs: (after - before) / 2, scan: top(per.scan), panel: top(per.panel), scanMs: median(runs.map((r) => r.scored - r.t0)) };
    log(`named-wasm profile at 1,200 rows: read+parse+score ${ms(out.scanMs)} profiled; top: ${out.scan.slice(0, 4).map((x) => `${x.what} ${x.ms.toFixed(0)} ms`).join("; ")}`);
    if (ONLY.length) for (const k of ["scan", "panel"]) log(`${k}:\n` + out[k].slice(0, 25).map((x) => `   ${x.ms.toFixed(1).padStart(6)}  ${x.what}`).join("\n"));
    return out;
  } finally {
    await s.page.close().catch(() => {});
  }
}

/** Loads the sent list `count` times and times the panel (probe only: no debugger). */
async function readyLoads(browser, s, kind, count, { clear }) {
  const loads = [];
  for (let i = 0; i < count; i++) {
    s.net = [];
    await s.page.goto(ORIGIN + SENT, { waitUntil: 'load', timeout: 120000 });
    const r = await until(() => s.page.evaluate(() => {
      const P = window.__benchProbe;
      const ready = P && P.states.find(([, st]) => st === 'ready' || st === 'unsupported' || st === 'error');
      if (!ready) return null;
      const nav = performance.getEntriesByType('navigation')[0];
      const panel = P.root()?.querySelector('[data-testid=sweeper-panel]');
      return {
        kind: panel?.getAttribute('data-core') ?? null,
        endState: ready[1],
        timeOrigin: performance.timeOrigin,
        domInteractive: nav.domInteractive,
        host: P.marks.host,
        scanning: (P.states.find(([, st]) => st === 'scanning') ?? [NaN])[0],
        // The core's own stamp on the panel: rows read, parsed and scored.
        scored: Number(panel?.getAttribute('data-scored-at') ?? NaN),
        ready: ready[0],
      };
    }), `panel ready (${kind})`, 120000, 25);
    if (r.endState !== 'ready' || r.kind !== kind) throw new Error(`panel ready: got ${r.endState} with the ${r.kind} core`);
    if (!Number.isFinite(r.host)) throw new Error('panel ready: the probe did not see the panel being mounted');
    // Network timestamps → this document's performance.now() (wall clock of the request + monotonic deltas).
    const doc = s.net.find((e) => e.kind === 'req' && e.doc);
    const toPage = (e) => (doc ? (e.ts - doc.ts) * 1000 + (doc.wall * 1000 - r.timeOrigin) : NaN);
    const reqOf = (re) => s.net.find((e) => e.kind === 'req' && re.test(e.url));
    const doneOf = (re) => {
      const q = reqOf(re);
      return q ? s.net.find((e) => e.kind === 'done' && e.id === q.id) : null;
    };
    const loader = reqOf(/\/loader\.js$/);
    // The core's files: wasm + glue, or the JS build's two modules (linked by the loader);
    // "fetched" = the last of them finished.
    const coreRe = kind === 'wasm' ? /\/core\/[^/]+$/ : /\/core-js\/[^/]+$/;
    const coreDone = s.net.filter((e) => e.kind === 'req' && coreRe.test(e.url))
      .map((q) => s.net.find((e) => e.kind === 'done' && e.id === q.id)).filter(Boolean);
    const tLoader = loader ? toPage(loader) : NaN;
    const tCoreLoaded = coreDone.length ? max(coreDone.map(toPage)) : NaN;
    loads.push({
      total: r.ready - r.domInteractive,
      toLoader: tLoader - r.domInteractive,
      loaderToCoreFetched: tCoreLoaded - tLoader,
      // The main-world observers stamp the END of each synchronous stretch of the core (their
      // callbacks run at the next microtask checkpoint, i.e. when the core awaits):
      //   host     = activate ran, panel mounted (`data-core` set), bg-hello sent, the list
      //              checked (it is there), the rows loaded and read (first await)
      //   ready    = panel rows built and state shown
      // and the core's `data-scored-at` = bg-hello answered and handled, all rows read, parsed
      // and scored. The scan snapshot goes to the background after `ready`.
      coreStarted: r.host - tCoreLoaded,
      toStarted: r.host - r.domInteractive,
      startedToScanned: r.scored - r.host,
      scannedToReady: r.ready - r.scored,
    });
    if (clear) await clearHistory(browser, s.page);
    await sleep(100);
  }
  return loads;
}

/**
 * One instrumented, profiled load of the 500-row list (empty history): the background messages'
 * timestamps split "→ scanning" and "scan", and a CPU profile says where main-thread time goes.
 */
async function readyAnatomy(browser, server, kind, csp, html) {
  server.setPage(SENT, { html, csp });
  const s = await openPage(browser, { instrument: true });
  try {
    await s.cdp.send('Profiler.enable');
    await s.cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await s.cdp.send('Profiler.start');
    await goto(s, ORIGIN + SENT);
    await waitState(s.page, ['ready']);
    const { profile } = await s.cdp.send('Profiler.stop');
    const P = await s.page.evaluate(() => JSON.parse(JSON.stringify(window.__benchProbe)));
    const scoredAt = await s.page.evaluate(() => Number(window.__benchProbe.root()?.querySelector('[data-testid=sweeper-panel]')?.getAttribute('data-scored-at') ?? NaN));
    await until(() => iso(s, "globalThis.__bench.messages.some((m) => m.type === 'bg-snapshot' && m.replied != null) || null"), 'bg-snapshot answered', 30000, 20).catch(() => {});
    const M = await iso(s, 'globalThis.__bench.messages.map(({ type, sent, replied }) => ({ type, sent, replied }))');
    const state = (name) => (P.states.find(([, st]) => st === name) ?? [NaN])[0];
    const hello = M.find((m) => m.type === 'bg-hello');
    const snap = M.find((m) => m.type === 'bg-snapshot');
    const coreRe = kind === 'wasm' ? /(^wasm:\/\/|invite_sweeper_bg\.wasm$)/ : /invite_sweeper_bg\.wasm\.js$/;
    const self = profileSelf(profile, (cf) => {
      const url = cf.url || '';
      if (coreRe.test(url)) return 'the core (compiled Rust)';
      if (url.startsWith('chrome-extension://')) return 'extension glue and loader JS';
      if (cf.functionName === '(garbage collector)') return '(garbage collector)';
      if (cf.functionName === '(program)') return '(program: parsing the page, compiling, style, layout, paint)';
      if (cf.functionName === '(idle)') return null;
      if (!url) return 'DOM/native calls';
      return 'the page\'s own script';
    });
    const cpu = [...self.entries()].sort((a, b) => b[1] - a[1]).map(([what, v]) => ({ what, ms: v }));
    await clearHistory(browser, s.page);
    return {
      kind,
      helloRoundTrip: hello ? hello.replied - hello.sent : NaN,
      helloToSnapshot: hello ? scoredAt - hello.replied : NaN,
      snapshotRoundTrip: snap ? snap.replied - snap.sent : NaN,
      snapshotToReady: state('ready') - scoredAt,
      cpu,
    };
  } finally {
    await s.page.close().catch(() => {});
  }
}

async function panelReady(browser, server) {
  const s = await openPage(browser, { instrument: false });
  s.net = [];
  await s.cdp.send('Network.enable');
  s.cdp.on('Network.requestWillBeSent', (e) => s.net.push({ kind: 'req', id: e.requestId, url: e.request.url, ts: e.timestamp, wall: e.wallTime, doc: e.type === 'Document' }));
  s.cdp.on('Network.loadingFinished', (e) => s.net.push({ kind: 'done', id: e.requestId, ts: e.timestamp }));
  const fx = renderCurrent({ rows: 500, seed: 1, batch: 500 });
  const out = { fresh: [], full: [], fill: null, anatomy: [] };
  const summarise = (kind, loads, cold) => {
    const med = {};
    for (const k of Object.keys(loads[0])) med[k] = median(loads.map((l) => l[k]));
    return { kind, cold, loads, med };
  };
  try {
    for (const [kind, csp] of BUILDS) {
      server.setPage(SENT, { html: fx.html, csp });
      const [cold, ...warm] = await readyLoads(browser, s, kind, READY_LOADS + 1, { clear: true });
      const r = summarise(kind, warm, cold);
      out.fresh.push(r);
      const a = await readyAnatomy(browser, server, kind, csp, fx.html);
      out.anatomy.push(a);
      log(`${kind} panel ready at 500 rows, empty history: median ${ms(r.med.total)} (first load ${ms(cold.total)}): list→loader.js ${ms(r.med.toLoader)}, →core fetched ${ms(r.med.loaderToCoreFetched)}, →core started ${ms(r.med.coreStarted)}, →rows scored ${ms(r.med.startedToScanned)} (of which bg-hello round trip ${ms(a.helloRoundTrip)}), →ready ${ms(r.med.scannedToReady)} (of which bg-snapshot ${ms(a.snapshotRoundTrip)})`);
    }
    // The same after regular use: the history holds its maximum of 30 snapshots of this list.
    server.setPage(SENT, { html: fx.html, csp: 'wasm' });
    await s.page.goto(ORIGIN + SENT, { waitUntil: 'load' });
    await waitState(s.page, ['ready']);
    let h = await historyStats(browser);
    let guard = 0;
    while (h.snapshots < 30 && guard++ < 40) {
      await timeRescan(s.page);
      h = await historyStats(browser);
    }
    out.fill = h;
    for (const [kind, csp] of BUILDS) {
      server.setPage(SENT, { html: fx.html, csp });
      const loads = await readyLoads(browser, s, kind, FULL_LOADS, { clear: false });
      const r = summarise(kind, loads, null);
      out.full.push(r);
      log(`${kind} panel ready at 500 rows, history of ${h.snapshots} snapshots (${mib(h.jsonBytes)}): median ${ms(r.med.total)}: →rows scored ${ms(r.med.startedToScanned)}, →ready ${ms(r.med.scannedToReady)}`);
    }
  } finally {
    await s.page.close().catch(() => {});
  }
  return out;
}

/**
 * Where the main thread's time goes between `from` and `to` (page clock) in a CPU profile whose
 * start is at page time `pageAtStart`: the core's compiled code, its glue and the loader, native
 * DOM calls, GC, and V8's/Blink's own work outside JS ("(program)": compiling, parsing, style…).
 */
function tailProfile(profile, pageAtStart, from, to, kind) {
  const coreRe = kind === 'wasm' ? /(^wasm:\/\/|\/core\/invite_sweeper_bg\.wasm$)/ : /\/core-js\/invite_sweeper_bg\.wasm\.js$/;
  const what = (cf) => {
    const url = cf.url || '';
    if (coreRe.test(url)) return 'the core (compiled Rust)';
    if (url.startsWith('chrome-extension://')) return 'glue and loader JS';
    if (cf.functionName === '(garbage collector)') return 'GC';
    if (cf.functionName === '(program)') return '(program): V8 and Blink outside JS (compiling, style, layout)';
    if (cf.functionName === '(idle)') return null;
    if (!url) return 'native DOM/extension calls';
    return 'the page\'s own script';
  };
  const m = new Map();
  let sampled = 0;
  for (const smp of profileSamples(profile, pageAtStart)) {
    if (smp.at < from || smp.at >= to) continue;
    const k = what(smp.node.callFrame);
    if (k == null) continue;
    sampled += smp.dt;
    m.set(k, (m.get(k) ?? 0) + smp.dt);
  }
  return { sampled, shares: [...m.entries()].sort((a, b) => b[1] - a[1]).map(([w, v]) => ({ what: w, ms: v })) };
}

/**
 * Last row rendered → panel ready, at ARRIVAL_ROWS rows: fresh navigations to the captured 2026
 * page (`renderCaptured`: `<main>` scrolls; the first batch comes with the page, the others as
 * the extension scrolls `<main>`, each after the page's own delay). From the main-world stamp of
 * the last batch of rows the page inserted (bench/probe.js) to `data-state` = `ready`, split at
 * the core's `data-scored-at`; plus the longest main-thread task in between (long tasks API).
 * The history is cleared with the panel's control between loads (each full scan enters it).
 */
async function arrivalBench(browser, server) {
  const s = await openPage(browser, { instrument: false });
  const fx = renderCaptured({ rows: ARRIVAL_ROWS, seed: 1, batch: ARRIVAL_BATCH });
  const out = [];
  try {
    for (const [kind, csp] of BUILDS) {
      server.setPage(SENT, { html: fx.html, csp });
      const loads = [];
      let profiled = null;
      // ARRIVAL_LOADS + 1 timed loads, then one more under the CPU profiler (read for shares).
      for (let i = 0; i < ARRIVAL_LOADS + 2; i++) {
        const profile = i === ARRIVAL_LOADS + 1;
        await s.page.goto(ORIGIN + SENT, { waitUntil: 'load', timeout: 120000 });
        let mark = NaN;
        if (profile) {
          // Started at the load event: the extension has not scrolled yet, the last batch comes
          // seconds later. To align the samples with the page clock, a function of known name
          // spins for 4 ms from a known page time: its first sample marks that time.
          await s.cdp.send('Profiler.enable');
          await s.cdp.send('Profiler.setSamplingInterval', { interval: 200 });
          await s.cdp.send('Profiler.start');
          mark = await s.page.evaluate(() => {
            const t0 = performance.now();
            (function benchAlignMark() { while (performance.now() - t0 < 4); })();
            return t0;
          });
        }
        const r = await until(() => s.page.evaluate(() => {
          const P = window.__benchProbe;
          const end = P && P.states.find(([, st]) => st === 'ready' || st === 'unsupported' || st === 'error');
          if (!end) return null;
          const panel = P.root()?.querySelector('[data-testid=sweeper-panel]');
          const nav = performance.getEntriesByType('navigation')[0];
          const rows = document.querySelectorAll('main [data-testid="lazy-column"] > [role="listitem"]').length;
          return {
            endState: end[1],
            ready: end[0],
            kind: panel?.getAttribute('data-core') ?? null,
            scored: Number(panel?.getAttribute('data-scored-at') ?? NaN),
            domInteractive: nav.domInteractive,
            added: P.added.filter(([t]) => t <= end[0]),
            rows,
            panelRows: P.root().querySelectorAll('[data-testid=sweeper-row]').length,
            proposed: [...P.root().querySelectorAll('[data-testid=sweeper-row]')].filter((e) => e.dataset.selected === 'true').length,
          };
        }), `panel ready after ${ARRIVAL_ROWS} rows (${kind})`, 180000, 50);
        if (r.endState !== 'ready' || r.kind !== kind) throw new Error(`last row → ready: got ${r.endState} with the ${r.kind} core`);
        if (r.rows !== ARRIVAL_ROWS || r.panelRows !== ARRIVAL_ROWS) throw new Error(`last row → ready: ${r.rows} rows on the page, ${r.panelRows} in the panel, ${ARRIVAL_ROWS} expected`);
        const last = r.added[r.added.length - 1]?.[0] ?? NaN;
        if (profile) {
          const { profile: prof } = await s.cdp.send('Profiler.stop');
          await s.cdp.send('Profiler.disable');
          const at = profileSamples(prof, 0).find((x) => x.node.callFrame.functionName === 'benchAlignMark')?.at;
          if (!Number.isFinite(at) || !(mark < last)) throw new Error(`last row → ready: the profile could not be aligned (mark ${mark}, its sample ${at}, last row ${last})`);
          // The first sample in the marker falls within its 4 ms: page time = mark + 2 ± 2 ms.
          profiled = tailProfile(prof, mark + 2 - at, last, r.ready, kind);
          profiled.scoredPart = tailProfile(prof, mark + 2 - at, last, r.scored, kind);
          profiled.panelPart = tailProfile(prof, mark + 2 - at, r.scored, r.ready, kind);
          profiled.toScored = r.scored - last;
          profiled.scoredToReady = r.ready - r.scored;
          profiled.alignMs = 2.2;
          profiled.tail = r.ready - last;
          await clearHistory(browser, s.page);
          continue;
        }
        // Long-task entries reach the observer some time after the task: read them again later.
        await sleep(500);
        r.longTasks = await s.page.evaluate(() => window.__benchProbe.longTasks);
        // Long tasks overlapping [last row, ready]: the member's page is blocked that long.
        const tasks = r.longTasks.filter(([t, d]) => t + d > last && t < r.ready);
        loads.push({
          tail: r.ready - last,
          toScored: r.scored - last,
          scoredToReady: r.ready - r.scored,
          total: r.ready - r.domInteractive,
          batches: r.added.length,
          longest: tasks.length ? max(tasks.map(([, d]) => d)) : 0,
          blocked: tasks.reduce((n, [t, d]) => n + Math.min(t + d, r.ready) - Math.max(t, last), 0),
          proposed: r.proposed,
        });
        await clearHistory(browser, s.page);
        await sleep(100);
      }
      const [cold, ...warm] = loads;
      const med = {};
      for (const k of Object.keys(warm[0])) med[k] = median(warm.map((l) => l[k]));
      out.push({ kind, cold, loads: warm, med, expectProposed: fx.proposalOrder.length, profiled });
      if (profiled) log(`${kind} profiled tail (${ms(profiled.tail)}): ${profiled.shares.map((x) => `${x.what} ${ms(x.ms)}`).join(', ')}`);
      log(`${kind} last row → ready at ${ARRIVAL_ROWS} rows: median ${ms(med.tail)} (→ scored ${ms(med.toScored)}, → ready ${ms(med.scoredToReady)}; longest task ${ms(med.longest)}), first load ${ms(cold.tail)}; whole load ${ms(med.total)} in ${med.batches} later batches; proposed ${med.proposed}/${fx.proposalOrder.length}`);
    }
  } finally {
    await s.page.close().catch(() => {});
  }
  return out;
}

const FEED_HTML = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Feed | LinkedIn</title></head>
<body><header><nav><a href="/feed/">Home</a> <a href="/mynetwork/">My Network</a> <a href="/in/me-myself/">Me</a></nav></header>
<main id="main"><h1>Feed</h1>${Array.from({ length: 40 }, (_, i) => `<article role="listitem"><a href="/in/person-${i}/"><p>Person ${i}</p></a><p>Sent 3 months ago? No: a post, ${i} likes</p><button>Like</button></article>`).join('')}</main>
<script nonce="__NONCE__">document.body.dataset.feed = "ready";</script></body></html>`;

async function offPage(browser, server) {
  server.setPage(FEED, { html: FEED_HTML, csp: 'wasm' });
  const s = await openPage(browser, { instrument: true, network: true });
  let res;
  try {
    await goto(s, ORIGIN + FEED);
    await sleep(QUICK ? 1000 : 2000);
    const page = await s.page.evaluate(() => ({
      // The light DOM as the page sees it.
      elements: document.getElementsByTagName('*').length,
      named: /invite.?sweeper/i.test(document.documentElement.outerHTML),
      extUrl: document.documentElement.outerHTML.includes('chrome-extension://'),
    }));
    // …against the page as served (every element of FEED_HTML is written out, html/head/body too).
    page.servedElements = (FEED_HTML.match(/<[a-z]/gi) ?? []).length;
    // A panel behind a closed root is invisible to the page: CDP's pierced DOM sees it.
    page.panel = await (await closedPanel(browser, s.page)).describe();
    const summary = s.ctx != null ? await iso(s, 'globalThis.__bench.summary(0)') : null;
    res = { scripts: [...s.scripts], requests: [...s.requests], page, summary, installs: s.installs };
  } finally {
    await s.page.close().catch(() => {});
  }
  // CPU: separate loads without the debugger, sampled every 50 µs.
  const p = await openPage(browser, { instrument: false });
  const cpu = [];
  try {
    await p.cdp.send('Profiler.enable');
    await p.cdp.send('Profiler.setSamplingInterval', { interval: 50 });
    for (let i = 0; i < OFFPAGE_PROFILES; i++) {
      await p.cdp.send('Profiler.start');
      await p.page.goto(ORIGIN + FEED, { waitUntil: 'load' });
      await sleep(400);
      const { profile } = await p.cdp.send('Profiler.stop');
      const self = profileSelf(profile, (cf) => ((cf.url || '').startsWith('chrome-extension://') ? cf.url.replace(/^.*\//, '') : null));
      cpu.push([...self.values()].reduce((a, b) => a + b, 0));
    }
  } finally {
    await p.page.close().catch(() => {});
  }
  res.cpuMs = cpu;
  res.loaded = res.scripts.filter((x) => !/\/?content\.js$/.test(x.url));
  // Positive control for the page check: the shipped panel on a small sent list, found the same
  // way (pierced DOM), behind its closed root.
  const c = await openPage(browser, { instrument: false });
  try {
    server.setPage(SENT, { html: renderCurrent({ rows: 20, seed: 1, batch: 20 }).html, csp: 'wasm' });
    await c.page.goto(ORIGIN + SENT, { waitUntil: 'load' });
    const panel = await closedPanel(browser, c.page);
    const state = await until(() => panel.run((root) => root.querySelector('[data-testid=sweeper-panel]')?.getAttribute('data-state') === 'ready' || null), 'the shipped panel ready', 60000, 100);
    res.control = { ...(await panel.describe()), ready: state === true, pageSeesRoot: await c.page.evaluate(() => [...document.body.children].some((e) => e.shadowRoot)) };
  } finally {
    await c.page.close().catch(() => {});
  }
  log(`off-page (/feed/): scripts from the extension: ${res.scripts.map((x) => `${x.url} (${x.bytes} B)`).join(', ') || 'none'}; requests: ${res.requests.join(', ') || 'none'}; page: ${JSON.stringify(res.page)}; content-script CPU ${cpu.map((x) => x.toFixed(2)).join(' / ')} ms; control on the sent list: ${JSON.stringify(res.control)}`);
  return res;
}

async function detection(browser, server, kind, csp) {
  const s = await openPage(browser, { instrument: true, probeOptions: { dialogDelayMs: DIALOG_DELAY_MS } });
  const fx = renderCurrent({ rows: 20, seed: 1, batch: 20 });
  server.setPage(SENT, { html: fx.html, csp });
  try {
    await goto(s, ORIGIN + SENT);
    const st = await waitState(s.page, ['ready', 'unsupported', 'error'], 60000);
    if (st !== 'ready') throw new Error(`detection: panel ${st}`);
    const got = await coreKind(s.page);
    if (got !== kind) throw new Error(`detection: expected ${kind}, got ${got}`);
    if (!(await press(s.page, 'sweeper-start'))) throw new Error('detection: Start is not available');
    const end = await waitState(s.page, ['done', 'stopped', 'capped', 'error'], 120000);
    await sleep(400);
    const P = await s.page.evaluate(() => JSON.parse(JSON.stringify(window.__benchProbe)));
    const B = await iso(s, `({ timers: globalThis.__bench.timers.map(({ kind, ms, set, fired, cleared }) => ({ kind, ms, set, fired, cleared })),
      messages: globalThis.__bench.messages.map(({ type, sent, replied, withdrawn }) => ({ type, sent, replied, withdrawn })) })`);
    const waitCleared = (t) => B.timers
      .filter((r) => r.kind === 'timeout' && r.set <= t && r.cleared != null && r.cleared >= t)
      .sort((a, b) => a.cleared - b.cleared)[0];
    const dialogs = P.dialogs.map(([t]) => {
      const w = waitCleared(t);
      return { t, observer: w ? w.cleared - t : NaN, waitMs: w?.ms };
    });
    let prev = 0;
    const progress = P.progress;
    const rows = P.removed.map(([t, profile]) => {
      const w = waitCleared(t);
      const msg = B.messages.find((m) => m.type === 'bg-settle' && m.withdrawn === true && m.sent >= t);
      const pg = progress.find(([tp, v]) => tp >= t && v > prev);
      if (pg) prev = pg[1];
      return { t, profile, observer: w ? w.cleared - t : NaN, waitMs: w?.ms, settleSent: msg ? msg.sent - t : NaN, panel: pg ? pg[0] - t : NaN };
    });
    // Idle after the run: nothing should be pending.
    const since = await s.page.evaluate(() => performance.now());
    await sleep(QUICK ? 1000 : 3000);
    const idle = await iso(s, `globalThis.__bench.summary(${since})`);
    const withdrawn = await s.page.evaluate(() => (window.__fixture?.withdrawn ?? []).length);
    log(`${kind} detection: ${withdrawn} withdrawals (${end}); dialog seen after ${dialogs.map((d) => d.observer.toFixed(1)).join(', ')} ms; row removal seen after ${rows.map((r) => r.observer.toFixed(1)).join(', ')} ms; panel progress after ${rows.map((r) => r.panel.toFixed(1)).join(', ')} ms; idle after the run: ${idle.liveTimers.length} live timers`);
    return { kind, end, withdrawn, dialogs, rows, idle };
  } finally {
    await s.page.close().catch(() => {});
  }
}

// ------------------------------------------------------------------------------------------ chart
function chartSvg(scan) {
  const W = 900, H = 560, L = 80, R = 230, Tp = 50, B = 60;
  const series = [];
  const wasm = scan.find((x) => x.kind === 'wasm');
  const js = scan.find((x) => x.kind === 'js');
  if (wasm) series.push({ name: 'Invite Sweeper, wasm core', color: '#0a66c2', pts: wasm.sizes.map((r) => [r.n, r.med.ours]) });
  if (js) series.push({ name: 'Invite Sweeper, JS (wasm2js) core', color: '#e16b00', pts: js.sizes.map((r) => [r.n, r.med.ours]) });
  const peerPts = SIZES.map((n) => [n, median([...(wasm?.sizes.find((r) => r.n === n)?.peer ?? []), ...(js?.sizes.find((r) => r.n === n)?.peer ?? [])])]).filter(([, y]) => Number.isFinite(y));
  series.push({ name: 'peer-style scanner: (innerText + regex)', color: '#2e7d32', pts: peerPts });
  if (wasm) series.push({ name: 'wasm core: read + parse + score part', color: '#0a66c2', dash: '5 4', pts: wasm.sizes.map((r) => [r.n, r.med.scan]) });
  if (js) series.push({ name: 'JS core: read + parse + score part', color: '#e16b00', dash: '5 4', pts: js.sizes.map((r) => [r.n, r.med.scan]) });
  const ys = series.flatMap((s) => s.pts.map((p) => p[1])).filter((y) => y > 0);
  const yLo = 10 ** Math.floor(Math.log10(Math.min(...ys)));
  const yHi = 10 ** Math.ceil(Math.log10(Math.max(...ys)));
  const xLo = 50, xHi = 10000;
  const X = (x) => L + ((Math.log10(x) - Math.log10(xLo)) / (Math.log10(xHi) - Math.log10(xLo))) * (W - L - R);
  const Y = (y) => H - B - ((Math.log10(y) - Math.log10(yLo)) / (Math.log10(yHi) - Math.log10(yLo))) * (H - Tp - B);
  let g = '';
  for (let e = Math.log10(yLo); e <= Math.log10(yHi); e++) {
    for (const m of [1, 2, 5]) {
      const y = m * 10 ** e;
      if (y < yLo || y > yHi) continue;
      g += `<line x1="${L}" x2="${W - R}" y1="${Y(y)}" y2="${Y(y)}" stroke="#ddd"/>`;
      g += `<text x="${L - 8}" y="${Y(y) + 4}" text-anchor="end" font-size="12">${y >= 1000 ? `${y / 1000} s` : `${y} ms`}</text>`;
    }
  }
  for (const x of [100, 200, 500, 1200, 2000, 5000, 10000]) {
    g += `<line x1="${X(x)}" x2="${X(x)}" y1="${Tp}" y2="${H - B}" stroke="${SIZES.includes(x) ? '#ccc' : '#eee'}"/>`;
    g += `<text x="${X(x)}" y="${H - B + 18}" text-anchor="middle" font-size="12">${x.toLocaleString('en-US')}</text>`;
  }
  let lines = '';
  let legend = '';
  series.forEach((s, i) => {
    const d = s.pts.map(([x, y], j) => `${j ? 'L' : 'M'}${X(x).toFixed(1)},${Y(y).toFixed(1)}`).join(' ');
    lines += `<path d="${d}" fill="none" stroke="${s.color}" stroke-width="2.5" ${s.dash ? `stroke-dasharray="${s.dash}"` : ''}/>`;
    for (const [x, y] of s.pts) lines += `<circle cx="${X(x)}" cy="${Y(y)}" r="4" fill="${s.color}"/>`;
    const ly = Tp + 10 + i * 44;
    legend += `<line x1="${W - R + 12}" x2="${W - R + 40}" y1="${ly}" y2="${ly}" stroke="${s.color}" stroke-width="2.5" ${s.dash ? `stroke-dasharray="${s.dash}"` : ''}/>`;
    const words = s.name.split(/(?<=,|:) /).map((w) => w.replace(/:$/, (m) => (w.startsWith('peer') ? '' : m)));
    words.forEach((w, k) => { legend += `<text x="${W - R + 46}" y="${ly + 4 + k * 15}" font-size="12">${w}</text>`; });
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif">
<rect width="100%" height="100%" fill="#fff"/>
<text x="${L}" y="28" font-size="16" font-weight="bold">Scan + score time against rendered rows (median, headless Chromium, log–log)</text>
${g}<line x1="${L}" x2="${L}" y1="${Tp}" y2="${H - B}" stroke="#333"/><line x1="${L}" x2="${W - R}" y1="${H - B}" y2="${H - B}" stroke="#333"/>
<text x="${(L + W - R) / 2}" y="${H - 15}" text-anchor="middle" font-size="13">rows rendered in the list</text>
${lines}${legend}
<text x="${W - R + 12}" y="${H - B - 30}" font-size="11" fill="#555">ours = Rescan pressed → panel ready</text>
<text x="${W - R + 12}" y="${H - B - 15}" font-size="11" fill="#555">(includes building the panel rows)</text>
</svg>`;
}

async function renderChart(browser, scan) {
  const page = await browser.newPage();
  try {
    const svg = chartSvg(scan);
    await page.setViewportSize({ width: 900, height: 560 });
    await page.setContent(`<!doctype html><html><body style="margin:0">${svg}</body></html>`);
    await page.screenshot({ path: path.join(HERE, 'chart.png'), clip: { x: 0, y: 0, width: 900, height: 560 } });
    return true;
  } finally {
    await page.close().catch(() => {});
  }
}

// ------------------------------------------------------------------------------------- the report
function report(R) {
  const L = [];
  const p = R.payload;
  const scanW = R.scan.find((x) => x.kind === 'wasm');
  const at = (sc, n) => sc?.sizes.find((r) => r.n === n);
  const fresh = (k) => R.ready?.fresh.find((x) => x.kind === k);
  const full = (k) => R.ready?.full.find((x) => x.kind === k);
  const readyW = fresh('wasm');
  const readyJ = fresh('js');
  const detAll = R.detection.flatMap((d) => [...d.dialogs.map((x) => x.observer), ...d.rows.map((x) => x.observer)]);
  const detPanel = R.detection.flatMap((d) => d.rows.map((x) => x.panel));
  const idleLive = [...R.scan.map((x) => x.idle?.summary?.liveTimers?.length), ...R.detection.map((d) => d.idle?.liveTimers?.length)].filter((x) => x != null);
  const idleFired = [...R.scan.map((x) => x.idle?.summary?.firedSince), ...R.detection.map((d) => d.idle?.firedSince)].filter((x) => x != null);
  const w1200 = at(scanW, 1200);
  const tw = R.twiggy && !R.twiggy.error ? R.twiggy : null;
  const fmtRatio = (r) => (Number.isFinite(r) ? `${r.toFixed(2)}×` : 'n/a');

  const scanJ = R.scan.find((x) => x.kind === 'js');
  const j1200 = at(scanJ, 1200);
  const arr = (k) => R.arrival?.find((x) => x.kind === k);
  const arrW = arr('wasm');
  const arrJ = arr('js');
  const kb = (n) => `${(n / KB).toFixed(0)} KB`;
  // The rescan at 5,000 rows over the rescan at 1,200 rows (linear would be 4.17×).
  const growth = (sc) => {
    const a = at(sc, 1200);
    const b = at(sc, 5000);
    return a && b ? b.med.ours / a.med.ours : NaN;
  };
  const gW = growth(scanW);
  const gJ = growth(scanJ);
  const both = (a, b) => (a == null || b == null ? null : a && b);
  const ok = (x, t) => (Number.isFinite(x) ? x <= t : null);
  const cfgDiff = R.builds ? R.builds.config.join(', ') : '';

  // [figure, measured, target, met?, issue]
  const figures = [
    ['wasm core `core/invite_sweeper_bg.wasm`, gzip', p && `${kib(p.wasm.gz)} (${bytes(p.wasm.gz)}; raw ${bytes(p.wasm.raw)})`, `≤ ${kb(TARGET.wasmGz)}`, p && p.wasm.gz <= TARGET.wasmGz, 15],
    [`JS build, the ${p?.jsParts.length ?? ''} files of \`core-js/\`, gzip`, p && `${kib(p.js.gz)} (${bytes(p.js.gz)}; raw ${bytes(p.js.raw)})`, `≤ ${kb(TARGET.jsGz)}`, p && p.js.gz <= TARGET.jsGz, 15],
    ['panel ready at 500 rows (list present → `ready`), JS build / wasm', readyJ && readyW && `**${ms(readyJ.med.total)}** / **${ms(readyW.med.total)}**`, `≤ ${TARGET.readyJs} / ≤ ${TARGET.readyWasm} ms`, readyJ && readyW && both(readyJ.med.total <= TARGET.readyJs, readyW.med.total <= TARGET.readyWasm), 15],
    [`last row rendered → panel ready at ${ARRIVAL_ROWS.toLocaleString('en-US')} rows, JS build (strict CSP) / wasm`, arrJ && arrW && `**${ms(arrJ.med.tail)}** / **${ms(arrW.med.tail)}**`, `≤ ${TARGET.tailJs} / ≤ ${TARGET.tailWasm} ms`, arrJ && arrW && both(arrJ.med.tail <= TARGET.tailJs, arrW.med.tail <= TARGET.tailWasm), 15],
    ['rescan → ready at 1,200 rows, ours / peer-style scan, JS build', j1200 && `**${fmtRatio(j1200.ratio)}** (${ms(j1200.med.ours)} / ${ms(j1200.med.peer)})`, `≤ ${TARGET.ratio1200.toFixed(1)}×`, j1200 && ok(j1200.ratio, TARGET.ratio1200), 15],
    ['rescan → ready at 1,200 rows, ours / peer-style scan, wasm', w1200 && `**${fmtRatio(w1200.ratio)}** (${ms(w1200.med.ours)} / ${ms(w1200.med.peer)})`, `≤ ${TARGET.ratio1200.toFixed(1)}×`, w1200 && ok(w1200.ratio, TARGET.ratio1200), 15],
    ['rescan at 5,000 rows / at 1,200 rows (linear: 4.17×), JS build / wasm', Number.isFinite(gJ) || Number.isFinite(gW) ? `**${fmtRatio(gJ)}** / **${fmtRatio(gW)}**` : null, `≤ ${TARGET.linear}×`, both(ok(gJ, TARGET.linear), ok(gW, TARGET.linear)), 15],
    ['glue of the wasm core `core/invite_sweeper.js`, gzip', p && `${kib(p.glue.gz)} (${bytes(p.glue.gz)}; raw ${bytes(p.glue.raw)})`, '≤ 8 KB', p && p.glue.gz <= TARGET.glueGz, 6],
    ['off the sent list (`/feed/`, shipped build): extension code loaded', R.offPage && (R.offPage.loaded.length ? R.offPage.loaded.map((x) => x.url).join(', ') : `nothing but the manifest's content.js (${bytes(R.offPage.scripts.find((x) => /content\.js$/.test(x.url))?.bytes ?? 0)}), no requests`), 'nothing', R.offPage && R.offPage.loaded.length === 0 && R.offPage.requests.length === 0, 6],
    ['detection: dialog appears / row removed → the run notices (worst of both builds)', detAll.length ? `${ms(max(detAll))} (median ${ms(median(detAll))}, n = ${detAll.length})` : 'n/a', '≤ 100 ms', detAll.length ? max(detAll) <= TARGET.detection : null, 6],
    ['detection as shown: row removed → panel progress advances (worst)', detPanel.length ? `${ms(max(detPanel))} (median ${ms(median(detPanel))})` : 'n/a', '≤ 100 ms', detPanel.length ? max(detPanel) <= TARGET.detection : null, 6],
    ['timers / intervals / rAF alive while the panel is idle', idleLive.length ? `${max(idleLive)} (timer callbacks while idle: ${idleFired.length ? max(idleFired) : 'n/a'})` : 'n/a', '0', idleLive.length ? max(idleLive) === 0 : null, 6],
    ['core memory after a 5,000-row scan (linear memory: wasm / JS build)', R.scan.length ? R.scan.map((sc) => { const m = sc.memory.find((x) => x.n === 5000); return `${sc.kind} ${typeof m?.core === 'number' ? mib(m.core) : 'n/a'}`; }).join(', ') : 'n/a', '(no target)', null, null],
  ];

  L.push('# Invite Sweeper — benchmark results', '');
  L.push(`Written by \`node bench/run.mjs\`${QUICK ? ' **--quick** (few repetitions: indicative only)' : ''}; \`./build.sh bench\` builds, then runs it. Raw data: \`bench/results.json\`; method: the last section and the comments in \`bench/*.js\`.`, '');
  L.push('| | |', '|---|---|');
  L.push(`| date | ${R.machine.date} |`, `| machine | ${R.machine.cpu}, ${R.machine.memory} RAM, ${R.machine.os} |`);
  if (R.browser) L.push(`| browser | ${R.browser.product} headless (\`/usr/bin/chromium\`, V8 ${R.browser.jsVersion}), driven by playwright-core over CDP |`);
  L.push(`| node | ${R.machine.node} |`, `| commit | ${R.machine.commit}; measured build: \`dist/chrome\` and \`dist/test/chrome\` as they were when the run started (\`${p?.wasm.rel}\` sha256 ${p?.wasm.sha}…) |`);
  L.push(`| run time | ${((R.endedAt - T0) / 1000).toFixed(0)} s |`);
  if (R.load?.length) {
    const busy = R.cpu ? R.cpu.othersShare > 0.1 : false;
    const other = R.cpu ? `; CPU used by other processes during the run: ${R.cpu.others.toFixed(0)} core-seconds, ${(100 * R.cpu.othersShare).toFixed(0)} % of the machine (this benchmark and its browsers: ${R.cpu.own.toFixed(0)} core-seconds)` : '';
    L.push(`| machine load | 1-minute load average: ${R.load[0].toFixed(2)} at the start, median ${median(R.load).toFixed(2)} and max ${max(R.load).toFixed(2)} during the run, on ${os.cpus().length} cores${other}${busy ? ' — **other work was running**: timings are inflated and noisier than on an idle machine; sizes, counts and verdicts far from their targets are not affected' : ''} |`);
  }
  L.push('');

  L.push('## Targets', '');
  L.push(`Issue 15's table, measured side by side in this run, then the figures kept from issue 6. Sizes are the shipped build's (\`dist/chrome\`). Every timing that watches the panel runs the test build (\`dist/test/chrome\`), whose panel root is open so that a main-world observer can watch it: the run checked that its ${R.builds?.files ?? ''} files are the shipped build's byte for byte but \`config.js\`, which differs only in ${cfgDiff ? `\`${cfgDiff}\`` : 'its two settings'} (the shipped build: ${R.builds ? `\`${R.builds.shippedConfig.join(', ')}\`` : 'n/a'}); the time scale shortens only the run's own delays, never scanning or the panel getting ready (testing-contract.md). Timings are medians of N repetitions; N is given in each section.`, '');
  L.push('| figure | measured | target | | issue |', '|---|---|---|---|---|');
  for (const [name, value, target, met, issue] of figures) L.push(`| ${name} | ${value ?? 'n/a'} | ${target} | ${verdict(met)} | ${issue ?? ''} |`);
  L.push('');
  if (R.errors.length) {
    L.push('**Sections that failed in this run:**', '');
    for (const e of R.errors) L.push(`- ${e}`);
    L.push('');
  }
  const missed = figures.filter((f) => f[3] === false).map((f) => f[0]);
  if (missed.length) L.push(`Missed: ${missed.length} of ${figures.filter((f) => f[3] != null).length}. What limits each is written under its section below ("What limits it").`, '');

  // Payload
  if (p) {
    L.push('## Payload', '');
    L.push('gzip level 9 (`zlib.gzipSync`); KB = 1,024 bytes.', '');
    L.push('| file | raw | gzip | loaded |', '|---|---:|---:|---|');
    L.push(`| \`${p.wasm.rel}\` | ${bytes(p.wasm.raw)} | ${bytes(p.wasm.gz)} (${kib(p.wasm.gz)}) | on the sent list, when the page's CSP lets content scripts compile wasm |`);
    L.push(`| \`${p.glue.rel}\` (wasm-bindgen glue) | ${bytes(p.glue.raw)} | ${bytes(p.glue.gz)} (${kib(p.glue.gz)}) | with the wasm core |`);
    for (const f of p.jsParts) L.push(`| \`${f.rel}\` | ${bytes(f.raw)} | ${bytes(f.gz)} (${kib(f.gz)}) | JS build (wasm2js), when the CSP forbids wasm |`);
    L.push(`| **JS build, total** | ${bytes(p.js.raw)} | ${bytes(p.js.gz)} (${kib(p.js.gz)}) | |`);
    for (const f of [...p.always, ...p.loader]) L.push(`| \`${f.rel}\` | ${bytes(f.raw)} | ${bytes(f.gz)} | ${f.rel === 'content.js' ? 'every linkedin.com page' : 'on the sent list'} |`);
    for (const f of p.pages ?? []) L.push(`| \`${f.rel}\` | ${bytes(f.raw)} | ${bytes(f.gz)} (${kib(f.gz)}) | by the background and the popup only (feature \`pages\`); not web-accessible, never by the page |`);
    L.push('');
  }
  if (tw) {
    L.push('### What limits the size (twiggy)', '');
    if (tw.kind === 'optimised') {
      L.push(`twiggy needs names, which the shipped file no longer has, so the run rebuilds it from \`target/wasm32-unknown-unknown/release/${CRATE}.wasm\` through the same steps as \`build.sh\` (wasm-bindgen \`--target web\`, then \`wasm-opt -Oz\` with the same features) keeping the names (\`--keep-debug\`, \`-g\`): ${bytes(tw.total)}, of which ${bytes(tw.total - tw.shipped)} are the names section, leaving ${bytes(tw.shipped)} against the shipped ${bytes(tw.shippedRaw)}. Full listings: \`bench/twiggy-top.txt\` (\`twiggy top -n 30\`) and \`bench/twiggy-monos.txt\` (\`twiggy monos\`). All items grouped by crate, and by module of this crate (async functions are inlined into their \`{{closure}}\`, so a module's share includes what it inlined):`, '');
    } else {
      L.push(`twiggy on \`target/wasm32-unknown-unknown/release/${CRATE}.wasm\` (the linker's output: names and wasm-bindgen's descriptors included, before \`wasm-opt\`; the named rebuild failed). All items grouped:`, '');
    }
    L.push('| group | bytes | share of the code + data bytes |', '|---|---:|---:|');
    for (const { group, size } of tw.byGroup.slice(0, 24)) {
      L.push(`| ${group} | ${bytes(size)} | ${group.startsWith('(names') ? '—' : `${((100 * size) / tw.shipped).toFixed(1)} %`} |`);
    }
    L.push('');
    L.push('Largest single items:', '');
    L.push('| item | bytes |', '|---|---:|');
    for (const it of tw.topItems) L.push(`| \`${it.name.replace(/\|/g, '\\|').slice(0, 110)}\` | ${bytes(it.size)} |`);
    L.push('');
    L.push(`\`twiggy monos\`: approximate bloat from generic monomorphisations, summed over all generics: ${bytes(tw.monoBloat)} (${((100 * tw.monoBloat) / tw.shipped).toFixed(1)} % of the code + data bytes).`, '');
  } else if (R.twiggy?.error) {
    L.push(`twiggy: ${R.twiggy.error}`, '');
  }
  if (p && (p.wasm.gz > TARGET.wasmGz || p.js.gz > TARGET.jsGz || p.glue.gz > TARGET.glueGz)) L.push('**What limits it.** ' + sizeAnalysis(R), '');

  // Scan
  L.push('## Scan + score', '');
  L.push('Fixture: `renderCurrent({ rows, seed: 1, batch: rows })` — the current (2025) layout, every row rendered at once — served with the LinkedIn-like CSP: `wasm` (allows `wasm-unsafe-eval`: the wasm core loads) or `strict` (it does not: the JS build loads); the core that loaded is checked on the panel\'s `data-core`. Test build (the shipped code; see Targets). In each page, after one warm-up of each side, runs alternate ours / peer, each after a forced GC and a rendered frame.', '');
  L.push('- **ours** = press the panel\'s Rescan (`sweeper-scan`) → `data-state` back to `ready` (a main-world MutationObserver on the panel\'s shadow root, open in the test build). That is the whole rescan as the member waits for it: `list::load_all` (all rows present, so no scrolling), `reader` on every row, parsing, deduplication, scoring and ranking, and **updating the panel** (row elements kept when unchanged, histogram, counts). The core\'s stamp on the panel, `data-scored-at` (`performance.now()` when the rows were read, parsed and scored), splits it: *read+parse+score* = click → that stamp; *panel* = the stamp → `ready`. The scan snapshot goes to the background after `ready`; *background* = that message\'s round trip (its `runtime.sendMessage` call timestamped in the isolated world), reported beside the rescan, not part of it. Before each run the scan history is emptied with the panel\'s own "Clear history" control, so every run pays the same background cost (its growth with the history is measured separately below).', '- **peer** = `bench/peer-scan.js` in the page\'s main world: `querySelectorAll` over the rows, `innerText` of each, a regex for the age, then the same default-policy scoring and ordering; it builds no UI, stores nothing and does not deduplicate. It times itself with `performance.now()`.', '- **+frame** = ours until after the next frame: style, layout and paint of the rebuilt panel, plus waiting for that frame.', '');
  for (const sc of R.scan) {
    L.push(`### ${sc.kind === 'wasm' ? 'wasm core' : 'JS build (wasm2js)'}`, '');
    L.push('| rows | runs | ours (median) | ours range | peer (median) | peer range | **ours / peer** | read+parse+score | panel | background (after ready, not in ours) | read+parse+score / peer | ours +frame |', '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const r of sc.sizes) {
      L.push(`| ${r.n.toLocaleString('en-US')} | ${r.ours.length} | ${ms(r.med.ours)} | ${range(r.ours)} | ${ms(r.med.peer)} | ${range(r.peer)} | **${fmtRatio(r.ratio)}** | ${ms(r.med.scan)} | ${ms(r.med.panel)} | ${ms(r.med.background)} | ${fmtRatio(r.ratioScan)} | ${ms(r.med.frame)} |`);
    }
    L.push('');
    L.push('Main-thread work per run: medians of CDP `Performance.getMetrics` deltas around each run (the whole renderer main thread; ours until after the next frame). Script time is not reported for the peer because code evaluated over CDP is not counted as page script; its tasks are.', '');
    L.push('| rows | ours: script | style recalc | layout | all tasks | peer: style recalc + layout | all tasks |', '|---:|---:|---:|---:|---:|---:|---:|');
    for (const r of sc.sizes) {
      const o = r.med.oursWork;
      const q = r.med.peerWork;
      L.push(`| ${r.n.toLocaleString('en-US')} | ${ms(o.script)} | ${ms(o.style)} | ${ms(o.layout)} | ${ms(o.task)} | ${ms(q.style + q.layout)} | ${ms(q.task)} |`);
    }
    L.push('');
    const bad = sc.checks.filter((c) => c.oursRows !== c.expectRows || c.oursSelected !== c.expectProposed || c.peerRows !== c.expectRows || c.peerProposed !== c.expectProposed);
    L.push(`Both sides checked against the fixture at every size — rows found, ours / peer / fixture: ${sc.checks.map((c) => `${c.oursRows} / ${c.peerRows} / ${c.expectRows}`).join('; ')}; proposed: ${sc.checks.map((c) => `${c.oursSelected} / ${c.peerProposed} / ${c.expectProposed}`).join('; ')}.${bad.length ? ' **Mismatch** (see results.json).' : ' All agree.'}`, '');
    if (sc.profile) {
      L.push(`CPU profile of ${sc.profile.reps} rescans at 1,200 rows (CDP Profiler, 100 µs sampling; ${ms(sc.profile.wallPerScan)} wall to ready, ${ms(sc.profile.sampledPerScan)} of sampled main-thread time per rescan, including the frame after it). Self time per rescan, largest first (native function names as V8 reports them):`, '');
      L.push('| where | ms per rescan |', '|---|---:|');
      for (const r of sc.profile.rows) L.push(`| ${r.what} | ${r.msPerScan.toFixed(1)} |`);
      L.push('');
      const ph = sc.profile.phases;
      const cols = ['core', 'dom', 'glue', 'gc', 'program', 'other'];
      L.push(`The same samples by phase of the rescan (sample times aligned to the page clock within ±${sc.profile.alignMs.toFixed(1)} ms; ms per rescan). *core* = the compiled Rust; *DOM* = native DOM/extension calls and the glue's import shims that make them; *glue* = wasm-bindgen's other JS (string and object passing); *(program)* = native work outside JS (style, layout, paint, IPC):`, '');
      L.push('| phase | wall (median) | core | DOM | glue | GC | (program) | other |', '|---|---:|---:|---:|---:|---:|---:|---:|');
      const names = { scan: 'read + parse + score (click → bg-snapshot sent)', wait: 'background round trip', panel: 'panel rows (reply → ready)', frame: 'next frame (ready → after it)' };
      for (const k of ['scan', 'wait', 'panel', 'frame']) {
        L.push(`| ${names[k]} | ${ms(sc.profile.phaseMs[k])} | ${cols.map((c) => (ph[k][c] ?? 0).toFixed(1)).join(' | ')} |`);
      }
      L.push('');
    }
  }
  if (scanW?.history) {
    const h = scanW.history;
    L.push('### Background and history', '');
    L.push(`Every message to the background loads and decodes the stored state and writes back what changed; the scan history, which keeps up to 30 snapshots of every row (\`pure::insights::KEEP_SNAPSHOTS\`), is read only by \`bg-snapshot\`, \`bg-history\` and \`bg-history-clear\`. Consecutive rescans of ${h.n.toLocaleString('en-US')} rows on the wasm page, starting from an empty history:`, '');
    L.push('| snapshots stored before the rescan | rows in them | history JSON | bg-snapshot round trip | whole rescan |', '|---:|---:|---:|---:|---:|');
    for (const x of h.points) L.push(`| ${x.stored} | ${x.storedRows.toLocaleString('en-US')} | ${mib(x.jsonBytes)} | ${ms(x.background)} | ${ms(x.ours)} |`);
    L.push('');
  }
  if (R.named) {
    const n = R.named;
    L.push('### Inside the core: self time per Rust function', '');
    L.push(`The shipped wasm has no function names, so the run also loads a copy of the test build whose \`core/${CRATE}_bg.wasm\` is the twiggy rebuild (same code, names kept; used only because its wasm-bindgen glue is byte-identical to the shipped glue) and profiles ${n.reps} rescans of 1,200 rows on the wasm page (100 µs sampling, phases aligned within ±${n.alignMs.toFixed(1)} ms; ms per rescan; profiling slows everything down, so compare shares, not totals; inlined callees count in their caller).`, '');
    L.push('| read + parse + score phase | ms | | panel rows phase | ms |', '|---|---:|---|---|---:|');
    for (let i = 0; i < Math.max(n.scan.length, n.panel.length); i++) {
      const a = n.scan[i];
      const b = n.panel[i];
      const cell = (x) => (x ? `\`${x.what.replace(/\|/g, '\\|').slice(0, 95)}\`` : '');
      L.push(`| ${cell(a)} | ${a ? a.ms.toFixed(1) : ''} | | ${cell(b)} | ${b ? b.ms.toFixed(1) : ''} |`);
    }
    L.push('');
  }
  const scanMissed = R.scan.some((sc) => { const r = at(sc, 1200); return r && r.ratio > TARGET.ratio1200; }) || [gW, gJ].some((g) => g > TARGET.linear);
  if (R.scan.length) {
    L.push(`Growth: the rescan at 5,000 rows over the rescan at 1,200 rows is ${fmtRatio(gJ)} for the JS build and ${fmtRatio(gW)} for the wasm (4.17× is linear; target ≤ ${TARGET.linear}×).`, '');
  }
  if (scanMissed) L.push('**What limits it.** ' + scanAnalysis(R), '');
  L.push('![Scan time against rows: ours (wasm, JS) and the peer](chart.png)', '');

  // Panel ready
  if (R.ready) {
    L.push('## Panel ready (500 rows)', '');
    L.push('Fresh navigations to the sent list with 500 server-rendered rows (`renderCurrent`, `batch: 500`), test build (the shipped code; see Targets), no debugger attached. From `domInteractive` of the navigation (the parser is done: the whole list is in the DOM) to the panel\'s `data-state` = `ready`, seen by main-world MutationObservers. Those observers\' callbacks run when the core next awaits, so each stamp marks the **end** of a synchronous stretch of the core, and the steps are cut there:', '');
    L.push('- *→ loader* = until content.js (injected at `document_idle`) requests `loader.js`; *→ core fetched* = loader, config and the core files fetched, the last of them (the wasm and its glue, or the JS build\'s two modules, all at Chrome\'s per-session dynamic URL; from CDP Network, mapped onto the page clock through the navigation\'s wall time, ±1 ms);', '- *→ core started* = compiling/instantiating the core, `activate`, mounting the panel, sending `bg-hello` and, while the background answers it, checking that the list is there (`dom::arrival`: one check when it is) and reading every row of the list (the core\'s first await, when the whole list is already there);', '- *→ rows scored* = what is left of the `bg-hello` round trip, then handling its answer (the settings: the proposal rules), parsing and scoring every row, until the core\'s stamp `data-scored-at` on the panel;', '- *→ ready* = building the panel rows and showing the state. The scan snapshot is sent to the background after that (not part of any step).', '');
    L.push(`Empty history (a first visit, or after "Clear history"; cleared between loads with the panel's control): median of ${READY_LOADS} loads per build after a first load, shown apart.`, '');
    L.push('| build | median | first load | range | → loader | → core fetched | → core started | → rows scored | → ready | target | |', '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|');
    for (const r of R.ready.fresh) {
      const tgt = r.kind === 'wasm' ? TARGET.readyWasm : TARGET.readyJs;
      L.push(`| ${r.kind} | **${ms(r.med.total)}** | ${ms(r.cold.total)} | ${range(r.loads.map((l) => l.total))} | ${ms(r.med.toLoader)} | ${ms(r.med.loaderToCoreFetched)} | ${ms(r.med.coreStarted)} | ${ms(r.med.startedToScanned)} | ${ms(r.med.scannedToReady)} | ≤ ${tgt} ms | ${verdict(r.med.total <= tgt)} |`);
    }
    L.push('');
    if (R.ready.anatomy.length) {
      L.push('One more load per build, instrumented (the debugger pause before content.js falls outside these intervals) and CPU-profiled (200 µs sampling, navigation → `ready`), splits the last two steps with the timestamps of the core\'s own `runtime.sendMessage` calls and its `data-scored-at` stamp (one profiled load: slower than the medians above; read it for shares):', '');
      L.push('| build | `bg-hello` round trip | its answer → rows scored (handle the answer; read, parse, score 500 rows) | rows scored → `ready` (panel rows) | `bg-snapshot` round trip (after `ready`) | main-thread CPU, navigation → ready (largest) |', '|---|---:|---:|---:|---:|---|');
      for (const a of R.ready.anatomy) {
        L.push(`| ${a.kind} | ${ms(a.helloRoundTrip)} | ${ms(a.helloToSnapshot)} | ${ms(a.snapshotToReady)} | ${ms(a.snapshotRoundTrip)} | ${a.cpu.slice(0, 5).map((c) => `${c.what} ${ms(c.ms)}`).join('; ')} |`);
      }
      L.push('');
    }
    if (R.ready.full.length) {
      const f = R.ready.fill;
      L.push(`After regular use: the history holds ${f.snapshots} snapshots (${f.rows.toLocaleString('en-US')} rows, ${mib(f.jsonBytes)} of JSON), its steady state for someone who opens the list often. Median of ${FULL_LOADS} loads per build:`, '');
      L.push('| build | median | range | → core started | → rows scored | → ready | target | |', '|---|---:|---:|---:|---:|---:|---:|---|');
      for (const r of R.ready.full) {
        const tgt = r.kind === 'wasm' ? TARGET.readyWasm : TARGET.readyJs;
        L.push(`| ${r.kind} | **${ms(r.med.total)}** | ${range(r.loads.map((l) => l.total))} | ${ms(r.med.toStarted)} | ${ms(r.med.startedToScanned)} | ${ms(r.med.scannedToReady)} | ≤ ${tgt} ms | ${verdict(r.med.total <= tgt)} |`);
      }
      L.push('');
    }
    if (R.ready.fresh.some((r) => r.med.total > (r.kind === 'wasm' ? TARGET.readyWasm : TARGET.readyJs))) L.push('**What limits it.** ' + readyAnalysis(R), '');
  }

  // Last row rendered → ready
  if (R.arrival?.length) {
    const N = ARRIVAL_ROWS.toLocaleString('en-US');
    L.push(`## Last row rendered → panel ready (${N} rows, the captured 2026 page)`, '');
    L.push(`Fresh navigations to \`renderCaptured({ rows: ${ARRIVAL_ROWS}, seed: 1, batch: ${ARRIVAL_BATCH} })\` (tests/fixtures/captured.mjs): the page as captured in 2026, \`<main>\` the scrolling element, its People count in the header. The first ${ARRIVAL_BATCH} rows come with the page; the others arrive ${ARRIVAL_BATCH} at a time as the extension scrolls \`<main>\`, each batch after the page's own delay (400–900 ms; the live page sends 10 rows a batch, this one ${ARRIVAL_BATCH} so that a load of ${N} rows takes seconds rather than a minute: the figure starts after the last batch, so only the size of that batch could matter). JS build under the LinkedIn-like \`strict\` CSP (no \`wasm-unsafe-eval\`: the wasm core is refused), wasm under the \`wasm\` CSP; the core that ran is checked on \`data-core\`, and every load is checked to end with all ${N} rows on the page and in the panel. Test build (the shipped code; see Targets), no debugger attached. Median of ${ARRIVAL_LOADS} loads per build after a first load, shown apart; the scan history is emptied with the panel's control between loads.`, '');
    L.push('- *last row rendered* = the main-world MutationObserver\'s stamp of the page\'s last batch of rows (the end of the page task that inserted them into the list; the probe\'s observer is notified before any wait of the extension, which then runs in the same task\'s microtasks);', '- *→ rows scored* = the extension notices the rows, finds the list complete (its rows reach the People count), reads every row, parses and scores them, until the core\'s `data-scored-at`;', '- *→ ready* = building the panel rows and showing `ready`;', '- *longest task* = the longest main-thread task (long tasks API, tasks over 50 ms) overlapping the interval, whole: it can begin before the last row, because the page\'s task that inserts the rows also runs the extension\'s observer callbacks and whatever the core does before it next yields to the event loop; *blocked* = the time of the interval spent in such tasks: the member\'s page cannot respond meanwhile.', '');
    L.push('| build | **last row → ready** (median) | first load | range | → rows scored | → ready | longest task | blocked | whole load (`domInteractive` → ready) | later batches | proposed | target | |', '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|');
    for (const a of R.arrival) {
      const tgt = a.kind === 'wasm' ? TARGET.tailWasm : TARGET.tailJs;
      L.push(`| ${a.kind} | **${ms(a.med.tail)}** | ${ms(a.cold.tail)} | ${range(a.loads.map((l) => l.tail))} | ${ms(a.med.toScored)} | ${ms(a.med.scoredToReady)} | ${ms(a.med.longest)} | ${ms(a.med.blocked)} | ${ms(a.med.total)} | ${a.med.batches} | ${a.med.proposed} / ${a.expectProposed} | ≤ ${tgt} ms | ${verdict(a.med.tail <= tgt)} |`);
    }
    L.push('');
    const prof = R.arrival.filter((a) => a.profiled);
    if (prof.length) {
      L.push('One more load per build under the CPU profiler (200 µs sampling, started at the load event; samples aligned to the page clock within ±' + max(prof.map((a) => a.profiled.alignMs)).toFixed(1) + ' ms through a marker function run at a known page time; profiling slows everything, so read it for shares): where the main thread\'s time goes between the last row and `ready`.', '');
      L.push('| build | interval (profiled load) | wall | sampled | where (ms, largest first) |', '|---|---|---:|---:|---|');
      for (const a of prof) {
        const f = a.profiled;
        const where = (t) => t.shares.map((x) => `${x.what} ${ms(x.ms)}`).join('; ');
        L.push(`| ${a.kind} | last row → ready | ${ms(f.tail)} | ${ms(f.sampled)} | ${where(f)} |`);
        if (f.scoredPart) L.push(`| | … last row → rows scored | ${ms(f.toScored)} | ${ms(f.scoredPart.sampled)} | ${where(f.scoredPart)} |`);
        if (f.panelPart) L.push(`| | … rows scored → ready | ${ms(f.scoredToReady)} | ${ms(f.panelPart.sampled)} | ${where(f.panelPart)} |`);
      }
      L.push('');
    }
    if (R.arrival.some((a) => a.med.tail > (a.kind === 'wasm' ? TARGET.tailWasm : TARGET.tailJs))) L.push('**What limits it.** ' + arrivalAnalysis(R), '');
  }

  // Off-page
  if (R.offPage) {
    const o = R.offPage;
    L.push('## Off-page cost (a LinkedIn page that is not the sent list)', '');
    L.push('`https://www.linkedin.com/feed/` (a small feed page with `/in/` links; its CSP allows wasm, so nothing would be held back by the CSP), the SHIPPED build (`dist/chrome`, closed panel root). Scripts parsed in the page\'s renderer for `chrome-extension://` URLs, in every world (CDP `Debugger.scriptParsed`), and requests (CDP `Network.requestWillBeSent`). The same method on the sent list, as a positive control, sees the loader and the core (last line).', '');
    L.push(`- scripts: ${o.scripts.map((x) => `\`${x.url}\` (${bytes(x.bytes)})`).join(', ') || 'none'}; requests: ${o.requests.length ? o.requests.map((x) => `\`${x}\``).join(', ') : 'none'}; wasm modules compiled: ${o.scripts.filter((x) => x.lang === 'WebAssembly').length}`);
    L.push(`- the page is left untouched: ${o.page.elements} elements in its DOM against ${o.page.servedElements} served; the product's name ${o.page.named ? '**found**' : 'absent'} and \`chrome-extension://\` ${o.page.extUrl ? '**found**' : 'absent'} in its light DOM; a panel in any shadow root, open or closed (CDP's pierced DOM): ${o.page.panel ? `**present** (${o.page.panel.mode})` : 'none'}`);
    if (o.control) L.push(`- positive control of that check, the shipped panel on a 20-row sent list: found by the pierced DOM behind a ${o.control.mode} root on a \`<${o.control.hostTag}>\` with ${Object.keys(o.control.hostAttributes ?? {}).length ? `attributes ${Object.keys(o.control.hostAttributes).join(', ')}` : 'no attributes'}, state ${o.control.ready ? '`ready`' : 'not ready'}; the page's own \`shadowRoot\` of it: ${o.control.pageSeesRoot ? '**visible**' : 'null'}`);
    if (o.summary) L.push(`- what content.js set up (isolated-world instrumentation): listeners ${o.summary.listeners.map((l) => `${l.target}.${l.type}`).join(', ') || 'none'}; timers ${o.summary.timersCreated}; MutationObservers ${o.summary.observers}; messages to the background ${o.summary.messages}`);
    L.push(`- CPU in extension scripts during the page load (CDP Profiler at 50 µs, ${o.cpuMs.length} loads without the debugger): ${o.cpuMs.map((x) => `${x.toFixed(2)} ms`).join(', ')} — median ${ms(median(o.cpuMs), 2)} (compiling and running content.js; 0 when no sample landed in it)`);
    const ctrl = R.scan.find((x) => x.sentListScripts)?.sentListScripts;
    if (ctrl) L.push(`- positive control, the sent list (wasm CSP, test build: the same files): scripts ${[...new Set(ctrl.scripts.map((x) => x.url))].map((x) => `\`${x}\``).join(', ')}; requests (distinct paths) ${[...new Set(ctrl.requests)].map((x) => `\`${x}\``).join(', ') || 'none'}`);
    L.push('');
  }

  // Detection
  L.push('## Detection latency', '');
  L.push(`Test build (\`dist/test/chrome\`: delays ÷ 100; the observer-driven waits are the same code as shipped), fixture of 20 rows of which 8 are proposed, Start pressed, run to the end; a fresh browser profile per build. The fixture opens the confirm dialog synchronously inside the withdraw click, so the core finds it on its first look and no wait is involved; to measure a dialog that appears later, the page-side probe defers the dialog portal's insertion by ${DIALOG_DELAY_MS} ms (as a framework committing a render later would). The row goes 200 ms after the confirm click (fixture).`, '');
  L.push('- *noticed* = from the mutation (main-world MutationObserver timestamp) to the end of the core\'s bounded wait (`shell::dom::watch::until`): the `clearTimeout` of that wait\'s timeout, recorded in the isolated world. That is the moment the run acts on it.', '- *→ bg-settle* = to the core\'s next action after a row goes: the `bg-settle` message to the background.', '- *→ panel* = to the progress bar\'s `aria-valuenow` advancing (after the background has answered `bg-settle`).', '');
  L.push('| build | withdrawals | dialog → noticed (median / max) | row gone → noticed (median / max) | row → bg-settle (median / max) | row → panel progress (median / max) |', '|---|---:|---:|---:|---:|---:|');
  for (const d of R.detection) {
    const f = (xs) => `${ms(median(xs))} / ${ms(max(xs))}`;
    L.push(`| ${d.kind} | ${d.withdrawn} (${d.end}) | ${f(d.dialogs.map((x) => x.observer))} | ${f(d.rows.map((x) => x.observer))} | ${f(d.rows.map((x) => x.settleSent))} | ${f(d.rows.map((x) => x.panel))} |`);
  }
  L.push('');
  if (R.detection.length) {
    const gap = R.detection.flatMap((d) => d.rows.map((x) => x.panel - x.settleSent));
    const shownMax = max(R.detection.flatMap((d) => d.rows.map((x) => x.panel)));
    L.push(`${shownMax > TARGET.detection ? '**What limits it.** ' : ''}The run notices within a few ms: its waits are MutationObserver-driven (\`watch::until\`), no polling. What the person sees lags by the \`bg-settle\` round trip (median ${ms(median(gap))}, max ${ms(max(gap))} from that message to the progress bar), because the background loads, decodes and rewrites the stored state for each message (all of it but the scan history) — so that figure grows with the ledger.`, '');
  }

  // Idle and memory
  L.push('## Idle cost and memory', '');
  L.push('Timers are counted in the content script\'s isolated world: `setTimeout`/`setInterval`/`requestAnimationFrame` (and their clears) and `MutationObserver` are wrapped there before content.js runs (a CDP breakpoint on its first statement; wasm-bindgen\'s glue and gloo-timers look these globals up at each call, so every timer of the core goes through the wrappers — the "created since load" column shows they were seen). "Alive" = created and neither fired nor cleared (intervals: not cleared).', '');
  L.push('| when | panel state | timers created since load | alive now | timer callbacks in the window | observers observing | observer callbacks | messages | main thread in the window (whole page): script / tasks |', '|---|---|---:|---:|---:|---:|---:|---|---:|');
  for (const sc of R.scan) {
    const i = sc.idle;
    if (!i) continue;
    L.push(`| ${sc.kind}: ${i.windowMs / 1000} s, after the 5,000-row scans | ${i.state} | ${i.summary.timersCreated} | **${i.summary.liveTimers.length}** | ${i.summary.firedSince} | ${i.summary.observing} | ${i.summary.observerCallsSince} | ${i.summary.messagesSince.join(', ') || 'none'} | ${ms(i.work.script)} / ${ms(i.work.task)} |`);
  }
  for (const d of R.detection) {
    const i = d.idle;
    if (!i) continue;
    L.push(`| ${d.kind}: ${QUICK ? 1 : 3} s, after a finished run (test build) | ${d.end} | ${i.timersCreated} | **${i.liveTimers.length}** | ${i.firedSince} | ${i.observing} | ${i.observerCallsSince} | ${i.messagesSince.join(', ') || 'none'} | — |`);
  }
  L.push('');
  const liveList = [...R.scan.flatMap((x) => x.idle?.summary?.liveTimers ?? []), ...R.detection.flatMap((d) => d.idle?.liveTimers ?? [])];
  if (liveList.length) {
    L.push('Timers alive while idle:', '');
    for (const t of liveList.slice(0, 10)) L.push(`- ${t.kind} ${t.ms} ms, set at ${t.set.toFixed(0)} ms: \`${t.stack}\``);
    L.push('');
  }
  L.push('Memory after each size\'s scans (forced GC first). *core* = the core\'s linear memory: the wasm instance\'s `memory.buffer.byteLength` (wasm; the instance captured by wrapping `WebAssembly.instantiateStreaming` in the isolated world) or wasm2js\'s `memory` ArrayBuffer (JS build; read from the module the loader imported). Linear memory grows and never shrinks: it is the high-water mark of the Rust heap. *JS heap* = `Runtime.getHeapUsage` of the renderer\'s isolate — page, content-script world and the panel\'s JS wrappers together, so it includes the fixture\'s own script.', '');
  L.push('| build | rows | core linear memory | JS heap used (whole page) |', '|---|---:|---:|---:|');
  for (const sc of R.scan) for (const m of sc.memory) L.push(`| ${sc.kind} | ${m.n.toLocaleString('en-US')} | ${typeof m.core === 'number' ? mib(m.core) : m.core} | ${m.heap ? mib(m.heap.usedSize) : 'n/a'} |`);
  L.push('');

  L.push('## Method notes and resolution', '');
  L.push('- Clocks: every in-page timestamp is `performance.now()` of the document (the main world and the isolated world share its time origin); without cross-origin isolation Chromium coarsens it to 0.1 ms. A MutationObserver callback runs at the microtask checkpoint after the mutating task or microtask, so a timestamp can be late by the rest of that task — for *ready*, by the rest of the core\'s synchronous work after it sets the attribute.');
  L.push('- The isolated-world instrumentation (`bench/instrument.js`) is installed while the debugger is paused on content.js\'s first statement; that pause happens before the extension starts and delays only the page\'s `document_idle` work, none of the measured intervals. The panel-ready loads, the last-row loads and the off-page CPU profile run without it.');
  L.push('- Medians over the repetitions listed; ranges are min – max. The machine has 2 cores shared by the renderer, the browser process and the extension\'s service worker; expect run-to-run noise of several percent, more at 100 rows where figures are a few ms.');
  L.push('- The peer runs on the same DOM in the same page, interleaved with ours. `innerText` needs layout; the page has rendered a frame before each peer run, as when a console script meets a loaded page. Our rescan reads `textContent` only (no layout), but the rebuilt panel needs style and layout in the next frame (*+frame*; main-thread table).');
  L.push('- Each group of measurements starts a fresh browser profile (fresh extension storage): off-page (shipped build); panel ready; last row → ready; the scans; the named profile; detection once per build.');
  L.push('- Which build: sizes and the off-page figure are the shipped build\'s; everything that watches the panel runs the test build, checked at the start of the run to be the shipped build byte for byte but `config.js` (Targets). The alternative, the shipped build driven through CDP (`DOM.getDocument({pierce: true})`, `DOM.resolveNode`, `Runtime.callFunctionOn`, as tests/e2e/closed-root.mjs does), reaches the closed root only with a protocol round trip after the panel exists, too late to stamp the panel\'s first states on the page clock; the off-page section uses it to prove the shipped panel stays hidden from the page.');
  L.push('');
  return L.join('\n');
}

function sizeAnalysis(R) {
  const p = R.payload;
  const kb = (n) => `${(n / KB).toFixed(0)} KB`;
  const t = R.twiggy && !R.twiggy.error && R.twiggy.kind === 'optimised' ? R.twiggy : null;
  const parts = [];
  parts.push(`The wasm core is ${kib(p.wasm.gz)} gzip, ${(p.wasm.gz / TARGET.wasmGz).toFixed(1)}× the target; the JS build ${kib(p.js.gz)}, ${(p.js.gz / TARGET.jsGz).toFixed(1)}×; the glue ${kib(p.glue.gz)}, ${p.glue.gz > TARGET.glueGz ? `${bytes(p.glue.gz - TARGET.glueGz)} over issue 6's ${kb(TARGET.glueGz)} (wasm-bindgen writes one JS shim per imported browser method, so the glue grows with every \`web_sys\`/\`js_sys\` call the core makes and shrinks only with fewer distinct imports)` : 'within its target'}.`);
  const size = (re) => (t ? t.byGroup.filter((g) => re.test(g.group)).reduce((n, g) => n + g.size, 0) : 0);
  const pct = (n) => (t ? `${((100 * n) / t.shipped).toFixed(0)} %` : '');
  const pg = (p.pages ?? []).find((f) => f.rel.endsWith('.wasm'));
  parts.push('Issue 15\'s pass took the content core from 206.5 KB to the size above: no serde at all on the content path (the background\'s messages are read and written field by field, `shell/content/codec.rs`, held to serde\'s shapes in tier 2; serde_json and serde_wasm_bindgen remain in the pages core only), one stable sort for the whole core (`pure::order`) instead of seven instantiations, no float formatting, panel rows cloned from one prototype row, the core\'s maps on a 32-bit hasher (`pure::hash`) and no wasm-bindgen string interning (std\'s SipHash, which both used, is 64-bit arithmetic that wasm2js emulates with calls), and the JS build minified by terser.');
  parts.push('(1) The content script has a core of its own: `build.sh` builds the crate with feature `content` (exports `activate`, `urlChanged`, `deactivate`, `command`) for the page and with feature `pages` (`backgroundHandle`, `popupMain`) for the background and the popup' + (pg ? ` (\`core-ext/\`, ${kib(pg.gz)} gzip, never loaded by the page)` : '') + '; the linker keeps only what each build\'s exports reach. What the page core still holds is the content script\'s own work' + (t ? `: \`shell::content\` ${kib(size(/shell::content/))}, the panel and reader, and the \`pure\` modules the run needs (the cap and journal checks, the ledger's export, store decoding of settings).` : '.'));
  if (t) {
    const std = t.std.slice(0, 5).map((x) => `\`${x.what}\` ${kib(x.size)}${x.count > 1 ? ` (${x.count} functions)` : ''}`).join(', ');
    parts.push(`(2) The standard library, ${kib(size(/^core\/alloc/))} (${pct(size(/^core\/alloc/))}): ${std} — the Unicode tables of \`to_lowercase\` and \`is_alphanumeric\` (age words and names are folded in every language; \`to_lowercase\` also brings std\'s str-slicing panic message, with \`char\`\'s \`Debug\` and its printable-character tables) and the formatting machinery of \`format!\`; no float printer (the progress bar\'s width was the core\'s one float format, 14 KB of code with its tables, and is written with integers since).`);
    parts.push(`(3) serde: ${kib(size(/^serde/))} (none expected on the content path); \`twiggy monos\` counts ${kib(t.monoBloat)} of monomorphisation bloat overall.`);
    parts.push(`(4) The content script's own controller, \`shell::content\` (one module per job since b1aa5a4), ${kib(size(/shell::content/))} (${pct(size(/shell::content/))}): its async functions (the session's start and rescans, the run loop, the step, the insights) each inline what they call. (5) Data segments ${kib(size(/^\(data/))} (${pct(size(/^\(data/))}): selector registry with descriptions, message keys, \`panel.css\`, std and serde error strings, Unicode tables.`);
  } else {
    parts.push('(twiggy\'s named rebuild was not available in this run: see `bench/twiggy-top.txt`.)');
  }
  parts.push(`(6) The panic machinery (the formatting of panic messages, \`char\`\'s \`Debug\`, the printable-character tables) stays because std\'s own panics are reachable from the code that slices strings and indexes; removing it takes a nightly toolchain (\`-Zbuild-std\` with \`panic_immediate_abort\`), which the pinned stable toolchain and the reproducible packages (REVIEWERS.md) rule out. (7) The JS build is the same code as JavaScript (wasm2js, then terser: mangled locals, no whitespace): ${(p.js.raw / p.wasm.raw).toFixed(1)}× the wasm\'s raw size and ${(p.js.gz / p.wasm.gz).toFixed(1)}× its gzip size, so it shrinks with the wasm.`);
  parts.push(`What a ${kb(TARGET.wasmGz)} core would take: the biggest single pieces are now the core\'s own code — the session\'s start holds the whole panel\'s construction, the rescan the reader and the scoring, the run loop the whole step (inlined into their async state machines; boxing the rescan changed nothing, so it is code, not copies) — so the target means building the rest of the panel from data as its rows already are (a clone of a prototype instead of a call per element and attribute), and a case-folding table of our own for the seven languages instead of std\'s Unicode tables (names of any script are compared through it before a confirm is clicked, so it is a rewrite of the safety check, not a table swap); each is a rewrite of a tested part for a few KB, and the core is read from the extension\'s own package and compiles in about 15 ms, so the pass stopped at the size above.`);
  return parts.join(' ');
}

function scanAnalysis(R) {
  const w = R.scan.find((x) => x.kind === 'wasm');
  const r = w?.sizes.find((x) => x.n === 1200);
  if (!r) return '';
  const parts = [];
  const j0 = R.scan.find((x) => x.kind === 'js')?.sizes.find((x) => x.n === 1200);
  if (j0) parts.push(`JS build: ${ms(j0.med.ours)} against the peer's ${ms(j0.med.peer)} (${j0.ratio.toFixed(2)}×): read+parse+score ${ms(j0.med.scan)}, panel ${ms(j0.med.panel)}.`);
  parts.push(`At 1,200 rows the wasm core's rescan takes ${ms(r.med.ours)} against the peer's ${ms(r.med.peer)}: read+parse+score ${ms(r.med.scan)} (${r.ratioScan.toFixed(1)}× the peer on its own), then updating the panel ${ms(r.med.panel)} (an unchanged page keeps its rows); the snapshot's background round trip, ${ms(r.med.background)} with an empty history, follows \`ready\`; the frame after it spends ${ms(r.med.oursWork.style)} on style and ${ms(r.med.oursWork.layout)} on layout, where the peer needs none (it meets a laid-out page).`);
  const ph = w.profile?.phases;
  if (ph) {
    const f = (k) => (Object.keys(ph[k]).length ? '' : 'no samples') + Object.entries(ph[k]).sort((x, y) => y[1] - x[1]).map(([c, v]) => `${{ core: 'the core\'s own code', dom: 'DOM calls', glue: 'glue', gc: 'GC', program: '(program)', other: 'other' }[c]} ${v.toFixed(0)} ms`).join(', ');
    parts.push(`Profiled by phase: read+parse+score — ${f('scan')}; panel rows — ${f('panel')}; next frame — ${f('frame')}.`);
  }
  if (R.named) parts.push(`Inside the core (named profile), the read+parse+score phase's largest self times are ${R.named.scan.slice(0, 6).map((x) => `\`${x.what}\` ${x.ms.toFixed(0)} ms`).join(', ')}.`);
  parts.push('Made in issue 15\'s pass: the list is read with one query per field over the whole list (lines, name lines, profile links, notes, withdraw controls), each element given to the card that contains it by walking both in document order, instead of a handful of queries per card (`reader::read_rows`; tier 2 checks it reads exactly what the per-card reader reads); the line selector lost its `:has()`, a third of the queries\' time; the tab selector no longer matches every card\'s withdraw link or button; loading reuses the cards it last queried; the core\'s maps hash with a 32-bit hasher instead of SipHash and strings passed to the page are no longer looked up in wasm-bindgen\'s intern cache (a SipHash lookup per string), which took the JS build\'s rescan of 1,200 rows from 87 to 64 ms; the age grammar reads each line as slices of one folded string instead of a String per word, looks its words up by hash instead of binary search, and ASCII text (most of a card) is folded and split byte by byte; the tabs, read by three document-wide queries, are read twice per scan instead of four times, one query per alternative (a joined selector list cost twice as much); a list already there is decided before `main`\'s whole text is fingerprinted. So what limits it now: (a) one crossing per element read (about three text lines, a profile link and a withdraw control per card), with each string copied into wasm memory (UTF-16 to UTF-8), where the peer makes one `innerText` call per row; (b) the native matching of the selectors, about 8.5 ms of each rescan at 1,200 rows (timed per query in the isolated world: the line selector 2.4 ms, the tabs\' document-wide queries 2.5 ms, the withdraw controls 1 ms), and the part of a rescan that grows faster than the list (at 5,000 rows, 5× the time for 4.2× the rows); (c) the core\'s own parsing and allocation (the age grammar tried on each line until one reads, whitespace folding, the typed invitations); (d) the panel. Reaching 2× would need each card\'s strings passed in one crossing, which needs JavaScript that reads the page (the house rule keeps JavaScript to glue), or reading less than the product needs (the peer reads no profile, name, note or withdraw control).');
  const j = R.scan.find((x) => x.kind === 'js')?.sizes.find((x) => x.n === 1200);
  if (j) parts.push(`The JS build (same Rust, as wasm2js) measures ${ms(j.med.ours)} (read+parse+score ${ms(j.med.scan)}) at 1,200 rows: the same order as the wasm core, so the limit is the work done, not the compilation target.`);
  const gw = (() => { const a = w?.sizes.find((x) => x.n === 1200); const b = w?.sizes.find((x) => x.n === 5000); return a && b ? b.med.ours / a.med.ours : NaN; })();
  if (gw > TARGET.linear) parts.push(`Growth (wasm, ${gw.toFixed(2)}× for 4.17× the rows): the part that grows faster than the list is the page\'s side, in both builds — read+parse+score at 5,000 rows is about the same for the JS build and the wasm, and the JS build\'s growth is linear only because its own code, which grows linearly, is a larger share at 1,200 rows. The named profile of one rescan at 1,200 and at 5,000 rows (measured by hand with this run\'s named profile moved to 5,000 rows, 2026-12-05): \`querySelectorAll\` 8.7 → 50.2 ms (5.8×), \`NodeList.item\` 1.6 → 14.2 ms (8.9×), \`Node.contains\` 1.1 → 7.9 ms (7×), \`textContent\` 1.0 → 9.3 ms, while the core\'s own functions grow about 4× (\`age::read\` 2.7 → 8.7 ms). \`item\` and \`contains\` do constant work per call, so each call into the page costs more on a larger page: every element that reaches the core gets a wrapper for the extension\'s isolated world, which Chromium keeps in a per-world map rather than on the node (our reading of it, not measured inside Chromium). Fewer elements crossing is the lever, which is again one crossing per card.`);
  parts.push('Levers left: passing all of a card\'s strings in one crossing, which needs JavaScript that reads the page (the house rule keeps JavaScript to glue). The list-wide selectors are near their floor: timed alone in plain JavaScript at 1,200 rows, the line selector takes 2.3 ms against 0.6 ms for the same tags without its exclusions (button, non-profile link, note), which it needs, and one `:not(:is(...) *)` instead of three ancestor tests measured no faster.');
  return parts.join(' ');
}

function arrivalAnalysis(R) {
  const parts = [];
  for (const a of R.arrival) {
    const tgt = a.kind === 'wasm' ? TARGET.tailWasm : TARGET.tailJs;
    if (a.med.tail <= tgt) continue;
    const warm = R.scan.find((x) => x.kind === a.kind)?.sizes.find((x) => x.n === ARRIVAL_ROWS);
    const pr = a.profiled;
    const share = (re) => (pr ? pr.shares.filter((x) => re.test(x.what)).reduce((n, x) => n + x.ms, 0) / (pr.sampled || 1) : NaN);
    parts.push(`${a.kind}: ${ms(a.med.tail)} = ${ms(a.med.toScored)} to the scored rows + ${ms(a.med.scoredToReady)} building the panel rows, ${ms(a.med.blocked)} of it in long tasks (the longest ${ms(a.med.longest)})${warm ? `; a warm rescan of ${ARRIVAL_ROWS.toLocaleString('en-US')} rows on the 2025 fixture takes ${ms(warm.med.ours)} (read+parse+score ${ms(warm.med.scan)}, panel ${ms(warm.med.panel)}), so about ${ms(Math.max(0, a.med.tail - warm.med.ours))} is what only the first scan after a page load pays` : ''}${pr ? `; in the profiled load the core's compiled code took ${(100 * share(/^the core/)).toFixed(0)} % of the sampled time, V8 and Blink outside JS (compiling, style, layout) ${(100 * share(/^\(program\)/)).toFixed(0)} %, native DOM calls ${(100 * share(/^native/)).toFixed(0)} %, glue ${(100 * share(/^glue/)).toFixed(0)} %, GC ${(100 * share(/^GC/)).toFixed(0)} %` : ''}.`);
  }
  parts.push('What the first scan pays that a rescan does not: the core\'s reading, parsing, scoring and panel code runs for the first time in this page at that moment, so it runs cold — the JS build\'s functions are compiled lazily on their first call and run unoptimised until V8 has seen them run (in the profile that time is inside the core\'s own functions, not under "(program)"); the wasm runs baseline code until it tiers up — and the panel builds every row element (a rescan of an unchanged list keeps them). Issue 15\'s pass made the JS build a third of its size (terser, no serde) and the scan\'s reading cheaper, which both shorten this. Levers left: a smaller core still (less to compile), and building the panel rows in slices so that no single task holds the page.');
  return parts.join(' ');
}

function readyAnalysis(R) {
  const parts = [];
  for (const r of R.ready.fresh) {
    const tgt = r.kind === 'wasm' ? TARGET.readyWasm : TARGET.readyJs;
    if (r.med.total <= tgt) continue;
    const a = R.ready.anatomy.find((x) => x.kind === r.kind);
    parts.push(`${r.kind}: ${ms(r.med.total)} = ${ms(r.med.toLoader)} until content.js imports the loader + ${ms(r.med.loaderToCoreFetched)} fetching loader and core + ${ms(r.med.coreStarted)} ${r.kind === 'wasm' ? 'compiling and instantiating the wasm' : `parsing the ${(R.payload.jsParts.reduce((n, f) => n + f.raw, 0) / 1e6).toFixed(1)} MB wasm2js script`}, \`activate\`, mounting and reading the rows + ${ms(r.med.startedToScanned)} to the scored rows + ${ms(r.med.scannedToReady)} to \`ready\`${a ? ` (the instrumented load: \`bg-hello\` ${ms(a.helloRoundTrip)}, handling it and scoring the rows ${ms(a.helloToSnapshot)}, panel rows ${ms(a.snapshotToReady)}; then, off the path, \`bg-snapshot\` ${ms(a.snapshotRoundTrip)})`: ''}.`);
  }
  parts.push('So the time goes to (1) fetching and compiling the core (for the JS build, V8 parsing and lazily compiling ' + (R.payload.jsParts.reduce((n, f) => n + f.raw, 0) / 1e6).toFixed(2) + ' MB of minified wasm2js output, which is also why its first scoring is several times its warm rescan); (2) the `bg-hello` round trip: the settings (the proposal rules) and an interrupted run must be known before rows are scored, so the core sends it first and reads the rows while the background answers; what is left of it is the wait; (3) reading and scoring the rows (the scan limits above); (4) building 500 panel rows. The `bg-snapshot` round trip is not on it: the core shows the rows, then stores the snapshot and updates the history figures when the background answers.');
  const fw = R.ready.full.find((x) => x.kind === 'wasm');
  const ew = R.ready.fresh.find((x) => x.kind === 'wasm');
  if (fw && ew) parts.push(`With a full history (30 snapshots): wasm → rows scored ${ms(ew.med.startedToScanned)} → ${ms(fw.med.startedToScanned)}, → ready ${ms(ew.med.scannedToReady)} → ${ms(fw.med.scannedToReady)} (total ${ms(ew.med.total)} → ${ms(fw.med.total)}).`);
  parts.push('Levers left: answer `bg-hello` from the service worker\'s memory (it must still survive the worker being stopped, so a cache checked against storage); a smaller core (Payload).');
  return parts.join(' ');
}

/**
 * Every file of the two builds compared: `differ` lists those that differ other than config.js,
 * `config` says how config.js differs (expected: TIME_SCALE and SHADOW only).
 */
function compareBuilds(shipped, test) {
  const files = (dir, rel = '') => fs.readdirSync(path.join(dir, rel), { withFileTypes: true })
    .flatMap((d) => (d.isDirectory() ? files(dir, path.join(rel, d.name)) : [path.join(rel, d.name)]));
  const a = files(shipped).sort();
  const b = files(test).sort();
  const differ = [...new Set([...a, ...b])].filter((f) => f !== 'config.js' && (!a.includes(f) || !b.includes(f)
    || !fs.readFileSync(path.join(shipped, f)).equals(fs.readFileSync(path.join(test, f)))));
  const lines = (dir) => fs.readFileSync(path.join(dir, 'config.js'), 'utf8').split('\n').filter((l) => l.startsWith('export'));
  const la = lines(shipped);
  const lb = lines(test);
  const config = lb.filter((l) => !la.includes(l)).map((l) => l.replace(/^export const /, '').replace(/;$/, ''));
  const shippedConfig = la.filter((l) => !lb.includes(l)).map((l) => l.replace(/^export const /, '').replace(/;$/, ''));
  return { files: a.length, differ, config, shippedConfig };
}

// --------------------------------------------------------------------------------------------- main
async function main() {
  const R = { machine: machine(), errors: [], scan: [], ready: null, arrival: null, detection: [], offPage: null, load: [] };
  // The machine's 1-minute load average every 5 s: other work on these 2 cores inflates timings.
  R.load.push(os.loadavg()[0]);
  const cpu0 = cpuTimes();
  let ticks = 0;
  const loadTimer = setInterval(() => {
    sampleOwnCpu();
    if (++ticks % 5 === 0) R.load.push(os.loadavg()[0]);
  }, 1000);
  loadTimer.unref();
  log(`Invite Sweeper benchmarks${QUICK ? ' (--quick)' : ''}: ${R.machine.cpu}, ${R.machine.memory}`);

  // Snapshot the builds: other work may rebuild dist/ while this runs.
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sweeper-bench-'));
  const shipped = path.join(work, 'chrome');
  const testBuild = path.join(work, 'test-chrome');
  for (const [from, to] of [['dist/chrome', shipped], ['dist/test/chrome', testBuild]]) {
    if (!fs.existsSync(path.join(ROOT, from, 'manifest.json'))) throw new Error(`${from} is missing: run ./build.sh first (or ./build.sh bench)`);
    fs.cpSync(path.join(ROOT, from), to, { recursive: true });
  }

  // The test build must be the shipped build but for config.js (testing-contract.md): checked
  // file by file, so a figure measured on it is a figure of the shipped code.
  R.builds = compareBuilds(shipped, testBuild);
  if (R.builds.differ.length) throw new Error(`dist/test/chrome differs from dist/chrome beyond config.js: ${R.builds.differ.join(', ')}`);
  R.payload = payload(shipped);
  log(`payload: wasm ${bytes(R.payload.wasm.raw)} raw / ${bytes(R.payload.wasm.gz)} gzip; glue ${bytes(R.payload.glue.gz)} gzip; JS build ${bytes(R.payload.js.raw)} raw / ${bytes(R.payload.js.gz)} gzip`);
  if (want('twiggy') || want('named')) {
    try {
      log('twiggy: rebuilding a named copy of the optimised wasm (about 15 s)');
      R.twiggy = twiggy(work, R.payload.wasm.raw);
    } catch (e) {
      R.twiggy = { error: e.message };
    }
  }

  const section = async (name, fn) => {
    try {
      return await fn();
    } catch (e) {
      log(`${name} FAILED: ${e.stack || e}`);
      R.errors.push(`${name}: ${e.message}`);
      return null;
    }
  };
  // A fresh browser profile (fresh extension storage) for each group of measurements.
  const withBrowser = async (extDir, fn) => {
    const browser = await launchChromium({ extDir, port: server.port });
    try {
      return await fn(browser);
    } finally {
      await browser.close().catch(() => {});
    }
  };

  const server = await startServer();
  try {
    await withBrowser(shipped, async (browser) => {
      const page = await browser.newPage();
      const cdp = await browser.context.newCDPSession(page);
      R.browser = await cdp.send('Browser.getVersion');
      await page.close();
      log(`browser: ${R.browser.product}`);
      if (want('offpage')) R.offPage = await section('off-page', () => offPage(browser, server));
    });
    await withBrowser(testBuild, async (browser) => {
      if (want('ready')) R.ready = await section('panel ready', () => panelReady(browser, server));
    });
    await withBrowser(testBuild, async (browser) => {
      if (want('arrival')) R.arrival = await section('last row → ready', () => arrivalBench(browser, server));
    });
    await withBrowser(testBuild, async (browser) => {
      for (const [kind, csp] of BUILDS) {
        if (!want('scan')) break;
        const r = await section(`scan (${kind})`, () => scanBench(browser, server, kind, csp));
        if (r) R.scan.push(r);
      }
    });
    if (!want('named')) {
      R.named = null;
    } else if (R.twiggy?.namedWasm && R.twiggy.namedGlue && fs.readFileSync(R.twiggy.namedGlue).equals(fs.readFileSync(path.join(shipped, `core/${CRATE}.js`)))) {
      const named = path.join(work, 'chrome-named');
      fs.cpSync(testBuild, named, { recursive: true });
      fs.copyFileSync(R.twiggy.namedWasm, path.join(named, `core/${CRATE}_bg.wasm`));
      await withBrowser(named, async (browser) => {
        R.named = await section('named profile', () => namedProfile(browser, server));
      });
    } else {
      R.named = null;
      log('named profile skipped: the rebuilt glue differs from the shipped one (target/ and dist/ are from different builds)');
    }
    for (const [kind, csp] of BUILDS) {
      if (!want('detection')) break;
      await withBrowser(testBuild, async (browser) => {
        const r = await section(`detection (${kind})`, () => detection(browser, server, kind, csp));
        if (r) R.detection.push(r);
        if (kind === 'js' && R.scan.length) await section('chart', () => renderChart(browser, R.scan));
      });
    }
  } finally {
    await server.close();
    fs.rmSync(work, { recursive: true, force: true });
  }

  clearInterval(loadTimer);
  R.load.push(os.loadavg()[0]);
  const cpu1 = cpuTimes();
  if (cpu0 && cpu1) {
    const wall = cpu1.wall - cpu0.wall;
    const others = Math.max(0, cpu1.busy - cpu0.busy - (cpu1.own - cpu0.own));
    R.cpu = { wall, busy: cpu1.busy - cpu0.busy, own: cpu1.own - cpu0.own, others, othersShare: others / (wall * os.cpus().length) };
  }
  R.endedAt = Date.now();
  if (ONLY.length) {
    log(`--only=${ONLY.join(',')}: bench/results.* left as they were`);
    if (R.errors.length) process.exitCode = 1;
    return;
  }
  const md = report(R);
  fs.writeFileSync(path.join(HERE, 'results.md'), md);
  const json = { ...R, twiggy: R.twiggy ? { kind: R.twiggy.kind, byGroup: R.twiggy.byGroup, total: R.twiggy.total, shipped: R.twiggy.shipped, monoBloat: R.twiggy.monoBloat, topItems: R.twiggy.topItems, std: R.twiggy.std, error: R.twiggy.error } : null };
  fs.writeFileSync(path.join(HERE, 'results.json'), JSON.stringify(json, null, 1));
  // Print the targets table.
  const start = md.indexOf('## Targets');
  const end = md.indexOf('\n## ', start + 5);
  console.log('\n' + md.slice(start, end).trim() + '\n');
  log(`wrote bench/results.md, bench/results.json${R.scan.length ? ', bench/chart.png' : ''} in ${((R.endedAt - T0) / 1000).toFixed(0)} s`);
  if (R.errors.length) process.exitCode = 1;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
