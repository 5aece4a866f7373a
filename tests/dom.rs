#![cfg(target_arch = "wasm32")]
//! Tier 2: the DOM shell (selector registry, reader, actor, watcher) in headless Chromium, against
//! the static fixture pages of tests/fixtures (see its README) and their `.expected.json`.
//!
//! Each test puts one fixture's `<body>` (and its `<style>`) straight into the runner's body, marks
//! every node it adds with `data-dom-test`, and removes them again, so the runner's own `#output`
//! survives and the page URL never matters: functions get the document, URLs are passed as strings.
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

use gloo_timers::future::TimeoutFuture;
use invite_sweeper::pure::invitation::{collapse_whitespace, parse_rows, RawRow, RowError};
use invite_sweeper::pure::policy::{is_proposed, propose, Policy};
use invite_sweeper::pure::run::Reason;
use invite_sweeper::pure::scan::{verdict, Arrival, Layout, PageFacts, Verdict};
use invite_sweeper::shell::dom::panel::Panel;
use invite_sweeper::shell::dom::selectors::{self as s, Sel};
use invite_sweeper::shell::dom::{actor, arrival, label_is, reader, text, watch};
use serde::Deserialize;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::{Document, DocumentFragment, Element, ShadowRoot, ShadowRootInit, ShadowRootMode};

/// The Sent › People URL every reader call is told it is on (the runner's own URL is irrelevant).
const SENT: &str = "https://www.linkedin.com/mynetwork/invitation-manager/sent/";
/// Marks every node a test adds to the runner's body, so it can be removed again.
const MARK: &str = "data-dom-test";

// ---- Fixtures -----------------------------------------------------------------------------------

struct Fixture {
    name: &'static str,
    html: &'static str,
    json: &'static str,
}

macro_rules! fixture {
    ($name:literal) => {
        Fixture {
            name: $name,
            html: include_str!(concat!("fixtures/", $name, ".html")),
            json: include_str!(concat!("fixtures/", $name, ".expected.json")),
        }
    };
}

const FIXTURES: &[Fixture] = &[
    fixture!("current-anchor-to"),
    fixture!("current-anchor"),
    fixture!("current-basic"),
    fixture!("current-broken"),
    fixture!("current-dialog-alertdialog"),
    fixture!("current-dialog-bare"),
    fixture!("current-dialog-dialog"),
    fixture!("current-dialog-role-dialog"),
    fixture!("current-dialog-shadow"),
    fixture!("current-dialog-testid"),
    fixture!("current-empty"),
    fixture!("current-fr"),
    fixture!("current-pages-tab"),
    fixture!("current-partial"),
    fixture!("legacy-dialog"),
    fixture!("legacy-page1"),
    fixture!("legacy-small"),
    fixture!("captured-basic"),
    fixture!("captured-dialog"),
];

/// The parts of `X.expected.json` these tests use.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Expected {
    layout: String,
    tab: String,
    layout_known: bool,
    people_count: u32,
    people_tab_text: String,
    total_rows: usize,
    proposal_order: Vec<String>,
    open_dialog: Option<OpenDialog>,
    orgs: Vec<Org>,
    expected: Vec<Row>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Row {
    profile: String,
    name: String,
    age_text: String,
    age_min_days: Option<u32>,
    has_note: bool,
    proposed: bool,
    headline: Option<String>,
    note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct OpenDialog {
    profile: String,
    name: String,
    shown_name: Option<String>,
    shape: String,
    confirm: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Org {
    name: String,
    age_text: String,
}

/// A fixture loaded into the document; dropping it removes what it added.
struct Page {
    doc: Document,
    exp: Expected,
}

impl Drop for Page {
    fn drop(&mut self) {
        clear(&self.doc);
    }
}

fn document() -> Document {
    web_sys::window()
        .and_then(|w| w.document())
        .expect("a document")
}

fn css_all(root: &Document, css: &str) -> Vec<Element> {
    let list = root
        .query_selector_all(css)
        .unwrap_or_else(|e| panic!("invalid selector {css}: {e:?}"));
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<Element>().ok())
        .collect()
}

fn el_all(root: &Element, css: &str) -> Vec<Element> {
    let list = root
        .query_selector_all(css)
        .unwrap_or_else(|e| panic!("invalid selector {css}: {e:?}"));
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<Element>().ok())
        .collect()
}

/// Matches of a raw selector in the document (as `reader::layout_report` counts them).
fn count(doc: &Document, css: &str) -> usize {
    css_all(doc, css).len()
}

/// Removes everything earlier tests added (also after a failed test, whose `Page` never dropped).
fn clear(doc: &Document) {
    for el in css_all(doc, &format!("[{MARK}]")) {
        el.remove();
    }
}

/// `<style>` elements of the fixture's head: layout matters (`is_rendered`, fixed overlays).
fn head_styles(html: &str) -> String {
    let head_end = html.find("<body").expect("fixture has a body");
    let mut out = String::new();
    let mut rest = &html[..head_end];
    while let Some(start) = rest.find("<style") {
        let Some(len) = rest[start..].find("</style>") else {
            break;
        };
        let end = start + len + "</style>".len();
        out.push_str(&rest[start..end]);
        rest = &rest[end..];
    }
    out
}

fn body_inner(html: &str) -> &str {
    let open = html.find("<body").expect("fixture has a body");
    let start = open + html[open..].find('>').expect("body tag ends") + 1;
    let end = html.rfind("</body>").expect("fixture closes its body");
    &html[start..end]
}

fn add(doc: &Document, el: &Element) {
    el.set_attribute(MARK, "").expect("mark");
    doc.body()
        .expect("body")
        .append_child(el)
        .expect("append to body");
}

/// What the HTML parser does for `<template shadowrootmode>` when it reads a whole document:
/// `innerHTML` leaves the template inert, so the test attaches the shadow root itself.
fn attach_declarative_shadow_roots(doc: &Document) -> usize {
    let mut n = 0;
    for t in css_all(doc, &format!("[{MARK}] template[shadowrootmode]")) {
        let host = t.parent_element().expect("template has a host");
        let mode = match t.get_attribute("shadowrootmode").as_deref() {
            Some("closed") => ShadowRootMode::Closed,
            _ => ShadowRootMode::Open,
        };
        let root = host
            .attach_shadow(&ShadowRootInit::new(mode))
            .expect("attach shadow root");
        let content: DocumentFragment = js_sys::Reflect::get(&t, &"content".into())
            .expect("template content")
            .dyn_into()
            .expect("content is a fragment");
        root.append_child(&content).expect("move content");
        t.remove();
        n += 1;
    }
    n
}

fn fixture(name: &str) -> &'static Fixture {
    FIXTURES
        .iter()
        .find(|f| f.name == name)
        .unwrap_or_else(|| panic!("no fixture {name}"))
}

fn expected(name: &str) -> Expected {
    serde_json::from_str(fixture(name).json).unwrap_or_else(|e| panic!("{name}.expected.json: {e}"))
}

/// Loads a fixture into the document (and only it: whatever earlier tests left is removed).
fn load(name: &str) -> Page {
    let f = fixture(name);
    let doc = document();
    clear(&doc);
    // Parsing HTML is fine in test code; the HTML-sink check covers src/ and extension/ only.
    let staging = doc.create_element("div").expect("div");
    staging.set_inner_html(&format!("{}{}", head_styles(f.html), body_inner(f.html)));
    while let Some(child) = staging.first_element_child() {
        add(&doc, &child);
    }
    attach_declarative_shadow_roots(&doc);
    Page {
        doc,
        exp: expected(name),
    }
}

fn element(doc: &Document, html: &str) -> Element {
    let staging = doc.create_element("div").expect("div");
    staging.set_inner_html(html);
    staging.first_element_child().expect("one element")
}

fn url(path: &str) -> String {
    format!("https://www.linkedin.com{path}")
}

// ---- 1. The selector registry: exact match counts per fixture ----------------------------------
//
// Each table lists every selector of `selectors::ALL`, in order, with the number of matches of
// the whole selector list in the document and of each alternative `(css, serves)` on its own.
// How the current-layout (C) numbers come about, N = rendered rows:
// - `current row` = 2N + 3: each card is an outer listitem with one nested listitem, plus the
//   three listitems of the "People you may know" aside (outside `main`; the reader ignores them).
// - `current card (outermost row)` = N + 3: the outer listitem of each card, plus the aside's
//   three (at document level `:scope` is the root, so nothing else is excluded).
// - `current card text line` = the name, headline and age lines of each card (2–3 per card:
//   some cards have no headline) plus the page's other short lines outside buttons.
// - `profile link` = N avatar links + the name links (a row whose name is a bare `<p>` has none)
//   + 1 global-nav "Me" + 3 aside links. `legacy profile link` alt 2 is the same selector.
// - `avatar with name` = `img[alt$="’s profile picture"]` (not on "ghost" avatars) + one
//   `figure[aria-label]` per row; the plain-apostrophe alternative matches nothing in any fixture.
// - `withdraw control`: one per row (button or anchor variant); the `button[aria-label^=…]`
//   alternative also matches the rows whose button carries the optional aria-label.
// - `confirm button` counted in the whole document also matches those row buttons labelled
//   "Withdraw invitation sent to NAME": the actor only ever looks inside a dialog.
// - `tabs`: alt 2 = Sent nav link + People + Pages pills; alt 3 = main's buttons outside the cards
//   (pagination, load more; none a card's own: reading the label of every withdraw button on
//   each count was most of a rescan's selector time, issue 15); people_count filters by text.
// Legacy (B), N rows: 2N + 1 profile links (picture + name link per card, "Me"); the Sent tab
// is both `[role="tab"]` and `main a[href*=sent]`.

type Counts = &'static [(Sel, usize, &'static [usize])];

/// captured-basic (2026-09 capture): 16 cards after one scroll of `main`; the avatar link has no
/// text (the name is on the avatar's `svg[role=img]`), the name is a bare `p`, headline and age are
/// `div > p > span`, the withdraw `<a>` has a real href, notes sit in
/// `p > span[data-testid=expandable-text-box]`, two closed decoy dialogs (their dialog-content
/// matches `confirm dialog`; the actor drops them as closed). `tabs` alt 2 = Sent, People, Pages
/// (the later-loaded withdraw links point at the sent list too, but sit inside cards).
const CAPTURED_BASIC: Counts = &[
    (s::LIST_C, 1, &[1]),
    (s::ROW_C, 35, &[35]),
    (s::CARD_C, 19, &[19]),
    (s::LINE_C, 60, &[60]),
    (s::NAME_LINE_C, 3, &[3]),
    (s::PROFILE_LINK, 20, &[20]),
    (s::AVATAR_NAME, 16, &[0, 0, 0, 16]),
    (s::NOTE_C, 3, &[3]),
    (s::SEE_MORE_C, 2, &[2]),
    (s::WITHDRAW, 16, &[0, 16, 0, 0, 0]),
    (s::LIST_B, 0, &[0]),
    (s::ROW_B, 0, &[0]),
    (s::NAME_B, 0, &[0]),
    (s::LINK_B, 20, &[0, 20]),
    (s::HEADLINE_B, 0, &[0]),
    (s::AGE_B, 0, &[0]),
    (s::NOTE_B, 0, &[0]),
    (s::SEE_MORE_B, 0, &[0]),
    (s::NEXT_PAGE_B, 0, &[0]),
    (s::PREV_PAGE_B, 0, &[0]),
    (s::DIALOG, 2, &[0, 0, 0, 2, 0]),
    (s::CLOSED_DIALOG, 2, &[2]),
    (s::CONFIRM, 0, &[0, 0, 0, 0]),
    (s::MAIN, 1, &[1]),
    (s::TABS, 9, &[0, 3, 6]),
    (s::SECURITY, 0, &[0, 0, 0, 0, 0, 0, 0]),
    (s::TOAST, 0, &[0, 0, 0, 0]),
    (s::TOAST_REGION, 0, &[0, 0, 0, 0]),
];

/// captured-dialog: 6 cards and the server's confirm dialog open for row 2 (`dialog[open]`
/// without a role, beside the two closed decoys), the toast region moved inside it.
const CAPTURED_DIALOG: Counts = &[
    (s::LIST_C, 1, &[1]),
    (s::ROW_C, 15, &[15]),
    (s::CARD_C, 9, &[9]),
    (s::LINE_C, 29, &[29]),
    (s::NAME_LINE_C, 3, &[3]),
    (s::PROFILE_LINK, 10, &[10]),
    (s::AVATAR_NAME, 6, &[0, 0, 0, 6]),
    (s::NOTE_C, 0, &[0]),
    (s::SEE_MORE_C, 0, &[0]),
    (s::WITHDRAW, 7, &[0, 6, 1, 0, 0]),
    (s::LIST_B, 0, &[0]),
    (s::ROW_B, 0, &[0]),
    (s::NAME_B, 0, &[0]),
    (s::LINK_B, 10, &[0, 10]),
    (s::HEADLINE_B, 0, &[0]),
    (s::AGE_B, 0, &[0]),
    (s::NOTE_B, 0, &[0]),
    (s::SEE_MORE_B, 0, &[0]),
    (s::NEXT_PAGE_B, 0, &[0]),
    (s::PREV_PAGE_B, 0, &[0]),
    (s::DIALOG, 4, &[1, 0, 0, 3, 0]),
    (s::CLOSED_DIALOG, 2, &[2]),
    (s::CONFIRM, 1, &[0, 1, 0, 0]),
    (s::MAIN, 1, &[1]),
    (s::TABS, 13, &[0, 3, 10]),
    (s::SECURITY, 0, &[0, 0, 0, 0, 0, 0, 0]),
    (s::TOAST, 2, &[1, 0, 0, 1]),
    (s::TOAST_REGION, 2, &[1, 1, 0, 0]),
];

/// current-anchor-to: 8 rows, anchor "Withdraw invitation to NAME", 1 long note, 3 ghost avatars,
/// 4 names in a link. No buttons in main but the see-more one.
const CURRENT_ANCHOR_TO: Counts = &[
    (s::LIST_C, 1, &[1]),
    (s::ROW_C, 19, &[19]),
    (s::CARD_C, 11, &[11]),
    (s::LINE_C, 31, &[31]),
    (s::NAME_LINE_C, 6, &[6]),
    (s::PROFILE_LINK, 16, &[16]),
    (s::AVATAR_NAME, 13, &[5, 0, 8, 0]),
    (s::NOTE_C, 1, &[1]),
    (s::SEE_MORE_C, 1, &[1]),
    (s::WITHDRAW, 8, &[0, 8, 0, 0, 0]),
    (s::LIST_B, 0, &[0]),
    (s::ROW_B, 0, &[0]),
    (s::NAME_B, 0, &[0]),
    (s::LINK_B, 16, &[0, 16]),
    (s::HEADLINE_B, 0, &[0]),
    (s::AGE_B, 0, &[0]),
    (s::NOTE_B, 0, &[0]),
    (s::SEE_MORE_B, 0, &[0]),
    (s::NEXT_PAGE_B, 0, &[0]),
    (s::PREV_PAGE_B, 0, &[0]),
    (s::DIALOG, 0, &[0, 0, 0, 0, 0]),
    (s::CLOSED_DIALOG, 0, &[0]),
    (s::CONFIRM, 0, &[0, 0, 0, 0]),
    (s::MAIN, 1, &[1]),
    (s::TABS, 3, &[0, 3, 0]),
    (s::SECURITY, 0, &[0, 0, 0, 0, 0, 0, 0]),
    (s::TOAST, 0, &[0, 0, 0, 0]),
    (s::TOAST_REGION, 0, &[0, 0, 0, 0]),
];

/// current-anchor: 12 rows, anchor "Withdraw invitation sent to NAME", 3 notes (2 long), 4 ghost
/// avatars, 9 names in a link; main's buttons are the 2 see-more buttons.
const CURRENT_ANCHOR: Counts = &[
    (s::LIST_C, 1, &[1]),
    (s::ROW_C, 27, &[27]),
    (s::CARD_C, 15, &[15]),
    (s::LINE_C, 46, &[46]),
    (s::NAME_LINE_C, 10, &[10]),
    (s::PROFILE_LINK, 25, &[25]),
    (s::AVATAR_NAME, 20, &[8, 0, 12, 0]),
    (s::NOTE_C, 3, &[3]),
    (s::SEE_MORE_C, 2, &[2]),
    (s::WITHDRAW, 12, &[0, 12, 0, 0, 0]),
    (s::LIST_B, 0, &[0]),
    (s::ROW_B, 0, &[0]),
    (s::NAME_B, 0, &[0]),
    (s::LINK_B, 25, &[0, 25]),
    (s::HEADLINE_B, 0, &[0]),
    (s::AGE_B, 0, &[0]),
    (s::NOTE_B, 0, &[0]),
    (s::SEE_MORE_B, 0, &[0]),
    (s::NEXT_PAGE_B, 0, &[0]),
    (s::PREV_PAGE_B, 0, &[0]),
    (s::DIALOG, 0, &[0, 0, 0, 0, 0]),
    (s::CLOSED_DIALOG, 0, &[0]),
    (s::CONFIRM, 0, &[0, 0, 0, 0]),
    (s::MAIN, 1, &[1]),
    (s::TABS, 3, &[0, 3, 0]),
    (s::SECURITY, 0, &[0, 0, 0, 0, 0, 0, 0]),
    (s::TOAST, 0, &[0, 0, 0, 0]),
    (s::TOAST_REGION, 0, &[0, 0, 0, 0]),
];

/// current-basic: 16 rows with button controls (7 of them also aria-labelled), 3 notes (2 long),
/// 2 ghost avatars, 12 names in a link. main's 18 buttons = 16 withdraw + 2 see-more.
const CURRENT_BASIC: Counts = &[
    (s::LIST_C, 1, &[1]),
    (s::ROW_C, 35, &[35]),
    (s::CARD_C, 19, &[19]),
    (s::LINE_C, 59, &[59]),
    (s::NAME_LINE_C, 11, &[11]),
    (s::PROFILE_LINK, 32, &[32]),
    (s::AVATAR_NAME, 30, &[14, 0, 16, 0]),
    (s::NOTE_C, 3, &[3]),
    (s::SEE_MORE_C, 2, &[2]),
    (s::WITHDRAW, 16, &[16, 0, 7, 0, 0]),
    (s::LIST_B, 0, &[0]),
    (s::ROW_B, 0, &[0]),
    (s::NAME_B, 0, &[0]),
    (s::LINK_B, 32, &[0, 32]),
    (s::HEADLINE_B, 0, &[0]),
    (s::AGE_B, 0, &[0]),
    (s::NOTE_B, 0, &[0]),
    (s::SEE_MORE_B, 0, &[0]),
    (s::NEXT_PAGE_B, 0, &[0]),
    (s::PREV_PAGE_B, 0, &[0]),
    (s::DIALOG, 0, &[0, 0, 0, 0, 0]),
    (s::CLOSED_DIALOG, 0, &[0]),
    // No dialog: the 7 aria-labelled row buttons.
    (s::CONFIRM, 7, &[0, 7, 0, 0]),
    (s::MAIN, 1, &[1]),
    (s::TABS, 3, &[0, 3, 0]),
    (s::SECURITY, 0, &[0, 0, 0, 0, 0, 0, 0]),
    (s::TOAST, 0, &[0, 0, 0, 0]),
    (s::TOAST_REGION, 0, &[0, 0, 0, 0]),
];

/// current-broken: the 10 rows are all there (5 labelled buttons, 2 notes, 1 long, 1 ghost,
/// 6 name links) but the lazy-column marker is gone, so `current list` matches nothing.
const CURRENT_BROKEN: Counts = &[
    (s::LIST_C, 0, &[0]),
    (s::ROW_C, 23, &[23]),
    (s::CARD_C, 13, &[13]),
    (s::LINE_C, 41, &[41]),
    (s::NAME_LINE_C, 7, &[7]),
    (s::PROFILE_LINK, 20, &[20]),
    (s::AVATAR_NAME, 19, &[9, 0, 10, 0]),
    (s::NOTE_C, 2, &[2]),
    (s::SEE_MORE_C, 1, &[1]),
    (s::WITHDRAW, 10, &[10, 0, 5, 0, 0]),
    (s::LIST_B, 0, &[0]),
    (s::ROW_B, 0, &[0]),
    (s::NAME_B, 0, &[0]),
    (s::LINK_B, 20, &[0, 20]),
    (s::HEADLINE_B, 0, &[0]),
    (s::AGE_B, 0, &[0]),
    (s::NOTE_B, 0, &[0]),
    (s::SEE_MORE_B, 0, &[0]),
    (s::NEXT_PAGE_B, 0, &[0]),
    (s::PREV_PAGE_B, 0, &[0]),
    (s::DIALOG, 0, &[0, 0, 0, 0, 0]),
    (s::CLOSED_DIALOG, 0, &[0]),
    (s::CONFIRM, 5, &[0, 5, 0, 0]),
    (s::MAIN, 1, &[1]),
    (s::TABS, 3, &[0, 3, 0]),
    (s::SECURITY, 0, &[0, 0, 0, 0, 0, 0, 0]),
    (s::TOAST, 0, &[0, 0, 0, 0]),
    (s::TOAST_REGION, 0, &[0, 0, 0, 0]),
];

/// current-dialog-alertdialog: 5 rows (3 labelled buttons, 1 long note, 1 ghost, 4 name links)
/// and an open `[role=alertdialog]` with a plain Withdraw beside Cancel.
const CURRENT_DIALOG_ALERTDIALOG: Counts = &[
    (s::LIST_C, 1, &[1]),
    (s::ROW_C, 13, &[13]),
    (s::CARD_C, 8, &[8]),
    (s::LINE_C, 22, &[22]),
    (s::NAME_LINE_C, 5, &[5]),
    (s::PROFILE_LINK, 13, &[13]),
    (s::AVATAR_NAME, 9, &[4, 0, 5, 0]),
    (s::NOTE_C, 1, &[1]),
    (s::SEE_MORE_C, 1, &[1]),
    (s::WITHDRAW, 5, &[5, 0, 3, 0, 0]),
    (s::LIST_B, 0, &[0]),
    (s::ROW_B, 0, &[0]),
    (s::NAME_B, 0, &[0]),
    (s::LINK_B, 13, &[0, 13]),
    (s::HEADLINE_B, 0, &[0]),
    (s::AGE_B, 0, &[0]),
    (s::NOTE_B, 0, &[0]),
    (s::SEE_MORE_B, 0, &[0]),
    (s::NEXT_PAGE_B, 0, &[0]),
    (s::PREV_PAGE_B, 0, &[0]),
    (s::DIALOG, 1, &[0, 1, 0, 0, 0]),
    (s::CLOSED_DIALOG, 0, &[0]),
    // The dialog's plain confirm has no label: only the 3 labelled row buttons match.
    (s::CONFIRM, 3, &[0, 3, 0, 0]),
    (s::MAIN, 1, &[1]),
    (s::TABS, 3, &[0, 3, 0]),
    (s::SECURITY, 0, &[0, 0, 0, 0, 0, 0, 0]),
    (s::TOAST, 0, &[0, 0, 0, 0]),
    (s::TOAST_REGION, 0, &[0, 0, 0, 0]),
];

/// current-dialog-bare: 5 rows (4 labelled buttons, 1 ghost, 2 name links), a dialog with no
/// role at all: `confirm dialog` matches nothing, `actor::open_dialogs` finds it by its buttons.
const CURRENT_DIALOG_BARE: Counts = &[
    (s::LIST_C, 1, &[1]),
    (s::ROW_C, 13, &[13]),
    (s::CARD_C, 8, &[8]),
    (s::LINE_C, 24, &[24]),
    (s::NAME_LINE_C, 4, &[4]),
    (s::PROFILE_LINK, 11, &[11]),
    (s::AVATAR_NAME, 9, &[4, 0, 5, 0]),
    (s::NOTE_C, 0, &[0]),
    (s::SEE_MORE_C, 0, &[0]),
    (s::WITHDRAW, 5, &[5, 0, 4, 0, 0]),
    (s::LIST_B, 0, &[0]),
    (s::ROW_B, 0, &[0]),
    (s::NAME_B, 0, &[0]),
    (s::LINK_B, 11, &[0, 11]),
    (s::HEADLINE_B, 0, &[0]),
    (s::AGE_B, 0, &[0]),
    (s::NOTE_B, 0, &[0]),
    (s::SEE_MORE_B, 0, &[0]),
    (s::NEXT_PAGE_B, 0, &[0]),
    (s::PREV_PAGE_B, 0, &[0]),
    (s::DIALOG, 0, &[0, 0, 0, 0, 0]),
    (s::CLOSED_DIALOG, 0, &[0]),
    (s::CONFIRM, 4, &[0, 4, 0, 0]),
    (s::MAIN, 1, &[1]),
    (s::TABS, 3, &[0, 3, 0]),
    (s::SECURITY, 0, &[0, 0, 0, 0, 0, 0, 0]),
    (s::TOAST, 0, &[0, 0, 0, 0]),
    (s::TOAST_REGION, 0, &[0, 0, 0, 0]),
];

/// current-dialog-dialog: 5 rows (3 labelled buttons, 1 ghost, 4 name links) and a native
/// `<dialog open>` whose confirm says "Withdrawn invitation sent to José Patel".
const CURRENT_DIALOG_DIALOG: Counts = &[
    (s::LIST_C, 1, &[1]),
    (s::ROW_C, 13, &[13]),
    (s::CARD_C, 8, &[8]),
    (s::LINE_C, 23, &[23]),
    (s::NAME_LINE_C, 6, &[6]),
    (s::PROFILE_LINK, 13, &[13]),
    (s::AVATAR_NAME, 9, &[4, 0, 5, 0]),
    (s::NOTE_C, 0, &[0]),
    (s::SEE_MORE_C, 0, &[0]),
    (s::WITHDRAW, 5, &[5, 0, 3, 0, 0]),
    (s::LIST_B, 0, &[0]),
    (s::ROW_B, 0, &[0]),
    (s::NAME_B, 0, &[0]),
    (s::LINK_B, 13, &[0, 13]),
    (s::HEADLINE_B, 0, &[0]),
    (s::AGE_B, 0, &[0]),
    (s::NOTE_B, 0, &[0]),
    (s::SEE_MORE_B, 0, &[0]),
    (s::NEXT_PAGE_B, 0, &[0]),
    (s::PREV_PAGE_B, 0, &[0]),
    (s::DIALOG, 1, &[1, 0, 0, 0, 0]),
    (s::CLOSED_DIALOG, 0, &[0]),
    (s::CONFIRM, 4, &[1, 3, 0, 0]),
    (s::MAIN, 1, &[1]),
    (s::TABS, 3, &[0, 3, 0]),
    (s::SECURITY, 0, &[0, 0, 0, 0, 0, 0, 0]),
    (s::TOAST, 0, &[0, 0, 0, 0]),
    (s::TOAST_REGION, 0, &[0, 0, 0, 0]),
];

/// current-dialog-role-dialog: 5 rows (2 labelled buttons, 1 short note, 1 ghost, 3 name links)
/// and a `[role=dialog]` whose confirm is labelled "Withdraw invitation sent to Laura Patel".
/// That confirm also matches `withdraw control` (6 = 5 rows + the dialog's confirm): harmless,
/// the reader looks for the control inside a card only.
const CURRENT_DIALOG_ROLE_DIALOG: Counts = &[
    (s::LIST_C, 1, &[1]),
    (s::ROW_C, 13, &[13]),
    (s::CARD_C, 8, &[8]),
    (s::LINE_C, 24, &[24]),
    (s::NAME_LINE_C, 5, &[5]),
    (s::PROFILE_LINK, 12, &[12]),
    (s::AVATAR_NAME, 9, &[4, 0, 5, 0]),
    (s::NOTE_C, 1, &[1]),
    (s::SEE_MORE_C, 0, &[0]),
    (s::WITHDRAW, 6, &[5, 0, 3, 0, 0]),
    (s::LIST_B, 0, &[0]),
    (s::ROW_B, 0, &[0]),
    (s::NAME_B, 0, &[0]),
    (s::LINK_B, 12, &[0, 12]),
    (s::HEADLINE_B, 0, &[0]),
    (s::AGE_B, 0, &[0]),
    (s::NOTE_B, 0, &[0]),
    (s::SEE_MORE_B, 0, &[0]),
    (s::NEXT_PAGE_B, 0, &[0]),
    (s::PREV_PAGE_B, 0, &[0]),
    (s::DIALOG, 1, &[0, 0, 1, 0, 0]),
    (s::CLOSED_DIALOG, 0, &[0]),
    (s::CONFIRM, 3, &[0, 3, 0, 0]),
    (s::MAIN, 1, &[1]),
    (s::TABS, 3, &[0, 3, 0]),
    (s::SECURITY, 0, &[0, 0, 0, 0, 0, 0, 0]),
    (s::TOAST, 0, &[0, 0, 0, 0]),
    (s::TOAST_REGION, 0, &[0, 0, 0, 0]),
];

/// current-dialog-shadow: 5 rows (2 labelled buttons, no ghost, 3 name links); the dialog sits in
/// an open shadow root, which document queries do not enter: `confirm dialog` = 0 and the
/// shadow's "Withdrawn…" confirm is not counted (see `shadow_dialog_is_only_in_the_shadow_root`).
const CURRENT_DIALOG_SHADOW: Counts = &[
    (s::LIST_C, 1, &[1]),
    (s::ROW_C, 13, &[13]),
    (s::CARD_C, 8, &[8]),
    (s::LINE_C, 23, &[23]),
    (s::NAME_LINE_C, 5, &[5]),
    (s::PROFILE_LINK, 12, &[12]),
    (s::AVATAR_NAME, 10, &[5, 0, 5, 0]),
    (s::NOTE_C, 0, &[0]),
    (s::SEE_MORE_C, 0, &[0]),
    (s::WITHDRAW, 5, &[5, 0, 2, 0, 0]),
    (s::LIST_B, 0, &[0]),
    (s::ROW_B, 0, &[0]),
    (s::NAME_B, 0, &[0]),
    (s::LINK_B, 12, &[0, 12]),
    (s::HEADLINE_B, 0, &[0]),
    (s::AGE_B, 0, &[0]),
    (s::NOTE_B, 0, &[0]),
    (s::SEE_MORE_B, 0, &[0]),
    (s::NEXT_PAGE_B, 0, &[0]),
    (s::PREV_PAGE_B, 0, &[0]),
    (s::DIALOG, 0, &[0, 0, 0, 0, 0]),
    (s::CLOSED_DIALOG, 0, &[0]),
    (s::CONFIRM, 2, &[0, 2, 0, 0]),
    (s::MAIN, 1, &[1]),
    (s::TABS, 3, &[0, 3, 0]),
    (s::SECURITY, 0, &[0, 0, 0, 0, 0, 0, 0]),
    (s::TOAST, 0, &[0, 0, 0, 0]),
    (s::TOAST_REGION, 0, &[0, 0, 0, 0]),
];

/// current-dialog-testid: 5 rows (3 labelled buttons, 1 long note, 1 ghost, 4 name links) and a
/// `[data-testid="dialog-content"]` without a role, confirm "Withdrawn invitation sent to …".
const CURRENT_DIALOG_TESTID: Counts = &[
    (s::LIST_C, 1, &[1]),
    (s::ROW_C, 13, &[13]),
    (s::CARD_C, 8, &[8]),
    (s::LINE_C, 25, &[25]),
    (s::NAME_LINE_C, 6, &[6]),
    (s::PROFILE_LINK, 13, &[13]),
    (s::AVATAR_NAME, 9, &[4, 0, 5, 0]),
    (s::NOTE_C, 1, &[1]),
    (s::SEE_MORE_C, 1, &[1]),
    (s::WITHDRAW, 5, &[5, 0, 3, 0, 0]),
    (s::LIST_B, 0, &[0]),
    (s::ROW_B, 0, &[0]),
    (s::NAME_B, 0, &[0]),
    (s::LINK_B, 13, &[0, 13]),
    (s::HEADLINE_B, 0, &[0]),
    (s::AGE_B, 0, &[0]),
    (s::NOTE_B, 0, &[0]),
    (s::SEE_MORE_B, 0, &[0]),
    (s::NEXT_PAGE_B, 0, &[0]),
    (s::PREV_PAGE_B, 0, &[0]),
    (s::DIALOG, 1, &[0, 0, 0, 1, 0]),
    (s::CLOSED_DIALOG, 0, &[0]),
    (s::CONFIRM, 4, &[1, 3, 0, 0]),
    (s::MAIN, 1, &[1]),
    (s::TABS, 3, &[0, 3, 0]),
    (s::SECURITY, 0, &[0, 0, 0, 0, 0, 0, 0]),
    (s::TOAST, 0, &[0, 0, 0, 0]),
    (s::TOAST_REGION, 0, &[0, 0, 0, 0]),
];

/// current-empty: no lazy column, no rows. What still matches is the page around the list: the
/// aside's 3 listitems and links, the "Me" link and the 3 header links.
const CURRENT_EMPTY: Counts = &[
    (s::LIST_C, 0, &[0]),
    (s::ROW_C, 3, &[3]),
    (s::CARD_C, 3, &[3]),
    (s::LINE_C, 6, &[6]),
    (s::NAME_LINE_C, 3, &[3]),
    (s::PROFILE_LINK, 4, &[4]),
    (s::AVATAR_NAME, 0, &[0, 0, 0, 0]),
    (s::NOTE_C, 0, &[0]),
    (s::SEE_MORE_C, 0, &[0]),
    (s::WITHDRAW, 0, &[0, 0, 0, 0, 0]),
    (s::LIST_B, 0, &[0]),
    (s::ROW_B, 0, &[0]),
    (s::NAME_B, 0, &[0]),
    (s::LINK_B, 4, &[0, 4]),
    (s::HEADLINE_B, 0, &[0]),
    (s::AGE_B, 0, &[0]),
    (s::NOTE_B, 0, &[0]),
    (s::SEE_MORE_B, 0, &[0]),
    (s::NEXT_PAGE_B, 0, &[0]),
    (s::PREV_PAGE_B, 0, &[0]),
    (s::DIALOG, 0, &[0, 0, 0, 0, 0]),
    (s::CLOSED_DIALOG, 0, &[0]),
    (s::CONFIRM, 0, &[0, 0, 0, 0]),
    (s::MAIN, 1, &[1]),
    (s::TABS, 3, &[0, 3, 0]),
    (s::SECURITY, 0, &[0, 0, 0, 0, 0, 0, 0]),
    (s::TOAST, 0, &[0, 0, 0, 0]),
    (s::TOAST_REGION, 0, &[0, 0, 0, 0]),
];

/// current-fr: 14 rows, 2 notes (1 long), 10 name links. French avatar alts ("Photo de profil
/// de …") match no `avatar with name` alternative; the French button carries no aria-label.
const CURRENT_FR: Counts = &[
    (s::LIST_C, 1, &[1]),
    (s::ROW_C, 31, &[31]),
    (s::CARD_C, 17, &[17]),
    (s::LINE_C, 53, &[53]),
    (s::NAME_LINE_C, 9, &[9]),
    (s::PROFILE_LINK, 28, &[28]),
    (s::AVATAR_NAME, 0, &[0, 0, 0, 0]),
    (s::NOTE_C, 2, &[2]),
    (s::SEE_MORE_C, 1, &[1]),
    (s::WITHDRAW, 14, &[14, 0, 0, 0, 0]),
    (s::LIST_B, 0, &[0]),
    (s::ROW_B, 0, &[0]),
    (s::NAME_B, 0, &[0]),
    (s::LINK_B, 28, &[0, 28]),
    (s::HEADLINE_B, 0, &[0]),
    (s::AGE_B, 0, &[0]),
    (s::NOTE_B, 0, &[0]),
    (s::SEE_MORE_B, 0, &[0]),
    (s::NEXT_PAGE_B, 0, &[0]),
    (s::PREV_PAGE_B, 0, &[0]),
    (s::DIALOG, 0, &[0, 0, 0, 0, 0]),
    (s::CLOSED_DIALOG, 0, &[0]),
    (s::CONFIRM, 0, &[0, 0, 0, 0]),
    (s::MAIN, 1, &[1]),
    (s::TABS, 3, &[0, 3, 0]),
    (s::SECURITY, 0, &[0, 0, 0, 0, 0, 0, 0]),
    (s::TOAST, 0, &[0, 0, 0, 0]),
    (s::TOAST_REGION, 0, &[0, 0, 0, 0]),
];

/// current-pages-tab: 4 organisation cards (`/company/` links, "… logo" figures, withdraw buttons
/// without labels). `profile link` = "Me" + 3 aside links; the orgs are not people.
const CURRENT_PAGES_TAB: Counts = &[
    (s::LIST_C, 1, &[1]),
    (s::ROW_C, 11, &[11]),
    (s::CARD_C, 7, &[7]),
    (s::LINE_C, 18, &[18]),
    (s::NAME_LINE_C, 3, &[3]),
    (s::PROFILE_LINK, 4, &[4]),
    (s::AVATAR_NAME, 0, &[0, 0, 0, 0]),
    (s::NOTE_C, 0, &[0]),
    (s::SEE_MORE_C, 0, &[0]),
    (s::WITHDRAW, 4, &[4, 0, 0, 0, 0]),
    (s::LIST_B, 0, &[0]),
    (s::ROW_B, 0, &[0]),
    (s::NAME_B, 0, &[0]),
    (s::LINK_B, 4, &[0, 4]),
    (s::HEADLINE_B, 0, &[0]),
    (s::AGE_B, 0, &[0]),
    (s::NOTE_B, 0, &[0]),
    (s::SEE_MORE_B, 0, &[0]),
    (s::NEXT_PAGE_B, 0, &[0]),
    (s::PREV_PAGE_B, 0, &[0]),
    (s::DIALOG, 0, &[0, 0, 0, 0, 0]),
    (s::CLOSED_DIALOG, 0, &[0]),
    (s::CONFIRM, 0, &[0, 0, 0, 0]),
    (s::MAIN, 1, &[1]),
    (s::TABS, 3, &[0, 3, 0]),
    (s::SECURITY, 0, &[0, 0, 0, 0, 0, 0, 0]),
    (s::TOAST, 0, &[0, 0, 0, 0]),
    (s::TOAST_REGION, 0, &[0, 0, 0, 0]),
];

/// current-partial: the first lazy batch, 10 of 45 rows (6 labelled buttons, 2 notes, 1 long,
/// 3 ghosts, 9 name links).
const CURRENT_PARTIAL: Counts = &[
    (s::LIST_C, 1, &[1]),
    (s::ROW_C, 23, &[23]),
    (s::CARD_C, 13, &[13]),
    (s::LINE_C, 39, &[39]),
    (s::NAME_LINE_C, 9, &[9]),
    (s::PROFILE_LINK, 23, &[23]),
    (s::AVATAR_NAME, 17, &[7, 0, 10, 0]),
    (s::NOTE_C, 2, &[2]),
    (s::SEE_MORE_C, 1, &[1]),
    (s::WITHDRAW, 10, &[10, 0, 6, 0, 0]),
    (s::LIST_B, 0, &[0]),
    (s::ROW_B, 0, &[0]),
    (s::NAME_B, 0, &[0]),
    (s::LINK_B, 23, &[0, 23]),
    (s::HEADLINE_B, 0, &[0]),
    (s::AGE_B, 0, &[0]),
    (s::NOTE_B, 0, &[0]),
    (s::SEE_MORE_B, 0, &[0]),
    (s::NEXT_PAGE_B, 0, &[0]),
    (s::PREV_PAGE_B, 0, &[0]),
    (s::DIALOG, 0, &[0, 0, 0, 0, 0]),
    (s::CLOSED_DIALOG, 0, &[0]),
    (s::CONFIRM, 6, &[0, 6, 0, 0]),
    (s::MAIN, 1, &[1]),
    (s::TABS, 3, &[0, 3, 0]),
    (s::SECURITY, 0, &[0, 0, 0, 0, 0, 0, 0]),
    (s::TOAST, 0, &[0, 0, 0, 0]),
    (s::TOAST_REGION, 0, &[0, 0, 0, 0]),
];

/// legacy-dialog: 6 cards (3 labelled buttons), no notes, no pagination, and an open
/// `.artdeco-modal[role=dialog]` (one element, both alternatives) whose primary footer button is
/// the 4th `confirm button`; main's 6 buttons are the card buttons (the modal is outside main).
const LEGACY_DIALOG: Counts = &[
    (s::LIST_C, 0, &[0]),
    (s::ROW_C, 0, &[0]),
    (s::CARD_C, 0, &[0]),
    (s::LINE_C, 1, &[1]),
    (s::NAME_LINE_C, 0, &[0]),
    (s::PROFILE_LINK, 13, &[13]),
    (s::AVATAR_NAME, 0, &[0, 0, 0, 0]),
    (s::NOTE_C, 0, &[0]),
    (s::SEE_MORE_C, 0, &[0]),
    (s::WITHDRAW, 6, &[0, 0, 3, 0, 6]),
    (s::LIST_B, 1, &[1]),
    (s::ROW_B, 6, &[6]),
    (s::NAME_B, 6, &[6]),
    (s::LINK_B, 13, &[6, 13]),
    (s::HEADLINE_B, 6, &[6]),
    (s::AGE_B, 6, &[6]),
    (s::NOTE_B, 0, &[0]),
    (s::SEE_MORE_B, 0, &[0]),
    (s::NEXT_PAGE_B, 0, &[0]),
    (s::PREV_PAGE_B, 0, &[0]),
    (s::DIALOG, 1, &[0, 0, 1, 0, 1]),
    (s::CLOSED_DIALOG, 0, &[0]),
    (s::CONFIRM, 4, &[0, 3, 1, 0]),
    (s::MAIN, 1, &[1]),
    (s::TABS, 4, &[2, 3, 0]),
    (s::SECURITY, 0, &[0, 0, 0, 0, 0, 0, 0]),
    (s::TOAST, 0, &[0, 0, 0, 0]),
    (s::TOAST_REGION, 0, &[0, 0, 0, 0]),
];

/// legacy-page1: page 1 of 3, 100 cards (51 labelled buttons), 25 notes (15 clamped with "see
/// more"); pagination: previous (disabled), pages 1–3, next. main's 105 buttons = 100 + 5.
const LEGACY_PAGE1: Counts = &[
    (s::LIST_C, 0, &[0]),
    (s::ROW_C, 0, &[0]),
    (s::CARD_C, 0, &[0]),
    (s::LINE_C, 0, &[0]),
    (s::NAME_LINE_C, 0, &[0]),
    (s::PROFILE_LINK, 201, &[201]),
    (s::AVATAR_NAME, 0, &[0, 0, 0, 0]),
    (s::NOTE_C, 0, &[0]),
    (s::SEE_MORE_C, 0, &[0]),
    (s::WITHDRAW, 100, &[0, 0, 51, 0, 100]),
    (s::LIST_B, 1, &[1]),
    (s::ROW_B, 100, &[100]),
    (s::NAME_B, 100, &[100]),
    (s::LINK_B, 201, &[100, 201]),
    (s::HEADLINE_B, 100, &[100]),
    (s::AGE_B, 100, &[100]),
    (s::NOTE_B, 25, &[25]),
    (s::SEE_MORE_B, 15, &[15]),
    (s::NEXT_PAGE_B, 1, &[1]),
    (s::PREV_PAGE_B, 1, &[1]),
    (s::DIALOG, 0, &[0, 0, 0, 0, 0]),
    (s::CLOSED_DIALOG, 0, &[0]),
    (s::CONFIRM, 51, &[0, 51, 0, 0]),
    (s::MAIN, 1, &[1]),
    (s::TABS, 6, &[2, 3, 2]),
    (s::SECURITY, 0, &[0, 0, 0, 0, 0, 0, 0]),
    (s::TOAST, 0, &[0, 0, 0, 0]),
    (s::TOAST_REGION, 0, &[0, 0, 0, 0]),
];

/// legacy-small: 12 cards (7 labelled buttons), 2 clamped notes, no pagination.
const LEGACY_SMALL: Counts = &[
    (s::LIST_C, 0, &[0]),
    (s::ROW_C, 0, &[0]),
    (s::CARD_C, 0, &[0]),
    (s::LINE_C, 0, &[0]),
    (s::NAME_LINE_C, 0, &[0]),
    (s::PROFILE_LINK, 25, &[25]),
    (s::AVATAR_NAME, 0, &[0, 0, 0, 0]),
    (s::NOTE_C, 0, &[0]),
    (s::SEE_MORE_C, 0, &[0]),
    (s::WITHDRAW, 12, &[0, 0, 7, 0, 12]),
    (s::LIST_B, 1, &[1]),
    (s::ROW_B, 12, &[12]),
    (s::NAME_B, 12, &[12]),
    (s::LINK_B, 25, &[12, 25]),
    (s::HEADLINE_B, 12, &[12]),
    (s::AGE_B, 12, &[12]),
    (s::NOTE_B, 2, &[2]),
    (s::SEE_MORE_B, 2, &[2]),
    (s::NEXT_PAGE_B, 0, &[0]),
    (s::PREV_PAGE_B, 0, &[0]),
    (s::DIALOG, 0, &[0, 0, 0, 0, 0]),
    (s::CLOSED_DIALOG, 0, &[0]),
    (s::CONFIRM, 7, &[0, 7, 0, 0]),
    (s::MAIN, 1, &[1]),
    (s::TABS, 4, &[2, 3, 0]),
    (s::SECURITY, 0, &[0, 0, 0, 0, 0, 0, 0]),
    (s::TOAST, 0, &[0, 0, 0, 0]),
    (s::TOAST_REGION, 0, &[0, 0, 0, 0]),
];

const TABLES: &[(&str, Counts)] = &[
    ("current-anchor-to", CURRENT_ANCHOR_TO),
    ("current-anchor", CURRENT_ANCHOR),
    ("current-basic", CURRENT_BASIC),
    ("current-broken", CURRENT_BROKEN),
    ("current-dialog-alertdialog", CURRENT_DIALOG_ALERTDIALOG),
    ("current-dialog-bare", CURRENT_DIALOG_BARE),
    ("current-dialog-dialog", CURRENT_DIALOG_DIALOG),
    ("current-dialog-role-dialog", CURRENT_DIALOG_ROLE_DIALOG),
    ("current-dialog-shadow", CURRENT_DIALOG_SHADOW),
    ("current-dialog-testid", CURRENT_DIALOG_TESTID),
    ("current-empty", CURRENT_EMPTY),
    ("current-fr", CURRENT_FR),
    ("current-pages-tab", CURRENT_PAGES_TAB),
    ("current-partial", CURRENT_PARTIAL),
    ("legacy-dialog", LEGACY_DIALOG),
    ("legacy-page1", LEGACY_PAGE1),
    ("legacy-small", LEGACY_SMALL),
    ("captured-basic", CAPTURED_BASIC),
    ("captured-dialog", CAPTURED_DIALOG),
];

fn table(name: &str) -> Counts {
    TABLES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, t)| *t)
        .unwrap_or_else(|| panic!("no count table for {name}"))
}

fn table_count(t: Counts, sel: &Sel) -> usize {
    t.iter()
        .find(|(x, ..)| x.name == sel.name)
        .map(|(_, n, _)| *n)
        .unwrap_or_else(|| panic!("{} missing from the table", sel.name))
}

/// Counts the expected.json implies on its own, independent of the hand-written tables.
fn implied_counts(e: &Expected) -> Vec<(Sel, usize)> {
    let n = e.expected.len();
    let notes = e.expected.iter().filter(|r| r.has_note).count();
    let mut v = vec![(s::MAIN, 1)];
    match (e.layout.as_str(), e.tab.as_str(), e.layout_known) {
        ("legacy", ..) => v.extend([
            (s::LIST_B, 1),
            (s::ROW_B, n),
            (s::NAME_B, n),
            (s::HEADLINE_B, n),
            (s::AGE_B, n),
            (s::NOTE_B, notes),
            (s::WITHDRAW, n),
            (s::LIST_C, 0),
            (s::ROW_C, 0),
        ]),
        ("current", "pages", _) => v.extend([
            (s::LIST_C, 1),
            (s::ROW_C, 2 * e.orgs.len() + 3),
            (s::WITHDRAW, e.orgs.len()),
            (s::LIST_B, 0),
        ]),
        ("current", "empty", _) => v.extend([
            (s::LIST_C, 0),
            (s::ROW_C, 3),
            (s::WITHDRAW, 0),
            (s::LIST_B, 0),
        ]),
        ("current" | "captured", _, known) => v.extend([
            (s::LIST_C, usize::from(known)),
            (s::ROW_C, 2 * n + 3),
            (s::NOTE_C, notes),
            (s::LIST_B, 0),
            (s::ROW_B, 0),
        ]),
        other => panic!("unknown fixture kind {other:?}"),
    }
    // A dialog the document can see: every shape but the role-less pair and the shadow root.
    let visible_dialog = e
        .open_dialog
        .as_ref()
        .is_some_and(|d| !matches!(d.shape.as_str(), "bare" | "shadow"));
    // The captured page always holds two closed decoy dialogs whose `[data-testid=dialog-content]`
    // the selector list matches (the actor drops them: closed); an open one adds its `dialog[open]`
    // and its content.
    let decoys = if e.layout == "captured" { 2 } else { 0 };
    let open = usize::from(visible_dialog) * if e.layout == "captured" { 2 } else { 1 };
    v.push((s::DIALOG, decoys + open));
    v.push((s::CLOSED_DIALOG, decoys));
    v
}

fn check_counts(name: &str) {
    let t = table(name);
    let page = load(name);
    let listed: Vec<&str> = t.iter().map(|(sel, ..)| sel.name).collect();
    let registry: Vec<&str> = s::ALL.iter().map(|sel| sel.name).collect();
    assert_eq!(
        listed, registry,
        "{name}: the table must list selectors::ALL"
    );
    let mut wrong = Vec::new();
    for (sel, total, alts) in t {
        assert_eq!(
            alts.len(),
            sel.alts.len(),
            "{name}: alternatives of {}",
            sel.name
        );
        let got = count(&page.doc, sel.css());
        if got != *total {
            wrong.push(format!("{}: {got} matches, table says {total}", sel.name));
        }
        for ((css, serves), want) in sel.alts.iter().zip(alts.iter()) {
            let got = count(&page.doc, css);
            if got != *want {
                wrong.push(format!(
                    "{} alt `{css}` [{serves}]: {got} matches, table says {want}",
                    sel.name
                ));
            }
        }
    }
    for (sel, n) in implied_counts(&page.exp) {
        if table_count(t, &sel) != n {
            wrong.push(format!(
                "{}: expected.json implies {n}, the table says {}",
                sel.name,
                table_count(t, &sel)
            ));
        }
    }
    assert!(wrong.is_empty(), "{name}:\n  {}", wrong.join("\n  "));
}

macro_rules! count_tests {
    ($($test:ident => $name:literal,)*) => {$(
        #[wasm_bindgen_test]
        fn $test() {
            check_counts($name);
        }
    )*};
}

count_tests! {
    selector_counts_current_anchor_to => "current-anchor-to",
    selector_counts_current_anchor => "current-anchor",
    selector_counts_current_basic => "current-basic",
    selector_counts_current_broken => "current-broken",
    selector_counts_current_dialog_alertdialog => "current-dialog-alertdialog",
    selector_counts_current_dialog_bare => "current-dialog-bare",
    selector_counts_current_dialog_dialog => "current-dialog-dialog",
    selector_counts_current_dialog_role_dialog => "current-dialog-role-dialog",
    selector_counts_current_dialog_shadow => "current-dialog-shadow",
    selector_counts_current_dialog_testid => "current-dialog-testid",
    selector_counts_current_empty => "current-empty",
    selector_counts_current_fr => "current-fr",
    selector_counts_current_pages_tab => "current-pages-tab",
    selector_counts_current_partial => "current-partial",
    selector_counts_legacy_dialog => "legacy-dialog",
    selector_counts_legacy_page1 => "legacy-page1",
    selector_counts_legacy_small => "legacy-small",
    selector_counts_captured_basic => "captured-basic",
    selector_counts_captured_dialog => "captured-dialog",
}

#[wasm_bindgen_test]
fn every_fixture_has_a_count_table() {
    let fixtures: Vec<&str> = FIXTURES.iter().map(|f| f.name).collect();
    let tables: Vec<&str> = TABLES.iter().map(|(n, _)| *n).collect();
    assert_eq!(fixtures, tables);
}

#[wasm_bindgen_test]
fn shadow_dialog_is_only_in_the_shadow_root() {
    let page = load("current-dialog-shadow");
    // innerHTML left a template; the loader attached it as the parser would have.
    assert_eq!(count(&page.doc, "template"), 0);
    let hosts: Vec<ShadowRoot> = css_all(&page.doc, &format!("[{MARK}] *"))
        .into_iter()
        .filter_map(|e| e.shadow_root())
        .collect();
    assert_eq!(hosts.len(), 1, "one open shadow root");
    let root = &hosts[0];
    let in_shadow = |css: &str| {
        root.query_selector_all(css)
            .map(|l| l.length())
            .unwrap_or(0)
    };
    assert_eq!(in_shadow(s::DIALOG.css()), 1);
    assert_eq!(in_shadow(s::CONFIRM.css()), 1);
    assert_eq!(in_shadow(s::CONFIRM.alts[0].0), 1, "the 'Withdrawn…' label");
    assert_eq!(in_shadow(s::WITHDRAW.css()), 0);
}

// ---- 2. The reader ----------------------------------------------------------------------------

fn expected_layout(e: &Expected) -> Option<Layout> {
    match (e.layout.as_str(), e.tab.as_str(), e.layout_known) {
        ("legacy", ..) => Some(Layout::Legacy),
        ("current", "empty", _) | ("current", _, false) => None,
        ("current" | "captured", ..) => Some(Layout::Current),
        other => panic!("unknown fixture kind {other:?}"),
    }
}

#[wasm_bindgen_test]
fn find_list_recognises_each_layout() {
    let mut wrong = Vec::new();
    for f in FIXTURES {
        let page = load(f.name);
        let got = reader::find_list(&page.doc).map(|found| found.layout);
        let want = expected_layout(&page.exp);
        if got != want {
            wrong.push(format!("{}: {got:?}, expected {want:?}", f.name));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[wasm_bindgen_test]
fn rows_are_the_outermost_cards_only() {
    for f in FIXTURES {
        let page = load(f.name);
        let Some(found) = reader::find_list(&page.doc) else {
            continue;
        };
        let rows = reader::rows(&found);
        let want = if page.exp.tab == "pages" {
            page.exp.orgs.len()
        } else {
            page.exp.expected.len()
        };
        assert_eq!(rows.len(), want, "{}: rows", f.name);
        for (i, r) in rows.iter().enumerate() {
            for (j, other) in rows.iter().enumerate() {
                assert!(
                    i == j || !r.contains(Some(other)),
                    "{}: row {i} contains row {j}",
                    f.name
                );
            }
        }
        if found.layout == Layout::Current {
            // Every card nests one more listitem, which must not count as a row.
            let all = el_all(&found.list, s::ROW_C.css());
            assert_eq!(all.len(), 2 * want, "{}: listitems in the list", f.name);
            for r in &rows {
                assert!(
                    r.parent_element().as_ref() == Some(&found.list),
                    "{}: a card is a direct child of the lazy column",
                    f.name
                );
            }
        }
    }
}

/// Reads every card of a fixture and compares the typed invitations with `expected`.
fn check_reading(name: &str) {
    let page = load(name);
    let e = &page.exp;
    let found = reader::find_list(&page.doc).unwrap_or_else(|| panic!("{name}: no list"));
    let cards = reader::rows(&found);
    let raws: Vec<RawRow> = cards
        .iter()
        .map(|r| reader::read_row(r, found.layout))
        .collect();
    let parsed = parse_rows(&raws);
    assert!(parsed.errors.is_empty(), "{name}: {:?}", parsed.errors);
    assert_eq!(parsed.duplicates, 0, "{name}: duplicates");
    assert_eq!(
        parsed.invitations.len(),
        e.expected.len(),
        "{name}: invitations"
    );
    let policy = Policy::default();
    let mut wrong = Vec::new();
    for (i, (inv, want)) in parsed.invitations.iter().zip(&e.expected).enumerate() {
        let mut diff = |what: &str, got: String, exp: String| {
            if got != exp {
                wrong.push(format!(
                    "row {i} ({}) {what}: {got:?} != {exp:?}",
                    want.profile
                ));
            }
        };
        diff("index", inv.index.to_string(), i.to_string());
        diff("profile", inv.profile.clone(), want.profile.clone());
        diff("name", inv.name.clone(), want.name.clone());
        diff(
            "age text",
            inv.age_text.clone(),
            collapse_whitespace(&want.age_text),
        );
        diff(
            "age",
            format!("{:?}", inv.age_min_days),
            format!("{:?}", want.age_min_days),
        );
        diff(
            "has note",
            inv.note.is_some().to_string(),
            want.has_note.to_string(),
        );
        if let Some(h) = &want.headline {
            diff("headline", inv.headline.clone(), collapse_whitespace(h));
        }
        // A clamped legacy note holds only its first lines until "see more" is clicked (see
        // `legacy_clamped_note_reads_as_its_visible_words`); everywhere else the whole note is
        // in the DOM.
        let clamped_legacy = !el_all(&cards[i], s::SEE_MORE_B.css()).is_empty();
        if let (Some(n), false) = (&want.note, clamped_legacy) {
            diff(
                "note",
                inv.note.clone().unwrap_or_default(),
                collapse_whitespace(n),
            );
        }
        diff("withdraw", inv.has_withdraw.to_string(), "true".into());
        diff(
            "proposed",
            is_proposed(inv, &policy).to_string(),
            want.proposed.to_string(),
        );
    }
    // The proposal order covers every row of the list, so it is comparable only when the
    // snapshot holds them all (not on current-partial or legacy-page1).
    if e.total_rows == e.expected.len() {
        let order: Vec<String> = propose(&parsed.invitations, &policy)
            .into_iter()
            .map(|i| parsed.invitations[i].profile.clone())
            .collect();
        if order != e.proposal_order {
            wrong.push(format!(
                "proposal order {order:?} != {:?}",
                e.proposal_order
            ));
        }
    }
    assert!(wrong.is_empty(), "{name}:\n  {}", wrong.join("\n  "));
}

macro_rules! reading_tests {
    ($($test:ident => $name:literal,)*) => {$(
        #[wasm_bindgen_test]
        fn $test() {
            check_reading($name);
        }
    )*};
}

reading_tests! {
    reads_current_anchor_to => "current-anchor-to",
    reads_current_anchor => "current-anchor",
    reads_current_basic => "current-basic",
    reads_current_dialog_alertdialog => "current-dialog-alertdialog",
    reads_current_dialog_bare => "current-dialog-bare",
    reads_current_dialog_dialog => "current-dialog-dialog",
    reads_current_dialog_role_dialog => "current-dialog-role-dialog",
    reads_current_dialog_shadow => "current-dialog-shadow",
    reads_current_dialog_testid => "current-dialog-testid",
    reads_current_fr => "current-fr",
    reads_current_partial => "current-partial",
    reads_legacy_dialog => "legacy-dialog",
    reads_legacy_page1 => "legacy-page1",
    reads_legacy_small => "legacy-small",
    reads_captured_basic => "captured-basic",
    reads_captured_dialog => "captured-dialog",
}

/// Issue 15: the list-wide reader gives exactly the strings the per-card reader gives, on every
/// fixture with a list (it replaced per-card queries, most of a rescan's time).
#[wasm_bindgen_test]
fn list_wide_reading_equals_card_by_card() {
    for f in FIXTURES {
        let page = load(f.name);
        let Some(found) = reader::find_list(&page.doc) else {
            continue;
        };
        let cards = reader::rows(&found);
        let one_by_one: Vec<RawRow> = cards
            .iter()
            .map(|c| reader::read_row(c, found.layout))
            .collect();
        assert_eq!(reader::read_rows(&found, &cards), one_by_one, "{}", f.name);
    }
}

/// The Pages tab's cards are organisations: the reader copies them, the core refuses them.
#[wasm_bindgen_test]
fn pages_tab_rows_are_not_people() {
    let page = load("current-pages-tab");
    let found = reader::find_list(&page.doc).expect("list");
    let raws: Vec<RawRow> = reader::rows(&found)
        .iter()
        .map(|r| reader::read_row(r, found.layout))
        .collect();
    let names: Vec<&str> = raws.iter().map(|r| r.name.as_str()).collect();
    let orgs: Vec<&str> = page.exp.orgs.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(names, orgs);
    let ages: Vec<String> = raws.iter().map(|r| r.age_text.clone()).collect();
    let org_ages: Vec<String> = page
        .exp
        .orgs
        .iter()
        .map(|o| collapse_whitespace(&o.age_text))
        .collect();
    assert_eq!(ages, org_ages);
    let parsed = parse_rows(&raws);
    assert!(parsed.invitations.is_empty());
    // Their links go to /company/, which the reader does not take for a profile link.
    let errors: Vec<RowError> = parsed.errors.into_iter().map(|(_, e)| e).collect();
    assert_eq!(errors, vec![RowError::MissingProfile; 4]);
}

/// Bug (reader.rs `note_text` → `text_without` → `textContent`): a clamped legacy note is one
/// `span.lt-line-clamp__line` per visual line with no whitespace between the spans, and
/// `textContent` glues the lines together: "…remote-first team" + "and your background…" reads
/// "…remote-first teamand your background…". Only the note text shown in the panel/export is
/// wrong (the has-note flag, which the policy uses, is right). The note read must be the start of
/// the invitation's real note, word for word.
#[wasm_bindgen_test]
fn legacy_clamped_note_reads_as_its_visible_words() {
    let mut wrong = Vec::new();
    let mut clamped = 0;
    for name in ["legacy-small", "legacy-page1"] {
        let page = load(name);
        let found = reader::find_list(&page.doc).expect("list");
        for (card, want) in reader::rows(&found).iter().zip(&page.exp.expected) {
            if el_all(card, s::SEE_MORE_B.css()).is_empty() {
                continue;
            }
            clamped += 1;
            let got = reader::read_row(card, found.layout)
                .note
                .unwrap_or_default();
            let full = collapse_whitespace(want.note.as_deref().unwrap_or_default());
            if got.is_empty() || !full.starts_with(&got) {
                wrong.push(format!("{name} {}: {got:?}", want.profile));
            }
        }
    }
    assert_eq!(clamped, 17, "clamped notes in the two fixtures");
    assert!(
        wrong.is_empty(),
        "{} of {clamped}:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

#[wasm_bindgen_test]
fn people_count_reads_the_tab() {
    let mut wrong = Vec::new();
    for f in FIXTURES {
        let page = load(f.name);
        // "People" without a number (the empty list) has no count.
        let want = page
            .exp
            .people_tab_text
            .contains('(')
            .then_some(page.exp.people_count);
        let got = reader::tabs(&page.doc).people_count;
        if got != want {
            wrong.push(format!(
                "{} ({:?}): {got:?}, expected {want:?}",
                f.name, page.exp.people_tab_text
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// The facts exactly as the content script gathers them: no list means no rows were read.
fn page_facts(doc: &Document, url: &str) -> PageFacts {
    let found = reader::find_list(doc);
    let raws: Vec<RawRow> = found
        .as_ref()
        .map(|f| {
            reader::rows(f)
                .iter()
                .map(|r| reader::read_row(r, f.layout))
                .collect()
        })
        .unwrap_or_default();
    let with_withdraw = raws.iter().filter(|r| r.has_withdraw).count();
    // A static fixture has long settled: judge it as the wait for the list would at its end.
    let arrival = arrival::judge_settled(doc, url);
    reader::facts(
        doc,
        url,
        found.as_ref(),
        raws.len(),
        with_withdraw,
        arrival,
        reader::tabs(doc),
    )
}

fn expected_verdict(e: &Expected) -> Verdict {
    match (e.tab.as_str(), e.layout_known) {
        ("pages", _) => Verdict::PagesTab,
        ("empty", _) => Verdict::Empty,
        (_, false) => Verdict::LayoutUnknown,
        _ => Verdict::People,
    }
}

#[wasm_bindgen_test]
fn facts_and_verdict_per_fixture() {
    let mut wrong = Vec::new();
    for f in FIXTURES {
        let page = load(f.name);
        let e = &page.exp;
        let facts = page_facts(&page.doc, SENT);
        let v = verdict(&facts);
        if v != expected_verdict(e) {
            wrong.push(format!(
                "{}: verdict {v:?}, expected {:?} (facts {facts:?})",
                f.name,
                expected_verdict(e)
            ));
        }
        if facts.layout != expected_layout(e) {
            wrong.push(format!("{}: layout {:?}", f.name, facts.layout));
        }
        let rows = match (facts.layout, e.tab.as_str()) {
            (None, _) => 0,
            (_, "pages") => e.orgs.len(),
            _ => e.expected.len(),
        };
        if facts.rows != rows || facts.rows_with_withdraw != rows {
            wrong.push(format!(
                "{}: rows {}/{} with withdraw, expected {rows}",
                f.name, facts.rows_with_withdraw, facts.rows
            ));
        }
        if facts.pages_tab_selected != (e.tab == "pages") {
            wrong.push(format!(
                "{}: pages tab {}",
                f.name, facts.pages_tab_selected
            ));
        }
        let missing_list = format!("{} or {}", s::LIST_C.name, s::LIST_B.name);
        let missing_ok = match facts.layout {
            None => facts.missing.len() == 1 && facts.missing[0].starts_with(&missing_list),
            Some(_) => facts.missing.is_empty(),
        };
        if !missing_ok {
            wrong.push(format!("{}: missing {:?}", f.name, facts.missing));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Regression (HEAD 08f1d0c): on current-broken every row is on the page but the lazy-column
/// marker is gone; "Manage invitations" is the page's own h1 on every page, so the verdict said
/// Empty (no layout report) instead of LayoutUnknown.
#[wasm_bindgen_test]
fn current_broken_is_layout_unknown_not_empty() {
    let page = load("current-broken");
    let facts = page_facts(&page.doc, SENT);
    assert_eq!(facts.layout, None);
    assert_eq!(verdict(&facts), Verdict::LayoutUnknown, "{facts:?}");
}

#[wasm_bindgen_test]
fn verdict_follows_the_url() {
    let page = load("current-basic");
    let cases = [
        ("/mynetwork/invitation-manager/sent/", Verdict::People),
        (
            "/mynetwork/invitation-manager/sent/CONNECTION/",
            Verdict::People,
        ),
        (
            "/mynetwork/invitation-manager/sent/ORGANIZATION/",
            Verdict::PagesTab,
        ),
        (
            "/mynetwork/invitation-manager/received/",
            Verdict::NotSentList,
        ),
        ("/checkpoint/challenge/abc", Verdict::NotSentList),
    ];
    for (path, want) in cases {
        assert_eq!(verdict(&page_facts(&page.doc, &url(path))), want, "{path}");
    }
    drop(page);
    // The Pages tab selected in the page while the URL still says Sent (no URL change).
    let page = load("current-pages-tab");
    assert_eq!(
        verdict(&page_facts(
            &page.doc,
            &url("/mynetwork/invitation-manager/sent/ORGANIZATION/")
        )),
        Verdict::PagesTab
    );
}

/// The report lists every alternative of the registry with its count on the page; the counts
/// are the ones in the fixture's table.
fn check_report(name: &str, report: &str, t: Counts) {
    let lines: Vec<&str> = report.lines().collect();
    let mut at = lines
        .iter()
        .position(|l| l.contains(s::ALL[0].alts[0].0))
        .unwrap_or_else(|| panic!("{name}: no selector lines in\n{report}"));
    for (sel, _, alts) in t {
        for ((css, serves), n) in sel.alts.iter().zip(alts.iter()) {
            let want = format!("{n:>5}  {}  [{serves}]  {css}", sel.name);
            assert_eq!(lines.get(at).copied(), Some(want.as_str()), "{name}");
            at += 1;
        }
    }
}

#[wasm_bindgen_test]
fn layout_report_names_the_missing_list() {
    let page = load("current-broken");
    let facts = page_facts(&page.doc, SENT);
    // Rows are there but the list's marker is not: the count says invitations exist, so the
    // report says why this is not "empty".
    let want = format!(
        "{} or {} (the People count is above zero)",
        s::LIST_C.name,
        s::LIST_B.name
    );
    assert_eq!(facts.missing, vec![want.clone()]);
    let report = reader::layout_report(
        &page.doc,
        &format!("{SENT}?trk=abc123#frag"),
        &facts.missing,
    );
    assert!(report.contains(&format!("missing: {want}\n")), "{report}");
    assert!(report.contains(&format!("page: {SENT}\n")), "{report}");
    assert!(
        !report.contains("trk"),
        "the query stays out of reports: {report}"
    );
    check_report("current-broken", &report, CURRENT_BROKEN);
}

#[wasm_bindgen_test]
fn layout_report_names_a_missing_withdraw_control() {
    let page = load("current-basic");
    // A deploy that renamed the control: the rows are there, no control is recognised.
    for c in css_all(&page.doc, s::WITHDRAW.css()) {
        c.remove();
    }
    let facts = page_facts(&page.doc, SENT);
    assert_eq!(facts.rows, 16);
    assert_eq!(facts.rows_with_withdraw, 0);
    assert_eq!(facts.missing, vec![s::WITHDRAW.name.to_string()]);
    assert_eq!(verdict(&facts), Verdict::LayoutUnknown);
    let report = reader::layout_report(&page.doc, SENT, &facts.missing);
    assert!(
        report.contains(&format!("missing: {}\n", s::WITHDRAW.name)),
        "{report}"
    );
    for (css, serves) in s::WITHDRAW.alts {
        let line = format!("    0  {}  [{serves}]  {css}\n", s::WITHDRAW.name);
        assert!(report.contains(&line), "{line} in {report}");
    }
}

/// The same display name twice: each profile finds its own card.
#[wasm_bindgen_test]
fn find_row_tells_same_named_people_apart() {
    let cases = [
        (
            "current-basic",
            ["/in/elif-santos-be69847/", "/in/elif-santos-86f2369/"],
        ),
        (
            "current-dialog-shadow",
            ["/in/rosa-lee-9a9646d4/", "/in/rosa-lee-d0ac0f/"],
        ),
        (
            "legacy-dialog",
            ["/in/arjun-smith-d5d4776/", "/in/arjun-smith-b669f99f/"],
        ),
    ];
    for (name, profiles) in cases {
        let page = load(name);
        let mut cards = Vec::new();
        for p in profiles {
            let (found, row) =
                reader::find_row(&page.doc, p).unwrap_or_else(|| panic!("{name}: no card for {p}"));
            let raw = reader::read_row(&row, found.layout);
            let want = page
                .exp
                .expected
                .iter()
                .find(|r| r.profile == p)
                .expect("profile in expected");
            let inv = parse_rows(&[raw]).invitations.remove(0);
            assert_eq!(inv.profile, p, "{name}");
            assert_eq!(inv.name, want.name, "{name}");
            assert_eq!(Some(inv.headline.clone()), want.headline, "{name} {p}");
            cards.push(row);
        }
        assert_ne!(cards[0], cards[1], "{name}: two different cards");
        assert!(reader::find_row(&page.doc, "/in/nobody-here/").is_none());
        // The name alone is not an identity.
        assert!(reader::find_row(&page.doc, &page.exp.expected[0].name).is_none());
    }
    // A percent-encoded slug is found under the canonical (encoded) profile.
    let page = load("current-basic");
    let (_, row) =
        reader::find_row(&page.doc, "/in/bj%C3%B6rn-m%C3%BCller-4b37151/").expect("encoded slug");
    assert!(text(&row).contains("Björn Müller"));
}

// ---- 3. The actor -----------------------------------------------------------------------------

fn dialog_fixture(name: &str) -> (Page, Element) {
    let page = load(name);
    let dialogs = actor::open_dialogs(&page.doc);
    assert_eq!(dialogs.len(), 1, "{name}: open dialogs");
    let d = dialogs[0].clone();
    (page, d)
}

fn check_dialog(name: &str) {
    let (page, d) = dialog_fixture(name);
    let od = page.exp.open_dialog.as_ref().expect("openDialog");
    // The dialog the actor found has the fixture's shape.
    let shape_ok = match od.shape.as_str() {
        "dialog" => d.tag_name() == "DIALOG" && d.has_attribute("open"),
        "role-dialog" => d.get_attribute("role").as_deref() == Some("dialog"),
        "alertdialog" => d.get_attribute("role").as_deref() == Some("alertdialog"),
        "testid" => d.get_attribute("data-testid").as_deref() == Some("dialog-content"),
        "bare" => !d.has_attribute("role") && el_all(&d, "button").len() == 2,
        "shadow" => d.get_root_node().dyn_into::<ShadowRoot>().is_ok(),
        "artdeco" => d.class_list().contains("artdeco-modal"),
        other => panic!("unknown shape {other}"),
    };
    assert!(
        shape_ok,
        "{name}: found {:?} for shape {}",
        d.outer_html(),
        od.shape
    );

    // The card the dialog belongs to shows the same name.
    let (found, row) = reader::find_row(&page.doc, &od.profile).expect("the dialog's card");
    assert_eq!(
        collapse_whitespace(&reader::read_row(&row, found.layout).name),
        od.name
    );

    // Name check: the right person passes; another is refused when the dialog names someone.
    assert_eq!(actor::check_name(&page.doc, &d, &od.name), Ok(()), "{name}");
    let other = page
        .exp
        .expected
        .iter()
        .map(|r| r.name.as_str())
        .find(|n| *n != od.name)
        .expect("another name");
    let res = actor::check_name(&page.doc, &d, other);
    match &od.shown_name {
        Some(shown) => {
            let stop = res.expect_err("another name is refused");
            assert_eq!(stop.reason, Reason::DialogNameMismatch, "{name}");
            assert_eq!(stop.detail, "detailOtherName", "{name}");
            assert_eq!(
                stop.subs.first(),
                Some(shown),
                "{name}: the dialog's name is reported"
            );
        }
        // A dialog naming nobody is acceptable when it is the only one open...
        None => assert_eq!(res, Ok(()), "{name}"),
    }

    // Confirm: the Withdraw button, never Cancel.
    let b = actor::confirm_button(&d).unwrap_or_else(|e| panic!("{name}: {e:?}"));
    let b: Element = b.into();
    assert!(d.contains(Some(&b)), "{name}: confirm inside the dialog");
    assert_eq!(text(&b), "Withdraw", "{name}");
    assert!(!label_is(&b, s::CANCEL_WORDS), "{name}");
    let cancel: Vec<Element> = el_all(&d, "button")
        .into_iter()
        .filter(|x| text(x) == "Cancel")
        .collect();
    assert_eq!(cancel.len(), 1, "{name}: the dialog has its Cancel");
    assert_ne!(cancel[0], b, "{name}");
    let label = b.get_attribute("aria-label");
    match od.confirm.as_str() {
        "withdrawn-label" => assert_eq!(
            label,
            Some(format!("Withdrawn invitation sent to {}", od.name))
        ),
        "withdraw-label" => assert_eq!(
            label,
            Some(format!("Withdraw invitation sent to {}", od.name))
        ),
        "plain" => assert_eq!(label, None),
        "primary" => assert!(b.class_list().contains("artdeco-button--primary")),
        other => panic!("unknown confirm {other}"),
    }

    // ...and refused once a second dialog is open: nobody can tell which one the click opened.
    if od.shown_name.is_none() {
        let overlay = d.parent_element().expect("overlay");
        let copy: Element = overlay
            .clone_node_with_deep(true)
            .expect("clone")
            .dyn_into()
            .expect("element");
        add(&page.doc, &copy);
        assert_eq!(actor::open_dialogs(&page.doc).len(), 2, "{name}");
        let stop = actor::check_name(&page.doc, &d, &od.name).expect_err("two dialogs");
        assert_eq!(stop.reason, Reason::DialogNameMismatch, "{name}");
    }
}

macro_rules! dialog_tests {
    ($($test:ident => $name:literal,)*) => {$(
        #[wasm_bindgen_test]
        fn $test() {
            check_dialog($name);
        }
    )*};
}

dialog_tests! {
    dialog_native_dialog => "current-dialog-dialog",
    dialog_role_dialog => "current-dialog-role-dialog",
    dialog_alertdialog => "current-dialog-alertdialog",
    dialog_testid => "current-dialog-testid",
    dialog_bare_pair => "current-dialog-bare",
    dialog_in_shadow_root => "current-dialog-shadow",
    dialog_legacy_artdeco => "legacy-dialog",
    // The 2026-09 capture: no role, two closed decoys with the same header id, and a toast
    // naming the previous person inside the dialog: none of them may count.
    dialog_captured_with_decoys_and_toast => "captured-dialog",
}

#[wasm_bindgen_test]
fn no_dialog_on_list_pages() {
    for f in FIXTURES {
        let page = load(f.name);
        if page.exp.open_dialog.is_some() {
            continue;
        }
        let found = actor::open_dialogs(&page.doc);
        assert!(found.is_empty(), "{}: {:?}", f.name, found);
    }
}

#[wasm_bindgen_test]
fn hidden_dialog_is_not_open() {
    let (page, d) = dialog_fixture("current-dialog-role-dialog");
    d.set_attribute("style", "display:none").expect("style");
    assert!(actor::open_dialogs(&page.doc).is_empty());
}

/// Both artdeco footer buttons carry `artdeco-modal__confirm-dialog-btn`; without the primary one
/// there is nothing to confirm with, and Cancel is never taken instead.
#[wasm_bindgen_test]
fn confirm_button_is_never_cancel() {
    let (page, d) = dialog_fixture("legacy-dialog");
    let primary = el_all(&d, "button.artdeco-button--primary");
    assert_eq!(primary.len(), 1);
    primary[0].remove();
    let stop = actor::confirm_button(&d).expect_err("only Cancel left");
    assert_eq!(stop.reason, Reason::LayoutUnknown);
    drop(page);

    // A deploy that swaps the classes: Cancel now looks like the primary button. The confirm
    // selector matches it; the label check must still refuse it.
    let (page, d) = dialog_fixture("legacy-dialog");
    for b in el_all(&d, "button.artdeco-button--primary") {
        b.remove();
    }
    let cancel: Vec<Element> = el_all(&d, "button")
        .into_iter()
        .filter(|b| text(b).eq_ignore_ascii_case("cancel"))
        .collect();
    assert_eq!(cancel.len(), 1, "legacy-dialog has one Cancel button");
    cancel[0]
        .class_list()
        .add_1("artdeco-button--primary")
        .expect("add class");
    assert_eq!(
        actor::confirm_button(&d).map(|_| ()).map_err(|s| s.reason),
        Err(Reason::LayoutUnknown),
        "a Cancel button dressed as the primary is never the confirm"
    );
    drop(page);

    let (page, d) = dialog_fixture("current-dialog-alertdialog");
    for b in el_all(&d, "button") {
        if text(&b) == "Withdraw" {
            b.remove();
        }
    }
    assert_eq!(
        actor::confirm_button(&d).map(|_| ()).map_err(|s| s.reason),
        Err(Reason::LayoutUnknown)
    );
    drop(page);

    // A disabled confirm (already clicked) is not offered again.
    let (_page, d) = dialog_fixture("current-dialog-dialog");
    let b: Element = actor::confirm_button(&d).expect("confirm").into();
    b.set_attribute("disabled", "").expect("disable");
    assert!(actor::confirm_button(&d).is_err());
}

// ---- Stop signals -----------------------------------------------------------------------------

#[wasm_bindgen_test]
fn no_stop_signal_on_any_fixture() {
    for f in FIXTURES {
        let page = load(f.name);
        assert_eq!(actor::stop_signal(&page.doc, SENT), None, "{}", f.name);
    }
}

fn stop_with(html: &str) -> Option<Reason> {
    let page = load("current-basic");
    add(&page.doc, &element(&page.doc, html));
    actor::stop_signal(&page.doc, SENT).map(|s| s.reason)
}

#[wasm_bindgen_test]
fn stop_signal_on_security_checks() {
    let cases = [
        r#"<div><label>Password <input type="password" name="session_password"></label></div>"#,
        r#"<div id="captcha-internal"></div>"#,
        r#"<iframe src="about:blank" data-src="https://client-api.arkoselabs.com/fc/gt2/" title="Security verification"></iframe>"#,
        r#"<iframe src="about:blank" data-src="https://funcaptcha.com/fc/api/"></iframe>"#,
        r#"<iframe src="about:blank" data-src="https://newassets.hcaptcha.com/captcha/v1/"></iframe>"#,
        r#"<iframe src="about:blank" data-src="https://www.google.com/recaptcha/api2/anchor"></iframe>"#,
        r#"<iframe src="about:blank" title="CAPTCHA challenge"></iframe>"#,
    ];
    for html in cases {
        assert_eq!(stop_with(html), Some(Reason::Checkpoint), "{html}");
    }
    let page = load("current-basic");
    add(&page.doc, &element(&page.doc, r#"<input type="password">"#));
    let stop = actor::stop_signal(&page.doc, SENT).expect("stop");
    assert_eq!(stop.detail, "detailPasswordPrompt");
}

#[wasm_bindgen_test]
fn stop_signal_on_error_toasts() {
    let stops = [
        r#"<div role="alert">Something went wrong. Try again later.</div>"#,
        r#"<div role="alert"><p>You’ve reached the limit. Please slow down.</p></div>"#,
        r#"<div class="artdeco-toast-item">Too many requests</div>"#,
        r#"<div data-test-artdeco-toast-item-type="error">Could not withdraw</div>"#,
        r#"<div data-testid="toast-container">Your account is restricted</div>"#,
    ];
    for html in stops {
        assert_eq!(stop_with(html), Some(Reason::ErrorToast), "{html}");
    }
    let benign = [
        r#"<div role="status">Invitation withdrawn</div>"#,
        r#"<div role="alert">Invitation withdrawn</div>"#,
        r#"<div class="artdeco-toast-item">Invitation withdrawn</div>"#,
    ];
    for html in benign {
        assert_eq!(stop_with(html), None, "{html}");
    }
}

#[wasm_bindgen_test]
fn stop_signal_ignores_the_extension_and_follows_the_url() {
    // The extension's own panel may hold anything; it is not LinkedIn talking. The host is
    // known by reference (it has no id the page could look for, or fake).
    let doc = document();
    clear(&doc);
    let panel = Panel::mount(&doc, Rc::new(|_| {}), true).expect("mount");
    let noise = element(
        &doc,
        r#"<div><input type="password"><div role="alert">Try again later</div></div>"#,
    );
    panel.host.append_child(&noise).expect("append");
    assert_eq!(actor::stop_signal(&doc, SENT), None, "inside our host");
    assert!(
        panel.host.get_attribute_names().length() == 0,
        "the host carries no attribute"
    );
    panel.teardown();
    // An element the PAGE names like us is the page's: its alerts count.
    let faked = r#"<div id="invite-sweeper-root"><div role="alert">Try again later</div></div>"#;
    assert_eq!(stop_with(faked), Some(Reason::ErrorToast));

    let page = load("current-basic");
    let at = |path: &str| actor::stop_signal(&page.doc, &url(path)).map(|s| s.reason);
    assert_eq!(at("/checkpoint/challenge/AgE"), Some(Reason::Checkpoint));
    assert_eq!(at("/authwall?trk=x"), Some(Reason::Checkpoint));
    assert_eq!(
        at("/mynetwork/invitation-manager/received/"),
        Some(Reason::Navigated)
    );
    assert_eq!(at("/mynetwork/invitation-manager/sent/CONNECTION/"), None);
}

#[wasm_bindgen_test]
fn the_progress_bar_is_as_long_as_the_share_done() {
    // Tenths of a percent, written without float formatting (the page core carries no float
    // printer): a third is 33.3 %, all of it 100.0 %, nothing to do hides the bar.
    let doc = document();
    clear(&doc);
    let panel = Panel::mount(&doc, Rc::new(|_| {}), true).expect("mount");
    let bar = panel
        .shadow()
        .query_selector("[data-testid=sweeper-progress] .bar")
        .expect("query")
        .expect("the progress bar");
    let progress = panel
        .shadow()
        .query_selector("[data-testid=sweeper-progress]")
        .expect("query")
        .expect("progress");
    let width = |done, total| {
        panel.set_progress(done, total, "line");
        bar.get_attribute("style").unwrap_or_default()
    };
    assert_eq!(width(1, 3), "width:33.3%");
    assert_eq!(width(2, 7), "width:28.5%");
    assert_eq!(width(3, 3), "width:100.0%");
    assert_eq!(width(0, 40), "width:0.0%");
    assert_eq!(
        progress.get_attribute("aria-valuemax").as_deref(),
        Some("40")
    );
    // More done than planned (never expected) still draws a full bar, not a longer one.
    assert_eq!(width(5, 4), "width:100.0%");
    panel.set_progress(0, 0, "");
    let wrap = progress.parent_element().expect("wrap");
    assert!(wrap.has_attribute("hidden"), "no run, no bar");
    panel.teardown();
}

// ---- 4. Observer-driven waits -----------------------------------------------------------------

fn now() -> f64 {
    js_sys::Date::now()
}

#[wasm_bindgen_test]
async fn until_resolves_when_a_node_is_added() {
    let doc = document();
    clear(&doc);
    let body = doc.body().expect("body");
    let d = doc.clone();
    wasm_bindgen_futures::spawn_local(async move {
        TimeoutFuture::new(50).await;
        // An unrelated change first: the predicate is re-checked and stays false.
        add(&d, &element(&d, "<p>noise</p>"));
        TimeoutFuture::new(20).await;
        add(&d, &element(&d, r#"<div id="dom-test-target"></div>"#));
    });
    let d = doc.clone();
    let t0 = now();
    let ok = watch::until(&body, 5_000, move || {
        d.get_element_by_id("dom-test-target").is_some()
    })
    .await;
    let took = now() - t0;
    assert!(ok);
    assert!((50.0..1_000.0).contains(&took), "resolved after {took} ms");
    clear(&doc);
}

#[wasm_bindgen_test]
async fn until_resolves_on_an_attribute_change() {
    let doc = document();
    clear(&doc);
    let el = element(&doc, r#"<div aria-busy="true"></div>"#);
    add(&doc, &el);
    let target = el.clone();
    wasm_bindgen_futures::spawn_local(async move {
        TimeoutFuture::new(30).await;
        let _ = target.set_attribute("aria-busy", "false");
    });
    let watched = el.clone();
    let t0 = now();
    let ok = watch::until(&el, 5_000, move || {
        watched.get_attribute("aria-busy").as_deref() == Some("false")
    })
    .await;
    assert!(ok);
    assert!(now() - t0 < 1_000.0);
    clear(&doc);
}

#[wasm_bindgen_test]
async fn until_gives_up_after_its_timeout() {
    let doc = document();
    clear(&doc);
    let body = doc.body().expect("body");
    let d = doc.clone();
    wasm_bindgen_futures::spawn_local(async move {
        TimeoutFuture::new(20).await;
        add(&d, &element(&d, "<p>not it</p>"));
    });
    let t0 = now();
    let ok = watch::until(&body, 200, || false).await;
    let took = now() - t0;
    assert!(!ok);
    assert!((190.0..2_000.0).contains(&took), "gave up after {took} ms");
    clear(&doc);
}

#[wasm_bindgen_test]
async fn until_is_immediate_when_already_true() {
    let body = document().body().expect("body");
    let t0 = now();
    assert!(watch::until(&body, 5_000, || true).await);
    assert!(now() - t0 < 100.0);
}

// ---- 5. The page as it really is in 2026 (issue 12) -------------------------------------------

/// Pretends the tab is hidden (or visible again) as the browser would: `document.hidden`,
/// `visibilityState` and a `visibilitychange` event. Headless Chromium never hides a tab itself.
fn set_hidden(hidden: bool) {
    let f = js_sys::Function::new_with_args(
        "h",
        "Object.defineProperty(document, 'hidden', { configurable: true, get: () => h });\
         Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => h ? 'hidden' : 'visible' });\
         document.dispatchEvent(new Event('visibilitychange'));",
    );
    f.call1(&JsValue::NULL, &JsValue::from_bool(hidden))
        .expect("visibility");
}

/// Regression (issue 12, item 7): a hidden tab runs no animation frames, so the page may not
/// draw its dialog until the member is back; time away must not count toward the bound.
#[wasm_bindgen_test]
async fn until_does_not_count_time_the_tab_is_hidden() {
    let doc = document();
    clear(&doc);
    let body = doc.body().expect("body");
    set_hidden(true);
    let d = doc.clone();
    wasm_bindgen_futures::spawn_local(async move {
        // Hidden for four bounds, then visible again; the "dialog" comes a moment later.
        TimeoutFuture::new(800).await;
        set_hidden(false);
        TimeoutFuture::new(100).await;
        add(&d, &element(&d, r#"<div id="dom-test-late"></div>"#));
    });
    let d = doc.clone();
    let t0 = now();
    let ok = watch::until(&body, 200, move || {
        d.get_element_by_id("dom-test-late").is_some()
    })
    .await;
    let took = now() - t0;
    set_hidden(false);
    assert!(ok, "the wait outlived 800 ms hidden with a 200 ms bound");
    assert!((850.0..3_000.0).contains(&took), "resolved after {took} ms");
    // Visible again, a wait gives up after its bound as before.
    assert!(!watch::until(&body, 150, || false).await);
    clear(&doc);
}

fn sent_url() -> String {
    SENT.to_string()
}

/// A `<main>` the list will arrive in, marked for `clear`.
fn add_main(doc: &Document, inner: &str) -> Element {
    let main = element(doc, &format!("<main>{inner}</main>"));
    add(doc, &main);
    main
}

const LIST: &str = r#"<div data-testid="lazy-column" data-component-type="LazyColumn"><div role="listitem"><a href="/in/late-arrival/"></a><p>Late Arrival</p><div><p><span>Sent 3 months ago</span></p></div><a aria-label="Withdraw invitation sent to Late Arrival" href="https://www.linkedin.com/">Withdraw</a></div></div>"#;

/// Regression (issue 12, item 1): after an in-app move to Sent the list comes seconds later;
/// until then the page shows "Manage invitations" and no list, which once read as "empty".
#[wasm_bindgen_test]
async fn a_list_that_arrives_late_is_waited_for() {
    let doc = document();
    clear(&doc);
    let main = add_main(
        &doc,
        r#"<p>Manage invitations</p><a href="/mynetwork/invitation-manager/sent/CONNECTION/">People (1)</a><div aria-busy="true">…</div>"#,
    );
    let m = main.clone();
    wasm_bindgen_futures::spawn_local(async move {
        TimeoutFuture::new(1_200).await;
        m.insert_adjacent_html("beforeend", LIST).expect("list");
    });
    let t0 = now();
    let waited = std::cell::Cell::new(0.0);
    let arrival = arrival::wait_for_list(&doc, &sent_url, 5_000.0, &|ms| waited.set(ms), &|| false)
        .await
        .0;
    let took = now() - t0;
    assert_eq!(arrival, Arrival::List);
    assert!(
        (1_100.0..3_000.0).contains(&took),
        "decided after {took} ms"
    );
    let facts = page_facts(&doc, SENT);
    assert_eq!(verdict(&facts), Verdict::People);
    clear(&doc);
}

/// A People count above zero and no list: never "empty", whatever the wait; past the bound the
/// list is missing (the verdict then says layout unknown, with the reason).
#[wasm_bindgen_test]
async fn a_count_above_zero_without_a_list_is_never_empty() {
    let doc = document();
    clear(&doc);
    add_main(
        &doc,
        r#"<p>Manage invitations</p><a href="/mynetwork/invitation-manager/sent/CONNECTION/">People (137)</a>"#,
    );
    let t0 = now();
    let arrival = arrival::wait_for_list(&doc, &sent_url, 2_500.0, &|_| {}, &|| false)
        .await
        .0;
    let took = now() - t0;
    assert_eq!(arrival, Arrival::Missing);
    assert!(took >= 2_400.0, "gave up after {took} ms, before its bound");
    let found = reader::find_list(&doc);
    let facts = reader::facts(
        &doc,
        SENT,
        found.as_ref(),
        0,
        0,
        arrival,
        reader::tabs(&doc),
    );
    assert_eq!(verdict(&facts), Verdict::LayoutUnknown);
    assert!(
        facts.missing[0].contains("People count"),
        "{:?}",
        facts.missing
    );
    clear(&doc);
}

/// An empty list: no list, no count (the page shows "People"), and a page that has settled.
/// Decided no sooner than `EMPTY_AFTER_NO_COUNT_MS`, and only once `main` stopped changing.
#[wasm_bindgen_test]
async fn an_empty_list_is_decided_only_once_the_page_has_settled() {
    let doc = document();
    clear(&doc);
    let main = add_main(
        &doc,
        r#"<p>Manage invitations</p><a href="/mynetwork/invitation-manager/sent/CONNECTION/">People</a><div id="dom-test-skeleton"></div>"#,
    );
    // The skeleton keeps changing until 7 s: "empty" must wait for it to stop.
    let m = main.clone();
    wasm_bindgen_futures::spawn_local(async move {
        for i in 0..14 {
            TimeoutFuture::new(500).await;
            if let Some(s) = m.query_selector("#dom-test-skeleton").ok().flatten() {
                s.set_text_content(Some(&"·".repeat(i)));
            }
        }
    });
    let t0 = now();
    let arrival = arrival::wait_for_list(&doc, &sent_url, 20_000.0, &|_| {}, &|| false)
        .await
        .0;
    let took = now() - t0;
    assert_eq!(arrival, Arrival::Empty);
    assert!(
        took >= 7_000.0 + arrival::QUIET_MS - 100.0,
        "empty decided after {took} ms, while the page still changed"
    );
    assert_eq!(verdict(&page_facts(&doc, SENT)), Verdict::Empty);
    clear(&doc);
}

/// The URL or the selected tab says this is not the People list: decided at once.
#[wasm_bindgen_test]
async fn another_tab_is_decided_at_once() {
    let doc = document();
    clear(&doc);
    add_main(&doc, r#"<p>Manage invitations</p>"#);
    let received = || url("/mynetwork/invitation-manager/received/");
    let t0 = now();
    let arrival = arrival::wait_for_list(&doc, &received, 20_000.0, &|_| {}, &|| false)
        .await
        .0;
    assert_eq!(arrival, Arrival::Elsewhere);
    assert!(now() - t0 < 500.0);
    clear(&doc);
}

/// Regression (issue 12, item 4): the 2026 withdraw link has a real href and the page takes the
/// click only after a pointer sequence on it; the page must never navigate because of us.
#[wasm_bindgen_test]
fn the_withdraw_link_is_activated_like_a_pointer_click_and_never_navigates() {
    let doc = document();
    clear(&doc);
    let row = element(
        &doc,
        r#"<div role="listitem"><a href="/in/pointer-person/"></a><p>Pointer Person</p><a aria-label="Withdraw invitation sent to Pointer Person" aria-disabled="false" href="https://www.linkedin.com/"><span><span>Withdraw</span></span></a></div>"#,
    );
    add(&doc, &row);
    // A page handler at the document that, like the 2026 page, takes a click only after a
    // pointerdown and a mousedown on the same control; and a window listener that sees whether
    // the browser would still follow the link.
    let record = js_sys::Function::new_no_args(
        "const seen = []; let down = null, mouse = null;\
         document.addEventListener('pointerdown', (e) => { down = e.target.closest('a'); seen.push('pointerdown'); });\
         document.addEventListener('mousedown', (e) => { mouse = e.target.closest('a'); seen.push('mousedown'); });\
         document.addEventListener('pointerup', () => seen.push('pointerup'));\
         document.addEventListener('mouseup', () => seen.push('mouseup'));\
         document.addEventListener('click', (e) => { const a = e.target.closest('a'); seen.push(a && a === down && a === mouse ? 'taken' : 'not taken'); });\
         window.addEventListener('click', (e) => seen.push(e.defaultPrevented ? 'prevented' : 'would navigate'));\
         return seen;",
    );
    let seen: js_sys::Array = record.call0(&JsValue::NULL).expect("handlers").into();
    actor::click_withdraw(&row).expect("clicked");
    let seen: Vec<String> = seen.iter().filter_map(|v| v.as_string()).collect();
    assert_eq!(
        seen,
        [
            "pointerdown",
            "mousedown",
            "pointerup",
            "mouseup",
            "taken",
            "prevented"
        ],
        "the pointer sequence, the page takes the click, the link does not navigate"
    );
    // A disabled control is never clicked.
    let disabled = element(
        &doc,
        r#"<div role="listitem"><a href="/in/disabled-person/"></a><p>Disabled Person</p><a aria-label="Withdraw invitation sent to Disabled Person" aria-disabled="true" href="https://www.linkedin.com/">Withdraw</a></div>"#,
    );
    add(&doc, &disabled);
    let stop = actor::click_withdraw(&disabled).expect_err("refused");
    assert_eq!(stop.detail, "detailControlDisabled");
    clear(&doc);
}

const OPEN_DIALOG: &str = r#"<dialog open data-testid="dialog" aria-labelledby="dialog-header"><button aria-label="Dismiss">×</button><header id="dialog-header">Withdraw invitation</header><div data-testid="dialog-content">If you withdraw now, you won’t be able to resend to this person for up to 3 weeks.</div><button>Cancel</button><div data-display-contents="true"><button aria-label="Withdraw invitation sent to Dana Confirm" disabled>Withdraw</button></div></dialog>"#;

/// Regression (issue 12, item 5): the confirm comes disabled for a moment; it is waited for,
/// never clicked while disabled.
#[wasm_bindgen_test]
async fn a_disabled_confirm_is_waited_for_and_never_clicked() {
    let doc = document();
    clear(&doc);
    let dialog = element(&doc, OPEN_DIALOG);
    add(&doc, &dialog);
    let button = dialog
        .query_selector("button[aria-label^=Withdraw]")
        .ok()
        .flatten()
        .expect("confirm");
    assert_eq!(actor::check_name(&doc, &dialog, "Dana Confirm"), Ok(()));
    assert!(
        actor::confirm_candidate(&dialog).is_some(),
        "found while disabled"
    );
    assert!(
        actor::confirm_button(&dialog).is_err(),
        "not clickable while disabled"
    );
    let b: web_sys::HtmlElement = button.clone().dyn_into().expect("html");
    assert_eq!(
        actor::click_confirm(&dialog, &b).map_err(|s| s.reason),
        Err(Reason::ConfirmDisabled)
    );
    let later = button.clone();
    wasm_bindgen_futures::spawn_local(async move {
        TimeoutFuture::new(400).await;
        let _ = later.remove_attribute("disabled");
    });
    let t0 = now();
    let got = actor::await_confirm(&doc, &dialog, 3_000, sent_url)
        .await
        .expect("enabled");
    assert!(now() - t0 >= 350.0, "not before it was enabled");
    assert!(got.is_same_node(Some(&button)));
    // One that stays disabled ends the wait with its own reason.
    button.set_attribute("disabled", "").expect("disable");
    let stop = actor::await_confirm(&doc, &dialog, 300, sent_url)
        .await
        .expect_err("stays disabled");
    assert_eq!(stop.reason, Reason::ConfirmDisabled);
    clear(&doc);
}

/// Regression (issue 12, items 5 and 6): closed decoy dialogs never count as open; the toast
/// region inside the open dialog (a success toast about the previous person) is no part of the
/// name check; the failure toast inside the dialog stops the run, the success toast never does.
#[wasm_bindgen_test]
fn decoys_and_toasts_inside_the_dialog() {
    let doc = document();
    clear(&doc);
    let main = add_main(
        &doc,
        r#"<dialog data-testid="dialog"><button aria-label="Dismiss">×</button><header id="dialog-header">Ignore invitation</header><div data-testid="dialog-content">Ignore?</div><button>Cancel</button></dialog><dialog data-testid="dialog"><button aria-label="Dismiss">×</button><header id="dialog-header">Leave this page?</header><div data-testid="dialog-content">Leave?</div></dialog>"#,
    );
    assert!(
        actor::open_dialogs(&doc).is_empty(),
        "closed decoys are not open dialogs"
    );
    let dialog = element(&doc, &OPEN_DIALOG.replace(" disabled>", ">"));
    main.append_child(&dialog).expect("dialog");
    let open = actor::open_dialogs(&doc);
    assert_eq!(open.len(), 1, "only the open dialog");
    assert!(open[0].is_same_node(Some(&dialog)));
    // The toast region moves inside the open dialog, naming the previous person.
    let toasts = element(
        &doc,
        r#"<section><h2 data-testid="toasts-title">1 notification</h2><div role="alert">Invitation to Previous Person withdrawn.<button aria-label="Dismiss Invitation to Previous Person withdrawn. notification">×</button></div></section>"#,
    );
    dialog.append_child(&toasts).expect("toasts");
    assert_eq!(actor::check_name(&doc, &dialog, "Dana Confirm"), Ok(()));
    assert_eq!(
        actor::stop_signal(&doc, SENT),
        None,
        "success is never a stop"
    );
    // The failure shows in the still-open dialog, its confirm enabled again.
    let alert = toasts
        .query_selector("[role=alert]")
        .ok()
        .flatten()
        .expect("alert");
    alert.set_text_content(Some(
        "Sorry, unable to withdraw invitation to Dana Confirm. Please try again.",
    ));
    let stop = actor::stop_signal(&doc, SENT).expect("the failure stops the run");
    assert_eq!(stop.reason, Reason::ErrorToast);
    assert!(
        stop.subs[0].contains("unable to withdraw"),
        "{:?}",
        stop.subs
    );
    clear(&doc);
}

// ---- 6. The background messages' codec (issue 15: no serde in the content core) -------------

use invite_sweeper::pure::cap::CapRange;
use invite_sweeper::pure::insights::{SnapRow, Snapshot};
use invite_sweeper::pure::journal::{Intent, IntentPhase};
use invite_sweeper::pure::ledger::LedgerEntry;
use invite_sweeper::pure::pacing::Pacing;
use invite_sweeper::pure::run::{Phase, Run};
use invite_sweeper::pure::store::Settings;
use invite_sweeper::shell::content::codec;

/// The JSON text serde_json writes for `v`, as the JS value the background would send.
fn as_background_sends<T: serde::Serialize>(v: &T) -> JsValue {
    js_sys::JSON::parse(&serde_json::to_string(v).expect("json")).expect("parse")
}

/// What serde_json reads back from the JSON text of a value the content script sent.
fn as_background_reads<T: serde::de::DeserializeOwned>(v: &JsValue) -> T {
    let text = js_sys::JSON::stringify(v)
        .expect("stringify")
        .as_string()
        .expect("text");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

fn entries() -> Vec<LedgerEntry> {
    vec![
        LedgerEntry {
            name: "Ada \"Q\" Lovelace".into(),
            profile_url: "https://www.linkedin.com/in/ada/".into(),
            headline: "Analyst, ‘Engines’ \u{1F600}".into(),
            sent_text: "Sent 3\u{a0}months ago".into(),
            sent_min_days: Some(90),
            sent_estimate: Some("2026-09-01".into()),
            had_note: true,
            withdrawn_at: "2026-11-30T10:00:00Z".into(),
            reconnect_after: "2026-12-21".into(),
        },
        LedgerEntry {
            name: "B".into(),
            profile_url: "https://www.linkedin.com/in/b/".into(),
            headline: String::new(),
            sent_text: "Sent recently".into(),
            sent_min_days: None,
            sent_estimate: None,
            had_note: false,
            withdrawn_at: "2026-11-30T10:00:01Z".into(),
            reconnect_after: "2026-12-21".into(),
        },
    ]
}

fn runs() -> Vec<Run> {
    let mut out = Vec::new();
    for (phase, reason) in [
        (Phase::Ready, None),
        (Phase::Running, None),
        (Phase::Paused, None),
        (Phase::Capped, Some(Reason::CapReached)),
        (Phase::Done, None),
    ]
    .into_iter()
    .chain(Reason::ALL.into_iter().map(|r| (Phase::Stopped, Some(r))))
    {
        out.push(Run {
            phase,
            reason,
            queue: vec!["/in/a/".into(), "/in/b%C3%B6/".into()],
            done: vec!["/in/z/".into()],
            current: (phase == Phase::Running).then(|| "/in/a/".into()),
            total: 3,
        });
    }
    out
}

#[wasm_bindgen_test]
fn codec_reads_what_the_background_sends() {
    for e in entries() {
        assert_eq!(codec::entry_from(&as_background_sends(&e)), Some(e));
    }
    for r in runs() {
        assert_eq!(codec::run_from(&as_background_sends(&r)), Some(r));
    }
    let custom = Settings {
        policy: invite_sweeper::pure::policy::Policy {
            min_days_no_note: 45,
            min_days_note: 120,
            keep: vec!["/in/keep-me/".into()],
        },
        cap: CapRange { min: 31, max: 38 },
        pacing: Pacing {
            pause_min_ms: 1_500,
            pause_max_ms: 4_000,
            delay_min_ms: 9_000,
            delay_max_ms: 30_000,
            rest_min_ms: 120_000,
            rest_max_ms: 600_000,
            rest_every_min: 6,
            rest_every_max: 11,
        },
        ceiling: 1_250,
    };
    for s in [Settings::default(), custom] {
        assert_eq!(codec::settings_from(&as_background_sends(&s)), s);
    }
    // Missing fields read as the defaults, as #[serde(default)] reads them.
    let partial =
        js_sys::JSON::parse(r#"{"policy":{"min_days_note":200},"ceiling":700}"#).expect("json");
    let mut want = Settings::default();
    want.policy.min_days_note = 200;
    want.ceiling = 700;
    assert_eq!(codec::settings_from(&partial), want);
    for phase in [IntentPhase::Granted, IntentPhase::Confirming] {
        let i = Intent {
            id: "g-1".into(),
            profile: "/in/a/".into(),
            tab: Some(12),
            phase,
            at_ms: 1_764_000_000_123.0,
            entry: entries().into_iter().next(),
        };
        assert_eq!(codec::intent_from(&as_background_sends(&i)), Some(i));
    }
    // Malformed values are absent, never a panic.
    let junk = js_sys::JSON::parse(r#"{"phase":"Flying","total":-1,"name":7}"#).expect("json");
    assert_eq!(codec::run_from(&junk), None);
    assert_eq!(codec::entry_from(&junk), None);
    assert_eq!(codec::run_from(&JsValue::NULL), None);
}

#[wasm_bindgen_test]
fn codec_writes_what_the_background_reads() {
    for e in entries() {
        assert_eq!(as_background_reads::<LedgerEntry>(&codec::entry_to(&e)), e);
    }
    for r in runs() {
        assert_eq!(as_background_reads::<Run>(&codec::run_to(&r)), r);
    }
    let s = Settings::default();
    assert_eq!(as_background_reads::<Settings>(&codec::settings_to(&s)), s);
    let snap = Snapshot {
        at_ms: 1_764_000_000_000.0,
        pending: 137,
        complete: true,
        rows: vec![SnapRow {
            p: "/in/a/".into(),
            b: "m3".into(),
            n: true,
        }],
    };
    assert_eq!(
        as_background_reads::<Snapshot>(&codec::snapshot_to(&snap)),
        snap
    );
}
