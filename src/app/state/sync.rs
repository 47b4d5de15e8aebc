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

use std::collections::{BTreeMap, HashSet};

use jiff::Timestamp;
use crate::api::ApiError;
use crate::desk::{DateRange, InboxPage, InboxQuery, Ledger, Ticket, TicketId, Walk};
use crate::support::pages::PageGuard;
use crate::worker::{Job, ReqId, ReqIds};

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
    Sync { since: Timestamp },
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
    pub event: Option<SyncEvent>,
    /// The tickets are changes found by a sync (the selection stays where it is).
    pub from_sync: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum SyncEvent {
    /// The server answered again after failures.
    Answered,
    /// A request failed; transient ones are retried by the caller's backoff.
    Failed(ApiError),
    /// A walk stopped because the server would have kept it going.
    Runaway(String),
    /// The inbox is whole (a fill ended, or a sync with this many changes).
    Done { changed: usize },
}

#[derive(Debug, Clone, PartialEq)]
pub struct InboxSync {
    pub query: InboxQuery,
    pub ledger: Ledger,
    pub phase: Phase,
    /// The ledger belongs to the whole inbox (no server filter) and is persisted.
    pub persisted: bool,
    /// The first fill may be split into created-date partitions.
    partitions: bool,
    inflight: BTreeMap<ReqId, Pending>,
    guards: BTreeMap<usize, PageGuard>,
    sync_guard: PageGuard,
    /// The last request failed; the next answer says the server is back.
    failing: bool,
    /// The newest page's cursor, kept in case partitioning fails.
    head_next: Option<Option<String>>,
    /// The first answer of a reload replaces the list.
    replace: bool,
    /// A resumed fill is followed by a sync, for what changed while it was stopped.
    resumed: bool,
    /// Tickets shown with an unreadable field, and items that could not be read at all.
    pub damaged: HashSet<TicketId>,
    pub lost: usize,
    sync_changed: usize,
}

impl InboxSync {
    pub fn new(query: InboxQuery) -> Self {
        InboxSync {
            persisted: query.is_empty(),
            partitions: false,
            query,
            ledger: Ledger::default(),
            phase: Phase::Idle,
            inflight: BTreeMap::new(),
            guards: BTreeMap::new(),
            sync_guard: PageGuard::new(),
            failing: false,
            head_next: None,
            replace: false,
            resumed: false,
            damaged: HashSet::new(),
            lost: 0,
            sync_changed: 0,
        }
    }

    /// Take up a persisted ledger (from the cache, for the whole inbox).
    pub fn with_ledger(mut self, ledger: Ledger) -> Self {
        if self.persisted {
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

    /// Bring the inbox up to date from wherever the ledger stands: a sync over a complete
    /// ledger, the walks left of an interrupted fill, or a new fill (split into created-date
    /// partitions when `partitions` allows). Nothing while loading.
    pub fn resume(&mut self, partitions: bool, ids: &mut ReqIds) -> Vec<Job> {
        if self.loading() {
            return vec![];
        }
        if self.ledger.complete {
            return self.sync(partitions, ids);
        }
        if self.ledger.walks.is_empty() {
            return self.fill(partitions, ids);
        }
        self.resumed = true;
        self.phase = Phase::Filling;
        self.guards.clear();
        let jobs: Vec<Job> = (0..self.ledger.walks.len()).filter_map(|i| self.next_of_walk(i, ids)).collect();
        if !jobs.is_empty() {
            return jobs;
        }
        // Every walk was done but the ledger not yet marked whole.
        let mut step = Step::default();
        self.finish_if_whole(&mut step, ids);
        step.jobs
    }

    /// Start over: a new fill whose first answer replaces the list.
    pub fn reload(&mut self, partitions: bool, ids: &mut ReqIds) -> Vec<Job> {
        *self = InboxSync { replace: true, ..InboxSync::new(self.query.clone()) };
        self.fill(partitions, ids)
    }

    fn fill(&mut self, partitions: bool, ids: &mut ReqIds) -> Vec<Job> {
        self.ledger = Ledger::default();
        self.phase = Phase::Starting;
        self.partitions = partitions && self.query.created.is_none();
        let head = ids.next();
        self.inflight.insert(head, Pending::Head);
        let mut jobs = vec![Job::Inbox { req: head, query: self.query.clone(), cursor: None }];
        // The newest page paints at once; meanwhile learn the span of created dates to split
        // the rest into partitions walked side by side (cursors are sequential).
        if self.partitions {
            let oldest = ids.next();
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
        let req = ids.next();
        self.inflight.insert(req, Pending::Sync { since });
        Job::Sync { req, query: self.query.clone(), since, cursor }
    }

    /// The next page of walk `i`, unless it is done or already on its way.
    fn next_of_walk(&mut self, i: usize, ids: &mut ReqIds) -> Option<Job> {
        let walk = self.ledger.walks.get(i).filter(|w| !w.done)?;
        if self.inflight.values().any(|p| *p == Pending::Walk(i)) {
            return None;
        }
        let query = InboxQuery { created: walk.range.or(self.query.created), ..self.query.clone() };
        let cursor = walk.cursor.clone();
        let req = ids.next();
        self.inflight.insert(req, Pending::Walk(i));
        Some(Job::Inbox { req, query, cursor })
    }

    /// Whether `req` is one of ours (a reply that is not is dropped without a redraw).
    pub fn awaits(&self, req: ReqId) -> bool {
        self.inflight.contains_key(&req)
    }

    /// An inbox page arrived. `known` tells which tickets the inbox holds already.
    pub fn on_page(
        &mut self,
        req: ReqId,
        result: Result<InboxPage, ApiError>,
        known: &dyn Fn(&TicketId) -> bool,
        ids: &mut ReqIds,
    ) -> Step {
        let Some(pending) = self.inflight.remove(&req) else { return Step::default() };
        let page = match result {
            Ok(page) => page,
            Err(e) => return self.failed(pending, e, ids),
        };
        self.damaged.extend(page.damaged.iter().cloned());
        self.lost += page.unreadable;
        let mut step = Step { clear_first: std::mem::take(&mut self.replace), ..Step::default() };
        if std::mem::take(&mut self.failing) {
            step.event = Some(SyncEvent::Answered);
        }
        match pending {
            Pending::Head => self.head_page(page, &mut step, ids),
            Pending::Walk(i) => self.advance(i, page, &mut step, ids),
            Pending::Sync { since } => self.sync_page(since, page, known, &mut step, ids),
            Pending::Oldest => {}
        }
        step
    }

    fn head_page(&mut self, page: InboxPage, step: &mut Step, ids: &mut ReqIds) {
        self.ledger.total = page.total.or(self.ledger.total);
        self.ledger.mark = newest(&page.tickets).or(self.ledger.mark);
        step.save = true;
        let partitioning = self.inflight.values().any(|p| *p == Pending::Oldest) || !self.ledger.walks.is_empty();
        if partitioning {
            self.head_next = Some(page.next);
            step.tickets = page.tickets;
            return;
        }
        // No partitions: the newest page is the first of one walk over the whole query.
        self.ledger.walks = vec![Walk { range: None, cursor: None, done: false }];
        self.advance(0, page, step, ids);
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
        let ranges = result.ok().flatten().map(|oldest| {
            let oldest = oldest.to_zoned(jiff::tz::TimeZone::UTC).date();
            crate::desk::partitions(oldest, today.max(oldest), crate::worker::CONCURRENCY)
        });
        self.plan(ranges, ids)
    }

    /// Walk the partitions side by side (their rows include the newest page's). Without
    /// them, carry on page by page from the newest page's cursor.
    fn plan(&mut self, partitions: Option<Vec<DateRange>>, ids: &mut ReqIds) -> Step {
        let mut step = Step { save: true, ..Step::default() };
        match (partitions, self.head_next.take()) {
            (Some(ranges), _) => {
                self.ledger.walks = ranges.into_iter().map(|r| Walk { range: Some(r), cursor: None, done: false }).collect();
                self.set_filling();
                step.jobs = (0..self.ledger.walks.len()).filter_map(|i| self.next_of_walk(i, ids)).collect();
            }
            (None, Some(head_next)) => {
                self.ledger.walks = vec![Walk { range: None, cursor: head_next.clone(), done: head_next.is_none() }];
                self.set_filling();
                step.jobs.extend(self.next_of_walk(0, ids));
                self.finish_if_whole(&mut step, ids);
            }
            // The newest page is still on its way: it starts the one walk when it comes.
            (None, None) => self.partitions = false,
        }
        step
    }

    /// Filling, unless a walk broke (the others carry on, the error stays on screen).
    fn set_filling(&mut self) {
        if !matches!(self.phase, Phase::Broken(_)) {
            self.phase = Phase::Filling;
        }
    }

    /// Record a walk's page: its cursor moves on, the next page is asked for, and the walk
    /// stops with an error when the server would loop.
    fn advance(&mut self, i: usize, page: InboxPage, step: &mut Step, ids: &mut ReqIds) {
        let InboxPage { tickets, next, total, .. } = page;
        // A mark from the first page seen, when the newest page never came.
        self.ledger.mark = self.ledger.mark.or_else(|| newest(&tickets));
        let guard = self.guards.entry(i).or_default();
        let checked = guard.check(tickets.iter().map(|t| t.id.0.as_str()), next.as_deref(), total, PAGE_SIZE);
        step.tickets = tickets;
        step.save = true;
        if let Err(runaway) = checked {
            let reason = format!("part of the inbox stopped loading: {runaway}");
            self.phase = Phase::Broken(reason.clone());
            step.event = Some(SyncEvent::Runaway(reason));
            // Resumed later from the beginning, with a fresh guard.
            self.ledger.walks[i].cursor = None;
            self.guards.remove(&i);
            return;
        }
        let walk = &mut self.ledger.walks[i];
        walk.done = next.is_none();
        walk.cursor = next;
        self.set_filling();
        step.jobs.extend(self.next_of_walk(i, ids));
        self.finish_if_whole(step, ids);
    }

    /// Every walk done and nothing in flight: the ledger is complete. A fill that resumed
    /// after a stop then syncs at once, for what changed while it was stopped.
    fn finish_if_whole(&mut self, step: &mut Step, ids: &mut ReqIds) {
        let whole = !self.ledger.walks.is_empty() && self.ledger.walks.iter().all(|w| w.done);
        if !whole || self.loading() {
            return;
        }
        self.ledger.complete = true;
        self.phase = Phase::Complete;
        if std::mem::take(&mut self.resumed) && self.ledger.mark.is_some() {
            step.jobs.extend(self.sync(false, ids));
        } else {
            step.event = Some(SyncEvent::Done { changed: 0 });
        }
    }

    fn sync_page(
        &mut self,
        since: Timestamp,
        page: InboxPage,
        known: &dyn Fn(&TicketId) -> bool,
        step: &mut Step,
        ids: &mut ReqIds,
    ) {
        let checked = self.sync_guard.check(page.tickets.iter().map(|t| t.id.0.as_str()), page.next.as_deref(), None, PAGE_SIZE);
        let added = page.tickets.iter().filter(|t| !known(&t.id)).count() as u64;
        self.ledger.total = self.ledger.total.map(|t| t + added);
        self.ledger.mark = self.ledger.mark.max(newest(&page.tickets));
        self.sync_changed += page.tickets.len();
        step.tickets = page.tickets;
        step.save = true;
        step.from_sync = true;
        match (checked, page.next) {
            (Err(runaway), _) => {
                let reason = format!("the sync stopped: {runaway}");
                self.phase = Phase::Broken(reason.clone());
                step.event = Some(SyncEvent::Runaway(reason));
            }
            (Ok(()), Some(cursor)) => step.jobs.push(self.sync_job(since, Some(cursor), ids)),
            (Ok(()), None) => {
                self.phase = Phase::Complete;
                step.event = Some(SyncEvent::Done { changed: self.sync_changed });
            }
        }
    }

    /// A request failed. A cursor the server no longer takes restarts that walk (once);
    /// anything else breaks the load until a retry resumes it.
    fn failed(&mut self, pending: Pending, error: ApiError, ids: &mut ReqIds) -> Step {
        let mut step = Step::default();
        if let Pending::Walk(i) = pending {
            let stale_cursor = matches!(error, ApiError::Invalid { .. } | ApiError::NotFound { .. });
            let walk = &mut self.ledger.walks[i];
            if stale_cursor && walk.cursor.is_some() {
                walk.cursor = None;
                self.guards.remove(&i);
                step.save = true;
                step.jobs.extend(self.next_of_walk(i, ids));
                return step;
            }
        }
        self.failing = true;
        self.phase = Phase::Broken(error.short());
        step.event = Some(SyncEvent::Failed(error));
        step
    }
}

/// The newest change among `tickets`.
fn newest(tickets: &[Ticket]) -> Option<Timestamp> {
    tickets.iter().filter_map(|t| t.updated_at).max()
}
