// Issue 7, adversarial suite, end to end: the built test extension (delays ÷100) against fixture
// pages that try to make it misbehave. Each test checks a non-negotiable from the page's side:
//   1. hostile page text (markup, script, RTL overrides, emoji, a 300+ character name, an empty
//      headline, a same-name pair) is shown as text, never runs, and the run still withdraws the
//      right profile for each same-named person;
//   2. rows re-rendered (new order, new hashed classes) or vanishing mid-run: rows are re-found by
//      profile, a vanished row is never clicked and never enters the ledger;
//   3. rows without a withdraw control are never proposed, selectable or clicked;
//   4. layout drift by mutation (tests/fixtures/mutate.mjs): each variant is either handled
//      (right pairs, right profiles) or refused with a reason, never a wrong click;
//   5. the extension makes no network request of its own during a scan + run.
//
//   node --test --test-concurrency=1 tests/e2e/adversarial.test.mjs     (E2E_BROWSERS=chromium)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  setup, serve, openSent, waitState, panelRows, press, pageClicks, withdrawnByPage,
  checkPairs, until, BROWSERS, SENT_PATH, SENT_URL,
  acting, describeClicks, selectOnly, download,
} from './helpers.mjs';
import { startServer } from './server.mjs';
import { launchChromium, launchFirefox, ROOT } from './browsers.mjs';
import { renderCurrent, HOSTILE_ROWS } from '../fixtures/render.mjs';
import { variants, renderVariant } from '../fixtures/mutate.mjs';

const END = ['capped', 'done', 'stopped', 'error', 'unsupported'];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function ready(page, timeout = 60000) {
  const st = await waitState(page, ['ready', 'error', 'unsupported', 'stopped'], timeout);
  assert.equal(st.state, 'ready', `the panel is ready after the scan (got ${JSON.stringify(st)})`);
  return st;
}





async function ledgerProfiles(browser, page) {
  const { body } = await download(browser, page, 'sweeper-export-json');
  return JSON.parse(body).map((e) => ({ ...e, profile: new URL(e.profile_url).pathname }));
}

/**
 * What the panel's shadow root holds: element counts by tag, elements that page text could have
 * smuggled in (img, script, iframe, object, embed, foreign svg, javascript: links, on* handlers),
 * and per row the texts shown.
 */
function panelAudit() {
  const root = [...document.body.children].find((e) => e.shadowRoot?.querySelector('[data-testid=sweeper-panel]'))?.shadowRoot;
  if (!root) return null;
  const tags = {};
  const suspicious = [];
  for (const el of root.querySelectorAll('*')) {
    const tag = el.localName;
    tags[tag] = (tags[tag] ?? 0) + 1;
    const where = el.closest('[data-testid]')?.getAttribute('data-testid') ?? '';
    if (['img', 'script', 'iframe', 'object', 'embed'].includes(tag)) suspicious.push(`<${tag}> in ${where}`);
    // The hostile strings carry <b>, <i>, <a href="javascript:…">: none may appear inside a row.
    if (['b', 'i', 'span', 'a'].includes(tag) && el.closest('[data-testid=sweeper-row]') && !el.matches('.name, .headline, .meta, .meta > span')) {
      suspicious.push(`<${tag} class="${el.getAttribute('class') ?? ''}"> in a row`);
    }
    // The panel's own SVG is the histogram; an <svg> anywhere else came from somewhere else.
    if (tag === 'svg' && !el.closest('[data-testid=sweeper-histogram]')) suspicious.push(`<svg> outside the histogram, in ${where}`);
    if ((tag === 'circle') && !el.closest('[data-testid=sweeper-histogram]')) suspicious.push(`<circle> in ${where}`);
    for (const a of el.attributes) {
      if (/^on/i.test(a.name)) suspicious.push(`${a.name} on <${tag}> in ${where}`);
      if (/^\s*javascript:/i.test(a.value)) suspicious.push(`${a.name}=${a.value} on <${tag}>`);
    }
  }
  const rows = [...root.querySelectorAll('[data-testid=sweeper-row]')].map((r) => ({
    profile: r.dataset.profile,
    name: r.querySelector('.name')?.textContent ?? null,
    nameHref: r.querySelector('.name')?.getAttribute('href') ?? null,
    headline: r.querySelector('.headline')?.textContent ?? null,
    note: r.querySelector('.note-text')?.textContent ?? null,
    elements: r.querySelectorAll('*').length,
  }));
  return { tags, suspicious, rows };
}

for (const kind of BROWSERS) {
  // -----------------------------------------------------------------------------------------------
  // 1. Hostile page text. Served WITHOUT a CSP, so markup the panel parsed would really run: the
  //    test fails if any panel text sink became innerHTML (window.__pwned set, elements counted).
  test(`${kind}: hostile names, headlines and notes are shown as text and never run; same-named people withdrawn by profile`, async (t) => {
    const { server, browser } = await setup(t, kind);
    const base = { layout: 'current', rows: 18, seed: 3 };
    // The control page: the same people (same profiles, ages, notes present) with benign text.
    serve(server, { ...base, hostile: 'control' }, 'none');
    let page = await openSent(browser);
    await ready(page);
    const control = await page.evaluate(panelAudit);
    await page.close();

    const { expected, proposalOrder } = serve(server, { ...base, hostile: true }, 'none');
    const hostile = expected.slice(0, HOSTILE_ROWS.length);
    assert.ok(hostile.every((e) => e.proposed), 'every hostile row is proposed by the default policy');
    assert.ok(hostile.some((e) => e.name.length > 300), 'a 300+ character name');
    assert.ok(hostile.some((e) => e.headline === ''), 'an empty headline');
    const twins = hostile.filter((e) => hostile.filter((x) => x.name === e.name).length === 2);
    assert.equal(twins.length, 2, 'two different people with the same display name');
    assert.notEqual(twins[0].profile, twins[1].profile);
    page = await openSent(browser);
    await ready(page);
    const audit = await page.evaluate(panelAudit);

    // Listed, with their text shown literally.
    const byProfile = new Map(audit.rows.map((r) => [r.profile, r]));
    assert.equal(audit.rows.length, expected.length, 'every row listed');
    for (const e of hostile) {
      const r = byProfile.get(e.profile);
      assert.ok(r, `${e.profile} listed`);
      assert.equal(r.name, e.name, `${e.profile}: the name is shown literally`);
      assert.equal(r.headline, e.headline === '' ? null : e.headline, `${e.profile}: the headline is shown literally (none when empty)`);
      assert.equal(r.note, e.note, `${e.profile}: the note is kept literally`);
      assert.equal(r.nameHref, `https://www.linkedin.com${e.profile}`, `${e.profile}: the name links to the profile`);
      const twin = control.rows.find((c) => c.profile === e.profile);
      assert.equal(r.elements, twin.elements, `${e.profile}: as many elements as the benign twin row`);
    }
    assert.deepEqual(audit.suspicious, [], 'nothing from page text became an element or a handler');
    assert.deepEqual(audit.tags, control.tags, 'element counts by tag equal those of the benign page');
    assert.equal(await page.evaluate(() => window.__pwned ?? null), null, 'window.__pwned unset (page main world)');

    // A run over the hostile proposals only.
    const chosen = proposalOrder.filter((p) => hostile.some((e) => e.profile === p));
    assert.equal(chosen.length, HOSTILE_ROWS.length);
    await selectOnly(page, chosen);
    await press(page, 'sweeper-start');
    const st = await waitState(page, END, 60000);
    await sleep(800);
    const clicks = await pageClicks(page);
    assert.equal(st.state, 'done', `the run ends done (got ${JSON.stringify(st)}):\n${describeClicks(acting(clicks))}`);
    assert.equal(checkPairs(clicks), chosen.length, `withdraw→confirm pairs only:\n${describeClicks(acting(clicks))}`);
    assert.deepEqual(await withdrawnByPage(page), chosen, 'exactly the selected profiles, in proposal order');
    for (const twin of twins) {
      const w = clicks.filter((c) => c.kind === 'withdraw' && c.profile === twin.profile);
      assert.equal(w.length, 1, `${twin.profile} (one of the same-named pair) clicked once`);
    }
    for (const c of clicks.filter((x) => x.kind === 'confirm')) {
      const e = expected.find((x) => x.profile === c.profile);
      assert.equal(c.dialogName, e.name, `the confirmed dialog named ${c.profile}'s person`);
    }
    const after = await page.evaluate(panelAudit);
    assert.deepEqual(after.suspicious, [], 'after the run: nothing from page text became an element');
    assert.equal(await page.evaluate(() => window.__pwned ?? null), null, 'window.__pwned unset after the run (main world)');
    if (kind === 'chromium') {
      // Every JavaScript world of the tab: the page's, the extension's isolated world, Playwright's.
      const cdp = await browser.context.newCDPSession(page);
      const contexts = [];
      cdp.on('Runtime.executionContextCreated', (e) => contexts.push(e.context));
      await cdp.send('Runtime.enable');
      await until(() => contexts.length >= 2, 'execution contexts', 5000);
      const worlds = [];
      for (const c of contexts) {
        const { result } = await cdp.send('Runtime.evaluate', { contextId: c.id, expression: 'String(window.__pwned)', returnByValue: true });
        worlds.push(`${c.name || c.auxData?.type || 'main'}=${result.value}`);
        assert.equal(result.value, 'undefined', `window.__pwned unset in world "${c.name || 'main'}" (${c.origin})`);
      }
      t.diagnostic(`worlds checked: ${worlds.join(', ')}`);
      await cdp.detach();
    }
    const ledger = await ledgerProfiles(browser, page);
    assert.deepEqual(ledger.map((e) => e.profile).sort(), [...chosen].sort(), 'the ledger lists exactly the withdrawn profiles');
    for (const e of ledger) {
      const x = expected.find((y) => y.profile === e.profile);
      assert.equal(e.name, x.name, `ledger name of ${e.profile} kept literally`);
    }
    t.diagnostic(`hostile rows: ${hostile.length}; panel elements by tag equal to the benign twin page; ${chosen.length} withdrawn`);
  });

  // -----------------------------------------------------------------------------------------------
  // 2. The list re-renders mid-run (new order, new hashed classes, old nodes detached) or a row
  //    vanishes (accepted on the other side): rows are re-found by profile, never by position.
  test(`${kind}: the list re-rendered mid-run: every row re-found by profile, pairs match`, async (t) => {
    const { server, browser } = await setup(t, kind);
    const { proposalOrder } = serve(server, { layout: 'current', rows: 20, seed: 1, fail: [{ at: 2, kind: 'rerender' }] });
    const page = await openSent(browser);
    await ready(page);
    await press(page, 'sweeper-start');
    const st = await waitState(page, END, 60000);
    await sleep(800);
    const clicks = await pageClicks(page);
    const events = await page.evaluate(() => window.__fixture.events.filter((e) => e.type === 'rerender').length);
    assert.equal(events, 1, 'the page re-rendered once');
    assert.equal(st.state, 'done', `done (got ${JSON.stringify(st)}):\n${describeClicks(acting(clicks))}`);
    assert.equal(checkPairs(clicks), proposalOrder.length, `withdraw→confirm pairs only:\n${describeClicks(acting(clicks))}`);
    assert.deepEqual(await withdrawnByPage(page), proposalOrder, 'every proposal withdrawn, in order');
    for (const c of clicks.filter((x) => x.kind === 'withdraw')) assert.equal(c.dialogOpened, true, `the click on ${c.profile} reached a live control`);
    const ledger = await ledgerProfiles(browser, page);
    assert.deepEqual(ledger.map((e) => e.profile).sort(), [...proposalOrder].sort(), 'the ledger lists each withdrawal');
  });

  test(`${kind}: a row vanishing mid-run is never clicked and never enters the ledger`, async (t) => {
    const { server, browser } = await setup(t, kind);
    const { proposalOrder } = serve(server, { layout: 'current', rows: 20, seed: 2, fail: [{ at: 2, kind: 'vanish' }] });
    const vanished = proposalOrder[2];
    const page = await openSent(browser);
    await ready(page);
    await press(page, 'sweeper-start');
    const st = await waitState(page, END, 60000);
    await sleep(800);
    const clicks = await pageClicks(page);
    const log = describeClicks(acting(clicks));
    assert.deepEqual(await page.evaluate(() => window.__fixture.removed), [vanished], 'the 3rd proposal vanished at the 2nd withdraw click');
    assert.ok(!clicks.some((c) => c.profile === vanished), `nothing clicked for the vanished row:\n${log}`);
    const pairs = checkPairs(clicks);
    const withdrawn = await withdrawnByPage(page);
    const rest = proposalOrder.filter((p) => p !== vanished);
    assert.equal(pairs, withdrawn.length, `withdraw→confirm pairs only:\n${log}`);
    // Safe either way; a run that goes on withdraws every other proposal.
    if (st.state === 'done') assert.deepEqual(withdrawn, rest, 'every other proposal withdrawn, in order');
    else {
      assert.equal(st.state, 'stopped', `done or stopped with a reason (got ${JSON.stringify(st)})`);
      assert.ok(st.reason, 'a reason');
      assert.deepEqual(withdrawn, rest.slice(0, withdrawn.length), 'a prefix of the other proposals');
    }
    t.diagnostic(`vanish: run ended ${st.state}${st.reason ? `/${st.reason}` : ''} after ${withdrawn.length} of ${rest.length}; message: ${st.message}`);
    const ledger = await ledgerProfiles(browser, page);
    assert.ok(!ledger.some((e) => e.profile === vanished), 'the vanished row is not in the ledger');
    assert.deepEqual(ledger.map((e) => e.profile).sort(), [...withdrawn].sort(), 'the ledger lists exactly the withdrawals');
    const markedWithdrawn = await page.evaluate((p) => [...document.body.children].find((e) => e.shadowRoot?.querySelector('[data-testid=sweeper-panel]')).shadowRoot
      .querySelector(`[data-testid=sweeper-row][data-profile="${p}"]`)?.dataset.withdrawn === 'true', vanished);
    assert.equal(markedWithdrawn, false, 'the panel does not mark the vanished row withdrawn');
  });

  // -----------------------------------------------------------------------------------------------
  // 3. Rows without a withdraw control: listed, never proposed, not selectable, never clicked.
  test(`${kind}: rows without a withdraw control are never proposed, selected or clicked`, async (t) => {
    const { server, browser } = await setup(t, kind);
    const layouts = kind === 'chromium' ? ['current', 'legacy'] : ['current'];
    for (const layout of layouts) {
      // other people on each page: the ledger would (rightly) skip anyone already withdrawn
      const seed = layout === 'current' ? 8 : 9;
      const plain = renderCurrent({ rows: 20, seed });
      const old = plain.expected.map((e, i) => [e, i]).filter(([e]) => e.proposed).map(([, i]) => i);
      const young = plain.expected.findIndex((e) => !e.proposed);
      const noWithdraw = [old[0], old[2], old[old.length - 1], young];
      const { expected, proposalOrder, noWithdraw: bare } = serve(server, { layout, rows: 20, seed, noWithdraw });
      assert.equal(bare.length, 4);
      assert.equal(proposalOrder.length, plain.proposalOrder.length - 3, `${layout}: three would-be proposals lack the control`);
      const page = await openSent(browser);
      await ready(page);
      const rows = await panelRows(page);
      assert.equal(rows.length, expected.length, `${layout}: every row is listed`);
      for (const p of bare) {
        const r = rows.find((x) => x.profile === p);
        assert.ok(r, `${layout}: ${p} listed`);
        assert.equal(r.selected, false, `${layout}: ${p} (no control) not proposed`);
      }
      assert.deepEqual(rows.filter((r) => r.selected).map((r) => r.profile).sort(), [...proposalOrder].sort(), `${layout}: the proposals are the rows with a control`);
      // A person's click on those checkboxes selects nothing.
      const disabled = await page.evaluate((ps) => {
        const root = [...document.body.children].find((e) => e.shadowRoot?.querySelector('[data-testid=sweeper-panel]')).shadowRoot;
        return ps.map((p) => {
          const cb = root.querySelector(`[data-testid=sweeper-row][data-profile="${p}"] [data-testid=sweeper-select]`);
          cb.click();
          return cb.disabled;
        });
      }, bare);
      assert.deepEqual(disabled, bare.map(() => true), `${layout}: their checkboxes are disabled`);
      await sleep(200);
      assert.ok((await panelRows(page)).filter((r) => bare.includes(r.profile)).every((r) => !r.selected), `${layout}: still not selected after clicking`);
      await press(page, 'sweeper-start');
      const st = await waitState(page, END, 60000);
      await sleep(600);
      const clicks = await pageClicks(page);
      assert.equal(st.state, 'done', `${layout}: done (got ${JSON.stringify(st)})`);
      assert.ok(!clicks.some((c) => bare.includes(c.profile)), `${layout}: nothing clicked on a row without a control:\n${describeClicks(acting(clicks))}`);
      assert.equal(checkPairs(clicks.filter((c) => !['next-page', 'prev-page', 'page'].includes(c.control))), proposalOrder.length, `${layout}: pairs only`);
      assert.deepEqual(await withdrawnByPage(page), proposalOrder, `${layout}: exactly the proposals with a control, in order`);
      await page.close();
    }
  });
}

// -------------------------------------------------------------------------------------------------
// 4. Layout drift by mutation: ~20 seeded variants in Chromium, a handful in Firefox. Each variant
//    runs a short run (the first two proposals). It must EITHER work (pairs right, right profiles)
//    OR refuse/stop with a reason, with no click after the refusal — never a wrong click.
// Firefox runs a handful of the same variants: both shadow-root dialogs (the fixture's and one
// behind an extra wrapper), the bare dialog, an anchor control with every wrapper.
const MUTATION_RUNS = {
  chromium: { count: 20, seed: 7, perBrowser: 10 },
  firefox: { count: 20, seed: 7, perBrowser: 5, only: ['v00', 'v03', 'v07', 'v10', 'v12'] },
};

async function launch(kind) {
  const server = await startServer({ proxy: kind === 'firefox' });
  const extDir = `${ROOT}/dist/test/${kind === 'firefox' ? 'firefox' : 'chrome'}`;
  const browser = kind === 'firefox'
    ? await launchFirefox({ extDir, proxyPort: server.proxyPort })
    : await launchChromium({ extDir, port: server.port });
  return { server, browser, close: async () => { await browser.close(); await server.close(); } };
}

/** One variant: returns { outcome: 'handled' | 'refused', ... } or throws on a discipline breach. */
async function runVariant(server, browser, spec) {
  const fixture = renderVariant({ rows: 14, batch: 10, seed: spec.seed }, spec);
  server.setPage(SENT_PATH, { html: fixture.html, csp: 'wasm' });
  const page = await openSent(browser);
  try {
    const names = new Map(fixture.expected.map((e) => [e.profile, e.name]));
    const scan = await waitState(page, ['ready', 'unsupported', 'stopped', 'error'], 30000);
    if (scan.state !== 'ready') {
      await sleep(300);
      const act = acting(await pageClicks(page));
      assert.deepEqual(act, [], `${spec.id}: refused at scan (${scan.state}/${scan.reason}) and clicked nothing`);
      assert.ok(scan.reason, `${spec.id}: a refusal names its reason`);
      return { outcome: 'refused', at: 'scan', state: scan.state, reason: scan.reason, withdrawn: 0 };
    }
    const rows = await panelRows(page);
    for (const r of rows) assert.ok(names.has(r.profile), `${spec.id}: the panel lists only real rows (${r.profile})`);
    const proposed = new Set(fixture.proposalOrder);
    for (const r of rows.filter((x) => x.selected)) assert.ok(proposed.has(r.profile), `${spec.id}: ${r.profile} preselected but not a proposal`);
    const listed = new Set(rows.map((r) => r.profile));
    const targets = fixture.proposalOrder.filter((p) => listed.has(p)).slice(0, 2);
    assert.equal(targets.length, 2, `${spec.id}: two proposals listed (panel has ${rows.length} of ${fixture.expected.length} rows)`);
    await selectOnly(page, targets);
    await press(page, 'sweeper-start');
    const st = await waitState(page, END, 30000);
    await sleep(400);
    const first = acting(await pageClicks(page));
    await sleep(800);
    const clicks = await pageClicks(page);
    const act = acting(clicks);
    const log = describeClicks(act);
    assert.equal(act.length, first.length, `${spec.id}: no click after the run ended (${st.state}):\n${log}`);
    for (const c of act) {
      assert.ok(['withdraw', 'confirm'].includes(c.kind), `${spec.id}: only withdraw/confirm clicks:\n${log}`);
      assert.ok(targets.includes(c.profile), `${spec.id}: click on a chosen row only (${c.profile}):\n${log}`);
      if (c.kind === 'confirm') assert.ok(c.dialogName === null || c.dialogName === names.get(c.profile), `${spec.id}: confirmed a dialog naming the row's person:\n${log}`);
    }
    const pairs = checkPairs(clicks, { allowTrailingWithdraw: st.state !== 'done' });
    const withdrawn = await withdrawnByPage(page);
    assert.deepEqual(withdrawn, targets.slice(0, pairs), `${spec.id}: withdrawn = the paired targets, in order`);
    if (st.state === 'done') {
      assert.equal(pairs, 2, `${spec.id}: done after both targets:\n${log}`);
      return { outcome: 'handled', withdrawn: 2 };
    }
    assert.ok(['stopped', 'error', 'unsupported'].includes(st.state) && st.reason, `${spec.id}: ended ${JSON.stringify(st)}`);
    const trailing = act.length && act[act.length - 1].kind === 'withdraw';
    return { outcome: 'refused', at: 'run', state: st.state, reason: st.reason, withdrawn: pairs, trailingWithdraw: !!trailing, message: st.message };
  } finally {
    await page.close().catch(() => {});
  }
}

for (const kind of BROWSERS) {
  const cfg = MUTATION_RUNS[kind];
  if (!cfg) continue;
  test(`${kind}: layout drift by mutation: ${cfg.only?.length ?? cfg.count} variants, each handled or refused, never a wrong click`, async (t) => {
    const specs = variants(cfg.count, cfg.seed).filter((v) => !cfg.only || cfg.only.includes(v.id));
    const results = [];
    // A fresh browser per group keeps today's count under the cap (2 withdrawals a variant).
    for (let g = 0; g < specs.length; g += cfg.perBrowser) {
      const env = await launch(kind);
      try {
        for (const spec of specs.slice(g, g + cfg.perBrowser)) {
          const r = await runVariant(env.server, env.browser, spec);
          results.push({ spec, ...r });
          t.diagnostic(`${spec.id} ${r.outcome}${r.reason ? ` (${r.at}: ${r.state}/${r.reason}, ${r.withdrawn} withdrawn${r.trailingWithdraw ? ', last withdraw without confirm' : ''})` : ''}: ${spec.describe}`);
        }
      } finally {
        await env.close();
      }
    }
    const handled = results.filter((r) => r.outcome === 'handled').length;
    t.diagnostic(`${kind}: ${handled} handled, ${results.length - handled} refused of ${results.length} variants`);
    assert.equal(results.length, specs.length);
  });
}

// -------------------------------------------------------------------------------------------------
// 5. No network requests of the extension's own during a scan + run.
for (const kind of BROWSERS) {
  test(`${kind}: a scan and a run make no network request besides the page itself`, async (t) => {
    const { server, browser } = await setup(t, kind);
    const seen = [];
    if (kind === 'chromium') {
      // Pages, their frames, extension pages and the extension's service worker.
      browser.context.on('request', (r) => seen.push({
        url: r.url(), type: r.resourceType(), method: r.method(), worker: !!r.serviceWorker(),
      }));
    }
    const { proposalOrder } = serve(server, { layout: 'current', rows: 30, seed: 5 });
    server.clearRequests();
    const page = await openSent(browser);
    await ready(page);
    await press(page, 'sweeper-scan');
    await sleep(200);
    await ready(page);
    await press(page, 'sweeper-start');
    const st = await waitState(page, END, 60000);
    assert.equal(st.state, 'done', `done (got ${JSON.stringify(st)})`);
    assert.deepEqual(await withdrawnByPage(page), proposalOrder);
    await sleep(1000);

    // The fixture server saw only the page and its favicon.
    const direct = server.requests.filter((r) => !r.viaProxy);
    const odd = direct.filter((r) => !(r.method === 'GET' && (r.path === SENT_PATH || r.path === '/favicon.ico')));
    assert.deepEqual(odd.map((r) => `${r.method} ${r.url}`), [], 'www.linkedin.com received only the page and its favicon');
    assert.equal(direct.filter((r) => r.path === SENT_PATH).length, 1, 'the page was fetched once (the rescan does not reload it)');

    if (kind === 'chromium') {
      // The extension's files: at its id (the worker, the popup) or, for the content script, at
      // the per-session dynamic id Chrome gives web-accessible files with use_dynamic_url.
      const ownId = new RegExp(`^chrome-extension://(${browser.extensionId}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/`);
      const pageUrls = new Set([SENT_URL, 'https://www.linkedin.com/favicon.ico']);
      const foreign = seen.filter((r) => !pageUrls.has(r.url) && !ownId.test(r.url) && !r.url.startsWith('data:'));
      assert.deepEqual(foreign, [], 'no request other than the page and the extension\'s own files');
      const ownFiles = seen.filter((r) => ownId.test(r.url));
      assert.ok(ownFiles.every((r) => r.method === 'GET'), 'own files are only read');
      const summary = [...new Set(seen.map((r) => `${r.worker ? 'worker ' : ''}${r.type} ${r.url.replace(ownId, 'ext:/')}`))];
      t.diagnostic(`chromium requests (${seen.length}): ${summary.join(' | ')}`);
    } else {
      // Firefox tunnels https://www.linkedin.com through the fixture proxy; every other host the
      // browser asks for is refused and recorded there. Firefox's own remote-settings traffic
      // (mozilla.com hosts) is the browser's, not the extension's (no host permission for it).
      const proxied = server.requests.filter((r) => r.viaProxy);
      const hosts = [...new Set(proxied.map((r) => r.url))];
      const notBrowser = proxied.filter((r) => !/^(?:https?:\/\/)?[a-z0-9.-]*\.(mozilla\.(com|net|org)|firefox\.com|mozaws\.net)(:\d+)?(\/|$)/i.test(r.url));
      assert.deepEqual(notBrowser.map((r) => `${r.method} ${r.url}`), [], 'no request to any other host');
      t.diagnostic(`firefox: www.linkedin.com saw ${direct.map((r) => `${r.method} ${r.path}`).join(', ')}; refused at the proxy (browser's own): ${hosts.join(', ') || 'none'}`);
    }
  });
}
