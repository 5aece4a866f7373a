//! The insights view-model: the age histogram, the pending gauge with its forecast, what the
//! other side resolved, and who may be invited again, worded from the core's numbers.

use super::bg::History;
use super::choice::Choice;
use super::scan::Listing;
use super::session::Session;
use crate::pure::insights;
use crate::pure::store::Settings;
use crate::shell::dom::panel::{BarView, GaugeView};
use crate::shell::i18n::{date, num, t, tf};
use crate::shell::sys;

/// A histogram bucket's name in the member's language ("This week", "Month 3", "1 year+").
pub fn bucket_label(id: &str) -> String {
    match id {
        "week" | "weeks" | "year" | "unknown" => t(&format!("bucket_{id}")),
        m => tf("bucket_month", &[m.trim_start_matches('m').to_string()]),
    }
}

/// Everything the insights show, worded.
pub struct InsightsView {
    pub bars: Vec<BarView>,
    pub gauge: GaugeView,
    pub resolved: (u32, String),
    /// `(name, profile URL, profile path, may be invited again on)`.
    pub reinvite: Vec<(String, String, String, String)>,
}

fn bars(listing: &Listing, choice: &Choice) -> Vec<BarView> {
    insights::histogram(&listing.scan.invitations, &choice.proposed)
        .iter()
        .map(|b| BarView {
            id: b.id,
            label: bucket_label(b.id),
            count: b.count,
            with_note: b.with_note,
            proposed: b.proposed,
        })
        .collect()
}

fn gauge(
    listing: &Listing,
    choice: &Choice,
    settings: &Settings,
    h: &History,
    now: f64,
) -> GaugeView {
    let pending = listing
        .people_count
        .unwrap_or(listing.scan.invitations.len() as u32);
    let ceiling = settings.ceiling.max(1);
    let hist = insights::History {
        snapshots: h
            .points
            .iter()
            .map(|(at_ms, pending)| insights::Snapshot {
                at_ms: *at_ms,
                pending: *pending,
                complete: true,
                rows: Vec::new(),
            })
            .collect(),
        ..Default::default()
    };
    let selected = choice.selected.len();
    let f = insights::forecast(&hist, pending, ceiling, selected as u32, now);
    let forecast = match (f.growth_per_week, f.reach_at_ms) {
        (None, _) => t("forecastNoHistory"),
        (Some(g), None) => tf("forecastNotGrowing", &[num(g.round())]),
        (Some(g), Some(at)) => {
            let mut line = tf("forecastGrowing", &[num(g.round()), date(at)]);
            if let (Some(with), true) = (f.reach_with_selection_at_ms, selected > 0) {
                line.push(' ');
                line.push_str(&tf(
                    "forecastSelection",
                    &[num(selected as f64), date(with)],
                ));
            }
            line
        }
    };
    GaugeView {
        pending,
        ceiling,
        line: tf("gaugeLine", &[num(pending), num(ceiling)]),
        forecast,
    }
}

fn resolved(h: &History) -> (u32, String) {
    let total = h.resolved_total;
    if total == 0 {
        return (0, t("resolvedNone"));
    }
    let since = if h.since_ms > 0.0 {
        date(h.since_ms)
    } else {
        String::new()
    };
    let ages: Vec<String> = h
        .by_bucket
        .iter()
        .map(|(id, n)| format!("{}: {n}", bucket_label(id)))
        .collect();
    let pct = |n: u32| (n * 100).checked_div(total).unwrap_or(0).to_string();
    let with_note = h.resolved_with_note.min(total);
    let line = tf(
        "resolvedLine",
        &[
            since,
            num(total),
            pct(with_note),
            pct(total - with_note),
            ages.join(", "),
        ],
    );
    (total, line)
}

/// The view of the insights for a People list (empty or not); `None` elsewhere.
pub fn view(
    listing: &Listing,
    choice: &Choice,
    settings: &Settings,
    h: &History,
    now: f64,
) -> Option<InsightsView> {
    listing.is_people().then(|| InsightsView {
        bars: bars(listing, choice),
        gauge: gauge(listing, choice, settings, h, now),
        resolved: resolved(h),
        reinvite: h
            .reinvite
            .iter()
            .map(|e| {
                let profile = e
                    .profile_url
                    .trim_start_matches("https://www.linkedin.com")
                    .to_string();
                (
                    e.name.clone(),
                    e.profile_url.clone(),
                    profile,
                    e.reconnect_after.clone(),
                )
            })
            .collect(),
    })
}

/// Draws the insights from the session's scan, choice and history.
pub fn render(s: &Session) {
    let shown = {
        let listing = s.listing.borrow();
        let choice = s.choice.borrow();
        let known = s.known.borrow();
        view(
            &listing,
            &choice,
            &known.settings,
            &known.history,
            sys::now_ms(),
        )
        .map(|v| (v, choice.bucket.clone()))
    };
    let Some((v, bucket)) = shown else { return };
    s.with_panel(|p| {
        let _ = p.set_insights(
            &s.doc,
            &v.bars,
            bucket.as_deref(),
            &v.gauge,
            (v.resolved.0, &v.resolved.1),
            &v.reinvite,
        );
    });
}
