//! The reconcile: a whole inbox is checked against the server's count for the same `where`
//! (the first sync after a warm start, then every `CHECK_EVERY` syncs), and when they
//! disagree, one id-only walk (`select: ["id"]`) says what the server no longer holds
//! (deleted, merged, another workspace's cache) and what the inbox missed. A sync never
//! notices a ticket that went: only this does.

use std::collections::HashSet;

use super::{InboxSync, PAGE_SIZE, Pending, Step, SyncEvent};
use crate::api::ApiError;
use crate::desk::{IdPage, TicketId};
use crate::support::pages::PageGuard;
use crate::worker::{Job, ReqId, ReqIds};

/// Syncs between two checks of the count (about ten minutes at the default minute).
pub const CHECK_EVERY: u32 = 10;

#[derive(Debug, Clone, PartialEq, Default)]
pub(super) struct Reconcile {
    /// Syncs completed since the last check: at `CHECK_EVERY` one is due.
    syncs: u32,
    /// The walk under way.
    walk: Option<IdWalk>,
}

#[derive(Debug, Clone, PartialEq, Default)]
struct IdWalk {
    seen: HashSet<TicketId>,
    guard: PageGuard,
    pages: u32,
}

impl Reconcile {
    /// A cache was taken up: its inbox is checked after the first sync.
    pub(super) fn due_now(&mut self) {
        self.syncs = CHECK_EVERY;
    }
}

impl InboxSync {
    /// A sync ended: when a check is due, ask for the first page of ids (its count first).
    pub(super) fn after_sync(&mut self, step: &mut Step, ids: &mut ReqIds) {
        self.reconcile.syncs += 1;
        if self.reconcile.syncs >= CHECK_EVERY && self.reconcile.walk.is_none() {
            self.reconcile.walk = Some(IdWalk::default());
            step.jobs.push(self.ids_job(None, ids));
        }
    }

    fn ids_job(&mut self, cursor: Option<String>, ids: &mut ReqIds) -> Job {
        let req = ids.take();
        self.inflight.insert(req, Pending::Ids);
        Job::Ids { req, query: self.query.clone(), cursor }
    }

    /// A page of ids, with `here` tickets in the inbox. A first page whose count agrees
    /// ends the check; otherwise the walk goes on, and its end says which ids the server
    /// holds (`Step::reconciled`). A failure or a walk that would not end only drops the
    /// check: the next sync tries again.
    pub fn on_ids(&mut self, req: ReqId, result: Result<IdPage, ApiError>, here: u64, ids: &mut ReqIds) -> Step {
        let mut step = Step::default();
        if self.inflight.remove(&req) != Some(Pending::Ids) {
            return step;
        }
        let Some(mut walk) = self.reconcile.walk.take() else { return step };
        let page = match result {
            Ok(page) => page,
            Err(e) => {
                tracing::warn!(%e, "the inbox's count could not be checked");
                return step;
            }
        };
        walk.pages += 1;
        if walk.pages == 1 && page.total == Some(here) {
            self.reconcile.syncs = 0;
            self.ledger.total = page.total;
            step.save = true;
            return step;
        }
        let checked =
            walk.guard.check(page.ids.iter().map(|id| id.0.as_str()), page.next.as_deref(), page.total, PAGE_SIZE);
        if let Err(runaway) = checked {
            tracing::warn!(%runaway, "the inbox's ids could not be walked");
            return step;
        }
        walk.seen.extend(page.ids);
        match page.next {
            Some(cursor) => {
                step.jobs.push(self.ids_job(Some(cursor), ids));
                self.reconcile.walk = Some(walk);
            }
            None => {
                self.reconcile.syncs = 0;
                self.ledger.total = Some(walk.seen.len() as u64);
                step.save = true;
                step.events.push(SyncEvent::Reconciled(walk.seen));
            }
        }
        step
    }
}

#[cfg(test)]
mod tests {
    use super::super::Phase;
    use super::*;
    use crate::desk::{InboxPage, InboxQuery, Ledger, Ticket};

    const MARK: &str = "2026-11-20T10:00:00Z";

    fn ticket(n: u64, created: &str) -> Ticket {
        let at = Some(created.parse().unwrap());
        Ticket { id: TicketId(format!("t{n}")), number: n, created_at: at, updated_at: at, ..Ticket::default() }
    }

    /// A sync over a complete ledger of `total`, answered with `tickets` (none known).
    fn synced(total: u64, tickets: Vec<Ticket>) -> (InboxSync, ReqIds, Step) {
        let ledger = Ledger { walks: vec![], mark: Some(MARK.parse().unwrap()), total: Some(total), complete: true };
        let (mut sync, mut ids) = (InboxSync::new(InboxQuery::default()).with_ledger(ledger), ReqIds::default());
        let Some(Job::Sync { req, .. }) = sync.resume(false, &mut ids).pop() else { panic!("a sync") };
        let page = InboxPage { tickets, next: None, total: None, damaged: vec![], unreadable: 0 };
        let step = sync.on_page(req, Ok(page), std::time::Duration::ZERO, &|_| false, &mut ids);
        (sync, ids, step)
    }

    fn ids_req(step: &Step) -> Option<(ReqId, Option<String>)> {
        step.jobs.iter().find_map(|j| match j {
            Job::Ids { req, cursor, .. } => Some((*req, cursor.clone())),
            _ => None,
        })
    }

    fn id_page(ids: std::ops::Range<u64>, next: Option<&str>, total: u64) -> IdPage {
        IdPage { ids: ids.map(|n| TicketId(format!("t{n}"))).collect(), next: next.map(Into::into), total: Some(total) }
    }

    #[test]
    fn a_warm_inbox_is_counted_after_its_first_sync_and_walked_when_the_count_disagrees() {
        let (mut sync, mut ids, step) = synced(303, vec![]);
        assert_eq!(step.events, [SyncEvent::Done { changed: 0 }]);
        let (req, cursor) = ids_req(&step).expect("the count is checked after the first sync of a cache");
        assert_eq!(cursor, None);
        let step = sync.on_ids(req, Ok(id_page(0..100, Some("c2"), 120)), 303, &mut ids);
        let (req, cursor) = ids_req(&step).expect("303 here, 120 there: the ids are walked");
        assert_eq!(cursor.as_deref(), Some("c2"));
        let step = sync.on_ids(req, Ok(id_page(100..120, None, 120)), 303, &mut ids);
        let [SyncEvent::Reconciled(held)] = step.events.as_slice() else { panic!("{:?}", step.events) };
        assert_eq!(held.len(), 120);
        assert!(held.contains(&TicketId("t119".into())) && !held.contains(&TicketId("t120".into())));
        assert_eq!((sync.total(), step.save, sync.phase.clone()), (Some(120), true, Phase::Complete));
    }

    #[test]
    fn a_count_that_agrees_ends_the_check_at_one_request_and_the_next_is_ten_syncs_away() {
        let (mut sync, mut ids, step) = synced(50, vec![]);
        let (req, _) = ids_req(&step).unwrap();
        let step = sync.on_ids(req, Ok(id_page(0..50, None, 50)), 50, &mut ids);
        assert!(step.jobs.is_empty() && step.events.is_empty());
        for n in 1..=CHECK_EVERY {
            let Some(Job::Sync { req, .. }) = sync.resume(false, &mut ids).pop() else { panic!("a sync") };
            let page = InboxPage { tickets: vec![], next: None, total: None, damaged: vec![], unreadable: 0 };
            let step = sync.on_page(req, Ok(page), std::time::Duration::ZERO, &|_| true, &mut ids);
            assert_eq!(ids_req(&step).is_some(), n == CHECK_EVERY, "sync {n}");
        }
    }

    #[test]
    fn a_failed_check_changes_nothing_and_is_tried_after_the_next_sync() {
        let (mut sync, mut ids, step) = synced(303, vec![]);
        let (req, _) = ids_req(&step).unwrap();
        let step = sync.on_ids(req, Err(ApiError::Timeout), 303, &mut ids);
        assert_eq!(step, Step::default());
        assert_eq!(sync.total(), Some(303));
        let Some(Job::Sync { req, .. }) = sync.resume(false, &mut ids).pop() else { panic!("a sync") };
        let page = InboxPage { tickets: vec![], next: None, total: None, damaged: vec![], unreadable: 0 };
        let step = sync.on_page(req, Ok(page), std::time::Duration::ZERO, &|_| true, &mut ids);
        assert!(ids_req(&step).is_some());
    }

    #[test]
    fn a_sync_counts_only_tickets_created_after_the_total_was_taken() {
        // One moved past its walk by a change during the fill (created long ago), one new.
        let (sync, _, _) = synced(20_000, vec![ticket(1, "2026-01-01T00:00:00Z"), ticket(2, "2026-11-20T11:00:00Z")]);
        assert_eq!(sync.total(), Some(20_001), "never 20,002 for a ticket counted already");
    }
}
