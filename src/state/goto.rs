//! `goto N` (`:1042`, `:#1042`): the ticket of that number, never a guess. Loaded, it is
//! selected, with whatever hides it cleared (the `/` text, a view that leaves it out);
//! otherwise it is read from the server and joins the inbox (the server's filters cleared
//! first when they leave it out).

use super::{AppState, Effect, Focus, Notice};
use crate::api::ApiError;
use crate::desk::{Ticket, TicketId};
use crate::worker::work::WorkJob;

impl AppState {
    pub(super) fn goto(&mut self, number: u64) -> Vec<Effect> {
        if let Some(id) = self.inbox.tickets.iter().find(|t| t.number == number).map(|t| t.id.clone()) {
            return self.reveal(&id);
        }
        let req = self.req();
        self.work.awaited.insert(req, format!("#{number}"));
        self.say(Notice::Info(format!("#{number} is not loaded: asking the server…")));
        vec![super::work::job(req, WorkJob::Find(number))]
    }

    /// Select the loaded ticket `id`, clearing the `/` text and a view that hides it, and
    /// open its thread.
    fn reveal(&mut self, id: &TicketId) -> Vec<Effect> {
        self.view.overlay = None;
        if !self.inbox.search.is_empty() {
            self.inbox.set_search(String::new());
        }
        if !self.inbox.select_id(id) {
            let now = self.inbox.now;
            let ticket = self.inbox.ticket(id).cloned();
            let view = ticket.and_then(|t| self.inbox.tabs.showing(&t, now));
            if let Some(index) = view {
                self.inbox.show_view(index);
            }
            self.inbox.select_id(id);
        }
        self.view.focus = Focus::Thread;
        let mut effects = self.after_selection_change();
        effects.extend(self.load_thread(id.clone(), false, false));
        effects
    }

    /// The server's answer for `goto number`.
    pub(super) fn found(&mut self, number: u64, result: Result<Ticket, ApiError>) -> Vec<Effect> {
        let ticket = match result {
            Ok(ticket) => ticket,
            Err(ApiError::NotFound { .. }) => {
                self.say(Notice::Error(format!("there is no ticket #{number}")));
                return vec![];
            }
            Err(e) => {
                self.say(Notice::Error(format!("couldn't read #{number}: {e}")));
                return vec![];
            }
        };
        let id = ticket.id.clone();
        if self.inbox.query.matches(&ticket) {
            // On the server and in this query, just not loaded yet: the count already held it.
            self.inbox.merge(vec![ticket]);
            return self.reveal(&id);
        }
        // The server's filters leave it out: cleared, and it joins the whole inbox as soon as
        // the reload replaces the list.
        self.inbox.pending_goto = Some(ticket);
        self.say(Notice::Info(format!("#{number} is outside the filter: filters cleared")));
        self.clear_filters()
    }

    /// After the list was replaced: the ticket `goto` found outside the old filters joins.
    pub(super) fn land_pending_goto(&mut self) -> Vec<Effect> {
        let Some(ticket) = self.inbox.pending_goto.take() else { return vec![] };
        let id = ticket.id.clone();
        self.inbox.merge(vec![ticket]);
        self.reveal(&id)
    }
}
