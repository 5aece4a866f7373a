// Reaches the SHIPPED panel behind its closed shadow root, as only the browser's own automation
// protocol can: the page's scripts cannot (host.shadowRoot is null). Chromium: CDP's DOM domain
// pierces closed roots and resolves the root to an object a function can run on. Firefox:
// WebDriver BiDi serialises closed shadow roots when asked (`includeShadowTree: "all"`) and runs a
// function with that root as `this`. Used by the demo and the invisibility test; the test builds'
// open root needs none of this.
//
//   const panel = await closedPanel(browser, page);
//   await panel.run((root, arg) => root.querySelector('[data-testid=sweeper-panel]').dataset.state);

const PANEL = '[data-testid="sweeper-panel"]';

/** A node of CDP's pierced tree → the shadow root (as a CDP node) holding the panel, with its
 * host as `sr.host`. */
function findCdpRoot(node) {
  for (const sr of node.shadowRoots ?? []) {
    if (hasPanel(sr)) return Object.assign(sr, { host: node });
  }
  for (const c of node.children ?? []) {
    const hit = findCdpRoot(c);
    if (hit) return hit;
  }
  return null;
}

function hasPanel(node) {
  const attrs = node.attributes ?? [];
  for (let i = 0; i < attrs.length; i += 2) {
    if (attrs[i] === 'data-testid' && attrs[i + 1] === 'sweeper-panel') return true;
  }
  return (node.children ?? []).some(hasPanel);
}

async function chromiumPanel(browser, page) {
  const cdp = await browser.context.newCDPSession(page);
  return {
    /** The panel's root: `{ mode, hostTag, hostAttributes }`, or null when there is no panel. */
    async describe() {
      const { root } = await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
      const sr = findCdpRoot(root);
      if (!sr) return null;
      const a = sr.host.attributes ?? [];
      const hostAttributes = Object.fromEntries(a.flatMap((_, i) => (i % 2 ? [] : [[a[i], a[i + 1]]])));
      return { mode: sr.shadowRootType, hostTag: sr.host.localName, hostAttributes };
    },
    async run(fn, arg = null) {
      const { root } = await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
      const sr = findCdpRoot(root);
      if (!sr) return null;
      const { object } = await cdp.send('DOM.resolveNode', { backendNodeId: sr.backendNodeId });
      const r = await cdp.send('Runtime.callFunctionOn', {
        objectId: object.objectId,
        functionDeclaration: `function (arg) { return (${fn.toString()})(this, arg); }`,
        arguments: [{ value: arg }],
        returnByValue: true,
        awaitPromise: true,
      });
      if (r.exceptionDetails) throw new Error(`in the panel: ${r.exceptionDetails.exception?.description ?? r.exceptionDetails.text}`);
      await cdp.send('Runtime.releaseObject', { objectId: object.objectId }).catch(() => {});
      return r.result.value;
    },
  };
}

/** Every closed/open shadow root BiDi serialised under a node value, depth first, each with
 * its host's node value as `host`. */
function* bidiShadowRoots(v) {
  if (!v || typeof v !== 'object') return;
  if (v.type === 'node' && v.value) {
    if (v.value.shadowRoot) yield Object.assign(v.value.shadowRoot, { host: v.value });
    for (const c of v.value.children ?? []) yield* bidiShadowRoots(c);
  }
}

async function firefoxPanel(browser, page) {
  const bidi = browser.browser.connection;
  const context = page.mainFrame()._id;
  const rootOf = async () => {
    const r = await bidi.send('script.evaluate', {
      expression: 'document.body',
      target: { context },
      awaitPromise: false,
      resultOwnership: 'root',
      serializationOptions: { maxDomDepth: 1, includeShadowTree: 'all' },
    });
    for (const sr of bidiShadowRoots(r.result.result)) {
      const probe = await bidi.send('script.callFunction', {
        functionDeclaration: `function () { return !!this.querySelector('${PANEL}'); }`,
        this: { sharedId: sr.sharedId },
        target: { context },
        awaitPromise: false,
      });
      if (probe.result.result?.value === true) return sr;
    }
    return null;
  };
  return {
    async describe() {
      const sr = await rootOf();
      if (!sr) return null;
      return { mode: sr.value?.mode ?? null, hostTag: sr.host.localName, hostAttributes: sr.host.attributes ?? {} };
    },
    async run(fn, arg = null) {
      const sr = await rootOf();
      if (!sr) return null;
      const r = await bidi.send('script.callFunction', {
        functionDeclaration: `function (arg) { return JSON.stringify((${fn.toString()})(this, JSON.parse(arg)) ?? null); }`,
        this: { sharedId: sr.sharedId },
        arguments: [{ type: 'string', value: JSON.stringify(arg) }],
        target: { context },
        awaitPromise: true,
      });
      if (r.result.type === 'exception') throw new Error(`in the panel: ${r.result.exceptionDetails?.text}`);
      return JSON.parse(r.result.result.value);
    },
  };
}

/** The shipped panel, reached through the automation protocol of `browser` (see browsers.mjs). */
export function closedPanel(browser, page) {
  return browser.kind === 'firefox' ? firefoxPanel(browser, page) : chromiumPanel(browser, page);
}
