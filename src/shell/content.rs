//! The content-script controller: one per tab, alive while the tab shows the sent list.
//!
//! ```text
//!  activate ─► loading ─► scanning ─► ready ──start──► running ⇄ paused
//!                 │           │          ▲                 │
//!                 │           ▼          └─rescan─ stopped / capped / done
//!                 └──► unsupported (Pages tab, layout unknown)   error (storage, core)
//! ```
//! The panel shows the state; the run loop (`run_loop`) performs one withdrawal at a time with
//! a grant from the background before each withdraw click, and stops on anything unexpected.

use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use serde_json::{json, Value};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::spawn_local;
use web_sys::Document;

use crate::pure::cap::CapStatus;
use crate::pure::insights;
use crate::pure::invitation::{parse_rows, profile_path, Invitation};
use crate::pure::ledger::{entry_for, reinvite_due, LedgerEntry};
use crate::pure::pacing::{
    page_bound, scaled, Pacer, Wait, CONFIRM_ENABLED_FLOOR_MS, CONFIRM_ENABLED_TIMEOUT_MS,
    DIALOG_FLOOR_MS, DIALOG_TIMEOUT_MS, ROW_GONE_FLOOR_MS, ROW_GONE_TIMEOUT_MS,
};
use crate::pure::page::{classify, PageKind};
use crate::pure::policy::{is_proposed, rank_cmp, visible, ViewFilter};
use crate::pure::run::{Cmd, Phase, Reason, Run};
use crate::pure::scan::{enters_history, scan, verdict, Arrival, Layout, Scan, Verdict};
use crate::pure::store::Settings;
use crate::shell::dom::panel::{BarView, GaugeView, Panel, RowView, SortKey, UiEvent};
use crate::shell::dom::{actor, arrival, document, list, reader, selectors as s, watch};
use crate::shell::ext;
use crate::shell::i18n::{date, datetime, num, t, tf};
use crate::shell::sys::{self, MathRandom};

/// How long loading the whole list may take before the panel works with what it has.
const LOAD_BUDGET_MS: f64 = 180_000.0;
/// After an "empty" verdict, how long a list that still arrives is picked up by itself.
const LATE_LIST_WATCH_MS: u64 = 60_000;

#[derive(Default)]
struct State {
    verdict: Option<Verdict>,
    layout: Option<Layout>,
    complete: bool,
    scan: Scan,
    by_profile: HashMap<String, usize>,
    proposed: HashSet<String>,
    selected: HashSet<String>,
    withdrawn: HashSet<String>,
    filter: ViewFilter,
    sort: SortKey,
    people_count: Option<u32>,
    settings: Settings,
    run: Run,
    today: Option<CapStatus>,
    interrupted: Option<Run>,
    reconcile: Vec<Value>,
    pages: HashMap<String, u32>,
    current_page: u32,
    scanning: bool,
    report: Option<String>,
    problems: Vec<String>,
    /// The histogram bar chosen as a filter.
    bucket: Option<String>,
    /// The background's summary of the scan history (see background::history_json).
    history: Value,
    /// Why the last run stopped, kept on screen through the rescan that follows.
    stop_detail: Option<String>,
    /// The URL moved to another list while a scan was under way: scan again when it ends.
    rescan_pending: bool,
    /// The kind of page the scan under way started on.
    scan_kind: Option<PageKind>,
    /// How the last scan's wait for the list ended.
    arrival: Option<Arrival>,
    /// The run paused itself because the tab went to the background (not the member's pause).
    background_pause: bool,
}

struct Controller {
    doc: Document,
    kind: String,
    scale: f64,
    /// The panel's shadow root is closed (shipped builds) or open (test builds).
    closed: bool,
    panel: RefCell<Option<Panel>>,
    st: RefCell<State>,
    /// Bumped on teardown: async work of an older activation ends quietly.
    generation: Cell<u32>,
    /// Resolves a paused run loop's wait.
    wake: RefCell<Option<js_sys::Function>>,
}

thread_local! {
    static CTL: RefCell<Option<Rc<Controller>>> = const { RefCell::new(None) };
}

fn current() -> Option<Rc<Controller>> {
    CTL.with(|c| c.borrow().clone())
}

fn href() -> String {
    web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default()
}

/// Entry from the loader: `config` = `{ kind, timeScale, api }`.
pub async fn activate(config: JsValue) -> Result<(), JsValue> {
    let get = |k: &str| js_sys::Reflect::get(&config, &JsValue::from_str(k)).ok();
    if let Some(api) = get("api") {
        ext::set_api(api);
    }
    let kind = get("kind")
        .and_then(|v| v.as_string())
        .unwrap_or_else(|| "wasm".into());
    let scale = get("timeScale")
        .and_then(|v| v.as_f64())
        .filter(|s| *s > 0.0 && *s <= 1.0)
        .unwrap_or(1.0);
    // Shipped builds close the panel's shadow root; a missing or odd value means closed.
    let closed = get("shadow").and_then(|v| v.as_string()).as_deref() != Some("open");
    let doc = document()?;
    let ctl = Rc::new(Controller {
        doc,
        kind,
        scale,
        closed,
        panel: RefCell::new(None),
        st: RefCell::new(State::default()),
        generation: Cell::new(0),
        wake: RefCell::new(None),
    });
    CTL.with(|c| *c.borrow_mut() = Some(ctl.clone()));
    if reader::is_people_url(&href()) || classify(&href()) == PageKind::SentPages {
        // Not awaited: the loader hands the glue its core as soon as the session starts, so
        // URL changes during the first scan (LinkedIn switching tabs by itself) reach it.
        spawn_local(ctl.clone().start_session());
    }
    Ok(())
}

/// The URL changed without a page load.
pub fn url_changed(href_now: &str) {
    let Some(ctl) = current() else { return };
    let kind = classify(href_now);
    let on_list = matches!(kind, PageKind::SentPeople | PageKind::SentPages);
    let active_run = ctl.st.borrow().run.is_active();
    let mounted = ctl.panel.borrow().is_some();
    if active_run {
        if kind != PageKind::SentPeople {
            // The run loop notices too; stopping here makes it immediate.
            let reason = if kind == PageKind::Security {
                Reason::Checkpoint
            } else {
                Reason::Navigated
            };
            ctl.fail(reason, &t("detailNavigated"));
        }
        return;
    }
    if on_list && !mounted {
        spawn_local(ctl.start_session());
    } else if on_list && mounted {
        // Another tab of the list (People ⇄ Pages) or a page number: rescan what is shown,
        // after the scan under way if there is one.
        if ctl.st.borrow().scanning {
            // Only another list: the legacy loader's own page turns change the URL's page number.
            let mut st = ctl.st.borrow_mut();
            if st.scan_kind != Some(kind) {
                st.rescan_pending = true;
            }
        } else {
            spawn_local(ctl.clone().rescan());
        }
    } else if !on_list && mounted {
        ctl.teardown_panel();
    }
}

/// Removes everything the extension added to the page.
pub fn deactivate() {
    if let Some(ctl) = current() {
        ctl.teardown_panel();
    }
    CTL.with(|c| *c.borrow_mut() = None);
}

/// A command from the popup for this tab.
pub async fn command(msg: JsValue) -> Result<JsValue, JsValue> {
    let Some(ctl) = current() else {
        return Ok(JsValue::NULL);
    };
    let m = ext::from_js(&msg)?;
    match m.get("command").and_then(Value::as_str) {
        Some("start") => ctl.on_event(UiEvent::Start),
        Some("pause") => ctl.on_event(UiEvent::Pause),
        Some("resume") => ctl.on_event(UiEvent::Resume),
        Some("stop") => ctl.on_event(UiEvent::Stop),
        Some("scan") => ctl.on_event(UiEvent::Scan),
        _ => {}
    }
    ext::to_js(&ctl.status_json())
}

impl Controller {
    fn alive(&self, generation: u32) -> bool {
        self.generation.get() == generation
    }

    fn status_json(&self) -> Value {
        let st = self.st.borrow();
        let state = self.panel_state(&st);
        json!({
            "state": state.0,
            "reason": state.1,
            "kind": self.kind,
            "pending": st.scan.invitations.len(),
            "proposed": st.proposed.len(),
            "selected": st.selected.len(),
            "done": st.run.done.len(),
            "total": st.run.total,
        })
    }

    /// Mounts the panel, loads state from the background, reconciles, scans.
    async fn start_session(self: Rc<Self>) {
        let gen = self.generation.get();
        if self.panel.borrow().is_none() {
            let weak = Rc::downgrade(&self);
            let handler: Rc<dyn Fn(UiEvent)> = Rc::new(move |e| {
                if let Some(c) = weak.upgrade() {
                    c.on_event(e);
                }
            });
            match Panel::mount(&self.doc, handler, self.closed) {
                Ok(p) => {
                    p.set_core(&self.kind);
                    *self.panel.borrow_mut() = Some(p);
                }
                Err(e) => {
                    sys::warn(&format!(
                        "could not mount the panel: {}",
                        sys::js_error_text(&e)
                    ));
                    return;
                }
            }
        }
        self.show("loading", None, &t("msgLoading"));
        // The rows are read while the background answers `bg-hello` (it runs in another
        // process); they are scored once its settings are in.
        let hello = ext::send_now(&json!({ "type": "bg-hello" }));
        if !self.alive(gen) {
            return;
        }
        self.clone().rescan_with(Some(hello)).await;
    }

    /// Waits for the answer to `bg-hello` (sent by `first`, or now) and takes it in. A sleeping
    /// service worker (Chrome) or event page (Firefox) may drop the first message while it
    /// wakes: try a few times before saying so. False (and the panel says why) when it never
    /// answers.
    async fn hello(&self, first: Result<js_sys::Promise, JsValue>) -> bool {
        let mut hello = match first {
            Ok(p) => ext::answer(p).await,
            Err(e) => Err(e),
        };
        for wait in [200, 600, 1500] {
            if hello.is_ok() {
                break;
            }
            sys::sleep(wait).await;
            hello = ext::send(&json!({ "type": "bg-hello" })).await;
        }
        match hello {
            Ok(hello) => {
                self.absorb_hello(&hello);
                true
            }
            Err(e) => {
                self.st.borrow_mut().scanning = false;
                self.show(
                    "error",
                    Some("storage"),
                    &tf("msgBackgroundDown", &[sys::js_error_text(&e)]),
                );
                false
            }
        }
    }

    fn absorb_hello(&self, hello: &Value) {
        let mut st = self.st.borrow_mut();
        if let Some(s) = hello
            .get("settings")
            .and_then(|v| serde_json::from_value::<Settings>(v.clone()).ok())
        {
            st.settings = s;
        }
        st.today = hello.get("today").and_then(parse_status);
        st.interrupted = hello
            .get("interrupted")
            .and_then(|v| serde_json::from_value::<Run>(v.clone()).ok())
            .filter(|r| !r.queue.is_empty());
        st.reconcile = hello
            .get("reconcile")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        st.problems = hello
            .get("problems")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|p| p.get("detail").and_then(Value::as_str).map(String::from))
                    .collect()
            })
            .unwrap_or_default();
        let recent = hello.get("ledger").cloned();
        let rules = (
            st.settings.policy.min_days_no_note,
            st.settings.policy.min_days_note,
        );
        drop(st);
        if let Some(p) = self.panel.borrow().as_ref() {
            p.set_rules(rules.0, rules.1);
        }
        if let Some(l) = recent {
            self.show_recent(&l);
        }
        self.refresh_today();
    }

    fn show_recent(&self, ledger: &Value) {
        let entries: Vec<LedgerEntry> = serde_json::from_value(ledger.clone()).unwrap_or_default();
        let due = reinvite_due(&entries, sys::now_ms() + 3650.0 * 86_400_000.0, 0);
        let items: Vec<(String, String, String)> = due
            .into_iter()
            .rev()
            .take(200)
            .map(|e| (e.name, e.profile_url, e.reconnect_after))
            .collect();
        if let Some(p) = self.panel.borrow().as_ref() {
            let _ = p.set_recent(&self.doc, &items);
        }
    }

    /// Loads the whole list and rescans. Keeps a stopped/capped/done run's state visible.
    async fn rescan(self: Rc<Self>) {
        self.rescan_with(None).await;
    }

    /// Waits for the list of the page at `url` (the People list only), saying so in the panel.
    async fn wait_for_list(
        self: &Rc<Self>,
        url: &str,
        keep_outcome: bool,
        cancelled: &dyn Fn() -> bool,
    ) -> Arrival {
        if classify(url) != PageKind::SentPeople {
            return Arrival::Elsewhere;
        }
        let me = self.clone();
        let waiting = move |ms: f64| {
            if !keep_outcome {
                me.show(
                    "loading",
                    None,
                    &tf("msgWaitingList", &[num((ms / 1000.0).floor())]),
                );
            }
        };
        arrival::wait_for_list(
            &self.doc,
            &href,
            arrival::LIST_BOUND_MS,
            &waiting,
            cancelled,
        )
        .await
    }

    /// A scan; at the start of a session `hello` is the pending answer to `bg-hello`, taken in
    /// after the rows are read and before they are scored.
    async fn rescan_with(self: Rc<Self>, hello: Option<Result<js_sys::Promise, JsValue>>) {
        let gen = self.generation.get();
        if self.st.borrow().scanning || self.st.borrow().run.is_active() {
            return;
        }
        {
            let mut st = self.st.borrow_mut();
            st.scanning = true;
            st.scan_kind = Some(classify(&href()));
        }
        let keep_outcome = matches!(
            self.st.borrow().run.phase,
            Phase::Stopped | Phase::Capped | Phase::Done
        );
        if !keep_outcome {
            self.show("scanning", None, &t("msgScanning"));
        }
        let me = self.clone();
        let progress = move |n: usize, of: Option<u32>| {
            if let Some(p) = me.panel.borrow().as_ref() {
                let line = match of {
                    Some(total) => tf("loadingProgressOf", &[num(n as f64), num(total)]),
                    None => tf("loadingProgress", &[num(n as f64)]),
                };
                // After a run the bar keeps showing the run's result; loading shows in the
                // status line only.
                if keep_outcome {
                    p.set_detail(&line);
                } else {
                    p.set_progress(n, of.map(|x| x as usize).unwrap_or(n), &line);
                }
            }
        };
        let g2 = self.generation.clone();
        let cancelled = move || g2.get() != gen;
        // Nothing is judged before the list has had its chance to come (issue 12). A list that
        // goes away while it is read (the page switching tabs and back) is waited for again.
        let mut attempts = 0;
        let (arrival, url, loaded) = loop {
            attempts += 1;
            let url = href();
            let arrival = self.wait_for_list(&url, keep_outcome, &cancelled).await;
            if !self.alive(gen) {
                return;
            }
            if !keep_outcome {
                self.show("scanning", None, &t("msgScanning"));
            }
            // The URL may have moved while waiting: judge the page as it is now.
            let url = href();
            let loaded = if arrival == Arrival::List && classify(&url) == PageKind::SentPeople {
                list::load_all(&self.doc, LOAD_BUDGET_MS, &progress, &cancelled).await
            } else {
                None
            };
            if !self.alive(gen) {
                return;
            }
            let vanished = loaded.as_ref().is_some_and(|l| !l.complete)
                && reader::find_list(&self.doc).is_none()
                && classify(&href()) == PageKind::SentPeople;
            if !vanished || attempts >= 3 {
                break (arrival, url, loaded);
            }
        };
        if let Some(first) = hello {
            if !self.hello(first).await || !self.alive(gen) {
                return;
            }
        }
        let (with_withdraw, raws, complete, layout) = match &loaded {
            Some(l) => (l.with_withdraw, l.raws.clone(), l.complete, Some(l.layout)),
            None => (
                0,
                Vec::new(),
                true,
                reader::find_list(&self.doc).map(|f| f.layout),
            ),
        };
        let found = reader::find_list(&self.doc);
        let facts = reader::facts(
            &self.doc,
            &url,
            found.as_ref(),
            raws.len(),
            with_withdraw,
            arrival,
        );
        let v = verdict(&facts);
        let parsed = parse_rows(&raws);
        {
            let mut st = self.st.borrow_mut();
            st.scanning = false;
            st.verdict = Some(v.clone());
            st.arrival = Some(arrival);
            st.layout = layout;
            st.complete = complete;
            st.people_count = reader::people_count(&self.doc);
            if let Some(l) = &loaded {
                st.pages = l
                    .pages
                    .iter()
                    .filter_map(|(h, p)| profile_path(h).map(|pp| (pp, *p)))
                    .collect();
                st.current_page = l.current_page;
            }
            let policy = st.settings.policy.clone();
            st.scan = if v == Verdict::People {
                scan(parsed, &policy)
            } else {
                Scan::default()
            };
            st.by_profile = st
                .scan
                .invitations
                .iter()
                .enumerate()
                .map(|(i, inv)| (inv.profile.clone(), i))
                .collect();
            st.proposed = st
                .scan
                .proposed
                .iter()
                .map(|i| st.scan.invitations[*i].profile.clone())
                .collect();
            st.selected = st.proposed.clone();
            st.withdrawn.clear();
            st.report = (v == Verdict::LayoutUnknown)
                .then(|| reader::layout_report(&self.doc, &url, &facts.missing));
        }
        // When the rows were read, parsed and scored (the benchmarks split a scan here).
        if let Some(p) = self.panel.borrow().as_ref() {
            p.mark_scored(sys::perf_now());
        }
        self.reconcile_intents().await;
        if !self.alive(gen) {
            return;
        }
        // Only a scan that really read the whole People list feeds the history: an "empty" page
        // may be a list still on its way, and a partial one would make the rows it missed look
        // resolved by the other side (issue 12).
        let snapshot = {
            let st = self.st.borrow();
            st.verdict
                .as_ref()
                .is_some_and(|v| enters_history(v, st.complete, &st.scan, st.people_count))
                .then(|| {
                    insights::snapshot_of(
                        &st.scan.invitations,
                        st.people_count,
                        true,
                        sys::now_ms(),
                    )
                })
        };
        // The rows are shown (and the panel is ready) before the background stores the
        // snapshot: only the history figures wait for its answer.
        self.render_rows();
        self.render_state();
        if let Some(snap) = snapshot {
            if let Ok(h) = ext::send(&json!({ "type": "bg-snapshot", "snapshot": snap })).await {
                if !self.alive(gen) {
                    return;
                }
                self.st.borrow_mut().history = h;
                self.render_insights();
            }
        }
        let proposed = self.st.borrow().proposed.len();
        let _ = ext::send(&json!({ "type": "bg-badge", "proposed": proposed })).await;
        if !self.alive(gen) {
            return;
        }
        let pending = std::mem::take(&mut self.st.borrow_mut().rescan_pending);
        if pending {
            spawn_local(self.clone().rescan());
        } else if self.list_may_still_come() {
            spawn_local(self.clone().watch_for_late_list(gen));
        }
    }

    /// The last scan found no list: "empty", or "layout unknown" for want of a list.
    fn list_may_still_come(&self) -> bool {
        let st = self.st.borrow();
        match st.verdict {
            Some(Verdict::Empty) => true,
            Some(Verdict::LayoutUnknown) => st.layout.is_none(),
            _ => false,
        }
    }

    /// After a scan that found no list, a list that still comes (a server slower than the
    /// wait) is scanned as soon as it shows, for a while.
    async fn watch_for_late_list(self: Rc<Self>, gen: u32) {
        let Some(body) = self.doc.body() else { return };
        let d = self.doc.clone();
        let came = watch::until(&body, LATE_LIST_WATCH_MS, move || {
            reader::find_list(&d).is_some_and(|f| !reader::rows(&f).is_empty())
        })
        .await;
        let idle = {
            let st = self.st.borrow();
            !st.scanning && !st.run.is_active()
        };
        let idle = idle && self.list_may_still_come();
        if came && idle && self.alive(gen) {
            self.rescan().await;
        }
    }

    /// Settles write-ahead intents left by a reload or crash: a row still listed was not
    /// withdrawn; a row gone after its confirm click was.
    async fn reconcile_intents(&self) {
        let (intents, complete, people) = {
            let st = self.st.borrow();
            (
                st.reconcile.clone(),
                st.complete,
                st.verdict == Some(Verdict::People) || st.verdict == Some(Verdict::Empty),
            )
        };
        if intents.is_empty() || !people {
            return;
        }
        let mut left = Vec::new();
        for intent in intents {
            let id = intent
                .get("id")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string();
            let profile = intent
                .get("profile")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string();
            let confirming = intent.get("phase").and_then(Value::as_str) == Some("confirming");
            let listed = self.st.borrow().by_profile.contains_key(&profile);
            // Confirm never clicked, or the row is still listed: not withdrawn.
            let withdrawn = if !confirming || listed {
                Some(false)
            } else if complete {
                Some(true)
            } else {
                None
            };
            match withdrawn {
                Some(w) => {
                    let _ = settle(&id, w, None).await;
                }
                None => left.push(intent),
            }
        }
        self.st.borrow_mut().reconcile = left;
        self.refresh_from_background().await;
    }

    async fn refresh_from_background(&self) {
        if let Ok(v) = ext::send(&json!({ "type": "bg-status" })).await {
            self.st.borrow_mut().today = v.get("today").and_then(parse_status);
            if let Some(l) = v.get("ledger") {
                self.show_recent(l);
            }
            self.refresh_today();
        }
    }

    fn refresh_today(&self) {
        let today = self.st.borrow().today;
        if let (Some(p), Some(t)) = (self.panel.borrow().as_ref(), today) {
            p.set_today(t.count, t.cap, t.next_at_ms.map(datetime));
        }
    }

    /// The invitations in display order under the current sort.
    fn display_order(st: &State) -> Vec<usize> {
        let invs = &st.scan.invitations;
        let mut idx: Vec<usize> = (0..invs.len()).collect();
        match st.sort {
            SortKey::Proposal => idx.sort_by(|a, b| rank_cmp(&invs[*a], &invs[*b])),
            SortKey::Page => idx.sort_by_key(|i| invs[*i].index),
            SortKey::Newest => idx.sort_by(|a, b| rank_cmp(&invs[*b], &invs[*a])),
        }
        idx
    }

    /// Whether a row shows under the filters and the chosen histogram bar.
    fn shown(st: &State, inv: &Invitation) -> bool {
        visible(inv, &st.filter)
            && st
                .bucket
                .as_deref()
                .is_none_or(|b| insights::bucket_of(inv.age_min_days) == b)
    }

    fn apply_visibility(&self) {
        let st = self.st.borrow();
        if let Some(p) = self.panel.borrow().as_ref() {
            for inv in &st.scan.invitations {
                p.set_visible(&inv.profile, Self::shown(&st, inv));
            }
        }
    }

    /// The insights from the core's numbers: histogram, gauge with forecast, resolved, re-invite.
    fn render_insights(&self) {
        let st = self.st.borrow();
        if !matches!(st.verdict, Some(Verdict::People) | Some(Verdict::Empty)) {
            return;
        }
        let buckets = insights::histogram(&st.scan.invitations, &st.proposed);
        let bars: Vec<BarView> = buckets
            .iter()
            .map(|b| BarView {
                id: b.id,
                label: bucket_label(b.id),
                count: b.count,
                with_note: b.with_note,
                proposed: b.proposed,
            })
            .collect();
        let pending = st.people_count.unwrap_or(st.scan.invitations.len() as u32);
        let ceiling = st.settings.ceiling.max(1);
        let h = &st.history;
        let points: Vec<insights::Snapshot> = h
            .get("points")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|p| {
                        Some(insights::Snapshot {
                            at_ms: p.get(0)?.as_f64()?,
                            pending: p.get(1)?.as_u64()? as u32,
                            complete: true,
                            rows: Vec::new(),
                        })
                    })
                    .collect()
            })
            .unwrap_or_default();
        let hist = insights::History {
            snapshots: points,
            ..Default::default()
        };
        let now = sys::now_ms();
        let f = insights::forecast(&hist, pending, ceiling, st.selected.len() as u32, now);
        let forecast = match (f.growth_per_week, f.reach_at_ms) {
            (None, _) => t("forecastNoHistory"),
            (Some(g), None) => tf("forecastNotGrowing", &[num(g.round())]),
            (Some(g), Some(at)) => {
                let mut line = tf("forecastGrowing", &[num(g.round()), date(at)]);
                if let (Some(with), true) = (f.reach_with_selection_at_ms, !st.selected.is_empty())
                {
                    line.push(' ');
                    line.push_str(&tf(
                        "forecastSelection",
                        &[num(st.selected.len() as f64), date(with)],
                    ));
                }
                line
            }
        };
        let gauge = GaugeView {
            pending,
            ceiling,
            line: tf("gaugeLine", &[num(pending), num(ceiling)]),
            forecast,
        };
        let total = h.get("resolved_total").and_then(Value::as_u64).unwrap_or(0) as u32;
        let with_note = h
            .get("resolved_with_note")
            .and_then(Value::as_u64)
            .unwrap_or(0) as u32;
        let since = h
            .get("since_ms")
            .and_then(Value::as_f64)
            .filter(|s| *s > 0.0)
            .map(date)
            .unwrap_or_default();
        let resolved_text = if total == 0 {
            t("resolvedNone")
        } else {
            let ages: Vec<String> = h
                .get("by_bucket")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(|e| {
                            let id = e.get(0)?.as_str()?;
                            let label = bucket_label(id);
                            Some(format!("{label}: {}", e.get(1)?.as_u64()?))
                        })
                        .collect()
                })
                .unwrap_or_default();
            let pct = |n: u32| (n * 100).checked_div(total).unwrap_or(0).to_string();
            tf(
                "resolvedLine",
                &[
                    since,
                    num(total),
                    pct(with_note),
                    pct(total - with_note),
                    ages.join(", "),
                ],
            )
        };
        let reinvite: Vec<(String, String, String, String)> = h
            .get("reinvite")
            .and_then(|r| serde_json::from_value::<Vec<LedgerEntry>>(r.clone()).ok())
            .unwrap_or_default()
            .into_iter()
            .map(|e| {
                let profile = e
                    .profile_url
                    .trim_start_matches("https://www.linkedin.com")
                    .to_string();
                (e.name, e.profile_url, profile, e.reconnect_after)
            })
            .collect();
        if let Some(p) = self.panel.borrow().as_ref() {
            let _ = p.set_insights(
                &self.doc,
                &bars,
                st.bucket.as_deref(),
                &gauge,
                (total, &resolved_text),
                &reinvite,
            );
        }
    }

    fn render_rows(&self) {
        let st = self.st.borrow();
        let order = Self::display_order(&st);
        let views: Vec<RowView<'_>> = order
            .iter()
            .map(|i| {
                let inv = &st.scan.invitations[*i];
                RowView {
                    inv,
                    proposed: st.proposed.contains(&inv.profile),
                    selected: st.selected.contains(&inv.profile),
                    kept: st.settings.policy.keep.iter().any(|k| k == &inv.profile),
                }
            })
            .collect();
        if let Some(p) = self.panel.borrow_mut().as_mut() {
            let _ = p.set_rows(&self.doc, &views);
            for inv in &st.scan.invitations {
                p.set_visible(&inv.profile, Self::shown(&st, inv));
            }
            p.set_report(st.report.as_deref());
        }
    }

    fn panel_state(&self, st: &State) -> (&'static str, Option<&'static str>) {
        if st.scanning {
            return ("scanning", None);
        }
        match st.run.phase {
            Phase::Running => return ("running", None),
            Phase::Paused if st.background_pause => return ("paused", Some("background")),
            Phase::Paused => return ("paused", None),
            Phase::Stopped => return ("stopped", st.run.reason.map(|r| r.code())),
            Phase::Capped => return ("capped", Some(Reason::CapReached.code())),
            Phase::Done => return ("done", None),
            Phase::Ready => {}
        }
        match st.verdict {
            None => ("loading", None),
            Some(Verdict::People) | Some(Verdict::Empty) => ("ready", None),
            Some(Verdict::PagesTab) | Some(Verdict::NotSentList) => {
                ("unsupported", Some(Reason::NotSentList.code()))
            }
            Some(Verdict::LayoutUnknown) => ("unsupported", Some(Reason::LayoutUnknown.code())),
        }
    }

    /// Shows the state, message, counts and which controls apply.
    fn render_state(&self) {
        let st = self.st.borrow();
        let (state, reason) = self.panel_state(&st);
        let message = match (state, st.verdict.as_ref()) {
            ("stopped", _) => st
                .run
                .reason
                .map(|r| tf(&format!("stop_{}", r.code().replace('-', "_")), &[]))
                .unwrap_or_default(),
            ("capped", _) => t("msgCapped"),
            ("done", _) => tf("msgDone", &[num(st.run.done.len() as f64)]),
            ("running", _) => tf(
                "msgRunning",
                &[num(st.run.done.len() as f64), num(st.run.total as f64)],
            ),
            ("paused", _) if st.background_pause => t("msgPausedBackground"),
            ("paused", _) => t("msgPaused"),
            (_, Some(Verdict::Empty)) => t("msgEmpty"),
            (_, Some(Verdict::PagesTab)) => t("msgPagesTab"),
            (_, Some(Verdict::NotSentList)) => t("msgNotSentList"),
            (_, Some(Verdict::LayoutUnknown)) => t("msgLayoutUnknown"),
            (_, Some(Verdict::People)) if st.proposed.is_empty() => t("msgNothingProposed"),
            (_, Some(Verdict::People)) => tf("msgReady", &[num(st.proposed.len() as f64)]),
            _ => t("msgLoading"),
        };
        let mut detail = Vec::new();
        if let (Some(d), Phase::Stopped) = (&st.stop_detail, st.run.phase) {
            detail.push(d.clone());
        }
        if !st.complete && st.verdict == Some(Verdict::People) {
            detail.push(t("detailIncomplete"));
        }
        if st.verdict == Some(Verdict::LayoutUnknown)
            && st.arrival == Some(Arrival::Missing)
            && st.layout.is_none()
        {
            detail.push(t("detailListNeverCame"));
        }
        if st.scan.unknown_ages > 0 {
            detail.push(tf("detailUnknownAges", &[num(st.scan.unknown_ages as f64)]));
        }
        if st.scan.unreadable_rows > 0 {
            detail.push(tf(
                "detailUnreadable",
                &[num(st.scan.unreadable_rows as f64)],
            ));
        }
        for p in &st.problems {
            detail.push(tf("detailStorageProblem", std::slice::from_ref(p)));
        }
        let can_start = matches!(st.verdict, Some(Verdict::People))
            && !st.selected.is_empty()
            && !st.scanning
            && matches!(
                st.run.phase,
                Phase::Ready | Phase::Stopped | Phase::Capped | Phase::Done
            );
        let mut enabled: Vec<&str> = Vec::new();
        if !st.scanning && !st.run.is_active() {
            enabled.push("scan");
        }
        if can_start {
            enabled.push("start");
        }
        match st.run.phase {
            Phase::Running => enabled.extend(["pause", "stop"]),
            Phase::Paused => enabled.extend(["resume", "stop"]),
            _ => {}
        }
        let interrupted = st
            .interrupted
            .as_ref()
            .filter(|_| !st.run.is_active())
            .map(|r| r.queue.len());
        let counts = (
            st.scan.invitations.len(),
            st.people_count,
            st.proposed.len(),
            st.selected.len(),
        );
        let done_total = (st.run.done.len(), st.run.total);
        drop(st);
        if let Some(p) = self.panel.borrow().as_ref() {
            p.set_state(state, reason, &message);
            p.set_detail(&detail.join(" "));
            p.set_enabled(&enabled);
            p.set_counts(counts.0, counts.1, counts.2, counts.3);
            let _ = p.set_resume_offer(&self.doc, interrupted);
            if !matches!(state, "scanning" | "loading") {
                p.set_progress(
                    done_total.0,
                    done_total.1,
                    &tf(
                        "progressLine",
                        &[num(done_total.0 as f64), num(done_total.1 as f64)],
                    ),
                );
            }
        }
        self.refresh_today();
        self.render_insights();
    }

    fn show(&self, state: &str, reason: Option<&str>, message: &str) {
        if let Some(p) = self.panel.borrow().as_ref() {
            p.set_state(state, reason, message);
        }
    }

    fn teardown_panel(&self) {
        self.generation.set(self.generation.get().wrapping_add(1));
        // The badge counts this tab's proposals: meaningless once the list is gone.
        spawn_local(async {
            let _ = ext::send(&json!({ "type": "bg-badge", "proposed": 0 })).await;
        });
        if let Some(p) = self.panel.borrow_mut().take() {
            p.teardown();
        }
        let mut st = self.st.borrow_mut();
        *st = State {
            settings: st.settings.clone(),
            ..State::default()
        };
    }

    fn on_event(self: &Rc<Self>, e: UiEvent) {
        match e {
            UiEvent::Scan => spawn_local(self.clone().rescan()),
            UiEvent::Start => self.start_run(None),
            UiEvent::ResumeInterrupted => {
                let r = self.st.borrow_mut().interrupted.take();
                self.start_run(r);
            }
            UiEvent::DiscardInterrupted => {
                self.st.borrow_mut().interrupted = None;
                spawn_local(async {
                    let _ = ext::send(&json!({ "type": "bg-run-clear" })).await;
                });
                self.render_state();
            }
            UiEvent::Pause => {
                // The member's own pause: it is not undone when the tab comes back.
                self.st.borrow_mut().background_pause = false;
                let _ = self.st.borrow_mut().run.apply(Cmd::Pause);
                self.save_run();
                self.render_state();
            }
            UiEvent::Resume => {
                let _ = self.st.borrow_mut().run.apply(Cmd::Resume);
                self.wake();
                self.save_run();
                self.render_state();
            }
            UiEvent::Stop => {
                if self.st.borrow().run.is_active() {
                    let _ = self.st.borrow_mut().run.apply(Cmd::Stop);
                    self.wake();
                    self.save_run();
                    self.render_state();
                    if let Some(p) = self.panel.borrow().as_ref() {
                        p.set_detail(&t("detailUserStop"));
                    }
                }
            }
            UiEvent::Toggle(profile, on) => {
                {
                    let mut st = self.st.borrow_mut();
                    if on {
                        st.selected.insert(profile.clone());
                    } else {
                        st.selected.remove(&profile);
                    }
                }
                if let Some(p) = self.panel.borrow().as_ref() {
                    p.set_selected(&profile, on);
                }
                self.render_state();
            }
            UiEvent::SelectAll | UiEvent::SelectNone | UiEvent::SelectProposed => {
                {
                    let mut st = self.st.borrow_mut();
                    let chosen: HashSet<String> = match e {
                        UiEvent::SelectAll => st
                            .scan
                            .invitations
                            .iter()
                            .filter(|i| {
                                i.has_withdraw
                                    && visible(i, &st.filter)
                                    && !st.settings.policy.keep.contains(&i.profile)
                                    && !st.withdrawn.contains(&i.profile)
                            })
                            .map(|i| i.profile.clone())
                            .collect(),
                        UiEvent::SelectProposed => {
                            st.proposed.difference(&st.withdrawn).cloned().collect()
                        }
                        _ => HashSet::new(),
                    };
                    st.selected = chosen;
                }
                let st = self.st.borrow();
                if let Some(p) = self.panel.borrow().as_ref() {
                    for inv in &st.scan.invitations {
                        p.set_selected(&inv.profile, st.selected.contains(&inv.profile));
                    }
                }
                drop(st);
                self.render_state();
            }
            UiEvent::Filter(f) => {
                self.st.borrow_mut().filter = f;
                self.apply_visibility();
            }
            UiEvent::Sort(k) => {
                self.st.borrow_mut().sort = k;
                let st = self.st.borrow();
                let order: Vec<String> = Self::display_order(&st)
                    .into_iter()
                    .map(|i| st.scan.invitations[i].profile.clone())
                    .collect();
                if let Some(p) = self.panel.borrow_mut().as_mut() {
                    p.reorder(&order);
                }
            }
            UiEvent::ExportCsv => spawn_local(self.clone().export("csv")),
            UiEvent::ExportJson => spawn_local(self.clone().export("json")),
            UiEvent::Collapse => {
                if let Some(p) = self.panel.borrow().as_ref() {
                    p.toggle_collapsed();
                }
            }
            UiEvent::Close => {
                if !self.st.borrow().run.is_active() {
                    self.teardown_panel();
                }
            }
            UiEvent::Keep(profile) => {
                let me = self.clone();
                spawn_local(async move {
                    if let Ok(v) =
                        ext::send(&json!({ "type": "bg-keep", "profile": profile })).await
                    {
                        if let Some(s) = v
                            .get("settings")
                            .and_then(|v| serde_json::from_value::<Settings>(v.clone()).ok())
                        {
                            let mut st = me.st.borrow_mut();
                            st.settings = s;
                            st.proposed.remove(&profile);
                            st.selected.remove(&profile);
                        }
                        me.render_rows();
                        me.render_state();
                    }
                });
            }
            UiEvent::Bucket(id) => {
                {
                    let mut st = self.st.borrow_mut();
                    st.bucket = if st.bucket.as_deref() == Some(id.as_str()) {
                        None
                    } else {
                        Some(id)
                    };
                }
                self.apply_visibility();
                self.render_insights();
            }
            UiEvent::ClearHistory => {
                let me = self.clone();
                spawn_local(async move {
                    if let Ok(h) = ext::send(&json!({ "type": "bg-history-clear" })).await {
                        me.st.borrow_mut().history = h;
                        me.render_insights();
                    }
                });
            }
            UiEvent::SavePolicy(no_note, note) => {
                spawn_local(self.clone().save_policy(no_note, note))
            }
            UiEvent::CopyReport => {
                let report = self.st.borrow().report.clone().unwrap_or_default();
                if let Some(w) = web_sys::window() {
                    let _ = w.navigator().clipboard().write_text(&report);
                }
                if let Some(p) = self.panel.borrow().as_ref() {
                    p.set_detail(&t("reportCopied"));
                }
            }
        }
    }

    /// Saves new thresholds through the background (which validates and persists them), then
    /// proposes again from the rows already read.
    async fn save_policy(self: Rc<Self>, no_note: String, note: String) {
        let parse = |s: &str| s.trim().parse::<u32>().ok();
        let mut settings = self.st.borrow().settings.clone();
        match (parse(&no_note), parse(&note)) {
            (Some(a), Some(b)) => {
                settings.policy.min_days_no_note = a;
                settings.policy.min_days_note = b;
            }
            _ => {
                if let Some(p) = self.panel.borrow().as_ref() {
                    p.set_detail(&t("rulesNotNumbers"));
                }
                return;
            }
        }
        let reply = ext::send(&json!({ "type": "bg-settings-set", "settings": settings })).await;
        let reply = match reply {
            Ok(r) => r,
            Err(e) => {
                if let Some(p) = self.panel.borrow().as_ref() {
                    p.set_detail(&tf("detailBackground", &[sys::js_error_text(&e)]));
                }
                return;
            }
        };
        if reply.get("ok").and_then(Value::as_bool) != Some(true) {
            let errors: Vec<String> = reply
                .get("errors")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(|e| e.as_str().map(String::from))
                        .collect()
                })
                .unwrap_or_default();
            if let Some(p) = self.panel.borrow().as_ref() {
                p.set_detail(&errors.join(" "));
            }
            return;
        }
        {
            let mut st = self.st.borrow_mut();
            st.settings = settings;
            if !st.run.is_active() {
                let proposed: HashSet<String> = st
                    .scan
                    .invitations
                    .iter()
                    .filter(|i| {
                        is_proposed(i, &st.settings.policy) && !st.withdrawn.contains(&i.profile)
                    })
                    .map(|i| i.profile.clone())
                    .collect();
                st.selected = proposed.clone();
                st.proposed = proposed;
            }
        }
        self.render_rows();
        self.render_state();
        if let Some(p) = self.panel.borrow().as_ref() {
            p.set_detail(&t("rulesSaved"));
        }
    }

    async fn export(self: Rc<Self>, kind: &'static str) {
        let parent: web_sys::Node = match self.panel.borrow().as_ref() {
            Some(p) => p.shadow().clone().into(),
            None => return,
        };
        let detail = match crate::shell::export::export_ledger(&self.doc, &parent, kind).await {
            Ok((name, n)) => tf("exported", &[num(n as f64), name]),
            Err(e) => tf("exportFailed", &[sys::js_error_text(&e)]),
        };
        if let Some(p) = self.panel.borrow().as_ref() {
            p.set_detail(&detail);
        }
    }

    fn wake(&self) {
        if let Some(f) = self.wake.borrow_mut().take() {
            let _ = f.call0(&JsValue::NULL);
        }
    }

    /// Waits while the run is paused (no timer: resumed by the person's action).
    async fn wait_while_paused(&self) {
        while self.st.borrow().run.phase == Phase::Paused {
            let p = js_sys::Promise::new(&mut |resolve, _| {
                *self.wake.borrow_mut() = Some(resolve);
            });
            let _ = wasm_bindgen_futures::JsFuture::from(p).await;
        }
    }

    /// Sleeps `ms`, showing a countdown; returns early when the run is no longer running.
    async fn interruptible_sleep(&self, ms: u64, label: &str) {
        let end = sys::now_ms() + ms as f64;
        loop {
            let left = end - sys::now_ms();
            if left <= 0.0 || self.st.borrow().run.phase != Phase::Running {
                return;
            }
            self.progress_line(&tf(label, &[format!("{}", (left / 1000.0).ceil() as u64)]));
            sys::sleep((left as u64).min(1000)).await;
        }
    }

    fn progress_line(&self, extra: &str) {
        let st = self.st.borrow();
        let current = st
            .run
            .current
            .as_ref()
            .and_then(|p| st.by_profile.get(p))
            .map(|i| st.scan.invitations[*i].name.clone());
        let mut line = tf(
            "progressLine",
            &[num(st.run.done.len() as f64), num(st.run.total as f64)],
        );
        if let Some(n) = current {
            line.push_str(" · ");
            line.push_str(&n);
        }
        if !extra.is_empty() {
            line.push_str(" · ");
            line.push_str(extra);
        }
        if let Some(p) = self.panel.borrow().as_ref() {
            p.set_progress(st.run.done.len(), st.run.total, &line);
        }
    }

    fn save_run(&self) {
        let run = self.st.borrow().run.clone();
        spawn_local(async move {
            let _ = ext::send(&json!({ "type": "bg-run-save", "run": run })).await;
        });
    }

    /// Starts a run over the selection in proposal order (or resumes an interrupted one).
    fn start_run(self: &Rc<Self>, resume: Option<Run>) {
        {
            let mut st = self.st.borrow_mut();
            if st.run.is_active() || st.scanning || st.verdict != Some(Verdict::People) {
                return;
            }
            let queue: Vec<String> = match resume {
                // Resume only what is still listed; withdrawn rows are gone from the list.
                Some(r) => r
                    .queue
                    .into_iter()
                    .filter(|p| st.by_profile.contains_key(p) && !st.withdrawn.contains(p))
                    .collect(),
                None => {
                    let mut sel: Vec<&Invitation> = st
                        .scan
                        .invitations
                        .iter()
                        .filter(|i| {
                            st.selected.contains(&i.profile)
                                && i.has_withdraw
                                && !st.withdrawn.contains(&i.profile)
                        })
                        .collect();
                    sel.sort_by(|a, b| rank_cmp(a, b));
                    sel.into_iter().map(|i| i.profile.clone()).collect()
                }
            };
            let mut run = Run::new();
            if run.apply(Cmd::Start(queue)).is_err() {
                return;
            }
            st.run = run;
            st.interrupted = None;
            st.stop_detail = None;
        }
        self.save_run();
        self.render_state();
        spawn_local(self.clone().run_loop());
    }

    fn fail(&self, reason: Reason, detail: &str) {
        {
            let mut st = self.st.borrow_mut();
            if st.run.is_active() {
                let _ = st.run.apply(Cmd::Failed(reason));
            }
        }
        self.wake();
        self.save_run();
        self.render_state();
        self.st.borrow_mut().stop_detail = Some(detail.to_string());
        if let Some(p) = self.panel.borrow().as_ref() {
            p.set_detail(detail);
        }
    }

    async fn run_loop(self: Rc<Self>) {
        let gen = self.generation.get();
        let mut rng = MathRandom;
        let pacing = self.st.borrow().settings.pacing;
        let mut pacer = Pacer::new(&pacing, &mut rng);
        loop {
            self.wait_while_paused().await;
            if !self.alive(gen) || self.st.borrow().run.phase != Phase::Running {
                break;
            }
            // A hidden tab runs no animation frames: the page may not draw its dialog until the
            // member is back. No step starts in the background; the run goes on by itself.
            if watch::tab_hidden() {
                self.pause_for_background().await;
                continue;
            }
            let Some(profile) = self.st.borrow().run.next().map(String::from) else {
                break;
            };
            match self.step(&profile, &pacer, &pacing, &mut rng).await {
                Ok(true) => {}
                Ok(false) => continue, // skipped: no wait needed, nothing was clicked
                Err(stop) => {
                    if stop.reason == Reason::CapReached {
                        let _ = self.st.borrow_mut().run.apply(Cmd::Capped);
                        self.save_run();
                        self.render_state();
                        if let Some(p) = self.panel.borrow().as_ref() {
                            p.set_detail(&tf(stop.detail, &stop.subs));
                        }
                    } else if self.st.borrow().run.is_active() {
                        self.fail(stop.reason, &tf(stop.detail, &stop.subs));
                    }
                    break;
                }
            }
            self.save_run();
            self.render_state();
            // A pause pressed during the step is honoured at the top of the loop.
            if !self.st.borrow().run.is_active() {
                break;
            }
            let wait = pacer.after_withdrawal(&pacing, &mut rng);
            let label = if matches!(wait, Wait::Rest(_)) {
                "restFor"
            } else {
                "nextIn"
            };
            self.interruptible_sleep(scaled(wait.ms(), self.scale), label)
                .await;
        }
        if !self.alive(gen) {
            return;
        }
        self.save_run();
        // Released grants come back: show the background's count, not the last grant's.
        self.refresh_from_background().await;
        self.render_state();
        // After a stop, show the true state of the page.
        if matches!(
            self.st.borrow().run.phase,
            Phase::Stopped | Phase::Capped | Phase::Done
        ) {
            self.clone().rescan().await;
        }
    }

    /// Pauses the run while the tab is hidden and carries on when it is visible again, unless
    /// the member paused or stopped it meanwhile.
    async fn pause_for_background(&self) {
        if self.st.borrow_mut().run.apply(Cmd::Pause).is_err() {
            return;
        }
        self.st.borrow_mut().background_pause = true;
        self.save_run();
        self.render_state();
        let woken = self.wait_for_visible_or_wake();
        woken.await;
        let ours = std::mem::take(&mut self.st.borrow_mut().background_pause);
        if ours && self.st.borrow().run.phase == Phase::Paused {
            let _ = self.st.borrow_mut().run.apply(Cmd::Resume);
            self.save_run();
            self.render_state();
        }
    }

    /// Resolves when the tab is visible again, or when the member acts (resume, stop).
    async fn wait_for_visible_or_wake(&self) {
        let p = js_sys::Promise::new(&mut |resolve, _| {
            *self.wake.borrow_mut() = Some(resolve.clone());
            let r = resolve;
            spawn_local(async move {
                watch::until_visible().await;
                let _ = r.call0(&JsValue::NULL);
            });
        });
        let _ = wasm_bindgen_futures::JsFuture::from(p).await;
        self.wake.borrow_mut().take();
    }

    /// One withdrawal. `Ok(true)` withdrawn, `Ok(false)` skipped (the row is no longer listed),
    /// `Err` stops the run.
    async fn step(
        &self,
        profile: &str,
        pacer: &Pacer,
        pacing: &crate::pure::pacing::Pacing,
        rng: &mut MathRandom,
    ) -> Result<bool, actor::Stop> {
        let doc = &self.doc;
        if let Some(s) = actor::stop_signal(doc, &href()) {
            return Err(s);
        }
        let inv = {
            let st = self.st.borrow();
            st.by_profile
                .get(profile)
                .map(|i| st.scan.invitations[*i].clone())
        };
        let Some(inv) = inv else {
            let _ = self
                .st
                .borrow_mut()
                .run
                .apply(Cmd::Skipped(profile.to_string()));
            return Ok(false);
        };
        let row = match self.find_row(profile).await {
            Some(r) => r,
            None => {
                // Gone before we touched it: accepted or withdrawn elsewhere. Nothing to click.
                let _ = self
                    .st
                    .borrow_mut()
                    .run
                    .apply(Cmd::Skipped(profile.to_string()));
                return Ok(false);
            }
        };

        // The arbiter grants the slot before the withdraw click.
        let grant = ext::send(&json!({ "type": "bg-grant", "profile": profile }))
            .await
            .map_err(|e| actor::Stop {
                reason: Reason::Storage,
                detail: "detailBackground",
                subs: vec![sys::js_error_text(&e)],
            })?;
        if let Some(today) = grant.get("today").and_then(parse_status) {
            self.st.borrow_mut().today = Some(today);
            self.refresh_today();
        }
        if grant.get("capped").and_then(Value::as_bool) == Some(true) {
            let when = self
                .st
                .borrow()
                .today
                .and_then(|t| t.next_at_ms)
                .map(datetime);
            return Err(match when {
                Some(w) => actor::Stop {
                    reason: Reason::CapReached,
                    detail: "detailCapped",
                    subs: vec![w],
                },
                None => actor::Stop {
                    reason: Reason::CapReached,
                    detail: "detailCappedNewDay",
                    subs: Vec::new(),
                },
            });
        }
        if grant.get("refused").and_then(Value::as_str).is_some() {
            let _ = self
                .st
                .borrow_mut()
                .run
                .apply(Cmd::Skipped(profile.to_string()));
            return Ok(false);
        }
        let id = grant
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        // Before the confirm click: the slot goes back, whatever the journal says.
        let release = |id: String| async move {
            let _ = settle(&id, false, Some(false)).await;
        };

        let _ = self
            .st
            .borrow_mut()
            .run
            .apply(Cmd::Begin(profile.to_string()));
        self.progress_line("");
        let before = actor::open_dialogs(doc);
        if let Err(s) = actor::click_withdraw(&row) {
            release(id).await;
            return Err(s);
        }
        let dialog_wait = page_bound(DIALOG_TIMEOUT_MS, self.scale, DIALOG_FLOOR_MS);
        let dialog = match actor::await_dialog(doc, &before, dialog_wait).await {
            Ok(d) => d,
            Err(s) => {
                release(id).await;
                return Err(s);
            }
        };
        if let Some(s) = actor::stop_signal(doc, &href()) {
            release(id).await;
            return Err(s);
        }
        // The confirm button may still be disabled here: it is waited for after the pause.
        let named = actor::check_name(doc, &dialog, &inv.name).and_then(|_| {
            actor::confirm_candidate(&dialog)
                .map(|_| ())
                .ok_or(actor::Stop {
                    reason: Reason::LayoutUnknown,
                    detail: "detailNoConfirm",
                    subs: Vec::new(),
                })
        });
        if let Err(s) = named {
            release(id).await;
            return Err(s);
        }
        sys::sleep(scaled(pacer.confirm_pause(pacing, rng), self.scale)).await;
        // Everything re-checked after the pause: the person may have stopped, the page moved on.
        // A pause (unlike a stop) lets this step finish: it takes effect between steps.
        if !self.st.borrow().run.is_active() {
            release(id).await;
            return Err(actor::Stop {
                reason: Reason::User,
                detail: "detailUserStopDialog",
                subs: Vec::new(),
            });
        }
        if let Some(s) = actor::stop_signal(doc, &href()) {
            release(id).await;
            return Err(s);
        }
        if !dialog.is_connected() {
            release(id).await;
            return Err(actor::Stop {
                reason: Reason::NoDialog,
                detail: "detailDialogClosed",
                subs: Vec::new(),
            });
        }
        // Never a disabled control: the 2026 page enables its confirm a moment after the dialog.
        let enabled_wait = page_bound(
            CONFIRM_ENABLED_TIMEOUT_MS,
            self.scale,
            CONFIRM_ENABLED_FLOOR_MS,
        );
        let confirm = match actor::await_confirm(doc, &dialog, enabled_wait, href).await {
            Ok(b) => b,
            Err(s) => {
                release(id).await;
                return Err(s);
            }
        };
        if !self.st.borrow().run.is_active() {
            release(id).await;
            return Err(actor::Stop {
                reason: Reason::User,
                detail: "detailUserStopDialog",
                subs: Vec::new(),
            });
        }
        // Write ahead: the intent is stored before the confirm click.
        let now = sys::now_ms();
        let entry = entry_for(&inv, now);
        if ext::send(&json!({ "type": "bg-confirming", "id": id, "entry": entry }))
            .await
            .is_err()
        {
            release(id).await;
            return Err(actor::Stop {
                reason: Reason::Storage,
                detail: "detailWriteAhead",
                subs: Vec::new(),
            });
        }
        if let Err(s) = actor::click_confirm(&dialog, &confirm) {
            // Not clicked: the slot goes back and nothing is recorded as withdrawn.
            let _ = settle(&id, false, Some(false)).await;
            return Err(s);
        }
        let gone_wait = page_bound(ROW_GONE_TIMEOUT_MS, self.scale, ROW_GONE_FLOOR_MS);
        if let Err(s) = actor::await_gone(doc, profile, gone_wait).await {
            let _ = settle(&id, false, Some(true)).await;
            return Err(s);
        }
        let settled = settle(&id, true, Some(true)).await;
        {
            let mut st = self.st.borrow_mut();
            let _ = st.run.apply(Cmd::Withdrawn(profile.to_string()));
            st.withdrawn.insert(profile.to_string());
            st.selected.remove(profile);
            if let Some(today) = settled
                .as_ref()
                .ok()
                .and_then(|v| v.get("today"))
                .and_then(parse_status)
            {
                st.today = Some(today);
            }
        }
        if let Some(p) = self.panel.borrow().as_ref() {
            p.mark_withdrawn(profile);
        }
        if let Ok(v) = settled {
            if let Some(l) = v.get("ledger") {
                self.show_recent(l);
            }
        }
        Ok(true)
    }

    /// Finds a row by profile; on the legacy layout, turns pages until it is shown. Pages are
    /// cut from the current list, so every withdrawal on an earlier page moves later rows back:
    /// a row not on the page it was scanned on is looked for on the pages before it, down to
    /// the first, before it counts as gone (issue 12: such rows were skipped).
    async fn find_row(&self, profile: &str) -> Option<web_sys::Element> {
        if let Some((_, row)) = reader::find_row(&self.doc, profile) {
            return Some(row);
        }
        let (layout, scanned_on) = {
            let st = self.st.borrow();
            (st.layout, st.pages.get(profile).copied())
        };
        if layout != Some(Layout::Legacy) {
            return None;
        }
        let mut target = scanned_on?;
        loop {
            if !self.show_page(target).await {
                return None;
            }
            if let Some((_, row)) = reader::find_row(&self.doc, profile) {
                return Some(row);
            }
            if target == 0 {
                return None;
            }
            target -= 1;
        }
    }

    /// Turns the legacy pages until page `target` (0-based) is shown; false if it cannot.
    async fn show_page(&self, target: u32) -> bool {
        let mut page = self.st.borrow().current_page;
        while page != target {
            let control = if target < page {
                &s::PREV_PAGE_B
            } else {
                &s::NEXT_PAGE_B
            };
            if !list::turn_page(&self.doc, control).await {
                return false;
            }
            page = if target < page { page - 1 } else { page + 1 };
            self.st.borrow_mut().current_page = page;
        }
        true
    }
}

/// Settles a withdrawal in flight with the background, retried while a sleeping background wakes:
/// a lost settle would leave the withdrawal out of the ledger until the next load. `clicked` says
/// whether the confirm button was clicked (None: unknown, after a crash).
async fn settle(id: &str, withdrawn: bool, clicked: Option<bool>) -> Result<Value, JsValue> {
    let msg = json!({ "type": "bg-settle", "id": id, "withdrawn": withdrawn, "clicked": clicked });
    let mut r = ext::send(&msg).await;
    for wait in [200, 600, 1500] {
        if r.is_ok() {
            break;
        }
        sys::sleep(wait).await;
        r = ext::send(&msg).await;
    }
    r
}

/// A histogram bucket's name in the member's language ("This week", "Month 3", "1 year+").
fn bucket_label(id: &str) -> String {
    match id {
        "week" | "weeks" | "year" | "unknown" => t(&format!("bucket_{id}")),
        m => tf("bucket_month", &[m.trim_start_matches('m').to_string()]),
    }
}

fn parse_status(v: &Value) -> Option<CapStatus> {
    Some(CapStatus {
        count: v.get("count")?.as_u64()? as u32,
        cap: v.get("cap")?.as_u64()? as u32,
        next_at_ms: v.get("next_at_ms").and_then(Value::as_f64),
    })
}
