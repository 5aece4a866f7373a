//! The panel's insights: the age histogram, the pending gauge, the invitations resolved by the
//! other side, who may be invited again, and who was recently withdrawn.
//!
//! Both boxes are redrawn whole from the controller's numbers: nothing in them is kept between
//! scans.

use wasm_bindgen::prelude::*;
use web_sys::{Document, Element};

use super::{make, with_text};
use crate::shell::i18n::{num, t, tf};

/// The gauge's figures, already worded by the controller.
pub struct GaugeView {
    pub pending: u32,
    pub ceiling: u32,
    pub line: String,
    pub forecast: String,
}

/// One histogram bar as the panel draws it.
pub struct BarView {
    pub id: &'static str,
    pub label: String,
    pub count: u32,
    pub with_note: u32,
    pub proposed: u32,
}

pub(super) struct InsightsView {
    /// The histogram, the gauge, the resolved count and the re-invite list.
    pub(super) insights: Element,
    /// The recently withdrawn, further down the panel.
    pub(super) recent: Element,
}

const SVG: &str = "http://www.w3.org/2000/svg";

fn svg_el(doc: &Document, tag: &str, attrs: &[(&str, &str)]) -> Result<Element, JsValue> {
    let el = doc.create_element_ns(Some(SVG), tag)?;
    for (k, v) in attrs {
        el.set_attribute(k, v)?;
    }
    Ok(el)
}

impl InsightsView {
    pub(super) fn new(doc: &Document) -> Result<InsightsView, JsValue> {
        let insights = make(
            doc,
            "details",
            &[
                ("class", "insights"),
                ("data-testid", "sweeper-insights"),
                ("open", ""),
            ],
        )?;
        let recent = make(
            doc,
            "details",
            &[("class", "recent"), ("data-testid", "sweeper-recent")],
        )?;
        Ok(InsightsView { insights, recent })
    }

    /// See [`super::Panel::set_recent`].
    pub(super) fn set_recent(
        &self,
        doc: &Document,
        items: &[(String, String, String)],
    ) -> Result<(), JsValue> {
        self.recent.set_text_content(None);
        self.recent.append_child(
            with_text(
                doc,
                "summary",
                &[],
                &tf("recentTitle", &[num(items.len() as f64)]),
            )?
            .as_ref(),
        )?;
        let ul = make(doc, "ul", &[])?;
        for (name, url, when) in items {
            let li = person_item(
                doc,
                &[("data-testid", "sweeper-recent-row")],
                name,
                url,
                when,
            )?;
            ul.append_child(&li)?;
        }
        self.recent.append_child(&ul)?;
        Ok(())
    }

    /// See [`super::Panel::set_insights`]; `histogram` is the bars and the id of the one chosen.
    pub(super) fn set(
        &self,
        doc: &Document,
        (bars, chosen): (&[BarView], Option<&str>),
        gauge: &GaugeView,
        resolved: (u32, &str),
        reinvite: &[(String, String, String, String)],
    ) -> Result<(), JsValue> {
        let root = &self.insights;
        root.set_text_content(None);
        root.append_child(with_text(doc, "summary", &[], &t("insightsTitle"))?.as_ref())?;
        // Only the buckets that have invitations get a bar.
        let shown: Vec<&BarView> = bars.iter().filter(|b| b.count > 0).collect();
        root.append_child(histogram(doc, &shown, chosen)?.as_ref())?;
        // The same numbers as text, for screen readers.
        let text_list = make(doc, "ul", &[("class", "sr-only")])?;
        for b in &shown {
            text_list.append_child(with_text(doc, "li", &[], &bar_words(b))?.as_ref())?;
        }
        root.append_child(&text_list)?;
        root.append_child(gauge_box(doc, gauge)?.as_ref())?;
        root.append_child(resolved_box(doc, resolved)?.as_ref())?;
        root.append_child(reinvite_box(doc, reinvite)?.as_ref())?;
        Ok(())
    }
}

/// A bar's numbers in words: its accessible name, and its line in the text equivalent.
fn bar_words(b: &BarView) -> String {
    tf(
        "histogramBar",
        &[
            b.label.clone(),
            num(b.count),
            num(b.with_note),
            num(b.proposed),
        ],
    )
}

/// The SVG histogram, one horizontal bar per bucket in `shown`, with its legend.
fn histogram(doc: &Document, shown: &[&BarView], chosen: Option<&str>) -> Result<Element, JsValue> {
    let max = shown.iter().map(|b| b.count).max().unwrap_or(1).max(1);
    let (label_w, bar_w, row_h) = (92u32, 250u32, 18u32);
    let height = (shown.len() as u32 * row_h).max(row_h);
    let figure = make(doc, "figure", &[("class", "histogram")])?;
    let svg = svg_el(
        doc,
        "svg",
        &[
            ("data-testid", "sweeper-histogram"),
            ("viewBox", &format!("0 0 {} {height}", label_w + bar_w + 48)),
            ("role", "group"),
            ("aria-label", &t("histogramLabel")),
        ],
    )?;
    for (i, b) in shown.iter().enumerate() {
        let y = i as u32 * row_h;
        let w = |n: u32| (n * bar_w / max).max(u32::from(n > 0));
        let is_chosen = chosen == Some(b.id);
        let g = svg_el(
            doc,
            "g",
            &[
                ("data-testid", "sweeper-bucket"),
                ("data-bucket", b.id),
                ("data-count", &b.count.to_string()),
                ("data-with-note", &b.with_note.to_string()),
                ("data-proposed", &b.proposed.to_string()),
                ("data-action", "bucket"),
                ("class", if is_chosen { "bar chosen" } else { "bar" }),
                ("tabindex", "0"),
                ("role", "button"),
                ("aria-pressed", if is_chosen { "true" } else { "false" }),
                ("aria-label", &bar_words(b)),
            ],
        )?;
        let label = svg_el(
            doc,
            "text",
            &[
                ("x", "0"),
                ("y", &(y + 13).to_string()),
                ("class", "bar-label"),
            ],
        )?;
        label.set_text_content(Some(&b.label));
        g.append_child(&label)?;
        let plain = w(b.count - b.with_note);
        let noted = w(b.with_note);
        let mut segments = vec![
            (label_w, y + 3, plain, "12", "seg-plain"),
            (label_w + plain, y + 3, noted, "12", "seg-note"),
        ];
        if b.proposed > 0 {
            segments.push((label_w, y + 1, w(b.proposed), "16", "seg-proposed"));
        }
        for (x, top, width, height, class) in segments {
            g.append_child(
                svg_el(
                    doc,
                    "rect",
                    &[
                        ("x", &x.to_string()),
                        ("y", &top.to_string()),
                        ("width", &width.to_string()),
                        ("height", height),
                        ("class", class),
                    ],
                )?
                .as_ref(),
            )?;
        }
        let count = svg_el(
            doc,
            "text",
            &[
                ("x", &(label_w + plain + noted + 4).to_string()),
                ("y", &(y + 13).to_string()),
                ("class", "bar-count"),
            ],
        )?;
        count.set_text_content(Some(&num(b.count)));
        g.append_child(&count)?;
        svg.append_child(&g)?;
    }
    figure.append_child(&svg)?;
    let legend = make(doc, "figcaption", &[("class", "legend")])?;
    for (cls, key) in [
        ("key-plain", "legendNoNote"),
        ("key-note", "legendNote"),
        ("key-proposed", "legendProposed"),
    ] {
        let item = make(doc, "span", &[])?;
        item.append_child(make(doc, "i", &[("class", cls)])?.as_ref())?;
        item.append_child(doc.create_text_node(&t(key)).as_ref())?;
        legend.append_child(&item)?;
    }
    figure.append_child(&legend)?;
    Ok(figure)
}

/// The pending gauge: the page's People count against LinkedIn's ceiling, and the forecast.
fn gauge_box(doc: &Document, gauge: &GaugeView) -> Result<Element, JsValue> {
    let g = make(
        doc,
        "div",
        &[
            ("data-testid", "sweeper-gauge"),
            ("class", "gauge"),
            ("data-pending", &gauge.pending.to_string()),
            ("data-ceiling", &gauge.ceiling.to_string()),
        ],
    )?;
    g.append_child(
        make(
            doc,
            "meter",
            &[
                ("min", "0"),
                ("max", &gauge.ceiling.to_string()),
                ("value", &gauge.pending.min(gauge.ceiling).to_string()),
                ("high", &(gauge.ceiling * 8 / 10).to_string()),
                ("aria-label", &gauge.line),
            ],
        )?
        .as_ref(),
    )?;
    g.append_child(with_text(doc, "p", &[("class", "gauge-line")], &gauge.line)?.as_ref())?;
    g.append_child(with_text(doc, "p", &[("class", "forecast")], &gauge.forecast)?.as_ref())?;
    Ok(g)
}

/// Resolved by the other side: the running count and the button that clears the history.
fn resolved_box(doc: &Document, resolved: (u32, &str)) -> Result<Element, JsValue> {
    let r = make(
        doc,
        "div",
        &[
            ("data-testid", "sweeper-resolved"),
            ("class", "resolved"),
            ("data-count", &resolved.0.to_string()),
        ],
    )?;
    r.append_child(with_text(doc, "p", &[], resolved.1)?.as_ref())?;
    r.append_child(
        with_text(
            doc,
            "button",
            &[
                ("type", "button"),
                ("class", "link"),
                ("data-action", "clear-history"),
                ("data-testid", "sweeper-clear-history"),
            ],
            &t("clearHistory"),
        )?
        .as_ref(),
    )?;
    Ok(r)
}

/// Who may be invited again.
fn reinvite_box(
    doc: &Document,
    reinvite: &[(String, String, String, String)],
) -> Result<Element, JsValue> {
    let re = make(
        doc,
        "div",
        &[("data-testid", "sweeper-reinvite"), ("class", "reinvite")],
    )?;
    re.append_child(
        with_text(
            doc,
            "p",
            &[("class", "sub")],
            &tf("reinviteTitle", &[num(reinvite.len() as f64)]),
        )?
        .as_ref(),
    )?;
    let ul = make(doc, "ul", &[])?;
    for (name, url, profile, when) in reinvite {
        let li = person_item(
            doc,
            &[
                ("data-testid", "sweeper-reinvite-row"),
                ("data-profile", profile),
            ],
            name,
            url,
            when,
        )?;
        ul.append_child(&li)?;
    }
    re.append_child(&ul)?;
    Ok(re)
}

/// One person in a list: their profile link and the date they may be invited again.
fn person_item(
    doc: &Document,
    attrs: &[(&str, &str)],
    name: &str,
    url: &str,
    when: &str,
) -> Result<Element, JsValue> {
    let li = make(doc, "li", attrs)?;
    li.append_child(
        with_text(
            doc,
            "a",
            &[
                ("href", url),
                ("target", "_blank"),
                ("rel", "noopener noreferrer"),
            ],
            name,
        )?
        .as_ref(),
    )?;
    li.append_child(
        with_text(
            doc,
            "span",
            &[("class", "meta")],
            &tf("reinviteFrom", &[when.to_string()]),
        )?
        .as_ref(),
    )?;
    Ok(li)
}
