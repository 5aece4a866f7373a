//! What the member does in the panel (or the popup, for this tab): each [`UiEvent`] goes to the
//! module that owns what it changes: the run loop, the choice, the background's settings.

use std::rc::Rc;

use wasm_bindgen_futures::spawn_local;

use super::bg;
use super::choice::Shortcut;
use super::session::{self, Session};
use super::{insights, run_loop, view};
use crate::pure::run::Cmd;
use crate::shell::dom::panel::UiEvent;
use crate::shell::i18n::{num, t, tf};
use crate::shell::sys;

pub fn on_event(s: &Rc<Session>, e: UiEvent) {
    match e {
        UiEvent::Scan => spawn_local(session::rescan(s.clone())),
        UiEvent::Start => run_loop::start(s, None),
        UiEvent::ResumeInterrupted => {
            let r = s.known.borrow_mut().interrupted.take();
            run_loop::start(s, r);
        }
        UiEvent::DiscardInterrupted => {
            s.known.borrow_mut().interrupted = None;
            spawn_local(async {
                let _ = bg::clear_run().await;
            });
            view::render_state(s);
        }
        UiEvent::Pause => {
            {
                let mut rs = s.run.borrow_mut();
                // The member's own pause: it is not undone when the tab comes back.
                rs.background_pause = false;
                let _ = rs.run.apply(Cmd::Pause);
            }
            run_loop::save_run(s);
            view::render_state(s);
        }
        UiEvent::Resume => {
            let _ = s.run.borrow_mut().run.apply(Cmd::Resume);
            s.wake();
            run_loop::save_run(s);
            view::render_state(s);
        }
        UiEvent::Stop => {
            if s.run.borrow().run.is_active() {
                let _ = s.run.borrow_mut().run.apply(Cmd::Stop);
                s.wake();
                run_loop::save_run(s);
                view::render_state(s);
                s.with_panel(|p| p.set_detail(&t("detailUserStop")));
            }
        }
        UiEvent::Toggle(profile, on) => {
            s.choice.borrow_mut().toggle(&profile, on);
            s.with_panel(|p| p.set_selected(&profile, on));
            view::render_state(s);
        }
        UiEvent::SelectAll | UiEvent::SelectNone | UiEvent::SelectProposed => {
            let which = match e {
                UiEvent::SelectAll => Shortcut::All,
                UiEvent::SelectProposed => Shortcut::Proposed,
                _ => Shortcut::None,
            };
            {
                let listing = s.listing.borrow();
                let keep = s.known.borrow().settings.policy.keep.clone();
                s.choice.borrow_mut().select(which, &listing, &keep);
            }
            view::apply_selection(s);
            view::render_state(s);
        }
        UiEvent::Filter(f) => {
            s.choice.borrow_mut().filter = f;
            view::apply_visibility(s);
        }
        UiEvent::Sort(k) => {
            s.choice.borrow_mut().sort = k;
            view::reorder(s);
        }
        UiEvent::ExportCsv => spawn_local(export(s.clone(), "csv")),
        UiEvent::ExportJson => spawn_local(export(s.clone(), "json")),
        UiEvent::Collapse => s.with_panel(|p| {
            p.toggle_collapsed();
        }),
        UiEvent::Close => {
            if !s.run.borrow().run.is_active() {
                s.teardown();
            }
        }
        UiEvent::Keep(profile) => spawn_local(keep(s.clone(), profile)),
        UiEvent::Bucket(id) => {
            s.choice.borrow_mut().choose_bucket(id);
            view::apply_visibility(s);
            insights::render(s);
        }
        UiEvent::ClearHistory => {
            let s = s.clone();
            spawn_local(async move {
                if let Ok(h) = bg::clear_history().await {
                    s.known.borrow_mut().history = h;
                    insights::render(&s);
                }
            });
        }
        UiEvent::SavePolicy(no_note, note) => spawn_local(save_policy(s.clone(), no_note, note)),
        UiEvent::CopyReport => {
            let report = s.listing.borrow().report.clone().unwrap_or_default();
            if let Some(w) = web_sys::window() {
                let _ = w.navigator().clipboard().write_text(&report);
            }
            s.with_panel(|p| p.set_detail(&t("reportCopied")));
        }
    }
}

/// Adds a profile to the keep-list: never proposed again.
async fn keep(s: Rc<Session>, profile: String) {
    let Ok(reply) = bg::keep(&profile).await else {
        return;
    };
    if let Some(settings) = reply.settings {
        s.known.borrow_mut().settings = settings;
        s.choice.borrow_mut().kept(&profile);
    }
    view::render_rows(&s);
    view::render_state(&s);
}

/// Saves new thresholds through the background (which validates and persists them), then
/// proposes again from the rows already read.
async fn save_policy(s: Rc<Session>, no_note: String, note: String) {
    let parse = |v: &str| v.trim().parse::<u32>().ok();
    let mut settings = s.known.borrow().settings.clone();
    match (parse(&no_note), parse(&note)) {
        (Some(a), Some(b)) => {
            settings.policy.min_days_no_note = a;
            settings.policy.min_days_note = b;
        }
        _ => {
            s.with_panel(|p| p.set_detail(&t("rulesNotNumbers")));
            return;
        }
    }
    let reply = match bg::set_settings(&settings).await {
        Ok(r) => r,
        Err(e) => {
            s.with_panel(|p| p.set_detail(&tf("detailBackground", &[sys::js_error_text(&e)])));
            return;
        }
    };
    if !reply.ok {
        s.with_panel(|p| p.set_detail(&reply.errors.join(" ")));
        return;
    }
    s.known.borrow_mut().settings = settings.clone();
    if !s.run.borrow().run.is_active() {
        let listing = s.listing.borrow();
        s.choice.borrow_mut().reproposed(&listing, &settings.policy);
    }
    view::render_rows(&s);
    view::render_state(&s);
    s.with_panel(|p| p.set_detail(&t("rulesSaved")));
}

async fn export(s: Rc<Session>, kind: &'static str) {
    let parent: web_sys::Node = match s.panel.borrow().as_ref() {
        Some(p) => p.shadow().clone().into(),
        None => return,
    };
    let done = bg::ledger()
        .await
        .and_then(|l| crate::shell::export::export_ledger(&s.doc, &parent, kind, &l));
    let detail = match done {
        Ok((name, n)) => tf("exported", &[num(n as f64), name]),
        Err(e) => tf("exportFailed", &[sys::js_error_text(&e)]),
    };
    s.with_panel(|p| p.set_detail(&detail));
}
