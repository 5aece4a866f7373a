//! The background's messages as plain JS objects, read and written field by field.
//!
//! The content script's core carries no serde (de)serializer: generic decoders, their error
//! messages and the float formatting those pull in were a sixth of its size (issue 15). The
//! shapes are the ones `serde_json` gives the background for the same types; tier 2 checks every
//! encoder and decoder here against serde's own output (`tests/dom.rs`, "codec"). A missing or
//! malformed field reads as the type's default, as `#[serde(default)]` would.

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use crate::pure::cap::CapRange;
use crate::pure::insights::Snapshot;
use crate::pure::journal::{Intent, IntentPhase};
use crate::pure::ledger::LedgerEntry;
use crate::pure::pacing::Pacing;
use crate::pure::policy::Policy;
use crate::pure::run::{Phase, Reason, Run};
use crate::pure::store::Settings;

// ---- reading ---------------------------------------------------------------------------------

/// A field of a JS object (undefined when absent or when `o` is not an object).
pub fn field(o: &JsValue, key: &str) -> JsValue {
    if !o.is_object() {
        return JsValue::UNDEFINED;
    }
    Reflect::get(o, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

pub fn string(o: &JsValue, key: &str) -> Option<String> {
    field(o, key).as_string()
}

pub fn number(o: &JsValue, key: &str) -> Option<f64> {
    field(o, key).as_f64().filter(|n| n.is_finite())
}

/// A whole number in `u32`'s range (anything else reads as absent).
pub fn uint(o: &JsValue, key: &str) -> Option<u32> {
    number(o, key)
        .filter(|n| n.fract() == 0.0 && *n >= 0.0 && *n <= u32::MAX as f64)
        .map(|n| n as u32)
}

fn uint64(o: &JsValue, key: &str) -> Option<u64> {
    number(o, key)
        .filter(|n| n.fract() == 0.0 && *n >= 0.0 && *n <= 9_007_199_254_740_991.0)
        .map(|n| n as u64)
}

pub fn boolean(o: &JsValue, key: &str) -> Option<bool> {
    field(o, key).as_bool()
}

/// The items of an array field (none when it is not an array).
pub fn items(o: &JsValue, key: &str) -> Vec<JsValue> {
    field(o, key)
        .dyn_into::<Array>()
        .map(|a| a.iter().collect())
        .unwrap_or_default()
}

pub fn strings(o: &JsValue, key: &str) -> Vec<String> {
    items(o, key)
        .iter()
        .filter_map(JsValue::as_string)
        .collect()
}

// ---- writing ---------------------------------------------------------------------------------

/// A plain object built field by field.
pub struct Obj(Object);

impl Obj {
    pub fn new() -> Obj {
        Obj(Object::new())
    }

    pub fn set(self, key: &str, v: impl Into<JsValue>) -> Obj {
        let _ = Reflect::set(&self.0, &JsValue::from_str(key), &v.into());
        self
    }

    pub fn opt(self, key: &str, v: Option<impl Into<JsValue>>) -> Obj {
        match v {
            Some(v) => self.set(key, v),
            None => self.set(key, JsValue::NULL),
        }
    }

    pub fn done(self) -> JsValue {
        self.0.into()
    }
}

impl Default for Obj {
    fn default() -> Self {
        Obj::new()
    }
}

fn str_array(v: &[String]) -> JsValue {
    v.iter()
        .map(|s| JsValue::from_str(s))
        .collect::<Array>()
        .into()
}

// ---- the types -------------------------------------------------------------------------------

pub fn entry_from(o: &JsValue) -> Option<LedgerEntry> {
    Some(LedgerEntry {
        name: string(o, "name")?,
        profile_url: string(o, "profile_url")?,
        headline: string(o, "headline").unwrap_or_default(),
        sent_text: string(o, "sent_text").unwrap_or_default(),
        sent_min_days: uint(o, "sent_min_days"),
        sent_estimate: string(o, "sent_estimate"),
        had_note: boolean(o, "had_note").unwrap_or(false),
        withdrawn_at: string(o, "withdrawn_at")?,
        reconnect_after: string(o, "reconnect_after")?,
    })
}

pub fn entries_from(o: &JsValue, key: &str) -> Vec<LedgerEntry> {
    items(o, key).iter().filter_map(entry_from).collect()
}

pub fn entry_to(e: &LedgerEntry) -> JsValue {
    Obj::new()
        .set("name", e.name.as_str())
        .set("profile_url", e.profile_url.as_str())
        .set("headline", e.headline.as_str())
        .set("sent_text", e.sent_text.as_str())
        .opt("sent_min_days", e.sent_min_days)
        .opt("sent_estimate", e.sent_estimate.as_deref())
        .set("had_note", e.had_note)
        .set("withdrawn_at", e.withdrawn_at.as_str())
        .set("reconnect_after", e.reconnect_after.as_str())
        .done()
}

/// Settings as stored: every field present overrides the default, like `#[serde(default)]`.
pub fn settings_from(o: &JsValue) -> Settings {
    let d = Settings::default();
    let p = field(o, "policy");
    let c = field(o, "cap");
    let g = field(o, "pacing");
    let dp = d.pacing;
    let u64_or = |key: &str, or: u64| uint64(&g, key).unwrap_or(or);
    let u32_or = |key: &str, or: u32| uint(&g, key).unwrap_or(or);
    Settings {
        policy: Policy {
            min_days_no_note: uint(&p, "min_days_no_note").unwrap_or(d.policy.min_days_no_note),
            min_days_note: uint(&p, "min_days_note").unwrap_or(d.policy.min_days_note),
            keep: if field(&p, "keep").is_array() {
                strings(&p, "keep")
            } else {
                d.policy.keep
            },
        },
        cap: match (uint(&c, "min"), uint(&c, "max")) {
            (Some(min), Some(max)) => CapRange { min, max },
            _ => d.cap,
        },
        pacing: Pacing {
            pause_min_ms: u64_or("pause_min_ms", dp.pause_min_ms),
            pause_max_ms: u64_or("pause_max_ms", dp.pause_max_ms),
            delay_min_ms: u64_or("delay_min_ms", dp.delay_min_ms),
            delay_max_ms: u64_or("delay_max_ms", dp.delay_max_ms),
            rest_min_ms: u64_or("rest_min_ms", dp.rest_min_ms),
            rest_max_ms: u64_or("rest_max_ms", dp.rest_max_ms),
            rest_every_min: u32_or("rest_every_min", dp.rest_every_min),
            rest_every_max: u32_or("rest_every_max", dp.rest_every_max),
        },
        ceiling: uint(o, "ceiling").unwrap_or(d.ceiling),
    }
}

pub fn settings_to(s: &Settings) -> JsValue {
    let p = &s.pacing;
    Obj::new()
        .set(
            "policy",
            Obj::new()
                .set("min_days_no_note", s.policy.min_days_no_note)
                .set("min_days_note", s.policy.min_days_note)
                .set("keep", str_array(&s.policy.keep))
                .done(),
        )
        .set(
            "cap",
            Obj::new()
                .set("min", s.cap.min)
                .set("max", s.cap.max)
                .done(),
        )
        .set(
            "pacing",
            Obj::new()
                .set("pause_min_ms", p.pause_min_ms as f64)
                .set("pause_max_ms", p.pause_max_ms as f64)
                .set("delay_min_ms", p.delay_min_ms as f64)
                .set("delay_max_ms", p.delay_max_ms as f64)
                .set("rest_min_ms", p.rest_min_ms as f64)
                .set("rest_max_ms", p.rest_max_ms as f64)
                .set("rest_every_min", p.rest_every_min)
                .set("rest_every_max", p.rest_every_max)
                .done(),
        )
        .set("ceiling", s.ceiling)
        .done()
}

/// A phase as serde names it (the variant's name).
pub fn phase_name(p: Phase) -> &'static str {
    match p {
        Phase::Ready => "Ready",
        Phase::Running => "Running",
        Phase::Paused => "Paused",
        Phase::Stopped => "Stopped",
        Phase::Capped => "Capped",
        Phase::Done => "Done",
    }
}

fn phase_from(s: &str) -> Option<Phase> {
    Phase::ALL.into_iter().find(|p| phase_name(*p) == s)
}

/// A reason as serde names it (the variant's name).
pub fn reason_name(r: Reason) -> &'static str {
    match r {
        Reason::User => "User",
        Reason::CapReached => "CapReached",
        Reason::DialogNameMismatch => "DialogNameMismatch",
        Reason::NoDialog => "NoDialog",
        Reason::RowStays => "RowStays",
        Reason::ErrorToast => "ErrorToast",
        Reason::Checkpoint => "Checkpoint",
        Reason::Navigated => "Navigated",
        Reason::LayoutUnknown => "LayoutUnknown",
        Reason::NotSentList => "NotSentList",
        Reason::Storage => "Storage",
        Reason::ConfirmDisabled => "ConfirmDisabled",
    }
}

fn reason_from(s: &str) -> Option<Reason> {
    Reason::ALL.into_iter().find(|r| reason_name(*r) == s)
}

pub fn run_from(o: &JsValue) -> Option<Run> {
    Some(Run {
        phase: phase_from(&string(o, "phase")?)?,
        reason: string(o, "reason").and_then(|r| reason_from(&r)),
        queue: strings(o, "queue"),
        done: strings(o, "done"),
        current: string(o, "current"),
        total: uint(o, "total")? as usize,
    })
}

pub fn run_to(r: &Run) -> JsValue {
    Obj::new()
        .set("phase", phase_name(r.phase))
        .opt("reason", r.reason.map(reason_name))
        .set("queue", str_array(&r.queue))
        .set("done", str_array(&r.done))
        .opt("current", r.current.as_deref())
        .set("total", r.total as f64)
        .done()
}

pub fn intent_from(o: &JsValue) -> Option<Intent> {
    let phase = match string(o, "phase")?.as_str() {
        "granted" => IntentPhase::Granted,
        "confirming" => IntentPhase::Confirming,
        _ => return None,
    };
    let entry = field(o, "entry");
    Some(Intent {
        id: string(o, "id")?,
        profile: string(o, "profile")?,
        tab: number(o, "tab").map(|t| t as i64),
        phase,
        at_ms: number(o, "at_ms").unwrap_or(0.0),
        entry: entry_from(&entry),
    })
}

pub fn snapshot_to(s: &Snapshot) -> JsValue {
    let rows: Array = s
        .rows
        .iter()
        .map(|r| {
            Obj::new()
                .set("p", r.p.as_str())
                .set("b", r.b.as_str())
                .set("n", r.n)
                .done()
        })
        .collect();
    Obj::new()
        .set("at_ms", s.at_ms)
        .set("pending", s.pending)
        .set("complete", s.complete)
        .set("rows", rows)
        .done()
}

/// `[[a, b], …]` pairs of a string or number and a whole number.
pub fn pairs(o: &JsValue, key: &str) -> Vec<(JsValue, u32)> {
    items(o, key)
        .into_iter()
        .filter_map(|p| {
            let a: Array = p.dyn_into().ok()?;
            let n = a
                .get(1)
                .as_f64()
                .filter(|n| n.fract() == 0.0 && *n >= 0.0)?;
            Some((a.get(0), n as u32))
        })
        .collect()
}
