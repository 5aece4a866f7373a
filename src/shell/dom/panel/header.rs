//! The panel's header and status: the title bar with its state chip, the status message and its
//! detail, today's count against the cap, the run's progress bar and the list's counts.

use wasm_bindgen::prelude::*;
use web_sys::{Document, Element};

use super::{make, set_hidden, with_text};
use crate::shell::i18n::{num, t, tf};

pub(super) struct HeaderView {
    /// The title bar: title, state chip, collapse and close.
    pub(super) head: Element,
    chip: Element,
    collapse: Element,
    /// The status line (`sweeper-message`).
    pub(super) message: Element,
    /// A second line under the status, hidden while empty.
    pub(super) detail: Element,
    /// Withdrawals in the trailing 24 h against today's cap.
    pub(super) today: Element,
    /// The progress bar and its line, hidden between runs.
    pub(super) progress_wrap: Element,
    progress: Element,
    bar: Element,
    progress_text: Element,
    /// Pending, proposed and selected.
    pub(super) counts: Element,
}

impl HeaderView {
    pub(super) fn new(doc: &Document) -> Result<HeaderView, JsValue> {
        let head = make(doc, "header", &[("class", "head")])?;
        head.append_child(with_text(doc, "h2", &[("class", "title")], &t("panelTitle"))?.as_ref())?;
        let chip = with_text(
            doc,
            "span",
            &[("class", "chip"), ("data-role", "chip")],
            &t("state_loading"),
        )?;
        head.append_child(&chip)?;
        let collapse = with_text(
            doc,
            "button",
            &[
                ("type", "button"),
                ("class", "icon"),
                ("data-action", "collapse"),
                ("aria-expanded", "true"),
                ("aria-label", &t("collapse")),
                ("title", &t("collapse")),
            ],
            "–",
        )?;
        head.append_child(&collapse)?;
        let close = with_text(
            doc,
            "button",
            &[
                ("type", "button"),
                ("class", "icon"),
                ("data-action", "close"),
                ("aria-label", &t("close")),
                ("title", &t("close")),
            ],
            "×",
        )?;
        head.append_child(&close)?;

        let message = with_text(
            doc,
            "p",
            &[
                ("data-testid", "sweeper-message"),
                ("class", "message"),
                ("role", "status"),
                ("aria-live", "polite"),
            ],
            &t("msgLoading"),
        )?;
        let detail = make(doc, "p", &[("class", "detail"), ("hidden", "")])?;

        let today = make(
            doc,
            "p",
            &[
                ("data-testid", "sweeper-today"),
                ("class", "today"),
                ("data-count", "0"),
                ("data-cap", "0"),
            ],
        )?;

        let progress_wrap = make(doc, "div", &[("class", "progress-wrap")])?;
        let progress = make(
            doc,
            "div",
            &[
                ("data-testid", "sweeper-progress"),
                ("role", "progressbar"),
                ("class", "progress"),
                ("aria-valuemin", "0"),
                ("aria-valuenow", "0"),
                ("aria-valuemax", "0"),
                ("aria-label", &t("progressLabel")),
            ],
        )?;
        let bar = make(doc, "div", &[("class", "bar")])?;
        progress.append_child(&bar)?;
        progress_wrap.append_child(&progress)?;
        let progress_text = make(doc, "p", &[("class", "progress-text")])?;
        progress_wrap.append_child(&progress_text)?;

        let counts = make(doc, "p", &[("class", "counts"), ("aria-live", "polite")])?;
        Ok(HeaderView {
            head,
            chip,
            collapse,
            message,
            detail,
            today,
            progress_wrap,
            progress,
            bar,
            progress_text,
            counts,
        })
    }

    /// The status sentence and the chip's state (the panel itself carries `data-state`).
    pub(super) fn set_state(&self, state: &str, message: &str) {
        self.message.set_text_content(Some(message));
        self.chip
            .set_text_content(Some(&t(&format!("state_{state}"))));
        let _ = self.chip.set_attribute("data-state", state);
    }

    /// See [`super::Panel::set_detail`].
    pub(super) fn set_detail(&self, text: &str) {
        self.detail.set_text_content(Some(text));
        set_hidden(&self.detail, text.is_empty());
    }

    /// The collapse button's face once the panel is folded (`collapsed`) or open again.
    pub(super) fn show_collapsed(&self, collapsed: bool) {
        let _ = self
            .collapse
            .set_attribute("aria-expanded", if collapsed { "false" } else { "true" });
        self.collapse
            .set_text_content(Some(if collapsed { "+" } else { "–" }));
    }

    /// See [`super::Panel::set_counts`].
    pub(super) fn set_counts(
        &self,
        pending: usize,
        page_count: Option<u32>,
        proposed: usize,
        selected: usize,
    ) {
        let pending_text = match page_count {
            Some(n) if n as usize != pending => {
                tf("countsPendingOf", &[num(pending as f64), num(n)])
            }
            _ => tf("countsPending", &[num(pending as f64)]),
        };
        self.counts.set_text_content(Some(&format!(
            "{pending_text} · {} · {}",
            tf("countsProposed", &[num(proposed as f64)]),
            tf("countsSelected", &[num(selected as f64)])
        )));
        let _ = self
            .counts
            .set_attribute("data-pending", &pending.to_string());
        let _ = self
            .counts
            .set_attribute("data-proposed", &proposed.to_string());
        let _ = self
            .counts
            .set_attribute("data-selected", &selected.to_string());
    }

    /// See [`super::Panel::set_today`].
    pub(super) fn set_today(&self, count: u32, cap: u32, next_at: Option<String>) {
        let _ = self.today.set_attribute("data-count", &count.to_string());
        let _ = self.today.set_attribute("data-cap", &cap.to_string());
        let mut text = tf("todayCount", &[num(count), num(cap)]);
        if let Some(when) = next_at {
            text.push_str(" · ");
            text.push_str(&tf("todayNextAt", &[when]));
        }
        self.today.set_text_content(Some(&text));
    }

    /// See [`super::Panel::set_progress`].
    pub(super) fn set_progress(&self, done: usize, total: usize, line: &str) {
        // Nothing to show between runs: the bar would only say "0 of 0".
        set_hidden(&self.progress_wrap, total == 0);
        let _ = self
            .progress
            .set_attribute("aria-valuenow", &done.to_string());
        let _ = self
            .progress
            .set_attribute("aria-valuemax", &total.to_string());
        // Tenths of a percent, written with integers: float formatting would bring std's
        // float printer (about 14 KB) into the page core for this one line.
        let tenths = (done.min(total) * 1000).checked_div(total).unwrap_or(0);
        let _ = self
            .bar
            .set_attribute("style", &format!("width:{}.{}%", tenths / 10, tenths % 10));
        self.progress_text.set_text_content(Some(line));
    }
}
