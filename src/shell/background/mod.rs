//! The background's part of the core: the one arbiter of the daily cap, the ledger's writer, the
//! keeper of interrupted runs and settings. The glue hands it one message at a time, and every
//! message reads and writes `storage.local`, so a restarted service worker loses nothing.

use js_sys::Reflect;
use serde_json::{json, Value};
use wasm_bindgen::prelude::*;

use crate::pure::cap::{self, Decision};
use crate::pure::dates::local_date;
use crate::pure::insights::{self, Snapshot};
use crate::pure::journal::{check_new, to_reconcile, Intent, IntentPhase};
use crate::pure::ledger::{reinvite_due, LedgerEntry};
use crate::pure::store::Settings;
use crate::shell::ext;
use crate::shell::sys::{self, MathRandom};

mod db;
use db::*;

fn today_json(db: &mut Db, now: f64) -> Value {
    let off = sys::utc_offset_min(now);
    let s = cap::status(&mut db.cap, db.settings.cap, now, off, &mut MathRandom);
    db.touch(K_CAP);
    json!({ "count": s.count, "cap": s.cap, "next_at_ms": s.next_at_ms })
}

/// What the panel shows of the history: totals, resolved per bucket, and the pending counts of
/// past scans for the forecast (never the stored rows).
fn history_json(db: &Db) -> Value {
    let h = &db.history;
    json!({
        "resolved_total": h.resolved_total,
        "resolved_with_note": h.resolved_with_note,
        "since_ms": h.since_ms,
        "by_bucket": insights::resolved_by_bucket(h),
        "points": h.snapshots.iter().map(|s| (s.at_ms, s.pending)).collect::<Vec<_>>(),
        "reinvite": reinvite_due(&db.ledger, sys::now_ms(), 7),
    })
}

fn ledger_json(db: &Db) -> Value {
    serde_json::to_value(&db.ledger).unwrap_or(Value::Array(Vec::new()))
}

async fn live_tabs(ids: &[i64]) -> Vec<i64> {
    let mut live = Vec::new();
    for id in ids {
        let ok = async {
            let api = ext::api()?;
            let tabs = Reflect::get(&api, &JsValue::from_str("tabs"))?;
            let get: js_sys::Function =
                Reflect::get(&tabs, &JsValue::from_str("get"))?.dyn_into()?;
            let p: js_sys::Promise = get
                .call1(&tabs, &JsValue::from_f64(*id as f64))?
                .dyn_into()?;
            wasm_bindgen_futures::JsFuture::from(p).await
        }
        .await
        .is_ok();
        if ok {
            live.push(*id);
        }
    }
    live
}

/// Handles one message from a content script or the popup.
pub async fn handle(message: JsValue) -> Result<JsValue, JsValue> {
    let m = ext::from_js(&message)?;
    let now = sys::now_ms();
    let off = sys::utc_offset_min(now);
    let tab = m.get("tabId").and_then(Value::as_i64);
    let ty = m.get("type").and_then(Value::as_str).unwrap_or_default();
    let with_history = matches!(ty, "bg-snapshot" | "bg-history" | "bg-history-clear");
    let mut db = Db::load(now, with_history).await?;
    let reply = match ty {
        "bg-hello" => {
            let tab_ids: Vec<i64> = db
                .journal
                .iter()
                .filter_map(|i| i.tab)
                .chain(db.runs.keys().filter_map(|k| k.parse().ok()))
                .collect();
            let live = live_tabs(&tab_ids).await;
            let reconcile: Vec<Value> = to_reconcile(&db.journal, tab, &live)
                .into_iter()
                .map(|i| serde_json::to_value(i).unwrap_or(Value::Null))
                .collect();
            // An interrupted run: this tab's own (reloaded), else one whose tab is gone.
            let own = tab.map(|t| t.to_string());
            let key = own.clone().filter(|k| db.runs.contains_key(k)).or_else(|| {
                db.runs
                    .keys()
                    .find(|k| k.parse::<i64>().map(|t| !live.contains(&t)).unwrap_or(true))
                    .cloned()
            });
            let interrupted = key
                .as_ref()
                .and_then(|k| db.runs.get(k))
                .and_then(|r| r.get("run"))
                .cloned()
                .filter(|r| {
                    matches!(
                        r.get("phase").and_then(Value::as_str),
                        Some("Running") | Some("Paused")
                    )
                });
            // The tab that was offered a dead tab's run takes it over.
            if let (Some(k), Some(own)) = (key, own) {
                if k != own {
                    if let Some(v) = db.runs.remove(&k) {
                        db.runs.insert(own, v);
                        db.touch(K_RUNS);
                    }
                }
            }
            json!({
                "settings": db.settings,
                "today": today_json(&mut db, now),
                "reconcile": reconcile,
                "interrupted": interrupted,
                "problems": db.problems,
                "ledger": ledger_json(&db),
            })
        }
        "bg-status" => {
            json!({ "today": today_json(&mut db, now), "ledger": ledger_json(&db), "settings": db.settings, "problems": db.problems })
        }
        "bg-grant" => {
            let profile = m
                .get("profile")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string();
            let url = format!("https://www.linkedin.com{profile}");
            match check_new(
                &db.journal,
                &db.ledger,
                &profile,
                &url,
                &local_date(now, off),
            ) {
                Err(r) => json!({ "refused": r, "today": today_json(&mut db, now) }),
                Ok(()) => {
                    let id = format!("{}-{}", now as u64, (js_sys::Math::random() * 1e9) as u64);
                    match cap::request(&mut db.cap, db.settings.cap, now, off, &id, &mut MathRandom)
                    {
                        Decision::Granted { .. } => {
                            db.journal.push(Intent {
                                id: id.clone(),
                                profile,
                                tab,
                                phase: IntentPhase::Granted,
                                at_ms: now,
                                entry: None,
                            });
                            db.touch(K_CAP);
                            db.touch(K_JOURNAL);
                            json!({ "id": id, "today": today_json(&mut db, now) })
                        }
                        Decision::Capped(_) => {
                            db.touch(K_CAP);
                            json!({ "capped": true, "today": today_json(&mut db, now) })
                        }
                    }
                }
            }
        }
        "bg-confirming" => {
            let id = m.get("id").and_then(Value::as_str).unwrap_or_default();
            let entry: Option<LedgerEntry> = m
                .get("entry")
                .and_then(|e| serde_json::from_value(e.clone()).ok());
            let Some(intent) = db.journal.iter_mut().find(|i| i.id == id) else {
                return Err(JsValue::from_str("no such withdrawal in flight"));
            };
            intent.phase = IntentPhase::Confirming;
            intent.entry = entry;
            // The slot stays pending (it counts) until the settle says whether confirm was clicked.
            db.touch(K_JOURNAL);
            json!({ "ok": true })
        }
        "bg-settle" => {
            let id = m.get("id").and_then(Value::as_str).unwrap_or_default();
            let withdrawn = m.get("withdrawn").and_then(Value::as_bool).unwrap_or(false);
            let clicked = m.get("clicked").and_then(Value::as_bool);
            if let Some(pos) = db.journal.iter().position(|i| i.id == id) {
                let intent = db.journal.remove(pos);
                match (withdrawn, clicked, intent.phase) {
                    (true, _, _) => {
                        cap::confirm(&mut db.cap, id);
                        if let Some(e) = intent.entry {
                            db.ledger.push(e);
                            db.touch(K_LEDGER);
                        }
                    }
                    // The confirm button was certainly never clicked: the slot goes back.
                    (false, Some(false), _) | (false, None, IntentPhase::Granted) => {
                        cap::release(&mut db.cap, id);
                    }
                    // Confirm was (or may have been) clicked but the row stayed: LinkedIn may
                    // still have acted, so the slot stays counted.
                    (false, _, _) => {
                        cap::confirm(&mut db.cap, id);
                    }
                }
                db.touch(K_JOURNAL);
                db.touch(K_CAP);
            }
            json!({ "ok": true, "today": today_json(&mut db, now), "ledger": ledger_json(&db) })
        }
        "bg-run-save" => {
            if let (Some(t), Some(run)) = (tab, m.get("run")) {
                db.runs
                    .insert(t.to_string(), json!({ "run": run, "updated_ms": now }));
                db.touch(K_RUNS);
            }
            json!({ "ok": true })
        }
        "bg-run-clear" => {
            if let Some(t) = tab {
                db.runs.remove(&t.to_string());
            }
            db.touch(K_RUNS);
            json!({ "ok": true })
        }
        "bg-ledger" => {
            json!({ "ledger": ledger_json(&db), "reinvite": reinvite_due(&db.ledger, now, 7) })
        }
        "bg-snapshot" => {
            if let Some(snap) = m
                .get("snapshot")
                .and_then(|v| serde_json::from_value::<Snapshot>(v.clone()).ok())
            {
                insights::record(&mut db.history, snap, &db.ledger);
                db.touch(K_HISTORY);
            }
            history_json(&db)
        }
        "bg-history" => history_json(&db),
        "bg-history-clear" => {
            insights::clear(&mut db.history, now);
            db.touch(K_HISTORY);
            history_json(&db)
        }
        "bg-settings-get" => json!({ "settings": db.settings }),
        "bg-settings-set" => match m
            .get("settings")
            .map(|v| serde_json::from_value::<Settings>(v.clone()))
        {
            Some(Ok(s)) => {
                let mut errors = Vec::new();
                if let Err(e) = s.policy.validate() {
                    errors.extend(e);
                }
                if let Err(e) = s.cap.validate() {
                    errors.extend(e);
                }
                if let Err(e) = s.pacing.validate() {
                    errors.extend(e);
                }
                if errors.is_empty() {
                    db.settings = s;
                    db.touch(K_SETTINGS);
                    json!({ "ok": true, "settings": db.settings })
                } else {
                    json!({ "ok": false, "errors": errors, "settings": db.settings })
                }
            }
            _ => {
                json!({ "ok": false, "errors": ["the settings could not be read"], "settings": db.settings })
            }
        },
        "bg-keep" => {
            if let Some(p) = m.get("profile").and_then(Value::as_str) {
                if !db.settings.policy.keep.iter().any(|k| k == p) {
                    db.settings.policy.keep.push(p.to_string());
                    db.touch(K_SETTINGS);
                }
            }
            json!({ "ok": true, "settings": db.settings })
        }
        "bg-badge" => {
            let n = m.get("proposed").and_then(Value::as_u64).unwrap_or(0);
            set_badge(tab, if n == 0 { String::new() } else { n.to_string() });
            json!({ "ok": true })
        }
        other => return Err(JsValue::from_str(&format!("unknown message type {other}"))),
    };
    db.save().await?;
    ext::to_js(&reply)
}

/// The toolbar badge: the number of proposals on that tab after its last scan.
fn set_badge(tab: Option<i64>, text: String) {
    let r = (|| -> Result<(), JsValue> {
        let api = ext::api()?;
        let action = Reflect::get(&api, &JsValue::from_str("action"))?;
        let opts = js_sys::Object::new();
        Reflect::set(&opts, &JsValue::from_str("text"), &JsValue::from_str(&text))?;
        if let Some(t) = tab {
            Reflect::set(
                &opts,
                &JsValue::from_str("tabId"),
                &JsValue::from_f64(t as f64),
            )?;
        }
        let f: js_sys::Function =
            Reflect::get(&action, &JsValue::from_str("setBadgeText"))?.dyn_into()?;
        let _ = f.call1(&action, &opts)?;
        let color = js_sys::Object::new();
        Reflect::set(
            &color,
            &JsValue::from_str("color"),
            &JsValue::from_str("#0e6e63"),
        )?;
        if let Some(t) = tab {
            Reflect::set(
                &color,
                &JsValue::from_str("tabId"),
                &JsValue::from_f64(t as f64),
            )?;
        }
        let f: js_sys::Function =
            Reflect::get(&action, &JsValue::from_str("setBadgeBackgroundColor"))?.dyn_into()?;
        let _ = f.call1(&action, &color)?;
        Ok(())
    })();
    if let Err(e) = r {
        sys::warn(&format!("badge: {}", sys::js_error_text(&e)));
    }
}
