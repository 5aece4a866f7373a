//! The toolbar popup: the active tab's panel state and run controls, today's count against the
//! cap, the settings (validated by the background), and the ledger exports.

use std::rc::Rc;

use js_sys::{Array, Function, Object, Promise, Reflect};
use serde_json::{json, Value};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::{Document, Element, Event, HtmlInputElement, HtmlTextAreaElement};

use crate::pure::store::Settings;
use crate::shell::dom::document;
use crate::shell::ext;
use crate::shell::i18n::{datetime, num, t, tf};
use crate::shell::sys;

pub const SENT_URL: &str = "https://www.linkedin.com/mynetwork/invitation-manager/sent/";

mod build;
mod settings;

struct Popup {
    doc: Document,
    root: Element,
    tab: Option<f64>,
}

fn make(
    doc: &Document,
    tag: &str,
    attrs: &[(&str, &str)],
    text: Option<&str>,
) -> Result<Element, JsValue> {
    let el = doc.create_element(tag)?;
    for (k, v) in attrs {
        el.set_attribute(k, v)?;
    }
    if let Some(t) = text {
        el.set_text_content(Some(t));
    }
    Ok(el)
}

async fn call(obj: &JsValue, name: &str, args: &[JsValue]) -> Result<JsValue, JsValue> {
    let f: Function = Reflect::get(obj, &JsValue::from_str(name))?.dyn_into()?;
    let arr = Array::new();
    for a in args {
        arr.push(a);
    }
    let r = f.apply(obj, &arr)?;
    match r.dyn_into::<Promise>() {
        Ok(p) => JsFuture::from(p).await,
        Err(v) => Ok(v),
    }
}

/// The tab the popup acts on, with its URL (visible only on linkedin.com, through the host
/// permission: no "tabs" permission needed). From the toolbar that is the active tab; when the
/// popup page is opened in a tab of its own, it is the most recently used sent-list tab.
async fn active_tab() -> Result<(Option<f64>, String), JsValue> {
    let api = ext::api()?;
    let tabs = Reflect::get(&api, &JsValue::from_str("tabs"))?;
    let own = call(&tabs, "getCurrent", &[])
        .await
        .unwrap_or(JsValue::UNDEFINED);
    let q = Object::new();
    if own.is_undefined() || own.is_null() {
        Reflect::set(&q, &JsValue::from_str("active"), &JsValue::TRUE)?;
        Reflect::set(&q, &JsValue::from_str("currentWindow"), &JsValue::TRUE)?;
    } else {
        Reflect::set(
            &q,
            &JsValue::from_str("url"),
            &JsValue::from_str("https://www.linkedin.com/mynetwork/invitation-manager/sent*"),
        )?;
    }
    let list: Array = call(&tabs, "query", &[q.into()]).await?.dyn_into()?;
    let num_of = |t: &JsValue, k: &str| {
        Reflect::get(t, &JsValue::from_str(k))
            .ok()
            .and_then(|v| v.as_f64())
    };
    let tab = list
        .iter()
        .max_by(|a, b| {
            num_of(a, "lastAccessed")
                .unwrap_or(0.0)
                .total_cmp(&num_of(b, "lastAccessed").unwrap_or(0.0))
        })
        .unwrap_or(JsValue::UNDEFINED);
    let id = num_of(&tab, "id");
    let url = Reflect::get(&tab, &JsValue::from_str("url"))
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default();
    Ok((id, url))
}

async fn tab_command(tab: f64, command: &str) -> Result<Value, JsValue> {
    let api = ext::api()?;
    let tabs = Reflect::get(&api, &JsValue::from_str("tabs"))?;
    let msg = ext::to_js(&json!({ "type": "panel-command", "command": command }))?;
    let r = call(&tabs, "sendMessage", &[JsValue::from_f64(tab), msg]).await?;
    ext::from_js(&r)
}

/// Entry point of popup.html.
pub async fn main() -> Result<(), JsValue> {
    let doc = document()?;
    let root = doc
        .get_element_by_id("popup")
        .ok_or("popup.html has no #popup")?;
    root.set_text_content(None);
    let (tab, url) = active_tab().await.unwrap_or((None, String::new()));
    let popup = Rc::new(Popup { doc, root, tab });
    let on_list = crate::pure::page::is_sent_list(&url);
    popup.build(on_list)?;
    popup.clone().refresh().await;
    // While the popup is open (it is a page of its own), keep the status current.
    if on_list {
        spawn_local(async move {
            loop {
                sys::sleep(1000).await;
                popup.clone().refresh().await;
            }
        });
    }
    Ok(())
}

impl Popup {
    fn add(
        &self,
        parent: &Element,
        tag: &str,
        attrs: &[(&str, &str)],
        text: Option<&str>,
    ) -> Result<Element, JsValue> {
        let el = make(&self.doc, tag, attrs, text)?;
        parent.append_child(&el)?;
        Ok(el)
    }

    fn q(&self, sel: &str) -> Option<Element> {
        self.root.query_selector(sel).ok().flatten()
    }

    async fn refresh(self: Rc<Self>) {
        if let Ok(v) = ext::send(&json!({ "type": "bg-status" })).await {
            if let Some(today) = v.get("today") {
                let count = today.get("count").and_then(Value::as_u64).unwrap_or(0);
                let cap = today.get("cap").and_then(Value::as_u64).unwrap_or(0);
                if let Some(el) = self.q("[data-testid=popup-today]") {
                    let _ = el.set_attribute("data-count", &count.to_string());
                    let _ = el.set_attribute("data-cap", &cap.to_string());
                    let mut text = tf("todayCount", &[num(count as f64), num(cap as f64)]);
                    if let Some(at) = today.get("next_at_ms").and_then(Value::as_f64) {
                        text.push_str(" · ");
                        text.push_str(&tf("todayNextAt", &[datetime(at)]));
                    }
                    el.set_text_content(Some(&text));
                }
            }
            if let Some(s) = v
                .get("settings")
                .and_then(|s| serde_json::from_value::<Settings>(s.clone()).ok())
            {
                self.show_settings(&s);
            }
        }
        if let Ok(h) = ext::send(&json!({ "type": "bg-history" })).await {
            self.show_reinvite(&h);
        }
        if let (Some(tab), Some(state)) = (self.tab, self.q("[data-testid=popup-state]")) {
            match tab_command(tab, "status").await {
                Ok(s) if !s.is_null() => {
                    let st = s.get("state").and_then(Value::as_str).unwrap_or("loading");
                    let _ = state.set_attribute("data-state", st);
                    let reason = s.get("reason").and_then(Value::as_str);
                    if let Some(r) = reason {
                        let _ = state.set_attribute("data-reason", r);
                    }
                    // A stop's sentence already says it stopped; otherwise the state's name.
                    let text = match reason {
                        Some(r) => t(&format!("stop_{}", r.replace('-', "_"))),
                        None => t(&format!("state_{st}")),
                    };
                    state.set_text_content(Some(&text));
                    if let Some(c) = self.q("[data-role=counts]") {
                        let n = |k: &str| num(s.get(k).and_then(Value::as_u64).unwrap_or(0) as f64);
                        c.set_text_content(Some(&format!(
                            "{} · {} · {}",
                            tf("countsProposed", &[n("proposed")]),
                            tf("countsSelected", &[n("selected")]),
                            tf("progressLine", &[n("done"), n("total")])
                        )));
                    }
                    self.enable_controls(st);
                }
                _ => {
                    let _ = state.set_attribute("data-state", "loading");
                    state.set_text_content(Some(&t("popupNoPanel")));
                    self.enable_controls("loading");
                }
            }
        }
    }

    /// Who may be invited again (due now or within a week), from the ledger.
    fn show_reinvite(&self, h: &Value) {
        let due: Vec<crate::pure::ledger::LedgerEntry> = h
            .get("reinvite")
            .and_then(|r| serde_json::from_value(r.clone()).ok())
            .unwrap_or_default();
        if let Some(title) = self.q("[data-testid=popup-reinvite] h2") {
            title.set_text_content(Some(&tf("reinviteTitle", &[num(due.len() as f64)])));
        }
        let Some(ul) = self.q("[data-testid=popup-reinvite] ul") else {
            return;
        };
        ul.set_text_content(None);
        for e in due.iter().take(50) {
            let profile = e.profile_url.trim_start_matches("https://www.linkedin.com");
            if let Ok(li) = self.add(
                &ul,
                "li",
                &[
                    ("data-testid", "popup-reinvite-row"),
                    ("data-profile", profile),
                ],
                None,
            ) {
                let _ = self.add(
                    &li,
                    "a",
                    &[
                        ("href", &e.profile_url),
                        ("target", "_blank"),
                        ("rel", "noopener noreferrer"),
                    ],
                    Some(&e.name),
                );
                let _ = self.add(
                    &li,
                    "span",
                    &[("class", "when")],
                    Some(&tf(
                        "reinviteFrom",
                        std::slice::from_ref(&e.reconnect_after),
                    )),
                );
            }
        }
    }

    fn enable_controls(&self, state: &str) {
        let allowed: &[&str] = match state {
            "ready" | "stopped" | "capped" | "done" => &["start"],
            "running" => &["pause", "stop"],
            "paused" => &["resume", "stop"],
            _ => &[],
        };
        for cmd in ["start", "pause", "resume", "stop"] {
            if let Some(b) = self.q(&format!("[data-command={cmd}]")) {
                if allowed.contains(&cmd) {
                    let _ = b.remove_attribute("disabled");
                } else {
                    let _ = b.set_attribute("disabled", "");
                }
                if cmd == "resume" {
                    let _ = if allowed.contains(&"resume") {
                        b.remove_attribute("hidden")
                    } else {
                        b.set_attribute("hidden", "")
                    };
                }
                if cmd == "pause" {
                    let _ = if allowed.contains(&"resume") {
                        b.set_attribute("hidden", "")
                    } else {
                        b.remove_attribute("hidden")
                    };
                }
            }
        }
    }

    fn message(&self, text: &str, ok: bool) {
        if let Some(m) = self.q("[data-testid=popup-settings-message]") {
            m.set_text_content(Some(text));
            let _ = m.set_attribute("data-ok", if ok { "true" } else { "false" });
        }
    }

    async fn export(&self, kind: &str) {
        #[derive(serde::Serialize)]
        struct Ask {
            #[serde(rename = "type")]
            ty: &'static str,
        }
        #[derive(serde::Deserialize, Default)]
        #[serde(default)]
        struct Ledger {
            ledger: Vec<crate::pure::ledger::LedgerEntry>,
        }
        let entries = ext::ask::<_, Ledger>(&Ask { ty: "bg-ledger" }).await;
        let done = entries.and_then(|l| {
            crate::shell::export::export_ledger(&self.doc, &self.root, kind, &l.ledger)
        });
        match done {
            Ok((name, n)) => self.message(&tf("exported", &[num(n as f64), name]), true),
            Err(e) => self.message(&tf("exportFailed", &[sys::js_error_text(&e)]), false),
        }
    }

    async fn command(self: Rc<Self>, cmd: &str) {
        match cmd {
            "open-sent" => {
                let r = async {
                    let api = ext::api()?;
                    let tabs = Reflect::get(&api, &JsValue::from_str("tabs"))?;
                    let props = Object::new();
                    Reflect::set(
                        &props,
                        &JsValue::from_str("url"),
                        &JsValue::from_str(SENT_URL),
                    )?;
                    match self.tab {
                        Some(id) => {
                            call(&tabs, "update", &[JsValue::from_f64(id), props.into()]).await
                        }
                        None => call(&tabs, "create", &[props.into()]).await,
                    }
                }
                .await;
                if r.is_ok() {
                    if let Some(w) = web_sys::window() {
                        let _ = w.close();
                    }
                }
            }
            "start" | "pause" | "resume" | "stop" => {
                if let Some(tab) = self.tab {
                    let _ = tab_command(tab, cmd).await;
                }
                self.refresh().await;
            }
            "save" => self.save().await,
            "export-csv" => self.export("csv").await,
            "export-json" => self.export("json").await,
            _ => {}
        }
    }
}
