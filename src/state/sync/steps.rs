//! The sync machine's steps: what each kind of answer does to the ledger.

use super::*;

impl InboxSync {
    pub(super) fn head_page(&mut self, page: InboxPage, step: &mut Step, ids: &mut ReqIds) {
        self.ledger.total = page.total.or(self.ledger.total);
        self.ledger.mark = newest(&page.tickets).or(self.ledger.mark);
        step.save = true;
        let partitioning = self.inflight.values().any(|p| *p == Pending::Oldest)
            || self.span.is_some()
            || !self.ledger.walks.is_empty();
        if partitioning {
            // The partitions bring the rest (and may all be done already).
            self.head_next = Some(page.next);
            step.tickets = page.tickets;
            if let Some(span) = self.span.take() {
                let planned = self.plan_span(span, ids);
                step.jobs.extend(planned.jobs);
                step.events.extend(planned.events);
                return;
            }
            self.finish_if_whole(step, ids);
            return;
        }
        // No partitions: the newest page is the first of one walk over the whole query.
        self.ledger.walks = vec![Walk { range: None, cursor: None, done: false }];
        self.advance(0, page, step, ids);
    }

    /// Walk the partitions side by side (their rows include the newest page's). Without
    /// them, carry on page by page from the newest page's cursor.
    pub(super) fn plan(&mut self, partitions: Option<Vec<DateRange>>, ids: &mut ReqIds) -> Step {
        let mut step = Step { save: true, ..Step::default() };
        match (partitions, self.head_next.take()) {
            (Some(ranges), _) => {
                self.ledger.walks =
                    ranges.into_iter().map(|r| Walk { range: Some(r), cursor: None, done: false }).collect();
                self.set_filling();
                step.jobs = self.launch(0, ids);
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
    pub(super) fn set_filling(&mut self) {
        if !matches!(self.phase, Phase::Broken(_)) {
            self.phase = Phase::Filling;
        }
    }

    /// Record a walk's page: its cursor moves on, the next page is asked for, and the walk
    /// stops with an error when the server would loop.
    pub(super) fn advance(&mut self, i: usize, page: InboxPage, step: &mut Step, ids: &mut ReqIds) {
        let InboxPage { tickets, next, total, .. } = page;
        // The newest page sets the mark; when it never came, the first page seen does (an
        // earlier mark only re-reads more).
        self.ledger.mark = self.ledger.mark.or_else(|| newest(&tickets));
        let guard = self.guards.entry(i).or_default();
        let checked = guard.check(tickets.iter().map(|t| t.id.0.as_str()), next.as_deref(), total, PAGE_SIZE);
        step.tickets = tickets;
        step.save = true;
        if let Err(runaway) = checked {
            // Resumed from the beginning, with a fresh guard, when the agent asks.
            self.ledger.walks[i].cursor = None;
            self.guards.remove(&i);
            self.stop_walk(i, runaway.to_string(), step);
            return;
        }
        let walk = &mut self.ledger.walks[i];
        walk.done = next.is_none();
        walk.cursor = next;
        self.set_filling();
        step.jobs.extend(self.launch(0, ids));
        self.finish_if_whole(step, ids);
    }

    /// Every walk done and nothing in flight: the ledger is complete. A fill that resumed
    /// after a stop then syncs at once, for what changed while it was stopped.
    pub(super) fn finish_if_whole(&mut self, step: &mut Step, ids: &mut ReqIds) {
        let whole = !self.ledger.walks.is_empty() && self.ledger.walks.iter().all(|w| w.done);
        if !whole || self.loading() {
            return;
        }
        self.ledger.complete = true;
        self.phase = Phase::Complete;
        if std::mem::take(&mut self.resumed) && self.ledger.mark.is_some() {
            step.jobs.extend(self.sync(false, ids));
        } else {
            step.events.push(SyncEvent::Done { changed: 0 });
        }
    }

    pub(super) fn sync_page(
        &mut self,
        since: Timestamp,
        page: InboxPage,
        known: &dyn Fn(&TicketId) -> bool,
        step: &mut Step,
        ids: &mut ReqIds,
    ) {
        let checked =
            self.sync_guard.check(page.tickets.iter().map(|t| t.id.0.as_str()), page.next.as_deref(), None, PAGE_SIZE);
        // New since the total was counted: created after the mark. One created before it
        // and not loaded was in the total already (a change during the fill moved it past
        // its walk): counting it again made "20,003 on the server, 20,002 here".
        let counted_until = since + SYNC_MARGIN;
        let new = |t: &Ticket| !known(&t.id) && t.created_at.is_none_or(|c| c > counted_until);
        let added = page.tickets.iter().filter(|t| new(t)).count() as u64;
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
                step.events.push(SyncEvent::Runaway(reason));
            }
            (Ok(()), Some(cursor)) => step.jobs.push(self.sync_job(since, Some(cursor), ids)),
            (Ok(()), None) => {
                self.phase = Phase::Complete;
                step.events.push(SyncEvent::Done { changed: self.sync_changed });
                self.after_sync(step, ids);
            }
        }
    }

    /// A request failed. A cursor the server no longer takes (API-NOTES §2.2: expired, or
    /// from another query) restarts that walk from its beginning once, after the caller's
    /// backoff; refused again, the walk stops until the agent asks (`R`). Anything else
    /// breaks the load until a retry resumes it.
    pub(super) fn failed(&mut self, pending: Pending, error: ApiError) -> Step {
        let mut step = Step::default();
        if let Pending::Walk(i) = pending {
            let refused = matches!(error, ApiError::Invalid { .. } | ApiError::NotFound { .. });
            if refused && self.ledger.walks[i].cursor.is_some() {
                self.ledger.walks[i].cursor = None;
                self.guards.remove(&i);
                step.save = true;
                if self.restarted.insert(i) {
                    self.restart_due = true;
                    self.phase = Phase::Broken(error.short());
                    step.events.push(SyncEvent::CursorRefused(error));
                } else {
                    self.stop_walk(
                        i,
                        format!("the server refused its page cursor again ({})", error.short()),
                        &mut step,
                    );
                }
                return step;
            }
        }
        self.failing = true;
        self.phase = Phase::Broken(error.short());
        step.events.push(SyncEvent::Failed(error));
        step
    }

    /// The agent asks (`R`): walks stopped for good are given another go.
    pub fn retry_stopped(&mut self) {
        self.stopped.clear();
        self.restarted.clear();
    }

    /// A walk waits to start again after its cursor was refused.
    pub fn restart_due(&self) -> bool {
        self.restart_due
    }

    /// Whether a walk stopped for good (the inbox stays incomplete until `R`).
    pub fn stopped(&self) -> bool {
        !self.stopped.is_empty()
    }

    /// The server holds `n` more than it said (a ticket opened here): the count follows.
    pub fn grew(&mut self, n: u64) {
        self.ledger.total = self.ledger.total.map(|t| t + n);
    }

    /// Walk `i` stops where it is, for `why`: no timer resumes it, only the agent (`R`).
    pub(super) fn stop_walk(&mut self, i: usize, why: String, step: &mut Step) {
        self.stopped.insert(i);
        let reason = format!("part of the inbox stopped loading: {why}");
        self.phase = Phase::Broken(reason.clone());
        step.events.push(SyncEvent::Runaway(reason));
    }
}
