//! The replies from the worker, each routed to the part of the state that asked. A reply
//! whose request id is no longer awaited is dropped.

use super::{AppState, Directory, Effect, Loadable, Notice};
use crate::worker::NetEvent;

impl AppState {
    pub(super) fn net(&mut self, event: NetEvent) -> Vec<Effect> {
        match event {
            NetEvent::Inbox { req, result } => self.inbox_page(req, result),
            NetEvent::Activity(activity) => self.activity(activity),
            NetEvent::CachedCustomer(_)
            | NetEvent::CachedThread { .. }
            | NetEvent::SearchHits { .. }
            | NetEvent::CacheRest(_)
            | NetEvent::CacheForeign => self.cache_answered(event),
            NetEvent::Oldest { req, result } => {
                let today = self.now.to_zoned(jiff::tz::TimeZone::UTC).date();
                let step = self.sync.on_oldest(req, result, today, &mut self.ids);
                self.apply_sync_step(step)
            }
            NetEvent::Thread { req, ticket, result } => self.thread_reply(req, ticket, result),
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
                    Err(e) => self.say(Notice::Error(format!("couldn't load the agents: {e}"))),
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
                        self.say(Notice::Error(format!("couldn't load a metric: {e}")));
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
                    Err(e) => self.say(Notice::Error(format!("couldn't load the tags: {e}"))),
                }
                vec![]
            }
        }
    }

    /// A thread's messages (or why they did not come), if that request is still awaited.
    fn thread_reply(
        &mut self,
        req: crate::worker::ReqId,
        ticket: crate::desk::TicketId,
        result: Result<Vec<crate::desk::Message>, crate::api::ApiError>,
    ) -> Vec<Effect> {
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
                self.say(Notice::Error(text));
                self.thread_failed(&ticket, req, &e)
            }
        }
    }
}
