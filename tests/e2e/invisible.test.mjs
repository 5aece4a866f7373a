// Issue 13: the SHIPPED extension is invisible to the page. LinkedIn's script probes thousands of
// extensions by fetching their web-accessible files at fixed URLs, walks the light DOM for
// extension URLs, and checks for elements that particular extensions inject. From the page's own
// main world this test does the same: fetch (and load as an image) every file of the package at
// its static URL, walk every attribute and text of the light DOM for extension URLs, ids and the
// product's name, and look for an open shadow root holding the panel; while, through the browser's
// automation protocol (the page has nothing like it), the panel demonstrably works behind its
// closed root. Teardown and a soft navigation back are checked the same way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { setup, serve, openSent, until, BROWSERS, SENT_URL } from './helpers.mjs';
import { FIREFOX_UUID } from './browsers.mjs';
import { closedPanel } from './closed-root.mjs';

function packageFiles(dir) {
  const out = [];
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(dir, p));
    }
  };
  walk(dir);
  return out.sort();
}

/** From the page's main world: what a probing page learns of extensions. */
function pageProbe([base, files, id]) {
  const attempt = async (file) => {
    const url = base + file;
    const fetched = await fetch(url).then((r) => (r.ok ? 'fetched' : `status ${r.status}`), () => 'refused');
    const image = file.endsWith('.png')
      ? await new Promise((res) => { const i = new Image(); i.onload = () => res('loaded'); i.onerror = () => res('refused'); i.src = url; })
      : null;
    return { file, fetched, image };
  };
  const needles = [/chrome-extension:/i, /moz-extension:/i, /invite[\s_-]*sweeper/i, new RegExp(id, 'i')];
  const leaks = [];
  const look = (where, s) => { for (const n of needles) if (s && n.test(s)) leaks.push(`${where}: ${String(s).slice(0, 120)}`); };
  for (const a of document.documentElement.attributes) look(`<html ${a.name}>`, `${a.name}=${a.value}`);
  const walker = document.createTreeWalker(document.documentElement, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT | NodeFilter.SHOW_COMMENT);
  for (let n = walker.currentNode; n; n = walker.nextNode()) {
    if (n.nodeType === 1) {
      // The fixture's own script and its click log are the page's, not ours.
      if (n.localName === 'script') continue;
      for (const a of n.attributes) if (!a.name.startsWith('data-fixture')) look(`<${n.localName} ${a.name}>`, `${a.name}=${a.value}`);
      look(`<${n.localName}> tag`, n.localName);
    } else if (n.parentElement?.localName !== 'script') look('text', n.nodeValue);
  }
  for (const e of performance.getEntries()) look(`performance ${e.entryType}`, e.name);
  const openPanels = [...document.querySelectorAll('*')].filter((e) => e.shadowRoot?.querySelector('[data-testid="sweeper-panel"]')).length;
  const bodyKids = [...document.body.children].map((e) => ({ tag: e.localName, attrs: [...e.attributes].map((a) => a.name), open: !!e.shadowRoot }));
  return Promise.all(files.map(attempt)).then((probes) => ({ probes, leaks, openPanels, bodyKids, title: document.title }));
}

for (const kind of BROWSERS) {
  test(`${kind}: the shipped build: no file at a fixed URL, nothing in the page names it, the panel works behind a closed root`, async (t) => {
    const { server, browser, extDir } = await setup(t, kind, { build: 'shipped' });
    // No page CSP here: only the browser's rules for extension files decide the probes.
    const { expected } = serve(server, { layout: 'current', rows: 30, seed: 13 }, 'none');
    const page = await openSent(browser);
    const panel = await closedPanel(browser, page);

    // The panel demonstrably works: it loaded and read the whole list.
    const shown = await until(() => panel.run((root) => {
      const p = root.querySelector('[data-testid="sweeper-panel"]');
      return p?.dataset.state === 'ready' ? { core: p.dataset.core, rows: root.querySelectorAll('[data-testid="sweeper-row"]').length } : null;
    }), 'the shipped panel to be ready', 90000);
    assert.equal(shown.rows, expected.length, 'the panel read every row');
    assert.ok(['wasm', 'js'].includes(shown.core));
    const root = await panel.describe();
    assert.equal(root.mode, 'closed', 'the shipped panel hangs off a closed shadow root');
    assert.deepEqual(root.hostAttributes, {}, 'its host carries no id, class or attribute');

    // The page probes.
    const id = kind === 'chromium' ? browser.extensionId : FIREFOX_UUID;
    const base = kind === 'chromium' ? `chrome-extension://${id}/` : `moz-extension://${id}/`;
    const files = packageFiles(extDir);
    const seen = await page.evaluate(pageProbe, [base, files, id]);
    assert.deepEqual(seen.leaks, [], 'no extension URL, id or product name anywhere in the light DOM or the performance timeline');
    assert.equal(seen.openPanels, 0, 'no open shadow root holds the panel');
    const ours = seen.bodyKids.filter((k) => !k.attrs.length && k.tag === 'div');
    assert.equal(ours.length, 1, `one attribute-less host is all we add to <body>: ${JSON.stringify(seen.bodyKids)}`);
    const reached = seen.probes.filter((p) => p.fetched !== 'refused' || (p.image && p.image !== 'refused'));
    if (kind === 'chromium') {
      // Every file, web-accessible ones included (they answer only at the per-session dynamic URL).
      assert.deepEqual(reached, [], `Chromium refuses every file at its static URL (${files.length} tried)`);
    } else {
      // Firefox's host is a random per-install UUID the page cannot know (the test fixed it by a
      // pref); only the web-accessible files answer even there, and the UUID leaks nowhere.
      const war = (f) => f === 'loader.js' || f === 'config.js' || /^core(-js)?\//.test(f);
      assert.deepEqual(reached.filter((p) => !war(p.file)), [], 'files that are not web-accessible are refused even at the UUID');
      t.diagnostic(`firefox: ${reached.length} of ${files.length} files answer at moz-extension://<per-install UUID>/ (the web-accessible ones); the UUID is in no page-visible place`);
    }

    // Teardown: leaving the list removes everything we added; coming back brings the panel back.
    const before = seen.bodyKids.length;
    await page.evaluate(() => { history.pushState({}, '', '/feed/'); dispatchEvent(new PopStateEvent('popstate')); });
    await until(async () => (await panel.describe()) === null, 'the panel to go away', 15000);
    const after = await page.evaluate(pageProbe, [base, [], id]);
    assert.equal(after.bodyKids.length, before - 1, 'the host is gone, nothing else left behind');
    assert.deepEqual(after.leaks, []);
    await page.evaluate((url) => { history.pushState({}, '', url); dispatchEvent(new PopStateEvent('popstate')); }, SENT_URL);
    const back = await until(() => panel.run((r) => r.querySelector('[data-testid="sweeper-panel"]')?.dataset.state === 'ready'), 'the panel back after a soft navigation', 60000);
    assert.ok(back);
    assert.equal((await panel.describe()).mode, 'closed');
  });
}
