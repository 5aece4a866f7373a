// Invite Sweeper background: the cap arbiter, the badge and message routing. Glue only — the
// decisions are in the Rust core (pure::cap); state lives in storage.local so a restarted
// service worker (Chrome) or event page (Firefox) carries on exactly where it was.
import init, { backgroundHandle } from './core-ext/invite_sweeper.js';

const api = globalThis.browser ?? globalThis.chrome;
let ready = null;
// One message at a time: grants must be decided against the state the previous one wrote.
let queue = Promise.resolve();

function core() {
  ready ??= init({ module_or_path: new URL('./core-ext/invite_sweeper_bg.wasm', import.meta.url) });
  return ready;
}

function handle(msg, sender) {
  const job = queue.then(async () => {
    await core();
    return backgroundHandle({ ...msg, tabId: sender?.tab?.id ?? null });
  });
  queue = job.catch(() => {});
  return job;
}

api.runtime.onMessage.addListener((msg, sender) => {
  if (!msg || typeof msg.type !== 'string' || !msg.type.startsWith('bg-')) return undefined;
  return handle(msg, sender);
});

// LinkedIn navigates in-page; tell the tab's content script so it can (de)activate. The URL is
// visible here through the linkedin.com host permission alone (no "tabs" permission).
api.tabs.onUpdated.addListener((tabId, change) => {
  if (change.url && change.url.startsWith('https://www.linkedin.com/')) {
    api.tabs.sendMessage(tabId, { type: 'url-changed', url: change.url }).catch(() => {});
  }
});
