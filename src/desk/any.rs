//! Either desk behind one type, so commands are written once.

use super::series::{Series, SeriesQuery};
use super::thena::ThenaDesk;
use super::unthread::UnthreadDesk;
use super::*;

pub enum AnyDesk {
    Unthread(UnthreadDesk),
    Thena(ThenaDesk),
}

macro_rules! each {
    ($self:ident, $d:ident => $e:expr) => {
        match $self {
            AnyDesk::Unthread($d) => $e,
            AnyDesk::Thena($d) => $e,
        }
    };
}

impl Desk for AnyDesk {
    fn name(&self) -> &'static str {
        each!(self, d => d.name())
    }
    fn capabilities(&self) -> Capabilities {
        each!(self, d => d.capabilities())
    }
    fn report_to(&mut self, reporter: crate::api::activity::Reporter) {
        each!(self, d => d.report_to(reporter))
    }
    async fn inbox_page(&self, query: &InboxQuery, cursor: Option<String>) -> Result<InboxPage, ApiError> {
        each!(self, d => d.inbox_page(query, cursor).await)
    }
    async fn changed_since(
        &self,
        query: &InboxQuery,
        since: jiff::Timestamp,
        cursor: Option<String>,
    ) -> Result<InboxPage, ApiError> {
        each!(self, d => d.changed_since(query, since, cursor).await)
    }
    async fn oldest_created(&self, query: &InboxQuery) -> Result<Option<jiff::Timestamp>, ApiError> {
        each!(self, d => d.oldest_created(query).await)
    }
    async fn changed_after(&self, query: &InboxQuery, after: jiff::Timestamp) -> Result<bool, ApiError> {
        each!(self, d => d.changed_after(query, after).await)
    }
    async fn ticket_ids(&self, query: &InboxQuery, cursor: Option<String>) -> Result<IdPage, ApiError> {
        each!(self, d => d.ticket_ids(query, cursor).await)
    }
    async fn find_ticket(&self, key: &str) -> Result<Ticket, ApiError> {
        each!(self, d => d.find_ticket(key).await)
    }
    async fn thread(&self, ticket: &TicketId) -> Result<Vec<Message>, ApiError> {
        each!(self, d => d.thread(ticket).await)
    }
    async fn customer(&self, id: &str) -> Result<Customer, ApiError> {
        each!(self, d => d.customer(id).await)
    }
    async fn customer_tickets(&self, id: &str) -> Result<Vec<Ticket>, ApiError> {
        each!(self, d => d.customer_tickets(id).await)
    }
    async fn agents(&self) -> Result<Vec<Agent>, ApiError> {
        each!(self, d => d.agents().await)
    }
    async fn tags(&self) -> Result<Vec<TagRef>, ApiError> {
        each!(self, d => d.tags().await)
    }
    async fn update_ticket(&self, id: &TicketId, change: &Change) -> Result<Ticket, ApiError> {
        each!(self, d => d.update_ticket(id, change).await)
    }
    async fn send_message(
        &self,
        id: &TicketId,
        markdown: &str,
        private_note: bool,
        as_agent: Option<&Agent>,
    ) -> Result<Message, ApiError> {
        each!(self, d => d.send_message(id, markdown, private_note, as_agent).await)
    }
    async fn series(&self, query: &SeriesQuery) -> Result<Series, ApiError> {
        each!(self, d => d.series(query).await)
    }
    async fn change_tag(&self, ids: &[TicketId], tag: &str, add: bool) -> Result<(), ApiError> {
        each!(self, d => d.change_tag(ids, tag, add).await)
    }
    async fn customers(&self) -> Result<Vec<Customer>, ApiError> {
        each!(self, d => d.customers().await)
    }
    async fn create_ticket(&self, new: &NewTicket) -> Result<Opened, ApiError> {
        each!(self, d => d.create_ticket(new).await)
    }
    async fn catalog(&self) -> Result<fields::Catalog, ApiError> {
        each!(self, d => d.catalog().await)
    }
    async fn extras(&self, ticket: &TicketId) -> Result<extras::Extras, ApiError> {
        each!(self, d => d.extras(ticket).await)
    }
    async fn file_bytes(&self, ticket: &TicketId, file: &str) -> Result<Vec<u8>, ApiError> {
        each!(self, d => d.file_bytes(ticket, file).await)
    }
    async fn create_approval(
        &self,
        ticket: &TicketId,
        title: &str,
        approver: Option<&str>,
    ) -> Result<extras::Approval, ApiError> {
        each!(self, d => d.create_approval(ticket, title, approver).await)
    }
    async fn knowledge(&self, query: &str, ticket: &Ticket) -> Result<Vec<extras::KbHit>, ApiError> {
        each!(self, d => d.knowledge(query, ticket).await)
    }
    async fn send_with_files(
        &self,
        id: &TicketId,
        markdown: &str,
        private_note: bool,
        as_agent: Option<&Agent>,
        files: &[crate::api::unthread::Attachment],
    ) -> Result<Message, ApiError> {
        each!(self, d => d.send_with_files(id, markdown, private_note, as_agent, files).await)
    }
}
