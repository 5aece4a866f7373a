// Issue 4 (ledger survives bad data) and issue 3 (rules persist): stored state that fails to
// decode is reported in the panel and repaired, keeping every valid record; saved rules survive
// a reload.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, serve, openSent, openPopup, waitState, panelRows, text, until, BROWSERS } from './helpers.mjs';

const GOOD = {
  name: 'Ada Lovelace', profile_url: 'https://www.linkedin.com/in/ada-lovelace/', headline: 'Analyst',
  sent_text: 'Sent 3 months ago', sent_min_days: 90, sent_estimate: '2026-08-01', had_note: false,
  withdrawn_at: '2020-10-30T10:00:00Z', reconnect_after: '2020-11-20',
};

test('chromium: corrupted storage is reported in the panel and repaired, valid entries kept', async (t) => {
  const { server, browser } = await setup(t, 'chromium');
  await browser.worker.evaluate(async (good) => {
    await chrome.storage.local.set({
      ledger: { schema: 1, data: [good, 42, { name: 7 }, { ...good, profile_url: 'https://www.linkedin.com/in/grace/', name: 'Grace Hopper' }] },
      settings: 'not an object',
      capbook: { schema: 1, data: { grants: 'oops' } },
    });
  }, GOOD);
  serve(server, { layout: 'current', rows: 12, seed: 4 }, 'wasm');
  const page = await openSent(browser);
  await waitState(page, 'ready');
  const detail = await page.evaluate(() => [...document.body.children].find((e) => e.shadowRoot?.querySelector('[data-testid=sweeper-panel]')).shadowRoot.querySelector('.detail').textContent);
  assert.match(detail, /Stored data was repaired/);
  const stored = await browser.worker.evaluate(() => chrome.storage.local.get(null));
  assert.deepEqual(stored.ledger.data.map((e) => e.name), ['Ada Lovelace', 'Grace Hopper'], 'both valid entries kept');
  assert.equal(stored.ledgerQuarantine.length >= 2, true, 'invalid entries kept aside, not dropped');
  assert.equal(stored.settings.data.policy.min_days_no_note, 60, 'settings repaired to defaults');
  assert.ok(stored.settingsQuarantine, 'the unreadable settings are kept aside');
  // Both kept entries may be invited again (reconnect date passed): the re-invite list says so.
  const due = await page.evaluate(() => [...[...document.body.children].find((e) => e.shadowRoot?.querySelector('[data-testid=sweeper-panel]')).shadowRoot.querySelectorAll('[data-testid=sweeper-reinvite-row]')].map((r) => r.dataset.profile).sort());
  assert.deepEqual(due, ['/in/ada-lovelace/', '/in/grace/']);
  // The popup lists them too.
  const pop = await openPopup(browser);
  const popupDue = await until(async () => {
    const rows = await pop.evaluate(() => [...document.querySelectorAll('[data-testid=popup-reinvite-row]')].map((r) => r.dataset.profile).sort());
    return rows.length ? rows : null;
  }, 'the popup re-invite list');
  assert.deepEqual(popupDue, ['/in/ada-lovelace/', '/in/grace/']);
  // An unreadable cap book must never free slots: the count reads full.
  const today = await page.evaluate(() => { const t = [...document.body.children].find((e) => e.shadowRoot?.querySelector('[data-testid=sweeper-panel]')).shadowRoot.querySelector('[data-testid=sweeper-today]'); return [Number(t.dataset.count), Number(t.dataset.cap)]; });
  assert.equal(today[0] >= today[1], true, `an unreadable cap book counts as full (${today})`);
});

for (const kind of BROWSERS) {
  test(`${kind}: saved proposal rules persist across a reload and change the proposals`, async (t) => {
    const { server, browser } = await setup(t, kind);
    const { expected } = serve(server, { layout: 'current', rows: 40, seed: 8 }, 'wasm');
    const page = await openSent(browser);
    await waitState(page, 'ready');
    await page.evaluate(() => {
      const r = [...document.body.children].find((e) => e.shadowRoot?.querySelector('[data-testid=sweeper-panel]')).shadowRoot;
      r.querySelector('[data-testid=setting-min-days-no-note]').value = '365';
      r.querySelector('[data-testid=setting-min-days-note]').value = '730';
      r.querySelector('[data-testid=sweeper-save-rules]').click();
    });
    const want = (rows) => rows.filter((e) => e.ageMinDays !== null && (e.hasNote ? e.ageMinDays >= 730 : e.ageMinDays >= 365)).map((e) => e.profile).sort();
    await until(async () => JSON.stringify((await panelRows(page)).filter((r) => r.selected).map((r) => r.profile).sort()) === JSON.stringify(want(expected)), 'proposals under the new rules');
    await page.reload();
    await waitState(page, 'ready');
    const values = await page.evaluate(() => {
      const r = [...document.body.children].find((e) => e.shadowRoot?.querySelector('[data-testid=sweeper-panel]')).shadowRoot;
      return [r.querySelector('[data-testid=setting-min-days-no-note]').value, r.querySelector('[data-testid=setting-min-days-note]').value];
    });
    assert.deepEqual(values, ['365', '730']);
    const selected = (await panelRows(page)).filter((r) => r.selected).map((r) => r.profile).sort();
    assert.deepEqual(selected, want(expected));
    assert.match(await text(page, 'sweeper-message'), /proposed|Nothing is stale/);
  });
}
