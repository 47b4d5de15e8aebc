//! Live enough: between the background syncs, a cheap question on a short timer — has any
//! ticket of the inbox changed after the mark? (`where updatedAt > mark`, a few ids) — and
//! the incremental sync only when one has. A rate-limited answer quiets it for a while.

use crate::api::ApiError;
use crate::desk::InboxQuery;
use crate::worker::{Job, ReqId, ReqIds};

/// Checks skipped after the server said "too many requests" (a minute at the default 10 s).
const QUIET_AFTER_429: u32 = 6;
/// Every this many checks a sync runs instead (five minutes at the default 10 s): the
/// reconcile's count check rides on syncs, and a change the mark could miss is caught.
const SYNC_EVERY: u32 = 30;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Live {
    /// The check in flight.
    req: Option<ReqId>,
    /// Checks still to skip.
    quiet: u32,
    /// Checks since the last sync this check ran.
    since_sync: u32,
}

/// What a live tick asks for.
#[derive(Debug, Clone, PartialEq)]
pub enum Ask {
    Check(Job),
    /// Time for a whole incremental sync.
    Sync,
    Nothing,
}

/// What a check's answer asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Heard {
    /// Something changed: sync now.
    Changed,
    Nothing,
}

impl Live {
    /// A check, unless one is in flight or the server asked for quiet. `idle`: nothing else
    /// is loading (a sync or a fill in flight will bring the news anyway).
    pub fn check(&mut self, query: &InboxQuery, mark: jiff::Timestamp, idle: bool, ids: &mut ReqIds) -> Ask {
        if self.quiet > 0 {
            self.quiet -= 1;
            return Ask::Nothing;
        }
        if self.req.is_some() || !idle {
            return Ask::Nothing;
        }
        self.since_sync += 1;
        if self.since_sync >= SYNC_EVERY {
            self.since_sync = 0;
            return Ask::Sync;
        }
        let req = ids.take();
        self.req = Some(req);
        Ask::Check(Job::Changed { req, query: query.clone(), after: mark })
    }

    pub fn awaits(&self, req: ReqId) -> bool {
        self.req == Some(req)
    }

    pub fn answered(&mut self, result: Result<bool, ApiError>) -> Heard {
        self.req = None;
        match result {
            Ok(true) => Heard::Changed,
            Ok(false) => Heard::Nothing,
            Err(ApiError::RateLimited { .. }) => {
                self.quiet = QUIET_AFTER_429;
                Heard::Nothing
            }
            // Offline or a refusal: the background sync and its retry say so; the check
            // stays quiet and asks again next time.
            Err(_) => Heard::Nothing,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_check_at_a_time_and_quiet_after_a_429() {
        let (mut live, mut ids) = (Live::default(), ReqIds::default());
        let (q, mark) = (InboxQuery::default(), jiff::Timestamp::UNIX_EPOCH);
        let Ask::Check(Job::Changed { req, .. }) = live.check(&q, mark, true, &mut ids) else { panic!("a check") };
        assert_eq!(live.check(&q, mark, true, &mut ids), Ask::Nothing, "one in flight");
        assert!(live.awaits(req));
        assert_eq!(live.answered(Ok(true)), Heard::Changed);
        assert_eq!(live.check(&q, mark, false, &mut ids), Ask::Nothing, "a load in flight brings the news");
        assert!(matches!(live.check(&q, mark, true, &mut ids), Ask::Check(_)));
        let limited = ApiError::RateLimited { retry_after: None };
        assert_eq!(live.answered(Err(limited)), Heard::Nothing);
        let mut asked = 0;
        for _ in 0..10 {
            if let Ask::Check(_) = live.check(&q, mark, true, &mut ids) {
                asked += 1;
                live.answered(Ok(false));
            }
        }
        assert_eq!(asked, 10 - QUIET_AFTER_429, "quiet for six checks after a 429");
    }

    #[test]
    fn every_thirtieth_tick_is_a_sync() {
        let (mut live, mut ids) = (Live::default(), ReqIds::default());
        let (q, mark) = (InboxQuery::default(), jiff::Timestamp::UNIX_EPOCH);
        let asks: Vec<Ask> = (0..60)
            .map(|_| {
                let ask = live.check(&q, mark, true, &mut ids);
                live.answered(Ok(false));
                ask
            })
            .collect();
        let syncs: Vec<usize> = asks.iter().enumerate().filter(|(_, a)| **a == Ask::Sync).map(|(i, _)| i).collect();
        assert_eq!(syncs, [29, 59], "one list request per tick either way");
    }
}
