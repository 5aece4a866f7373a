// Launches real browsers with the built extension installed, for the end-to-end tier and the demo.
// Chromium: playwright-core, the unpacked extension, www.linkedin.com mapped to the local server.
// Firefox ESR: puppeteer-core over WebDriver BiDi, a temporary add-on with a fixed UUID (so the
// popup URL is known), https://www.linkedin.com reached through the fixture server's proxy.
import { mkdtempSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(new URL('../..', import.meta.url).pathname);
export const SENT_URL = 'https://www.linkedin.com/mynetwork/invitation-manager/sent/';
export const FIREFOX_ID = JSON.parse(readFileSync(join(ROOT, 'manifest.json'), 'utf8')).browser_specific_settings.gecko.id;
export const FIREFOX_UUID = '5e1f1d2a-7c1b-4d8e-9a55-1b2c3d4e5f60';

const CHROMIUM_FLAGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--ignore-certificate-errors', '--lang=en-US',
];

/** A Chromium with the extension at `extDir`; `port` is where the fixture server listens. */
export async function launchChromium({ extDir, port, userDataDir, lang = 'en-US' }) {
  const { chromium } = await import('playwright-core');
  const dir = userDataDir ?? mkdtempSync(join(tmpdir(), 'sweeper-chromium-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    ignoreHTTPSErrors: true,
    locale: lang,
    viewport: { width: 1280, height: 900 },
    args: [
      ...CHROMIUM_FLAGS.filter((f) => !f.startsWith('--lang')),
      `--lang=${lang}`,
      `--disable-extensions-except=${extDir}`,
      `--load-extension=${extDir}`,
      `--host-resolver-rules=MAP www.linkedin.com 127.0.0.1:${port}`,
    ],
  });
  let [worker] = context.serviceWorkers();
  if (!worker) worker = await context.waitForEvent('serviceworker', { timeout: 15000 });
  const extensionId = new URL(worker.url()).host;
  return {
    kind: 'chromium',
    context,
    extensionId,
    worker,
    popupUrl: `chrome-extension://${extensionId}/popup.html`,
    async newPage() {
      return context.newPage();
    },
    async close({ keepProfile = false } = {}) {
      await context.close().catch(() => {});
      if (!userDataDir && !keepProfile) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A Firefox ESR with the extension at `extDir` installed as a temporary add-on. */
export async function launchFirefox({ extDir, proxyPort, profileDir, lang = 'en-US' }) {
  const puppeteer = (await import('puppeteer-core')).default;
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: '/usr/bin/firefox-esr',
    headless: true,
    acceptInsecureCerts: true,
    userDataDir: profileDir,
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      // https://www.linkedin.com goes through the fixture server's CONNECT proxy (no port 443).
      'network.proxy.type': 1,
      'network.proxy.ssl': '127.0.0.1',
      'network.proxy.ssl_port': proxyPort ?? 0,
      'network.proxy.no_proxies_on': '',
      'network.proxy.allow_hijacking_localhost': true,
      'extensions.webextensions.uuids': JSON.stringify({ [FIREFOX_ID]: FIREFOX_UUID }),
      'extensions.originControls.grantByDefault': true,
      // A temporary add-on is removed when Firefox closes; keep its storage for restart tests.
      'extensions.webextensions.keepStorageOnUninstall': true,
      'intl.locale.requested': lang,
      'intl.accept_languages': lang,
      'browser.shell.checkDefaultBrowser': false,
      'datareporting.policy.dataSubmissionEnabled': false,
      'toolkit.telemetry.enabled': false,
      'app.update.enabled': false,
      'network.captive-portal-service.enabled': false,
      'network.connectivity-service.enabled': false,
      'browser.safebrowsing.malware.enabled': false,
      'browser.safebrowsing.phishing.enabled': false,
    },
  });
  const addonId = await browser.installExtension(extDir);
  return {
    kind: 'firefox',
    browser,
    addonId,
    popupUrl: `moz-extension://${FIREFOX_UUID}/popup.html`,
    async newPage() {
      return browser.newPage();
    },
    async close() {
      await browser.close().catch(() => {});
    },
  };
}

/** Waits until `fn` returns a truthy value (polled), or throws with `what` after `timeout` ms. */
export async function until(fn, what, timeout = 15000, every = 50) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
    await new Promise((r) => setTimeout(r, every));
  }
}
