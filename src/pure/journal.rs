//! The write-ahead journal: one intent per withdrawal in flight, so a reload or crash mid-step is
//! settled from the page's truth on the next load and a row is never clicked twice.

use serde::{Deserialize, Serialize};

use crate::pure::ledger::LedgerEntry;

/// How far a step got before it was interrupted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum IntentPhase {
    /// The slot was granted and the withdraw control may have been clicked; confirm was not.
    Granted,
    /// The confirm button is about to be (or was) clicked.
    Confirming,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Intent {
    /// The cap grant's id.
    pub id: String,
    pub profile: String,
    /// The browser tab that owns the step.
    pub tab: Option<i64>,
    pub phase: IntentPhase,
    pub at_ms: f64,
    /// The ledger record to keep if the withdrawal turns out to have happened.
    pub entry: Option<LedgerEntry>,
}

/// Why a grant is refused before the cap is even asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Refusal {
    /// Another step (this or another tab) is working on the same person.
    InFlight,
    /// The ledger already holds a withdrawal of this person within the reconnect window.
    AlreadyWithdrawn,
}

/// Whether a new step on `profile` may begin.
pub fn check_new(
    journal: &[Intent],
    ledger: &[LedgerEntry],
    profile: &str,
    profile_url: &str,
    now_date: &str,
) -> Result<(), Refusal> {
    if journal.iter().any(|i| i.profile == profile) {
        return Err(Refusal::InFlight);
    }
    // reconnect_after is an ISO date, so string order is date order.
    if ledger
        .iter()
        .any(|e| e.profile_url == profile_url && e.reconnect_after.as_str() > now_date)
    {
        return Err(Refusal::AlreadyWithdrawn);
    }
    Ok(())
}

/// The intents a freshly loaded tab must settle: its own (it was reloaded or crashed, so none of
/// its steps can be live) and those of tabs that no longer exist.
pub fn to_reconcile<'a>(
    journal: &'a [Intent],
    tab: Option<i64>,
    live_tabs: &[i64],
) -> Vec<&'a Intent> {
    journal
        .iter()
        .filter(|i| match i.tab {
            Some(t) => Some(t) == tab || !live_tabs.contains(&t),
            None => true,
        })
        .collect()
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn intent(id: &str, profile: &str, tab: Option<i64>) -> Intent {
        Intent {
            id: id.into(),
            profile: profile.into(),
            tab,
            phase: IntentPhase::Granted,
            at_ms: 0.0,
            entry: None,
        }
    }

    fn entry(url: &str, reconnect: &str) -> LedgerEntry {
        LedgerEntry {
            name: "A".into(),
            profile_url: url.into(),
            headline: String::new(),
            sent_text: String::new(),
            sent_min_days: None,
            sent_estimate: None,
            had_note: false,
            withdrawn_at: "2026-11-01T00:00:00Z".into(),
            reconnect_after: reconnect.into(),
        }
    }

    #[test]
    fn the_same_person_is_never_in_two_steps() {
        let j = vec![intent("1", "/in/a/", Some(1))];
        assert_eq!(
            check_new(
                &j,
                &[],
                "/in/a/",
                "https://www.linkedin.com/in/a/",
                "2026-11-22"
            ),
            Err(Refusal::InFlight)
        );
        assert_eq!(
            check_new(
                &j,
                &[],
                "/in/b/",
                "https://www.linkedin.com/in/b/",
                "2026-11-22"
            ),
            Ok(())
        );
    }

    #[test]
    fn a_recent_withdrawal_is_not_repeated() {
        let l = vec![entry("https://www.linkedin.com/in/a/", "2026-12-01")];
        assert_eq!(
            check_new(
                &[],
                &l,
                "/in/a/",
                "https://www.linkedin.com/in/a/",
                "2026-11-22"
            ),
            Err(Refusal::AlreadyWithdrawn)
        );
        // After the reconnect date the person may have been invited again and be listed anew.
        assert_eq!(
            check_new(
                &[],
                &l,
                "/in/a/",
                "https://www.linkedin.com/in/a/",
                "2026-12-02"
            ),
            Ok(())
        );
    }

    #[test]
    fn a_tab_settles_its_own_and_dead_tabs_intents_only() {
        let j = vec![
            intent("1", "/in/a/", Some(1)),
            intent("2", "/in/b/", Some(2)),
            intent("3", "/in/c/", Some(3)),
            intent("4", "/in/d/", None),
        ];
        let ids: Vec<&str> = to_reconcile(&j, Some(1), &[1, 2])
            .iter()
            .map(|i| i.id.as_str())
            .collect();
        assert_eq!(ids, vec!["1", "3", "4"]);
    }
}
