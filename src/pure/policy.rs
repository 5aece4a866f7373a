//! Which invitations the extension proposes to withdraw, in what order, and which the panel shows.
//!
//! The default follows practitioners' "30-60-90" advice: invitations without a personal note
//! after 60 days, those with one after 90. A row whose age is unknown is never proposed, because
//! proposing it would be a guess about someone else's invitation.

use std::cmp::Ordering;

use serde::{Deserialize, Serialize};

use crate::pure::invitation::{profile_path, Invitation};

/// The largest threshold accepted: ten years, beyond any age LinkedIn shows as pending.
pub const MAX_THRESHOLD_DAYS: u32 = 3650;

/// The member's withdrawal policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Policy {
    /// Minimum lower-bound age for invitations sent without a note.
    pub min_days_no_note: u32,
    /// Minimum lower-bound age for invitations that carried a note: the sender invested more in
    /// them, so they wait longer.
    pub min_days_note: u32,
    /// Canonical profile paths ("/in/jane-doe/") never proposed.
    pub keep: Vec<String>,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            min_days_no_note: 60,
            min_days_note: 90,
            keep: Vec::new(),
        }
    }
}

impl Policy {
    /// Every problem with the policy, each as a sentence saying what is wrong and what to do.
    pub fn validate(&self) -> Result<(), Vec<String>> {
        let mut problems = Vec::new();
        for (label, value) in [
            ("without a note", self.min_days_no_note),
            ("with a note", self.min_days_note),
        ] {
            if value > MAX_THRESHOLD_DAYS {
                problems.push(format!(
                    "The minimum age for invitations {label} is {value} days, more than the \
                     {MAX_THRESHOLD_DAYS} allowed; choose a number from 0 to {MAX_THRESHOLD_DAYS}."
                ));
            }
        }
        for entry in &self.keep {
            match profile_path(entry) {
                Some(canonical) if canonical == *entry => {}
                Some(canonical) => problems.push(format!(
                    "The keep-list entry \"{entry}\" is not written as a profile path; \
                     write it as \"{canonical}\"."
                )),
                None => problems.push(format!(
                    "The keep-list entry \"{entry}\" is not a LinkedIn profile; paste the \
                     person's profile link, like \"/in/jane-doe/\"."
                )),
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }

    /// Whether `profile` (canonical) is on the keep-list. Entries are compared in canonical form
    /// too, so a policy saved before validation still protects the people on it.
    pub fn keeps(&self, profile: &str) -> bool {
        self.keep
            .iter()
            .any(|k| k == profile || profile_path(k).is_some_and(|c| c == profile))
    }

    /// The threshold that applies to `inv`.
    pub fn threshold(&self, inv: &Invitation) -> u32 {
        if inv.note.is_some() {
            self.min_days_note
        } else {
            self.min_days_no_note
        }
    }
}

/// Proposed = age known AND profile not on keep-list AND has_withdraw AND
/// ((no note && age >= min_days_no_note) || (note && age >= min_days_note)).
pub fn is_proposed(inv: &Invitation, policy: &Policy) -> bool {
    match inv.age_min_days {
        Some(age) => {
            inv.has_withdraw && !policy.keeps(&inv.profile) && age >= policy.threshold(inv)
        }
        None => false,
    }
}

/// Total order used everywhere: known age before unknown; older first; at equal age no-note
/// first; then page index. Profile and name break the last ties so that sorting never depends
/// on the input order.
pub fn rank_cmp(a: &Invitation, b: &Invitation) -> Ordering {
    let age_key = |i: &Invitation| match i.age_min_days {
        Some(d) => (0u8, std::cmp::Reverse(d)),
        None => (1u8, std::cmp::Reverse(0)),
    };
    age_key(a)
        .cmp(&age_key(b))
        .then_with(|| a.note.is_some().cmp(&b.note.is_some()))
        .then_with(|| a.index.cmp(&b.index))
        .then_with(|| a.profile.cmp(&b.profile))
        .then_with(|| a.name.cmp(&b.name))
}

/// Indices into `invs` of the proposed rows, in proposal order (rank_cmp).
pub fn propose(invs: &[Invitation], policy: &Policy) -> Vec<usize> {
    let mut chosen: Vec<(usize, &Invitation)> = invs
        .iter()
        .enumerate()
        .filter(|(_, inv)| is_proposed(inv, policy))
        .collect();
    crate::pure::order::sort_by(&mut chosen, |(ia, a), (ib, b)| {
        rank_cmp(a, b).then_with(|| ia.cmp(ib))
    });
    chosen.into_iter().map(|(i, _)| i).collect()
}

/// Which rows the panel lists, by note.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum NoteFilter {
    #[default]
    Any,
    WithNote,
    WithoutNote,
}

/// The panel's filter.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ViewFilter {
    pub note: NoteFilter,
    pub min_days: Option<u32>,
}

/// Whether a row is shown in the panel under the filter (unknown age is hidden when min_days is
/// set, since it cannot be shown to meet it).
pub fn visible(inv: &Invitation, f: &ViewFilter) -> bool {
    let note_ok = match f.note {
        NoteFilter::Any => true,
        NoteFilter::WithNote => inv.note.is_some(),
        NoteFilter::WithoutNote => inv.note.is_none(),
    };
    let age_ok = match f.min_days {
        None => true,
        Some(min) => inv.age_min_days.is_some_and(|d| d >= min),
    };
    note_ok && age_ok
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn inv(index: usize, age: Option<u32>, note: bool) -> Invitation {
        let profile = format!("/in/p{index}/");
        Invitation {
            index,
            name: format!("Person {index}"),
            profile_url: format!("https://www.linkedin.com{profile}"),
            profile,
            headline: String::new(),
            age_text: String::new(),
            age_min_days: age,
            note: note.then(|| "Hi".to_string()),
            has_withdraw: true,
        }
    }

    #[test]
    fn default_is_sixty_and_ninety() {
        let p = Policy::default();
        assert_eq!((p.min_days_no_note, p.min_days_note), (60, 90));
        assert!(p.keep.is_empty());
        assert_eq!(p.validate(), Ok(()));
    }

    #[test]
    fn proposal_edges() {
        let p = Policy::default();
        // (age, note, has_withdraw, proposed)
        let table: &[(Option<u32>, bool, bool, bool)] = &[
            (Some(59), false, true, false),
            (Some(60), false, true, true),
            (Some(61), false, true, true),
            (Some(89), true, true, false),
            (Some(90), true, true, true),
            (Some(60), true, true, false),
            (Some(0), false, true, false),
            (Some(365), false, true, true),
            (Some(365), true, true, true),
            (Some(u32::MAX), false, true, true),
            (None, false, true, false),
            (None, true, true, false),
            (Some(365), false, false, false),
            (Some(365), true, false, false),
        ];
        for &(age, note, withdraw, want) in table {
            let mut i = inv(0, age, note);
            i.has_withdraw = withdraw;
            assert_eq!(
                is_proposed(&i, &p),
                want,
                "{age:?} note={note} withdraw={withdraw}"
            );
        }
    }

    #[test]
    fn zero_thresholds_still_need_a_known_age() {
        let p = Policy {
            min_days_no_note: 0,
            min_days_note: 0,
            keep: vec![],
        };
        assert!(is_proposed(&inv(0, Some(0), false), &p));
        assert!(is_proposed(&inv(0, Some(0), true), &p));
        assert!(!is_proposed(&inv(0, None, false), &p));
    }

    #[test]
    fn keep_list_protects_in_any_spelling() {
        let old = inv(3, Some(400), false);
        for entry in ["/in/p3/", "/in/p3", "https://www.linkedin.com/in/p3?trk=x"] {
            let p = Policy {
                keep: vec![entry.to_string()],
                ..Policy::default()
            };
            assert!(!is_proposed(&old, &p), "{entry}");
        }
        let p = Policy {
            keep: vec!["/in/someone-else/".into()],
            ..Policy::default()
        };
        assert!(is_proposed(&old, &p));
    }

    #[test]
    fn validate_names_each_problem() {
        let p = Policy {
            min_days_no_note: 3651,
            min_days_note: 3650,
            keep: vec![
                "/in/ok/".into(),
                "/in/not-canonical".into(),
                "/company/acme/".into(),
                "".into(),
            ],
        };
        let problems = p.validate().err().unwrap_or_default();
        assert_eq!(problems.len(), 4, "{problems:#?}");
        assert!(problems[0].contains("without a note") && problems[0].contains("0 to 3650"));
        assert!(problems[1].contains("\"/in/not-canonical/\""));
        assert!(problems[2].contains("/company/acme/") && problems[2].contains("profile link"));
        assert!(problems.iter().all(|m| m.ends_with('.')));
        let ok = Policy {
            min_days_no_note: 0,
            min_days_note: 3650,
            keep: vec!["/in/ren%C3%A9/".into()],
        };
        assert_eq!(ok.validate(), Ok(()));
    }

    #[test]
    fn policy_reads_partial_json_with_defaults() {
        let p: Result<Policy, _> = serde_json::from_str(r#"{"min_days_note": 120}"#);
        assert_eq!(
            p.ok(),
            Some(Policy {
                min_days_note: 120,
                ..Policy::default()
            })
        );
        let empty: Result<Policy, _> = serde_json::from_str("{}");
        assert_eq!(empty.ok(), Some(Policy::default()));
    }

    #[test]
    fn ranking_order() {
        let rows = vec![
            inv(0, None, false),
            inv(1, Some(60), true),
            inv(2, Some(60), false),
            inv(3, Some(400), true),
            inv(4, Some(60), false),
            inv(5, Some(7), false),
            inv(6, None, true),
        ];
        let mut sorted = rows.clone();
        sorted.sort_by(rank_cmp);
        let order: Vec<usize> = sorted.iter().map(|i| i.index).collect();
        assert_eq!(order, [3, 2, 4, 1, 5, 0, 6]);
    }

    #[test]
    fn propose_orders_oldest_then_no_note_then_page_order() {
        let rows = vec![
            inv(0, Some(90), true),
            inv(1, Some(90), false),
            inv(2, Some(59), false),
            inv(3, None, false),
            inv(4, Some(365), true),
            inv(5, Some(60), false),
            inv(6, Some(90), false),
        ];
        assert_eq!(propose(&rows, &Policy::default()), [4, 1, 6, 0, 5]);
        assert!(propose(&[], &Policy::default()).is_empty());
    }

    #[test]
    fn view_filter_table() {
        // (age, has note, note filter, min days, visible)
        type Case = (Option<u32>, bool, NoteFilter, Option<u32>, bool);
        let table: &[Case] = &[
            (Some(10), false, NoteFilter::Any, None, true),
            (None, false, NoteFilter::Any, None, true),
            (None, false, NoteFilter::Any, Some(0), false),
            (Some(0), false, NoteFilter::Any, Some(0), true),
            (Some(59), false, NoteFilter::Any, Some(60), false),
            (Some(60), false, NoteFilter::Any, Some(60), true),
            (Some(60), true, NoteFilter::WithNote, Some(60), true),
            (Some(60), false, NoteFilter::WithNote, None, false),
            (Some(60), true, NoteFilter::WithoutNote, None, false),
            (Some(60), false, NoteFilter::WithoutNote, None, true),
            (None, true, NoteFilter::WithNote, None, true),
        ];
        for &(age, note, nf, min, want) in table {
            let f = ViewFilter {
                note: nf,
                min_days: min,
            };
            assert_eq!(
                visible(&inv(0, age, note), &f),
                want,
                "{age:?} {note} {f:?}"
            );
        }
        assert_eq!(
            ViewFilter::default(),
            ViewFilter {
                note: NoteFilter::Any,
                min_days: None
            }
        );
    }

    fn arb_inv() -> impl Strategy<Value = Invitation> {
        (
            0usize..50,
            prop::option::of(0u32..500),
            any::<bool>(),
            any::<bool>(),
            0usize..5,
        )
            .prop_map(|(index, age, note, withdraw, who)| {
                let mut i = inv(index, age, note);
                i.has_withdraw = withdraw;
                i.profile = format!("/in/p{who}/");
                i
            })
    }

    fn arb_policy() -> impl Strategy<Value = Policy> {
        (0u32..400, 0u32..400, prop::collection::vec(0usize..5, 0..3)).prop_map(|(a, b, keep)| {
            Policy {
                min_days_no_note: a,
                min_days_note: b,
                keep: keep.into_iter().map(|k| format!("/in/p{k}/")).collect(),
            }
        })
    }

    proptest! {
        #[test]
        fn older_never_ranks_after_younger(
            base in arb_inv(), a in 0u32..1000, b in 0u32..1000
        ) {
            let mut x = base.clone();
            let mut y = base;
            x.age_min_days = Some(a.max(b));
            y.age_min_days = Some(a.min(b));
            prop_assert_ne!(rank_cmp(&x, &y), Ordering::Greater);
        }

        #[test]
        fn rank_cmp_is_a_total_order(x in arb_inv(), y in arb_inv(), z in arb_inv()) {
            prop_assert_eq!(rank_cmp(&x, &y), rank_cmp(&y, &x).reverse());
            prop_assert_eq!(rank_cmp(&x, &x), Ordering::Equal);
            if rank_cmp(&x, &y) != Ordering::Greater && rank_cmp(&y, &z) != Ordering::Greater {
                prop_assert_ne!(rank_cmp(&x, &z), Ordering::Greater);
            }
        }

        #[test]
        fn propose_is_a_sorted_subset(
            rows in prop::collection::vec(arb_inv(), 0..30), policy in arb_policy()
        ) {
            let picked = propose(&rows, &policy);
            let mut seen = std::collections::HashSet::new();
            for &i in &picked {
                prop_assert!(i < rows.len());
                prop_assert!(seen.insert(i), "index {} twice", i);
                prop_assert!(is_proposed(&rows[i], &policy));
                prop_assert!(rows[i].age_min_days.is_some());
                prop_assert!(!policy.keep.contains(&rows[i].profile));
                prop_assert!(rows[i].has_withdraw);
            }
            let expected = rows.iter().filter(|r| is_proposed(r, &policy)).count();
            prop_assert_eq!(picked.len(), expected);
            for w in picked.windows(2) {
                prop_assert_ne!(rank_cmp(&rows[w[0]], &rows[w[1]]), Ordering::Greater);
            }
        }

        #[test]
        fn unknown_age_is_never_proposed(mut row in arb_inv(), policy in arb_policy()) {
            row.age_min_days = None;
            prop_assert!(!is_proposed(&row, &policy));
            prop_assert!(propose(&[row], &policy).is_empty());
        }

        #[test]
        fn raising_a_threshold_never_adds_proposals(
            rows in prop::collection::vec(arb_inv(), 0..30), policy in arb_policy(), up in 0u32..100
        ) {
            let stricter = Policy {
                min_days_no_note: policy.min_days_no_note + up,
                min_days_note: policy.min_days_note + up,
                keep: policy.keep.clone(),
            };
            let loose: std::collections::HashSet<usize> = propose(&rows, &policy).into_iter().collect();
            for i in propose(&rows, &stricter) {
                prop_assert!(loose.contains(&i));
            }
        }
    }
}
