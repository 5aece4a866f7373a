//! Background placeholder.
use wasm_bindgen::prelude::*;

pub async fn handle(message: JsValue) -> Result<JsValue, JsValue> {
    Ok(message)
}
