//! What the member chose over a [`Listing`]: the policy's proposals, the selection, the rows
//! withdrawn since the scan, and how the list is shown (filters, sort, a histogram bar).

use crate::pure::hash::Set;

use super::scan::Listing;
use crate::pure::insights;
use crate::pure::invitation::Invitation;
use crate::pure::order;
use crate::pure::policy::{is_proposed, rank_cmp, visible, Policy, ViewFilter};
use crate::shell::dom::panel::SortKey;

/// Which rows a selection shortcut selects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shortcut {
    All,
    None,
    Proposed,
}

#[derive(Debug, Clone, Default)]
pub struct Choice {
    pub proposed: Set<String>,
    pub selected: Set<String>,
    /// Withdrawn by this tab since the scan (they stay listed until the next scan).
    pub withdrawn: Set<String>,
    pub filter: ViewFilter,
    pub sort: SortKey,
    /// The histogram bar chosen as a filter.
    pub bucket: Option<String>,
}

impl Choice {
    /// After a scan: the policy's proposals, preselected. How the list is shown is kept.
    pub fn rescanned(&mut self, listing: &Listing) {
        self.proposed = listing
            .scan
            .proposed
            .iter()
            .map(|i| listing.scan.invitations[*i].profile.clone())
            .collect();
        self.selected = self.proposed.clone();
        self.withdrawn.clear();
    }

    /// New rules: proposals again from the rows already read, preselected.
    pub fn reproposed(&mut self, listing: &Listing, policy: &Policy) {
        let proposed: Set<String> = listing
            .scan
            .invitations
            .iter()
            .filter(|i| is_proposed(i, policy) && !self.withdrawn.contains(&i.profile))
            .map(|i| i.profile.clone())
            .collect();
        self.selected = proposed.clone();
        self.proposed = proposed;
    }

    /// A selection shortcut; "all" means every row shown that can be withdrawn and is not kept.
    pub fn select(&mut self, which: Shortcut, listing: &Listing, keep: &[String]) {
        self.selected = match which {
            Shortcut::All => listing
                .scan
                .invitations
                .iter()
                .filter(|i| {
                    i.has_withdraw
                        && visible(i, &self.filter)
                        && !keep.contains(&i.profile)
                        && !self.withdrawn.contains(&i.profile)
                })
                .map(|i| i.profile.clone())
                .collect(),
            Shortcut::Proposed => self.proposed.difference(&self.withdrawn).cloned().collect(),
            Shortcut::None => Set::default(),
        };
    }

    pub fn toggle(&mut self, profile: &str, on: bool) {
        if on {
            self.selected.insert(profile.to_string());
        } else {
            self.selected.remove(profile);
        }
    }

    /// Kept from now on: no longer proposed or selected.
    pub fn kept(&mut self, profile: &str) {
        self.proposed.remove(profile);
        self.selected.remove(profile);
    }

    pub fn mark_withdrawn(&mut self, profile: &str) {
        self.withdrawn.insert(profile.to_string());
        self.selected.remove(profile);
    }

    /// Chooses a histogram bar as the filter; the same bar again shows every row.
    pub fn choose_bucket(&mut self, id: String) {
        self.bucket = if self.bucket.as_deref() == Some(id.as_str()) {
            None
        } else {
            Some(id)
        };
    }

    /// The run's queue: the selection in proposal order, rows that can still be withdrawn only.
    pub fn queue(&self, listing: &Listing) -> Vec<String> {
        let mut sel: Vec<&Invitation> = listing
            .scan
            .invitations
            .iter()
            .filter(|i| {
                self.selected.contains(&i.profile)
                    && i.has_withdraw
                    && !self.withdrawn.contains(&i.profile)
            })
            .collect();
        order::sort_by(&mut sel, |a, b| rank_cmp(a, b));
        sel.into_iter().map(|i| i.profile.clone()).collect()
    }

    /// The invitations in display order under the current sort.
    pub fn display_order(&self, listing: &Listing) -> Vec<usize> {
        let invs = &listing.scan.invitations;
        let sort = self.sort;
        order::sorted_indices(invs.len(), &mut |a, b| match sort {
            SortKey::Proposal => rank_cmp(&invs[a], &invs[b]),
            SortKey::Page => invs[a].index.cmp(&invs[b].index),
            SortKey::Newest => rank_cmp(&invs[b], &invs[a]),
        })
    }

    /// Whether a row shows under the filters and the chosen histogram bar.
    pub fn shown(&self, inv: &Invitation) -> bool {
        visible(inv, &self.filter)
            && self
                .bucket
                .as_deref()
                .is_none_or(|b| insights::bucket_of(inv.age_min_days) == b)
    }
}
