//! The panel's controls: the run buttons (rescan, start, pause, resume, stop), the selection
//! buttons (proposed, all, none) and the offer to resume an interrupted run.

use wasm_bindgen::prelude::*;
use web_sys::{Document, Element, HtmlElement};

use super::{group, make, set_hidden, with_text};
use crate::shell::i18n::{num, t, tf};

pub(super) struct ControlsView {
    /// Shown above the run buttons while an interrupted run can be resumed.
    pub(super) resume_box: Element,
    /// The run buttons' group.
    pub(super) run: Element,
    /// The selection buttons' group.
    pub(super) select: Element,
    /// Each run button by its `data-action`.
    buttons: Vec<(&'static str, HtmlElement)>,
}

impl ControlsView {
    pub(super) fn new(doc: &Document) -> Result<ControlsView, JsValue> {
        let resume_box = make(doc, "div", &[("class", "resume"), ("hidden", "")])?;

        let run = group(doc, "controls", "runControls")?;
        let mut buttons = Vec::new();
        for (id, action, label, primary) in [
            ("sweeper-scan", "scan", "rescan", false),
            ("sweeper-start", "start", "start", true),
            ("sweeper-pause", "pause", "pause", false),
            ("sweeper-resume", "resume", "resume", true),
            ("sweeper-stop", "stop", "stop", false),
        ] {
            let b = with_text(
                doc,
                "button",
                &[
                    ("type", "button"),
                    ("data-testid", id),
                    ("data-action", action),
                    ("class", if primary { "btn primary" } else { "btn" }),
                ],
                &t(label),
            )?;
            run.append_child(&b)?;
            buttons.push((action, b.unchecked_into()));
        }

        let select = group(doc, "select-bar", "selection")?;
        for (action, label) in [
            ("select-proposed", "selectProposed"),
            ("select-all", "selectAll"),
            ("select-none", "selectNone"),
        ] {
            select.append_child(
                with_text(
                    doc,
                    "button",
                    &[
                        ("type", "button"),
                        ("class", "link"),
                        ("data-action", action),
                    ],
                    &t(label),
                )?
                .as_ref(),
            )?;
        }
        Ok(ControlsView {
            resume_box,
            run,
            select,
            buttons,
        })
    }

    /// See [`super::Panel::set_enabled`].
    pub(super) fn set_enabled(&self, enabled: &[&str]) {
        for (k, b) in &self.buttons {
            let on = enabled.contains(k);
            if on {
                let _ = b.remove_attribute("disabled");
            } else {
                let _ = b.set_attribute("disabled", "");
            }
            // Pause and resume share a place: resume shows only while it applies.
            if *k == "pause" {
                set_hidden(b, enabled.contains(&"resume"));
            }
            if *k == "resume" {
                set_hidden(b, !on);
            }
        }
    }

    /// See [`super::Panel::set_resume_offer`].
    pub(super) fn set_resume_offer(
        &self,
        doc: &Document,
        left: Option<usize>,
    ) -> Result<(), JsValue> {
        self.resume_box.set_text_content(None);
        set_hidden(&self.resume_box, left.is_none());
        if let Some(n) = left {
            self.resume_box.append_child(
                with_text(doc, "p", &[], &tf("resumeOffer", &[num(n as f64)]))?.as_ref(),
            )?;
            // Resume carries the testing contract's hook; discard needs none.
            for (class, action, testid, label) in [
                (
                    "btn primary",
                    "resume-interrupted",
                    Some("sweeper-resume-interrupted"),
                    "resumeInterrupted",
                ),
                ("btn", "discard-interrupted", None, "discardInterrupted"),
            ] {
                let mut attrs = vec![
                    ("type", "button"),
                    ("class", class),
                    ("data-action", action),
                ];
                attrs.extend(testid.map(|id| ("data-testid", id)));
                self.resume_box
                    .append_child(with_text(doc, "button", &attrs, &t(label))?.as_ref())?;
            }
        }
        Ok(())
    }
}
