//! The run state machine: a pure reducer of what happened; the shell performs the steps.
//!
//! ```text
//!  Ready ──Start──▶ Running ◀──Resume── Paused
//!    ▲                │  └────Pause────▶  │
//!    │ (Start again   ├──queue empty─────▶ Done
//!    │  from Stopped, ├──Stop / Failed──▶ Stopped(reason)
//!    │  Capped, Done) └──Capped─────────▶ Capped(cap-reached)
//! ```
//! One step at a time: `Begin(p)` takes the head of the queue as the current step; the step ends
//! with `Withdrawn(p)`, `Skipped(p)` or `Failed(reason)`. A step in flight when the run is paused
//! or stopped may still report its end, so the record stays true.

use serde::{Deserialize, Serialize};

/// Where a run stands; `as_str` gives the panel's `data-state`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Phase {
    Ready,
    Running,
    Paused,
    Stopped,
    Capped,
    Done,
}

impl Phase {
    /// Every phase, in the order a run goes through them.
    pub const ALL: [Phase; 6] = [
        Phase::Ready,
        Phase::Running,
        Phase::Paused,
        Phase::Stopped,
        Phase::Capped,
        Phase::Done,
    ];

    pub fn as_str(&self) -> &'static str {
        match self {
            Phase::Ready => "ready",
            Phase::Running => "running",
            Phase::Paused => "paused",
            Phase::Stopped => "stopped",
            Phase::Capped => "capped",
            Phase::Done => "done",
        }
    }
}

/// Why a run stopped; `code` gives the panel's `data-reason`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Reason {
    User,
    CapReached,
    DialogNameMismatch,
    NoDialog,
    RowStays,
    ErrorToast,
    Checkpoint,
    Navigated,
    LayoutUnknown,
    NotSentList,
    /// The extension could not record or read its state (storage full, background down).
    Storage,
    /// The dialog's confirm button stayed disabled past the wait (it is never clicked so).
    ConfirmDisabled,
}

impl Reason {
    pub const ALL: [Reason; 12] = [
        Reason::User,
        Reason::CapReached,
        Reason::DialogNameMismatch,
        Reason::NoDialog,
        Reason::RowStays,
        Reason::ErrorToast,
        Reason::Checkpoint,
        Reason::Navigated,
        Reason::LayoutUnknown,
        Reason::NotSentList,
        Reason::Storage,
        Reason::ConfirmDisabled,
    ];

    pub fn code(&self) -> &'static str {
        match self {
            Reason::User => "user",
            Reason::CapReached => "cap-reached",
            Reason::DialogNameMismatch => "dialog-name-mismatch",
            Reason::NoDialog => "no-dialog",
            Reason::RowStays => "row-stays",
            Reason::ErrorToast => "error-toast",
            Reason::Checkpoint => "checkpoint",
            Reason::Navigated => "navigated",
            Reason::LayoutUnknown => "layout-unknown",
            Reason::NotSentList => "not-sent-list",
            Reason::Storage => "storage",
            Reason::ConfirmDisabled => "confirm-disabled",
        }
    }

    /// What happened and what the member can do, in plain English.
    pub fn sentence(&self) -> &'static str {
        match self {
            Reason::User => "You stopped the run. Press start to continue with the invitations still selected.",
            Reason::CapReached => "Today's withdrawal limit is reached. You can continue once earlier withdrawals are more than a day old.",
            Reason::DialogNameMismatch => "The confirmation named a different person, so nothing was clicked. Rescan the list and try again.",
            Reason::NoDialog => "The confirmation did not appear, so nothing was withdrawn. Rescan the list and try again.",
            Reason::RowStays => "An invitation stayed on the list after confirming. Reload the page and check it before going on.",
            Reason::ErrorToast => "LinkedIn showed a warning or error message. Wait a while, then reload the page before trying again.",
            Reason::Checkpoint => "LinkedIn asked for a security check. Complete it yourself, and wait a day before running again.",
            Reason::Navigated => "The page moved away from your sent invitations. Open the Sent tab and start again.",
            Reason::LayoutUnknown => "This page's layout is not recognised, so nothing was touched. Check for an update of Invite Sweeper.",
            Reason::NotSentList => "This is not the list of sent invitations to people. Open My Network, Manage invitations, Sent, People.",
            Reason::Storage => "The extension could not record its work, so it stopped before confirming. Free some browser storage or reload the page.",
            Reason::ConfirmDisabled => "LinkedIn kept the confirmation's Withdraw button disabled, so nothing was confirmed. Reload the page and try again later.",
        }
    }
}

/// One run over a list of profiles (`/in/slug/`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Run {
    pub phase: Phase,
    /// Why the run stopped (Stopped or Capped); None otherwise.
    pub reason: Option<Reason>,
    /// Profiles still to do, in order.
    pub queue: Vec<String>,
    /// Profiles withdrawn in this run, in order.
    pub done: Vec<String>,
    /// The step in flight, if any.
    pub current: Option<String>,
    /// Withdrawals this run makes if it finishes: done + current + queue. Rows that vanished on
    /// their own (Skipped) are taken out, so the progress bar can reach its end.
    pub total: usize,
}

impl Default for Run {
    fn default() -> Self {
        Run::new()
    }
}

/// The commands the shell reports.
#[derive(Debug, Clone, PartialEq)]
pub enum Cmd {
    /// The member pressed start with these profiles selected (in run order).
    Start(Vec<String>),
    Pause,
    Resume,
    Stop,
    /// A step started on this profile (it must be [`Run::next`]).
    Begin(String),
    /// The step on this profile withdrew it.
    Withdrawn(String),
    /// The row vanished before its step: not withdrawn by us.
    Skipped(String),
    /// The current step (or the run) failed: stop with this reason.
    Failed(Reason),
    /// The cap refused the next slot.
    Capped,
}

impl Run {
    /// Ready, empty.
    pub fn new() -> Self {
        Run {
            phase: Phase::Ready,
            reason: None,
            queue: Vec::new(),
            done: Vec::new(),
            current: None,
            total: 0,
        }
    }

    /// Apply one command; an illegal one is refused with a message and changes nothing.
    pub fn apply(&mut self, cmd: Cmd) -> Result<(), String> {
        let phase = self.phase;
        let refuse = |what: &str| Err(format!("{what} is not possible while {}", phase.as_str()));
        match cmd {
            Cmd::Start(list) => {
                if !matches!(
                    phase,
                    Phase::Ready | Phase::Stopped | Phase::Capped | Phase::Done
                ) {
                    return refuse("start");
                }
                if self.current.is_some() {
                    return Err("start must wait for the step still in flight".to_string());
                }
                // One step per person, however often the shell lists them.
                let mut queue: Vec<String> = Vec::new();
                for p in list {
                    if !p.is_empty() && !queue.contains(&p) {
                        queue.push(p);
                    }
                }
                if queue.is_empty() {
                    return Err("nothing selected to withdraw".to_string());
                }
                *self = Run {
                    phase: Phase::Running,
                    reason: None,
                    total: queue.len(),
                    queue,
                    done: Vec::new(),
                    current: None,
                };
            }
            Cmd::Pause => {
                if phase != Phase::Running {
                    return refuse("pause");
                }
                self.phase = Phase::Paused;
            }
            Cmd::Resume => {
                if phase != Phase::Paused {
                    return refuse("resume");
                }
                self.phase = Phase::Running;
                self.finish_if_empty();
            }
            Cmd::Stop => {
                if !self.is_active() {
                    return refuse("stop");
                }
                // A step in flight stays `current` so its outcome can still be recorded.
                self.phase = Phase::Stopped;
                self.reason = Some(Reason::User);
            }
            Cmd::Begin(p) => {
                if phase != Phase::Running {
                    return refuse("starting a step");
                }
                if let Some(c) = &self.current {
                    return Err(format!("a step on {c} is still in flight"));
                }
                if self.queue.first() != Some(&p) {
                    return Err(format!("{p} is not next in the queue"));
                }
                self.queue.remove(0);
                self.current = Some(p);
            }
            Cmd::Withdrawn(p) => {
                if self.current.as_ref() != Some(&p) {
                    return Err(format!("{p} is not the step in flight"));
                }
                self.current = None;
                self.done.push(p);
                self.finish_if_empty();
            }
            Cmd::Skipped(p) => {
                if self.current.as_ref() == Some(&p) {
                    self.current = None;
                } else if let Some(i) = self.queue.iter().position(|q| *q == p) {
                    if !self.is_active() {
                        return refuse("skipping");
                    }
                    self.queue.remove(i);
                } else {
                    return Err(format!("{p} is not in this run"));
                }
                self.total = self.total.saturating_sub(1);
                self.finish_if_empty();
            }
            Cmd::Failed(reason) => {
                // After Stop or Capped only the step still in flight may report a failure; it
                // then names the reason, since the member must see it (a checkpoint, say).
                let settling =
                    matches!(phase, Phase::Stopped | Phase::Capped) && self.current.is_some();
                if !self.is_active() && !settling {
                    return refuse("a failure");
                }
                self.requeue_current();
                self.phase = Phase::Stopped;
                self.reason = Some(reason);
            }
            Cmd::Capped => {
                if !self.is_active() {
                    return refuse("capping");
                }
                self.requeue_current();
                self.phase = Phase::Capped;
                self.reason = Some(Reason::CapReached);
            }
        }
        Ok(())
    }

    /// The profile whose step should start now: the head of the queue while running with no step
    /// in flight; None otherwise.
    pub fn next(&self) -> Option<&str> {
        if self.phase == Phase::Running && self.current.is_none() {
            self.queue.first().map(String::as_str)
        } else {
            None
        }
    }

    /// Running or Paused.
    pub fn is_active(&self) -> bool {
        matches!(self.phase, Phase::Running | Phase::Paused)
    }

    /// A step that ended without a withdrawal is still to do.
    fn requeue_current(&mut self) {
        if let Some(c) = self.current.take() {
            self.queue.insert(0, c);
        }
    }

    fn finish_if_empty(&mut self) {
        if self.is_active() && self.queue.is_empty() && self.current.is_none() {
            self.phase = Phase::Done;
            self.reason = None;
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn s(v: &str) -> String {
        v.to_string()
    }

    fn list(v: &[&str]) -> Vec<String> {
        v.iter().map(|p| p.to_string()).collect()
    }

    fn running(v: &[&str]) -> Run {
        let mut r = Run::new();
        r.apply(Cmd::Start(list(v))).expect("start");
        r
    }

    fn in_phase(phase: Phase) -> Run {
        let mut r = running(&["/in/a/", "/in/b/"]);
        match phase {
            Phase::Ready => r = Run::new(),
            Phase::Running => {}
            Phase::Paused => r.apply(Cmd::Pause).expect("pause"),
            Phase::Stopped => r.apply(Cmd::Stop).expect("stop"),
            Phase::Capped => r.apply(Cmd::Capped).expect("capped"),
            Phase::Done => {
                for p in ["/in/a/", "/in/b/"] {
                    r.apply(Cmd::Begin(s(p))).expect("begin");
                    r.apply(Cmd::Withdrawn(s(p))).expect("withdrawn");
                }
            }
        }
        assert_eq!(r.phase, phase);
        r
    }

    #[test]
    fn codes_and_states_match_the_testing_contract() {
        let codes: Vec<&str> = Reason::ALL.iter().map(Reason::code).collect();
        assert_eq!(
            codes,
            [
                "user",
                "cap-reached",
                "dialog-name-mismatch",
                "no-dialog",
                "row-stays",
                "error-toast",
                "checkpoint",
                "navigated",
                "layout-unknown",
                "not-sent-list",
                "storage",
                // Added by issue 12 (the contract allows more codes).
                "confirm-disabled"
            ]
        );
        for r in Reason::ALL {
            let sentence = r.sentence();
            assert!(sentence.ends_with('.') && sentence.len() > 30, "{sentence}");
        }
        let names: Vec<&str> = Phase::ALL.iter().map(Phase::as_str).collect();
        assert_eq!(
            names,
            ["ready", "running", "paused", "stopped", "capped", "done"]
        );
    }

    /// (from, command, accepted?, phase after)
    #[test]
    fn transition_table() {
        use Phase::*;
        let start = || Cmd::Start(list(&["/in/z/"]));
        let table: Vec<(Phase, Cmd, bool, Phase)> = vec![
            (Ready, start(), true, Running),
            (Ready, Cmd::Start(vec![]), false, Ready),
            (Ready, Cmd::Start(list(&[""])), false, Ready),
            (Ready, Cmd::Pause, false, Ready),
            (Ready, Cmd::Resume, false, Ready),
            (Ready, Cmd::Stop, false, Ready),
            (Ready, Cmd::Capped, false, Ready),
            (Ready, Cmd::Failed(Reason::NoDialog), false, Ready),
            (Ready, Cmd::Begin(s("/in/a/")), false, Ready),
            (Running, start(), false, Running),
            (Running, Cmd::Pause, true, Paused),
            (Running, Cmd::Resume, false, Running),
            (Running, Cmd::Stop, true, Stopped),
            (Running, Cmd::Capped, true, Capped),
            (Running, Cmd::Failed(Reason::Checkpoint), true, Stopped),
            (Running, Cmd::Begin(s("/in/b/")), false, Running),
            (Running, Cmd::Begin(s("/in/a/")), true, Running),
            (Running, Cmd::Withdrawn(s("/in/a/")), false, Running),
            (Running, Cmd::Skipped(s("/in/b/")), true, Running),
            (Running, Cmd::Skipped(s("/in/nobody/")), false, Running),
            (Paused, Cmd::Pause, false, Paused),
            (Paused, Cmd::Resume, true, Running),
            (Paused, Cmd::Stop, true, Stopped),
            (Paused, start(), false, Paused),
            (Paused, Cmd::Begin(s("/in/a/")), false, Paused),
            (Paused, Cmd::Failed(Reason::Navigated), true, Stopped),
            (Paused, Cmd::Capped, true, Capped),
            (Stopped, start(), true, Running),
            (Stopped, Cmd::Resume, false, Stopped),
            (Stopped, Cmd::Pause, false, Stopped),
            (Stopped, Cmd::Stop, false, Stopped),
            (Stopped, Cmd::Failed(Reason::NoDialog), false, Stopped),
            (Stopped, Cmd::Skipped(s("/in/a/")), false, Stopped),
            (Capped, start(), true, Running),
            (Capped, Cmd::Resume, false, Capped),
            (Capped, Cmd::Capped, false, Capped),
            (Done, start(), true, Running),
            (Done, Cmd::Stop, false, Done),
            (Done, Cmd::Pause, false, Done),
            (Done, Cmd::Withdrawn(s("/in/a/")), false, Done),
        ];
        for (from, cmd, ok, to) in table {
            let mut r = in_phase(from);
            let before = r.clone();
            let label = format!("{from:?} + {cmd:?}");
            let result = r.apply(cmd);
            assert_eq!(result.is_ok(), ok, "{label}: {result:?}");
            assert_eq!(r.phase, to, "{label}");
            if !ok {
                assert_eq!(r, before, "{label}: a refused command changed the run");
                assert!(!result.unwrap_err().is_empty());
            }
        }
    }

    #[test]
    fn the_queue_progresses_and_the_run_is_done_when_empty() {
        let mut r = running(&["/in/a/", "/in/b/", "/in/a/", "/in/c/"]);
        assert_eq!(r.total, 3, "duplicates are dropped");
        assert!(r.is_active());
        assert_eq!(r.next(), Some("/in/a/"));
        r.apply(Cmd::Begin(s("/in/a/"))).expect("begin");
        assert_eq!(r.next(), None, "one step at a time");
        assert!(r.apply(Cmd::Begin(s("/in/b/"))).is_err());
        r.apply(Cmd::Withdrawn(s("/in/a/"))).expect("withdrawn");
        assert_eq!(r.done, list(&["/in/a/"]));
        assert_eq!(r.next(), Some("/in/b/"));
        // The row for c vanished on its own before its step.
        r.apply(Cmd::Skipped(s("/in/c/"))).expect("skip");
        assert_eq!(r.total, 2);
        r.apply(Cmd::Begin(s("/in/b/"))).expect("begin");
        assert_eq!(r.phase, Phase::Running);
        r.apply(Cmd::Withdrawn(s("/in/b/"))).expect("withdrawn");
        assert_eq!(r.phase, Phase::Done);
        assert_eq!(r.done.len(), r.total);
        assert_eq!(r.next(), None);
        assert!(!r.is_active());
    }

    #[test]
    fn a_step_in_flight_settles_after_pause_or_stop() {
        let mut r = running(&["/in/a/", "/in/b/"]);
        r.apply(Cmd::Begin(s("/in/a/"))).expect("begin");
        r.apply(Cmd::Pause).expect("pause");
        assert_eq!(r.next(), None);
        r.apply(Cmd::Withdrawn(s("/in/a/")))
            .expect("late withdrawn");
        assert_eq!(r.phase, Phase::Paused);
        r.apply(Cmd::Resume).expect("resume");
        r.apply(Cmd::Begin(s("/in/b/"))).expect("begin");
        r.apply(Cmd::Stop).expect("stop");
        assert!(
            r.apply(Cmd::Start(list(&["/in/x/"]))).is_err(),
            "step still in flight"
        );
        r.apply(Cmd::Withdrawn(s("/in/b/")))
            .expect("late withdrawn");
        assert_eq!((r.phase, r.reason), (Phase::Stopped, Some(Reason::User)));
        assert_eq!(r.done, list(&["/in/a/", "/in/b/"]));
        // Stopped by the member, then the step in flight hits a checkpoint: the member sees why.
        let mut r = running(&["/in/a/"]);
        r.apply(Cmd::Begin(s("/in/a/"))).expect("begin");
        r.apply(Cmd::Stop).expect("stop");
        r.apply(Cmd::Failed(Reason::Checkpoint))
            .expect("late failure");
        assert_eq!(
            (r.phase, r.reason),
            (Phase::Stopped, Some(Reason::Checkpoint))
        );
        assert_eq!(r.queue, list(&["/in/a/"]));
    }

    #[test]
    fn failures_stop_with_their_reason_and_keep_the_profile_to_do() {
        let mut r = running(&["/in/a/", "/in/b/"]);
        r.apply(Cmd::Begin(s("/in/a/"))).expect("begin");
        r.apply(Cmd::Failed(Reason::DialogNameMismatch))
            .expect("fail");
        assert_eq!(r.phase, Phase::Stopped);
        assert_eq!(r.reason, Some(Reason::DialogNameMismatch));
        assert_eq!(r.current, None);
        assert_eq!(r.queue, list(&["/in/a/", "/in/b/"]));
        let mut r = running(&["/in/a/"]);
        r.apply(Cmd::Capped).expect("capped");
        assert_eq!(r.reason, Some(Reason::CapReached));
        r.apply(Cmd::Start(list(&["/in/a/"]))).expect("restart");
        assert_eq!((r.phase, r.reason, r.total), (Phase::Running, None, 1));
    }

    #[test]
    fn serde_round_trip() {
        let mut r = running(&["/in/a/"]);
        r.apply(Cmd::Begin(s("/in/a/"))).expect("begin");
        let json = serde_json::to_string(&r).expect("json");
        let back: Run = serde_json::from_str(&json).expect("json");
        assert_eq!(back, r);
        assert_eq!(Run::default(), Run::new());
    }
}
