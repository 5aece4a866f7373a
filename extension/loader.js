// Loads the Rust core into the content script: real wasm when the page's CSP lets content
// scripts compile it (Chromium applies the PAGE's CSP there), else the same Rust as wasm2js.
// Marks which one on <html data-invite-sweeper>, via the core itself once it runs.
import { TIME_SCALE } from './config.js';

// The smallest valid module: if this compiles, the page allows wasm for us.
const EMPTY_MODULE = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);

function wasmAllowed() {
  try {
    new WebAssembly.Module(EMPTY_MODULE);
    return true;
  } catch {
    return false;
  }
}

async function loadWasm() {
  // The module is fetched while the glue is imported: two requests at once, not one after the other.
  const wasm = fetch(new URL('./core/invite_sweeper_bg.wasm', import.meta.url));
  wasm.catch(() => {}); // a failure surfaces below, through init
  const m = await import('./core/invite_sweeper.js');
  await m.default({ module_or_path: wasm });
  return m;
}

// `api` is the content script's browser/chrome object: Firefox does not expose it as a global
// to modules the content script imports.
export async function load(api) {
  let kind = 'js';
  let m = null;
  if (typeof WebAssembly === 'object' && wasmAllowed()) {
    try {
      m = await loadWasm();
      kind = 'wasm';
    } catch (e) {
      console.warn('[Invite Sweeper] wasm core refused, using the JS build:', e);
    }
  }
  if (!m) m = await import('./core-js/invite_sweeper.js');
  await m.activate({ kind, timeScale: TIME_SCALE, api });
  return {
    kind,
    urlChanged: (href) => m.urlChanged(href),
    command: (msg) => m.command(msg),
  };
}
