//! The content script: one session per tab, alive while the tab shows the sent list.
//!
//! ```text
//!  mod.rs      entry points from the loader: activate, urlChanged, command, deactivate
//!  session     the tab's session: panel, background hello, teardown; runs a scan ─────┐
//!  scan        wait for the list → load → read → judge ─► Listing                      │
//!  choice      proposals, selection, filters over the Listing ─► Choice                │
//!  reconcile   crashed intents settled against the Listing                             │
//!  view        Listing + Choice + RunState ─► the panel's state, counts, rows  ◄────────┘
//!  insights    Listing + Choice + History ─► histogram, gauge, resolved, re-invite
//!  run_loop    the queue, pauses (the member's, the background tab's), paced delays
//!  step        one withdrawal: grant → withdraw → dialog → confirm → settle
//!  events      what the member does in the panel, to the module that owns it
//!  bg          typed messages to the background (cap, journal, ledger, history)
//!
//!  activate ─► loading (waiting for the list) ─► scanning ─► ready ──start──► running ⇄ paused
//!                 │                                 │          ▲                 │
//!                 │                                 ▼          └─rescan─ stopped / capped / done
//!                 └──► unsupported (Pages tab, layout unknown)   error (storage, core)
//! ```
//! Data flows one way: page → `RawRow`s → `Listing` → `Choice` → the run's steps → the ledger
//! (kept by the background). Each cell of the [`session::Session`] is written by one module.

mod bg;
mod choice;
pub mod codec;
mod events;
mod insights;
mod reconcile;
mod run_loop;
mod scan;
mod session;
mod step;
mod view;

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::spawn_local;

use crate::pure::page::{classify, PageKind};
use crate::pure::run::Reason;
use crate::shell::dom::document;
use crate::shell::dom::panel::UiEvent;
use crate::shell::ext;
use crate::shell::i18n::t;
use session::Session;

thread_local! {
    static SESSION: RefCell<Option<Rc<Session>>> = const { RefCell::new(None) };
}

fn current() -> Option<Rc<Session>> {
    SESSION.with(|c| c.borrow().clone())
}

/// Where the tab is now.
pub(crate) fn href() -> String {
    web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default()
}

/// Entry from the loader: `config` = `{ kind, timeScale, shadow, api }`.
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
    let s = Session::new(document()?, kind, scale, closed);
    SESSION.with(|c| *c.borrow_mut() = Some(s.clone()));
    if matches!(
        classify(&href()),
        PageKind::SentPeople | PageKind::SentPages
    ) {
        // Not awaited: the loader hands the glue its core as soon as the session starts, so
        // URL changes during the first scan (LinkedIn switching tabs by itself) reach it.
        spawn_local(session::start(s));
    }
    Ok(())
}

/// The URL changed without a page load.
pub fn url_changed(href_now: &str) {
    let Some(s) = current() else { return };
    let kind = classify(href_now);
    let on_list = matches!(kind, PageKind::SentPeople | PageKind::SentPages);
    if s.run.borrow().run.is_active() {
        if kind != PageKind::SentPeople {
            // The run loop notices too; stopping here makes it immediate.
            let reason = if kind == PageKind::Security {
                Reason::Checkpoint
            } else {
                Reason::Navigated
            };
            run_loop::fail(&s, reason, &t("detailNavigated"));
        }
        return;
    }
    let mounted = s.is_mounted();
    if on_list && !mounted {
        spawn_local(session::start(s));
    } else if on_list && mounted {
        // Another tab of the list (People ⇄ Pages): rescan what is shown, after the scan under
        // way if there is one. The legacy loader's own page turns change only the page number.
        let mut scanning = s.scanning.borrow_mut();
        if !scanning.on {
            drop(scanning);
            spawn_local(session::rescan(s));
        } else if scanning.kind != Some(kind) {
            scanning.pending = true;
        }
    } else if !on_list && mounted {
        s.teardown();
    }
}

/// Removes everything the extension added to the page.
pub fn deactivate() {
    if let Some(s) = current() {
        s.teardown();
    }
    SESSION.with(|c| *c.borrow_mut() = None);
}

/// A command for this tab's panel from the popup; the answer is the tab's state.
pub async fn command(msg: JsValue) -> Result<JsValue, JsValue> {
    let Some(s) = current() else {
        return Ok(JsValue::NULL);
    };
    let command = codec::string(&msg, "command").unwrap_or_default();
    let e = match command.as_str() {
        "start" => Some(UiEvent::Start),
        "pause" => Some(UiEvent::Pause),
        "resume" => Some(UiEvent::Resume),
        "stop" => Some(UiEvent::Stop),
        "scan" => Some(UiEvent::Scan),
        _ => None,
    };
    if let Some(e) = e {
        events::on_event(&s, e);
    }
    let run = s.run.borrow();
    let listing = s.listing.borrow();
    let choice = s.choice.borrow();
    let (state, reason) = view::panel_state(s.scanning.borrow().on, &run, &listing);
    // The tab's state as the popup shows it.
    Ok(codec::Obj::new()
        .set("state", state)
        .opt("reason", reason)
        .set("kind", s.kind.as_str())
        .set("pending", listing.scan.invitations.len() as f64)
        .set("proposed", choice.proposed.len() as f64)
        .set("selected", choice.selected.len() as f64)
        .set("done", run.run.done.len() as f64)
        .set("total", run.run.total as f64)
        .done())
}
