//! Waits for the sent list to arrive before anything judges the page.
//!
//! On the real page the list often comes after the panel: after an in-app move from Received
//! to Sent, after LinkedIn switches tabs by itself, and whenever the server is slow, there is a
//! skeleton and no list for seconds. The "Manage invitations" title is there all the time, so
//! nothing on a page without its list says "empty" until the page has settled. The rules:
//! - cards in the list (either layout): the list is there;
//! - the URL or the selected tab is not the People list: elsewhere;
//! - no cards, and the People count is 0 (after [`EMPTY_AFTER_ZERO_MS`]) or absent (after
//!   [`EMPTY_AFTER_NO_COUNT_MS`]), and `main` has not changed for [`QUIET_MS`]: empty;
//! - a People count above zero never means empty; past the bound the list is missing, which the
//!   verdict calls "layout unknown", never "empty".
//!
//! These waits follow the PAGE's speed, so the test builds' time scale does not shorten them.

use web_sys::{Document, Element};

use super::reader::{self, Found, Tabs};
use super::{first_doc, selectors as s, watch};
use crate::pure::page::{classify, PageKind};
use crate::pure::scan::Arrival;
use crate::shell::sys;

/// How long the list may take to come before the page is judged without it.
pub const LIST_BOUND_MS: f64 = 20_000.0;
/// `main` unchanged this long: the page has settled.
pub const QUIET_MS: f64 = 1_500.0;
/// With "People (0)": judged empty no sooner than this after the wait began.
pub const EMPTY_AFTER_ZERO_MS: f64 = 2_000.0;
/// With no People count at all (the empty page shows none, but neither may a skeleton).
pub const EMPTY_AFTER_NO_COUNT_MS: f64 = 6_000.0;

/// The list, when it holds at least one card.
fn list_with_cards(doc: &Document) -> Option<Found> {
    let found = reader::find_list(doc)?;
    let css = match found.layout {
        crate::pure::scan::Layout::Current => s::ROW_C.css(),
        crate::pure::scan::Layout::Legacy => s::ROW_B.css(),
    };
    found.list.query_selector(css).ok().flatten().map(|_| found)
}

/// What the page says right now, without waiting: `Ok` when it is decided, with the tabs as read
/// for it (loading needs the People count next); `Err` with the tabs when it is not (the wait
/// needs the count too). Reading the tabs walks the whole page, so it is read once a check.
fn decided(doc: &Document, url: &str) -> Result<(Arrival, Option<Tabs>), Tabs> {
    if classify(url) != PageKind::SentPeople {
        return Ok((Arrival::Elsewhere, None));
    }
    let tabs = reader::tabs(doc);
    if tabs.pages_selected {
        return Ok((Arrival::Elsewhere, Some(tabs)));
    }
    match list_with_cards(doc) {
        Some(_) => Ok((Arrival::List, Some(tabs))),
        None => Err(tabs),
    }
}

/// The page judged as if it had settled long ago (static pages, tests): list, elsewhere, empty
/// (no cards and a count of 0 or none), or missing (a count above zero without cards).
pub fn judge_settled(doc: &Document, url: &str) -> Arrival {
    match decided(doc, url) {
        Ok((a, _)) => a,
        Err(tabs) => match tabs.people_count {
            Some(0) | None => Arrival::Empty,
            Some(_) => Arrival::Missing,
        },
    }
}

/// A cheap fingerprint of `main`: changes when anything in it is added, removed or retexted.
fn main_signature(doc: &Document) -> (u32, usize) {
    match first_doc(doc, &s::MAIN) {
        Some(m) => (
            m.get_elements_by_tag_name("*").length(),
            m.text_content().map(|t| t.len()).unwrap_or(0),
        ),
        None => (0, 0),
    }
}

/// Waits (observer-driven, bounded by `bound_ms` of visible time) until the page is decided.
/// `url()` is where the tab is now; `waiting(ms)` is told how long it has waited so far, when the
/// wait begins, when the page changes and every second. Returns how the wait ended, and the tabs
/// as read when the page was decided (None when the URL alone decided it, or the wait ended
/// undecided); nothing is awaited between that read and the return.
pub async fn wait_for_list(
    doc: &Document,
    url: &dyn Fn() -> String,
    bound_ms: f64,
    waiting: &dyn Fn(f64),
    cancelled: &dyn Fn() -> bool,
) -> (Arrival, Option<Tabs>) {
    let Some(body) = doc.body() else {
        return (Arrival::Missing, None);
    };
    let body: Element = body.into();
    let start = sys::now_ms();
    let mut hidden_ms = 0.0;
    let mut last_change = start;
    // Taken only once the page is found undecided: most scans find the list at once, and the
    // fingerprint copies `main`'s whole text (a megabyte on a long list) into the core.
    let mut last_sig: Option<(u32, usize)> = None;
    loop {
        let tabs = match decided(doc, &url()) {
            Ok(d) => return d,
            Err(tabs) => tabs,
        };
        if cancelled() {
            return (Arrival::Missing, None);
        }
        let now = sys::now_ms();
        let elapsed = now - start - hidden_ms;
        if elapsed >= bound_ms {
            return (Arrival::Missing, None);
        }
        let sig = Some(main_signature(doc));
        if sig != last_sig {
            if last_sig.is_some() {
                last_change = now;
            }
            last_sig = sig;
        }
        let eligible_at = match tabs.people_count {
            Some(0) => Some(start + hidden_ms + EMPTY_AFTER_ZERO_MS),
            None => Some(start + hidden_ms + EMPTY_AFTER_NO_COUNT_MS),
            Some(_) => None,
        };
        let quiet_at = last_change + QUIET_MS;
        if let Some(at) = eligible_at {
            if now >= at && now >= quiet_at {
                return (Arrival::Empty, None);
            }
        }
        waiting(elapsed);
        let deadline = start + hidden_ms + bound_ms;
        let next = match eligible_at {
            Some(at) => at.max(quiet_at).min(deadline),
            None => deadline,
        };
        if watch::tab_hidden() {
            // A hidden tab may not render the list at all: the time away does not count.
            let away = sys::now_ms();
            watch::until_visible().await;
            hidden_ms += sys::now_ms() - away;
            continue;
        }
        // Woken by any change of the page, and once a second so the panel can count the wait.
        let sleep = (next - now).clamp(1.0, 1_000.0);
        watch::until_change(&body, sleep as u64).await;
    }
}
