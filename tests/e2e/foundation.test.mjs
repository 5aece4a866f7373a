// Issue 2: the Rust core loads in Chromium and Firefox under a strict page CSP (no
// 'wasm-unsafe-eval', Trusted Types required) and under one that allows wasm, and reads the page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, serve, openSent, waitState, panelRows, expectedCore, until, BROWSERS, SENT_URL } from './helpers.mjs';

for (const kind of BROWSERS) {
  test(`${kind}: the right core loads under each CSP and reads the rows`, async (t) => {
    const { server, browser } = await setup(t, kind);
    for (const csp of ['strict', 'wasm']) {
      const { expected } = serve(server, { layout: 'current', rows: 24, seed: 11 }, csp);
      const page = await openSent(browser);
      const core = await until(() => page.evaluate(() => ([...document.body.children].find((e) => e.shadowRoot?.querySelector('[data-testid=sweeper-panel]'))?.shadowRoot?.querySelector('[data-testid=sweeper-panel]')?.dataset.core)), 'core marker');
      assert.equal(core, expectedCore(kind, csp), `${kind} under the ${csp} CSP`);
      await waitState(page, 'ready');
      const rows = await panelRows(page);
      assert.equal(rows.length, expected.length, 'the core read every row');
      const violations = await page.evaluate(() => window.__fixture?.cspViolations ?? []);
      assert.deepEqual(violations.filter((v) => /invite|extension/i.test(JSON.stringify(v))), [], 'no CSP violation from the extension');
      await page.close();
    }
  });

  test(`${kind}: nothing heavy loads off the sent list, and soft navigation activates it`, async (t) => {
    const { server, browser } = await setup(t, kind);
    serve(server, { layout: 'current', tab: 'received', rows: 5 }, 'wasm', '/mynetwork/invitation-manager/received/');
    serve(server, { layout: 'current', rows: 12, seed: 3 }, 'wasm');
    const page = await openSent(browser, 'https://www.linkedin.com/mynetwork/invitation-manager/received/');
    await new Promise((r) => setTimeout(r, 1500));
    const before = await page.evaluate(() => ({
      marker: ([...document.body.children].find((e) => e.shadowRoot?.querySelector('[data-testid=sweeper-panel]'))?.shadowRoot?.querySelector('[data-testid=sweeper-panel]')?.dataset.core) ?? null,
      panel: !![...document.body.children].find((e) => e.shadowRoot?.querySelector('[data-testid=sweeper-panel]')),
      scripts: performance.getEntriesByType('resource').map((e) => e.name).filter((n) => /extension:/.test(n)),
    }));
    assert.deepEqual(before, { marker: null, panel: false, scripts: [] }, 'off the sent list: no core, no panel');
    // LinkedIn moves to Sent without a page load.
    await page.evaluate((url) => { history.pushState({}, '', url); dispatchEvent(new PopStateEvent('popstate')); }, SENT_URL);
    const core = await until(() => page.evaluate(() => ([...document.body.children].find((e) => e.shadowRoot?.querySelector('[data-testid=sweeper-panel]'))?.shadowRoot?.querySelector('[data-testid=sweeper-panel]')?.dataset.core)), 'core after soft navigation');
    assert.ok(core === 'wasm' || core === 'js');
    const st = await until(() => page.evaluate(() => !![...document.body.children].find((e) => e.shadowRoot?.querySelector('[data-testid=sweeper-panel]'))), 'panel after soft navigation');
    assert.ok(st);
    // And back out: the idle panel goes away.
    await page.evaluate(() => { history.pushState({}, '', '/feed/'); dispatchEvent(new PopStateEvent('popstate')); });
    await until(() => page.evaluate(() => ![...document.body.children].find((e) => e.shadowRoot?.querySelector('[data-testid=sweeper-panel]'))), 'panel removed after leaving');
  });
}
