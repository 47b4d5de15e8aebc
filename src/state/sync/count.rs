//! What the header may claim about how many tickets there are: only what the server said
//! or a whole walk verified, never a complete-looking count nobody checked ("0 of 0" after a
//! first load that failed).

use super::{InboxSync, Phase};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Count {
    /// Nothing loaded yet and nothing known: the first page is on its way.
    Loading,
    /// Nothing verified: the server could not be reached (or refused) before it said how
    /// many there are; `loaded` came from earlier or from nowhere.
    Unverified { loaded: u64, offline: bool },
    /// A load under way that has not been told the total: `shown` of the `loaded` so far.
    Partial { shown: u64, loaded: u64 },
    /// `shown` (in view) of the server's `total`, or of a whole walk's count.
    Of { shown: u64, total: u64 },
    /// The inbox is whole, and the server counts otherwise.
    Disagrees { shown: u64, server: u64 },
}

impl Count {
    /// The header's words, numbers written with `thousands`.
    pub fn label(self, thousands: impl Fn(u64) -> String) -> String {
        match self {
            Count::Loading => "loading…".into(),
            Count::Unverified { loaded, offline: true } => format!("offline — {} loaded", thousands(loaded)),
            Count::Unverified { loaded, offline: false } => format!("not loaded — {} here", thousands(loaded)),
            Count::Partial { shown, loaded } => format!("{} of {} loaded", thousands(shown), thousands(loaded)),
            Count::Of { shown, total } => format!("{} of {}", thousands(shown), thousands(total)),
            Count::Disagrees { shown, server } => format!("{} (server said {})", thousands(shown), thousands(server)),
        }
    }
}

impl InboxSync {
    /// The count to show: `shown` tickets in view of the `loaded` ones; `offline` while the
    /// server cannot be reached.
    pub fn count(&self, shown: u64, loaded: u64, offline: bool) -> Count {
        let broken = matches!(self.phase, Phase::Broken(_));
        match self.ledger.total {
            Some(server) if self.ledger.complete && server != loaded => Count::Disagrees { shown, server },
            Some(total) => Count::Of { shown, total },
            None if self.ledger.complete => Count::Of { shown, total: loaded },
            None if offline || broken => Count::Unverified { loaded, offline },
            None if loaded == 0 => Count::Loading,
            None => Count::Partial { shown, loaded },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::desk::{InboxQuery, Ledger};

    fn sync(total: Option<u64>, complete: bool, phase: Phase) -> InboxSync {
        let ledger = Ledger { walks: vec![], mark: None, total, complete };
        InboxSync { phase, ..InboxSync::new(InboxQuery::default()).with_ledger(ledger) }
    }

    #[test]
    fn a_count_is_claimed_only_once_verified() {
        let n = |n: u64| n.to_string();
        let failed = sync(None, false, Phase::Broken("the server's answer could not be read".into()));
        assert_eq!(failed.count(0, 0, false).label(n), "not loaded — 0 here", "never 0 of 0");
        assert_eq!(sync(None, false, Phase::Starting).count(0, 0, true).label(n), "offline — 0 loaded");
        assert_eq!(sync(None, false, Phase::Starting).count(0, 0, false).label(n), "loading…");
        assert_eq!(sync(None, false, Phase::Filling).count(40, 100, false).label(n), "40 of 100 loaded");
        assert_eq!(sync(Some(300), false, Phase::Filling).count(100, 100, false).label(n), "100 of 300");
        assert_eq!(sync(Some(300), true, Phase::Complete).count(12, 300, false).label(n), "12 of 300");
        assert_eq!(sync(Some(120), true, Phase::Complete).count(303, 303, false).label(n), "303 (server said 120)");
        assert_eq!(sync(None, true, Phase::Complete).count(5, 5, false).label(n), "5 of 5", "a whole walk counted");
        assert_eq!(sync(Some(0), true, Phase::Complete).count(0, 0, false).label(n), "0 of 0", "verified empty");
    }
}
