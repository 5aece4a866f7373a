//! Settles the write-ahead intents a reload or a crash left behind, against the page's truth:
//! a row still listed was not withdrawn; a row gone after its confirm click was.

use super::bg;
use super::session::{self, Session};

/// Settles what the last scan can decide; keeps the rest for a later, complete scan.
pub async fn settle_intents(s: &Session) {
    let (intents, complete, people) = {
        let l = s.listing.borrow();
        (
            std::mem::take(&mut s.known.borrow_mut().reconcile),
            l.complete,
            l.is_people(),
        )
    };
    if intents.is_empty() {
        return;
    }
    if !people {
        s.known.borrow_mut().reconcile = intents;
        return;
    }
    let mut left = Vec::new();
    for intent in intents {
        let listed = s.listing.borrow().by_profile.contains_key(&intent.profile);
        // Confirm never clicked, or the row is still listed: not withdrawn. Gone after its
        // confirm click: withdrawn, when the scan read the whole list (else it may be unloaded).
        let withdrawn = if !bg::reached_confirm(&intent) || listed {
            Some(false)
        } else if complete {
            Some(true)
        } else {
            None
        };
        match withdrawn {
            Some(w) => {
                let _ = bg::settle(&intent.id, w, None).await;
            }
            None => left.push(intent),
        }
    }
    s.known.borrow_mut().reconcile = left;
    session::refresh_from_background(s).await;
}
