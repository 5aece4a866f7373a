// Invite Sweeper content script — the only code that runs on every LinkedIn page, so it stays tiny.
//
//   content.js (this file, classic script, every linkedin.com page)
//     └─ on the sent-invitations list only: import(loader.js) → Rust core (wasm, or its wasm2js
//        build when the page's CSP forbids wasm) → core.activate({ kind, timeScale })
//   States: idle (not on the list: nothing loaded) → loading → active ⇄ parked (navigated away).
//   URL changes without a page load arrive from the background (tabs.onUpdated), the Navigation
//   API where the browser has it, and popstate; each just re-checks location.
(() => {
  'use strict';
  const api = globalThis.browser ?? globalThis.chrome;
  // Mirrors pure::page::is_sent_list in Rust (which decides everything else once loaded).
  const SENT_LIST = /^\/mynetwork\/invitation-manager\/sent(\/|$)/i;
  let core = null;
  let loading = null;
  let lastHref = '';

  function onSentList() {
    return location.hostname === 'www.linkedin.com' && SENT_LIST.test(location.pathname);
  }

  async function load() {
    const loader = await import(api.runtime.getURL('loader.js'));
    return loader.load(api);
  }

  function check() {
    if (location.href === lastHref) return;
    lastHref = location.href;
    if (core) {
      core.urlChanged(location.href);
      return;
    }
    if (!onSentList() || loading) return;
    // The page may move on (LinkedIn switches tabs by itself) while the core loads: it is told
    // where the tab is once it runs.
    const loadedFor = location.href;
    loading = load()
      .then((c) => {
        core = c;
        if (location.href !== loadedFor) core.urlChanged(location.href);
      })
      .catch((e) => console.error('could not load the core:', e))
      .finally(() => { loading = null; });
  }

  api.runtime.onMessage.addListener((msg) => {
    if (msg && msg.type === 'url-changed') check();
    if (msg && msg.type === 'panel-command' && core) return core.command(msg);
    return undefined;
  });
  if (globalThis.navigation) globalThis.navigation.addEventListener('currententrychange', check);
  addEventListener('popstate', check);
  check();
})();
