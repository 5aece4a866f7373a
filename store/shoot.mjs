// Store listing screenshots at 1280×800, the size both stores take: in English the panel, a run,
// the insights (light and dark) and the toolbar popup; in every UI language the panel's main
// view (Chromium's --lang picks the extension's locale). Written to store/screenshots/<locale>/.
//
// Uses the TEST build (dist/test/chrome): it looks the same as the shipped one and its delays are
// divided by 100, so a run takes seconds. Drives the panel only through the testing contract's
// data-testid hooks, and finds it by them: the panel lives in a shadow root on a host element that
// has no id (the shipped build's root is closed; the test build's is open, which is what lets
// this read it).
//
// Called at the end of tests/e2e/demo.mjs (`./build.sh demo`); also runs on its own after a
// build: node store/shoot.mjs
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startServer } from '../tests/e2e/server.mjs';
import { renderCurrent } from '../tests/fixtures/render.mjs';
import { launchChromium, until, ROOT, SENT_URL } from '../tests/e2e/browsers.mjs';

const SIZE = { width: 1280, height: 800 };
// Each UI locale, with the language Chromium is started in and the sample page's language (the
// sample page exists in English and French).
const LOCALES = [
  ['en', 'en-US', 'en'], ['fr', 'fr', 'fr'], ['de', 'de', 'en'], ['it', 'it', 'en'],
  ['nl', 'nl', 'en'], ['es', 'es', 'en'], ['pt_BR', 'pt-BR', 'en'],
];
const SAMPLE = { rows: 60, seed: 2026 };
const RUN_LENGTH = 15; // long enough that a screenshot lands while the run is going

// One self-contained function evaluated in the page (the sample page's CSP forbids code from
// strings). The panel: the shadow root that holds [data-testid="sweeper-panel"], wherever its
// host is; #invite-sweeper-root is where it lived before its host lost the id.
function panelOp([op, arg]) {
  const hasPanel = (el) => el.shadowRoot?.querySelector('[data-testid="sweeper-panel"]');
  const host = [...document.querySelectorAll('*')].find(hasPanel) ?? document.getElementById('invite-sweeper-root');
  const root = host?.shadowRoot;
  if (!root) return null;
  const q = (id) => root.querySelector(`[data-testid="${id}"]`);
  const panel = q('sweeper-panel');
  switch (op) {
    case 'state':
      return panel ? { state: panel.dataset.state, message: q('sweeper-message')?.textContent ?? '' } : null;
    case 'progress': {
      const bar = q('sweeper-progress');
      return { now: Number(bar?.getAttribute('aria-valuenow') ?? 0), max: Number(bar?.getAttribute('aria-valuemax') ?? 0) };
    }
    case 'keep-first': {
      // Keep only the first `arg` proposals selected, as a person would by unticking the rest.
      const boxes = [...root.querySelectorAll('[data-testid="sweeper-row"][data-selected="true"] [data-testid="sweeper-select"]')];
      boxes.slice(arg).forEach((b) => b.click());
      return Math.min(arg, boxes.length);
    }
    case 'press': {
      const b = q(arg);
      if (!b || b.disabled) return false;
      b.click();
      return true;
    }
    case 'show': {
      // Scrolls the panel so the hook's element is in view (the panel scrolls inside itself).
      const el = arg === 'sweeper-row' ? root.querySelector('[data-testid="sweeper-row"]') : q(arg);
      el?.scrollIntoView({ block: arg === 'sweeper-row' ? 'center' : 'start' });
      return !!el;
    }
    case 'insights': {
      // Opens (arg true) or closes the insights by their summary, as a person would.
      const d = q('sweeper-insights');
      if (d && d.open !== arg) d.querySelector('summary')?.click();
      return d?.open === arg;
    }
    case 'top':
      panel?.querySelectorAll('*').forEach((el) => { if (el.scrollTop) el.scrollTop = 0; });
      return true;
    default:
      throw new Error(`unknown panel op ${op}`);
  }
}
const inPanel = (page, op, arg = null) => page.evaluate(panelOp, [op, arg]);

async function waitState(page, states, timeout = 60000) {
  return until(async () => {
    const s = await inPanel(page, 'state');
    return s && states.includes(s.state) ? s : null;
  }, `the panel to be ${states.join('|')}`, timeout, 100);
}

async function press(page, testid) {
  if (!(await inPanel(page, 'press', testid))) throw new Error(`panel control ${testid} is missing or disabled`);
}

const settle = (ms = 400) => new Promise((r) => setTimeout(r, ms));

/** Opens the sample page in a Chromium started in `lang`; resolves when the panel is ready. */
async function openSample(server, lang) {
  const browser = await launchChromium({ extDir: `${ROOT}/dist/test/chrome`, port: server.port, lang });
  const page = await browser.newPage();
  await page.setViewportSize(SIZE);
  await page.goto(SENT_URL);
  await waitState(page, ['ready'], 120000);
  return { browser, page };
}

/** Puts a popup screenshot over the page's, at the top right where a toolbar popup opens. */
async function popupOverPage(browser, pageShot, popupShot, out) {
  const page = await browser.newPage();
  await page.setViewportSize(SIZE);
  const img = (png) => `data:image/png;base64,${png.toString('base64')}`;
  await page.setContent(`<html><body style="margin:0;width:1280px;height:800px;overflow:hidden;position:relative">
    <img src="${img(pageShot)}" style="position:absolute;inset:0">
    <div style="position:absolute;inset:0;background:rgba(20,24,28,.25)"></div>
    <img src="${img(popupShot)}" style="position:absolute;top:12px;right:24px;border-radius:8px;
      box-shadow:0 12px 36px rgba(0,0,0,.35);border:1px solid #c9d1d8"></body></html>`);
  await page.screenshot({ path: out });
  await page.close();
}

export async function shootStoreAssets({ outDir = `${ROOT}/store/screenshots` } = {}) {
  const server = await startServer();
  const written = [];
  const shot = async (page, locale, name) => {
    mkdirSync(`${outDir}/${locale}`, { recursive: true });
    const path = `${outDir}/${locale}/${name}.png`;
    await page.screenshot({ path });
    written.push(`${locale}/${name}.png`);
  };
  try {
    for (const [locale, lang, pageLang] of LOCALES) {
      server.setPage('/mynetwork/invitation-manager/sent/', { html: renderCurrent({ ...SAMPLE, lang: pageLang }).html, csp: 'strict' });
      const { browser, page } = await openSample(server, lang);
      try {
        // The main view: the status, the run controls and the proposals, preselected (the
        // insights folded away; they have their own screenshot).
        await until(() => inPanel(page, 'insights', false), 'the insights to fold', 5000);
        await settle();
        await shot(page, locale, '1-panel');
        if (locale !== 'en') continue;

        // The insights, light and dark, before the run: the histogram still holds the old rows
        // the run will withdraw, dashed as proposed.
        await until(() => inPanel(page, 'insights', true), 'the insights to open', 5000);
        await inPanel(page, 'show', 'sweeper-insights');
        await settle();
        await shot(page, locale, '3-insights');
        await page.emulateMedia({ colorScheme: 'dark' });
        await settle();
        await shot(page, locale, '5-insights-dark');
        await page.emulateMedia({ colorScheme: 'light' });

        // A run in progress.
        await inPanel(page, 'top');
        await inPanel(page, 'keep-first', RUN_LENGTH);
        await press(page, 'sweeper-start');
        await until(async () => (await inPanel(page, 'progress')).now >= 3, 'three withdrawals', 60000, 50);
        await shot(page, locale, '2-run');
        const during = await inPanel(page, 'state');
        if (during.state !== 'running') throw new Error(`the run screenshot came too late: the panel is ${during.state}`);
        await waitState(page, ['done'], 120000);
        await settle(800);
        await inPanel(page, 'top');
        await settle();
        const pageShot = await page.screenshot();

        // The toolbar popup for this tab, over the page it belongs to (headless Chromium has no
        // toolbar, so the popup is opened as a page of its own and placed where it would drop).
        const popup = await browser.newPage();
        await popup.setViewportSize({ width: 360, height: 600 });
        await popup.goto(browser.popupUrl);
        await until(() => popup.evaluate(() => document.querySelector('[data-testid=popup-state]')?.dataset.state === 'done'),
          'the popup to show the tab', 15000);
        await settle();
        // As tall as its content, like the real popup (the page is as tall as the viewport).
        const height = await popup.evaluate(() => Math.ceil(document.querySelector('[data-testid=popup]').getBoundingClientRect().bottom) + 12);
        await popup.setViewportSize({ width: 360, height: Math.min(height, 760) });
        const popupShot = await popup.screenshot();
        await popup.close();
        mkdirSync(`${outDir}/${locale}`, { recursive: true });
        await popupOverPage(browser, pageShot, popupShot, `${outDir}/${locale}/4-popup.png`);
        written.push(`${locale}/4-popup.png`);
      } finally {
        await browser.close();
      }
    }
  } finally {
    await server.close();
  }
  console.log(`store screenshots (1280×800, test build): ${written.join(', ')} in store/screenshots/`);
  return written;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await shootStoreAssets();
