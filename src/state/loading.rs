//! The inbox's loading, wired to the rest of the state: what the sync machine (`sync.rs`)
//! answers becomes merged tickets, jobs, a saved ledger and words in the status bar.

use super::sync::live::{Ask, Heard};
use std::collections::HashSet;
use std::time::Duration;

use super::Loadable;
use super::sync::{Step, SyncEvent};
use super::{AppState, Effect, Notice, NoticeSource};
use crate::api::ApiError;
use crate::desk::{InboxPage, TicketId};
use crate::worker::{NetEvent, ReqId, StoreJob};

/// Said while `R` reloads; the answer replaces it.
const REFRESHING: &str = "refreshing…";
/// The first wait while the server cannot be reached, and the longest.
/// The first wait before retrying offline, unless `[sync] offline_retry_secs` says otherwise.
pub const FIRST_BACKOFF: Duration = Duration::from_secs(10);
const MAX_BACKOFF: Duration = Duration::from_secs(60);
/// The longest a server's `Retry-After` holds the retry back (a hostile "in ten years" too).
const LONGEST_RETRY_AFTER: Duration = Duration::from_secs(3600);

impl AppState {
    /// Bring the inbox up to date from wherever its ledger stands (a sync, the rest of an
    /// interrupted fill, or a fill). Nothing when a load is already under way.
    pub fn sync_inbox(&mut self) -> Vec<Effect> {
        // A new sync may tell the agent once more.
        self.inbox.tabs.told = false;
        let jobs = self.sync.resume(self.settings.capabilities.partitions, &mut self.session.ids);
        jobs.into_iter().map(Effect::Job).collect()
    }

    /// The live check, when the inbox is whole, the server reachable and nothing loading;
    /// no redraw either way (an answer that finds something starts the sync).
    pub(super) fn live_check(&mut self) -> (bool, Vec<Effect>) {
        let ready = self.sync.complete() && self.sync.offline_backoff.is_none() && !self.sync.cached;
        let Some(mark) = self.sync.ledger.mark.filter(|_| ready && self.settings.capabilities.live) else {
            return (false, vec![]);
        };
        let idle = !self.sync.loading();
        match self.sync.live.check(&self.sync.query, mark, idle, &mut self.session.ids) {
            Ask::Check(job) => (false, vec![Effect::Job(job)]),
            Ask::Sync => (false, self.sync_inbox()),
            Ask::Nothing => (false, vec![]),
        }
    }

    /// The live check's answer: something changed, so sync now; else nothing.
    pub(super) fn live_answered(&mut self, result: Result<bool, ApiError>) -> Vec<Effect> {
        match self.sync.live.answered(result) {
            Heard::Changed => self.sync_inbox(),
            Heard::Nothing => vec![],
        }
    }

    /// Start loading the inbox of the current query from its first page (the list stays
    /// until the first page arrives).
    pub(super) fn reload_inbox(&mut self) -> Vec<Effect> {
        let jobs =
            self.sync.reload(self.inbox.query.clone(), self.settings.capabilities.partitions, &mut self.session.ids);
        jobs.into_iter().map(Effect::Job).collect()
    }

    /// `R`: the metrics of the screen, the inbox and the open thread, all again.
    pub(super) fn refresh(&mut self) -> Vec<Effect> {
        self.notices.set(self.session.now, NoticeSource::Refresh, Notice::Info(REFRESHING.into()));
        self.metrics.cache.clear();
        let mut queries = super::metrics::glance_queries(self.today()).to_vec();
        if self.view.screen == super::Screen::Metrics {
            queries.extend(self.metrics.queries(self.today(), &self.inbox.query));
        }
        let mut effects = self.load_series(queries);
        effects.extend(self.refresh_inbox());
        if let Some(id) = self.inbox.selected.clone() {
            effects.extend(self.load_thread(id, false, true));
        }
        effects
    }

    /// The inbox on `R`: a sync over a whole inbox; a fresh fill when the count disagrees with the
    /// server's or a load is under way (it starts over); otherwise the rest of the fill
    /// that stopped.
    fn refresh_inbox(&mut self) -> Vec<Effect> {
        // The agent asks: a walk stopped for good gets another go too.
        self.sync.retry_stopped();
        let restart = match self.sync.complete() {
            true => self.count_mismatch().is_some() && !self.sync.loading(),
            false => self.sync.loading(),
        };
        if restart { self.reload_inbox() } else { self.sync_inbox() }
    }

    /// The server's count and ours, when a whole inbox disagrees with it.
    pub fn count_mismatch(&self) -> Option<(u64, u64)> {
        let here = self.inbox.tickets.len() as u64;
        match self.sync.total() {
            Some(server) if self.sync.complete() && server != here => Some((server, here)),
            _ => None,
        }
    }

    /// What the cache answered (before, or instead of, the network).
    pub(super) fn cache_answered(&mut self, event: NetEvent) -> Vec<Effect> {
        match event {
            NetEvent::CachedCustomer(customer) => {
                self.customers.cached.insert(customer.id.clone(), customer);
                vec![]
            }
            NetEvent::CachedThread { ticket, req, mut messages } => {
                messages.iter_mut().for_each(|m| self.directory.resolve_author(m));
                if let Some(view) = self.threads.held.get_mut(&ticket) {
                    view.messages = Loadable::Ready(messages);
                    view.refreshing = Some(req);
                }
                vec![]
            }
            NetEvent::SearchHits { hits, .. } => {
                self.inbox.set_hits(hits);
                self.after_selection_change()
            }
            NetEvent::CacheRest { tickets, unreadable } => {
                if let Some(total) = self.sync.total() {
                    self.inbox.make_room(total);
                }
                self.inbox.merge(tickets);
                self.refetch(unreadable)
            }
            NetEvent::CacheForeign => self.cache_was_foreign(),
            _ => vec![],
        }
    }

    /// The cache held another workspace's inbox (it is set aside now): what it painted
    /// goes, and this workspace's inbox is loaded afresh.
    pub(super) fn cache_was_foreign(&mut self) -> Vec<Effect> {
        self.sync.cached = false;
        self.inbox.clear();
        self.threads.held.clear();
        self.customers.cached.clear();
        let text = "the offline cache belonged to another workspace: set aside, loading this one";
        self.notices.set(self.session.now, NoticeSource::Sync, Notice::Info(text.into()));
        let mut effects = self.reload_inbox();
        effects.extend(self.after_selection_change());
        effects
    }

    pub(super) fn inbox_page(
        &mut self,
        req: ReqId,
        result: Result<InboxPage, ApiError>,
        took: std::time::Duration,
    ) -> Vec<Effect> {
        if !self.sync.awaits(req) {
            return vec![];
        }
        let inbox = &self.inbox;
        let step = self.sync.on_page(req, result, took, &|id| inbox.ticket(id).is_some(), &mut self.session.ids);
        self.apply_sync_step(step)
    }

    /// A page of a reconcile's ids, with what the inbox holds now.
    pub(super) fn ids_page(&mut self, req: ReqId, result: Result<crate::desk::IdPage, ApiError>) -> Vec<Effect> {
        let here = self.inbox.tickets.len() as u64;
        let step = self.sync.on_ids(req, result, here, &mut self.session.ids);
        self.apply_sync_step(step)
    }

    /// The server holds `held` for the inbox's query: the others go (from the cache too),
    /// and those the inbox lacks are read by id.
    fn reconciled(&mut self, held: HashSet<TicketId>) -> Vec<Effect> {
        let gone: HashSet<TicketId> =
            self.inbox.tickets.iter().filter(|t| !held.contains(&t.id)).map(|t| t.id.clone()).collect();
        let missing: Vec<TicketId> = held.into_iter().filter(|id| self.inbox.ticket(id).is_none()).collect();
        let before = self.inbox.selected.clone();
        let mut effects = Vec::new();
        if !gone.is_empty() {
            self.inbox.remove(&gone);
            if self.sync.persisted {
                effects.push(Effect::Store(StoreJob::Forget(gone.iter().cloned().collect())));
            }
        }
        let text = format!("checked with the server: {} no longer there, {} missing", gone.len(), missing.len());
        self.say_in_background(NoticeSource::Sync, Notice::Info(text));
        effects.extend(self.fetch_by_id(missing, "tickets the inbox missed"));
        if self.inbox.selected != before {
            effects.extend(self.after_selection_change());
        }
        effects
    }

    /// Merge what a step brought, ask for what it needs, keep its ledger and say what
    /// happened. Until the agent moves, the newest ticket stays the selected one.
    pub(super) fn apply_sync_step(&mut self, step: Step) -> Vec<Effect> {
        let replaced = step.clear_first;
        if replaced {
            self.inbox.clear();
            self.notices.clear(NoticeSource::Refresh);
        }
        let first = self.inbox.tickets.is_empty() || (self.inbox.cursor == 0 && !step.from_sync);
        let before = self.inbox.selected.clone();
        self.inbox.tabs.marking = step.from_sync;
        let fresh_before = self.inbox.tabs.fresh.clone();
        if let Some(total) = self.sync.total() {
            self.inbox.make_room(total);
        }
        let stale = self.stale_threads(&step.tickets);
        let judge = self.unread.to_judge(&step.tickets);
        self.inbox.merge(step.tickets);
        self.inbox.tabs.marking = false;
        // At most one notice per sync, however many pages it brings.
        let notice = self.inbox.tabs.notice(&fresh_before).filter(|_| !self.inbox.tabs.told);
        self.inbox.tabs.told |= notice.is_some();
        if first {
            self.inbox.select_at(0);
        } else if self.inbox.selected.is_none() {
            let cursor = self.inbox.cursor;
            self.inbox.select_at(cursor);
        }
        let mut effects: Vec<Effect> = step.jobs.into_iter().map(Effect::Job).collect();
        if let Some((notify, text)) = notice {
            effects.push(Effect::Notify { desktop: notify == crate::desk::views::Notify::Desktop, text });
        }
        if step.save && self.sync.persisted {
            effects.push(Effect::Store(StoreJob::SaveLedger(self.sync.ledger.clone())));
        }
        for event in step.events {
            effects.extend(self.sync_event(event));
        }
        if self.inbox.selected != before {
            effects.extend(self.after_selection_change());
        }
        for id in stale {
            effects.extend(self.reread_thread(id));
        }
        // Opened before and changed since: their threads say whether the customer wrote.
        let selected = self.inbox.selected.clone();
        // Not as prefetches: only the latest prefetch waits its turn, and each is needed.
        for id in judge.into_iter().filter(|id| selected.as_ref() != Some(id)) {
            effects.extend(self.load_thread(id, false, true));
        }
        if replaced {
            effects.extend(self.land_pending_goto());
        }
        effects
    }

    /// The held threads of tickets `fresh` changes (a customer wrote, someone replied).
    fn stale_threads(&self, fresh: &[crate::desk::Ticket]) -> Vec<TicketId> {
        let changed =
            |t: &&crate::desk::Ticket| self.inbox.ticket(&t.id).is_some_and(|old| old.updated_at != t.updated_at);
        fresh.iter().filter(changed).map(|t| t.id.clone()).filter(|id| self.threads.held.contains_key(id)).collect()
    }

    /// A changed ticket's thread: the open one is read again in place (its scroll and the
    /// draft stay); another is forgotten, to be read when it is shown.
    fn reread_thread(&mut self, id: TicketId) -> Vec<Effect> {
        if self.inbox.selected.as_ref() == Some(&id) {
            return self.load_thread(id, false, true);
        }
        if self.threads.held.get(&id).is_some_and(|v| v.local.is_empty() && v.refreshing.is_none()) {
            self.threads.held.remove(&id);
            self.threads.lru.retain(|t| t != &id);
        }
        vec![]
    }

    /// After a whole sync of the whole inbox: the counts `triage stats --format` prints.
    fn save_glance(&self) -> Vec<Effect> {
        if !self.sync.persisted || !self.sync.complete() {
            return vec![];
        }
        let me_id = self.settings.me.as_deref().and_then(|m| self.directory.by_email(m)).map(|a| a.id.as_str());
        let tickets = self.inbox.tickets.iter();
        let glance = crate::desk::glance::glance(
            tickets,
            self.session.now,
            &self.settings.tz,
            (self.settings.me.clone(), me_id),
        );
        vec![Effect::Store(StoreJob::SaveGlance(Box::new(glance)))]
    }

    fn sync_event(&mut self, event: SyncEvent) -> Vec<Effect> {
        match event {
            SyncEvent::Answered => {
                if self.sync.offline_backoff.take().is_some() {
                    self.notices.set(self.session.now, NoticeSource::Sync, Notice::Info("back online".into()));
                    return self.replay_next();
                }
            }
            SyncEvent::Done { changed } => {
                // The cached inbox is confirmed by the server now.
                self.sync.cached = false;
                if self.notices.from(NoticeSource::Refresh) {
                    let text = if changed == 0 { "up to date".into() } else { format!("{changed} updated") };
                    self.notices.set(self.session.now, NoticeSource::Refresh, Notice::Info(text));
                }
                let mut effects = self.save_glance();
                effects.extend(self.replay_next());
                return effects;
            }
            SyncEvent::Reconciled(held) => return self.reconciled(held),
            SyncEvent::Runaway(reason) => {
                self.notices.set(self.session.now, NoticeSource::Sync, Notice::Error(format!("{reason} — R retries")));
            }
            SyncEvent::Failed(e) if e.is_transient() => return self.went_offline(&e),
            SyncEvent::CursorRefused(e) => return self.restart_later(&e),
            SyncEvent::Failed(e) => {
                self.notices.set(
                    self.session.now,
                    NoticeSource::Sync,
                    Notice::Error(format!("couldn't load the inbox: {e} — R retries")),
                );
            }
        }
        vec![]
    }

    /// The server refused a page cursor: that walk starts over from its first page after
    /// the first offline wait, never at once (a server that refuses every cursor would
    /// otherwise be asked for the same pages in a loop). The server answers, so this is
    /// not offline: nothing is queued meanwhile.
    fn restart_later(&mut self, e: &ApiError) -> Vec<Effect> {
        let wait = self.settings.offline_retry;
        let text =
            format!("the server refused a page cursor ({}): loading that part again in {}s", e.short(), wait.as_secs());
        self.say_in_background(NoticeSource::Sync, Notice::Error(text));
        vec![Effect::RetryLater(wait)]
    }

    /// Offline or the server in trouble: try again by ourselves, ever more slowly (10 s by
    /// default, doubling to a minute), never in a storm. Going offline is said; a later retry
    /// replaces only its own notice, not what the agent has been told since.
    fn went_offline(&mut self, e: &ApiError) -> Vec<Effect> {
        let backoff = self.sync.offline_backoff.map_or(self.settings.offline_retry, |w| (w * 2).min(MAX_BACKOFF));
        // A server that says when to come back (Retry-After) is not asked before then.
        let wait = e.retry_after().map_or(backoff, |asked| asked.clamp(backoff, LONGEST_RETRY_AFTER));
        let was_offline = self.sync.offline_backoff.replace(wait).is_some();
        let ours = self.notices.shown().is_none()
            || self.notices.from(NoticeSource::Sync)
            || self.notices.from(NoticeSource::Refresh);
        if !was_offline || ours {
            self.notices.set(
                self.session.now,
                NoticeSource::Sync,
                Notice::Error(format!("{} (R tries now)", e.short())),
            );
        }
        vec![Effect::RetryLater(wait)]
    }
}
