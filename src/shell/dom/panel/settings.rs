//! The panel's settings and outputs: the view filters and sort, the proposal rules form, the
//! ledger exports and the layout report.

use wasm_bindgen::prelude::*;
use web_sys::{Document, Element, HtmlElement, HtmlInputElement, HtmlSelectElement};

use super::{group, make, set_hidden, with_text};
use crate::pure::policy::{NoteFilter, ViewFilter};
use crate::shell::i18n::t;

/// The order the rows are listed in: the proposals' (oldest first), the page's, or newest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortKey {
    #[default]
    Proposal,
    Page,
    Newest,
}

impl SortKey {
    /// The key an option of the sort select stands for.
    pub(super) fn from_value(v: &str) -> SortKey {
        match v {
            "page" => SortKey::Page,
            "newest" => SortKey::Newest,
            _ => SortKey::Proposal,
        }
    }
}

/// The form fields the delegated listeners read when the person changes a filter or saves the
/// rules (they hold their own copy of the handles).
#[derive(Clone)]
pub(super) struct SettingsInputs {
    note: HtmlSelectElement,
    min_age: HtmlInputElement,
    /// Minimum days without a note, with a note.
    rules: [HtmlInputElement; 2],
}

impl SettingsInputs {
    /// The view filter the person has set.
    pub(super) fn filter(&self) -> ViewFilter {
        ViewFilter {
            note: match self.note.value().as_str() {
                "with" => NoteFilter::WithNote,
                "without" => NoteFilter::WithoutNote,
                _ => NoteFilter::Any,
            },
            min_days: self
                .min_age
                .value()
                .trim()
                .parse::<u32>()
                .ok()
                .filter(|d| *d > 0),
        }
    }

    /// The rules form's thresholds as typed (without a note, with a note).
    pub(super) fn rules(&self) -> (String, String) {
        let [no_note, note] = &self.rules;
        (no_note.value(), note.value())
    }
}

pub(super) struct SettingsView {
    /// The filters and sort.
    pub(super) filters: Element,
    /// The proposal rules, editable and persisted by the background.
    pub(super) rules: Element,
    /// The ledger exports and the copy-report button.
    pub(super) foot: Element,
    /// The layout report, shown when the page is not recognised.
    pub(super) report: Element,
    copy_report: HtmlElement,
    pub(super) inputs: SettingsInputs,
}

impl SettingsView {
    pub(super) fn new(doc: &Document) -> Result<SettingsView, JsValue> {
        let filters = group(doc, "filters", "filters")?;
        let note = labelled_select(
            doc,
            &filters,
            "filterNote",
            &[("data-action", "filter"), ("data-field", "note")],
            &[
                ("any", "noteAny"),
                ("with", "noteWith"),
                ("without", "noteWithout"),
            ],
        )?;
        let age = labelled_days(
            doc,
            &filters,
            "filterMinAge",
            &[
                ("data-action", "filter"),
                ("data-field", "min-age"),
                ("placeholder", "0"),
            ],
        )?;
        labelled_select(
            doc,
            &filters,
            "sortLabel",
            &[("data-action", "sort")],
            &[
                ("proposal", "sortProposal"),
                ("page", "sortPage"),
                ("newest", "sortNewest"),
            ],
        )?;

        let rules = make(
            doc,
            "details",
            &[("class", "rules"), ("data-testid", "sweeper-rules")],
        )?;
        rules.append_child(with_text(doc, "summary", &[], &t("rulesTitle"))?.as_ref())?;
        let form = make(doc, "div", &[("class", "rules-form")])?;
        let rule_inputs = [
            rule_field(doc, &form, "no-note", "ruleNoNote")?,
            rule_field(doc, &form, "note", "ruleNote")?,
        ];
        let save = with_text(
            doc,
            "button",
            &[
                ("type", "button"),
                ("class", "btn small"),
                ("data-action", "save-policy"),
                ("data-testid", "sweeper-save-rules"),
            ],
            &t("rulesSave"),
        )?;
        form.append_child(&save)?;
        rules.append_child(&form)?;

        // Ledger and reports.
        let foot = make(doc, "div", &[("class", "foot")])?;
        for (id, action, label) in [
            ("sweeper-export-csv", "export-csv", "exportCsv"),
            ("sweeper-export-json", "export-json", "exportJson"),
        ] {
            foot.append_child(
                with_text(
                    doc,
                    "button",
                    &[
                        ("type", "button"),
                        ("class", "btn small"),
                        ("data-testid", id),
                        ("data-action", action),
                    ],
                    &t(label),
                )?
                .as_ref(),
            )?;
        }
        let copy_report = with_text(
            doc,
            "button",
            &[
                ("type", "button"),
                ("class", "btn small"),
                ("data-action", "copy-report"),
                ("data-testid", "sweeper-copy-report"),
                ("hidden", ""),
            ],
            &t("copyReport"),
        )?;
        foot.append_child(&copy_report)?;

        let report = make(
            doc,
            "pre",
            &[
                ("class", "report"),
                ("data-testid", "sweeper-layout-report"),
                ("hidden", ""),
                ("tabindex", "0"),
            ],
        )?;

        let inputs = SettingsInputs {
            note: note.unchecked_into(),
            min_age: age,
            rules: rule_inputs,
        };
        Ok(SettingsView {
            filters,
            rules,
            foot,
            report,
            copy_report: copy_report.unchecked_into(),
            inputs,
        })
    }

    /// See [`super::Panel::set_rules`].
    pub(super) fn set_rules(&self, no_note: u32, note: u32) {
        let [no_note_input, note_input] = &self.inputs.rules;
        no_note_input.set_value(&no_note.to_string());
        note_input.set_value(&note.to_string());
    }

    /// See [`super::Panel::set_report`].
    pub(super) fn set_report(&self, report: Option<&str>) {
        self.report.set_text_content(report);
        set_hidden(&self.report, report.is_none());
        set_hidden(&self.copy_report, report.is_none());
    }
}

/// One threshold of the rules form (minimum days), labelled, appended to `form`.
fn rule_field(
    doc: &Document,
    form: &Element,
    field: &str,
    label: &str,
) -> Result<HtmlInputElement, JsValue> {
    let testid = format!("setting-min-days-{field}");
    labelled_days(
        doc,
        form,
        label,
        &[("data-field", field), ("data-testid", &testid)],
    )
}

/// A labelled number of days (0 to ten years) with `attrs` after its own, appended to `parent`.
fn labelled_days(
    doc: &Document,
    parent: &Element,
    label: &str,
    attrs: &[(&str, &str)],
) -> Result<HtmlInputElement, JsValue> {
    let l = with_text(doc, "label", &[], &t(label))?;
    let mut all = vec![
        ("type", "number"),
        ("min", "0"),
        ("max", "3650"),
        ("inputmode", "numeric"),
    ];
    all.extend_from_slice(attrs);
    let input = make(doc, "input", &all)?;
    l.append_child(&input)?;
    parent.append_child(&l)?;
    Ok(input.unchecked_into())
}

/// A labelled select of `options` (each a value and the message key of its text), appended to
/// `parent`.
fn labelled_select(
    doc: &Document,
    parent: &Element,
    label: &str,
    attrs: &[(&str, &str)],
    options: &[(&str, &str)],
) -> Result<Element, JsValue> {
    let l = with_text(doc, "label", &[], &t(label))?;
    let select = make(doc, "select", attrs)?;
    for (v, k) in options {
        select.append_child(with_text(doc, "option", &[("value", v)], &t(k))?.as_ref())?;
    }
    l.append_child(&select)?;
    parent.append_child(&l)?;
    Ok(select)
}
