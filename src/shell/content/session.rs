//! One tab's session on the sent list: mount the panel, hear from the background, scan, and
//! tear everything down again. The state is kept in a few small cells, one per concern, each
//! written by its own module: what the background said ([`Known`]), what the scan found
//! (`scan::Listing`), what the member chose (`choice::Choice`), and the run ([`RunState`]).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use wasm_bindgen::JsValue;
use wasm_bindgen_futures::spawn_local;
use web_sys::Document;

use super::bg::{self, History};
use super::choice::Choice;
use super::scan::{self, Hooks, Listing};
use super::{events, href, insights, reconcile, view};
use crate::pure::cap::CapStatus;
use crate::pure::journal::Intent;
use crate::pure::ledger::{reinvite_due, LedgerEntry};
use crate::pure::page::{classify, PageKind};
use crate::pure::run::{Phase, Run};
use crate::pure::store::Settings;
use crate::shell::dom::panel::{Panel, UiEvent};
use crate::shell::dom::{reader, watch};
use crate::shell::i18n::{num, t, tf};
use crate::shell::sys;

/// After a scan that found no list, how long a list that still arrives is picked up by itself.
const LATE_LIST_WATCH_MS: u64 = 60_000;

/// What the background told this tab.
#[derive(Default)]
pub struct Known {
    pub settings: Settings,
    pub today: Option<CapStatus>,
    /// A run interrupted by a reload or a crash, offered for resuming.
    pub interrupted: Option<Run>,
    /// Write-ahead intents still to settle against the page.
    pub reconcile: Vec<Intent>,
    /// Storage problems the background repaired.
    pub problems: Vec<String>,
    pub history: History,
}

/// The run, and why the panel shows it as it does.
#[derive(Default)]
pub struct RunState {
    pub run: Run,
    /// The run paused itself because the tab went to the background (not the member's pause).
    pub background_pause: bool,
    /// Why the last run stopped, kept on screen through the rescan that follows.
    pub stop_detail: Option<String>,
}

/// Whether a scan is under way.
#[derive(Default)]
pub struct Scanning {
    pub on: bool,
    /// The URL moved to another list during the scan: scan again when it ends.
    pub pending: bool,
    /// The kind of page the scan under way started on.
    pub kind: Option<PageKind>,
}

pub struct Session {
    pub doc: Document,
    /// Which core runs: `wasm` or `js`.
    pub kind: String,
    /// The build's time scale (1 shipped, 0.01 test builds).
    pub scale: f64,
    /// The panel's shadow root is closed (shipped builds) or open (test builds).
    pub closed: bool,
    pub panel: RefCell<Option<Panel>>,
    /// Bumped on teardown: async work of an older activation ends quietly.
    pub generation: Cell<u32>,
    /// Resolves a paused run loop's wait.
    pub wake: RefCell<Option<js_sys::Function>>,
    pub known: RefCell<Known>,
    pub listing: RefCell<Listing>,
    pub choice: RefCell<Choice>,
    pub run: RefCell<RunState>,
    pub scanning: RefCell<Scanning>,
}

impl Session {
    pub fn new(doc: Document, kind: String, scale: f64, closed: bool) -> Rc<Session> {
        Rc::new(Session {
            doc,
            kind,
            scale,
            closed,
            panel: RefCell::new(None),
            generation: Cell::new(0),
            wake: RefCell::new(None),
            known: RefCell::default(),
            listing: RefCell::default(),
            choice: RefCell::default(),
            run: RefCell::default(),
            scanning: RefCell::default(),
        })
    }

    pub fn alive(&self, generation: u32) -> bool {
        self.generation.get() == generation
    }

    /// Runs `f` on the panel when it is mounted.
    pub fn with_panel(&self, f: impl FnOnce(&Panel)) {
        if let Some(p) = self.panel.borrow().as_ref() {
            f(p);
        }
    }

    /// Shows a state and message at once (while waiting or scanning, before a verdict).
    pub fn show(&self, state: &str, reason: Option<&str>, message: &str) {
        self.with_panel(|p| p.set_state(state, reason, message));
    }

    pub fn is_mounted(&self) -> bool {
        self.panel.borrow().is_some()
    }

    /// Resolves whatever waits for the member (a paused run).
    pub fn wake(&self) {
        if let Some(f) = self.wake.borrow_mut().take() {
            let _ = f.call0(&JsValue::NULL);
        }
    }

    /// Removes the panel and forgets the session's state (the settings stay).
    pub fn teardown(&self) {
        self.generation.set(self.generation.get().wrapping_add(1));
        // The badge counts this tab's proposals: meaningless once the list is gone.
        spawn_local(bg::badge(0));
        if let Some(p) = self.panel.borrow_mut().take() {
            p.teardown();
        }
        let settings = self.known.borrow().settings.clone();
        *self.known.borrow_mut() = Known {
            settings,
            ..Known::default()
        };
        *self.listing.borrow_mut() = Listing::default();
        *self.choice.borrow_mut() = Choice::default();
        *self.run.borrow_mut() = RunState::default();
        *self.scanning.borrow_mut() = Scanning::default();
    }
}

/// Mounts the panel, hears from the background while the rows are read, scans.
pub async fn start(s: Rc<Session>) {
    let gen = s.generation.get();
    if !s.is_mounted() {
        let weak = Rc::downgrade(&s);
        let handler: Rc<dyn Fn(UiEvent)> = Rc::new(move |e| {
            if let Some(s) = weak.upgrade() {
                events::on_event(&s, e);
            }
        });
        match Panel::mount(&s.doc, handler, s.closed) {
            Ok(p) => {
                p.set_core(&s.kind);
                *s.panel.borrow_mut() = Some(p);
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
    s.show("loading", None, &t("msgLoading"));
    // The rows are read while the background answers (it runs in another process); they are
    // scored once its settings are in.
    let hello = bg::hello_now();
    if !s.alive(gen) {
        return;
    }
    rescan_with(s, Some(hello)).await;
}

/// Takes in the background's answer to `bg-hello`.
fn take_hello(s: &Session, hello: bg::Hello) {
    {
        let mut k = s.known.borrow_mut();
        if let Some(settings) = hello.settings {
            k.settings = settings;
        }
        k.today = hello.today.map(Into::into);
        k.interrupted = hello.interrupted.filter(|r| !r.queue.is_empty());
        k.reconcile = hello.reconcile;
        k.problems = hello.problems;
    }
    let (no_note, note) = {
        let k = s.known.borrow();
        (
            k.settings.policy.min_days_no_note,
            k.settings.policy.min_days_note,
        )
    };
    s.with_panel(|p| p.set_rules(no_note, note));
    show_recent(s, &hello.ledger);
    view::refresh_today(s);
}

/// The recently withdrawn, with the date each may be invited again.
pub fn show_recent(s: &Session, ledger: &[LedgerEntry]) {
    let due = reinvite_due(ledger, sys::now_ms() + 3650.0 * 86_400_000.0, 0);
    let items: Vec<(String, String, String)> = due
        .into_iter()
        .rev()
        .take(200)
        .map(|e| (e.name, e.profile_url, e.reconnect_after))
        .collect();
    s.with_panel(|p| {
        let _ = p.set_recent(&s.doc, &items);
    });
}

/// Today's count and the ledger, fresh from the background.
pub async fn refresh_from_background(s: &Session) {
    if let Ok(st) = bg::status().await {
        s.known.borrow_mut().today = st.today.map(Into::into);
        if let Some(l) = st.ledger {
            show_recent(s, &l);
        }
        view::refresh_today(s);
    }
}

/// Loads the whole list and rescans. Keeps a stopped/capped/done run's outcome on screen.
pub async fn rescan(s: Rc<Session>) {
    rescan_with(s, None).await;
}

/// A scan; at the start of a session `hello` is the pending answer to `bg-hello`, taken in
/// after the rows are read and before they are scored.
async fn rescan_with(s: Rc<Session>, hello: Option<Result<js_sys::Promise, JsValue>>) {
    let gen = s.generation.get();
    if s.scanning.borrow().on || s.run.borrow().run.is_active() {
        return;
    }
    *s.scanning.borrow_mut() = Scanning {
        on: true,
        pending: false,
        kind: Some(classify(&href())),
    };
    let keep_outcome = matches!(
        s.run.borrow().run.phase,
        Phase::Stopped | Phase::Capped | Phase::Done
    );
    if !keep_outcome {
        s.show("scanning", None, &t("msgScanning"));
    }
    let waiting = |ms: f64| {
        if !keep_outcome {
            s.show(
                "loading",
                None,
                &tf("msgWaitingList", &[num((ms / 1000.0).floor())]),
            );
        }
    };
    let reading = || {
        if !keep_outcome {
            s.show("scanning", None, &t("msgScanning"));
        }
    };
    let progress = |n: usize, of: Option<u32>| {
        let line = match of {
            Some(total) => tf("loadingProgressOf", &[num(n as f64), num(total)]),
            None => tf("loadingProgress", &[num(n as f64)]),
        };
        // After a run the bar keeps showing the run's result; loading shows in the status
        // line only.
        s.with_panel(|p| {
            if keep_outcome {
                p.set_detail(&line);
            } else {
                p.set_progress(n, of.map(|x| x as usize).unwrap_or(n), &line);
            }
        });
    };
    let cancelled = || !s.alive(gen);
    let hooks = Hooks {
        waiting: &waiting,
        reading: &reading,
        progress: &progress,
        cancelled: &cancelled,
    };
    let Some(read) = scan::read_page(&s.doc, &hooks).await else {
        return;
    };
    if let Some(first) = hello {
        match bg::hello(first).await {
            Ok(h) => take_hello(&s, h),
            Err(e) => {
                s.scanning.borrow_mut().on = false;
                s.show(
                    "error",
                    Some("storage"),
                    &tf("msgBackgroundDown", &[sys::js_error_text(&e)]),
                );
                return;
            }
        }
        if !s.alive(gen) {
            return;
        }
    }
    let policy = s.known.borrow().settings.policy.clone();
    let listing = read.listing(&s.doc, &policy);
    s.choice.borrow_mut().rescanned(&listing);
    *s.listing.borrow_mut() = listing;
    s.scanning.borrow_mut().on = false;
    // When the rows were read, parsed and scored (the benchmarks split a scan here).
    s.with_panel(|p| p.mark_scored(sys::perf_now()));
    reconcile::settle_intents(&s).await;
    if !s.alive(gen) {
        return;
    }
    // The rows are shown (and the panel is ready) before the background stores the snapshot:
    // only the history figures wait for its answer.
    view::render_rows(&s);
    view::render_state(&s);
    let snapshot = s.listing.borrow().snapshot(sys::now_ms());
    if let Some(snap) = snapshot {
        if let Ok(h) = bg::snapshot(&snap).await {
            if !s.alive(gen) {
                return;
            }
            s.known.borrow_mut().history = h;
            insights::render(&s);
        }
    }
    let proposed = s.choice.borrow().proposed.len();
    bg::badge(proposed).await;
    if !s.alive(gen) {
        return;
    }
    let pending = std::mem::take(&mut s.scanning.borrow_mut().pending);
    if pending {
        spawn_local(rescan(s.clone()));
    } else if s.listing.borrow().list_may_still_come() {
        spawn_local(watch_for_late_list(s.clone(), gen));
    }
}

/// After a scan that found no list, a list that still comes (a server slower than the wait) is
/// scanned as soon as it shows, for a while.
async fn watch_for_late_list(s: Rc<Session>, gen: u32) {
    let Some(body) = s.doc.body() else { return };
    let d = s.doc.clone();
    let came = watch::until(&body, LATE_LIST_WATCH_MS, move || {
        reader::find_list(&d).is_some_and(|f| !reader::rows(&f).is_empty())
    })
    .await;
    let idle = !s.scanning.borrow().on && !s.run.borrow().run.is_active();
    if came && idle && s.alive(gen) && s.listing.borrow().list_may_still_come() {
        rescan(s).await;
    }
}
