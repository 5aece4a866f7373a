#!/usr/bin/env node
// Every selector query one rescan makes, with its count and time, seen from the content script's
// own (isolated) world.
//
//   node bench/query-count.mjs [rows=1200] [wasm|strict]
//
// Like run.mjs, it pauses Chromium's debugger on the first statement of content.js and wraps, in
// that world only, querySelector(All), closest and matches of Document, Element and
// DocumentFragment; wasm-bindgen's glue looks the methods up at call time, so every query of the
// core goes through the wrappers. The page (renderCurrent, every row present) loads in the test
// build, the panel gets ready, then the wrappers start counting and the panel's Rescan is pressed.
// Prints the queries of that rescan, costliest first. A diagnosis tool, not part of
// `./build.sh bench`: it found that the tabs' document-wide queries were the costliest part of a
// rescan's selector time.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { startServer, ORIGIN } from '../tests/e2e/server.mjs';
import { renderCurrent } from '../tests/fixtures/render.mjs';
import { launchChromium, until } from '../tests/e2e/browsers.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..');
const SENT = '/mynetwork/invitation-manager/sent/';
const ROWS = Number(process.argv[2] ?? 1200);
const CSP = process.argv[3] ?? 'wasm';

// Evaluated in the isolated world before content.js runs; counts only while `on`.
const WRAP = `(() => {
  const C = (globalThis.__queries = { calls: new Map(), on: false });
  const targets = [[Document.prototype, 'Doc'], [Element.prototype, 'El'], [DocumentFragment.prototype, 'Frag']];
  for (const [proto, owner] of targets) {
    for (const name of ['querySelectorAll', 'querySelector', 'closest', 'matches']) {
      const orig = proto[name];
      if (typeof orig !== 'function') continue;
      proto[name] = function (sel) {
        if (!C.on) return orig.call(this, sel);
        const t0 = performance.now();
        try {
          return orig.call(this, sel);
        } finally {
          const key = owner + '.' + name + ' ' + String(sel);
          const e = C.calls.get(key) || [0, 0];
          e[0] += 1;
          e[1] += performance.now() - t0;
          C.calls.set(key, e);
        }
      };
    }
  }
  return 'wrapped';
})()`;

const testBuild = path.join(ROOT, 'dist/test/chrome');
if (!fs.existsSync(path.join(testBuild, 'manifest.json'))) throw new Error('dist/test/chrome is missing: run ./build.sh first');
const server = await startServer();
const browser = await launchChromium({ extDir: testBuild, port: server.port });
try {
  const page = await browser.newPage();
  await page.addInitScript({ content: fs.readFileSync(path.join(HERE, 'probe.js'), 'utf8') });
  const cdp = await browser.context.newCDPSession(page);
  let world = null;
  const contentScripts = new Set();
  await cdp.send('Debugger.enable');
  cdp.on('Debugger.scriptParsed', (e) => {
    if (e.url.startsWith('chrome-extension://') && /\/content\.js$/.test(e.url)) {
      contentScripts.add(e.scriptId);
      world = e.executionContextId;
    }
  });
  cdp.on('Debugger.paused', async (e) => {
    try {
      const top = e.callFrames[0];
      if (top && contentScripts.has(top.location.scriptId)) {
        await cdp.send('Debugger.evaluateOnCallFrame', { callFrameId: top.callFrameId, expression: WRAP });
      }
    } finally {
      await cdp.send('Debugger.resume').catch(() => {});
    }
  });
  await cdp.send('Debugger.setBreakpointByUrl', { urlRegex: '^chrome-extension://[^/]+/content\\.js$', lineNumber: 0 });
  server.setPage(SENT, { html: renderCurrent({ rows: ROWS, seed: 1, batch: ROWS }).html, csp: CSP });
  await page.goto(ORIGIN + SENT, { waitUntil: 'load' });
  // Ready, with the rows scored after `t` (the core stamps `data-scored-at` on the panel; a
  // rescan of a page that is all there can go from scanning to ready in one task, which an
  // observer of `data-state` would not see).
  const readyAfter = (t) => page.evaluate((t) => {
    const panel = window.__benchProbe?.root()?.querySelector('[data-testid="sweeper-panel"]');
    return panel?.dataset.state === 'ready' && Number(panel.dataset.scoredAt) > t;
  }, t);
  await until(() => readyAfter(-1), 'the panel to be ready', 60000);
  await new Promise((r) => setTimeout(r, 1500)); // the snapshot's round trip, the history figures
  await cdp.send('Debugger.disable');
  const inWorld = async (expression) => (await cdp.send('Runtime.evaluate', { expression, contextId: world, returnByValue: true })).result.value;
  if ((await inWorld('typeof globalThis.__queries')) !== 'object') throw new Error('the wrappers were not installed in the content script world');
  await inWorld('globalThis.__queries.on = true');
  const pressedAt = await until(() => page.evaluate(() => {
    const b = window.__benchProbe.root()?.querySelector('[data-testid="sweeper-scan"]');
    if (!b || b.disabled) return null;
    const at = performance.now();
    b.click();
    return at;
  }), 'the Rescan control', 10000);
  await until(() => readyAfter(pressedAt), 'the rescan to end', 60000);
  await inWorld('globalThis.__queries.on = false');
  const calls = await inWorld('[...globalThis.__queries.calls.entries()].map(([k, [n, t]]) => [k, n, t])');
  calls.sort((a, b) => b[2] - a[2]);
  const total = calls.reduce((s, c) => s + c[2], 0);
  const count = calls.reduce((s, c) => s + c[1], 0);
  const core = await page.evaluate(() => window.__benchProbe.root()?.querySelector('[data-testid="sweeper-panel"]')?.dataset.core);
  console.log(`one rescan of ${ROWS} rows (${core} core): ${count} queries, ${total.toFixed(1)} ms in them`);
  console.log('   calls       ms  query');
  for (const [k, n, t] of calls.slice(0, 25)) console.log(`${String(n).padStart(8)} ${t.toFixed(2).padStart(8)}  ${k.slice(0, 150)}`);
} finally {
  await browser.close();
  await server.close();
}
