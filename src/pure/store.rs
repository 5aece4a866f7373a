//! Versioned stored state: decode what extension storage holds, repair what can be repaired,
//! and never drop anything silently.
//!
//! Each key is stored as `{"schema": SCHEMA, "data": …}`. A bare value (from before envelopes) is
//! schema 0 and is wrapped on the next write. Whatever cannot be taken in as it is (an invalid
//! record, a damaged envelope, a value written by a newer version) is handed back in
//! [`Decoded::quarantine`] for the shell to keep under `<key>Quarantine`, and named in a
//! [`Problem`]. `null` is read as "nothing stored": it is how the JS side spells an absent key.

use chrono::NaiveDate;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::pure::cap::{CapBook, CapRange, Grant, GrantState};
use crate::pure::dates::{add_days, format_date, iso_utc, parse_rfc3339, parse_ymd};
use crate::pure::ledger::{LedgerEntry, RECONNECT_DAYS};
use crate::pure::pacing::Pacing;
use crate::pure::policy::Policy;

/// The envelope version this build writes.
pub const SCHEMA: u32 = 1;

/// Storage keys (extension storage, shared by every tab).
pub const SETTINGS_KEY: &str = "settings";
pub const LEDGER_KEY: &str = "ledger";
pub const CAP_KEY: &str = "capbook";

/// Latest plausible time for a stored grant: 9999-12-31T23:59:59.999Z. Later is damage.
const MAX_PLAUSIBLE_MS: f64 = 253_402_300_799_999.0;

/// Where the shell keeps what a decode set aside for `key`.
pub fn quarantine_key(key: &str) -> String {
    format!("{key}Quarantine")
}

/// Everything the member can set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub policy: Policy,
    pub cap: CapRange,
    pub pacing: Pacing,
    /// The pending-invitation ceiling the gauge measures against (practitioners cite about 500).
    pub ceiling: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            policy: Policy::default(),
            cap: CapRange::default(),
            pacing: Pacing::default(),
            ceiling: 500,
        }
    }
}

impl Settings {
    /// Allowed range of [`Settings::ceiling`].
    pub const CEILING_BOUNDS: (u32, u32) = (1, 10_000);

    /// Every part's own validation, plus the ceiling's bounds.
    pub fn validate(&self) -> Result<(), Vec<String>> {
        let mut errors = Vec::new();
        for part in [
            self.policy.validate(),
            self.cap.validate(),
            self.pacing.validate(),
        ] {
            if let Err(e) = part {
                errors.extend(e);
            }
        }
        if let Err(e) = validate_ceiling(self.ceiling) {
            errors.push(e);
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

fn validate_ceiling(ceiling: u32) -> Result<(), String> {
    let (lo, hi) = Settings::CEILING_BOUNDS;
    if (lo..=hi).contains(&ceiling) {
        Ok(())
    } else {
        Err(format!(
            "ceiling must be between {lo} and {hi} pending invitations (got {ceiling})"
        ))
    }
}

/// Something that was wrong with a stored value, and what was done about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// The storage key.
    pub key: String,
    /// What was wrong and what was done, e.g. "ledger entry 4: withdrawn_at is not a date; entry
    /// set aside in ledgerQuarantine".
    pub detail: String,
}

/// The result of decoding one key.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded<T> {
    pub value: T,
    pub problems: Vec<Problem>,
    /// The caller should write [`envelope`]`(&value)` back under the key.
    pub repaired: bool,
    /// Values to append under `<key>Quarantine` (before writing back), so nothing is lost.
    pub quarantine: Vec<Value>,
}

/// `{"schema": SCHEMA, "data": value}`.
pub fn envelope<T: Serialize>(value: &T) -> Value {
    let data = serde_json::to_value(value).unwrap_or(Value::Null);
    serde_json::json!({ "schema": SCHEMA, "data": data })
}

/// A stored value with its envelope taken off.
struct Opened {
    /// None: nothing stored.
    data: Option<Value>,
    repaired: bool,
    problems: Vec<Problem>,
    /// The whole raw value, when it must be kept as it was (newer or damaged envelope).
    raw_kept: Option<Value>,
}

fn problem(key: &str, detail: impl Into<String>) -> Problem {
    Problem {
        key: key.to_string(),
        detail: detail.into(),
    }
}

fn open(raw: Option<&Value>, key: &str) -> Opened {
    let mut opened = Opened {
        data: None,
        repaired: false,
        problems: Vec::new(),
        raw_kept: None,
    };
    let Some(raw) = raw.filter(|v| !v.is_null()) else {
        return opened;
    };
    let envelope = raw.as_object().filter(|o| o.contains_key("schema"));
    let Some(obj) = envelope else {
        // Schema 0: a bare value from before envelopes. Migrating is just wrapping it.
        opened.data = Some(raw.clone());
        opened.repaired = true;
        return opened;
    };
    let data = obj.get("data").cloned();
    let schema = obj.get("schema").and_then(Value::as_u64);
    let q = quarantine_key(key);
    match (schema, data) {
        (Some(v), Some(d)) if v == u64::from(SCHEMA) => opened.data = Some(d),
        (Some(0), Some(d)) => {
            opened.data = Some(d);
            opened.repaired = true;
        }
        (Some(v), data) if v > u64::from(SCHEMA) => {
            opened.problems.push(problem(
                key,
                format!(
                    "{key} was saved by a newer version of Invite Sweeper (schema {v}; this one \
                     reads {SCHEMA}); the stored value is kept untouched in {q} and what this \
                     version can read of it is used"
                ),
            ));
            opened.data = Some(data.unwrap_or(Value::Null));
            opened.raw_kept = Some(raw.clone());
            opened.repaired = true;
        }
        (_, data) => {
            let found = obj
                .get("schema")
                .map_or("none".to_string(), Value::to_string);
            let has_data = if data.is_some() { "present" } else { "missing" };
            opened.problems.push(problem(
                key,
                format!(
                    "{key} has a damaged envelope (schema {found}, data {has_data}); the stored \
                     value is kept in {q} and what can be read of it is used"
                ),
            ));
            opened.data = Some(data.unwrap_or(Value::Null));
            opened.raw_kept = Some(raw.clone());
            opened.repaired = true;
        }
    }
    opened
}

/// Put the decoder's findings together with the envelope's.
fn finish<T>(
    value: T,
    opened: Opened,
    problems: Vec<Problem>,
    quarantine: Vec<Value>,
    changed: bool,
) -> Decoded<T> {
    let mut all = opened.problems;
    all.extend(problems);
    Decoded {
        value,
        problems: all,
        repaired: opened.repaired || changed,
        // A kept raw value already holds every part a decoder set aside.
        quarantine: match opened.raw_kept {
            Some(raw) => vec![raw],
            None => quarantine,
        },
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "a record",
    }
}

// ---------------------------------------------------------------- settings

/// Take in a struct field by field: each stored field that has the right type replaces the
/// default's; the rest keep the default and are reported. Lists keep the items that fit.
fn lenient<T: Serialize + DeserializeOwned + Clone>(
    default: &T,
    stored: &Value,
    name: &str,
    notes: &mut Vec<String>,
) -> T {
    let Some(stored) = stored.as_object() else {
        notes.push(format!(
            "{name} is {}, not a record; defaults used",
            kind(stored)
        ));
        return default.clone();
    };
    let mut base = match serde_json::to_value(default) {
        Ok(Value::Object(m)) => m,
        _ => return default.clone(),
    };
    for (k, v) in stored {
        if !base.contains_key(k) {
            notes.push(format!("{name}.{k} is not a known setting; ignored"));
            continue;
        }
        if let Some(t) = with_field::<T>(&base, k, v.clone()) {
            base = t;
            continue;
        }
        // A list with some bad items (a keep-list, say): keep the items that fit.
        if let Value::Array(items) = v {
            let fit: Vec<Value> = items
                .iter()
                .filter(|item| {
                    with_field::<T>(&base, k, Value::Array(vec![(*item).clone()])).is_some()
                })
                .cloned()
                .collect();
            let dropped = items.len().saturating_sub(fit.len());
            if let Some(t) = with_field::<T>(&base, k, Value::Array(fit)) {
                base = t;
                notes.push(format!("{name}.{k}: {dropped} unreadable item(s) left out"));
                continue;
            }
        }
        notes.push(format!(
            "{name}.{k} is {}, which does not fit; default kept",
            kind(v)
        ));
    }
    serde_json::from_value(Value::Object(base)).unwrap_or_else(|_| default.clone())
}

/// `base` with `k` set to `v`, if the result still reads as a `T`.
fn with_field<T: DeserializeOwned>(
    base: &Map<String, Value>,
    k: &str,
    v: Value,
) -> Option<Map<String, Value>> {
    let mut trial = base.clone();
    trial.insert(k.to_string(), v);
    serde_json::from_value::<T>(Value::Object(trial.clone()))
        .ok()
        .map(|_| trial)
}

/// One part of the settings: read leniently, then validated as a whole; an invalid part falls
/// back to its defaults (the stored settings are quarantined, so nothing is lost).
fn part<T: Serialize + DeserializeOwned + Clone + Default>(
    stored: &Map<String, Value>,
    name: &str,
    validate: impl Fn(&T) -> Result<(), Vec<String>>,
    notes: &mut Vec<String>,
) -> T {
    let Some(v) = stored.get(name) else {
        // Missing: a setting added since the value was written. Its default is the answer.
        return T::default();
    };
    let value = lenient(&T::default(), v, name, notes);
    match validate(&value) {
        Ok(()) => value,
        Err(errors) => {
            notes.push(format!(
                "{name}: {}; {name} reset to defaults",
                errors.join("; ")
            ));
            T::default()
        }
    }
}

/// Decode the settings: an invalid field gets that field's default and a Problem; the others are
/// kept. Whenever anything was replaced or ignored, the stored settings go to quarantine whole.
pub fn decode_settings(raw: Option<&Value>) -> Decoded<Settings> {
    let key = SETTINGS_KEY;
    let opened = open(raw, key);
    let Some(data) = opened.data.clone() else {
        return finish(Settings::default(), opened, vec![], vec![], false);
    };
    let q = quarantine_key(key);
    let mut notes = Vec::new();
    let value = match data.as_object() {
        None => {
            notes.push(format!(
                "settings are {}, not a record; defaults used",
                kind(&data)
            ));
            Settings::default()
        }
        Some(obj) => {
            for k in obj.keys() {
                if !matches!(k.as_str(), "policy" | "cap" | "pacing" | "ceiling") {
                    notes.push(format!("{k} is not a known setting; ignored"));
                }
            }
            let ceiling = match obj.get("ceiling") {
                None => Settings::default().ceiling,
                Some(v) => match serde_json::from_value::<u32>(v.clone()) {
                    Ok(c) => match validate_ceiling(c) {
                        Ok(()) => c,
                        Err(e) => {
                            notes.push(format!("{e}; default kept"));
                            Settings::default().ceiling
                        }
                    },
                    Err(_) => {
                        notes.push(format!(
                            "ceiling is {}, not a whole number; default kept",
                            kind(v)
                        ));
                        Settings::default().ceiling
                    }
                },
            };
            Settings {
                policy: part(obj, "policy", Policy::validate, &mut notes),
                cap: part(obj, "cap", CapRange::validate, &mut notes),
                pacing: part(obj, "pacing", Pacing::validate, &mut notes),
                ceiling,
            }
        }
    };
    let changed = !notes.is_empty();
    let problems = notes
        .into_iter()
        .map(|n| problem(key, format!("{n} (the stored settings are kept in {q})")))
        .collect();
    let quarantine = if changed { vec![data] } else { vec![] };
    finish(value, opened, problems, quarantine, changed)
}

// ---------------------------------------------------------------- ledger

fn text_field(
    obj: &Map<String, Value>,
    k: &str,
    notes: &mut Vec<String>,
) -> Result<String, String> {
    match obj.get(k) {
        None | Some(Value::Null) => {
            notes.push(format!("{k} missing, left empty"));
            Ok(String::new())
        }
        Some(Value::String(s)) => Ok(s.clone()),
        Some(other) => Err(format!("{k} is {}, not text", kind(other))),
    }
}

fn parse_day(s: &str) -> Option<NaiveDate> {
    parse_ymd(s)
}

/// One stored ledger record: Ok with the notes of what was repaired (and whether a stored value
/// was replaced, which calls for keeping the original), or Err with why it cannot be used.
fn entry_from(item: &Value) -> Result<(LedgerEntry, Vec<String>, bool), String> {
    let obj = item
        .as_object()
        .ok_or_else(|| format!("is {}, not a record", kind(item)))?;
    let mut notes = Vec::new();
    let mut replaced = false;
    let withdrawn = match obj.get("withdrawn_at") {
        Some(Value::String(s)) => {
            parse_rfc3339(s).ok_or_else(|| "withdrawn_at is not a date".to_string())?
        }
        _ => return Err("withdrawn_at is not a date".to_string()),
    };
    let withdrawn_at = iso_utc(withdrawn);
    if obj.get("withdrawn_at").and_then(Value::as_str) != Some(withdrawn_at.as_str()) {
        notes.push(format!("withdrawn_at rewritten as {withdrawn_at}"));
        replaced = true;
    }
    let name = text_field(obj, "name", &mut notes)?;
    let profile_url = text_field(obj, "profile_url", &mut notes)?;
    if name.is_empty() && profile_url.is_empty() {
        return Err("names nobody (no name and no profile_url)".to_string());
    }
    let headline = text_field(obj, "headline", &mut notes)?;
    let sent_text = text_field(obj, "sent_text", &mut notes)?;
    let sent_min_days = match obj.get("sent_min_days") {
        None | Some(Value::Null) => None,
        Some(v) => Some(
            serde_json::from_value::<u32>(v.clone())
                .map_err(|_| "sent_min_days is not a whole number of days".to_string())?,
        ),
    };
    let had_note = match obj.get("had_note") {
        Some(Value::Bool(b)) => *b,
        None | Some(Value::Null) => {
            notes.push("had_note missing, taken as false".to_string());
            false
        }
        Some(other) => return Err(format!("had_note is {}, not true/false", kind(other))),
    };
    let day = withdrawn.date_naive();
    let derived_estimate =
        || sent_min_days.and_then(|d| add_days(day, -i64::from(d)).map(format_date));
    let sent_estimate = match obj.get("sent_estimate") {
        None | Some(Value::Null) => derived_estimate(),
        Some(Value::String(s)) if parse_day(s).is_some() => Some(s.clone()),
        Some(_) => {
            notes.push("sent_estimate was not a date; worked out again".to_string());
            replaced = true;
            derived_estimate()
        }
    };
    let derived_reconnect = format_date(add_days(day, RECONNECT_DAYS).unwrap_or(day));
    let reconnect_after = match obj.get("reconnect_after") {
        Some(Value::String(s)) if parse_day(s).is_some() => s.clone(),
        None | Some(Value::Null) => {
            notes.push(format!(
                "reconnect_after missing, set to {derived_reconnect}"
            ));
            derived_reconnect
        }
        Some(_) => {
            notes.push(format!(
                "reconnect_after was not a date, set to {derived_reconnect}"
            ));
            replaced = true;
            derived_reconnect
        }
    };
    let known = [
        "name",
        "profile_url",
        "headline",
        "sent_text",
        "sent_min_days",
        "sent_estimate",
        "had_note",
        "withdrawn_at",
        "reconnect_after",
    ];
    let unknown: Vec<&str> = obj
        .keys()
        .map(String::as_str)
        .filter(|k| !known.contains(k))
        .collect();
    if !unknown.is_empty() {
        notes.push(format!("unknown field(s) {} left out", unknown.join(", ")));
        replaced = true;
    }
    let entry = LedgerEntry {
        name,
        profile_url,
        headline,
        sent_text,
        sent_min_days,
        sent_estimate,
        had_note,
        withdrawn_at,
        reconnect_after,
    };
    Ok((entry, notes, replaced))
}

/// Decode the ledger: every usable record is kept, in order (repaired where a missing part can
/// be worked out); every unusable one is quarantined and named.
pub fn decode_ledger(raw: Option<&Value>) -> Decoded<Vec<LedgerEntry>> {
    let key = LEDGER_KEY;
    let opened = open(raw, key);
    let Some(data) = opened.data.clone() else {
        return finish(Vec::new(), opened, vec![], vec![], false);
    };
    let q = quarantine_key(key);
    let mut entries = Vec::new();
    let mut problems = Vec::new();
    let mut quarantine = Vec::new();
    let mut changed = false;
    match data {
        Value::Array(items) => {
            for (i, item) in items.into_iter().enumerate() {
                let n = i + 1;
                match entry_from(&item) {
                    Ok((entry, notes, replaced)) => {
                        entries.push(entry);
                        if !notes.is_empty() {
                            changed = true;
                            let kept = if replaced {
                                quarantine.push(item);
                                format!("; the original is kept in {q}")
                            } else {
                                String::new()
                            };
                            problems.push(problem(
                                key,
                                format!("ledger entry {n}: {}{kept}", notes.join(", ")),
                            ));
                        }
                    }
                    Err(why) => {
                        changed = true;
                        quarantine.push(item);
                        problems.push(problem(
                            key,
                            format!("ledger entry {n}: {why}; entry set aside in {q}"),
                        ));
                    }
                }
            }
        }
        other => {
            changed = true;
            problems.push(problem(
                key,
                format!("the ledger is {}, not a list; it was set aside in {q} and a new ledger started", kind(&other)),
            ));
            quarantine.push(other);
        }
    }
    finish(entries, opened, problems, quarantine, changed)
}

// ---------------------------------------------------------------- cap book

/// The slots an unreadable past is assumed to have used: the whole ceiling.
fn synthetic_grants(n: usize) -> Vec<Grant> {
    (1..=n)
        .map(|i| Grant {
            id: format!("unreadable-{i}"),
            // Not a time: `cap` stamps it with effective now at the next request or status.
            at_ms: 0.0,
            state: GrantState::Confirmed,
        })
        .collect()
}

const CEILING: usize = CapRange::CEILING as usize;

/// Decode the cap book. The safe design, since an unreadable book must never free a slot:
///
/// - Anything unreadable about past withdrawals is assumed to be the worst case. Each grant that
///   cannot be read becomes a synthetic Confirmed grant (at most [`CapRange::CEILING`] in all);
///   a book whose grants cannot be read at all becomes CEILING of them. Their `at_ms` is 0,
///   "unknown", which [`crate::pure::cap`] stamps with effective now at the next request or
///   status. So after a corruption the cap counts as full until 24 h after the extension next
///   looks, which is never sooner than the lost grants would have aged out (they were all taken
///   before that moment). The cost is at most one day without withdrawals.
/// - An unreadable high-water mark is rebuilt from the latest grant time: never later than the
///   lost one, and every grant still counts until 24 h after its own time.
/// - An unreadable day's cap is dropped: a new one is drawn within the member's range, still
///   under the ceiling.
/// - `decode_cap` cannot know "now" (no clock in the core), hence the stamping at first use.
pub fn decode_cap(raw: Option<&Value>) -> Decoded<CapBook> {
    let key = CAP_KEY;
    let opened = open(raw, key);
    let Some(data) = opened.data.clone() else {
        return finish(CapBook::default(), opened, vec![], vec![], false);
    };
    let q = quarantine_key(key);
    let mut notes: Vec<String> = Vec::new();
    let mut lost = 0usize;
    let mut book = CapBook::default();
    match data.as_object() {
        None => {
            notes.push(format!("the cap book is {}, not a record", kind(&data)));
            lost = CEILING;
        }
        Some(obj) => {
            match obj.get("grants") {
                Some(Value::Array(items)) => {
                    for (i, item) in items.iter().enumerate() {
                        match serde_json::from_value::<Grant>(item.clone()) {
                            Ok(mut g) => {
                                if g.at_ms > MAX_PLAUSIBLE_MS {
                                    notes.push(format!(
                                        "grant {} has an impossible time; counted as taken now",
                                        i + 1
                                    ));
                                    g.at_ms = 0.0;
                                }
                                book.grants.push(g);
                            }
                            Err(_) => {
                                notes.push(format!(
                                    "grant {} cannot be read; counted as a withdrawal taken now",
                                    i + 1
                                ));
                                lost += 1;
                            }
                        }
                    }
                }
                other => {
                    let found = other.map_or("missing", kind);
                    notes.push(format!("the grants are {found}, not a list"));
                    lost = CEILING;
                }
            }
            match obj.get("caps") {
                None | Some(Value::Null) => {}
                Some(Value::Object(caps)) => {
                    for (day, v) in caps {
                        let cap = v.as_u64().and_then(|c| u32::try_from(c).ok());
                        match cap {
                            Some(c) if parse_day(day).is_some() && c <= CapRange::CEILING => {
                                book.caps.insert(day.clone(), c);
                            }
                            _ => notes.push(format!("the cap for {day:?} cannot be read; a new one is drawn within the range")),
                        }
                    }
                }
                Some(other) => notes.push(format!(
                    "the day caps are {}; new ones are drawn within the range",
                    kind(other)
                )),
            }
            let latest = book
                .grants
                .iter()
                .map(|g| g.at_ms)
                .filter(|t| t.is_finite())
                .fold(0.0_f64, f64::max);
            match obj.get("high_water_ms").and_then(Value::as_f64) {
                Some(h) if (0.0..=MAX_PLAUSIBLE_MS).contains(&h) => {
                    book.high_water_ms = h.max(latest)
                }
                _ => {
                    notes.push(
                        "the clock high-water mark cannot be read; rebuilt from the latest grant"
                            .to_string(),
                    );
                    book.high_water_ms = latest;
                }
            }
            for k in obj.keys() {
                if !matches!(k.as_str(), "grants" | "caps" | "high_water_ms") {
                    notes.push(format!("unknown field {k} left out"));
                }
            }
        }
    }
    if lost > 0 {
        let fill = lost.min(CEILING);
        book.grants.extend(synthetic_grants(fill));
        notes.push(format!(
            "to stay under the daily cap, {fill} withdrawal(s) are counted as taken at the next use, so the count may read full for up to 24 h"
        ));
    }
    let changed = !notes.is_empty();
    let (problems, quarantine) = if changed {
        let detail = format!("{}; the stored cap book is kept in {q}", notes.join("; "));
        (vec![problem(key, detail)], vec![data])
    } else {
        (vec![], vec![])
    };
    finish(book, opened, problems, quarantine, changed)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::pure::cap::{self, Decision};
    use crate::pure::rng::SeededRng;
    use proptest::prelude::*;
    use serde_json::json;

    /// 2026-11-22T12:00:00Z.
    const NOON: f64 = 1_795_348_800_000.0;

    fn env(data: Value) -> Value {
        json!({ "schema": 1, "data": data })
    }

    fn valid_entry(name: &str) -> Value {
        json!({
            "name": name, "profile_url": format!("https://www.linkedin.com/in/{name}/"),
            "headline": "h", "sent_text": "Sent 3 months ago", "sent_min_days": 90,
            "sent_estimate": "2026-08-24", "had_note": false,
            "withdrawn_at": "2026-11-22T05:21:31Z", "reconnect_after": "2026-12-13"
        })
    }

    // ---- envelope

    #[test]
    fn envelope_shape_and_round_trip() {
        let s = Settings::default();
        let v = envelope(&s);
        assert_eq!(v["schema"], 1);
        assert_eq!(v["data"]["ceiling"], 500);
        let d = decode_settings(Some(&v));
        assert_eq!(
            d,
            Decoded {
                value: s,
                problems: vec![],
                repaired: false,
                quarantine: vec![]
            }
        );
        let book = CapBook::default();
        let d = decode_cap(Some(&envelope(&book)));
        assert_eq!((d.value, d.repaired, d.problems.len()), (book, false, 0));
        let d = decode_ledger(Some(&envelope(&Vec::<LedgerEntry>::new())));
        assert!(d.value.is_empty() && !d.repaired && d.problems.is_empty());
    }

    #[test]
    fn missing_or_null_means_nothing_stored() {
        for raw in [None, Some(&Value::Null)] {
            let s = decode_settings(raw);
            assert_eq!(
                (s.value, s.repaired, s.problems.len()),
                (Settings::default(), false, 0)
            );
            let l = decode_ledger(raw);
            assert!(l.value.is_empty() && !l.repaired && l.problems.is_empty());
            let c = decode_cap(raw);
            assert_eq!((c.value, c.repaired), (CapBook::default(), false));
        }
    }

    // ---- settings

    #[test]
    fn settings_bare_legacy_value_is_wrapped() {
        let raw = json!({ "cap": { "min": 10, "max": 20 }, "ceiling": 800 });
        let d = decode_settings(Some(&raw));
        assert!(d.repaired && d.problems.is_empty() && d.quarantine.is_empty());
        assert_eq!(d.value.cap, CapRange { min: 10, max: 20 });
        assert_eq!(d.value.ceiling, 800);
        assert_eq!(d.value.pacing, Pacing::default());
        let schema0 = json!({ "schema": 0, "data": raw });
        assert_eq!(decode_settings(Some(&schema0)).value, d.value);
    }

    #[test]
    fn settings_invalid_field_gets_its_default_and_others_are_kept() {
        let raw = env(json!({
            "cap": { "min": 10, "max": 99 },
            "pacing": { "delay_min_ms": 1000, "delay_max_ms": 9000 },
            "policy": { "min_days_no_note": 75 },
            "ceiling": 700
        }));
        let d = decode_settings(Some(&raw));
        assert_eq!(d.value.cap, CapRange::default());
        assert_eq!(d.value.pacing, Pacing::default());
        assert_eq!(d.value.policy.min_days_no_note, 75);
        assert_eq!(d.value.ceiling, 700);
        assert_eq!(d.problems.len(), 2, "{:?}", d.problems);
        assert!(d.problems.iter().all(|p| p.key == "settings"));
        assert!(d.problems[0].detail.contains("cap max"), "{:?}", d.problems);
        assert!(
            d.problems[1].detail.contains("delay_min_ms"),
            "{:?}",
            d.problems
        );
        assert!(d.repaired);
        assert_eq!(d.quarantine, vec![raw["data"].clone()]);
    }

    #[test]
    fn settings_wrong_types_are_reported_field_by_field() {
        let raw = env(json!({
            "pacing": { "delay_min_ms": "fast", "delay_max_ms": 20000 },
            "policy": { "keep": ["/in/a/", 7, "/in/b/"] },
            "ceiling": "lots",
            "theme": "dark"
        }));
        let d = decode_settings(Some(&raw));
        assert_eq!(
            d.value.pacing,
            Pacing {
                delay_max_ms: 20_000,
                ..Pacing::default()
            }
        );
        assert_eq!(
            d.value.policy.keep,
            vec!["/in/a/".to_string(), "/in/b/".to_string()]
        );
        assert_eq!(d.value.ceiling, 500);
        let text: Vec<&str> = d.problems.iter().map(|p| p.detail.as_str()).collect();
        assert_eq!(text.len(), 4, "{text:?}");
        assert!(text.iter().any(|t| t.contains("theme")));
        assert!(text.iter().any(|t| t.contains("ceiling")));
        assert!(text.iter().any(|t| t.contains("pacing.delay_min_ms")));
        assert!(text.iter().any(|t| t.contains("policy.keep: 1 unreadable")));
        assert_eq!(d.quarantine.len(), 1);
    }

    #[test]
    fn settings_that_are_not_a_record() {
        for data in [json!(42), json!("x"), json!([1, 2])] {
            let d = decode_settings(Some(&env(data.clone())));
            assert_eq!(d.value, Settings::default());
            assert_eq!(d.problems.len(), 1);
            assert_eq!(d.quarantine, vec![data]);
            assert!(d.repaired);
        }
    }

    #[test]
    fn settings_from_a_newer_version_are_kept_untouched() {
        let raw = json!({ "schema": 7, "data": { "ceiling": 900, "cap": { "min": 5, "max": 8 }, "newThing": 1 } });
        let d = decode_settings(Some(&raw));
        assert_eq!(d.value.ceiling, 900, "what is readable is used");
        assert_eq!(d.value.cap, CapRange { min: 5, max: 8 });
        assert_eq!(
            d.quarantine,
            vec![raw.clone()],
            "the whole raw value, untouched"
        );
        assert!(d.problems[0].detail.contains("newer version"));
        assert!(d.problems[0].detail.contains("settingsQuarantine"));
    }

    #[test]
    fn damaged_envelopes_are_kept() {
        for raw in [
            json!({ "schema": "one", "data": {} }),
            json!({ "schema": 1 }),
            json!({ "schema": -1, "data": {} }),
        ] {
            let d = decode_settings(Some(&raw));
            assert_eq!(d.value, Settings::default());
            assert_eq!(d.quarantine, vec![raw.clone()]);
            assert!(
                d.problems[0].detail.contains("damaged envelope"),
                "{:?}",
                d.problems
            );
        }
    }

    // ---- ledger

    #[test]
    fn ledger_invalid_entries_are_quarantined_and_valid_ones_kept() {
        let mut bad_date = valid_entry("d");
        bad_date["withdrawn_at"] = json!("yesterday");
        let raw =
            env(json!([valid_entry("a"), 17, valid_entry("b"), bad_date.clone(), { "name": 3 }]));
        let d = decode_ledger(Some(&raw));
        let names: Vec<&str> = d.value.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["a", "b"]);
        assert_eq!(
            d.quarantine,
            vec![json!(17), bad_date, json!({ "name": 3 })]
        );
        assert_eq!(d.problems.len(), 3);
        assert_eq!(
            d.problems[1].detail,
            "ledger entry 4: withdrawn_at is not a date; entry set aside in ledgerQuarantine"
        );
        assert!(d.repaired);
    }

    #[test]
    fn ledger_missing_parts_are_worked_out() {
        let raw = json!([{ "name": "Bo", "profile_url": "u", "withdrawn_at": "2026-11-22T06:21:31+01:00", "sent_min_days": 30 }]);
        let d = decode_ledger(Some(&raw));
        assert_eq!(d.value.len(), 1);
        let e = &d.value[0];
        assert_eq!(e.withdrawn_at, "2026-11-22T05:21:31Z");
        assert_eq!(e.reconnect_after, "2026-12-13");
        assert_eq!(e.sent_estimate.as_deref(), Some("2026-10-23"));
        assert!(!e.had_note);
        assert!(d.repaired);
        assert_eq!(d.problems.len(), 1);
        assert_eq!(
            d.quarantine,
            vec![raw[0].clone()],
            "a rewritten value keeps its original"
        );
    }

    #[test]
    fn ledger_that_is_not_a_list() {
        let d = decode_ledger(Some(&env(json!({ "a": 1 }))));
        assert!(d.value.is_empty());
        assert_eq!(d.quarantine, vec![json!({ "a": 1 })]);
        assert_eq!(d.problems.len(), 1);
        let legacy = json!([valid_entry("a")]);
        let d = decode_ledger(Some(&legacy));
        assert_eq!((d.value.len(), d.repaired, d.problems.len()), (1, true, 0));
        let future = json!({ "schema": 2, "data": [valid_entry("a"), { "v2": true }] });
        let d = decode_ledger(Some(&future));
        assert_eq!(d.value.len(), 1);
        assert_eq!(d.quarantine, vec![future.clone()]);
    }

    fn junk() -> impl Strategy<Value = Value> {
        prop_oneof![
            Just(json!(null)),
            any::<i64>().prop_map(|n| json!(n)),
            ".{0,10}".prop_map(|s| json!(s)),
            Just(json!({ "name": "x" })),
            Just(json!({ "name": "x", "profile_url": "u", "withdrawn_at": "not a date" })),
            Just(json!({ "name": 5, "withdrawn_at": "2026-11-22T05:21:31Z" })),
            Just(json!({ "withdrawn_at": "2026-11-22T05:21:31Z" })),
            Just(json!({ "name": "x", "withdrawn_at": "2026-11-22T05:21:31Z", "had_note": "yes" })),
            Just(json!([])),
        ]
    }

    proptest! {
        /// Every valid record is kept, in order; every invalid one is quarantined, in order.
        #[test]
        fn every_valid_ledger_record_is_kept(
            items in proptest::collection::vec(prop_oneof![
                "[a-z]{1,8}".prop_map(|n| (true, valid_entry(&n))),
                junk().prop_map(|j| (false, j)),
            ], 0..20),
            enveloped in any::<bool>(),
        ) {
            let list: Vec<Value> = items.iter().map(|(_, v)| v.clone()).collect();
            let raw = if enveloped { env(Value::Array(list)) } else { Value::Array(list) };
            let d = decode_ledger(Some(&raw));
            let good: Vec<String> = items.iter().filter(|(ok, _)| *ok)
                .map(|(_, v)| v["name"].as_str().unwrap_or_default().to_string()).collect();
            let bad: Vec<Value> = items.iter().filter(|(ok, _)| !*ok).map(|(_, v)| v.clone()).collect();
            let kept: Vec<String> = d.value.iter().map(|e| e.name.clone()).collect();
            prop_assert_eq!(kept, good);
            prop_assert_eq!(d.problems.len(), bad.len());
            prop_assert_eq!(d.quarantine, bad);
        }

        #[test]
        fn decoding_any_json_does_not_panic(s in ".{0,60}", n in any::<f64>()) {
            let values = [json!(s), json!({ "schema": 1, "data": s }), json!({ "grants": [s], "high_water_ms": n }),
                          serde_json::from_str::<Value>(&s).unwrap_or(Value::Null)];
            for v in values {
                let _ = decode_settings(Some(&v));
                let _ = decode_ledger(Some(&v));
                let _ = decode_cap(Some(&v));
            }
        }
    }

    #[test]
    fn a_decoded_ledger_round_trips() {
        let entries: Vec<LedgerEntry> =
            decode_ledger(Some(&json!([valid_entry("a"), valid_entry("b")]))).value;
        let d = decode_ledger(Some(&envelope(&entries)));
        assert_eq!(d.value, entries);
        assert!(!d.repaired && d.problems.is_empty() && d.quarantine.is_empty());
    }

    // ---- cap book

    /// The first clock reading, stepping an hour at a time from `start`, that gets a slot.
    fn first_granted(book: &mut CapBook, start: f64) -> f64 {
        let mut rng = SeededRng::new(1);
        let mut t = start;
        loop {
            if let Decision::Granted { .. } =
                cap::request(book, CapRange::default(), t, 0, "probe", &mut rng)
            {
                return t;
            }
            t += 3_600_000.0;
            assert!(t < start + 10.0 * cap::DAY_MS, "never granted again");
        }
    }

    #[test]
    fn an_unreadable_cap_book_never_frees_slots() {
        let cases = [
            json!("garbage"),
            json!(12),
            json!([1, 2, 3]),
            env(json!("x")),
            json!({ "schema": 1 }),
            json!({ "schema": 9, "data": "???" }),
            env(json!({ "grants": "many", "caps": {}, "high_water_ms": 5 })),
            env(json!({ "caps": {}, "high_water_ms": 5 })),
        ];
        for raw in cases {
            let d = decode_cap(Some(&raw));
            assert!(!d.problems.is_empty(), "{raw}");
            assert!(d.repaired);
            assert!(!d.quarantine.is_empty());
            let mut book = d.value;
            assert_eq!(book.grants.len(), CEILING, "{raw}");
            let mut rng = SeededRng::new(2);
            let s = cap::status(&mut book, CapRange::default(), NOON, 60, &mut rng);
            assert_eq!(s.count, 40);
            assert_eq!(s.next_at_ms, Some(NOON + cap::DAY_MS));
            // Nothing is granted until a full day after the first look, even with the clock
            // set back five days in between.
            assert_eq!(
                first_granted(&mut book, NOON - 5.0 * cap::DAY_MS),
                NOON + cap::DAY_MS
            );
        }
    }

    #[test]
    fn partly_unreadable_grants_count_as_taken() {
        let raw = env(json!({
            "grants": [
                { "id": "a", "at_ms": NOON - 3_600_000.0, "state": "Confirmed" },
                { "id": "b", "at_ms": "when?", "state": "Confirmed" },
                { "id": "c", "at_ms": 1e300, "state": "Pending" },
                { "id": "d", "at_ms": NOON - 7_200_000.0, "state": "Released" }
            ],
            "caps": { "2026-11-22": 35, "bad": 3, "2026-11-21": 400 },
            "high_water_ms": NOON - 3_600_000.0
        }));
        let d = decode_cap(Some(&raw));
        let mut book = d.value;
        assert_eq!(book.grants.len(), 4, "three readable plus one synthetic");
        assert_eq!(book.caps.len(), 1);
        assert_eq!(book.high_water_ms, NOON - 3_600_000.0);
        assert_eq!(d.problems.len(), 1, "one problem naming each finding");
        assert!(d.problems[0].detail.contains("grant 2"), "{:?}", d.problems);
        let mut rng = SeededRng::new(2);
        let s = cap::status(&mut book, CapRange::default(), NOON, 0, &mut rng);
        assert_eq!(
            s.count, 3,
            "a, the impossible-time c stamped now, and the unreadable b"
        );
        assert_eq!(s.cap, 35);
    }

    #[test]
    fn an_unreadable_high_water_mark_is_rebuilt_from_the_grants() {
        let raw = env(json!({
            "grants": [{ "id": "a", "at_ms": NOON, "state": "Confirmed" }],
            "caps": {},
            "high_water_ms": "soon"
        }));
        let d = decode_cap(Some(&raw));
        assert_eq!(d.value.high_water_ms, NOON);
        assert_eq!(
            d.value.grants.len(),
            1,
            "no synthetic grant: the grants were readable"
        );
        // A stored mark below the latest grant is raised to it.
        let raw = env(
            json!({ "grants": [{ "id": "a", "at_ms": NOON, "state": "Pending" }], "caps": {}, "high_water_ms": 5 }),
        );
        assert_eq!(decode_cap(Some(&raw)).value.high_water_ms, NOON);
    }

    #[test]
    fn a_bare_legacy_cap_book_is_wrapped() {
        let mut book = CapBook::default();
        let mut rng = SeededRng::new(3);
        assert!(matches!(
            cap::request(&mut book, CapRange::default(), NOON, 0, "a", &mut rng),
            Decision::Granted { .. }
        ));
        let bare = serde_json::to_value(&book).expect("json");
        let d = decode_cap(Some(&bare));
        assert_eq!(d.value, book);
        assert!(d.repaired && d.problems.is_empty() && d.quarantine.is_empty());
        let future = json!({ "schema": 3, "data": bare });
        let d = decode_cap(Some(&future));
        assert_eq!(d.value, book, "what is readable is used");
        assert_eq!(d.quarantine, vec![future.clone()]);
    }
}
