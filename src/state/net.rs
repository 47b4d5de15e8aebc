//! The replies from the worker, each routed to the part of the state that asked. A reply
//! whose request id is no longer awaited is dropped, and asks for no redraw.

use super::{AppState, Effect, Loadable, Notice, NoticeSource};
use crate::worker::NetEvent;

impl AppState {
    /// Whether the screen changes, and what to do next.
    pub(super) fn net(&mut self, event: NetEvent) -> (bool, Vec<Effect>) {
        // An answer after the wait is over ends what the network layer was saying meanwhile
        // ("rate limited — retrying in 1s", "reading the export…"): it never outlives it.
        let over = self.notices.activity_ends.is_none_or(|end| self.session.now >= end);
        let answered =
            !matches!(event, NetEvent::Activity(_)) && over && self.notices.from(super::NoticeSource::Activity);
        if answered {
            self.notices.clear(super::NoticeSource::Activity);
        }
        if !self.awaits(&event) {
            return (answered, vec![]);
        }
        (true, self.route(event))
    }

    /// Whether the part of the state that sent `event`'s request is still waiting for it
    /// (a reload, a closed thread or a newer question makes an answer stale).
    fn awaits(&self, event: &NetEvent) -> bool {
        match event {
            NetEvent::Inbox { req, .. } | NetEvent::Oldest { req, .. } => self.sync.awaits(*req),
            NetEvent::Thread { req, ticket, .. } => self
                .threads
                .held
                .get(ticket)
                .is_some_and(|v| v.messages.is_loading_for(*req) || v.refreshing == Some(*req)),
            NetEvent::CachedThread { req, ticket, .. } => {
                self.threads.held.get(ticket).is_some_and(|v| v.messages.is_loading_for(*req))
            }
            NetEvent::Customer { req, customer, .. } => {
                self.customers.live.get(customer).is_some_and(|v| v.is_loading_for(*req))
            }
            NetEvent::CustomerTickets { req, customer, .. } => {
                self.customers.tickets.get(customer).is_some_and(|v| v.is_loading_for(*req))
            }
            NetEvent::Series { req, query, .. } => {
                self.metrics.cache.get(query).is_some_and(|v| v.is_loading_for(*req))
            }
            NetEvent::Ids { req, .. } => self.sync.awaits(*req),
            NetEvent::Changed { req, .. } => self.sync.live.awaits(*req),
            NetEvent::Agents { req, .. } => self.directory.agents_req == Some(*req),
            NetEvent::Tags { req, .. } => self.directory.tags_req == Some(*req),
            NetEvent::Applied { req, .. } => self.changes.pending.contains_key(req),
            NetEvent::Sent { req, .. } => self.compose.sending.contains_key(req),
            NetEvent::SearchHits { text, .. } => *text == self.inbox.search,
            NetEvent::Work { req, event } => self.awaits_work(*req, event),
            NetEvent::CachedCustomer(_)
            | NetEvent::CacheRest { .. }
            | NetEvent::CacheForeign
            | NetEvent::CacheWritable(_)
            | NetEvent::Activity(_) => true,
        }
    }

    /// An awaited reply, to its owner.
    fn route(&mut self, event: NetEvent) -> Vec<Effect> {
        match event {
            NetEvent::Inbox { req, result, took } => self.inbox_page(req, result, took),
            NetEvent::Ids { req, result } => self.ids_page(req, result),
            NetEvent::Changed { result, .. } => self.live_answered(result),
            NetEvent::Oldest { req, result } => {
                let today = self.session.now.to_zoned(jiff::tz::TimeZone::UTC).date();
                let step = self.sync.on_oldest(req, result, today, &mut self.session.ids);
                self.apply_sync_step(step)
            }
            NetEvent::Thread { req, ticket, result } => self.thread_reply(req, ticket, result),
            NetEvent::Customer { customer, result, .. } => {
                let value = result.map_or_else(|e| Loadable::Failed(e.to_string()), Loadable::Ready);
                self.customers.live.insert(customer, value);
                vec![]
            }
            NetEvent::CustomerTickets { customer, result, .. } => {
                let value = result.map_or_else(|e| Loadable::Failed(e.to_string()), Loadable::Ready);
                self.customers.tickets.insert(customer, value);
                vec![]
            }
            NetEvent::Agents { result, .. } => {
                self.directory.agents_req = None;
                match result {
                    Ok(agents) => {
                        self.set_agents(agents);
                        self.check_macros();
                    }
                    Err(e) => self.say_in_background(
                        NoticeSource::Background,
                        Notice::Error(format!("couldn't load the agents: {e}")),
                    ),
                }
                vec![]
            }
            NetEvent::Tags { result, .. } => {
                self.directory.tags_req = None;
                match result {
                    Ok(tags) => {
                        self.directory.tags = tags;
                        self.check_macros();
                    }
                    Err(e) => self.say_in_background(
                        NoticeSource::Background,
                        Notice::Error(format!("couldn't load the tags: {e}")),
                    ),
                }
                vec![]
            }
            NetEvent::Series { query, result, .. } => {
                let value = result.map_or_else(
                    |e| {
                        self.say_in_background(
                            NoticeSource::Background,
                            Notice::Error(format!("couldn't load a metric: {e}")),
                        );
                        Loadable::Failed(e.to_string())
                    },
                    Loadable::Ready,
                );
                self.metrics.cache.insert(query, value);
                vec![]
            }
            NetEvent::Applied { req, outcomes } => self.applied(req, outcomes),
            NetEvent::Sent { req, ticket, result } => self.sent(req, ticket, result),
            NetEvent::Activity(activity) => {
                self.notices.activity(self.session.now, activity, self.sync.offline_backoff.is_some());
                vec![]
            }
            NetEvent::CacheWritable(result) => self.cache_writable(result),
            NetEvent::Work { req, event } => self.work_event(req, *event),
            NetEvent::CachedCustomer(_)
            | NetEvent::CachedThread { .. }
            | NetEvent::SearchHits { .. }
            | NetEvent::CacheRest { .. }
            | NetEvent::CacheForeign => self.cache_answered(event),
        }
    }

    /// Once the workspace's agents and tags are known, a macro naming one that does not exist
    /// is said (it would be refused when run, changing nothing).
    fn check_macros(&mut self) {
        if self.directory.agents_req.is_some() || self.directory.tags_req.is_some() {
            return;
        }
        let words = self.words();
        let bad: Vec<String> =
            self.settings.library.macros.iter().filter_map(|m| m.check_names(&words).err()).collect();
        if let Some(first) = bad.first() {
            let more = if bad.len() > 1 { format!(" (+{} more)", bad.len() - 1) } else { String::new() };
            self.say(Notice::Error(format!("config.toml: {first}{more}")));
        }
    }

    /// A thread's messages (or why they did not come); `awaits` checked it is still wanted.
    fn thread_reply(
        &mut self,
        req: crate::worker::ReqId,
        ticket: crate::desk::TicketId,
        result: Result<Vec<crate::desk::Message>, crate::api::ApiError>,
    ) -> Vec<Effect> {
        let Some(view) = self.threads.held.get_mut(&ticket) else { return vec![] };
        view.refreshing = None;
        match result {
            Ok(mut messages) => {
                messages.iter_mut().for_each(|m| self.directory.resolve_author(m));
                view.messages = Loadable::Ready(messages);
                self.thread_arrived(&ticket, req)
            }
            Err(e) => {
                let text = format!("couldn't load the thread: {e}");
                let cached = matches!(view.messages, Loadable::Ready(_));
                if view.messages.is_loading() {
                    view.messages = Loadable::Failed(text.clone());
                }
                // Offline with the cached thread on screen, the status bar's "offline" says
                // it all; a notice would only cover what the agent just did ("queued: …").
                if !(cached && matches!(e, crate::api::ApiError::Offline { .. })) {
                    self.say(Notice::Error(text));
                }
                self.thread_failed(&ticket, req, &e)
            }
        }
    }
}
