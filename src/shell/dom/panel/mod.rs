//! The in-page panel: its host and shadow root, its layout, and the listeners that turn what
//! the person does into [`UiEvent`]s; the views it is made of draw the rest.
//!
//! The root is closed in the shipped builds and the host carries no name; styles are isolated
//! both ways, page text is always set as text (never parsed as HTML), and one teardown removes
//! everything. The panel only shows and reports: every click, key or change becomes a
//! [`UiEvent`] for the controller, through delegated listeners on the panel. Each view owns its
//! elements and their `data-testid`s:
//!
//! - `header`: the title bar and state chip, the status and its detail, today's count against
//!   the cap, the progress bar, the counts;
//! - `controls`: the run and selection buttons, the offer to resume an interrupted run;
//! - `rows`: the list of invitations;
//! - `insights`: the histogram, the gauge, the resolved count, who may be invited again and
//!   who was recently withdrawn;
//! - `settings`: the filters and sort, the rules form, the exports and the layout report.

use std::rc::Rc;

use wasm_bindgen::prelude::*;
use web_sys::{
    Document, Element, Event, HtmlInputElement, HtmlSelectElement, ShadowRoot, ShadowRootInit,
    ShadowRootMode,
};

use crate::pure::policy::ViewFilter;
use crate::shell::i18n::t;

mod controls;
mod header;
mod insights;
mod rows;
mod settings;

use controls::ControlsView;
use header::HeaderView;
use insights::InsightsView;
pub use insights::{BarView, GaugeView};
pub use rows::RowView;
use rows::RowsView;
pub use settings::SortKey;
use settings::{SettingsInputs, SettingsView};

thread_local! {
    /// The panel's host element while mounted. It carries no id, class or attribute the page
    /// could look for (the page probes for extensions), so the code knows it by reference.
    static HOST: std::cell::RefCell<Option<Element>> = const { std::cell::RefCell::new(None) };
}

/// Whether `el` is the panel's host or inside it (the page never sees into a closed root, but
/// document-level queries do return the host itself).
pub fn is_ours(el: &Element) -> bool {
    HOST.with(|h| {
        h.borrow()
            .as_ref()
            .is_some_and(|host| host.contains(Some(el)))
    })
}

/// What the person did in the panel.
#[derive(Debug, Clone, PartialEq)]
pub enum UiEvent {
    Scan,
    Start,
    Pause,
    Resume,
    Stop,
    ResumeInterrupted,
    DiscardInterrupted,
    Toggle(String, bool),
    SelectAll,
    SelectNone,
    SelectProposed,
    Filter(ViewFilter),
    Sort(SortKey),
    ExportCsv,
    ExportJson,
    Collapse,
    Keep(String),
    CopyReport,
    Close,
    /// New thresholds in days: without a note, with a note.
    SavePolicy(String, String),
    /// A histogram bar was chosen: show only that age bucket (again: show all).
    Bucket(String),
    ClearHistory,
}

/// The mounted panel: the host, the root, the `<section>` the testing contract calls
/// `sweeper-panel`, and one view per part, each holding its own elements.
pub struct Panel {
    pub host: Element,
    shadow: ShadowRoot,
    panel: Element,
    header: HeaderView,
    controls: ControlsView,
    insights: InsightsView,
    rows: RowsView,
    settings: SettingsView,
    _listeners: Vec<Listener>,
}

/// An element with attributes.
fn make(doc: &Document, tag: &str, attrs: &[(&str, &str)]) -> Result<Element, JsValue> {
    let el = doc.create_element(tag)?;
    for (k, v) in attrs {
        el.set_attribute(k, v)?;
    }
    Ok(el)
}

/// An element with attributes and a text (set as text, never parsed as HTML).
fn with_text(
    doc: &Document,
    tag: &str,
    attrs: &[(&str, &str)],
    text: &str,
) -> Result<Element, JsValue> {
    let el = make(doc, tag, attrs)?;
    el.set_text_content(Some(text));
    Ok(el)
}

/// A labelled group of controls; `label` is the message key of its accessible name.
fn group(doc: &Document, class: &str, label: &str) -> Result<Element, JsValue> {
    make(
        doc,
        "div",
        &[
            ("class", class),
            ("role", "group"),
            ("aria-label", &t(label)),
        ],
    )
}

/// Hides an element (the `hidden` attribute) or shows it again.
fn set_hidden(el: &Element, hidden: bool) {
    if hidden {
        let _ = el.set_attribute("hidden", "");
    } else {
        let _ = el.remove_attribute("hidden");
    }
}

const STYLE: &str = include_str!("panel.css");

/// A listener on the panel, kept as long as the panel lives.
type Listener = Closure<dyn FnMut(Event)>;

impl Panel {
    /// Mounts the panel (replacing a stale one) and wires its events to `on_event`.
    /// `closed`: the shipped builds close the shadow root (the page cannot reach the panel);
    /// the test builds leave it open for the testing contract's hooks.
    pub fn mount(
        doc: &Document,
        on_event: Rc<dyn Fn(UiEvent)>,
        closed: bool,
    ) -> Result<Panel, JsValue> {
        if let Some(old) = HOST.with(|h| h.borrow_mut().take()) {
            old.remove();
        }
        let host = doc.create_element("div")?;
        let mode = if closed {
            ShadowRootMode::Closed
        } else {
            ShadowRootMode::Open
        };
        let shadow = host.attach_shadow(&ShadowRootInit::new(mode))?;
        let style = doc.create_element("style")?;
        style.set_text_content(Some(STYLE));
        shadow.append_child(&style)?;

        let panel = make(
            doc,
            "section",
            &[
                ("data-testid", "sweeper-panel"),
                ("class", "panel"),
                ("data-state", "loading"),
                ("role", "region"),
                ("aria-label", &t("panelTitle")),
            ],
        )?;
        shadow.append_child(&panel)?;

        let header = HeaderView::new(doc)?;
        let controls = ControlsView::new(doc)?;
        let insights = InsightsView::new(doc)?;
        let settings = SettingsView::new(doc)?;
        let rows = RowsView::new(doc)?;

        panel.append_child(&header.head)?;
        let body = make(doc, "div", &[("class", "body")])?;
        panel.append_child(&body)?;
        // The body, top to bottom: the views' parts interleave, so their order is kept here.
        for part in [
            &header.message,
            &header.detail,
            &controls.resume_box,
            &header.today,
            &header.progress_wrap,
            &controls.run,
            &header.counts,
            &insights.insights,
            &settings.filters,
            &controls.select,
            &settings.rules,
            &rows.list,
            &settings.foot,
            &insights.recent,
            &settings.report,
        ] {
            body.append_child(part)?;
        }

        let listeners = listen(&panel, on_event, &settings.inputs)?;

        let mount_point = doc
            .body()
            .map(Element::from)
            .or_else(|| doc.document_element())
            .ok_or("no body")?;
        mount_point.append_child(&host)?;
        HOST.with(|h| *h.borrow_mut() = Some(host.clone()));

        Ok(Panel {
            host,
            shadow,
            panel,
            header,
            controls,
            insights,
            rows,
            settings,
            _listeners: listeners,
        })
    }

    /// Removes everything the panel added.
    pub fn teardown(&self) {
        HOST.with(|h| {
            let mut h = h.borrow_mut();
            if h.as_ref().is_some_and(|x| x.is_same_node(Some(&self.host))) {
                *h = None;
            }
        });
        self.host.remove();
    }

    /// Which build of the core runs (`wasm` or `js`): the testing contract's marker, on the
    /// panel inside the root rather than on the page's `<html>`.
    pub fn set_core(&self, kind: &str) {
        let _ = self.panel.set_attribute("data-core", kind);
    }

    /// `performance.now()` when the last scan's rows were scored, inside the root (bench/).
    pub fn mark_scored(&self, at_ms: f64) {
        let _ = self.panel.set_attribute(
            "data-scored-at",
            &(at_ms.max(0.0).round() as u64).to_string(),
        );
    }

    /// The panel's state, reason code and status sentence.
    pub fn set_state(&self, state: &str, reason: Option<&str>, message: &str) {
        let _ = self.panel.set_attribute("data-state", state);
        match reason {
            Some(r) => {
                let _ = self.panel.set_attribute("data-reason", r);
            }
            None => {
                let _ = self.panel.remove_attribute("data-reason");
            }
        }
        self.header.set_state(state, message);
    }

    /// A second line under the status, for details (what to do next); empty hides it.
    pub fn set_detail(&self, text: &str) {
        self.header.set_detail(text);
    }

    /// Which run controls can be pressed now.
    pub fn set_enabled(&self, enabled: &[&str]) {
        self.controls.set_enabled(enabled);
    }

    pub fn set_counts(
        &self,
        pending: usize,
        page_count: Option<u32>,
        proposed: usize,
        selected: usize,
    ) {
        self.header
            .set_counts(pending, page_count, proposed, selected);
    }

    pub fn set_today(&self, count: u32, cap: u32, next_at: Option<String>) {
        self.header.set_today(count, cap, next_at);
    }

    pub fn set_progress(&self, done: usize, total: usize, line: &str) {
        self.header.set_progress(done, total, line);
    }

    /// Rebuilds the list of rows. Names, headlines, ages and notes are set with
    /// `set_text_content`: page text is never parsed as HTML.
    pub fn set_rows(&mut self, doc: &Document, rows: &[RowView<'_>]) -> Result<(), JsValue> {
        self.rows.set(doc, rows)
    }

    /// Updates selection marks without rebuilding.
    pub fn set_selected(&self, profile: &str, selected: bool) {
        self.rows.set_selected(profile, selected);
    }

    /// Shows or hides a row under the current filter.
    pub fn set_visible(&self, profile: &str, visible: bool) {
        self.rows.set_visible(profile, visible);
    }

    /// Marks a row withdrawn in place (it stays listed until the rescan).
    pub fn mark_withdrawn(&self, profile: &str) {
        self.rows.mark_withdrawn(profile);
    }

    /// Reorders rows to `order` (profiles) without rebuilding them.
    pub fn reorder(&mut self, order: &[String]) {
        self.rows.reorder(order);
    }

    /// The layout report: shown (and copyable) when the page is not recognised.
    pub fn set_report(&self, report: Option<&str>) {
        self.settings.set_report(report);
    }

    /// Offers to resume an interrupted run (`None` hides the offer).
    pub fn set_resume_offer(&self, doc: &Document, left: Option<usize>) -> Result<(), JsValue> {
        self.controls.set_resume_offer(doc, left)
    }

    /// The "recently withdrawn" view: who may be invited again and from when.
    pub fn set_recent(
        &self,
        doc: &Document,
        items: &[(String, String, String)],
    ) -> Result<(), JsValue> {
        self.insights.set_recent(doc, items)
    }

    /// Shows the thresholds in force in the rules form.
    pub fn set_rules(&self, no_note: u32, note: u32) {
        self.settings.set_rules(no_note, note);
    }

    /// Draws the insights from the core's numbers: an SVG histogram (with a text equivalent),
    /// the pending gauge, the resolved counts and the re-invite list.
    pub fn set_insights(
        &self,
        doc: &Document,
        bars: &[BarView],
        chosen: Option<&str>,
        gauge: &GaugeView,
        resolved: (u32, &str),
        reinvite: &[(String, String, String, String)],
    ) -> Result<(), JsValue> {
        self.insights
            .set(doc, (bars, chosen), gauge, resolved, reinvite)
    }

    pub fn toggle_collapsed(&self) -> bool {
        let collapsed = self.panel.class_list().toggle("collapsed").unwrap_or(false);
        self.header.show_collapsed(collapsed);
        collapsed
    }

    pub fn shadow(&self) -> &ShadowRoot {
        &self.shadow
    }
}

/// The panel's delegated listeners, one for clicks, one for keys, one for changes: each turns
/// what the person did into a [`UiEvent`] for `on_event`. Kept alive by the panel.
fn listen(
    panel: &Element,
    on_event: Rc<dyn Fn(UiEvent)>,
    inputs: &SettingsInputs,
) -> Result<Vec<Listener>, JsValue> {
    let mut listeners = Vec::new();
    let on = on_event.clone();
    let form = inputs.clone();
    let click = Closure::<dyn FnMut(Event)>::new(move |e: Event| {
        let Some(target) = e.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
            return;
        };
        let Some(el) = target.closest("[data-action]").ok().flatten() else {
            return;
        };
        if el.tag_name() == "SELECT" || el.tag_name() == "INPUT" {
            return;
        }
        let profile = el.get_attribute("data-profile").unwrap_or_default();
        let ev = match el.get_attribute("data-action").as_deref() {
            Some("scan") => UiEvent::Scan,
            Some("start") => UiEvent::Start,
            Some("pause") => UiEvent::Pause,
            Some("resume") => UiEvent::Resume,
            Some("stop") => UiEvent::Stop,
            Some("resume-interrupted") => UiEvent::ResumeInterrupted,
            Some("discard-interrupted") => UiEvent::DiscardInterrupted,
            Some("select-all") => UiEvent::SelectAll,
            Some("select-none") => UiEvent::SelectNone,
            Some("select-proposed") => UiEvent::SelectProposed,
            Some("export-csv") => UiEvent::ExportCsv,
            Some("export-json") => UiEvent::ExportJson,
            Some("collapse") => UiEvent::Collapse,
            Some("close") => UiEvent::Close,
            Some("copy-report") => UiEvent::CopyReport,
            Some("keep") => UiEvent::Keep(profile),
            Some("bucket") => UiEvent::Bucket(el.get_attribute("data-bucket").unwrap_or_default()),
            Some("clear-history") => UiEvent::ClearHistory,
            Some("save-policy") => {
                let (no_note, note) = form.rules();
                UiEvent::SavePolicy(no_note, note)
            }
            Some("note") => {
                rows::toggle_note(&el);
                return;
            }
            _ => return,
        };
        on(ev);
    });
    panel.add_event_listener_with_callback("click", click.as_ref().unchecked_ref())?;
    listeners.push(click);

    // Histogram bars are SVG groups: Enter or Space chooses one, like a button.
    let on = on_event.clone();
    let keys = Closure::<dyn FnMut(Event)>::new(move |e: Event| {
        let Ok(k) = e.clone().dyn_into::<web_sys::KeyboardEvent>() else {
            return;
        };
        if k.key() != "Enter" && k.key() != " " {
            return;
        }
        let Some(target) = e.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
            return;
        };
        if target.get_attribute("data-action").as_deref() == Some("bucket") {
            e.prevent_default();
            on(UiEvent::Bucket(
                target.get_attribute("data-bucket").unwrap_or_default(),
            ));
        }
    });
    panel.add_event_listener_with_callback("keydown", keys.as_ref().unchecked_ref())?;
    listeners.push(keys);

    let on = on_event;
    let form = inputs.clone();
    let change = Closure::<dyn FnMut(Event)>::new(move |e: Event| {
        let Some(target) = e.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
            return;
        };
        match target.get_attribute("data-action").as_deref() {
            Some("toggle") => {
                if let (Some(p), Ok(input)) = (
                    target.get_attribute("data-profile"),
                    target.clone().dyn_into::<HtmlInputElement>(),
                ) {
                    on(UiEvent::Toggle(p, input.checked()));
                }
            }
            Some("filter") => on(UiEvent::Filter(form.filter())),
            Some("sort") => {
                let v = target
                    .dyn_into::<HtmlSelectElement>()
                    .map(|s| s.value())
                    .unwrap_or_default();
                on(UiEvent::Sort(SortKey::from_value(&v)));
            }
            _ => {}
        }
    });
    panel.add_event_listener_with_callback("change", change.as_ref().unchecked_ref())?;
    listeners.push(change);
    Ok(listeners)
}
