//! Content-script controller (placeholder while the pipeline is proven).

use wasm_bindgen::prelude::*;

pub async fn activate(config: JsValue) -> Result<(), JsValue> {
    let kind = js_sys::Reflect::get(&config, &JsValue::from_str("kind"))?
        .as_string()
        .unwrap_or_else(|| "wasm".into());
    let doc = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    if let Some(root) = doc.document_element() {
        root.set_attribute("data-invite-sweeper", &kind)?;
    }
    Ok(())
}

pub fn url_changed(_href: &str) {}

pub fn deactivate() {}

pub async fn command(_msg: JsValue) -> Result<JsValue, JsValue> {
    Ok(JsValue::NULL)
}
