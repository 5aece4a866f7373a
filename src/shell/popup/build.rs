//! The popup's elements: the tab's state and run controls, today's count, the re-invite list, the
//! settings form and the exports, each with the testing contract's `data-testid`.

use std::rc::Rc;

use super::*;

impl Popup {
    pub(super) fn build(self: &Rc<Self>, on_list: bool) -> Result<(), JsValue> {
        let r = &self.root;
        let head = self.add(r, "header", &[("class", "head")], None)?;
        self.add(
            &head,
            "img",
            &[
                ("src", "icons/icon-32.png"),
                ("alt", ""),
                ("width", "24"),
                ("height", "24"),
            ],
            None,
        )?;
        self.add(&head, "h1", &[], Some(&t("panelTitle")))?;

        let status = self.add(
            r,
            "section",
            &[("class", "status"), ("aria-label", &t("popupStatus"))],
            None,
        )?;
        self.add(
            &status,
            "p",
            &[
                ("data-testid", "popup-today"),
                ("class", "today"),
                ("data-count", "0"),
                ("data-cap", "0"),
            ],
            Some("…"),
        )?;
        if on_list {
            self.add(
                &status,
                "p",
                &[
                    ("data-testid", "popup-state"),
                    ("class", "state"),
                    ("data-state", "loading"),
                ],
                Some(&t("state_loading")),
            )?;
            self.add(
                &status,
                "p",
                &[("class", "counts"), ("data-role", "counts")],
                None,
            )?;
            let controls = self.add(&status, "div", &[("class", "controls")], None)?;
            for (id, cmd, label, primary) in [
                ("popup-start", "start", "start", true),
                ("popup-pause", "pause", "pause", false),
                ("popup-resume", "resume", "resume", true),
                ("popup-stop", "stop", "stop", false),
            ] {
                self.add(
                    &controls,
                    "button",
                    &[
                        ("type", "button"),
                        ("data-testid", id),
                        ("data-command", cmd),
                        ("class", if primary { "btn primary" } else { "btn" }),
                    ],
                    Some(&t(label)),
                )?;
            }
        } else {
            self.add(
                &status,
                "p",
                &[("class", "hint")],
                Some(&t("popupNotOnList")),
            )?;
            self.add(
                &status,
                "button",
                &[
                    ("type", "button"),
                    ("data-testid", "popup-open-sent"),
                    ("data-command", "open-sent"),
                    ("class", "btn primary"),
                ],
                Some(&t("popupOpenSent")),
            )?;
        }

        let settings = self.add(
            r,
            "details",
            &[("class", "settings"), ("data-testid", "popup-settings")],
            None,
        )?;
        self.add(&settings, "summary", &[], Some(&t("settingsTitle")))?;
        let form = self.add(&settings, "div", &[("class", "form")], None)?;
        for (name, label, min, max) in [
            ("min-days-no-note", "ruleNoNote", "0", "3650"),
            ("min-days-note", "ruleNote", "0", "3650"),
            ("cap-min", "settingCapMin", "1", "40"),
            ("cap-max", "settingCapMax", "1", "40"),
            ("delay-min", "settingDelayMin", "2", "600"),
            ("delay-max", "settingDelayMax", "2", "600"),
            ("rest-min", "settingRestMin", "2", "1800"),
            ("rest-max", "settingRestMax", "2", "1800"),
            ("ceiling", "settingCeiling", "1", "10000"),
        ] {
            let l = self.add(&form, "label", &[], Some(&t(label)))?;
            self.add(
                &l,
                "input",
                &[
                    ("type", "number"),
                    ("min", min),
                    ("max", max),
                    ("data-testid", &format!("setting-{name}")),
                    ("data-setting", name),
                ],
                None,
            )?;
        }
        let kl = self.add(
            &form,
            "label",
            &[("class", "wide")],
            Some(&t("settingKeep")),
        )?;
        self.add(
            &kl,
            "textarea",
            &[
                ("rows", "3"),
                ("data-testid", "setting-keep"),
                ("data-setting", "keep"),
                ("placeholder", "/in/jane-doe/"),
            ],
            None,
        )?;
        self.add(
            &form,
            "button",
            &[
                ("type", "button"),
                ("class", "btn primary"),
                ("data-testid", "popup-save-settings"),
                ("data-command", "save"),
            ],
            Some(&t("settingsSave")),
        )?;
        self.add(
            &form,
            "p",
            &[
                ("class", "errors"),
                ("data-testid", "popup-settings-message"),
                ("role", "status"),
                ("aria-live", "polite"),
            ],
            None,
        )?;

        let re = self.add(
            r,
            "section",
            &[("class", "reinvite"), ("data-testid", "popup-reinvite")],
            None,
        )?;
        self.add(&re, "h2", &[], Some(&tf("reinviteTitle", &[num(0.0)])))?;
        self.add(&re, "ul", &[], None)?;

        let foot = self.add(r, "footer", &[("class", "foot")], None)?;
        self.add(
            &foot,
            "button",
            &[
                ("type", "button"),
                ("data-testid", "popup-export-csv"),
                ("data-command", "export-csv"),
                ("class", "btn small"),
            ],
            Some(&t("exportCsv")),
        )?;
        self.add(
            &foot,
            "button",
            &[
                ("type", "button"),
                ("data-testid", "popup-export-json"),
                ("data-command", "export-json"),
                ("class", "btn small"),
            ],
            Some(&t("exportJson")),
        )?;
        self.add(
            &foot,
            "p",
            &[("class", "privacy")],
            Some(&t("popupPrivacy")),
        )?;

        let me = self.clone();
        let click = Closure::<dyn FnMut(Event)>::new(move |e: Event| {
            let Some(el) = e
                .target()
                .and_then(|t| t.dyn_into::<Element>().ok())
                .and_then(|t| t.closest("[data-command]").ok().flatten())
            else {
                return;
            };
            let cmd = el.get_attribute("data-command").unwrap_or_default();
            let me = me.clone();
            spawn_local(async move { me.command(&cmd).await });
        });
        self.root
            .add_event_listener_with_callback("click", click.as_ref().unchecked_ref())?;
        // The popup lives as long as its page: the listener may live as long.
        click.forget();
        Ok(())
    }
}
