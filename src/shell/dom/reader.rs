//! Stage one of parsing: the rendered list → plain strings per row ([`RawRow`]), and the page
//! facts the core judges. Reads `textContent` only (never `innerText`, which forces layout).

use web_sys::{Document, Element};

use super::selectors::{self as s, Sel};
use super::{all_in, collect, first_doc, first_in, fold_ws, text};
use crate::pure::age::{parse_age, parse_sent_age};
use crate::pure::invitation::{profile_path, RawRow};
use crate::pure::page::{classify, PageKind};
use crate::pure::scan::{count_in_label, Arrival, Layout, PageFacts};
use crate::pure::words;

/// The list the reader recognised.
#[derive(Debug, Clone)]
pub struct Found {
    pub layout: Layout,
    pub list: Element,
}

/// Finds the sent list: the current layout first (it is what members see today), then legacy.
pub fn find_list(doc: &Document) -> Option<Found> {
    if let Some(list) = first_doc(doc, &s::LIST_C) {
        return Some(Found {
            layout: Layout::Current,
            list,
        });
    }
    first_doc(doc, &s::LIST_B).map(|list| Found {
        layout: Layout::Legacy,
        list,
    })
}

/// The invitation cards of a list. In the current layout cards nest further listitems, so only
/// the outermost within the list count.
pub fn rows(found: &Found) -> Vec<Element> {
    match found.layout {
        Layout::Legacy => all_in(&found.list, &s::ROW_B),
        Layout::Current => match found.list.query_selector_all(s::CARD_C.css()) {
            Ok(cards) => super::collect(Ok(cards)),
            // A browser without `:scope` inside `:not()`: walk up from every listitem instead.
            Err(_) => outermost(found),
        },
    }
}

fn outermost(found: &Found) -> Vec<Element> {
    let css = s::ROW_C.css();
    all_in(&found.list, &s::ROW_C)
        .into_iter()
        .filter(|el| {
            let outer = el
                .parent_element()
                .and_then(|p| p.closest(css).ok().flatten());
            match outer {
                None => true,
                Some(o) => !found.list.contains(Some(&o)) || o == found.list,
            }
        })
        .collect()
}

/// The strings of one card.
pub fn read_row(row: &Element, layout: Layout) -> RawRow {
    match layout {
        Layout::Current => read_current(row),
        Layout::Legacy => read_legacy(row),
    }
}

fn attr(el: &Element, name: &str) -> String {
    el.get_attribute(name).unwrap_or_default()
}

fn note_text(row: &Element, box_sel: &Sel, more: &Sel) -> Option<String> {
    note_in(&first_in(row, box_sel)?, more)
}

/// The note in its box: a clamped legacy note's lines joined, the "…see more" left out.
fn note_in(b: &Element, more: &Sel) -> Option<String> {
    // A clamped legacy note is one span per visual line: their texts touch without a space.
    let lines = all_in(b, &s::CLAMP_LINE_B);
    let t = if lines.is_empty() {
        super::text_outside(b, more)
    } else {
        lines.iter().map(text).collect::<Vec<_>>().join(" ")
    };
    let t = t
        .trim_end_matches("see more")
        .trim_end_matches('…')
        .trim()
        .to_string();
    (!t.is_empty()).then_some(t)
}

fn name_from_avatar(row: &Element) -> Option<String> {
    let el = first_in(row, &s::AVATAR_NAME)?;
    let label = el
        .get_attribute("alt")
        .or_else(|| el.get_attribute("aria-label"))?;
    let label = fold_ws(&label);
    let name = label
        .trim_end_matches("profile picture")
        .trim_end()
        .trim_end_matches("\u{2019}s")
        .trim_end_matches("'s")
        .trim();
    (!name.is_empty()).then(|| name.to_string())
}

/// One card of the current layout, in few queries: every crossing into the page costs more than
/// the parsing (bench/results.md).
fn read_current(row: &Element) -> RawRow {
    let link = first_in(row, &s::PROFILE_LINK);
    let profile_href = link.as_ref().map(|a| attr(a, "href")).unwrap_or_default();

    // Text lines of the card outside the note and outside controls, in order (not the
    // paragraph that holds the note).
    let note_box = first_in(row, &s::NOTE_C);
    let lines: Vec<(Element, String)> = all_in(row, &s::LINE_C)
        .into_iter()
        .filter(|l| note_box.as_ref().is_none_or(|b| !l.contains(Some(b))))
        .map(|el| {
            let t = text(&el);
            (el, t)
        })
        .filter(|(_, t)| !t.is_empty())
        .collect();

    // The name: the first line inside a profile link, else a link's text, else the first line,
    // else the avatar's alt text.
    let link_css = s::PROFILE_LINK.css();
    let name = lines
        .iter()
        .find(|(el, _)| el.closest(link_css).ok().flatten().is_some())
        .map(|(_, t)| t.clone())
        .or_else(|| {
            link.as_ref()?;
            all_in(row, &s::PROFILE_LINK)
                .iter()
                .map(text)
                .find(|t| !t.is_empty())
        })
        .or_else(|| lines.first().map(|(_, t)| t.clone()))
        .or_else(|| name_from_avatar(row))
        .unwrap_or_default();

    let texts: Vec<String> = lines.into_iter().map(|(_, t)| t).collect();
    card_row(
        name,
        profile_href,
        &texts,
        note_box.and_then(|b| note_in(&b, &s::SEE_MORE_C)),
        first_in(row, &s::WITHDRAW).is_some(),
    )
}

/// A current card's strings from its text lines: the age by its words, the headline the first
/// other line (a line starting with the name is the name again, with a badge).
fn card_row(
    name: String,
    profile_href: String,
    lines: &[String],
    note: Option<String>,
    has_withdraw: bool,
) -> RawRow {
    let age_text = lines
        .iter()
        .find(|t| parse_sent_age(t).is_some())
        .or_else(|| {
            lines
                .iter()
                .find(|t| parse_age(t).is_some() && t.len() < 40)
        })
        .or_else(|| lines.iter().find(|t| looks_like_age(t)))
        .cloned()
        .unwrap_or_default();
    let headline = lines
        .iter()
        .find(|t| {
            **t != name && **t != age_text && !(name.len() > 2 && t.starts_with(name.as_str()))
        })
        .cloned()
        .unwrap_or_default();
    RawRow {
        name,
        profile_href,
        headline,
        age_text,
        note,
        has_withdraw,
    }
}

/// Every card of a current-layout list, read with one query per field over the whole list
/// instead of a handful per card: each element is assigned to the card that contains it, walking
/// both in document order (the same strings as [`read_row`], card by card; tier 2 checks it).
/// Per-card queries were most of a rescan's time (bench/results.md).
pub fn read_rows(found: &Found, cards: &[Element]) -> Vec<RawRow> {
    if found.layout == Layout::Legacy {
        return cards.iter().map(read_legacy).collect();
    }
    let list = &found.list;
    let lines = assign(cards, all_in(list, &s::LINE_C));
    let named = assign(cards, all_in(list, &s::NAME_LINE_C));
    let links = assign(cards, all_in(list, &s::PROFILE_LINK));
    let notes = assign(cards, all_in(list, &s::NOTE_C));
    let withdraws = assign(cards, all_in(list, &s::WITHDRAW));
    cards
        .iter()
        .enumerate()
        .map(|(i, card)| {
            let note_box = notes[i].first();
            let texts: Vec<String> = lines[i]
                .iter()
                .filter(|l| note_box.is_none_or(|b| !l.contains(Some(b))))
                .map(text)
                .filter(|t| !t.is_empty())
                .collect();
            let profile_href = links[i]
                .first()
                .map(|a| attr(a, "href"))
                .unwrap_or_default();
            // The name: the first line inside a profile link, else a link's text, else the
            // first line, else the avatar's label (as `read_current`).
            let name = named[i]
                .iter()
                .map(text)
                .find(|t| !t.is_empty())
                .or_else(|| links[i].iter().map(text).find(|t| !t.is_empty()))
                .or_else(|| texts.first().cloned())
                .or_else(|| name_from_avatar(card))
                .unwrap_or_default();
            let note = note_box.and_then(|b| note_in(b, &s::SEE_MORE_C));
            card_row(name, profile_href, &texts, note, !withdraws[i].is_empty())
        })
        .collect()
}

/// `elems` (document order) per card of `cards` (document order, none inside another): each
/// element goes to the card that contains it; one that lies between cards goes nowhere. The
/// elements are moved, not cloned: a clone of a page object is a call into the page.
fn assign(cards: &[Element], elems: Vec<Element>) -> Vec<Vec<Element>> {
    let mut out: Vec<Vec<Element>> = vec![Vec::new(); cards.len()];
    let mut i = 0;
    for el in elems {
        while i < cards.len() {
            // One call into the page per card tried: 0 is the card itself and CONTAINED_BY (16)
            // a node inside it (exactly `contains`); FOLLOWING (4) without it is past the card.
            let pos = cards[i].compare_document_position(&el);
            if pos == 0 || pos & 16 != 0 {
                out[i].push(el);
                break;
            }
            // Past card i (it follows it): try the next card; before it: in no card.
            if pos & 4 != 0 {
                i += 1;
            } else {
                break;
            }
        }
    }
    out
}

/// A line that talks about sending but that the core could not read ("Sent recently"): kept as
/// the age text so the panel shows it, with an unknown age.
fn looks_like_age(t: &str) -> bool {
    let l = t.to_lowercase();
    ["sent", "envoy", "gesendet", "inviat", "verzonden", "enviad"]
        .iter()
        .any(|w| l.contains(w))
}

fn read_legacy(row: &Element) -> RawRow {
    let t = |sel: &Sel| first_in(row, sel).map(|el| text(&el)).unwrap_or_default();
    let link = first_in(row, &s::LINK_B);
    RawRow {
        name: t(&s::NAME_B),
        profile_href: link.map(|a| attr(&a, "href")).unwrap_or_default(),
        headline: t(&s::HEADLINE_B),
        age_text: t(&s::AGE_B),
        note: note_text(row, &s::NOTE_B, &s::SEE_MORE_B),
        has_withdraw: first_in(row, &s::WITHDRAW).is_some(),
    }
}

/// The card of a profile in the current DOM, found by profile (never by index or name).
pub fn find_row(doc: &Document, profile: &str) -> Option<(Found, Element)> {
    let found = find_list(doc)?;
    let row = rows(&found).into_iter().find(|r| {
        let link = match found.layout {
            Layout::Current => first_in(r, &s::PROFILE_LINK),
            Layout::Legacy => first_in(r, &s::LINK_B),
        };
        link.and_then(|a| a.get_attribute("href"))
            .and_then(|h| profile_path(&h))
            .as_deref()
            == Some(profile)
    })?;
    Some((found, row))
}

/// What the page's tabs say right now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tabs {
    /// The People tab's count ("People (448)"), when the page shows one.
    pub people_count: Option<u32>,
    /// Whether the selected tab is Pages (LinkedIn may switch tabs without changing the URL).
    pub pages_selected: bool,
}

/// Reads the tabs once for both of their facts.
pub fn tabs(doc: &Document) -> Tabs {
    let mut people_count = None;
    let mut pages_selected = false;
    for t in tab_elements(doc) {
        let label = text(&t);
        if people_count.is_none() && words::is_people_tab(&label) {
            people_count = count_in_label(&label);
        }
        let selected = t.get_attribute("aria-selected").as_deref() == Some("true")
            || t.get_attribute("aria-current")
                .is_some_and(|v| v != "false");
        pages_selected |= selected && words::is_pages_tab(&label);
    }
    Tabs {
        people_count,
        pages_selected,
    }
}

/// Every element [`s::TABS`] matches, one query per alternative: on a page of 1,200 cards the
/// joined selector list took 0.8 ms a query and its three parts 0.4 ms together (Chromium), and
/// a scan asks the tabs several times. An element that two alternatives match is kept once.
fn tab_elements(doc: &Document) -> Vec<Element> {
    let mut out: Vec<Element> = Vec::new();
    for (css, _) in s::TABS.alts {
        for el in collect(doc.query_selector_all(css)) {
            if !out.iter().any(|o| o.is_same_node(Some(&el))) {
                out.push(el);
            }
        }
    }
    out
}

/// The facts of the page as it is now, after the wait for the list ended with `arrival`.
pub fn facts(
    doc: &Document,
    url: &str,
    found: Option<&Found>,
    row_count: usize,
    with_withdraw: usize,
    arrival: Arrival,
    tabs: Tabs,
) -> PageFacts {
    let mut missing = Vec::new();
    if found.is_none() {
        let mut m = format!("{} or {}", s::LIST_C.name, s::LIST_B.name);
        if arrival == Arrival::Missing && tabs.people_count.is_some_and(|n| n > 0) {
            m.push_str(" (the People count is above zero)");
        } else if arrival == Arrival::Missing {
            m.push_str(" (waited for it)");
        }
        missing.push(m);
    } else if row_count > 0 && with_withdraw == 0 {
        missing.push(s::WITHDRAW.name.to_string());
    }
    let stray_invitation_marks = match (found, first_doc(doc, &s::MAIN)) {
        (None, Some(main)) => {
            all_in(&main, &s::WITHDRAW).len() + all_in(&main, &s::PROFILE_LINK).len()
        }
        _ => 0,
    };
    PageFacts {
        kind: Some(classify(url)),
        stray_invitation_marks,
        layout: found.map(|f| f.layout),
        rows: row_count,
        rows_with_withdraw: with_withdraw,
        arrival,
        pages_tab_selected: tabs.pages_selected,
        missing,
    }
}

/// Whether the URL is one the extension acts on at all.
pub fn is_people_url(url: &str) -> bool {
    classify(url) == PageKind::SentPeople
}

/// A plain-text report of what the reader found, for a bug report: every selector of the
/// registry with its match count on this page, and what was missing.
pub fn layout_report(doc: &Document, url: &str, missing: &[String]) -> String {
    let mut out = String::new();
    out.push_str("Invite Sweeper layout report\n");
    out.push_str(&format!("version: {}\n", env!("CARGO_PKG_VERSION")));
    // Only the path: the query can carry tracking ids, and nothing personal belongs in a report.
    let path = url.split(['?', '#']).next().unwrap_or("");
    out.push_str(&format!("page: {path}\n"));
    if !missing.is_empty() {
        out.push_str(&format!("missing: {}\n", missing.join("; ")));
    }
    for sel in s::ALL {
        for (css, serves) in sel.alts {
            let n = doc.query_selector_all(css).map(|l| l.length()).unwrap_or(0);
            out.push_str(&format!("{n:>5}  {}  [{serves}]  {css}\n", sel.name));
        }
    }
    out
}
