//! Ledger exports, shared by the panel and the popup: the ledger from the background, the file
//! name and format from the core, and the file offered through a temporary download link.

use js_sys::Array;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::spawn_local;
use web_sys::{Document, Node};

use crate::pure::ledger::{export_file_name, to_csv, to_json, LedgerEntry};
use crate::shell::sys;

/// Exports `entries` as `kind` ("csv" or "json") through a link appended to `parent` (the
/// panel's shadow root or the popup). Returns the file name and the number of entries. Each
/// caller fetches the ledger its own way: the content script's core carries no serde.
pub fn export_ledger(
    doc: &Document,
    parent: &Node,
    kind: &str,
    entries: &[LedgerEntry],
) -> Result<(String, usize), JsValue> {
    let now = sys::now_ms();
    let name = export_file_name(now, sys::utc_offset_min(now), kind);
    let (body, mime) = if kind == "csv" {
        (to_csv(entries), "text/csv")
    } else {
        (to_json(entries), "application/json")
    };
    offer_file(doc, parent, &name, &body, mime)?;
    Ok((name, entries.len()))
}

fn offer_file(
    doc: &Document,
    parent: &Node,
    name: &str,
    body: &str,
    mime: &str,
) -> Result<(), JsValue> {
    let parts = Array::of1(&JsValue::from_str(body));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(&format!("{mime};charset=utf-8"));
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let a: web_sys::HtmlAnchorElement = doc.create_element("a")?.dyn_into()?;
    a.set_href(&url);
    a.set_download(name);
    a.set_attribute("class", "invite-sweeper-download")?;
    parent.append_child(&a)?;
    a.click();
    a.remove();
    // Revoke later: the browser reads the URL asynchronously.
    spawn_local(async move {
        sys::sleep(60_000).await;
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    Ok(())
}
