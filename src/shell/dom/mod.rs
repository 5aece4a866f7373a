//! DOM access: the selector registry, the reader, the list loader, the panel and the clicks.

pub mod actor;
pub mod arrival;
pub mod list;
pub mod panel;
pub mod reader;
pub mod selectors;
pub mod watch;

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Element, NodeList, Window};

use selectors::Sel;

pub fn window() -> Result<Window, JsValue> {
    web_sys::window().ok_or_else(|| JsValue::from_str("no window"))
}

pub fn document() -> Result<Document, JsValue> {
    window()?
        .document()
        .ok_or_else(|| JsValue::from_str("no document"))
}

/// The elements of a `querySelectorAll` result, in its order. Such a list holds only elements
/// (DOM standard), so each item is taken as one without asking the page (`instanceof`): that
/// would be one more call per element on lists of thousands. Only for `querySelectorAll`.
pub fn collect(list: Result<NodeList, JsValue>) -> Vec<Element> {
    let Ok(list) = list else { return Vec::new() };
    let n = list.length();
    let mut out = Vec::with_capacity(n as usize);
    for i in 0..n {
        if let Some(node) = list.item(i) {
            out.push(node.unchecked_into::<Element>());
        }
    }
    out
}

/// Every match of `sel` under an element, in document order.
pub fn all_in(root: &Element, sel: &Sel) -> Vec<Element> {
    collect(root.query_selector_all(sel.css()))
}

/// Every match of `sel` in the document, in document order.
pub fn all_doc(doc: &Document, sel: &Sel) -> Vec<Element> {
    collect(doc.query_selector_all(sel.css()))
}

/// Every match of a raw CSS selector under a node that can be queried.
pub fn all_css(root: &Element, css: &str) -> Vec<Element> {
    collect(root.query_selector_all(css))
}

pub fn first_in(root: &Element, sel: &Sel) -> Option<Element> {
    root.query_selector(sel.css()).ok().flatten()
}

pub fn first_doc(doc: &Document, sel: &Sel) -> Option<Element> {
    doc.query_selector(sel.css()).ok().flatten()
}

/// An element's text with every run of whitespace (NBSP, U+202F included) folded to one space.
pub fn text(el: &Element) -> String {
    fold_ws(&el.text_content().unwrap_or_default())
}

/// An element's folded text without the text of its descendants matching `skip` (only the
/// outermost of nested matches is taken out, each once).
pub fn text_outside(el: &Element, skip: &Sel) -> String {
    let mut t = el.text_content().unwrap_or_default();
    let found = all_in(el, skip);
    for (i, b) in found.iter().enumerate() {
        if found[..i].iter().any(|o| o.contains(Some(b))) {
            continue;
        }
        if let Some(bt) = b.text_content() {
            if !bt.is_empty() {
                t = t.replacen(&bt, " ", 1);
            }
        }
    }
    fold_ws(&t)
}

/// Runs of whitespace (any Unicode space, and the zero-width space LinkedIn puts in names) become
/// one space; the ends are trimmed. Every text the reader takes goes through here, so ASCII text,
/// most of a card, is folded byte by byte instead of char by char.
pub fn fold_ws(s: &str) -> String {
    if !s.is_ascii() {
        return fold_ws_chars(s);
    }
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < b.len() {
        while i < b.len() && is_ascii_space(b[i]) {
            i += 1;
        }
        let start = i;
        while i < b.len() && !is_ascii_space(b[i]) {
            i += 1;
        }
        if start < i {
            if !out.is_empty() {
                out.push(' ');
            }
            // ASCII: every index is a char boundary.
            out.push_str(s.get(start..i).unwrap_or_default());
        }
    }
    out
}

/// The ASCII characters `char::is_whitespace` holds true for.
fn is_ascii_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t'..=b'\r')
}

fn fold_ws_chars(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split(|c: char| c.is_whitespace() || c == '\u{200b}') {
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Lower-cased folded text, for comparing with the registry's word lists.
pub fn lower_text(el: &Element) -> String {
    text(el).to_lowercase()
}

/// Whether an element's own label (aria-label, else text) is one of `words`.
pub fn label_is(el: &Element, words: &[&str]) -> bool {
    let label = el
        .get_attribute("aria-label")
        .map(|s| fold_ws(&s).to_lowercase());
    let t = lower_text(el);
    let t = t.trim_start_matches('…').trim();
    words
        .iter()
        .any(|w| t == *w || label.as_deref() == Some(*w))
}

/// Whether the element is rendered (has a box); hidden controls are never clicked.
pub fn is_rendered(el: &Element) -> bool {
    el.get_client_rects().length() > 0
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn folds_runs_and_trims() {
        assert_eq!(fold_ws("\n   Sent 3 weeks ago\n  "), "Sent 3 weeks ago");
        assert_eq!(fold_ws("a\t\x0b\x0cb\r\nc"), "a b c");
        assert_eq!(fold_ws("Ana\u{200b}Silva\u{a0}\u{202f}x"), "Ana Silva x");
        assert_eq!(fold_ws("   "), "");
    }

    proptest! {
        /// The byte-wise ASCII path folds exactly as the char-wise one.
        #[test]
        fn the_ascii_path_folds_as_the_char_path(s in "[ -~\t\n\r\x0b\x0c]{0,40}") {
            prop_assert_eq!(fold_ws(&s), fold_ws_chars(&s));
        }
    }
}
