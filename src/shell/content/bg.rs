//! The content script's messages to the background, typed both ways.
//!
//! The background (`shell::background`) decides the cap, keeps the journal, the ledger, the
//! settings and the scan history; the tab asks and is told. Each request is a small struct, each
//! answer a struct read straight from the JS value, so the rest of the content script never
//! handles loose JSON. A sleeping service worker (Chrome) or event page (Firefox) may drop a
//! message while it wakes: the callers that must not lose one retry ([`settle`], `hello`).

use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;

use crate::pure::cap::CapStatus;
use crate::pure::insights::Snapshot;
use crate::pure::journal::{Intent, IntentPhase};
use crate::pure::ledger::LedgerEntry;
use crate::pure::run::Run;
use crate::pure::store::Settings;
use crate::shell::{ext, sys};

/// A request: `{ type, ...fields }`.
#[derive(Serialize)]
struct Msg<'a, T: Serialize> {
    #[serde(rename = "type")]
    ty: &'static str,
    #[serde(flatten)]
    body: &'a T,
}

#[derive(Serialize)]
struct Nothing {}

async fn ask<T: Serialize, R: serde::de::DeserializeOwned>(
    ty: &'static str,
    body: &T,
) -> Result<R, JsValue> {
    ext::ask(&Msg { ty, body }).await
}

/// Today's count against the cap, as the background's `today`.
#[derive(Debug, Clone, Copy, Deserialize)]
pub struct Today {
    pub count: u32,
    pub cap: u32,
    #[serde(default)]
    pub next_at_ms: Option<f64>,
}

impl From<Today> for CapStatus {
    fn from(t: Today) -> Self {
        CapStatus {
            count: t.count,
            cap: t.cap,
            next_at_ms: t.next_at_ms,
        }
    }
}

/// A storage problem the background repaired, shown for a day.
#[derive(Debug, Clone, Deserialize)]
pub struct Problem {
    pub detail: String,
}

/// The answer to `bg-hello`: everything a session starts from.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Hello {
    pub settings: Option<Settings>,
    pub today: Option<Today>,
    /// Write-ahead intents left by a reload or crash, to settle against the page.
    pub reconcile: Vec<Intent>,
    /// A run interrupted by a reload, a crash or a closed tab.
    pub interrupted: Option<Run>,
    pub problems: Vec<Problem>,
    pub ledger: Vec<LedgerEntry>,
}

/// Sends `bg-hello` now: the rows are read while the background answers (it runs elsewhere).
pub fn hello_now() -> Result<js_sys::Promise, JsValue> {
    ext::post(&Msg {
        ty: "bg-hello",
        body: &Nothing {},
    })
}

/// The answer to a `bg-hello` sent by [`hello_now`], else sent again: a background that is
/// waking may drop the first. `Err` when it never answers.
pub async fn hello(first: Result<js_sys::Promise, JsValue>) -> Result<Hello, JsValue> {
    let mut got = match first {
        Ok(p) => ext::reply(p).await,
        Err(e) => Err(e),
    };
    for wait in [200, 600, 1500] {
        if got.is_ok() {
            break;
        }
        sys::sleep(wait).await;
        got = ask("bg-hello", &Nothing {}).await;
    }
    got
}

/// The answer to `bg-status`: today, the ledger, the settings, repaired problems.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Status {
    pub today: Option<Today>,
    pub ledger: Option<Vec<LedgerEntry>>,
}

pub async fn status() -> Result<Status, JsValue> {
    ask("bg-status", &Nothing {}).await
}

#[derive(Serialize)]
struct ForProfile<'a> {
    profile: &'a str,
}

/// The arbiter's answer before a withdraw click.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Grant {
    /// The slot's id, when granted.
    pub id: Option<String>,
    /// Today's cap is reached.
    pub capped: bool,
    /// Why the journal refused this person (in flight elsewhere, already withdrawn).
    pub refused: Option<String>,
    pub today: Option<Today>,
}

pub async fn grant(profile: &str) -> Result<Grant, JsValue> {
    ask("bg-grant", &ForProfile { profile }).await
}

#[derive(Serialize)]
struct Confirming<'a> {
    id: &'a str,
    entry: &'a LedgerEntry,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Ack {
    pub ok: bool,
}

/// The write-ahead before the confirm click: the intent and its ledger record are stored.
pub async fn confirming(id: &str, entry: &LedgerEntry) -> Result<Ack, JsValue> {
    ask("bg-confirming", &Confirming { id, entry }).await
}

#[derive(Serialize)]
struct Settle<'a> {
    id: &'a str,
    withdrawn: bool,
    clicked: Option<bool>,
}

/// The answer to `bg-settle`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Settled {
    pub today: Option<Today>,
    pub ledger: Option<Vec<LedgerEntry>>,
}

/// Settles a withdrawal in flight, retried while a sleeping background wakes: a lost settle
/// would leave the withdrawal out of the ledger until the next load. `clicked` says whether the
/// confirm button was clicked (None: unknown, after a crash).
pub async fn settle(id: &str, withdrawn: bool, clicked: Option<bool>) -> Result<Settled, JsValue> {
    let msg = Settle {
        id,
        withdrawn,
        clicked,
    };
    let mut r = ask("bg-settle", &msg).await;
    for wait in [200, 600, 1500] {
        if r.is_ok() {
            break;
        }
        sys::sleep(wait).await;
        r = ask("bg-settle", &msg).await;
    }
    r
}

#[derive(Serialize)]
struct SaveRun<'a> {
    run: &'a Run,
}

/// Keeps the run's state, so a reload or a crash can offer to resume it.
pub async fn save_run(run: &Run) -> Result<Ack, JsValue> {
    ask("bg-run-save", &SaveRun { run }).await
}

pub async fn clear_run() -> Result<Ack, JsValue> {
    ask("bg-run-clear", &Nothing {}).await
}

/// The background's summary of the scan history (never the stored rows).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct History {
    pub resolved_total: u32,
    pub resolved_with_note: u32,
    pub since_ms: f64,
    /// Resolved invitations per age bucket.
    pub by_bucket: Vec<(String, u32)>,
    /// `(at_ms, pending)` of each kept scan, for the forecast.
    pub points: Vec<(f64, u32)>,
    pub reinvite: Vec<LedgerEntry>,
}

#[derive(Serialize)]
struct ForSnapshot<'a> {
    snapshot: &'a Snapshot,
}

/// Stores a whole scan's snapshot; the answer is the history with it.
pub async fn snapshot(snapshot: &Snapshot) -> Result<History, JsValue> {
    ask("bg-snapshot", &ForSnapshot { snapshot }).await
}

pub async fn clear_history() -> Result<History, JsValue> {
    ask("bg-history-clear", &Nothing {}).await
}

#[derive(Serialize)]
struct Badge {
    proposed: usize,
}

/// The toolbar badge: this tab's proposal count (0 clears it).
pub async fn badge(proposed: usize) {
    let _: Result<Ack, _> = ask("bg-badge", &Badge { proposed }).await;
}

/// The answer to a settings change: the settings now stored, or why not.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SettingsReply {
    pub ok: bool,
    pub errors: Vec<String>,
    pub settings: Option<Settings>,
}

/// Adds a profile to the keep-list (never proposed again).
pub async fn keep(profile: &str) -> Result<SettingsReply, JsValue> {
    ask("bg-keep", &ForProfile { profile }).await
}

#[derive(Serialize)]
struct ForSettings<'a> {
    settings: &'a Settings,
}

/// Validates and stores new settings.
pub async fn set_settings(settings: &Settings) -> Result<SettingsReply, JsValue> {
    ask("bg-settings-set", &ForSettings { settings }).await
}

/// Whether a journal intent got as far as its confirm click.
pub fn reached_confirm(i: &Intent) -> bool {
    i.phase == IntentPhase::Confirming
}
