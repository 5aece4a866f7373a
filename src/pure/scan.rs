//! Where the member is and what a scan found: pure decisions over facts the DOM reader collected.

use serde::Serialize;

use crate::pure::invitation::{Invitation, Parsed};
use crate::pure::page::PageKind;
use crate::pure::policy::{propose, Policy};

/// Which layout generation the reader recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Layout {
    /// React, 2025 onward (lazy column of listitems).
    Current,
    /// Ember/artdeco, about 2019–2024 (numbered pages).
    Legacy,
}

impl Layout {
    pub fn as_str(&self) -> &'static str {
        match self {
            Layout::Current => "current",
            Layout::Legacy => "legacy",
        }
    }
}

/// How the wait for the list ended (`shell::dom::arrival`): nothing is judged before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Arrival {
    /// The list came, with cards in it.
    List,
    /// No cards, no People count above zero, and the page settled: an empty list.
    Empty,
    /// The URL or the selected tab says this is not the People list.
    Elsewhere,
    /// The bound passed without the list (or a count above zero had no list): unknown.
    #[default]
    Missing,
}

/// What the reader saw, before any interpretation.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PageFacts {
    pub kind: Option<PageKind>,
    pub layout: Option<Layout>,
    /// Rows found in the list (outermost cards), before parsing.
    pub rows: usize,
    /// Rows that carry a withdraw control.
    pub rows_with_withdraw: usize,
    /// How the wait for the list ended. "Manage invitations" is on every version of the page,
    /// empty or not, so only a settled page without a list or a count says "empty".
    pub arrival: Arrival,
    /// The selected tab is the Pages tab (LinkedIn may switch tabs without a URL change).
    pub pages_tab_selected: bool,
    /// Withdraw controls and profile links in the main column, found without a recognised list:
    /// invitations are there, the list's markup is not what we know.
    pub stray_invitation_marks: usize,
    /// What was looked for and not found, by selector name.
    pub missing: Vec<String>,
}

/// The panel's verdict on the page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Verdict {
    /// The People list of Sent: proposals may be made.
    People,
    /// The Pages (organisations) tab: out of scope, nothing is proposed.
    PagesTab,
    /// The People list is empty.
    Empty,
    /// Not the sent list (Received, a security check, elsewhere).
    NotSentList,
    /// Required elements are missing: act on nothing.
    LayoutUnknown,
}

/// Decides what the page is from the facts. Unknown means no: anything that is not clearly the
/// People list with its rows and their withdraw controls is not acted on.
pub fn verdict(f: &PageFacts) -> Verdict {
    match f.kind {
        Some(PageKind::SentPeople) => {}
        Some(PageKind::SentPages) => return Verdict::PagesTab,
        _ => return Verdict::NotSentList,
    }
    if f.pages_tab_selected {
        return Verdict::PagesTab;
    }
    let settled_empty = f.arrival == Arrival::Empty;
    match f.layout {
        None if settled_empty && f.stray_invitation_marks == 0 => Verdict::Empty,
        None => Verdict::LayoutUnknown,
        // A list without cards is empty only once the page has settled without a count.
        Some(_) if f.rows == 0 && settled_empty => Verdict::Empty,
        Some(_) if f.rows == 0 => Verdict::LayoutUnknown,
        // Rows without a single withdraw control: the control's markup changed.
        Some(_) if f.rows_with_withdraw == 0 => Verdict::LayoutUnknown,
        Some(_) => Verdict::People,
    }
}

/// Whether a scan may enter the scan history: only one that really read the whole People list.
/// An empty verdict is not enough (a list that has not arrived looks empty for a while), nor is
/// a partial load, nor a load with fewer rows than the page's own count, nor one with rows that
/// could not be read: each would make invitations look "resolved by the other side".
pub fn enters_history(
    verdict: &Verdict,
    complete: bool,
    scan: &Scan,
    people_count: Option<u32>,
) -> bool {
    *verdict == Verdict::People
        && complete
        && scan.unreadable_rows == 0
        && !scan.invitations.is_empty()
        && people_count.is_none_or(|n| scan.invitations.len() + scan.duplicates >= n as usize)
}

/// The number in a tab label such as "People (448)", "People (1,100)" or "Personnes (2 903)".
pub fn count_in_label(label: &str) -> Option<u32> {
    let open = label.find('(')?;
    let close = label[open..].find(')')? + open;
    let inner = &label[open + 1..close];
    let mut digits = String::new();
    for c in inner.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
        } else if matches!(
            c,
            ',' | '.' | '\'' | ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}'
        ) {
            continue;
        } else {
            return None;
        }
    }
    if digits.is_empty() || digits.len() > 9 {
        return None;
    }
    digits.parse().ok()
}

/// A scan's result: typed invitations, the proposals in order, and what could not be read.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Scan {
    pub invitations: Vec<Invitation>,
    /// Indices into `invitations`, in proposal order.
    pub proposed: Vec<usize>,
    pub unreadable_rows: usize,
    pub duplicates: usize,
    pub unknown_ages: usize,
}

/// Turns parsed rows into a scan under the policy.
pub fn scan(parsed: Parsed, policy: &Policy) -> Scan {
    let proposed = propose(&parsed.invitations, policy);
    let unknown_ages = parsed
        .invitations
        .iter()
        .filter(|i| i.age_min_days.is_none())
        .count();
    Scan {
        proposed,
        unreadable_rows: parsed.errors.len(),
        duplicates: parsed.duplicates,
        unknown_ages,
        invitations: parsed.invitations,
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn facts(kind: PageKind, layout: Option<Layout>, rows: usize, with: usize) -> PageFacts {
        PageFacts {
            kind: Some(kind),
            layout,
            rows,
            rows_with_withdraw: with,
            ..Default::default()
        }
    }

    #[test]
    fn verdicts() {
        use Verdict::*;
        assert_eq!(
            verdict(&facts(PageKind::SentPeople, Some(Layout::Current), 10, 10)),
            People
        );
        assert_eq!(
            verdict(&facts(PageKind::SentPeople, Some(Layout::Legacy), 10, 3)),
            People
        );
        let mut settled = facts(PageKind::SentPeople, Some(Layout::Current), 0, 0);
        settled.arrival = Arrival::Empty;
        assert_eq!(verdict(&settled), Empty);
        // Regression (issue 12): a list that has not arrived is not an empty list.
        assert_eq!(
            verdict(&facts(PageKind::SentPeople, Some(Layout::Current), 0, 0)),
            LayoutUnknown
        );
        assert_eq!(
            verdict(&facts(PageKind::SentPeople, Some(Layout::Current), 10, 0)),
            LayoutUnknown
        );
        assert_eq!(
            verdict(&facts(PageKind::SentPeople, None, 0, 0)),
            LayoutUnknown
        );
        let mut empty = facts(PageKind::SentPeople, None, 0, 0);
        empty.arrival = Arrival::Empty;
        assert_eq!(verdict(&empty), Empty);
        // Regression (issue 12): the list still missing when the wait ended is never "empty".
        empty.arrival = Arrival::Missing;
        assert_eq!(verdict(&empty), LayoutUnknown);
        empty.arrival = Arrival::Empty;
        // Invitations on the page but no list we know: not empty, unknown.
        empty.stray_invitation_marks = 3;
        assert_eq!(verdict(&empty), LayoutUnknown);
        assert_eq!(
            verdict(&facts(PageKind::SentPages, Some(Layout::Current), 4, 4)),
            PagesTab
        );
        let mut pages = facts(PageKind::SentPeople, Some(Layout::Current), 4, 4);
        pages.pages_tab_selected = true;
        assert_eq!(verdict(&pages), PagesTab);
        assert_eq!(
            verdict(&facts(PageKind::Received, Some(Layout::Current), 4, 4)),
            NotSentList
        );
        assert_eq!(verdict(&facts(PageKind::Security, None, 0, 0)), NotSentList);
        assert_eq!(verdict(&PageFacts::default()), NotSentList);
    }

    /// Regression (issue 12): a list that had not arrived was scored "empty" and stored as a
    /// complete scan; the next visit counted 135 of 137 invitations as resolved.
    #[test]
    fn only_a_whole_people_list_enters_the_history() {
        let inv = |p: &str| Invitation {
            index: 0,
            name: "A".into(),
            profile: p.into(),
            profile_url: String::new(),
            headline: String::new(),
            age_text: String::new(),
            age_min_days: None,
            note: None,
            has_withdraw: true,
        };
        let full = Scan {
            invitations: vec![inv("/in/a/"), inv("/in/b/")],
            ..Scan::default()
        };
        assert!(enters_history(&Verdict::People, true, &full, Some(2)));
        assert!(enters_history(&Verdict::People, true, &full, None));
        assert!(!enters_history(
            &Verdict::Empty,
            true,
            &Scan::default(),
            Some(0)
        ));
        assert!(!enters_history(
            &Verdict::Empty,
            true,
            &Scan::default(),
            None
        ));
        assert!(!enters_history(
            &Verdict::LayoutUnknown,
            true,
            &full,
            Some(2)
        ));
        assert!(!enters_history(&Verdict::People, false, &full, Some(2)));
        assert!(!enters_history(&Verdict::People, true, &full, Some(137)));
        let mut unreadable = full.clone();
        unreadable.unreadable_rows = 1;
        assert!(!enters_history(
            &Verdict::People,
            true,
            &unreadable,
            Some(2)
        ));
    }

    #[test]
    fn tab_counts() {
        assert_eq!(count_in_label("People (448)"), Some(448));
        assert_eq!(count_in_label("People (1,100)"), Some(1100));
        assert_eq!(count_in_label("Personnes (2\u{202f}903)"), Some(2903));
        assert_eq!(count_in_label("Personen (1.234)"), Some(1234));
        assert_eq!(count_in_label("Pages"), None);
        assert_eq!(count_in_label("People ()"), None);
        assert_eq!(count_in_label("People (12a)"), None);
        assert_eq!(count_in_label("People (99999999999)"), None);
        assert_eq!(count_in_label(")("), None);
    }
}
