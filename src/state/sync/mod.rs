//! Loading the inbox, as an explicit state machine with a ledger. No I/O: pages go in,
//! jobs (and tickets to merge) come out.
//!
//! ```text
//!            start ─┬─ ledger complete ──────────────────────────► Syncing ──► Complete
//!                   ├─ ledger with walks left ─► Filling (resume) ─┘   ▲          │ R / timer
//!                   └─ nothing ─► Starting (newest page + oldest)      └──────────┘
//!                                   │ oldest known: partitions
//!                                   ▼
//!                                Filling ── every walk done ──► Complete
//!   any phase ── a walk fails or runs away ──► Broken(reason) ── R / retry ──► resumes
//! ```
//!
//! The ledger (walks with their cursors, the sync mark, the server's total) is what the
//! cache persists: an interrupted fill resumes where it stopped, and an incremental sync runs
//! only over a complete ledger.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use crate::api::ApiError;
use crate::desk::{DateRange, InboxPage, InboxQuery, Ledger, Ticket, TicketId, Walk};
use crate::support::pages::PageGuard;
use crate::worker::{Job, ReqId, ReqIds};
use jiff::Timestamp;

mod count;
pub mod live;
mod pace;
mod reconcile;
mod steps;
#[cfg(test)]
mod tests;

pub use count::Count;
pub use pace::Pace;
pub use reconcile::CHECK_EVERY;

/// A sync re-reads this much before the mark: clocks and commits are not exact.
pub const SYNC_MARGIN: jiff::SignedDuration = jiff::SignedDuration::from_secs(120);
/// The server's page size for inbox walks (the reference's maximum).
const PAGE_SIZE: u64 = 100;

#[derive(Debug, Clone, PartialEq)]
pub enum Phase {
    Idle,
    /// The newest page and the span of created dates are on their way.
    Starting,
    Filling,
    Syncing,
    Complete,
    /// Stopped with a reason; `R` (or the retry timer) resumes.
    Broken(String),
}

/// What a request in flight is for.
#[derive(Debug, Clone, PartialEq)]
enum Pending {
    Head,
    Oldest,
    Walk(usize),
    Sync {
        since: Timestamp,
    },
    /// A page of a reconcile's ids.
    Ids,
}

/// What the caller does with an answer.
#[derive(Debug, Default, PartialEq)]
pub struct Step {
    /// Merge these into the inbox (after clearing it, when `clear_first`).
    pub tickets: Vec<Ticket>,
    pub clear_first: bool,
    pub jobs: Vec<Job>,
    /// The ledger changed: persist it.
    pub save: bool,
    /// What happened, in order (the server answering again, then the fill ending…).
    pub events: Vec<SyncEvent>,
    /// The tickets are changes found by a sync (the selection stays where it is).
    pub from_sync: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum SyncEvent {
    /// The server answered again after failures.
    Answered,
    /// A request failed; transient ones are retried by the caller's backoff.
    Failed(ApiError),
    /// A walk stopped because the server would have kept it going; only `R` resumes it.
    Runaway(String),
    /// The server refused a walk's cursor: the walk starts again from its first page after
    /// the backoff (once; refused again, it stops).
    CursorRefused(ApiError),
    /// The inbox is whole (a fill ended, or a sync with this many changes).
    Done { changed: usize },
    /// A reconcile's walk ended: these are the ids the server holds for the query (the
    /// inbox drops the others and fetches the ones it lacks).
    Reconciled(HashSet<TicketId>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct InboxSync {
    /// The inbox came from the cache and the network has not confirmed it yet.
    pub cached: bool,
    /// The quick check for changes between syncs.
    pub live: live::Live,
    /// While the server cannot be reached: the wait before the next automatic try.
    pub offline_backoff: Option<std::time::Duration>,
    pub query: InboxQuery,
    pub ledger: Ledger,
    pub phase: Phase,
    /// The ledger belongs to the whole inbox (no server filter) and is persisted.
    pub persisted: bool,
    /// The first fill may be split into created-date partitions.
    partitions: bool,
    /// How many of the partitions' walks run at once.
    pub pace: Pace,
    inflight: BTreeMap<ReqId, Pending>,
    guards: BTreeMap<usize, PageGuard>,
    sync_guard: PageGuard,
    /// The last request failed; the next answer says the server is back.
    failing: bool,
    /// The newest page's cursor, kept in case partitioning fails.
    head_next: Option<Option<String>>,
    /// The oldest ticket's created date and today, while the newest page (whose total
    /// decides how many partitions) is still on its way.
    span: Option<Option<(jiff::civil::Date, jiff::civil::Date)>>,
    /// The first answer of a reload replaces the list.
    replace: bool,
    /// A resumed fill is followed by a sync, for what changed while it was stopped.
    resumed: bool,
    /// Tickets shown with an unreadable field, and items that could not be read at all.
    pub damaged: HashSet<TicketId>,
    pub lost: usize,
    sync_changed: usize,
    /// Walks restarted after the server refused their cursor (each restarts once).
    restarted: BTreeSet<usize>,
    /// A walk whose cursor was refused waits for the retry timer to start it again.
    restart_due: bool,
    /// When to check the count against the server's, and the id walk under way.
    reconcile: reconcile::Reconcile,
    /// Walks stopped for good (a cursor refused twice, a server that loops): no timer
    /// resumes them, only the agent.
    stopped: BTreeSet<usize>,
}

impl InboxSync {
    pub fn new(query: InboxQuery) -> Self {
        InboxSync {
            cached: false,
            live: Default::default(),
            offline_backoff: None,
            persisted: query.is_empty(),
            partitions: false,
            pace: Pace::new(crate::desk::DEFAULT_PARTITIONS),
            query,
            ledger: Ledger::default(),
            phase: Phase::Idle,
            inflight: BTreeMap::new(),
            guards: BTreeMap::new(),
            sync_guard: PageGuard::new(),
            failing: false,
            head_next: None,
            span: None,
            replace: false,
            resumed: false,
            damaged: HashSet::new(),
            lost: 0,
            sync_changed: 0,
            restarted: BTreeSet::new(),
            restart_due: false,
            reconcile: Default::default(),
            stopped: BTreeSet::new(),
        }
    }

    /// Take up a persisted ledger (from the cache, for the whole inbox).
    pub fn with_ledger(mut self, ledger: Ledger) -> Self {
        if self.persisted {
            // An inbox from a cache is checked against the server's count after its first sync.
            if ledger != Ledger::default() {
                self.reconcile.due_now();
            }
            self.ledger = ledger;
        }
        self
    }

    pub fn loading(&self) -> bool {
        !self.inflight.is_empty()
    }
    pub fn complete(&self) -> bool {
        self.ledger.complete
    }
    pub fn total(&self) -> Option<u64> {
        self.ledger.total
    }
    /// Records with unreadable fields, each counted once.
    pub fn unreadable(&self) -> usize {
        self.damaged.len() + self.lost
    }

    /// Bring the inbox up to date from wherever the ledger stands: the walks of an unfinished
    /// fill that are not on their way (a retry while others still load, or a fill stopped
    /// by a quit), a sync over a complete ledger, or a new fill (split into created-date
    /// partitions when `partitions` allows). Nothing else while a request is out.
    pub fn resume(&mut self, partitions: bool, ids: &mut ReqIds) -> Vec<Job> {
        self.restart_due = false;
        if !self.ledger.complete && !self.ledger.walks.is_empty() {
            return self.resume_walks(ids);
        }
        if self.loading() {
            return vec![];
        }
        if self.ledger.complete { self.sync(partitions, ids) } else { self.fill(partitions, ids) }
    }

    fn resume_walks(&mut self, ids: &mut ReqIds) -> Vec<Job> {
        let idle: Vec<usize> = (0..self.ledger.walks.len()).filter(|i| !self.walk_in_flight(*i)).collect();
        for i in idle.iter().filter(|i| !self.stopped.contains(i)) {
            self.guards.remove(i);
        }
        if !self.stopped() {
            // A walk stopped for good keeps the load broken, its reason on screen.
            self.phase = Phase::Filling;
        }
        // A retry starts at least one walk, however many are out.
        let jobs = self.launch(1, ids);
        if !jobs.is_empty() {
            // Whatever changed while the walks stood still is synced once they are done.
            self.resumed = true;
            return jobs;
        }
        // Every walk was done but the ledger not yet marked whole.
        let mut step = Step::default();
        self.finish_if_whole(&mut step, ids);
        step.jobs
    }

    /// Start over on `query`: a new fill whose first answer replaces the list.
    pub fn reload(&mut self, query: InboxQuery, partitions: bool, ids: &mut ReqIds) -> Vec<Job> {
        *self = InboxSync { replace: true, pace: Pace::new(self.pace.cap()), ..InboxSync::new(query) };
        self.fill(partitions, ids)
    }

    fn fill(&mut self, partitions: bool, ids: &mut ReqIds) -> Vec<Job> {
        self.ledger = Ledger::default();
        self.phase = Phase::Starting;
        (self.span, self.head_next) = (None, None);
        self.partitions = partitions && self.query.created.is_none();
        let head = ids.take();
        self.inflight.insert(head, Pending::Head);
        let mut jobs = vec![Job::Inbox { req: head, query: self.query.clone(), cursor: None }];
        // The newest page paints at once; meanwhile learn the span of created dates to split
        // the rest into partitions walked side by side (cursors are sequential).
        if self.partitions {
            let oldest = ids.take();
            self.inflight.insert(oldest, Pending::Oldest);
            jobs.push(Job::Oldest { req: oldest, query: self.query.clone() });
        }
        jobs
    }

    fn sync(&mut self, partitions: bool, ids: &mut ReqIds) -> Vec<Job> {
        let Some(mark) = self.ledger.mark else {
            // An empty inbox has no mark: asking again is as cheap as a sync.
            self.ledger.complete = false;
            return self.fill(partitions, ids);
        };
        self.phase = Phase::Syncing;
        self.sync_changed = 0;
        self.sync_guard = PageGuard::new();
        let since = mark - SYNC_MARGIN;
        vec![self.sync_job(since, None, ids)]
    }

    fn sync_job(&mut self, since: Timestamp, cursor: Option<String>, ids: &mut ReqIds) -> Job {
        let req = ids.take();
        self.inflight.insert(req, Pending::Sync { since });
        Job::Sync { req, query: self.query.clone(), since, cursor }
    }

    /// Start walks up to the pace's window (and `at_least` of them): the ones under way
    /// first, then new ones.
    fn launch(&mut self, at_least: usize, ids: &mut ReqIds) -> Vec<Job> {
        let out = self.inflight.values().filter(|p| matches!(p, Pending::Walk(_))).count();
        let room = self.pace.window().saturating_sub(out).max(at_least);
        let mut waiting: Vec<usize> = (0..self.ledger.walks.len())
            .filter(|&i| !self.ledger.walks[i].done && !self.walk_in_flight(i) && !self.stopped.contains(&i))
            .collect();
        // Walks not begun first (a first page tells how long a walk is), then the longest
        // left: a fill ends when its longest walk does, so that one never waits for a slot
        // (with the walks under way first, the partitions begun last set a long tail).
        let left = |i: usize| self.guards.get(&i).map_or(u64::MAX, |g| g.pages_left().unwrap_or(u64::MAX - 1));
        waiting.sort_by_key(|&i| std::cmp::Reverse(left(i)));
        waiting.into_iter().take(room).filter_map(|i| self.next_of_walk(i, ids)).collect()
    }

    fn walk_in_flight(&self, i: usize) -> bool {
        self.inflight.values().any(|p| *p == Pending::Walk(i))
    }

    /// The next page of walk `i`, unless it is done or already on its way.
    fn next_of_walk(&mut self, i: usize, ids: &mut ReqIds) -> Option<Job> {
        let walk = self.ledger.walks.get(i).filter(|w| !w.done)?;
        if self.walk_in_flight(i) {
            return None;
        }
        let query = InboxQuery { created: walk.range.or(self.query.created), ..self.query.clone() };
        let cursor = walk.cursor.clone();
        let req = ids.take();
        self.inflight.insert(req, Pending::Walk(i));
        Some(Job::Inbox { req, query, cursor })
    }

    /// Whether `req` is one of ours (a reply that is not is dropped without a redraw).
    pub fn awaits(&self, req: ReqId) -> bool {
        self.inflight.contains_key(&req)
    }

    /// An inbox page arrived after `took`. `known` tells which tickets the inbox holds already.
    pub fn on_page(
        &mut self,
        req: ReqId,
        result: Result<InboxPage, ApiError>,
        took: std::time::Duration,
        known: &dyn Fn(&TicketId) -> bool,
        ids: &mut ReqIds,
    ) -> Step {
        let Some(pending) = self.inflight.remove(&req) else { return Step::default() };
        if let (Pending::Head, Ok(_)) = (&pending, &result) {
            self.pace.heard(took);
        }
        if let Pending::Walk(_) = pending {
            match &result {
                Ok(_) => self.pace.answered(took),
                Err(ApiError::RateLimited { .. } | ApiError::Server { .. } | ApiError::Timeout) => self.pace.refused(),
                Err(_) => {}
            }
        }
        let page = match result {
            Ok(page) => page,
            Err(e) => return self.failed(pending, e),
        };
        self.damaged.extend(page.damaged.iter().cloned());
        self.lost += page.unreadable;
        let mut step = Step { clear_first: std::mem::take(&mut self.replace), ..Step::default() };
        if std::mem::take(&mut self.failing) {
            step.events.push(SyncEvent::Answered);
        }
        match pending {
            Pending::Head => self.head_page(page, &mut step, ids),
            Pending::Walk(i) => self.advance(i, page, &mut step, ids),
            Pending::Sync { since } => self.sync_page(since, page, known, &mut step, ids),
            // Their answers are a date and ids, handled by `on_oldest` and `on_ids`.
            Pending::Oldest | Pending::Ids => {}
        }
        step
    }

    /// The created date of the oldest ticket: split the fill into partitions.
    pub fn on_oldest(
        &mut self,
        req: ReqId,
        result: Result<Option<Timestamp>, ApiError>,
        today: jiff::civil::Date,
        ids: &mut ReqIds,
    ) -> Step {
        if self.inflight.remove(&req) != Some(Pending::Oldest) {
            return Step::default();
        }
        let span = result.ok().flatten().map(|oldest| {
            let oldest = oldest.to_zoned(jiff::tz::TimeZone::UTC).date();
            (oldest, today.max(oldest))
        });
        if self.head_next.is_none() {
            // The newest page is on its way (or failed, and a retry starts over).
            self.span = Some(span);
            return Step::default();
        }
        self.plan_span(span, ids)
    }

    /// Split the fill into created-date partitions: one per page the newest page's total
    /// promises, up to twice the walks that may run at once (one that finishes early hands
    /// its place to the next, so a crowded stretch of dates does not leave the rest idle).
    /// None when the newest page held the whole inbox.
    pub(super) fn plan_span(&mut self, span: Option<(jiff::civil::Date, jiff::civil::Date)>, ids: &mut ReqIds) -> Step {
        let most = self.pace.cap() * 2;
        let count = self.ledger.total.map_or(most, |total| (total.div_ceil(PAGE_SIZE) as usize).clamp(1, most));
        let whole = self.head_next == Some(None);
        let ranges = span.filter(|_| !whole).map(|(oldest, today)| crate::desk::partitions(oldest, today, count));
        self.plan(ranges, ids)
    }
}

/// The newest change among `tickets`.
fn newest(tickets: &[Ticket]) -> Option<Timestamp> {
    tickets.iter().filter_map(|t| t.updated_at).max()
}
