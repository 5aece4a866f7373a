//! What the panel shows of the session: its state and reason, the status sentence and details,
//! which controls apply, the counts, today's cap, and the rows. Read-only over the session.

use super::session::{RunState, Session};
use super::{insights, scan::Listing};
use crate::pure::run::{Phase, Reason};
use crate::pure::scan::{Arrival, Verdict};
use crate::shell::dom::panel::RowView;
use crate::shell::i18n::{datetime, num, t, tf};

/// The panel's `data-state` and `data-reason` (testing-contract.md).
pub fn panel_state(
    scanning: bool,
    run: &RunState,
    listing: &Listing,
) -> (&'static str, Option<&'static str>) {
    if scanning {
        return ("scanning", None);
    }
    match run.run.phase {
        Phase::Running => return ("running", None),
        Phase::Paused if run.background_pause => return ("paused", Some("background")),
        Phase::Paused => return ("paused", None),
        Phase::Stopped => return ("stopped", run.run.reason.map(|r| r.code())),
        Phase::Capped => return ("capped", Some(Reason::CapReached.code())),
        Phase::Done => return ("done", None),
        Phase::Ready => {}
    }
    match listing.verdict {
        None => ("loading", None),
        Some(Verdict::People) | Some(Verdict::Empty) => ("ready", None),
        Some(Verdict::PagesTab) | Some(Verdict::NotSentList) => {
            ("unsupported", Some(Reason::NotSentList.code()))
        }
        Some(Verdict::LayoutUnknown) => ("unsupported", Some(Reason::LayoutUnknown.code())),
    }
}

/// The status sentence for a state.
fn message(state: &str, run: &RunState, listing: &Listing, proposed: usize) -> String {
    match (state, listing.verdict.as_ref()) {
        ("stopped", _) => run
            .run
            .reason
            .map(|r| tf(&format!("stop_{}", r.code().replace('-', "_")), &[]))
            .unwrap_or_default(),
        ("capped", _) => t("msgCapped"),
        ("done", _) => tf("msgDone", &[num(run.run.done.len() as f64)]),
        ("running", _) => tf(
            "msgRunning",
            &[num(run.run.done.len() as f64), num(run.run.total as f64)],
        ),
        ("paused", _) if run.background_pause => t("msgPausedBackground"),
        ("paused", _) => t("msgPaused"),
        (_, Some(Verdict::Empty)) => t("msgEmpty"),
        (_, Some(Verdict::PagesTab)) => t("msgPagesTab"),
        (_, Some(Verdict::NotSentList)) => t("msgNotSentList"),
        (_, Some(Verdict::LayoutUnknown)) => t("msgLayoutUnknown"),
        (_, Some(Verdict::People)) if proposed == 0 => t("msgNothingProposed"),
        (_, Some(Verdict::People)) => tf("msgReady", &[num(proposed as f64)]),
        _ => t("msgLoading"),
    }
}

/// The details under the status sentence: why a run stopped, what the scan could not read.
fn details(run: &RunState, listing: &Listing, problems: &[String]) -> Vec<String> {
    let mut detail = Vec::new();
    if let (Some(d), Phase::Stopped) = (&run.stop_detail, run.run.phase) {
        detail.push(d.clone());
    }
    if !listing.complete && listing.verdict == Some(Verdict::People) {
        detail.push(t("detailIncomplete"));
    }
    if listing.verdict == Some(Verdict::LayoutUnknown)
        && listing.arrival == Some(Arrival::Missing)
        && listing.layout.is_none()
    {
        detail.push(t("detailListNeverCame"));
    }
    if listing.scan.unknown_ages > 0 {
        detail.push(tf(
            "detailUnknownAges",
            &[num(listing.scan.unknown_ages as f64)],
        ));
    }
    if listing.scan.unreadable_rows > 0 {
        detail.push(tf(
            "detailUnreadable",
            &[num(listing.scan.unreadable_rows as f64)],
        ));
    }
    for p in problems {
        detail.push(tf("detailStorageProblem", std::slice::from_ref(p)));
    }
    detail
}

/// Which controls apply now.
fn enabled(
    scanning: bool,
    run: &RunState,
    listing: &Listing,
    selected: usize,
) -> Vec<&'static str> {
    let mut on = Vec::new();
    let idle = !scanning && !run.run.is_active();
    if idle {
        on.push("scan");
    }
    let startable = matches!(
        run.run.phase,
        Phase::Ready | Phase::Stopped | Phase::Capped | Phase::Done
    );
    if listing.verdict == Some(Verdict::People) && selected > 0 && !scanning && startable {
        on.push("start");
    }
    match run.run.phase {
        Phase::Running => on.extend(["pause", "stop"]),
        Phase::Paused => on.extend(["resume", "stop"]),
        _ => {}
    }
    on
}

/// Shows the state, message, counts and which controls apply.
pub fn render_state(s: &Session) {
    let scanning = s.scanning.borrow().on;
    let (state, reason, message, detail, enabled, counts, interrupted, done_total) = {
        let run = s.run.borrow();
        let listing = s.listing.borrow();
        let choice = s.choice.borrow();
        let known = s.known.borrow();
        let (state, reason) = panel_state(scanning, &run, &listing);
        (
            state,
            reason,
            message(state, &run, &listing, choice.proposed.len()),
            details(&run, &listing, &known.problems),
            enabled(scanning, &run, &listing, choice.selected.len()),
            (
                listing.scan.invitations.len(),
                listing.people_count,
                choice.proposed.len(),
                choice.selected.len(),
            ),
            known
                .interrupted
                .as_ref()
                .filter(|_| !run.run.is_active())
                .map(|r| r.queue.len()),
            (run.run.done.len(), run.run.total),
        )
    };
    s.with_panel(|p| {
        p.set_state(state, reason, &message);
        p.set_detail(&detail.join(" "));
        p.set_enabled(&enabled);
        p.set_counts(counts.0, counts.1, counts.2, counts.3);
        let _ = p.set_resume_offer(&s.doc, interrupted);
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
    });
    refresh_today(s);
    insights::render(s);
}

/// Today's count against the cap.
pub fn refresh_today(s: &Session) {
    let today = s.known.borrow().today;
    if let Some(t) = today {
        s.with_panel(|p| p.set_today(t.count, t.cap, t.next_at_ms.map(datetime)));
    }
}

/// The rows, in display order, each with its proposal, selection and keep marks.
pub fn render_rows(s: &Session) {
    let listing = s.listing.borrow();
    let choice = s.choice.borrow();
    let known = s.known.borrow();
    let keep = &known.settings.policy.keep;
    let views: Vec<RowView<'_>> = choice
        .display_order(&listing)
        .iter()
        .map(|i| {
            let inv = &listing.scan.invitations[*i];
            RowView {
                inv,
                proposed: choice.proposed.contains(&inv.profile),
                selected: choice.selected.contains(&inv.profile),
                kept: keep.iter().any(|k| k == &inv.profile),
            }
        })
        .collect();
    if let Some(p) = s.panel.borrow_mut().as_mut() {
        let _ = p.set_rows(&s.doc, &views);
        for inv in &listing.scan.invitations {
            p.set_visible(&inv.profile, choice.shown(inv));
        }
        p.set_report(listing.report.as_deref());
    }
}

/// Shows and hides rows after a filter or a histogram bar changed.
pub fn apply_visibility(s: &Session) {
    let listing = s.listing.borrow();
    let choice = s.choice.borrow();
    s.with_panel(|p| {
        for inv in &listing.scan.invitations {
            p.set_visible(&inv.profile, choice.shown(inv));
        }
    });
}

/// Every row's checkbox after the selection changed.
pub fn apply_selection(s: &Session) {
    let listing = s.listing.borrow();
    let choice = s.choice.borrow();
    s.with_panel(|p| {
        for inv in &listing.scan.invitations {
            p.set_selected(&inv.profile, choice.selected.contains(&inv.profile));
        }
    });
}

/// The rows in the new sort order.
pub fn reorder(s: &Session) {
    let listing = s.listing.borrow();
    let order: Vec<String> = s
        .choice
        .borrow()
        .display_order(&listing)
        .into_iter()
        .map(|i| listing.scan.invitations[i].profile.clone())
        .collect();
    if let Some(p) = s.panel.borrow_mut().as_mut() {
        p.reorder(&order);
    }
}
