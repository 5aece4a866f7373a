// Issue 8: after two scans of a list that changed by known rows — some withdrawn by a run, some
// removed by the other side — the panel's histogram, gauge and resolved count match the page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, serve, openSent, waitState, panelRows, until, BROWSERS } from './helpers.mjs';

function bucketOf(age) {
  if (age === null) return 'unknown';
  if (age < 7) return 'week';
  if (age < 30) return 'weeks';
  if (age >= 365) return 'year';
  return `m${Math.floor(age / 30)}`;
}

function insights(page) {
  return page.evaluate(() => {
    const r = [...document.body.children].find((e) => e.shadowRoot?.querySelector('[data-testid=sweeper-panel]')).shadowRoot;
    const g = r.querySelector('[data-testid=sweeper-gauge]');
    return {
      buckets: Object.fromEntries([...r.querySelectorAll('[data-testid=sweeper-bucket]')].map((b) => [b.dataset.bucket, { count: Number(b.dataset.count), withNote: Number(b.dataset.withNote) }])),
      pending: g ? Number(g.dataset.pending) : null,
      ceiling: g ? Number(g.dataset.ceiling) : null,
      resolved: Number(r.querySelector('[data-testid=sweeper-resolved]')?.dataset.count ?? -1),
      resolvedText: r.querySelector('[data-testid=sweeper-resolved]')?.textContent ?? '',
      reinvite: [...r.querySelectorAll('[data-testid=sweeper-reinvite-row]')].map((e) => e.dataset.profile),
      svg: !!r.querySelector('svg[data-testid=sweeper-histogram]'),
    };
  });
}

function expectedBuckets(rows) {
  const out = {};
  for (const e of rows) {
    const b = bucketOf(e.ageMinDays);
    out[b] ??= { count: 0, withNote: 0 };
    out[b].count += 1;
    out[b].withNote += e.hasNote ? 1 : 0;
  }
  return out;
}

for (const kind of BROWSERS) {
  test(`${kind}: histogram, gauge and resolved counts follow two scans that differ by known rows`, async (t) => {
    const { server, browser } = await setup(t, kind);
    const { expected } = serve(server, { layout: 'current', rows: 40, seed: 77 }, 'wasm');
    const page = await openSent(browser);
    await waitState(page, 'ready');
    let ins = await insights(page);
    assert.ok(ins.svg, 'the histogram is drawn as SVG');
    assert.deepEqual(ins.buckets, expectedBuckets(expected), 'first scan: buckets match the page');
    assert.equal(ins.pending, expected.length);
    assert.equal(ins.ceiling, 500);
    assert.equal(ins.resolved, 0);

    // The run withdraws the two oldest proposals.
    const byRank = (await panelRows(page)).filter((r) => r.selected);
    const runRows = byRank.slice(0, 2).map((r) => r.profile);
    await page.evaluate((keep) => {
      const r = [...document.body.children].find((e) => e.shadowRoot?.querySelector('[data-testid=sweeper-panel]')).shadowRoot;
      for (const box of r.querySelectorAll('[data-testid=sweeper-row][data-selected=true] [data-testid=sweeper-select]')) {
        if (!keep.includes(box.dataset.profile)) box.click();
      }
      r.querySelector('[data-testid=sweeper-start]').click();
    }, runRows);
    await waitState(page, 'done');

    // The other side accepts two invitations: one with a note, one without.
    const others = [expected.find((e) => e.hasNote && !runRows.includes(e.profile)), expected.find((e) => !e.hasNote && !e.proposed && !runRows.includes(e.profile))].map((e) => e.profile);
    await page.evaluate((ps) => window.__fixture.removeRows(ps), others);
    await page.evaluate(() => [...document.body.children].find((e) => e.shadowRoot?.querySelector('[data-testid=sweeper-panel]')).shadowRoot.querySelector('[data-testid=sweeper-scan]').click());
    ins = await until(async () => { const i = await insights(page); return i.resolved === 2 ? i : null; }, 'two resolved by the other side');
    const left = expected.filter((e) => !runRows.includes(e.profile) && !others.includes(e.profile));
    assert.deepEqual(ins.buckets, expectedBuckets(left), 'second scan: buckets match what is still pending');
    assert.equal(ins.pending, left.length);
    assert.match(ins.resolvedText, /With a note: 50%, without: 50%/);
    // A third identical scan counts nothing again.
    await page.evaluate(() => [...document.body.children].find((e) => e.shadowRoot?.querySelector('[data-testid=sweeper-panel]')).shadowRoot.querySelector('[data-testid=sweeper-scan]').click());
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal((await insights(page)).resolved, 2);

    // Choosing a histogram bar filters the list to that age.
    const bucket = Object.keys(ins.buckets)[0];
    await page.evaluate((b) => [...document.body.children].find((e) => e.shadowRoot?.querySelector('[data-testid=sweeper-panel]')).shadowRoot.querySelector(`[data-testid=sweeper-bucket][data-bucket="${b}"]`).dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true })), bucket);
    const shown = await page.evaluate(() => [...[...document.body.children].find((e) => e.shadowRoot?.querySelector('[data-testid=sweeper-panel]')).shadowRoot.querySelectorAll('[data-testid=sweeper-row]:not([hidden])')].map((r) => r.dataset.ageMinDays));
    assert.equal(shown.length, ins.buckets[bucket].count);
    assert.ok(shown.every((a) => bucketOf(a === '' ? null : Number(a)) === bucket));

    // Clearing the history resets the running total.
    await page.evaluate(() => [...document.body.children].find((e) => e.shadowRoot?.querySelector('[data-testid=sweeper-panel]')).shadowRoot.querySelector('[data-testid=sweeper-clear-history]').click());
    await until(async () => (await insights(page)).resolved === 0, 'history cleared');
  });
}
