//! Extension APIs (storage, messaging, resource URLs) through the browser's promise-based
//! `browser.*` (Firefox) or `chrome.*` (Chrome) namespace, reached without a polyfill.

use js_sys::{Function, Object, Promise, Reflect, JSON};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

fn get(target: &JsValue, key: &str) -> Result<JsValue, JsValue> {
    let v = Reflect::get(target, &JsValue::from_str(key))?;
    if v.is_undefined() || v.is_null() {
        return Err(JsValue::from_str(&format!(
            "extension API `{key}` is not available here"
        )));
    }
    Ok(v)
}

thread_local! {
    /// The API object the content script handed over. Firefox evaluates a module imported from a
    /// content script where neither `browser` nor `chrome` is a global, so the loader passes it.
    static GIVEN: std::cell::RefCell<Option<JsValue>> = const { std::cell::RefCell::new(None) };
}

/// Uses `api` (the content script's `browser`/`chrome`) for every later call.
pub fn set_api(api: JsValue) {
    if !api.is_undefined() && !api.is_null() {
        GIVEN.with(|g| *g.borrow_mut() = Some(api));
    }
}

/// The API handed over by the loader, else `browser` where it exists (Firefox), else `chrome`.
pub fn api() -> Result<JsValue, JsValue> {
    if let Some(v) = GIVEN.with(|g| g.borrow().clone()) {
        return Ok(v);
    }
    let global = js_sys::global();
    for name in ["browser", "chrome"] {
        let v = Reflect::get(&global, &JsValue::from_str(name))?;
        if !v.is_undefined() && !v.is_null() && Reflect::has(&v, &JsValue::from_str("runtime"))? {
            return Ok(v);
        }
    }
    Err(JsValue::from_str(
        "no extension API (neither browser nor chrome)",
    ))
}

async fn call(path: &[&str], args: &[JsValue]) -> Result<JsValue, JsValue> {
    let mut this = api()?;
    let (last, parents) = path
        .split_last()
        .ok_or_else(|| JsValue::from_str("empty API path"))?;
    for p in parents {
        this = get(&this, p)?;
    }
    let f: Function = get(&this, last)?.dyn_into()?;
    let arr = js_sys::Array::new();
    for a in args {
        arr.push(a);
    }
    let ret = f.apply(&this, &arr)?;
    match ret.dyn_into::<Promise>() {
        Ok(p) => JsFuture::from(p).await,
        Err(v) => Ok(v),
    }
}

/// Reads keys from `storage.local` as JSON values (absent keys are absent from the map).
pub async fn storage_get(
    keys: &[&str],
) -> Result<serde_json::Map<String, serde_json::Value>, JsValue> {
    let arr = js_sys::Array::new();
    for k in keys {
        arr.push(&JsValue::from_str(k));
    }
    let obj = call(&["storage", "local", "get"], &[arr.into()]).await?;
    let text = JSON::stringify(&obj)?
        .as_string()
        .unwrap_or_else(|| "{}".into());
    match serde_json::from_str::<serde_json::Value>(&text) {
        Ok(serde_json::Value::Object(m)) => Ok(m),
        _ => Ok(serde_json::Map::new()),
    }
}

/// Writes JSON values to `storage.local` in one call (the browser applies one set atomically).
pub async fn storage_set(
    items: &serde_json::Map<String, serde_json::Value>,
) -> Result<(), JsValue> {
    let text = serde_json::to_string(items).map_err(|e| JsValue::from_str(&e.to_string()))?;
    let obj = JSON::parse(&text)?;
    call(&["storage", "local", "set"], &[obj]).await?;
    Ok(())
}

/// A typed message as a plain JS object (maps as objects, numbers as numbers), with no JSON text
/// on the way: the content script's messages to the background (`shell::content::bg`).
pub fn to_value<T: serde::Serialize>(v: &T) -> Result<JsValue, JsValue> {
    v.serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(JsValue::from)
}

/// A typed answer read straight from the JS value (undefined and null read as `T`'s absence).
pub fn from_value<T: serde::de::DeserializeOwned>(v: JsValue) -> Result<T, JsValue> {
    serde_wasm_bindgen::from_value(v).map_err(JsValue::from)
}

/// Sends a typed message to the background now; the answer is read with [`reply`].
pub fn post<T: serde::Serialize>(message: &T) -> Result<Promise, JsValue> {
    let runtime = get(&api()?, "runtime")?;
    let f: Function = get(&runtime, "sendMessage")?.dyn_into()?;
    f.call1(&runtime, &to_value(message)?)?
        .dyn_into::<Promise>()
}

/// The typed answer to a message sent with [`post`].
pub async fn reply<R: serde::de::DeserializeOwned>(pending: Promise) -> Result<R, JsValue> {
    from_value(JsFuture::from(pending).await?)
}

/// Sends a typed message to the background and reads its typed answer.
pub async fn ask<T: serde::Serialize, R: serde::de::DeserializeOwned>(
    message: &T,
) -> Result<R, JsValue> {
    reply(post(message)?).await
}

/// Sends a message to the background now and returns the pending answer, so that other work can
/// go on while the background handles it; [`answer`] reads it.
pub fn send_now(message: &serde_json::Value) -> Result<Promise, JsValue> {
    let text = serde_json::to_string(message).map_err(|e| JsValue::from_str(&e.to_string()))?;
    let runtime = get(&api()?, "runtime")?;
    let f: Function = get(&runtime, "sendMessage")?.dyn_into()?;
    f.call1(&runtime, &JSON::parse(&text)?)?
        .dyn_into::<Promise>()
}

/// The answer to a message sent with [`send_now`], as JSON.
pub async fn answer(pending: Promise) -> Result<serde_json::Value, JsValue> {
    from_js(&JsFuture::from(pending).await?)
}

/// Sends a message to the background and returns its answer as JSON.
pub async fn send(message: &serde_json::Value) -> Result<serde_json::Value, JsValue> {
    let text = serde_json::to_string(message).map_err(|e| JsValue::from_str(&e.to_string()))?;
    let reply = call(&["runtime", "sendMessage"], &[JSON::parse(&text)?]).await?;
    from_js(&reply)
}

/// A JS value as JSON (undefined → null).
pub fn from_js(v: &JsValue) -> Result<serde_json::Value, JsValue> {
    if v.is_undefined() {
        return Ok(serde_json::Value::Null);
    }
    let text = JSON::stringify(v)?
        .as_string()
        .unwrap_or_else(|| "null".into());
    serde_json::from_str(&text).map_err(|e| JsValue::from_str(&e.to_string()))
}

/// JSON as a JS value.
pub fn to_js(v: &serde_json::Value) -> Result<JsValue, JsValue> {
    let text = serde_json::to_string(v).map_err(|e| JsValue::from_str(&e.to_string()))?;
    JSON::parse(&text)
}

/// An empty JS object.
pub fn object() -> Object {
    Object::new()
}
