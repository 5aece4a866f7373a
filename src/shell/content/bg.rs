//! The content script's messages to the background, typed both ways.
//!
//! The background (`shell::background`) decides the cap, keeps the journal, the ledger, the
//! settings and the scan history; the tab asks and is told. Each answer is a small struct read
//! from the JS value field by field ([`codec`]), so the rest of the content script never handles
//! loose values. A sleeping service worker (Chrome) or event page (Firefox) may drop a message
//! while it wakes: the callers that must not lose one retry ([`settle`], [`hello`]).

use js_sys::{Function, Promise};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use super::codec::{self, Obj};
use crate::pure::cap::CapStatus;
use crate::pure::insights::Snapshot;
use crate::pure::journal::{Intent, IntentPhase};
use crate::pure::ledger::LedgerEntry;
use crate::pure::run::Run;
use crate::pure::store::Settings;
use crate::shell::{ext, sys};

/// Sends `message` (a plain object with its `type`) and returns the pending answer.
fn post(message: JsValue) -> Result<Promise, JsValue> {
    let runtime = codec::field(&ext::api()?, "runtime");
    let f: Function = codec::field(&runtime, "sendMessage").dyn_into()?;
    f.call1(&runtime, &message)?.dyn_into::<Promise>()
}

async fn ask(message: JsValue) -> Result<JsValue, JsValue> {
    JsFuture::from(post(message)?).await
}

fn msg(ty: &str) -> Obj {
    Obj::new().set("type", ty)
}

/// Today's count against the cap, as the background's `today`.
#[derive(Debug, Clone, Copy)]
pub struct Today {
    pub count: u32,
    pub cap: u32,
    pub next_at_ms: Option<f64>,
}

fn today_from(o: &JsValue) -> Option<Today> {
    let t = codec::field(o, "today");
    Some(Today {
        count: codec::uint(&t, "count")?,
        cap: codec::uint(&t, "cap")?,
        next_at_ms: codec::number(&t, "next_at_ms"),
    })
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

/// The answer to `bg-hello`: everything a session starts from.
#[derive(Debug, Default)]
pub struct Hello {
    pub settings: Option<Settings>,
    pub today: Option<Today>,
    /// Write-ahead intents left by a reload or crash, to settle against the page.
    pub reconcile: Vec<Intent>,
    /// A run interrupted by a reload, a crash or a closed tab.
    pub interrupted: Option<Run>,
    /// Storage problems the background repaired, shown for a day.
    pub problems: Vec<String>,
    pub ledger: Vec<LedgerEntry>,
}

fn settings_in(o: &JsValue) -> Option<Settings> {
    let s = codec::field(o, "settings");
    s.is_object().then(|| codec::settings_from(&s))
}

fn hello_from(o: &JsValue) -> Hello {
    Hello {
        settings: settings_in(o),
        today: today_from(o),
        reconcile: codec::items(o, "reconcile")
            .iter()
            .filter_map(codec::intent_from)
            .collect(),
        interrupted: codec::run_from(&codec::field(o, "interrupted")),
        problems: codec::items(o, "problems")
            .iter()
            .filter_map(|p| codec::string(p, "detail"))
            .collect(),
        ledger: codec::entries_from(o, "ledger"),
    }
}

/// Sends `bg-hello` now: the rows are read while the background answers (it runs elsewhere).
pub fn hello_now() -> Result<Promise, JsValue> {
    post(msg("bg-hello").done())
}

/// The answer to a `bg-hello` sent by [`hello_now`], else sent again: a background that is
/// waking may drop the first. `Err` when it never answers.
pub async fn hello(first: Result<Promise, JsValue>) -> Result<Hello, JsValue> {
    let mut got = match first {
        Ok(p) => JsFuture::from(p).await,
        Err(e) => Err(e),
    };
    for wait in [200, 600, 1500] {
        if got.is_ok() {
            break;
        }
        sys::sleep(wait).await;
        got = ask(msg("bg-hello").done()).await;
    }
    got.map(|v| hello_from(&v))
}

/// The answer to `bg-status`: today and the ledger.
#[derive(Debug, Default)]
pub struct Status {
    pub today: Option<Today>,
    pub ledger: Option<Vec<LedgerEntry>>,
}

fn ledger_in(o: &JsValue) -> Option<Vec<LedgerEntry>> {
    codec::field(o, "ledger")
        .is_array()
        .then(|| codec::entries_from(o, "ledger"))
}

pub async fn status() -> Result<Status, JsValue> {
    let v = ask(msg("bg-status").done()).await?;
    Ok(Status {
        today: today_from(&v),
        ledger: ledger_in(&v),
    })
}

/// The arbiter's answer before a withdraw click.
#[derive(Debug, Default)]
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
    let v = ask(msg("bg-grant").set("profile", profile).done()).await?;
    Ok(Grant {
        id: codec::string(&v, "id"),
        capped: codec::boolean(&v, "capped").unwrap_or(false),
        refused: codec::string(&v, "refused"),
        today: today_from(&v),
    })
}

/// The write-ahead before the confirm click: the intent and its ledger record are stored.
pub async fn confirming(id: &str, entry: &LedgerEntry) -> Result<(), JsValue> {
    ask(msg("bg-confirming")
        .set("id", id)
        .set("entry", codec::entry_to(entry))
        .done())
    .await
    .map(|_| ())
}

/// The answer to `bg-settle`.
#[derive(Debug, Default)]
pub struct Settled {
    pub today: Option<Today>,
    pub ledger: Option<Vec<LedgerEntry>>,
}

/// Settles a withdrawal in flight, retried while a sleeping background wakes: a lost settle
/// would leave the withdrawal out of the ledger until the next load. `clicked` says whether the
/// confirm button was clicked (None: unknown, after a crash).
pub async fn settle(id: &str, withdrawn: bool, clicked: Option<bool>) -> Result<Settled, JsValue> {
    let make = || {
        msg("bg-settle")
            .set("id", id)
            .set("withdrawn", withdrawn)
            .opt("clicked", clicked)
            .done()
    };
    let mut r = ask(make()).await;
    for wait in [200, 600, 1500] {
        if r.is_ok() {
            break;
        }
        sys::sleep(wait).await;
        r = ask(make()).await;
    }
    r.map(|v| Settled {
        today: today_from(&v),
        ledger: ledger_in(&v),
    })
}

/// Keeps the run's state, so a reload or a crash can offer to resume it.
pub async fn save_run(run: &Run) -> Result<(), JsValue> {
    ask(msg("bg-run-save").set("run", codec::run_to(run)).done())
        .await
        .map(|_| ())
}

pub async fn clear_run() -> Result<(), JsValue> {
    ask(msg("bg-run-clear").done()).await.map(|_| ())
}

/// The background's summary of the scan history (never the stored rows).
#[derive(Debug, Clone, Default)]
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

fn history_from(o: &JsValue) -> History {
    History {
        resolved_total: codec::uint(o, "resolved_total").unwrap_or(0),
        resolved_with_note: codec::uint(o, "resolved_with_note").unwrap_or(0),
        since_ms: codec::number(o, "since_ms").unwrap_or(0.0),
        by_bucket: codec::pairs(o, "by_bucket")
            .into_iter()
            .filter_map(|(b, n)| Some((b.as_string()?, n)))
            .collect(),
        points: codec::pairs(o, "points")
            .into_iter()
            .filter_map(|(at, n)| Some((at.as_f64()?, n)))
            .collect(),
        reinvite: codec::entries_from(o, "reinvite"),
    }
}

/// Stores a whole scan's snapshot; the answer is the history with it.
pub async fn snapshot(snapshot: &Snapshot) -> Result<History, JsValue> {
    let v = ask(msg("bg-snapshot")
        .set("snapshot", codec::snapshot_to(snapshot))
        .done())
    .await?;
    Ok(history_from(&v))
}

pub async fn clear_history() -> Result<History, JsValue> {
    let v = ask(msg("bg-history-clear").done()).await?;
    Ok(history_from(&v))
}

/// The toolbar badge: this tab's proposal count (0 clears it).
pub async fn badge(proposed: usize) {
    let _ = ask(msg("bg-badge").set("proposed", proposed as f64).done()).await;
}

/// The answer to a settings change: the settings now stored, or why not.
#[derive(Debug, Default)]
pub struct SettingsReply {
    pub ok: bool,
    pub errors: Vec<String>,
    pub settings: Option<Settings>,
}

fn settings_reply(o: &JsValue) -> SettingsReply {
    SettingsReply {
        ok: codec::boolean(o, "ok").unwrap_or(false),
        errors: codec::strings(o, "errors"),
        settings: settings_in(o),
    }
}

/// Adds a profile to the keep-list (never proposed again).
pub async fn keep(profile: &str) -> Result<SettingsReply, JsValue> {
    let v = ask(msg("bg-keep").set("profile", profile).done()).await?;
    Ok(settings_reply(&v))
}

/// Validates and stores new settings.
pub async fn set_settings(settings: &Settings) -> Result<SettingsReply, JsValue> {
    let v = ask(msg("bg-settings-set")
        .set("settings", codec::settings_to(settings))
        .done())
    .await?;
    Ok(settings_reply(&v))
}

/// The whole ledger, for an export.
pub async fn ledger() -> Result<Vec<LedgerEntry>, JsValue> {
    let v = ask(msg("bg-ledger").done()).await?;
    Ok(codec::entries_from(&v, "ledger"))
}

/// Whether a journal intent got as far as its confirm click.
pub fn reached_confirm(i: &Intent) -> bool {
    i.phase == IntentPhase::Confirming
}
