//! Insights LinkedIn does not give: the age histogram, the pending gauge and its forecast, and
//! the history of scans that shows which invitations the other side resolved.
//!
//! Everything is a pure function of scans, snapshots and the ledger, with `now_ms` an argument.

use crate::pure::hash::{Map, Set};

use serde::{Deserialize, Serialize};

use crate::pure::invitation::Invitation;
use crate::pure::ledger::LedgerEntry;

const DAY_MS: f64 = 86_400_000.0;
const WEEK_MS: f64 = 7.0 * DAY_MS;

/// How many snapshots the history keeps (one per full scan, newest last), and for how long.
/// A snapshot of 1,000 invitations is about 40 KB of storage; 30 of them stay well inside the
/// browser's 10 MB storage.local quota.
pub const KEEP_SNAPSHOTS: usize = 30;
pub const KEEP_SNAPSHOT_DAYS: f64 = 180.0;
/// Resolved events kept (a running total is kept separately, so trimming loses no count).
pub const KEEP_RESOLVED: usize = 2_000;

/// The histogram's buckets, by lower-bound age: this week, 1–4 weeks, each month 1–11, a year+.
pub fn bucket_of(age_min_days: Option<u32>) -> &'static str {
    const MONTHS: [&str; 11] = [
        "m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9", "m10", "m11",
    ];
    match age_min_days {
        None => "unknown",
        Some(d) if d < 7 => "week",
        Some(d) if d < 30 => "weeks",
        Some(d) if d >= 365 => "year",
        Some(d) => MONTHS
            .get((d / 30).saturating_sub(1) as usize)
            .copied()
            .unwrap_or("m11"),
    }
}

/// Every bucket id in display order (youngest first; unknown last).
pub const BUCKETS: &[&str] = &[
    "week", "weeks", "m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9", "m10", "m11", "year",
    "unknown",
];

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Bucket {
    pub id: &'static str,
    pub count: u32,
    pub with_note: u32,
    pub proposed: u32,
}

/// Pending invitations per bucket, each split by note and with its proposed part.
pub fn histogram(invs: &[Invitation], proposed: &Set<String>) -> Vec<Bucket> {
    let mut out: Vec<Bucket> = BUCKETS
        .iter()
        .map(|id| Bucket {
            id,
            count: 0,
            with_note: 0,
            proposed: 0,
        })
        .collect();
    for inv in invs {
        let id = bucket_of(inv.age_min_days);
        if let Some(b) = out.iter_mut().find(|b| b.id == id) {
            b.count += 1;
            b.with_note += u32::from(inv.note.is_some());
            b.proposed += u32::from(proposed.contains(&inv.profile));
        }
    }
    out
}

/// One row of a snapshot: who, how old (bucket), note or not. No names, no note text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnapRow {
    pub p: String,
    pub b: String,
    pub n: bool,
}

/// A compact record of one full scan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    pub at_ms: f64,
    /// The page's People (N) when shown, else the rows read.
    pub pending: u32,
    /// Only a complete scan may be compared: a missing row in a partial scan proves nothing.
    pub complete: bool,
    pub rows: Vec<SnapRow>,
}

pub fn snapshot_of(
    invs: &[Invitation],
    page_count: Option<u32>,
    complete: bool,
    now_ms: f64,
) -> Snapshot {
    Snapshot {
        at_ms: now_ms,
        pending: page_count.unwrap_or(invs.len().min(u32::MAX as usize) as u32),
        complete,
        rows: invs
            .iter()
            .map(|i| SnapRow {
                p: i.profile.clone(),
                b: bucket_of(i.age_min_days).to_string(),
                n: i.note.is_some(),
            })
            .collect(),
    }
}

/// An invitation that disappeared between two full scans without a withdrawal by the
/// extension: accepted, declined or expired (the page cannot tell which).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resolved {
    pub p: String,
    /// The age bucket it had at the last scan that listed it.
    pub b: String,
    pub n: bool,
    /// When it was first seen missing (the later scan's time, whole ms).
    pub at_ms: i64,
}

/// The stored history.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct History {
    pub snapshots: Vec<Snapshot>,
    pub resolved: Vec<Resolved>,
    /// Running total since the history was last cleared (kept even when events are trimmed).
    pub resolved_total: u32,
    pub resolved_with_note: u32,
    /// When the history was started or last cleared.
    pub since_ms: f64,
}

/// The profile paths of everyone the ledger says the extension withdrew.
fn withdrawn_profiles(ledger: &[LedgerEntry]) -> Set<String> {
    ledger
        .iter()
        .filter_map(|e| {
            e.profile_url
                .strip_prefix("https://www.linkedin.com")
                .map(String::from)
        })
        .collect()
}

/// Rows of `prev` that are gone from `next` and were not withdrawn by the extension. Both
/// snapshots must be complete, or nothing is concluded.
pub fn diff(prev: &Snapshot, next: &Snapshot, ledger: &[LedgerEntry]) -> Vec<Resolved> {
    if !prev.complete || !next.complete {
        return Vec::new();
    }
    let now: Set<&str> = next.rows.iter().map(|r| r.p.as_str()).collect();
    let ours = withdrawn_profiles(ledger);
    prev.rows
        .iter()
        .filter(|r| !now.contains(r.p.as_str()) && !ours.contains(&r.p))
        .map(|r| Resolved {
            p: r.p.clone(),
            b: r.b.clone(),
            n: r.n,
            at_ms: next.at_ms as i64,
        })
        .collect()
}

/// Records a scan: compares it with the last complete snapshot, counts what the other side
/// resolved, keeps the window bounded. Returns the newly resolved.
pub fn record(h: &mut History, snap: Snapshot, ledger: &[LedgerEntry]) -> Vec<Resolved> {
    if h.since_ms <= 0.0 {
        h.since_ms = snap.at_ms;
    }
    let mut fresh = Vec::new();
    if let Some(prev) = h.snapshots.iter().rev().find(|s| s.complete) {
        let already: Set<&str> = h.resolved.iter().map(|r| r.p.as_str()).collect();
        fresh = diff(prev, &snap, ledger)
            .into_iter()
            .filter(|r| !already.contains(r.p.as_str()))
            .collect();
    }
    // Someone listed again (invited anew) may later be resolved again.
    let listed: Set<&str> = snap.rows.iter().map(|r| r.p.as_str()).collect();
    h.resolved.retain(|r| !listed.contains(r.p.as_str()));
    h.resolved_total = h.resolved_total.saturating_add(fresh.len() as u32);
    h.resolved_with_note = h
        .resolved_with_note
        .saturating_add(fresh.iter().filter(|r| r.n).count() as u32);
    h.resolved.extend(fresh.iter().cloned());
    let cut = snap.at_ms - KEEP_SNAPSHOT_DAYS * DAY_MS;
    h.snapshots.push(snap);
    h.snapshots.retain(|s| s.at_ms >= cut);
    let extra = h.snapshots.len().saturating_sub(KEEP_SNAPSHOTS);
    h.snapshots.drain(..extra);
    let extra = h.resolved.len().saturating_sub(KEEP_RESOLVED);
    h.resolved.drain(..extra);
    fresh
}

/// Clears the history (the button in the panel).
pub fn clear(h: &mut History, now_ms: f64) {
    *h = History {
        since_ms: now_ms,
        ..History::default()
    };
}

/// The resolved events per bucket, split by note, for "at what age".
pub fn resolved_by_bucket(h: &History) -> Vec<(&'static str, u32, u32)> {
    let mut m: Map<&str, (u32, u32)> = Map::default();
    for r in &h.resolved {
        let e = m.entry(r.b.as_str()).or_default();
        e.0 += 1;
        e.1 += u32::from(r.n);
    }
    BUCKETS
        .iter()
        .filter_map(|b| m.get(b).map(|(c, n)| (*b, *c, *n)))
        .collect()
}

/// The pending gauge's forecast.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Forecast {
    pub pending: u32,
    pub ceiling: u32,
    /// None when there is not enough history to say (fewer than two scans a day or more apart).
    pub growth_per_week: Option<f64>,
    /// When the ceiling is reached at that pace (None when not growing or no history).
    pub reach_at_ms: Option<f64>,
    /// The same with the current selection withdrawn.
    pub reach_with_selection_at_ms: Option<f64>,
}

/// Net growth of pending invitations per week from the scans (least squares over the window),
/// and when the ceiling is reached at that pace, with and without the selection withdrawn.
pub fn forecast(h: &History, pending: u32, ceiling: u32, selected: u32, now_ms: f64) -> Forecast {
    let pts: Vec<(f64, f64)> = h
        .snapshots
        .iter()
        .map(|s| (s.at_ms, f64::from(s.pending)))
        .collect();
    let span = match (pts.first(), pts.last()) {
        (Some(a), Some(b)) => b.0 - a.0,
        _ => 0.0,
    };
    let growth = if pts.len() >= 2 && span >= DAY_MS {
        let n = pts.len() as f64;
        let mx = pts.iter().map(|p| p.0).sum::<f64>() / n;
        let my = pts.iter().map(|p| p.1).sum::<f64>() / n;
        let sxx: f64 = pts.iter().map(|p| (p.0 - mx) * (p.0 - mx)).sum();
        let sxy: f64 = pts.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
        (sxx > 0.0).then(|| sxy / sxx * WEEK_MS)
    } else {
        None
    };
    let reach = |from: u32| -> Option<f64> {
        let g = growth?;
        if from >= ceiling {
            return Some(now_ms);
        }
        (g > 0.0).then(|| now_ms + f64::from(ceiling - from) / g * WEEK_MS)
    };
    Forecast {
        pending,
        ceiling,
        growth_per_week: growth,
        reach_at_ms: reach(pending),
        reach_with_selection_at_ms: reach(pending.saturating_sub(selected)),
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn inv(profile: &str, age: Option<u32>, note: bool) -> Invitation {
        Invitation {
            index: 0,
            name: profile.into(),
            profile: profile.into(),
            profile_url: format!("https://www.linkedin.com{profile}"),
            headline: String::new(),
            age_text: String::new(),
            age_min_days: age,
            note: note.then(|| "hi".into()),
            has_withdraw: true,
        }
    }

    fn snap(at_days: f64, pending: u32, complete: bool, rows: &[(&str, &str, bool)]) -> Snapshot {
        Snapshot {
            at_ms: at_days * DAY_MS,
            pending,
            complete,
            rows: rows
                .iter()
                .map(|(p, b, n)| SnapRow {
                    p: p.to_string(),
                    b: b.to_string(),
                    n: *n,
                })
                .collect(),
        }
    }

    #[test]
    fn bucket_edges() {
        let table: &[(Option<u32>, &str)] = &[
            (None, "unknown"),
            (Some(0), "week"),
            (Some(6), "week"),
            (Some(7), "weeks"),
            (Some(29), "weeks"),
            (Some(30), "m1"),
            (Some(59), "m1"),
            (Some(60), "m2"),
            (Some(330), "m11"),
            (Some(364), "m11"),
            (Some(365), "year"),
            (Some(u32::MAX), "year"),
        ];
        for (age, want) in table {
            assert_eq!(bucket_of(*age), *want, "{age:?}");
            assert!(BUCKETS.contains(&bucket_of(*age)));
        }
    }

    #[test]
    fn histogram_splits_notes_and_marks_proposals() {
        let invs = vec![
            inv("/in/a/", Some(3), false),
            inv("/in/b/", Some(90), true),
            inv("/in/c/", Some(95), false),
            inv("/in/d/", None, false),
        ];
        let proposed: Set<String> = ["/in/b/".to_string(), "/in/c/".to_string()]
            .into_iter()
            .collect();
        let h = histogram(&invs, &proposed);
        let get = |id: &str| h.iter().find(|b| b.id == id).cloned().unwrap();
        assert_eq!(
            get("week"),
            Bucket {
                id: "week",
                count: 1,
                with_note: 0,
                proposed: 0
            }
        );
        assert_eq!(
            get("m3"),
            Bucket {
                id: "m3",
                count: 2,
                with_note: 1,
                proposed: 2
            }
        );
        assert_eq!(get("unknown").count, 1);
        assert_eq!(h.iter().map(|b| b.count).sum::<u32>(), 4);
    }

    #[test]
    fn gone_rows_are_resolved_unless_we_withdrew_them() {
        let a = snap(
            0.0,
            3,
            true,
            &[
                ("/in/a/", "m2", false),
                ("/in/b/", "m3", true),
                ("/in/c/", "week", false),
            ],
        );
        let b = snap(7.0, 1, true, &[("/in/c/", "weeks", false)]);
        let ledger = vec![LedgerEntry {
            name: "A".into(),
            profile_url: "https://www.linkedin.com/in/a/".into(),
            headline: String::new(),
            sent_text: String::new(),
            sent_min_days: None,
            sent_estimate: None,
            had_note: false,
            withdrawn_at: "2026-11-01T00:00:00Z".into(),
            reconnect_after: "2026-11-22".into(),
        }];
        let r = diff(&a, &b, &ledger);
        assert_eq!(r.len(), 1);
        assert_eq!(
            (r[0].p.as_str(), r[0].b.as_str(), r[0].n),
            ("/in/b/", "m3", true)
        );
    }

    #[test]
    fn a_partial_scan_never_counts_missing_rows_as_resolved() {
        let mut h = History::default();
        record(
            &mut h,
            snap(
                0.0,
                3,
                true,
                &[("/in/a/", "m2", false), ("/in/b/", "m3", true)],
            ),
            &[],
        );
        // The list did not finish loading: /in/b/ is missing but may still be pending.
        let fresh = record(&mut h, snap(1.0, 3, false, &[("/in/a/", "m2", false)]), &[]);
        assert!(fresh.is_empty());
        assert_eq!(h.resolved_total, 0);
        // The next full scan still lists it: nothing was resolved.
        record(
            &mut h,
            snap(
                2.0,
                2,
                true,
                &[("/in/a/", "m2", false), ("/in/b/", "m3", true)],
            ),
            &[],
        );
        assert_eq!(h.resolved_total, 0);
        // Now it is really gone, compared with the last COMPLETE scan.
        record(&mut h, snap(3.0, 1, true, &[("/in/a/", "m2", false)]), &[]);
        assert_eq!((h.resolved_total, h.resolved_with_note), (1, 1));
    }

    #[test]
    fn reloads_and_repeated_scans_do_not_count_twice() {
        let mut h = History::default();
        let full = [("/in/a/", "m2", false), ("/in/b/", "m3", true)];
        record(&mut h, snap(0.0, 2, true, &full), &[]);
        record(&mut h, snap(0.1, 2, true, &full), &[]);
        record(&mut h, snap(0.2, 1, true, &full[..1]), &[]);
        record(&mut h, snap(0.3, 1, true, &full[..1]), &[]);
        record(&mut h, snap(0.4, 1, true, &full[..1]), &[]);
        assert_eq!(h.resolved_total, 1);
        assert_eq!(resolved_by_bucket(&h), vec![("m3", 1, 1)]);
    }

    #[test]
    fn the_window_is_bounded_and_clearing_resets_the_total() {
        let mut h = History::default();
        for i in 0..(KEEP_SNAPSHOTS + 10) {
            record(
                &mut h,
                snap(i as f64, 1, true, &[("/in/a/", "m2", false)]),
                &[],
            );
        }
        assert_eq!(h.snapshots.len(), KEEP_SNAPSHOTS);
        record(&mut h, snap(1000.0, 0, true, &[]), &[]);
        assert!(h
            .snapshots
            .iter()
            .all(|s| s.at_ms >= (1000.0 - KEEP_SNAPSHOT_DAYS) * DAY_MS));
        assert_eq!(h.resolved_total, 1);
        clear(&mut h, 5.0);
        assert_eq!(
            (h.resolved_total, h.snapshots.len(), h.since_ms),
            (0, 0, 5.0)
        );
    }

    #[test]
    fn forecast_says_nothing_without_enough_history() {
        let mut h = History::default();
        assert_eq!(forecast(&h, 400, 500, 0, 0.0).growth_per_week, None);
        record(&mut h, snap(0.0, 400, true, &[]), &[]);
        record(&mut h, snap(0.5, 410, true, &[]), &[]);
        // Two scans half a day apart: too little to extrapolate a week.
        let f = forecast(&h, 410, 500, 0, 0.5 * DAY_MS);
        assert_eq!((f.growth_per_week, f.reach_at_ms), (None, None));
    }

    #[test]
    fn forecast_extrapolates_growth_and_the_selection_pushes_it_out() {
        let mut h = History::default();
        for w in 0..4 {
            record(&mut h, snap(w as f64 * 7.0, 400 + 10 * w, true, &[]), &[]);
        }
        let now = 21.0 * DAY_MS;
        let f = forecast(&h, 430, 500, 40, now);
        let g = f.growth_per_week.unwrap();
        assert!((g - 10.0).abs() < 1e-9, "{g}");
        assert!((f.reach_at_ms.unwrap() - (now + 7.0 * WEEK_MS)).abs() < 1.0);
        assert!((f.reach_with_selection_at_ms.unwrap() - (now + 11.0 * WEEK_MS)).abs() < 1.0);
        // Shrinking pending: never reached.
        let mut s = History::default();
        record(&mut s, snap(0.0, 450, true, &[]), &[]);
        record(&mut s, snap(14.0, 430, true, &[]), &[]);
        assert_eq!(forecast(&s, 430, 500, 0, 14.0 * DAY_MS).reach_at_ms, None);
    }
}
