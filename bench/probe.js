// Main-world probe, installed by bench/run.mjs with page.addInitScript (runs before the page's own
// scripts on every navigation). It only watches: MutationObservers in the MAIN world on
//   <body> children      the panel's host being mounted (the element whose shadowRoot holds
//                        [data-testid="sweeper-panel"]: the host has no id or attribute); dialogs
//                        (portals)
//   main (subtree)       invitation rows added to the list (the page rendering them) and rows
//                        leaving it
//   the panel's shadow root (subtree) data-state and the progress bar's aria-valuenow
// and a PerformanceObserver for long tasks (the main thread is one thread for the page and the
// extension's isolated world, so the core's long tasks are listed here too).
// The panel's root is OPEN in the test build (dist/test/chrome), which is what the bench loads
// wherever it watches the panel; the shipped build's closed root would read as no panel here.
// Which core runs is `data-core` on the panel itself; when the rows were scored is its
// `data-scored-at` (performance.now() of this document, read by run.mjs).
// A MutationObserver may observe an open shadow root from the main world: DOM mutations are seen
// by every world's observers, whichever world made them. Callbacks run at the microtask checkpoint
// right after the mutating task or microtask, so a timestamp here is at most the rest of that
// task/microtask late; performance.now() is coarsened to 0.1 ms (no cross-origin isolation).
// Observers are notified in the order they were created, so for a mutation made by the page this
// probe (created at DOMContentLoaded) stamps it before any wait of the extension sees it.
(() => {
  if (window.__benchProbe) return;
  const now = () => performance.now();
  const P = {
    marks: {},
    states: [], // [t, state]
    progress: [], // [t, aria-valuenow]
    dialogs: [], // [t, description] element added to <body> that is (or holds) a dialog
    removed: [], // [t, profile] outermost row removed from the list
    added: [], // [t, rows] invitation rows added to the list by one mutation batch
    longTasks: [], // [startTime, duration]
  };
  Object.defineProperty(window, '__benchProbe', { value: P });
  const PANEL = '[data-testid="sweeper-panel"]';
  // The panel's (open) shadow root: its host is the child of <body> (or of <html> when there is
  // no body) whose shadowRoot holds the panel. Used by run.mjs's page.evaluate calls.
  Object.defineProperty(P, 'root', {
    enumerable: false,
    value: () => {
      for (const parent of [document.body, document.documentElement]) {
        if (!parent) continue;
        for (const e of parent.children) if (e.shadowRoot && e.shadowRoot.querySelector(PANEL)) return e.shadowRoot;
      }
      return null;
    },
  });

  const DIALOG = '[role=dialog],[role=alertdialog],dialog,[data-testid="dialog-content"]';
  const isDialog = (n) => n && n.nodeType === 1 && (n.matches(DIALOG) || !!n.querySelector(DIALOG));
  const ROW = (n) => n.nodeType === 1 && n.getAttribute('role') === 'listitem' && n.parentElement?.getAttribute('data-testid') === 'lazy-column';

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
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) P.longTasks.push([e.startTime, e.duration]);
    }).observe({ type: 'longtask', buffered: true });
  } catch {}

  function watchPanel(host) {
    const root = host.shadowRoot;
    const panel = root && root.querySelector(PANEL);
    if (!panel) return false;
    P.marks.host = now();
    P.marks.coreKind = panel.getAttribute('data-core');
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
        } else if (r.attributeName === 'data-core' && P.marks.coreKind == null) {
          P.marks.coreKind = el.getAttribute('data-core');
        }
      }
    }).observe(root, { subtree: true, attributes: true, attributeFilter: ['data-state', 'aria-valuenow', 'data-core'] });
    return true;
  }

  function start() {
    P.marks.dcl = now();
    new MutationObserver((recs) => {
      const t = now();
      for (const r of recs) {
        for (const n of r.addedNodes) {
          if (n.nodeType !== 1) continue;
          if (n.shadowRoot && watchPanel(n)) continue;
          if (isDialog(n)) P.dialogs.push([t, n.localName]);
        }
      }
    }).observe(document.body, { childList: true });
    const main = document.querySelector('main');
    if (main) {
      new MutationObserver((recs) => {
        const t = now();
        let added = 0;
        for (const r of recs) {
          const parent = r.target;
          if (parent.nodeType !== 1) continue;
          if (parent.getAttribute('data-testid') === 'lazy-column') {
            for (const n of r.addedNodes) if (ROW(n)) added++;
            for (const n of r.removedNodes) {
              if (n.nodeType !== 1 || n.getAttribute('role') !== 'listitem') continue;
              const a = n.querySelector('a[href*="/in/"]');
              P.removed.push([t, a ? new URL(a.getAttribute('href'), location.href).pathname : null]);
            }
          } else {
            // A whole list rendered at once (the list arriving, or the page re-rendering it).
            for (const n of r.addedNodes) {
              if (n.nodeType !== 1) continue;
              added += n.querySelectorAll('[data-testid="lazy-column"] > [role="listitem"]').length;
            }
          }
        }
        if (added) P.added.push([t, added]);
      }).observe(main, { childList: true, subtree: true });
    }
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start, { once: true });
  else start();
})();
