//! The drafts part: every unsent draft's text, which ones wait to be written, which failed
//! to be, and which were on their way when the last run stopped.

use std::collections::{HashMap, HashSet};

use crate::store::drafts::DraftKey;

#[derive(Debug, Default)]
pub struct Drafts {
    /// Every unsent draft, by ticket and kind (loaded from disk at start).
    pub text: HashMap<DraftKey, String>,
    /// Changed since the last save.
    pub(super) dirty: HashSet<DraftKey>,
    /// Whose last save failed (a full disk): quitting asks first.
    pub(super) unsaved: HashSet<DraftKey>,
    /// Whose send began (at that time) in an earlier run that stopped before its answer:
    /// it may have been sent, so the thread is read before it can be sent again.
    pub maybe_sent: HashMap<DraftKey, jiff::Timestamp>,
}

impl Drafts {
    /// What was kept on disk: the texts, and the sends that were in flight.
    pub fn loaded(text: HashMap<DraftKey, String>, in_flight: HashMap<DraftKey, jiff::Timestamp>) -> Drafts {
        Drafts { text, maybe_sent: in_flight, ..Drafts::default() }
    }
}
