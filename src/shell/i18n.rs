//! User-visible strings: every one comes from `_locales/<lang>/messages.json` through the
//! browser's i18n API, so the panel follows the browser's UI language.

use std::cell::{OnceCell, RefCell};
use std::collections::HashMap;

use js_sys::{Array, Function, Reflect};
use wasm_bindgen::{JsCast, JsValue};

// The browser's language cannot change under a loaded page or extension page, so messages
// without substitutions, the language and its number format are fetched once: the panel asks
// for the same few labels on every one of hundreds of rows.
thread_local! {
    static MESSAGES: RefCell<HashMap<String, String>> = RefCell::new(HashMap::new());
    static LANGUAGE: OnceCell<String> = const { OnceCell::new() };
    static NUMBER_FORMAT: OnceCell<js_sys::Intl::NumberFormat> = const { OnceCell::new() };
}

fn get_message(key: &str, subs: &[String]) -> Option<String> {
    let api = super::ext::api().ok()?;
    let i18n = Reflect::get(&api, &JsValue::from_str("i18n")).ok()?;
    let f: Function = Reflect::get(&i18n, &JsValue::from_str("getMessage"))
        .ok()?
        .dyn_into()
        .ok()?;
    let arr = Array::new();
    for s in subs {
        arr.push(&JsValue::from_str(s));
    }
    let v = f
        .call2(&i18n, &JsValue::from_str(key), &arr)
        .ok()?
        .as_string()?;
    (!v.is_empty()).then_some(v)
}

/// The message `key` in the browser's language (the key itself if the catalogue lacks it, which
/// the locale-completeness test forbids).
pub fn t(key: &str) -> String {
    if let Some(m) = MESSAGES.with(|m| m.borrow().get(key).cloned()) {
        return m;
    }
    match get_message(key, &[]) {
        Some(m) => {
            // The panel sets the same label on many rows: copy it into the page once.
            wasm_bindgen::intern(&m);
            MESSAGES.with(|c| c.borrow_mut().insert(key.to_string(), m.clone()));
            m
        }
        None => key.to_string(),
    }
}

/// The message `key` with `$1`, `$2`… placeholders filled.
pub fn tf(key: &str, subs: &[String]) -> String {
    get_message(key, subs).unwrap_or_else(|| format!("{key} {}", subs.join(" ")))
}

/// The browser's UI language ("en", "fr", "pt-BR"), for number and date formatting.
pub fn ui_language() -> String {
    LANGUAGE.with(|l| l.get_or_init(read_ui_language).clone())
}

fn read_ui_language() -> String {
    (|| -> Option<String> {
        let api = super::ext::api().ok()?;
        let i18n = Reflect::get(&api, &JsValue::from_str("i18n")).ok()?;
        let f: Function = Reflect::get(&i18n, &JsValue::from_str("getUILanguage"))
            .ok()?
            .dyn_into()
            .ok()?;
        f.call0(&i18n).ok()?.as_string()
    })()
    .unwrap_or_else(|| "en".into())
}

/// A whole number formatted for the UI language (1,100 / 1 100). The fallback formats an
/// integer: float formatting would add 15 KB of code to the core for nothing.
pub fn num(n: impl Into<f64>) -> String {
    let n: f64 = n.into();
    NUMBER_FORMAT
        .with(|f| {
            f.get_or_init(|| {
                js_sys::Intl::NumberFormat::new(
                    &Array::of1(&JsValue::from_str(&ui_language())),
                    &js_sys::Object::new(),
                )
            })
            .format()
        })
        .call1(&JsValue::NULL, &JsValue::from_f64(n))
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_else(|| (n.round() as i64).to_string())
}

/// A local date and time formatted for the UI language.
pub fn datetime(ms: f64) -> String {
    let d = js_sys::Date::new(&JsValue::from_f64(ms));
    d.to_locale_string(&ui_language(), &JsValue::UNDEFINED)
        .as_string()
        .unwrap_or_default()
}

/// A local date formatted for the UI language.
pub fn date(ms: f64) -> String {
    let d = js_sys::Date::new(&JsValue::from_f64(ms));
    d.to_locale_date_string(&ui_language(), &JsValue::UNDEFINED)
        .as_string()
        .unwrap_or_default()
}
