// Popup glue: load the core (extension pages may always run wasm) and hand over to Rust.
import init, { popupMain } from './core-ext/invite_sweeper.js';

document.documentElement.lang = (globalThis.browser ?? globalThis.chrome).i18n.getUILanguage();
await init({ module_or_path: new URL('./core-ext/invite_sweeper_bg.wasm', import.meta.url) });
await popupMain();
