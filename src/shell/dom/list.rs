//! Loads the whole sent list: lazy scrolling (window or inner container), "Load more" buttons,
//! numbered pages on the legacy layout. Only ever clicks load-more and pagination controls.

use crate::pure::hash::Map;

use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlElement, ScrollIntoViewOptions, ScrollLogicalPosition};

use super::reader::{self, Found, Tabs};
use super::selectors as s;
use super::{all_doc, all_in, first_doc, is_rendered, label_is, watch};
use crate::pure::invitation::RawRow;
use crate::pure::scan::Layout;
use crate::shell::sys;

/// What loading produced.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub layout: Layout,
    /// Every row read, page order, not yet deduplicated (the core does that).
    pub raws: Vec<RawRow>,
    /// Rows with a withdraw control.
    pub with_withdraw: usize,
    /// False when the time bound cut loading short: missing rows must not be read as gone.
    pub complete: bool,
    /// Legacy layout: the page (0-based) each profile href was seen on, and the page shown now.
    pub pages: Map<String, u32>,
    pub current_page: u32,
}

/// How long one "did more rows arrive?" wait lasts, and how many empty waits end loading.
const GROW_WAIT_MS: u64 = 2_500;
const EMPTY_ROUNDS: u32 = 2;
const PAGE_WAIT_MS: u64 = 8_000;

fn load_more_button(doc: &Document) -> Option<HtmlElement> {
    thread_local! {
        // Every button of `main` but the cards' own withdraw and see-more controls, which are
        // one or two per row: reading the label of each would cost more than the scan.
        static CANDIDATES: String = format!(
            ":is(button, a[role=button]):not({}, {})",
            s::WITHDRAW.css(),
            s::SEE_MORE_C.css()
        );
    }
    let main = first_doc(doc, &s::MAIN)?;
    CANDIDATES
        .with(|css| super::all_css(&main, css))
        .into_iter()
        .find(|b| label_is(b, s::LOAD_MORE_WORDS) && is_rendered(b) && !b.has_attribute("disabled"))
        .and_then(|b| b.dyn_into::<HtmlElement>().ok())
}

/// The nearest ancestor of `el` that scrolls its content (LinkedIn sometimes scrolls an inner
/// container rather than the window).
fn scroller_of(el: &Element) -> Option<Element> {
    let window = web_sys::window()?;
    let mut cur = el.parent_element();
    while let Some(e) = cur {
        if e.scroll_height() > e.client_height() + 4 {
            if let Ok(Some(style)) = window.get_computed_style(&e) {
                let oy = style.get_property_value("overflow-y").unwrap_or_default();
                if oy == "auto" || oy == "scroll" {
                    return Some(e);
                }
            }
        }
        cur = e.parent_element();
    }
    None
}

fn scroll_to_end(found: &Found, last: Option<&Element>) {
    if let Some(last) = last {
        let opts = ScrollIntoViewOptions::new();
        opts.set_block(ScrollLogicalPosition::End);
        last.scroll_into_view_with_scroll_into_view_options(&opts);
    }
    if let Some(sc) = scroller_of(&found.list) {
        sc.set_scroll_top(sc.scroll_height());
    }
    if let Some(w) = web_sys::window() {
        let h = w
            .document()
            .and_then(|d| d.document_element())
            .map(|e| e.scroll_height())
            .unwrap_or(0);
        w.scroll_to_with_x_and_y(0.0, h as f64);
    }
}

fn raw_count(found: &Found) -> u32 {
    let css = match found.layout {
        Layout::Current => s::ROW_C.css(),
        Layout::Legacy => s::ROW_B.css(),
    };
    found
        .list
        .query_selector_all(css)
        .map(|l| l.length())
        .unwrap_or(0)
}

/// Loads every row, reporting `(rows so far, the page's own count)` as it goes. Gives up after
/// `budget_ms` (then `complete` is false) or when `cancelled()` says so.
pub async fn load_all(
    doc: &Document,
    tabs: Option<Tabs>,
    budget_ms: f64,
    progress: &dyn Fn(usize, Option<u32>),
    cancelled: &dyn Fn() -> bool,
) -> Option<Loaded> {
    let found = reader::find_list(doc)?;
    // The People count loading aims for: from `tabs` when the caller has just read them.
    let target = tabs.unwrap_or_else(|| reader::tabs(doc)).people_count;
    match found.layout {
        Layout::Current => {
            Some(load_lazy(doc, found, target, budget_ms, progress, cancelled).await)
        }
        Layout::Legacy => {
            Some(load_pages(doc, found, target, budget_ms, progress, cancelled).await)
        }
    }
}

async fn load_lazy(
    doc: &Document,
    mut found: Found,
    target: Option<u32>,
    budget_ms: f64,
    progress: &dyn Fn(usize, Option<u32>),
    cancelled: &dyn Fn() -> bool,
) -> Loaded {
    let started = sys::now_ms();
    let mut empty_rounds = 0;
    let mut complete = true;
    // The cards as last queried, when nothing changed since: reading needs them again.
    let mut settled: Option<Vec<Element>> = None;
    loop {
        let rows = reader::rows(&found);
        progress(rows.len(), target);
        if target.is_some_and(|n| rows.len() >= n as usize) && load_more_button(doc).is_none() {
            settled = Some(rows);
            break;
        }
        if sys::now_ms() - started > budget_ms || cancelled() {
            complete = false;
            break;
        }
        let before = raw_count(&found);
        match load_more_button(doc) {
            Some(b) => b.click(),
            None => scroll_to_end(&found, rows.last()),
        }
        let f = found.clone();
        let grew = watch::until(&found.list, GROW_WAIT_MS, move || raw_count(&f) > before).await;
        if grew {
            empty_rounds = 0;
        } else {
            empty_rounds += 1;
            if empty_rounds >= EMPTY_ROUNDS {
                break;
            }
        }
        // The list element can be replaced by a re-render: find it again.
        match reader::find_list(doc) {
            Some(f) => found = f,
            None => {
                complete = false;
                break;
            }
        }
    }
    let rows = settled.unwrap_or_else(|| reader::rows(&found));
    let raws: Vec<RawRow> = reader::read_rows(&found, &rows);
    let with_withdraw = raws.iter().filter(|r| r.has_withdraw).count();
    Loaded {
        layout: Layout::Current,
        raws,
        with_withdraw,
        complete,
        pages: Map::default(),
        current_page: 0,
    }
}

fn enabled(el: &Element) -> bool {
    !el.has_attribute("disabled")
        && el.get_attribute("aria-disabled").as_deref() != Some("true")
        && is_rendered(el)
}

fn first_href(found: &Found) -> String {
    all_in(&found.list, &s::ROW_B)
        .first()
        .and_then(|r| super::first_in(r, &s::LINK_B))
        .and_then(|a| a.get_attribute("href"))
        .unwrap_or_default()
}

/// Clicks a pagination control and waits for the list to show another page.
pub async fn turn_page(doc: &Document, control: &s::Sel) -> bool {
    let Some(found) = reader::find_list(doc) else {
        return false;
    };
    let Some(btn) = all_doc(doc, control).into_iter().find(enabled) else {
        return false;
    };
    let before = first_href(&found);
    let Ok(btn) = btn.dyn_into::<HtmlElement>() else {
        return false;
    };
    btn.click();
    let d = doc.clone();
    let target: web_sys::Node = doc
        .body()
        .map(Into::into)
        .unwrap_or_else(|| found.list.clone().into());
    watch::until(&target, PAGE_WAIT_MS, move || {
        reader::find_list(&d)
            .map(|f| first_href(&f))
            .is_some_and(|h| !h.is_empty() && h != before)
    })
    .await
}

async fn load_pages(
    doc: &Document,
    found: Found,
    target: Option<u32>,
    budget_ms: f64,
    progress: &dyn Fn(usize, Option<u32>),
    cancelled: &dyn Fn() -> bool,
) -> Loaded {
    let started = sys::now_ms();
    let mut raws = Vec::new();
    let mut pages = Map::default();
    let mut page = 0u32;
    let mut complete = true;
    let mut found = found;
    // The member may be on a later page: go back to the first, so no page is missed.
    let mut back = 0;
    while all_doc(doc, &s::PREV_PAGE_B)
        .into_iter()
        .any(|b| enabled(&b))
        && back < 200
    {
        if !turn_page(doc, &s::PREV_PAGE_B).await {
            break;
        }
        back += 1;
    }
    if back > 0 {
        match reader::find_list(doc) {
            Some(f) => found = f,
            None => {
                return Loaded {
                    layout: Layout::Legacy,
                    raws,
                    with_withdraw: 0,
                    complete: false,
                    pages,
                    current_page: 0,
                }
            }
        }
    }
    loop {
        for r in reader::rows(&found) {
            let raw = reader::read_row(&r, Layout::Legacy);
            pages.entry(raw.profile_href.clone()).or_insert(page);
            raws.push(raw);
        }
        progress(raws.len(), target);
        if all_doc(doc, &s::NEXT_PAGE_B)
            .into_iter()
            .all(|b| !enabled(&b))
        {
            break;
        }
        if sys::now_ms() - started > budget_ms || cancelled() {
            complete = false;
            break;
        }
        if !turn_page(doc, &s::NEXT_PAGE_B).await {
            complete = false;
            break;
        }
        page += 1;
        match reader::find_list(doc) {
            Some(f) => found = f,
            None => {
                complete = false;
                break;
            }
        }
    }
    let with_withdraw = raws.iter().filter(|r| r.has_withdraw).count();
    Loaded {
        layout: Layout::Legacy,
        raws,
        with_withdraw,
        complete,
        pages,
        current_page: page,
    }
}
