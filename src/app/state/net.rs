//! Loading the inbox (a full fill or a sync since the high-water mark) and the replies from
//! the worker. A reply whose request id is no longer awaited is dropped.

use super::{AppState, Directory, Effect, Loadable, Notice, Paging, SYNC_MARGIN};
use crate::desk::InboxQuery;
use crate::worker::ReqId;
use crate::worker::{Job, NetEvent};

/// Ends the notice of a failed background load, which the next retry may replace.
const RETRY_HINT: &str = "(R tries now)";
/// Said while `R` reloads; the answer replaces it.
pub(super) const REFRESHING: &str = "refreshing…";

impl AppState {
    /// Bring the inbox up to date: only what changed since the high-water mark once the whole
    /// inbox is loaded, else a full reload. Nothing when a load is already under way.
    pub fn sync_inbox(&mut self) -> Vec<Effect> {
        if self.inbox.paging.loading() {
            return vec![];
        }
        match self.inbox.high_water().filter(|_| self.inbox.paging.complete) {
            Some(high_water) => {
                let req = self.req();
                let since = high_water - SYNC_MARGIN;
                self.inbox.paging.req = Some(req);
                self.inbox.paging.syncing_since = Some(since);
                vec![Effect::Job(Job::Sync { req, query: self.inbox.query.clone(), since, cursor: None })]
            }
            None => self.reload_inbox(),
        }
    }

    /// Start loading the inbox from its first page (the list stays until it arrives).
    pub(super) fn reload_inbox(&mut self) -> Vec<Effect> {
        let req = self.req();
        self.inbox.paging = Paging { req: Some(req), replace_on_arrival: true, ..Paging::default() };
        let mut effects = vec![Effect::Job(Job::Inbox { req, query: self.inbox.query.clone(), cursor: None })];
        // The newest page paints at once; meanwhile learn the time span to split the rest
        // of the first fill into partitions fetched side by side (cursors are sequential).
        if self.capabilities.partitions && self.inbox.query.created.is_none() {
            let oldest = self.req();
            self.inbox.paging.oldest_req = Some(oldest);
            effects.push(Effect::Job(Job::Oldest { req: oldest, query: self.inbox.query.clone() }));
        }
        effects
    }

    /// The oldest ticket's time is known: split the rest of the first fill into partitions.
    /// Without it, carry on page by page from where the newest page left off.
    fn oldest_known(
        &mut self,
        req: ReqId,
        result: Result<Option<jiff::Timestamp>, crate::api::ApiError>,
    ) -> Vec<Effect> {
        if self.inbox.paging.oldest_req != Some(req) {
            return vec![];
        }
        self.inbox.paging.oldest_req = None;
        let Ok(Some(oldest)) = result else {
            return match self.inbox.paging.head_next.take() {
                Some(cursor) if self.inbox.paging.req.is_none() => {
                    let req = self.req();
                    self.inbox.paging.req = Some(req);
                    vec![Effect::Job(Job::Inbox { req, query: self.inbox.query.clone(), cursor: Some(cursor) })]
                }
                _ => vec![],
            };
        };
        if self.inbox.paging.replace_on_arrival {
            // A reload whose newest page has not come yet: the old list goes now.
            let keep = std::mem::take(&mut self.inbox.paging);
            self.inbox.clear();
            self.inbox.paging = Paging { replace_on_arrival: false, ..keep };
        }
        self.inbox.paging.head_next = None;
        let oldest = oldest.to_zoned(jiff::tz::TimeZone::UTC).date();
        let today = self.now.to_zoned(jiff::tz::TimeZone::UTC).date().max(oldest);
        let mut effects = Vec::new();
        for range in crate::desk::partitions(oldest, today, crate::worker::CONCURRENCY) {
            let req = self.req();
            let query = InboxQuery { created: Some(range), ..self.inbox.query.clone() };
            self.inbox.paging.partitions.insert(req, query.clone());
            effects.push(Effect::Job(Job::Inbox { req, query, cursor: None }));
        }
        effects
    }

    /// A page of one partition: merged; its next page follows; done when all are.
    fn partition_page(
        &mut self,
        req: ReqId,
        result: Result<crate::desk::InboxPage, crate::api::ApiError>,
    ) -> Vec<Effect> {
        let Some(query) = self.inbox.paging.partitions.remove(&req) else { return vec![] };
        let mut effects = Vec::new();
        match result {
            Ok(page) => {
                // Until the agent moves, the newest ticket stays the selected one, whichever
                // partition brings it.
                let first = self.inbox.tickets.is_empty() || self.inbox.cursor == 0;
                let before = self.inbox.selected.clone();
                self.inbox.paging.unreadable += page.unreadable;
                self.inbox.merge(page.tickets);
                if let Some(cursor) = page.next {
                    let next = self.req();
                    self.inbox.paging.partitions.insert(next, query.clone());
                    effects.push(Effect::Job(Job::Inbox { req: next, query, cursor: Some(cursor) }));
                }
                if first {
                    self.inbox.select_at(0);
                }
                if self.inbox.selected != before {
                    effects.extend(self.after_selection_change());
                }
            }
            Err(e) => {
                self.inbox.paging.broken = true;
                self.notice = Some(Notice::Error(format!("part of the inbox did not load: {} — R retries", e.short())));
            }
        }
        let paging = &self.inbox.paging;
        if paging.partitions.is_empty() && paging.req.is_none() && paging.oldest_req.is_none() && !paging.broken {
            self.inbox.paging.complete = true;
        }
        effects
    }

    /// A page of an incremental sync: merged into what is loaded; the next page follows.
    fn synced(&mut self, page: crate::desk::InboxPage, since: jiff::Timestamp) -> Vec<Effect> {
        let before = self.inbox.tickets.len();
        let changed = page.tickets.len();
        self.inbox.merge(page.tickets);
        let added = self.inbox.tickets.len() - before;
        let paging = &mut self.inbox.paging;
        paging.total = paging.total.map(|t| t + added as u64);
        paging.unreadable += page.unreadable;
        match page.next {
            Some(cursor) => {
                let req = self.req();
                self.inbox.paging.req = Some(req);
                vec![Effect::Job(Job::Sync { req, query: self.inbox.query.clone(), since, cursor: Some(cursor) })]
            }
            None => {
                self.inbox.paging.req = None;
                self.inbox.paging.syncing_since = None;
                // The cached inbox is confirmed by the server now.
                self.cached = false;
                if matches!(self.notice, Some(Notice::Info(ref m)) if m == REFRESHING) {
                    self.notice = Some(Notice::Info(if changed == 0 {
                        "up to date".into()
                    } else {
                        format!("{changed} updated")
                    }));
                }
                if self.inbox.selected.is_none() {
                    let cursor = self.inbox.cursor;
                    self.inbox.select_at(cursor);
                }
                vec![]
            }
        }
    }

    pub(super) fn net(&mut self, event: NetEvent) -> Vec<Effect> {
        match event {
            NetEvent::Inbox { req, result } if self.inbox.paging.partitions.contains_key(&req) => {
                self.partition_page(req, result)
            }
            NetEvent::Oldest { req, result } => self.oldest_known(req, result),
            NetEvent::Inbox { req, result } => {
                if self.inbox.paging.req != Some(req) {
                    return vec![];
                }
                match result {
                    Ok(page) => {
                        if self.offline_backoff.take().is_some() {
                            self.notice = Some(Notice::Info("back online".into()));
                        }
                        let paging = &mut self.inbox.paging;
                        if paging.replace_on_arrival {
                            paging.replace_on_arrival = false;
                            let keep = std::mem::take(paging);
                            self.inbox.clear();
                            self.inbox.paging = keep;
                            if matches!(self.notice, Some(Notice::Info(ref m)) if m == REFRESHING) {
                                self.notice = None;
                            }
                        }
                        if let Some(since) = self.inbox.paging.syncing_since {
                            return self.synced(page, since);
                        }
                        let first_page = self.inbox.tickets.is_empty() || self.inbox.cursor == 0;
                        let before = self.inbox.selected.clone();
                        let paging = &mut self.inbox.paging;
                        paging.total = page.total.or(paging.total);
                        paging.unreadable += page.unreadable;
                        paging.next = page.next.clone();
                        paging.req = None;
                        // With partitions coming (or under way) they fetch the rest.
                        let partitioned = paging.oldest_req.is_some() || !paging.partitions.is_empty();
                        if partitioned {
                            paging.head_next = page.next.clone();
                        }
                        paging.complete = page.next.is_none() && !partitioned;
                        self.inbox.merge(page.tickets);
                        let mut effects = Vec::new();
                        if let Some(cursor) = page.next.filter(|_| !partitioned) {
                            // The following pages load in the background, one at a time.
                            let req = self.req();
                            self.inbox.paging.req = Some(req);
                            effects.push(Effect::Job(Job::Inbox {
                                req,
                                query: self.inbox.query.clone(),
                                cursor: Some(cursor),
                            }));
                        }
                        if first_page {
                            self.inbox.select_at(0);
                        }
                        if self.inbox.selected != before {
                            effects.extend(self.after_selection_change());
                        }
                        effects
                    }
                    Err(e) if e.is_transient() => {
                        // Offline or the server in trouble: try again by ourselves, ever more
                        // slowly (10 s doubling to a minute), never in a storm.
                        self.inbox.paging.req = None;
                        self.inbox.paging.syncing_since = None;
                        let wait = self.offline_backoff.map_or(std::time::Duration::from_secs(10), |w| {
                            (w * 2).min(std::time::Duration::from_secs(60))
                        });
                        let was_offline = self.offline_backoff.replace(wait).is_some();
                        // Going offline is said; a later retry replaces only its own notice
                        // (or "refreshing…"), not what the agent has been told since. The
                        // status bar says "offline" all along.
                        let ours = match &self.notice {
                            Some(Notice::Error(text)) => text.ends_with(RETRY_HINT),
                            Some(Notice::Info(text)) => text == REFRESHING,
                            None => true,
                        };
                        if !was_offline || ours {
                            self.notice = Some(Notice::Error(format!("{} {RETRY_HINT}", e.short())));
                        }
                        vec![Effect::RetryLater(wait)]
                    }
                    Err(e) => {
                        self.inbox.paging.req = None;
                        self.inbox.paging.syncing_since = None;
                        self.notice = Some(Notice::Error(format!("couldn't load the inbox: {e} — R retries")));
                        vec![]
                    }
                }
            }
            NetEvent::Thread { req, ticket, result } => {
                let Some(view) = self.threads.get_mut(&ticket) else { return vec![] };
                let awaited = view.messages == Loadable::Loading(req) || view.refreshing == Some(req);
                if !awaited {
                    return vec![];
                }
                view.refreshing = None;
                match result {
                    Ok(messages) => {
                        view.messages = Loadable::Ready(messages);
                        self.thread_arrived(&ticket, req)
                    }
                    Err(e) => {
                        let text = format!("couldn't load the thread: {e}");
                        if view.messages.is_loading() {
                            view.messages = Loadable::Failed(text.clone());
                        }
                        self.notice = Some(Notice::Error(text));
                        self.thread_failed(&ticket, req, &e)
                    }
                }
            }
            NetEvent::Customer { req, customer, result } => {
                if self.customers.get(&customer) != Some(&Loadable::Loading(req)) {
                    return vec![];
                }
                let value = result.map_or_else(|e| Loadable::Failed(e.to_string()), Loadable::Ready);
                self.customers.insert(customer, value);
                vec![]
            }
            NetEvent::CustomerTickets { req, customer, result } => {
                if self.customer_tickets.get(&customer) != Some(&Loadable::Loading(req)) {
                    return vec![];
                }
                let value = result.map_or_else(|e| Loadable::Failed(e.to_string()), Loadable::Ready);
                self.customer_tickets.insert(customer, value);
                vec![]
            }
            NetEvent::Agents { req, result } => {
                if self.agents_req != Some(req) {
                    return vec![];
                }
                self.agents_req = None;
                match result {
                    Ok(agents) => self.directory = Directory::new(agents),
                    Err(e) => self.notice = Some(Notice::Error(format!("couldn't load the agents: {e}"))),
                }
                vec![]
            }
            NetEvent::Applied { req, outcomes } => self.applied(req, outcomes),
            NetEvent::Series { req, query, result } => {
                if self.metrics.cache.get(&query) != Some(&Loadable::Loading(req)) {
                    return vec![];
                }
                let value = match result {
                    Ok(series) => Loadable::Ready(series),
                    Err(e) => {
                        self.notice = Some(Notice::Error(format!("couldn't load a metric: {e}")));
                        Loadable::Failed(e.to_string())
                    }
                };
                self.metrics.cache.insert(query, value);
                vec![]
            }
            NetEvent::Sent { req, ticket, result } => self.sent(req, ticket, result),
            NetEvent::Tags { req, result } => {
                if self.tags_req != Some(req) {
                    return vec![];
                }
                self.tags_req = None;
                match result {
                    Ok(tags) => self.tags = tags,
                    Err(e) => self.notice = Some(Notice::Error(format!("couldn't load the tags: {e}"))),
                }
                vec![]
            }
        }
    }
}
