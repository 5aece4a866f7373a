//! Invite Sweeper's Rust core: the `#[wasm_bindgen]` exports and nothing else.
//!
//! `pure` holds every decision (parsing, scoring, planning, pacing, the cap) and never touches the
//! browser; `shell` holds every browser access (DOM, extension storage and messaging, clock,
//! randomness, timers). The JavaScript in `extension/` only loads this module and calls these.
//! Two builds ship: feature `content` (the content script's exports) and feature `pages` (the
//! background's and the popup's); the linker keeps only the code their exports reach.

pub mod pure;
pub mod shell;

use wasm_bindgen::prelude::*;

/// Content script entry: the page is a sent-invitations list.
/// `config` = `{ kind: "wasm"|"js", timeScale, shadow: "open"|"closed", api }`.
#[cfg(feature = "content")]
#[wasm_bindgen]
pub async fn activate(config: JsValue) -> Result<(), JsValue> {
    shell::content::activate(config).await
}

/// Content script: the URL changed without a page load (LinkedIn navigates in-page).
#[cfg(feature = "content")]
#[wasm_bindgen(js_name = urlChanged)]
pub fn url_changed(href: String) {
    shell::content::url_changed(&href);
}

/// Content script: remove everything the extension added to the page.
#[cfg(feature = "content")]
#[wasm_bindgen]
pub fn deactivate() {
    shell::content::deactivate();
}

/// Background: handle one message; the background glue calls this one message at a time.
#[cfg(feature = "pages")]
#[wasm_bindgen(js_name = backgroundHandle)]
pub async fn background_handle(message: JsValue) -> Result<JsValue, JsValue> {
    shell::background::handle(message).await
}

/// The crate version, for the popup's footer and bug reports.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// Content script: a command for this tab's panel from the popup (start, pause, stop, status).
#[cfg(feature = "content")]
#[wasm_bindgen]
pub async fn command(message: JsValue) -> Result<JsValue, JsValue> {
    shell::content::command(message).await
}

/// Popup entry: builds the popup in popup.html.
#[cfg(feature = "pages")]
#[wasm_bindgen(js_name = popupMain)]
pub async fn popup_main() -> Result<(), JsValue> {
    shell::popup::main().await
}
