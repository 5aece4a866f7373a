//! User-visible strings: every one comes from `_locales/<lang>/messages.json` through the
//! browser's i18n API, so the panel follows the browser's UI language.

use crate::pure::hash::Map;
use std::cell::{OnceCell, RefCell};

use js_sys::{Array, Function, Reflect};
use wasm_bindgen::{JsCast, JsValue};

// The browser's language cannot change under a loaded page or extension page, so messages
// without substitutions, the language and its number format are fetched once: the panel asks
// for the same few labels on every one of hundreds of rows.
thread_local! {
    static MESSAGES: RefCell<Map<String, String>> = RefCell::new(Map::default());
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
            MESSAGES.with(|c| c.borrow_mut().insert(key.to_string(), m.clone()));
            m
        }
        None => key.to_string(),
    }
}

/// A marker the browser puts where a substitution goes, so that each message with placeholders
/// is fetched once (a private-use character followed by the substitution's number, 1–9).
const SLOT: char = '\u{E000}';

/// The message `key` with `$1`, `$2`… placeholders filled.
///
/// The browser fills the placeholders of a message once, with markers, and the result is kept:
/// the panel labels hundreds of rows with the same message and a different name, and each call
/// into the i18n API costs more than filling the markers here. Page text in `subs` is inserted
/// as it is, once, in one pass (a marker inside a name is never filled again).
pub fn tf(key: &str, subs: &[String]) -> String {
    if subs.is_empty() || subs.len() > 9 {
        return get_message(key, subs).unwrap_or_else(|| format!("{key} {}", subs.join(" ")));
    }
    let cache_key = format!("{key}\u{1}{}", subs.len());
    let template = MESSAGES
        .with(|m| m.borrow().get(&cache_key).cloned())
        .or_else(|| {
            let slots: Vec<String> = (1..=subs.len()).map(|i| format!("{SLOT}{i}")).collect();
            let m = get_message(key, &slots)?;
            MESSAGES.with(|c| c.borrow_mut().insert(cache_key, m.clone()));
            Some(m)
        });
    match template {
        Some(m) => fill(&m, subs),
        None => format!("{key} {}", subs.join(" ")),
    }
}

/// `template` with each marker [`SLOT`]`n` replaced by `subs[n - 1]`.
fn fill(template: &str, subs: &[String]) -> String {
    let mut out =
        String::with_capacity(template.len() + subs.iter().map(String::len).sum::<usize>());
    let mut chars = template.chars().peekable();
    while let Some(c) = chars.next() {
        if c == SLOT {
            if let Some(sub) = chars
                .peek()
                .and_then(|d| d.to_digit(10))
                .and_then(|d| subs.get((d as usize).wrapping_sub(1)))
            {
                chars.next();
                out.push_str(sub);
                continue;
            }
        }
        out.push(c);
    }
    out
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

#[cfg(test)]
mod tests {
    use super::{fill, SLOT};

    fn subs(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn markers_are_filled_in_the_message_order() {
        let t = format!("Ledger exported to {SLOT}2 (entries: {SLOT}1).");
        assert_eq!(
            fill(&t, &subs(&["12", "ledger.csv"])),
            "Ledger exported to ledger.csv (entries: 12)."
        );
        let twice = format!("{SLOT}1 and {SLOT}1");
        assert_eq!(fill(&twice, &subs(&["Ana"])), "Ana and Ana");
    }

    #[test]
    fn page_text_is_inserted_once_as_it_is() {
        // A name holding a marker, a dollar sign or a digit after the insertion is not filled again.
        let t = format!("Select {SLOT}1");
        let odd = format!("Zoë {SLOT}1 $1 $$");
        assert_eq!(fill(&t, &subs(&[&odd])), format!("Select {odd}"));
        assert_eq!(fill(&format!("{SLOT}12"), &subs(&["a"])), "a2");
    }

    #[test]
    fn a_marker_without_its_substitution_is_left_as_it_is() {
        let t = format!("{SLOT}3 {SLOT}x {SLOT}");
        assert_eq!(fill(&t, &subs(&["a"])), t);
        assert_eq!(fill(&format!("{SLOT}0"), &subs(&["a"])), format!("{SLOT}0"));
    }
}
