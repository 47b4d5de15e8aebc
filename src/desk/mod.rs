//! The domain layer: tickets, messages, customers, agents and tags, and the `Desk` trait
//! each backend implements. Wire data becomes domain data (and is sanitized) here.

pub mod any;
pub mod attainment;
mod change;
pub mod compare;
pub mod extras;
pub mod fields;
pub mod glance;
mod ledger;
pub mod links;
mod model;
pub mod outbox;
pub mod series;
pub mod sla;
mod tag_sets;
pub mod thena;
pub mod unthread;
pub mod views;
pub mod workload;

/// What the desk's tests share: two agents (Maria and Mateo).
#[cfg(test)]
pub(crate) mod fixtures {
    use super::Agent;

    pub fn agents() -> Vec<Agent> {
        let agent = |id: &str, name: &str, email: &str| Agent {
            id: id.into(),
            name: name.into(),
            email: email.into(),
            slack_id: None,
        };
        vec![agent("u1", "Maria Garcia", "maria@acme.dev"), agent("u2", "Mateo Rossi", "mateo@acme.dev")]
    }
}

use std::future::Future;

pub use crate::support::shared::{Shared, shared};
pub use change::Change;
pub use ledger::{Ledger, Walk};
pub use model::*;
pub use tag_sets::{Tags, shared_tags, with_tag, without_tag};

use crate::api::ApiError;

/// What a backend can do; the console hides or refuses what it cannot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Capabilities {
    pub reply: bool,
    pub mutate: bool,
    pub reporting: bool,
    /// The first fill may be split into created-date partitions fetched side by side.
    pub partitions: bool,
    /// Tickets carry a reply SLA and snoozes: the clock views, column and page have data.
    pub clocks: bool,
    /// It answers "changed after?" cheaply (the live check between syncs).
    pub live: bool,
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
    /// Where the desk's clients report what a person should see while it happens (waits
    /// before retries, download progress).
    fn report_to(&mut self, reporter: crate::api::activity::Reporter);
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
    /// Whether any ticket matching `query` changed after `after` (a few ids: cheap enough to
    /// ask every few seconds).
    fn changed_after(
        &self,
        query: &InboxQuery,
        after: jiff::Timestamp,
    ) -> impl Future<Output = Result<bool, ApiError>> + Send {
        let _ = (query, after);
        self.cannot("check for changes")
    }
    /// When the oldest ticket matching `query` was created (to partition the first fill).
    fn oldest_created(
        &self,
        query: &InboxQuery,
    ) -> impl Future<Output = Result<Option<jiff::Timestamp>, ApiError>> + Send;
    /// The ids of the tickets `query` matches, a page at a time, with the server's count
    /// (the first page alone is the count check of a reconcile).
    fn ticket_ids(
        &self,
        query: &InboxQuery,
        cursor: Option<String>,
    ) -> impl Future<Output = Result<IdPage, ApiError>> + Send {
        let _ = (query, cursor);
        self.cannot("list ticket ids")
    }
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
    /// The ticket a person names: `1042` or `#1042` (its number) or its id. The default walks
    /// the inbox; a desk that can ask the server directly does.
    fn find_ticket(&self, key: &str) -> impl Future<Output = Result<Ticket, ApiError>> + Send {
        async move {
            let number = ticket_number(key);
            let mut found = None;
            walk_inbox(self, &InboxQuery::default(), |tickets| {
                found = tickets.into_iter().find(|t| Some(t.number) == number || t.id.0 == key);
                found.is_none()
            })
            .await?;
            found.ok_or_else(|| ApiError::NotFound { title: format!("no ticket {key}") })
        }
    }
    /// Add or remove a tag on many tickets in one call.
    fn change_tag(&self, ids: &[TicketId], tag: &str, add: bool) -> impl Future<Output = Result<(), ApiError>> + Send;
    /// Every customer of the workspace (to name one), where the desk has customer records.
    fn customers(&self) -> impl Future<Output = Result<Vec<Customer>, ApiError>> + Send {
        self.cannot("list customer records to choose from")
    }
    /// Open a conversation; answers it. Not idempotent: never retried automatically.
    fn create_ticket(&self, new: &NewTicket) -> impl Future<Output = Result<Opened, ApiError>> + Send {
        let _ = new;
        self.cannot("open conversations")
    }
    /// The workspace's ticket types and collaborator types (none where the desk has none).
    fn catalog(&self) -> impl Future<Output = Result<fields::Catalog, ApiError>> + Send {
        async { Ok(fields::Catalog::default()) }
    }
    /// The conversation's files and approval requests.
    fn extras(&self, ticket: &TicketId) -> impl Future<Output = Result<extras::Extras, ApiError>> + Send {
        let _ = ticket;
        async { Ok(extras::Extras::default()) }
    }
    /// A file's bytes (progress goes to the reporter).
    fn file_bytes(&self, ticket: &TicketId, file: &str) -> impl Future<Output = Result<Vec<u8>, ApiError>> + Send {
        let _ = (ticket, file);
        self.cannot("serve files")
    }
    /// Ask for an approval, of `approver` (an agent id) when given. Not idempotent.
    fn create_approval(
        &self,
        ticket: &TicketId,
        title: &str,
        approver: Option<&str>,
    ) -> impl Future<Output = Result<extras::Approval, ApiError>> + Send {
        let _ = (ticket, title, approver);
        self.cannot("ask for approvals")
    }
    /// Knowledge-base articles for `query`, in the context of `ticket`.
    fn knowledge(
        &self,
        query: &str,
        ticket: &Ticket,
    ) -> impl Future<Output = Result<Vec<extras::KbHit>, ApiError>> + Send {
        let _ = (query, ticket);
        self.cannot("search a knowledge base")
    }
    /// A reply or note with files (multipart). Not idempotent: never retried automatically.
    fn send_with_files(
        &self,
        id: &TicketId,
        markdown: &str,
        private_note: bool,
        as_agent: Option<&Agent>,
        files: &[crate::api::unthread::Attachment],
    ) -> impl Future<Output = Result<Message, ApiError>> + Send {
        let _ = (id, markdown, private_note, as_agent, files);
        self.cannot("take attachments")
    }
    /// The refusal of what this desk cannot do, naming it.
    fn cannot<T: Send>(&self, what: &str) -> impl Future<Output = Result<T, ApiError>> + Send {
        let detail = format!("{} cannot {what}", self.name());
        async move { Err(ApiError::Config { detail }) }
    }
}

/// Every page of the inbox matching `query`, in order, to `page` until it answers false. A
/// server that would keep the walk going for ever stops it with an error.
pub async fn walk_inbox<D: Desk + ?Sized>(
    desk: &D,
    query: &InboxQuery,
    mut page: impl FnMut(Vec<Ticket>) -> bool,
) -> Result<(), ApiError> {
    let (mut cursor, mut guard) = (None, crate::support::pages::PageGuard::new());
    loop {
        let InboxPage { tickets, next, total, .. } = desk.inbox_page(query, cursor).await?;
        let size = tickets.len().max(1) as u64;
        guard.check(tickets.iter().map(|t| t.id.0.as_str()), next.as_deref(), total, size)?;
        let more = page(tickets);
        match next {
            Some(next) if more => cursor = Some(next),
            _ => return Ok(()),
        }
    }
}

/// `1042` or `#1042` as a ticket number.
pub fn ticket_number(key: &str) -> Option<u64> {
    key.trim().trim_start_matches('#').parse().ok()
}

/// The walks of a partitioned fill that run at once unless `[sync] partitions` says otherwise.
pub const DEFAULT_PARTITIONS: usize = 8;
/// The most a profile may ask for (the worker has room for as many requests at once).
pub const MAX_PARTITIONS: usize = 16;

/// Split the days from `oldest` to `today` into at most `n` contiguous created-date ranges;
/// the last is open-ended, so tickets created while the fill runs are not missed.
pub fn partitions(oldest: jiff::civil::Date, today: jiff::civil::Date, n: usize) -> Vec<DateRange> {
    use jiff::ToSpan;
    let days = (today - oldest).get_days().max(0) as i64 + 1;
    let n = (n as i64).clamp(1, days);
    let mut out = Vec::new();
    let mut start = oldest;
    for i in 0..n {
        let end = oldest + ((days * (i + 1)) / n - 1).days();
        out.push((start, (i < n - 1).then_some(end)));
        start = end + 1.day();
    }
    out
}

#[cfg(test)]
mod partition_tests {
    use super::partitions;

    #[test]
    fn partitions_cover_the_range_without_gaps_or_overlaps() {
        let d = |s: &str| s.parse::<jiff::civil::Date>().unwrap();
        for (oldest, today, n) in [
            ("2026-08-22", "2026-11-20", 4),
            ("2026-11-19", "2026-11-20", 4),
            ("2026-11-20", "2026-11-20", 4),
            ("2020-01-01", "2026-11-20", 7),
        ] {
            let parts = partitions(d(oldest), d(today), n);
            assert!(!parts.is_empty() && parts.len() <= n);
            assert_eq!(parts[0].0, d(oldest));
            assert_eq!(parts.last().unwrap().1, None, "the last is open-ended");
            for pair in parts.windows(2) {
                let end = pair[0].1.expect("only the last is open");
                assert!(end >= pair[0].0);
                assert_eq!(end.tomorrow().unwrap(), pair[1].0, "contiguous: no gap, no overlap");
            }
        }
        let parts = partitions(d("2026-08-22"), d("2026-11-20"), 4);
        let sizes: Vec<i32> = parts.iter().map(|(a, b)| (b.unwrap_or(d("2026-11-20")) - *a).get_days() + 1).collect();
        assert_eq!(sizes.iter().sum::<i32>(), 91);
        assert!(sizes.iter().max().unwrap() - sizes.iter().min().unwrap() <= 1, "even: {sizes:?}");
    }
}
