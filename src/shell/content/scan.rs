//! The scan: wait for the page, load the whole list, read every card, judge the page → a
//! [`Listing`], the one value the rest of the content script reads.
//!
//! Nothing is judged before the list has had its chance to come (`dom::arrival`): on the real
//! page it often arrives seconds after the panel. A list that goes away while it is read (the
//! page switching tabs and back) is waited for again.

use crate::pure::hash::Map;

use web_sys::Document;

use crate::pure::insights::{self, Snapshot};
use crate::pure::invitation::{parse_rows, profile_path};
use crate::pure::page::{classify, PageKind};
use crate::pure::policy::Policy;
use crate::pure::scan::{enters_history, scan, verdict, Arrival, Layout, Scan, Verdict};
use crate::shell::dom::list::{self, Loaded};
use crate::shell::dom::{arrival, reader};

/// How long loading the whole list may take before the panel works with what it has.
const LOAD_BUDGET_MS: f64 = 180_000.0;
/// How often a list that vanished while it was read is waited for again.
const ATTEMPTS: u32 = 3;

/// What the last scan found.
#[derive(Debug, Clone, Default)]
pub struct Listing {
    pub verdict: Option<Verdict>,
    /// How the wait for the list ended.
    pub arrival: Option<Arrival>,
    pub layout: Option<Layout>,
    /// False when loading stopped short (time, a vanished list) or read fewer rows than the
    /// page's count: missing rows must not be taken for gone.
    pub complete: bool,
    pub scan: Scan,
    /// Invitation index by profile.
    pub by_profile: Map<String, usize>,
    /// The page's own People count.
    pub people_count: Option<u32>,
    /// Legacy layout: the page (0-based) each profile was read on, and the page shown now.
    pub pages: Map<String, u32>,
    pub current_page: u32,
    /// The layout report when the layout is not recognised.
    pub report: Option<String>,
}

impl Listing {
    /// The invitation with this profile, if the scan listed it.
    pub fn get(&self, profile: &str) -> Option<&crate::pure::invitation::Invitation> {
        self.by_profile
            .get(profile)
            .map(|i| &self.scan.invitations[*i])
    }

    /// Whether the scan found the People list with rows to act on (or an empty one).
    pub fn is_people(&self) -> bool {
        matches!(self.verdict, Some(Verdict::People) | Some(Verdict::Empty))
    }

    /// The last scan found no list: "empty", or "layout unknown" for want of a list. A list
    /// that comes later is scanned by itself.
    pub fn list_may_still_come(&self) -> bool {
        match self.verdict {
            Some(Verdict::Empty) => true,
            Some(Verdict::LayoutUnknown) => self.layout.is_none(),
            _ => false,
        }
    }

    /// The compact record of this scan for the history, only when it read the whole People list
    /// (never an empty or partial one: those would make rows look resolved by the other side).
    pub fn snapshot(&self, now_ms: f64) -> Option<Snapshot> {
        let v = self.verdict.as_ref()?;
        enters_history(v, self.complete, &self.scan, self.people_count)
            .then(|| insights::snapshot_of(&self.scan.invitations, self.people_count, true, now_ms))
    }
}

/// What the scan hears while it works: the seconds it has waited for the list, the rows loaded
/// so far against the page's count, and whether it should give up (the session ended).
pub struct Hooks<'a> {
    pub waiting: &'a dyn Fn(f64),
    pub reading: &'a dyn Fn(),
    pub progress: &'a dyn Fn(usize, Option<u32>),
    pub cancelled: &'a dyn Fn() -> bool,
}

/// The page as read: how the wait ended, the rows loaded (People list only), the facts judged.
pub struct PageRead {
    pub url: String,
    pub arrival: Arrival,
    pub loaded: Option<Loaded>,
}

fn href() -> String {
    super::href()
}

/// Waits for the list of the page, loads and reads it. `None` when cancelled.
pub async fn read_page(doc: &Document, hooks: &Hooks<'_>) -> Option<PageRead> {
    let mut attempts = 0;
    loop {
        attempts += 1;
        let (arrival, tabs) = if classify(&href()) == PageKind::SentPeople {
            arrival::wait_for_list(
                doc,
                &href,
                arrival::LIST_BOUND_MS,
                hooks.waiting,
                hooks.cancelled,
            )
            .await
        } else {
            (Arrival::Elsewhere, None)
        };
        if (hooks.cancelled)() {
            return None;
        }
        (hooks.reading)();
        // The URL may have moved while waiting: judge the page as it is now.
        let url = href();
        let loaded = if arrival == Arrival::List && classify(&url) == PageKind::SentPeople {
            list::load_all(doc, tabs, LOAD_BUDGET_MS, hooks.progress, hooks.cancelled).await
        } else {
            None
        };
        if (hooks.cancelled)() {
            return None;
        }
        let vanished = loaded.as_ref().is_some_and(|l| !l.complete)
            && reader::find_list(doc).is_none()
            && classify(&href()) == PageKind::SentPeople;
        if !vanished || attempts >= ATTEMPTS {
            return Some(PageRead {
                url,
                arrival,
                loaded,
            });
        }
    }
}

impl PageRead {
    /// Judges the page as read and scores its rows under `policy`.
    pub fn listing(mut self, doc: &Document, policy: &Policy) -> Listing {
        let (with_withdraw, raws, complete, layout) = match &mut self.loaded {
            // Moved, not cloned: the rows are parsed once and only their typed form is kept.
            Some(l) => (
                l.with_withdraw,
                std::mem::take(&mut l.raws),
                l.complete,
                Some(l.layout),
            ),
            None => (
                0,
                Vec::new(),
                true,
                reader::find_list(doc).map(|f| f.layout),
            ),
        };
        let found = reader::find_list(doc);
        let tabs = reader::tabs(doc);
        let facts = reader::facts(
            doc,
            &self.url,
            found.as_ref(),
            raws.len(),
            with_withdraw,
            self.arrival,
            tabs,
        );
        let v = verdict(&facts);
        let scan = if v == Verdict::People {
            scan(parse_rows(&raws), policy)
        } else {
            Scan::default()
        };
        let by_profile = scan
            .invitations
            .iter()
            .enumerate()
            .map(|(i, inv)| (inv.profile.clone(), i))
            .collect();
        let (pages, current_page) = match &self.loaded {
            Some(l) => (
                l.pages
                    .iter()
                    .filter_map(|(h, p)| profile_path(h).map(|pp| (pp, *p)))
                    .collect(),
                l.current_page,
            ),
            None => (Map::default(), 0),
        };
        let report = (v == Verdict::LayoutUnknown)
            .then(|| reader::layout_report(doc, &self.url, &facts.missing));
        Listing {
            verdict: Some(v),
            arrival: Some(self.arrival),
            layout,
            complete,
            people_count: tabs.people_count,
            scan,
            by_profile,
            pages,
            current_page,
            report,
        }
    }
}
