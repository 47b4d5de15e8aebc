//! The customer sidebar, focused: `j`/`k` move through the customer's recent tickets and
//! `Enter` opens one — in the current view when it is there, else in a view that holds it.

use super::*;
use crate::command::action::Move;

impl AppState {
    /// The customer's recent tickets beside the selected ticket, when loaded.
    pub fn sidebar_tickets(&self) -> &[Ticket] {
        let customer = self.inbox.selected_ticket().and_then(|t| t.customer_id.as_deref());
        match customer.and_then(|id| self.customers.tickets.get(id)) {
            Some(Loadable::Ready(tickets)) => tickets,
            _ => &[],
        }
    }

    pub(super) fn sidebar_move(&mut self, m: Move) -> Vec<Effect> {
        let last = self.sidebar_tickets().len().saturating_sub(1);
        let at = self.customers.cursor.min(last);
        self.customers.cursor = match m {
            Move::Down | Move::PageDown => (at + 1).min(last),
            Move::Up | Move::PageUp => at.saturating_sub(1),
            Move::Top => 0,
            Move::Bottom => last,
        };
        vec![]
    }

    /// Open the recent ticket under the sidebar's cursor in the thread pane.
    pub(super) fn open_from_sidebar(&mut self) -> Vec<Effect> {
        let Some(ticket) = self.sidebar_tickets().get(self.customers.cursor).cloned() else { return vec![] };
        if self.inbox.ticket(&ticket.id).is_none() {
            self.inbox.merge(vec![ticket.clone()]);
        }
        if !self.inbox.select_id(&ticket.id) {
            // Not in this view (or hidden by the `/` text): a view that holds everything.
            self.inbox.set_search(String::new());
            if let Some(all) = self.inbox.tabs.views.iter().position(|v| v.is_everything()) {
                self.inbox.show_view(all);
            }
            self.inbox.select_id(&ticket.id);
        }
        self.customers.cursor = 0;
        self.view.focus = Focus::Thread;
        self.open_effects()
    }
}
