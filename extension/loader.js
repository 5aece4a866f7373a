// Loads the Rust core into the content script: real wasm when the page's CSP lets content
// scripts compile it (Chromium applies the PAGE's CSP there), else the same Rust as wasm2js.
// Which one ran is marked on the panel (data-core), inside its shadow root: nothing in the
// page's own DOM names the extension.
//
// Every file is reached through runtime.getURL, never a relative import: in Chrome the files
// are web-accessible only at the per-session dynamic URL (the page probes fixed extension URLs),
// and a module's relative imports would resolve against the refused static URL.

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

async function loadWasm(url) {
  // The module is fetched while the glue is imported: two requests at once, not one after the other.
  const wasm = fetch(url('core/invite_sweeper_bg.wasm'));
  wasm.catch(() => {}); // a failure surfaces below, through init
  const m = await import(url('core/invite_sweeper.js'));
  await m.default({ module_or_path: wasm });
  return m;
}

// The JS build: wasm2js's module exports `instantiate(imports)` (scripts/link-wasm2js.mjs); it
// is linked here with the glue, as wasm-bindgen's bundler entry would do.
async function loadJs(url) {
  const [glue, core] = await Promise.all([
    import(url('core-js/invite_sweeper_bg.js')),
    import(url('core-js/invite_sweeper_bg.wasm.js')),
  ]);
  glue.__wbg_set_wasm(core.instantiate({ './invite_sweeper_bg.js': glue }));
  return glue;
}

// `api` is the content script's browser/chrome object: Firefox does not expose it as a global
// to modules the content script imports.
export async function load(api) {
  const url = (path) => api.runtime.getURL(path);
  // The settings module is fetched beside the core, not before it.
  const config = import(url('config.js'));
  config.catch(() => {}); // a failure surfaces below
  let kind = 'js';
  let m = null;
  if (typeof WebAssembly === 'object' && wasmAllowed()) {
    try {
      m = await loadWasm(url);
      kind = 'wasm';
    } catch (e) {
      console.warn('wasm core refused, using the JS build:', e);
    }
  }
  if (!m) m = await loadJs(url);
  const { TIME_SCALE, SHADOW } = await config;
  await m.activate({ kind, timeScale: TIME_SCALE, shadow: SHADOW, api });
  return {
    kind,
    urlChanged: (href) => m.urlChanged(href),
    command: (msg) => m.command(msg),
  };
}
