// Shared steps of the end-to-end tests: a fixture server, a browser with the test build of the
// extension, and the panel driven only through the testing contract's hooks (data-testid), the
// way a person would. Works the same in Chromium (playwright-core) and Firefox (puppeteer-core).
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from './server.mjs';
import { renderPage } from '../fixtures/render.mjs';
import { launchChromium, launchFirefox, until, ROOT, SENT_URL } from './browsers.mjs';

export { until, ROOT, SENT_URL };
export const SENT_PATH = '/mynetwork/invitation-manager/sent/';
export const BROWSERS = (process.env.E2E_BROWSERS ?? 'chromium,firefox').split(',');

/** Starts a server and a browser with `dist/test/<browser>`; `t.after` closes both. */
export async function setup(t, kind, { build = 'test', profileDir } = {}) {
  const server = await startServer({ proxy: kind === 'firefox' });
  const extDir = `${ROOT}/dist/${build === 'test' ? 'test/' : ''}${kind === 'firefox' ? 'firefox' : 'chrome'}`;
  const browser = kind === 'firefox'
    ? await launchFirefox({ extDir, proxyPort: server.proxyPort, profileDir })
    : await launchChromium({ extDir, port: server.port, userDataDir: profileDir });
  t.after(async () => {
    await browser.close();
    await server.close();
  });
  return { server, browser, extDir };
}

/** Serves the captured 2026 page (tests/fixtures/captured.mjs) at every path it routes itself. */
export function serveCaptured(server, opts, csp = 'strict') {
  const f = renderPage({ layout: 'captured', ...opts });
  for (const path of f.paths) server.setPage(path, { html: f.html, csp });
  return f;
}

/** Serves a fixture page at the sent URL; returns what the page holds (`expected`). */
export function serve(server, opts, csp = 'wasm', path = SENT_PATH) {
  const { html, expected, ...rest } = renderPage(opts);
  server.setPage(path, { html, csp });
  return { expected, ...rest };
}

// One function evaluated in the page: the fixture pages' CSP forbids building code from strings.
function panelOp([op, arg]) {
  const root = [...document.body.children].find((e) => e.shadowRoot?.querySelector('[data-testid=sweeper-panel]'))?.shadowRoot;
  if (!root) return null;
  const q = (sel) => root.querySelector(sel);
  switch (op) {
    case 'state': {
      const p = q('[data-testid=sweeper-panel]');
      return p ? { state: p.dataset.state, reason: p.dataset.reason ?? null,
        message: q('[data-testid=sweeper-message]')?.textContent ?? '' } : null;
    }
    case 'rows':
      return [...root.querySelectorAll('[data-testid=sweeper-row]')].map((r) => ({
        profile: r.dataset.profile,
        ageMinDays: r.dataset.ageMinDays === '' ? null : Number(r.dataset.ageMinDays),
        hasNote: r.dataset.hasNote === 'true',
        selected: r.dataset.selected === 'true',
        name: r.querySelector('.name')?.textContent ?? '',
      }));
    case 'today': {
      const t = q('[data-testid=sweeper-today]');
      return t ? { count: Number(t.dataset.count), cap: Number(t.dataset.cap) } : null;
    }
    case 'press': {
      const b = q(`[data-testid="${arg}"]`);
      if (!b || b.disabled || b.hidden) return false;
      b.click();
      return true;
    }
    case 'text':
      return q(`[data-testid="${arg}"]`)?.textContent ?? null;
    case 'attr': {
      const el = q(`[data-testid="${arg[0]}"]`);
      return el ? el.getAttribute(arg[1]) : null;
    }
    default:
      throw new Error(`unknown panel op ${op}`);
  }
}

function inPanel(page, op, arg = null) {
  return page.evaluate(panelOp, [op, arg]);
}

export async function panelState(page) {
  return inPanel(page, 'state').catch(() => null);
}

/** Waits for the panel to reach one of `states`. */
export async function waitState(page, states, timeout = 60000) {
  const want = Array.isArray(states) ? states : [states];
  return until(async () => {
    const s = await panelState(page);
    return s && want.includes(s.state) ? s : null;
  }, `panel state ${want.join('|')}`, timeout, 100);
}

export async function panelRows(page) {
  return inPanel(page, 'rows');
}

export async function today(page) {
  return inPanel(page, 'today');
}

/** Clicks a panel control by its test id (a click event, like a person's). */
export async function press(page, testid) {
  const ok = await inPanel(page, 'press', testid);
  if (!ok) throw new Error(`panel control ${testid} is missing or disabled`);
}

export async function text(page, testid) {
  return inPanel(page, 'text', testid);
}

export async function attr(page, testid, name) {
  return inPanel(page, 'attr', [testid, name]);
}

/** The clicks the fixture page received that did not come from the extension's own panel. */
export async function pageClicks(page) {
  const clicks = await page.evaluate(() => window.__fixture?.clicks ?? []);
  return clicks.filter((c) => !c.insideExtension);
}

export async function withdrawnByPage(page) {
  return page.evaluate(() => window.__fixture?.withdrawn ?? []);
}

/**
 * Asserts the click discipline: only withdraw → confirm pairs for the same profile (plus any
 * load-more / pagination clicks while loading); returns the number of pairs.
 */
export function checkPairs(clicks, { allowTrailingWithdraw = false } = {}) {
  const acting = clicks.filter((c) => c.kind === 'withdraw' || c.kind === 'confirm' || c.kind === 'cancel' || c.kind === 'other');
  let pairs = 0;
  for (let i = 0; i < acting.length; i++) {
    const a = acting[i];
    if (a.kind !== 'withdraw') throw new Error(`unexpected ${a.kind} click at ${i}: ${JSON.stringify(a)}`);
    const b = acting[i + 1];
    if (!b) {
      if (allowTrailingWithdraw) return pairs;
      throw new Error(`withdraw on ${a.profile} without a confirm`);
    }
    if (b.kind !== 'confirm' || b.profile !== a.profile) throw new Error(`withdraw on ${a.profile} followed by ${b.kind} ${b.profile}`);
    pairs++;
    i++;
  }
  return pairs;
}

export async function openSent(browser, url = SENT_URL) {
  const page = await browser.newPage();
  await page.goto(url);
  return page;
}

/** Which core a browser must load under a CSP: Chromium applies the page's CSP to content scripts. */
export function expectedCore(kind, csp) {
  return kind === 'chromium' && csp === 'strict' ? 'js' : 'wasm';
}

/**
 * Opens the toolbar popup as a page (headless browsers have no toolbar). Firefox's BiDi never
 * settles a navigation to a moz-extension page, so the navigation is not awaited there: the
 * popup's own content says when it is up.
 */
export async function openPopup(browser) {
  // Opened behind the current tab, as the real popup is an overlay: the sent page stays in front
  // (a background page's timers are throttled).
  const pop = browser.kind === 'firefox' ? await browser.browser.newPage({ background: true }) : await browser.newPage();
  if (browser.kind === 'firefox') {
    pop.goto(browser.popupUrl).catch(() => {});
  } else {
    await pop.goto(browser.popupUrl);
  }
  await until(() => pop.evaluate(() => !!document.querySelector('[data-testid=popup-today]')).catch(() => false), 'the popup', 15000);
  return pop;
}

/** Reads a popup hook: `[testid, attribute]` or `[testid]` for its text. */
export function popupHook(pop, testid, attribute) {
  return pop.evaluate(([id, a]) => {
    const el = document.querySelector(`[data-testid="${id}"]`);
    if (!el) return null;
    if (a === 'value') return el.value;
    return a ? el.getAttribute(a) : el.textContent;
  }, [testid, attribute ?? null]);
}

export async function popupPress(pop, testid) {
  const ok = await pop.evaluate((id) => {
    const b = document.querySelector(`[data-testid="${id}"]`);
    if (!b || b.disabled || b.hidden) return false;
    b.click();
    return true;
  }, testid);
  if (!ok) throw new Error(`popup control ${testid} is missing or disabled`);
}

// ---- shared by the run, adversarial and lifecycle tests ----

/** Clicks that act on an invitation (withdraw / confirm / cancel / anything unclassified). */
export function acting(clicks) {
  return clicks.filter((c) => ['withdraw', 'confirm', 'cancel', 'other'].includes(c.kind));
}

export function describeClicks(clicks) {
  return clicks.map((c) => `#${c.seq} ${c.kind}${c.control && c.control !== c.kind ? `(${c.control})` : ''} ${c.profile ?? ''} ${c.dialogName ?? ''}`).join('\n');
}

/** Sets the panel's selection to exactly `profiles`, by clicking its checkboxes. */
export async function selectOnly(page, profiles) {
  await page.evaluate((want) => {
    const root = [...document.body.children].find((e) => e.shadowRoot?.querySelector('[data-testid=sweeper-panel]')).shadowRoot;
    for (const row of root.querySelectorAll('[data-testid=sweeper-row]')) {
      const on = want.includes(row.dataset.profile);
      if ((row.dataset.selected === 'true') !== on) row.querySelector('[data-testid=sweeper-select]').click();
    }
  }, profiles);
  await until(async () => {
    const rows = await panelRows(page);
    const sel = rows.filter((r) => r.selected).map((r) => r.profile).sort();
    return JSON.stringify(sel) === JSON.stringify([...profiles].sort());
  }, 'the panel selection to follow the checkboxes', 10000);
}

/**
 * Presses an export control and returns the downloaded file { name, body }.
 * Chromium: playwright's download event. Firefox: WebDriver BiDi browser.setDownloadBehavior
 * into a temporary folder, then the file that appears there.
 */
export async function download(browser, page, testid) {
  if (browser.kind === 'chromium') {
    const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 15000 }), press(page, testid)]);
    const path = await dl.path();
    return { name: dl.suggestedFilename(), body: readFileSync(path, 'utf8') };
  }
  const dir = mkdtempSync(join(tmpdir(), 'sweeper-dl-'));
  try {
    await browser.browser.connection.send('browser.setDownloadBehavior', {
      downloadBehavior: { type: 'allowed', destinationFolder: dir },
    });
    await press(page, testid);
    const name = await until(() => {
      const f = readdirSync(dir).filter((n) => !n.endsWith('.part'));
      return f.length === 1 && statSync(join(dir, f[0])).size > 0 && !readdirSync(dir).some((n) => n.endsWith('.part')) ? f[0] : null;
    }, `a download from ${testid}`, 15000, 100);
    return { name, body: readFileSync(join(dir, name), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A rendered fixture with extra inline scripts (CSP nonce) after the page's own runtime. */
export function withScripts(html, ...scripts) {
  const tags = scripts.map((s) => `<script nonce="__NONCE__">${s}</script>`).join('');
  const at = html.lastIndexOf('</body>');
  return html.slice(0, at) + tags + html.slice(at);
}

// The page reports every withdraw / confirm click to "LinkedIn's server" (a beacon the fixture
// server records): a confirm that reached the server is a withdrawal the server knows about, and
// a server that remembers leaves that person out of its list from then on.
export const beacon = (load) => `(function(){addEventListener('click',function(){var F=window.__fixture;var c=F&&F.clicks[F.clicks.length-1];
if(c&&(c.kind==='withdraw'||c.kind==='confirm'))navigator.sendBeacon('/__test/click?load=${load}&kind='+c.kind+'&seq='+c.seq+'&profile='+encodeURIComponent(c.profile||''));},true);})();`;

export function beacons(server) {
  return server.requests
    .filter((r) => r.path === '/__test/click')
    .map((r) => {
      const q = new URL(r.url, 'https://www.linkedin.com').searchParams;
      return { load: Number(q.get('load')), kind: q.get('kind'), profile: q.get('profile'), seq: Number(q.get('seq')), time: r.time };
    });
}
