//! The run loop: one withdrawal at a time in proposal order (`step`), with human-paced delays
//! between them, until the queue is done, the cap is reached or anything unexpected stops it.
//! Pausing lives here: the member's pause takes effect between steps, and a tab in the
//! background pauses the run by itself and resumes it when visible again (a hidden tab runs no
//! animation frames, so the page would not draw its dialog).

use std::rc::Rc;

use wasm_bindgen::JsValue;
use wasm_bindgen_futures::spawn_local;

use super::session::{self, Session};
use super::step::{self, StepEnd};
use super::view;
use crate::pure::pacing::{scaled, Pacer, Wait};
use crate::pure::run::{Cmd, Phase, Reason, Run};
use crate::pure::scan::Verdict;
use crate::shell::dom::watch;
use crate::shell::i18n::{num, tf};
use crate::shell::sys::{self, MathRandom};

use super::bg;

/// Keeps the run's state with the background (a reload or a crash can resume it).
pub fn save_run(s: &Session) {
    let run = s.run.borrow().run.clone();
    spawn_local(async move {
        let _ = bg::save_run(&run).await;
    });
}

/// Starts a run over the selection in proposal order, or resumes an interrupted one.
pub fn start(s: &Rc<Session>, resume: Option<Run>) {
    {
        let listing = s.listing.borrow();
        let busy = s.run.borrow().run.is_active() || s.scanning.borrow().on;
        if busy || listing.verdict != Some(Verdict::People) {
            return;
        }
        let choice = s.choice.borrow();
        let queue: Vec<String> = match resume {
            // Resume only what is still listed; withdrawn rows are gone from the list.
            Some(r) => r
                .queue
                .into_iter()
                .filter(|p| listing.by_profile.contains_key(p) && !choice.withdrawn.contains(p))
                .collect(),
            None => choice.queue(&listing),
        };
        let mut run = Run::new();
        if run.apply(Cmd::Start(queue)).is_err() {
            return;
        }
        let mut rs = s.run.borrow_mut();
        rs.run = run;
        rs.stop_detail = None;
        rs.background_pause = false;
        s.known.borrow_mut().interrupted = None;
    }
    save_run(s);
    view::render_state(s);
    spawn_local(run(s.clone()));
}

/// Stops an active run with `reason`, keeping `detail` on screen.
pub fn fail(s: &Session, reason: Reason, detail: &str) {
    {
        let mut rs = s.run.borrow_mut();
        if rs.run.is_active() {
            let _ = rs.run.apply(Cmd::Failed(reason));
        }
    }
    s.wake();
    save_run(s);
    view::render_state(s);
    s.run.borrow_mut().stop_detail = Some(detail.to_string());
    s.with_panel(|p| p.set_detail(detail));
}

fn phase(s: &Session) -> Phase {
    s.run.borrow().run.phase
}

async fn run(s: Rc<Session>) {
    let gen = s.generation.get();
    let mut rng = MathRandom;
    let pacing = s.known.borrow().settings.pacing;
    let mut pacer = Pacer::new(&pacing, &mut rng);
    loop {
        wait_while_paused(&s).await;
        if !s.alive(gen) || phase(&s) != Phase::Running {
            break;
        }
        // A hidden tab runs no animation frames: the page may not draw its dialog until the
        // member is back. No step starts in the background; the run goes on by itself.
        if watch::tab_hidden() {
            pause_for_background(&s).await;
            continue;
        }
        let Some(profile) = s.run.borrow().run.next().map(String::from) else {
            break;
        };
        match step::withdraw(&s, &profile, &pacer, &pacing, &mut rng).await {
            StepEnd::Withdrawn => {}
            StepEnd::Skipped => continue, // nothing was clicked: no wait needed
            StepEnd::Stopped(stop) => {
                if stop.reason == Reason::CapReached {
                    let _ = s.run.borrow_mut().run.apply(Cmd::Capped);
                    save_run(&s);
                    view::render_state(&s);
                    s.with_panel(|p| p.set_detail(&tf(stop.detail, &stop.subs)));
                } else if s.run.borrow().run.is_active() {
                    fail(&s, stop.reason, &tf(stop.detail, &stop.subs));
                }
                break;
            }
        }
        save_run(&s);
        view::render_state(&s);
        // A pause pressed during the step is honoured at the top of the loop.
        if !s.run.borrow().run.is_active() {
            break;
        }
        let wait = pacer.after_withdrawal(&pacing, &mut rng);
        let label = if matches!(wait, Wait::Rest(_)) {
            "restFor"
        } else {
            "nextIn"
        };
        interruptible_sleep(&s, scaled(wait.ms(), s.scale), label).await;
    }
    if !s.alive(gen) {
        return;
    }
    save_run(&s);
    // Released grants come back: show the background's count, not the last grant's.
    session::refresh_from_background(&s).await;
    view::render_state(&s);
    // After a stop, show the true state of the page.
    if matches!(phase(&s), Phase::Stopped | Phase::Capped | Phase::Done) {
        session::rescan(s.clone()).await;
    }
}

/// Waits while the run is paused (no timer: resumed by the member's action).
async fn wait_while_paused(s: &Session) {
    while phase(s) == Phase::Paused {
        let p = js_sys::Promise::new(&mut |resolve, _| {
            *s.wake.borrow_mut() = Some(resolve);
        });
        let _ = wasm_bindgen_futures::JsFuture::from(p).await;
    }
}

/// Pauses the run while the tab is hidden and carries on when it is visible again, unless the
/// member paused or stopped it meanwhile.
async fn pause_for_background(s: &Session) {
    if s.run.borrow_mut().run.apply(Cmd::Pause).is_err() {
        return;
    }
    s.run.borrow_mut().background_pause = true;
    save_run(s);
    view::render_state(s);
    // Resolved by the tab coming back, or by the member (resume, stop).
    let p = js_sys::Promise::new(&mut |resolve, _| {
        *s.wake.borrow_mut() = Some(resolve.clone());
        spawn_local(async move {
            watch::until_visible().await;
            let _ = resolve.call0(&JsValue::NULL);
        });
    });
    let _ = wasm_bindgen_futures::JsFuture::from(p).await;
    s.wake.borrow_mut().take();
    let ours = std::mem::take(&mut s.run.borrow_mut().background_pause);
    if ours && phase(s) == Phase::Paused {
        let _ = s.run.borrow_mut().run.apply(Cmd::Resume);
        save_run(s);
        view::render_state(s);
    }
}

/// Sleeps `ms`, showing a countdown; returns early when the run is no longer running.
async fn interruptible_sleep(s: &Session, ms: u64, label: &str) {
    let end = sys::now_ms() + ms as f64;
    loop {
        let left = end - sys::now_ms();
        if left <= 0.0 || phase(s) != Phase::Running {
            return;
        }
        progress_line(
            s,
            &tf(label, &[format!("{}", (left / 1000.0).ceil() as u64)]),
        );
        sys::sleep((left as u64).min(1000)).await;
    }
}

/// The progress bar and its line: done of total, the person in hand, and `extra`.
pub fn progress_line(s: &Session, extra: &str) {
    let (done, total, current) = {
        let rs = s.run.borrow();
        let current = rs
            .run
            .current
            .as_ref()
            .and_then(|p| s.listing.borrow().get(p).map(|i| i.name.clone()));
        (rs.run.done.len(), rs.run.total, current)
    };
    let mut line = tf("progressLine", &[num(done as f64), num(total as f64)]);
    if let Some(n) = current {
        line.push_str(" · ");
        line.push_str(&n);
    }
    if !extra.is_empty() {
        line.push_str(" · ");
        line.push_str(extra);
    }
    s.with_panel(|p| p.set_progress(done, total, &line));
}
