//! The background's stored state: every key of `storage.local` read (with repair and quarantine)
//! at the start of a message and written back, in one `set`, at its end.

use serde_json::{json, Map, Value};
use wasm_bindgen::prelude::*;

use crate::pure::cap::CapBook;
use crate::pure::insights::History;
use crate::pure::journal::Intent;
use crate::pure::ledger::LedgerEntry;
use crate::pure::store::{decode_cap, decode_ledger, decode_settings, envelope, Problem, Settings};
use crate::shell::{ext, sys};

pub(super) const K_SETTINGS: &str = "settings";
pub(super) const K_LEDGER: &str = "ledger";
pub(super) const K_CAP: &str = "capbook";
pub(super) const K_JOURNAL: &str = "journal";
pub(super) const K_RUNS: &str = "runs";
pub(super) const K_PROBLEMS: &str = "problems";
pub(super) const K_HISTORY: &str = "history";
const KEYS: &[&str] = &[
    K_SETTINGS, K_LEDGER, K_CAP, K_JOURNAL, K_RUNS, K_PROBLEMS, K_HISTORY,
];

/// Everything stored, decoded, with what must be written back.
pub(super) struct Db {
    pub(super) settings: Settings,
    pub(super) ledger: Vec<LedgerEntry>,
    pub(super) cap: CapBook,
    pub(super) journal: Vec<Intent>,
    pub(super) runs: Map<String, Value>,
    pub(super) problems: Vec<Value>,
    pub(super) history: History,
    pub(super) dirty: Vec<&'static str>,
    pub(super) extra: Map<String, Value>,
}

impl Db {
    /// Reads and decodes what is stored. The scan history (the largest value, growing with every
    /// scan) is read only by the messages that use it.
    pub(super) async fn load(now: f64, with_history: bool) -> Result<Db, JsValue> {
        let keys: Vec<&str> = KEYS
            .iter()
            .copied()
            .filter(|k| with_history || *k != K_HISTORY)
            .collect();
        let raw = ext::storage_get(&keys).await?;
        let mut extra = Map::new();
        let mut dirty = Vec::new();
        let mut new_problems: Vec<Problem> = Vec::new();

        let s = decode_settings(raw.get(K_SETTINGS));
        if s.repaired {
            dirty.push(K_SETTINGS);
        }
        if !s.quarantine.is_empty() {
            quarantine(&raw, &mut extra, K_SETTINGS, s.quarantine);
        }
        new_problems.extend(s.problems);
        let l = decode_ledger(raw.get(K_LEDGER));
        if l.repaired {
            dirty.push(K_LEDGER);
        }
        if !l.quarantine.is_empty() {
            quarantine(&raw, &mut extra, K_LEDGER, l.quarantine);
        }
        new_problems.extend(l.problems);
        let c = decode_cap(raw.get(K_CAP));
        if c.repaired {
            dirty.push(K_CAP);
        }
        if !c.quarantine.is_empty() {
            quarantine(&raw, &mut extra, K_CAP, c.quarantine);
        }
        new_problems.extend(c.problems);

        let (journal, jp, jbad) = decode_journal(raw.get(K_JOURNAL));
        if !jp.is_empty() || matches!(raw.get(K_JOURNAL), Some(Value::Array(_))) {
            dirty.push(K_JOURNAL);
        }
        if !jbad.is_empty() {
            quarantine(&raw, &mut extra, K_JOURNAL, jbad);
        }
        new_problems.extend(jp);
        // The scan history is a convenience, not a record: unreadable history is set aside
        // (quarantined, reported) and started afresh.
        let history = match raw.get(K_HISTORY).map(|v| {
            serde_json::from_value::<History>(v.get("data").cloned().unwrap_or(Value::Null))
        }) {
            None => History::default(),
            Some(Ok(h)) => h,
            Some(Err(e)) => {
                if let Some(v) = raw.get(K_HISTORY) {
                    quarantine(&raw, &mut extra, K_HISTORY, vec![v.clone()]);
                }
                new_problems.push(Problem { key: K_HISTORY.into(), detail: format!("the scan history was unreadable ({e}); it was set aside and started afresh") });
                dirty.push(K_HISTORY);
                History::default()
            }
        };
        let runs = raw
            .get(K_RUNS)
            .and_then(|v| v.get("data"))
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        let mut problems: Vec<Value> = raw
            .get(K_PROBLEMS)
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
            .into_iter()
            // Problems stay visible for a day after the repair that found them.
            .filter(|p| {
                p.get("at_ms")
                    .and_then(Value::as_f64)
                    .is_some_and(|t| now - t < 86_400_000.0)
            })
            .collect();
        for p in &new_problems {
            sys::warn(&format!("stored data repaired: {}: {}", p.key, p.detail));
            problems.push(json!({ "key": p.key, "detail": p.detail, "at_ms": now }));
        }
        if !new_problems.is_empty() {
            dirty.push(K_PROBLEMS);
        }
        Ok(Db {
            settings: s.value,
            ledger: l.value,
            cap: c.value,
            journal,
            runs,
            problems,
            history,
            dirty,
            extra,
        })
    }

    pub(super) fn touch(&mut self, key: &'static str) {
        if !self.dirty.contains(&key) {
            self.dirty.push(key);
        }
    }

    /// Writes every changed key in one `storage.local.set`.
    pub(super) async fn save(&mut self) -> Result<(), JsValue> {
        if self.dirty.is_empty() && self.extra.is_empty() {
            return Ok(());
        }
        let mut items = std::mem::take(&mut self.extra);
        for k in self.dirty.drain(..) {
            let v = match k {
                K_SETTINGS => envelope(&self.settings),
                K_LEDGER => envelope(&self.ledger),
                K_CAP => envelope(&self.cap),
                K_JOURNAL => envelope(&self.journal),
                K_RUNS => envelope(&self.runs),
                K_HISTORY => envelope(&self.history),
                _ => Value::Array(self.problems.clone()),
            };
            items.insert(k.to_string(), v);
        }
        ext::storage_set(&items).await
    }
}

/// Keeps invalid records under `<key>Quarantine` (appended to what is there), never dropped.
fn quarantine(
    raw: &Map<String, Value>,
    extra: &mut Map<String, Value>,
    key: &str,
    bad: Vec<Value>,
) {
    let qk = format!("{key}Quarantine");
    let mut list = raw
        .get(&qk)
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    list.extend(bad);
    extra.insert(qk, Value::Array(list));
}

/// The journal of withdrawals in flight: `{schema, data: [...]}`, or a bare array (schema 0).
/// Unreadable entries are quarantined and reported; their cap slots still count.
fn decode_journal(raw: Option<&Value>) -> (Vec<Intent>, Vec<Problem>, Vec<Value>) {
    let mut problems = Vec::new();
    let mut bad = Vec::new();
    let Some(raw) = raw else {
        return (Vec::new(), problems, bad);
    };
    let items = match raw {
        Value::Array(a) => a.clone(),
        _ => match raw.get("data").and_then(Value::as_array) {
            Some(a) => a.clone(),
            None => {
                problems.push(Problem { key: K_JOURNAL.into(), detail: "the journal of withdrawals in flight was unreadable; it was set aside in journalQuarantine (the cap book still counts every slot)".into() });
                bad.push(raw.clone());
                Vec::new()
            }
        },
    };
    let mut out = Vec::new();
    for (i, v) in items.into_iter().enumerate() {
        match serde_json::from_value::<Intent>(v.clone()) {
            Ok(x) => out.push(x),
            Err(e) => {
                problems.push(Problem { key: K_JOURNAL.into(), detail: format!("journal entry {i} was unreadable ({e}); it was set aside in journalQuarantine, its cap slot still counts") });
                bad.push(v);
            }
        }
    }
    (out, problems, bad)
}
