// Issue 3: the panel lists exactly the fixture's pending invitations on both layouts, however
// the list loads, proposes per the default policy, and refuses pages it does not recognise.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, serve, openSent, waitState, panelRows, press, attr, BROWSERS } from './helpers.mjs';

function assertSameRows(rows, expected, what) {
  const got = new Map(rows.map((r) => [r.profile, r]));
  assert.equal(rows.length, expected.length, `${what}: row count`);
  assert.equal(got.size, rows.length, `${what}: no duplicate profiles`);
  for (const e of expected) {
    const r = got.get(e.profile);
    assert.ok(r, `${what}: ${e.profile} listed`);
    assert.equal(r.ageMinDays, e.ageMinDays, `${what}: age of ${e.profile} (${e.ageText})`);
    assert.equal(r.hasNote, e.hasNote, `${what}: note flag of ${e.profile}`);
    assert.equal(r.selected, e.proposed, `${what}: preselection of ${e.profile}`);
  }
}

const LISTS = [
  { name: 'current, lazy on the window, 120 rows', opts: { layout: 'current', rows: 120, seed: 21, loading: 'scroll-window' } },
  { name: 'current, lazy in an inner container, 110 rows', opts: { layout: 'current', rows: 110, seed: 22, loading: 'scroll-inner' } },
  { name: 'current, Show more results button, 105 rows, anchor controls', opts: { layout: 'current', rows: 105, seed: 23, loading: 'button', loadMoreText: 'Show more results', withdraw: 'anchor' } },
  { name: 'legacy, numbered pages, 230 rows', opts: { layout: 'legacy', rows: 230, seed: 24 } },
  { name: 'legacy, opened on page 3 of 3, 230 rows', opts: { layout: 'legacy', rows: 230, seed: 26, page: 3 } },
  { name: 'current, French', opts: { layout: 'current', rows: 40, seed: 25, lang: 'fr' } },
];

for (const kind of BROWSERS) {
  for (const { name, opts } of LISTS) {
    // Firefox runs the two largest shapes; Chromium runs them all.
    if (kind === 'firefox' && !/120 rows|230 rows/.test(name)) continue;
    test(`${kind}: ${name}: the panel's rows equal the page's`, async (t) => {
      const { server, browser } = await setup(t, kind);
      const { expected } = serve(server, opts, 'strict');
      const page = await openSent(browser);
      await waitState(page, 'ready', 120000);
      assertSameRows(await panelRows(page), expected, name);
      const proposed = expected.filter((e) => e.proposed).length;
      assert.equal(Number(await attr(page, 'sweeper-panel', 'data-state') === 'ready'), 1);
      const counts = await page.evaluate(() => {
        const c = [...document.body.children].find((e) => e.shadowRoot?.querySelector('[data-testid=sweeper-panel]')).shadowRoot.querySelector('.counts');
        return { pending: Number(c.dataset.pending), proposed: Number(c.dataset.proposed), selected: Number(c.dataset.selected) };
      });
      assert.deepEqual(counts, { pending: expected.length, proposed, selected: proposed });
      // Messages with placeholders, filled per row and per state (the browser's i18n API fills
      // each message once, with markers; the core fills the markers).
      const labels = await page.evaluate(() => {
        const root = [...document.body.children].find((e) => e.shadowRoot?.querySelector('[data-testid=sweeper-panel]')).shadowRoot;
        return {
          message: root.querySelector('[data-testid=sweeper-message]').textContent,
          rows: [...root.querySelectorAll('[data-testid=sweeper-row]')].map((r) => ({ name: r.querySelector('.name').textContent, label: r.querySelector('[data-testid=sweeper-select]').getAttribute('aria-label') })),
        };
      });
      assert.ok(labels.message.startsWith(`Stale invitations proposed: ${proposed}. `), `the ready message: ${labels.message}`);
      for (const r of labels.rows) assert.equal(r.label, `Select ${r.name}`, 'each checkbox is labelled with its own name');
      assert.equal(labels.rows.length, expected.length);
    });
  }

  test(`${kind}: the Pages tab and the empty list propose nothing and say why`, async (t) => {
    const { server, browser } = await setup(t, kind);
    serve(server, { layout: 'current', tab: 'pages', rows: 8, seed: 5 }, 'wasm', '/mynetwork/invitation-manager/sent/ORGANIZATION/');
    let page = await openSent(browser, 'https://www.linkedin.com/mynetwork/invitation-manager/sent/ORGANIZATION/');
    let st = await waitState(page, ['unsupported', 'ready']);
    assert.equal(st.state, 'unsupported');
    assert.equal(st.reason, 'not-sent-list');
    assert.match(st.message, /Pages tab/);
    assert.equal((await panelRows(page)).length, 0);
    assert.equal(await attr(page, 'sweeper-start', 'disabled'), '');
    await page.close();

    serve(server, { layout: 'current', tab: 'empty', seed: 6 }, 'wasm');
    page = await openSent(browser);
    st = await waitState(page, ['ready', 'unsupported']);
    assert.equal(st.state, 'ready');
    assert.match(st.message, /no pending invitations/i);
    assert.equal((await panelRows(page)).length, 0);
    assert.equal(await attr(page, 'sweeper-start', 'disabled'), '');
  });

  test(`${kind}: a page missing a required element is unsupported with a layout report`, async (t) => {
    const { server, browser } = await setup(t, kind);
    serve(server, { layout: 'current', rows: 20, seed: 7, remove: ['lazy-column'] }, 'strict');
    const page = await openSent(browser);
    const st = await waitState(page, ['unsupported', 'ready']);
    assert.equal(st.state, 'unsupported');
    assert.equal(st.reason, 'layout-unknown');
    const report = await page.evaluate(() => [...document.body.children].find((e) => e.shadowRoot?.querySelector('[data-testid=sweeper-panel]')).shadowRoot.querySelector('[data-testid=sweeper-layout-report]').textContent);
    assert.match(report, /missing: .*list/);
    assert.match(report, /lazy-column/);
    assert.equal(await attr(page, 'sweeper-start', 'disabled'), '', 'nothing can be started');
    await assert.rejects(press(page, 'sweeper-start'));
    const clicks = await page.evaluate(() => (window.__fixture?.clicks ?? []).filter((c) => !c.insideExtension && c.kind !== 'load-more'));
    assert.deepEqual(clicks, []);
  });
}
