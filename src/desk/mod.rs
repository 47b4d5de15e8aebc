//! The domain layer: tickets, messages, customers, agents and tags, and the `Desk` trait
//! each backend implements. Wire data becomes domain data (and is sanitized) here.

pub mod any;
mod change;
mod model;
pub mod series;
pub mod thena;
pub mod unthread;

use std::future::Future;

pub use change::Change;
pub use model::*;

use crate::api::ApiError;

/// What a backend can do; the console hides or refuses what it cannot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Capabilities {
    pub reply: bool,
    pub mutate: bool,
    pub reporting: bool,
}

/// Server-side inbox filters (sent as `where` clauses).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InboxQuery {
    pub status: Option<TicketStatus>,
    /// `Some(None)` means unassigned.
    pub assignee: Option<Option<String>>,
    pub customer: Option<String>,
    pub tag: Option<String>,
    /// `Some(None)` means no priority.
    pub priority: Option<Option<Priority>>,
    pub created: Option<DateRange>,
}

/// Created from the first day to the last (inclusive; open-ended without a last day).
pub type DateRange = (jiff::civil::Date, Option<jiff::civil::Date>);

impl InboxQuery {
    pub fn is_empty(&self) -> bool {
        *self == InboxQuery::default()
    }
}

pub trait Desk: Send + Sync + 'static {
    /// "Unthread", "Thena": shown in the status bar.
    fn name(&self) -> &'static str;
    fn capabilities(&self) -> Capabilities;
    fn inbox_page(
        &self,
        query: &InboxQuery,
        cursor: Option<String>,
    ) -> impl Future<Output = Result<InboxPage, ApiError>> + Send;
    /// Tickets updated at or after `since`, oldest change first: an incremental sync.
    fn changed_since(
        &self,
        query: &InboxQuery,
        since: jiff::Timestamp,
        cursor: Option<String>,
    ) -> impl Future<Output = Result<InboxPage, ApiError>> + Send;
    fn thread(&self, ticket: &TicketId) -> impl Future<Output = Result<Vec<Message>, ApiError>> + Send;
    fn customer(&self, id: &str) -> impl Future<Output = Result<Customer, ApiError>> + Send;
    /// The customer's most recent tickets.
    fn customer_tickets(&self, id: &str) -> impl Future<Output = Result<Vec<Ticket>, ApiError>> + Send;
    fn agents(&self) -> impl Future<Output = Result<Vec<Agent>, ApiError>> + Send;
    fn tags(&self) -> impl Future<Output = Result<Vec<TagRef>, ApiError>> + Send;
    /// Change a field of one ticket (status, assignee, priority); answers the server's copy.
    fn update_ticket(&self, id: &TicketId, change: &Change) -> impl Future<Output = Result<Ticket, ApiError>> + Send;
    /// Post a reply or a private note, as `as_agent` when given. Not idempotent: never
    /// retried automatically.
    fn send_message(
        &self,
        id: &TicketId,
        markdown: &str,
        private_note: bool,
        as_agent: Option<&Agent>,
    ) -> impl Future<Output = Result<Message, ApiError>> + Send;
    /// A reporting series (only when `capabilities().reporting`).
    fn series(&self, query: &series::SeriesQuery) -> impl Future<Output = Result<series::Series, ApiError>> + Send;
    /// Add or remove a tag on many tickets in one call.
    fn change_tag(&self, ids: &[TicketId], tag: &str, add: bool) -> impl Future<Output = Result<(), ApiError>> + Send;
}
