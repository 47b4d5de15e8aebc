//! The customers the sidebar shows: the live record (or why it failed), the cached one
//! until the live one comes, each customer's recent tickets, and the sidebar's cursor.

use std::collections::HashMap;

use super::Loadable;
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
