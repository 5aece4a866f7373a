//! The panel's row list: one row per pending invitation, built once and then reused while it
//! shows the same thing; selection, visibility, withdrawn marks and order change in place.

use crate::pure::hash::Map;
use std::cell::Cell;

use wasm_bindgen::prelude::*;
use web_sys::{Document, Element, HtmlInputElement};

use super::{make, set_hidden, with_text};
use crate::pure::invitation::Invitation;
use crate::shell::i18n::{t, tf};

/// One row as the panel shows it.
pub struct RowView<'a> {
    pub inv: &'a Invitation,
    pub proposed: bool,
    pub selected: bool,
    pub kept: bool,
}

struct RowEls {
    li: Element,
    checkbox: HtmlInputElement,
    /// Everything the row shows but its selection and visibility: a rescan that finds the same
    /// invitation unchanged moves this element instead of building a new one.
    shown: String,
    selected: Cell<bool>,
    hidden: Cell<bool>,
    /// Marked withdrawn in place: never reused.
    withdrawn: Cell<bool>,
}

pub(super) struct RowsView {
    /// The `<ul>` the rows are listed in.
    pub(super) list: Element,
    rows: Map<String, RowEls>,
    /// The profiles of the rows, in the order they are listed.
    order: Vec<String>,
    /// See [`prototype`]; built with the first row.
    proto: Option<Element>,
}

impl RowsView {
    pub(super) fn new(doc: &Document) -> Result<RowsView, JsValue> {
        let list = make(
            doc,
            "ul",
            &[("class", "rows"), ("aria-label", &t("listLabel"))],
        )?;
        Ok(RowsView {
            list,
            rows: Map::default(),
            order: Vec::new(),
            proto: None,
        })
    }

    /// See [`super::Panel::set_rows`].
    pub(super) fn set(&mut self, doc: &Document, rows: &[RowView<'_>]) -> Result<(), JsValue> {
        // The same rows in the same order, each unchanged (a rescan of an unchanged page): only
        // the selection can differ, and nothing is moved.
        let unchanged = rows.len() == self.order.len()
            && rows.iter().zip(&self.order).all(|(r, p)| {
                &r.inv.profile == p
                    && self
                        .rows
                        .get(p)
                        .is_some_and(|e| !e.withdrawn.get() && e.shown == shown_key(r))
            });
        if unchanged {
            for r in rows {
                if let Some(e) = self.rows.get(&r.inv.profile) {
                    set_row_selected(e, r.selected);
                }
            }
            return Ok(());
        }
        self.order = rows.iter().map(|r| r.inv.profile.clone()).collect();
        let mut old = std::mem::take(&mut self.rows);
        let frag = doc.create_document_fragment();
        for r in rows {
            let inv = r.inv;
            let shown = shown_key(r);
            if let Some(prev) = old.remove(&inv.profile) {
                if prev.shown == shown && !prev.withdrawn.get() {
                    frag.append_child(&prev.li)?;
                    set_row_selected(&prev, r.selected);
                    self.rows.insert(inv.profile.clone(), prev);
                    continue;
                }
            }
            let proto = match &self.proto {
                Some(p) => p,
                None => self.proto.insert(prototype(doc)?),
            };
            let row = build_row(doc, proto, r, shown)?;
            frag.append_child(&row.li)?;
            self.rows.insert(inv.profile.clone(), row);
        }
        // Rows of invitations that are gone (or changed) go with the old contents.
        self.list.set_text_content(None);
        self.list.append_child(&frag)?;
        Ok(())
    }

    /// See [`super::Panel::set_selected`].
    pub(super) fn set_selected(&self, profile: &str, selected: bool) {
        if let Some(r) = self.rows.get(profile) {
            r.selected.set(selected);
            r.checkbox.set_checked(selected);
            let _ =
                r.li.set_attribute("data-selected", if selected { "true" } else { "false" });
        }
    }

    /// See [`super::Panel::set_visible`].
    pub(super) fn set_visible(&self, profile: &str, visible: bool) {
        if let Some(r) = self.rows.get(profile) {
            if r.hidden.get() == visible {
                r.hidden.set(!visible);
                set_hidden(&r.li, !visible);
            }
        }
    }

    /// See [`super::Panel::mark_withdrawn`].
    pub(super) fn mark_withdrawn(&self, profile: &str) {
        if let Some(r) = self.rows.get(profile) {
            r.withdrawn.set(true);
            let _ = r.li.class_list().add_1("withdrawn");
            let _ = r.li.set_attribute("data-withdrawn", "true");
            r.checkbox.set_disabled(true);
        }
    }

    /// See [`super::Panel::reorder`].
    pub(super) fn reorder(&mut self, order: &[String]) {
        for p in order {
            if let Some(r) = self.rows.get(p) {
                let _ = self.list.append_child(&r.li);
            }
        }
        // Rows left out of `order` stay ahead of the moved ones: the next `set` must not take
        // the listed order for granted.
        self.order.clear();
    }
}

/// What a row element displays, as one comparable string (fields cannot contain `\u{1}`
/// unnoticed: a clash would only mean a rebuild, never a wrong row, as the key is the profile).
fn shown_key(r: &RowView<'_>) -> String {
    let inv = r.inv;
    let age = inv.age_min_days.map(|d| d.to_string()).unwrap_or_default();
    [
        inv.name.as_str(),
        inv.profile_url.as_str(),
        inv.headline.as_str(),
        inv.age_text.as_str(),
        age.as_str(),
        inv.note.as_deref().unwrap_or("\u{2}"),
        if inv.has_withdraw { "w" } else { "-" },
        if r.proposed { "p" } else { "-" },
        if r.kept { "k" } else { "-" },
    ]
    .join("\u{1}")
}

/// A row with the parts most rows show (checkbox, name, headline, age, keep button), cloned
/// for every new row: one native clone and a few writes instead of a call per element and
/// attribute. Its attributes are listed in the order a row shows them.
fn prototype(doc: &Document) -> Result<Element, JsValue> {
    let li = make(
        doc,
        "li",
        &[
            ("data-testid", "sweeper-row"),
            ("class", "row"),
            ("data-profile", ""),
            ("data-age-min-days", ""),
            ("data-has-note", "false"),
            ("data-selected", "false"),
            ("data-proposed", "false"),
        ],
    )?;
    li.append_child(
        make(
            doc,
            "input",
            &[
                ("type", "checkbox"),
                ("data-testid", "sweeper-select"),
                ("data-action", "toggle"),
                ("data-profile", ""),
                ("aria-label", ""),
            ],
        )?
        .as_ref(),
    )?;
    let who = make(doc, "div", &[("class", "who")])?;
    who.append_child(
        make(
            doc,
            "a",
            &[
                ("class", "name"),
                ("href", ""),
                ("target", "_blank"),
                ("rel", "noopener noreferrer"),
            ],
        )?
        .as_ref(),
    )?;
    who.append_child(make(doc, "span", &[("class", "headline")])?.as_ref())?;
    let meta = make(doc, "span", &[("class", "meta")])?;
    meta.append_child(make(doc, "span", &[("class", "age")])?.as_ref())?;
    meta.append_child(
        with_text(
            doc,
            "button",
            &[
                ("type", "button"),
                ("class", "link keep"),
                ("data-action", "keep"),
                ("data-profile", ""),
                ("title", &t("keepHint")),
            ],
            &t("keep"),
        )?
        .as_ref(),
    )?;
    who.append_child(&meta)?;
    li.append_child(&who)?;
    Ok(li)
}

/// The element the prototype has at this place (it always has one: the clone is ours).
fn part(el: Option<Element>) -> Result<Element, JsValue> {
    el.ok_or_else(|| JsValue::from_str("panel row: a part of the row prototype is missing"))
}

/// A new row element for `r`, cloned from `proto`. Names, headlines, ages and notes are set
/// with `set_text_content`: page text is never parsed as HTML.
fn build_row(
    doc: &Document,
    proto: &Element,
    r: &RowView<'_>,
    shown: String,
) -> Result<RowEls, JsValue> {
    let inv = r.inv;
    let li: Element = proto.clone_node_with_deep(true)?.unchecked_into();
    li.set_attribute("data-profile", &inv.profile)?;
    if let Some(d) = inv.age_min_days {
        li.set_attribute("data-age-min-days", &d.to_string())?;
    }
    if inv.note.is_some() {
        li.set_attribute("data-has-note", "true")?;
    }
    if r.selected {
        li.set_attribute("data-selected", "true")?;
    }
    if r.proposed {
        li.set_attribute("class", "row proposed")?;
        li.set_attribute("data-proposed", "true")?;
    }
    let cb: HtmlInputElement = part(li.first_element_child())?.unchecked_into();
    cb.set_attribute("data-profile", &inv.profile)?;
    cb.set_attribute(
        "aria-label",
        &tf("selectRow", std::slice::from_ref(&inv.name)),
    )?;
    if r.selected {
        cb.set_checked(true);
    }
    if !inv.has_withdraw || r.kept {
        cb.set_disabled(true);
    }
    let who = part(li.last_element_child())?;
    let name = part(who.first_element_child())?;
    name.set_attribute("href", &inv.profile_url)?;
    name.set_text_content(Some(&inv.name));
    let headline = part(name.next_element_sibling())?;
    if inv.headline.is_empty() {
        headline.remove();
    } else {
        headline.set_text_content(Some(&inv.headline));
    }
    let meta = part(who.last_element_child())?;
    let age = part(meta.first_element_child())?;
    let keep = part(meta.last_element_child())?;
    if inv.age_text.is_empty() {
        age.set_text_content(Some(&t("ageUnknown")));
    } else {
        age.set_text_content(Some(&inv.age_text));
    }
    if r.kept {
        keep.remove();
    } else {
        keep.set_attribute("data-profile", &inv.profile)?;
    }
    // The tags, in this order, ahead of the keep button (or last when it is gone).
    let tag = |el: Element| -> Result<(), JsValue> {
        if r.kept {
            meta.append_child(&el)?;
        } else {
            meta.insert_before(&el, Some(&keep))?;
        }
        Ok(())
    };
    if inv.age_min_days.is_none() {
        age.set_attribute("class", "age unknown")?;
        tag(with_text(
            doc,
            "span",
            &[("class", "tag warn")],
            &t("ageUnreadable"),
        )?)?;
    }
    if r.kept {
        tag(with_text(doc, "span", &[("class", "tag")], &t("kept"))?)?;
    }
    if !inv.has_withdraw {
        tag(with_text(
            doc,
            "span",
            &[("class", "tag warn")],
            &t("noWithdrawControl"),
        )?)?;
    }
    if inv.note.is_some() {
        tag(with_text(
            doc,
            "button",
            &[
                ("type", "button"),
                ("class", "tag note"),
                ("data-action", "note"),
                ("aria-expanded", "false"),
            ],
            &t("hasNote"),
        )?)?;
    }
    if let Some(note) = &inv.note {
        who.append_child(
            with_text(doc, "p", &[("class", "note-text"), ("hidden", "")], note)?.as_ref(),
        )?;
    }
    Ok(RowEls {
        li,
        checkbox: cb,
        shown,
        selected: Cell::new(r.selected),
        hidden: Cell::new(false),
        withdrawn: Cell::new(false),
    })
}

/// The selection of a reused row: the checkbox always (the member may have just clicked it),
/// `data-selected` only when it changes.
fn set_row_selected(r: &RowEls, selected: bool) {
    r.checkbox.set_checked(selected);
    if r.selected.get() != selected {
        r.selected.set(selected);
        let _ =
            r.li.set_attribute("data-selected", if selected { "true" } else { "false" });
    }
}

/// Opens or folds the note of the row whose note button was pressed.
pub(super) fn toggle_note(button: &Element) {
    let Some(who) = button.closest(".who").ok().flatten() else {
        return;
    };
    if let Ok(Some(note)) = who.query_selector(".note-text") {
        let open = note.has_attribute("hidden");
        set_hidden(&note, !open);
        let _ = button.set_attribute("aria-expanded", if open { "true" } else { "false" });
    }
}
