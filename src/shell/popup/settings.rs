//! The popup's settings: shown from what the background holds, read back from the form, saved
//! through the background, which validates them and says what is wrong.

use super::*;

impl Popup {
    pub(super) fn input(&self, name: &str) -> Option<HtmlInputElement> {
        self.q(&format!("input[data-setting={name}]"))
            .and_then(|e| e.dyn_into().ok())
    }

    pub(super) fn set_input(&self, name: &str, v: u64) {
        if let Some(i) = self.input(name) {
            i.set_value(&v.to_string());
        }
    }

    pub(super) fn read_input(&self, name: &str) -> Option<u64> {
        self.input(name).and_then(|i| i.value().trim().parse().ok())
    }

    pub(super) fn show_settings(&self, s: &Settings) {
        self.set_input("min-days-no-note", s.policy.min_days_no_note.into());
        self.set_input("min-days-note", s.policy.min_days_note.into());
        self.set_input("cap-min", s.cap.min.into());
        self.set_input("cap-max", s.cap.max.into());
        self.set_input("delay-min", s.pacing.delay_min_ms / 1000);
        self.set_input("delay-max", s.pacing.delay_max_ms / 1000);
        self.set_input("rest-min", s.pacing.rest_min_ms / 1000);
        self.set_input("rest-max", s.pacing.rest_max_ms / 1000);
        self.set_input("ceiling", s.ceiling.into());
        if let Some(k) = self
            .q("textarea[data-setting=keep]")
            .and_then(|e| e.dyn_into::<HtmlTextAreaElement>().ok())
        {
            k.set_value(&s.policy.keep.join("\n"));
        }
    }

    pub(super) async fn save(&self) {
        let Ok(v) = ext::send(&json!({ "type": "bg-settings-get" })).await else {
            return;
        };
        let Some(mut s) = v
            .get("settings")
            .and_then(|s| serde_json::from_value::<Settings>(s.clone()).ok())
        else {
            return;
        };
        let mut bad = Vec::new();
        let mut read = |name: &str, label: &str| -> u64 {
            match self.read_input(name) {
                Some(v) => v,
                None => {
                    bad.push(tf("settingNotNumber", &[t(label)]));
                    0
                }
            }
        };
        s.policy.min_days_no_note =
            read("min-days-no-note", "ruleNoNote").min(u32::MAX.into()) as u32;
        s.policy.min_days_note = read("min-days-note", "ruleNote").min(u32::MAX.into()) as u32;
        s.cap.min = read("cap-min", "settingCapMin").min(u32::MAX.into()) as u32;
        s.cap.max = read("cap-max", "settingCapMax").min(u32::MAX.into()) as u32;
        s.pacing.delay_min_ms = read("delay-min", "settingDelayMin").saturating_mul(1000);
        s.pacing.delay_max_ms = read("delay-max", "settingDelayMax").saturating_mul(1000);
        s.pacing.rest_min_ms = read("rest-min", "settingRestMin").saturating_mul(1000);
        s.pacing.rest_max_ms = read("rest-max", "settingRestMax").saturating_mul(1000);
        s.ceiling = read("ceiling", "settingCeiling").min(u32::MAX.into()) as u32;
        if let Some(k) = self
            .q("textarea[data-setting=keep]")
            .and_then(|e| e.dyn_into::<HtmlTextAreaElement>().ok())
        {
            let mut keep = Vec::new();
            for line in k.value().lines().map(str::trim).filter(|l| !l.is_empty()) {
                match crate::pure::invitation::profile_path(line) {
                    Some(p) => keep.push(p),
                    None => bad.push(tf("settingKeepBad", &[line.to_string()])),
                }
            }
            s.policy.keep = keep;
        }
        if !bad.is_empty() {
            self.message(&bad.join(" "), false);
            return;
        }
        match ext::send(&json!({ "type": "bg-settings-set", "settings": s })).await {
            Ok(r) if r.get("ok").and_then(Value::as_bool) == Some(true) => {
                if let Some(s) = r
                    .get("settings")
                    .and_then(|s| serde_json::from_value::<Settings>(s.clone()).ok())
                {
                    self.show_settings(&s);
                }
                self.message(&t("settingsSaved"), true);
            }
            Ok(r) => {
                let errors: Vec<String> = r
                    .get("errors")
                    .and_then(Value::as_array)
                    .map(|a| {
                        a.iter()
                            .filter_map(|e| e.as_str().map(String::from))
                            .collect()
                    })
                    .unwrap_or_default();
                self.message(&errors.join(" "), false);
            }
            Err(e) => self.message(&tf("detailBackground", &[sys::js_error_text(&e)]), false),
        }
    }
}
