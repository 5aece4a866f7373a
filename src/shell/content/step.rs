//! One withdrawal: grant → withdraw click → the dialog it opens → name check → human pause →
//! confirm enabled → write-ahead → confirm click → the row goes → settle into the ledger.
//! Anything unexpected is a stop; a slot granted before a click that never happened goes back.

use super::bg;
use super::run_loop::progress_line;
use super::session::{self, Session};
use super::{href, view};
use crate::pure::ledger::entry_for;
use crate::pure::pacing::{
    page_bound, scaled, Pacer, Pacing, CONFIRM_ENABLED_FLOOR_MS, CONFIRM_ENABLED_TIMEOUT_MS,
    DIALOG_FLOOR_MS, DIALOG_TIMEOUT_MS, ROW_GONE_FLOOR_MS, ROW_GONE_TIMEOUT_MS,
};
use crate::pure::run::{Cmd, Reason};
use crate::pure::scan::Layout;
use crate::shell::dom::actor::{self, Stop};
use crate::shell::dom::{list, reader, selectors as s_};
use crate::shell::i18n::datetime;
use crate::shell::sys::{self, MathRandom};

/// How a step ended.
pub enum StepEnd {
    Withdrawn,
    /// The row was no longer listed (or the journal refused it): nothing was clicked.
    Skipped,
    /// The run stops, with the reason and the sentence the panel shows.
    Stopped(Stop),
}

fn stop(reason: Reason, detail: &'static str, subs: Vec<String>) -> Stop {
    Stop {
        reason,
        detail,
        subs,
    }
}

fn skip(s: &Session, profile: &str) -> StepEnd {
    let _ = s
        .run
        .borrow_mut()
        .run
        .apply(Cmd::Skipped(profile.to_string()));
    StepEnd::Skipped
}

/// One withdrawal of `profile`.
pub async fn withdraw(
    s: &Session,
    profile: &str,
    pacer: &Pacer,
    pacing: &Pacing,
    rng: &mut MathRandom,
) -> StepEnd {
    match attempt(s, profile, pacer, pacing, rng).await {
        Ok(end) => end,
        Err(stop) => StepEnd::Stopped(stop),
    }
}

async fn attempt(
    s: &Session,
    profile: &str,
    pacer: &Pacer,
    pacing: &Pacing,
    rng: &mut MathRandom,
) -> Result<StepEnd, Stop> {
    let doc = &s.doc;
    if let Some(stop) = actor::stop_signal(doc, &href()) {
        return Err(stop);
    }
    let Some(inv) = s.listing.borrow().get(profile).cloned() else {
        return Ok(skip(s, profile));
    };
    // Gone before we touched it: accepted or withdrawn elsewhere. Nothing to click.
    let Some(row) = find_row(s, profile).await else {
        return Ok(skip(s, profile));
    };

    // The arbiter grants the slot before the withdraw click.
    let grant = bg::grant(profile).await.map_err(|e| {
        stop(
            Reason::Storage,
            "detailBackground",
            vec![sys::js_error_text(&e)],
        )
    })?;
    if let Some(today) = grant.today {
        s.known.borrow_mut().today = Some(today.into());
        view::refresh_today(s);
    }
    if grant.capped {
        let when = grant.today.and_then(|t| t.next_at_ms).map(datetime);
        return Err(match when {
            Some(w) => stop(Reason::CapReached, "detailCapped", vec![w]),
            None => stop(Reason::CapReached, "detailCappedNewDay", Vec::new()),
        });
    }
    if grant.refused.is_some() {
        return Ok(skip(s, profile));
    }
    let id = grant.id.unwrap_or_default();
    // Before the confirm click: the slot goes back, whatever the journal says.
    let release = |id: String| async move {
        let _ = bg::settle(&id, false, Some(false)).await;
    };

    let _ = s
        .run
        .borrow_mut()
        .run
        .apply(Cmd::Begin(profile.to_string()));
    progress_line(s, "");
    let before = actor::open_dialogs(doc);
    if let Err(stop) = actor::click_withdraw(&row) {
        release(id).await;
        return Err(stop);
    }
    let dialog_wait = page_bound(DIALOG_TIMEOUT_MS, s.scale, DIALOG_FLOOR_MS);
    let dialog = match actor::await_dialog(doc, &before, dialog_wait).await {
        Ok(d) => d,
        Err(stop) => {
            release(id).await;
            return Err(stop);
        }
    };
    if let Some(stop) = actor::stop_signal(doc, &href()) {
        release(id).await;
        return Err(stop);
    }
    // The confirm button may still be disabled here: it is waited for after the pause.
    let named = actor::check_name(doc, &dialog, &inv.name).and_then(|_| {
        actor::confirm_candidate(&dialog)
            .map(|_| ())
            .ok_or_else(|| stop(Reason::LayoutUnknown, "detailNoConfirm", Vec::new()))
    });
    if let Err(stop) = named {
        release(id).await;
        return Err(stop);
    }
    sys::sleep(scaled(pacer.confirm_pause(pacing, rng), s.scale)).await;
    // Everything re-checked after the pause: the member may have stopped, the page moved on.
    // A pause (unlike a stop) lets this step finish: it takes effect between steps.
    let user_stop = || stop(Reason::User, "detailUserStopDialog", Vec::new());
    if !s.run.borrow().run.is_active() {
        release(id).await;
        return Err(user_stop());
    }
    if let Some(stop) = actor::stop_signal(doc, &href()) {
        release(id).await;
        return Err(stop);
    }
    if !dialog.is_connected() {
        release(id).await;
        return Err(stop(Reason::NoDialog, "detailDialogClosed", Vec::new()));
    }
    // Never a disabled control: the 2026 page enables its confirm a moment after the dialog.
    let enabled_wait = page_bound(
        CONFIRM_ENABLED_TIMEOUT_MS,
        s.scale,
        CONFIRM_ENABLED_FLOOR_MS,
    );
    let confirm = match actor::await_confirm(doc, &dialog, enabled_wait, href).await {
        Ok(b) => b,
        Err(stop) => {
            release(id).await;
            return Err(stop);
        }
    };
    if !s.run.borrow().run.is_active() {
        release(id).await;
        return Err(user_stop());
    }
    // Write ahead: the intent is stored before the confirm click.
    let entry = entry_for(&inv, sys::now_ms());
    if bg::confirming(&id, &entry).await.is_err() {
        release(id).await;
        return Err(stop(Reason::Storage, "detailWriteAhead", Vec::new()));
    }
    if let Err(stop) = actor::click_confirm(&dialog, &confirm) {
        // Not clicked: the slot goes back and nothing is recorded as withdrawn.
        let _ = bg::settle(&id, false, Some(false)).await;
        return Err(stop);
    }
    let gone_wait = page_bound(ROW_GONE_TIMEOUT_MS, s.scale, ROW_GONE_FLOOR_MS);
    if let Err(stop) = actor::await_gone(doc, profile, gone_wait).await {
        let _ = bg::settle(&id, false, Some(true)).await;
        return Err(stop);
    }
    let settled = bg::settle(&id, true, Some(true)).await;
    let _ = s
        .run
        .borrow_mut()
        .run
        .apply(Cmd::Withdrawn(profile.to_string()));
    s.choice.borrow_mut().mark_withdrawn(profile);
    if let Ok(settled) = settled {
        if let Some(today) = settled.today {
            s.known.borrow_mut().today = Some(today.into());
        }
        if let Some(l) = settled.ledger {
            session::show_recent(s, &l);
        }
    }
    s.with_panel(|p| p.mark_withdrawn(profile));
    Ok(StepEnd::Withdrawn)
}

/// Finds a row by profile; on the legacy layout, turns pages until it is shown. Pages are cut
/// from the current list, so every withdrawal on an earlier page moves later rows back: a row
/// not on the page it was scanned on is looked for on the pages before it, down to the first,
/// before it counts as gone (issue 12: such rows were skipped).
async fn find_row(s: &Session, profile: &str) -> Option<web_sys::Element> {
    if let Some((_, row)) = reader::find_row(&s.doc, profile) {
        return Some(row);
    }
    let (layout, scanned_on) = {
        let l = s.listing.borrow();
        (l.layout, l.pages.get(profile).copied())
    };
    if layout != Some(Layout::Legacy) {
        return None;
    }
    let mut target = scanned_on?;
    loop {
        if !show_page(s, target).await {
            return None;
        }
        if let Some((_, row)) = reader::find_row(&s.doc, profile) {
            return Some(row);
        }
        if target == 0 {
            return None;
        }
        target -= 1;
    }
}

/// Turns the legacy pages until page `target` (0-based) is shown; false if it cannot.
async fn show_page(s: &Session, target: u32) -> bool {
    let mut page = s.listing.borrow().current_page;
    while page != target {
        let control = if target < page {
            &s_::PREV_PAGE_B
        } else {
            &s_::NEXT_PAGE_B
        };
        if !list::turn_page(&s.doc, control).await {
            return false;
        }
        page = if target < page { page - 1 } else { page + 1 };
        s.listing.borrow_mut().current_page = page;
    }
    true
}
