//! The customers the sidebar shows: the live record (or why it failed), the cached one
//! until the live one comes, each customer's recent tickets, and the sidebar's cursor.

use std::collections::HashMap;

use super::Loadable;
use crate::command::action::Move;
use crate::desk::{Customer, Ticket};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Customers {
    pub live: HashMap<String, Loadable<Customer>>,
    /// From the offline cache: shown until (or unless) `live` has the live one.
    pub cached: HashMap<String, Customer>,
    pub tickets: HashMap<String, Loadable<Vec<Ticket>>>,
    /// The focused sidebar's position in the customer's recent tickets.
    pub cursor: usize,
}

impl Customers {
    /// The recent tickets of `customer` (the selected ticket's), when loaded.
    pub fn recent(&self, customer: Option<&str>) -> &[Ticket] {
        match customer.and_then(|id| self.tickets.get(id)) {
            Some(Loadable::Ready(tickets)) => tickets,
            _ => &[],
        }
    }

    /// `j`/`k` in the focused sidebar: through the customer's recent tickets.
    pub fn move_cursor(&mut self, m: Move, customer: Option<&str>) {
        let last = self.recent(customer).len().saturating_sub(1);
        let at = self.cursor.min(last);
        self.cursor = match m {
            Move::Down | Move::PageDown => (at + 1).min(last),
            Move::Up | Move::PageUp => at.saturating_sub(1),
            Move::Top => 0,
            Move::Bottom => last,
        };
    }
}
