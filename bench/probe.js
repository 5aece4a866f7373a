// Main-world probe, installed by bench/run.mjs with page.addInitScript (runs before the page's own
// scripts on every navigation). It only watches: MutationObservers in the MAIN world on
//   <html>               data-invite-sweeper (the core is active, and which build)
//   <body> children      the panel host #invite-sweeper-root being mounted; dialogs (portals)
//   main (subtree)       invitation rows leaving the list
//   the panel's OPEN shadow root (subtree) data-state and the progress bar's aria-valuenow
// A MutationObserver may observe an open shadow root from the main world: DOM mutations are seen
// by every world's observers, whichever world made them. Callbacks run at the microtask checkpoint
// right after the mutating task or microtask, so a timestamp here is at most the rest of that
// task/microtask late; performance.now() is coarsened to 0.1 ms (no cross-origin isolation).
(() => {
  if (window.__benchProbe) return;
  const now = () => performance.now();
  const P = {
    marks: {},
    states: [], // [t, state]
    progress: [], // [t, aria-valuenow]
    dialogs: [], // [t, description] element added to <body> that is (or holds) a dialog
    removed: [], // [t, profile] outermost row removed from the list
  };
  Object.defineProperty(window, '__benchProbe', { value: P });

  const DIALOG = '[role=dialog],[role=alertdialog],dialog,[data-testid="dialog-content"]';
  const isDialog = (n) => n && n.nodeType === 1 && (n.matches(DIALOG) || !!n.querySelector(DIALOG));

  // Optional (set by run.mjs before this script): the fixture opens its confirm dialog
  // synchronously inside the click, so the extension sees it on its very first look and no wait
  // is involved. With dialogDelayMs the portal's insertion into <body> is deferred by that many
  // ms (as a framework committing a render later would), so the extension's observer-driven wait
  // actually has to notice it. Page-side only; the extension is not touched.
  const opts = window.__benchProbeOptions || {};
  if (opts.dialogDelayMs > 0) {
    const append = Element.prototype.append;
    Element.prototype.append = function (...nodes) {
      if (this === document.body && nodes.some(isDialog)) {
        setTimeout(() => append.apply(this, nodes), opts.dialogDelayMs);
        return undefined;
      }
      return append.apply(this, nodes);
    };
  }
  function watchPanel(host) {
    P.marks.host = now();
    const root = host.shadowRoot;
    const panel = root && root.querySelector('[data-testid=sweeper-panel]');
    if (!panel) return;
    P.states.push([now(), panel.getAttribute('data-state')]);
    new MutationObserver((recs) => {
      const t = now();
      for (const r of recs) {
        const el = r.target;
        if (r.attributeName === 'data-state' && el.getAttribute('data-testid') === 'sweeper-panel') {
          const s = el.getAttribute('data-state');
          const last = P.states[P.states.length - 1];
          if (!last || last[1] !== s) P.states.push([t, s]);
        } else if (r.attributeName === 'aria-valuenow' && el.getAttribute('data-testid') === 'sweeper-progress') {
          const v = Number(el.getAttribute('aria-valuenow'));
          const last = P.progress[P.progress.length - 1];
          if (!last || last[1] !== v) P.progress.push([t, v]);
        }
      }
    }).observe(root, { subtree: true, attributes: true, attributeFilter: ['data-state', 'aria-valuenow'] });
  }

  function start() {
    P.marks.dcl = now();
    const html = document.documentElement;
    new MutationObserver(() => {
      if (P.marks.core == null && html.hasAttribute('data-invite-sweeper')) {
        P.marks.core = now();
        P.marks.coreKind = html.getAttribute('data-invite-sweeper');
      }
    }).observe(html, { attributes: true, attributeFilter: ['data-invite-sweeper'] });
    new MutationObserver((recs) => {
      const t = now();
      for (const r of recs) {
        for (const n of r.addedNodes) {
          if (n.nodeType !== 1) continue;
          if (n.id === 'invite-sweeper-root') watchPanel(n);
          else if (isDialog(n)) P.dialogs.push([t, n.localName]);
        }
      }
    }).observe(document.body, { childList: true });
    const main = document.querySelector('main');
    if (main) {
      new MutationObserver((recs) => {
        const t = now();
        for (const r of recs) {
          const parent = r.target;
          if (parent.nodeType !== 1 || parent.getAttribute('data-testid') !== 'lazy-column') continue;
          for (const n of r.removedNodes) {
            if (n.nodeType !== 1 || n.getAttribute('role') !== 'listitem') continue;
            const a = n.querySelector('a[href*="/in/"]');
            P.removed.push([t, a ? new URL(a.getAttribute('href'), location.href).pathname : null]);
          }
        }
      }).observe(main, { childList: true, subtree: true });
    }
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start, { once: true });
  else start();
})();
