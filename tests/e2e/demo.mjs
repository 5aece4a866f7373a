// ./build.sh demo — the main job without a LinkedIn account: the shipped extension (dist/chrome,
// real pacing) on a bundled sample sent-invitations page served at the real URL by a local HTTPS
// server, in headless Chromium. Prints what the extension found, withdraws a few invitations as a
// person would (select, Start), and saves screenshots: dist/demo.png (the run in progress) and
// dist/demo-done.png. The shipped panel's shadow root is closed (the page cannot reach it), so
// the demo drives it through the DevTools protocol (closed-root.mjs).
import { startServer } from './server.mjs';
import { renderCurrent } from '../fixtures/render.mjs';
import { launchChromium, until, ROOT, SENT_URL } from './browsers.mjs';
import { closedPanel } from './closed-root.mjs';

const DEMO_WITHDRAWALS = Number(process.env.DEMO_WITHDRAWALS ?? 3);
let shipped = null;

function panel(page, op, arg) {
  return shipped.run((root, [o, a]) => {
    if (!root) return null;
    const p = root.querySelector('[data-testid=sweeper-panel]');
    if (o === 'state') return { state: p.dataset.state, reason: p.dataset.reason ?? null, message: root.querySelector('[data-testid=sweeper-message]').textContent };
    if (o === 'rows') return [...root.querySelectorAll('[data-testid=sweeper-row]')].map((r) => ({ profile: r.dataset.profile, age: r.dataset.ageMinDays, note: r.dataset.hasNote, selected: r.dataset.selected, name: r.querySelector('.name').textContent }));
    if (o === 'keep-first') {
      // Keep only the first `a` proposals selected, as a person trying it out would.
      const boxes = [...root.querySelectorAll('[data-testid=sweeper-row][data-selected=true] [data-testid=sweeper-select]')];
      boxes.slice(a).forEach((b) => b.click());
      return boxes.length;
    }
    if (o === 'press') { root.querySelector(`[data-testid=${a}]`).click(); return true; }
    if (o === 'progress') { const b = root.querySelector('[data-testid=sweeper-progress]'); return { now: Number(b.getAttribute('aria-valuenow')), max: Number(b.getAttribute('aria-valuemax')), line: root.querySelector('.progress-text').textContent }; }
    if (o === 'today') { const t = root.querySelector('[data-testid=sweeper-today]'); return t.textContent; }
    if (o === 'core') return p.dataset.core ?? null;
    if (o === 'rect') { const r = p.getBoundingClientRect(); return { x: r.x, y: r.y, width: r.width, height: r.height }; }
    return null;
  }, [op, arg]);
}

const server = await startServer();
const sample = renderCurrent({ rows: 60, seed: 2026 });
server.setPage('/mynetwork/invitation-manager/sent/', { html: sample.html, csp: 'strict' });
const browser = await launchChromium({ extDir: `${ROOT}/dist/chrome`, port: server.port });
try {
  const page = await browser.newPage();
  await page.goto(SENT_URL);
  shipped = await closedPanel(browser, page);
  const core = await until(() => panel(page, 'core'), 'the core to load', 30000);
  const ready = await until(async () => { const s = await panel(page, 'state'); return s?.state === 'ready' ? s : null; }, 'the panel to be ready', 120000);
  const rows = await panel(page, 'rows');
  const proposed = rows.filter((r) => r.selected === 'true');
  console.log(`core loaded: ${core} (the sample page's CSP has no 'wasm-unsafe-eval', so Chromium needs the JS build)`);
  console.log(`rows found: ${rows.length} pending (the page lists ${sample.expected.length}); ${rows.filter((r) => r.age === '').length} with an unreadable age`);
  console.log(`proposed: ${proposed.length} — oldest first:`);
  for (const r of proposed.slice(0, 5)) console.log(`  ${r.name.padEnd(24)} ${r.age} days${r.note === 'true' ? ', with a note' : ''}`);
  console.log(`panel: ${ready.message}`);

  await panel(page, 'keep-first', DEMO_WITHDRAWALS);
  console.log(`demo run: withdrawing the ${DEMO_WITHDRAWALS} oldest, at the shipped pace (a few seconds each)…`);
  await panel(page, 'press', 'sweeper-start');
  await until(async () => (await panel(page, 'progress')).now >= Math.min(2, DEMO_WITHDRAWALS), 'two withdrawals', 180000, 250);
  await page.screenshot({ path: `${ROOT}/dist/demo.png` });
  const end = await until(async () => { const s = await panel(page, 'state'); return ['done', 'stopped', 'capped'].includes(s.state) ? s : null; }, 'the run to end', 180000, 250);
  await new Promise((r) => setTimeout(r, 1500));
  await page.screenshot({ path: `${ROOT}/dist/demo-done.png` });
  const clicks = await page.evaluate(() => window.__fixture.clicks.filter((c) => !c.insideExtension));
  console.log(`run ended: ${end.state}${end.reason ? ` (${end.reason})` : ''} — ${end.message}`);
  console.log(`page clicks: ${clicks.map((c) => `${c.kind} ${c.profile ?? ''}`.trim()).join(', ')}`);
  console.log(`${await panel(page, 'today')}`);
  // The panel's insights (histogram, gauge, resolved, re-invite), in light and dark mode.
  const clip = await panel(page, 'rect');
  for (const scheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: scheme });
    await new Promise((r) => setTimeout(r, 300));
    await page.screenshot({ path: `${ROOT}/dist/demo-insights-${scheme}.png`, clip });
  }
  await page.emulateMedia({ colorScheme: 'light' });

  // The toolbar popup for the same tab (opened as a page: headless browsers have no toolbar).
  const popup = await browser.newPage();
  await popup.setViewportSize({ width: 360, height: 640 });
  await popup.goto(browser.popupUrl);
  await until(() => popup.evaluate(() => document.querySelector('[data-testid=popup-state]')?.dataset.state === 'done'), 'the popup to show the tab', 15000);
  await popup.evaluate(() => { document.querySelector('[data-testid=popup-settings]').open = true; });
  await popup.screenshot({ path: `${ROOT}/dist/demo-popup.png`, fullPage: true });
  console.log(`screenshots: dist/demo.png (in progress), dist/demo-done.png, dist/demo-insights-{light,dark}.png, dist/demo-popup.png`);
  if (end.state !== 'done') process.exitCode = 1;
} finally {
  await browser.close();
  await server.close();
}
await (await import('../../store/shoot.mjs')).shootStoreAssets(); // the store listing's screenshots (1280×800, test build)
