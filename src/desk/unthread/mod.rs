//! The Unthread desk: wire types in, sanitized domain types out.

mod calls;
mod create;
mod inbox;
mod map;
mod reporting;

use jiff::Timestamp;

use super::*;
use crate::api::activity::Reporter;
use crate::api::unthread::{self as wire, ListRequest, UnthreadClient, Where};
use crate::support::sanitize;

#[derive(Debug, Clone)]
pub struct UnthreadDesk {
    client: UnthreadClient,
    /// A field change reads the whole map and writes it back: two at once would lose one.
    fields: std::sync::Arc<tokio::sync::Mutex<()>>,
}

impl UnthreadDesk {
    pub fn new(client: UnthreadClient) -> Self {
        UnthreadDesk { client, fields: Default::default() }
    }
    pub(super) fn field_lock(&self) -> &tokio::sync::Mutex<()> {
        &self.fields
    }
    pub fn client(&self) -> &UnthreadClient {
        &self.client
    }
}

fn time(s: &Option<String>) -> Option<Timestamp> {
    s.as_deref().and_then(|s| s.parse().ok())
}

fn clean_line(s: &str) -> String {
    sanitize::line(s).into_owned()
}

pub fn ticket(c: &wire::Conversation) -> Ticket {
    let status = match c.status {
        Some(wire::Status::Open) => TicketStatus::Open,
        Some(wire::Status::InProgress) => TicketStatus::InProgress,
        Some(wire::Status::OnHold) => TicketStatus::OnHold,
        Some(wire::Status::Closed) => TicketStatus::Closed,
        Some(wire::Status::Unknown) | None => TicketStatus::Unknown,
    };
    let mut t = Ticket {
        id: TicketId(c.id.clone()),
        number: c.friendly_id.unwrap_or(0.0).max(0.0) as u64,
        title: sanitize::line(c.title.as_deref().filter(|t| !t.trim().is_empty()).unwrap_or("(no title)")).into(),
        summary: sanitize::line(c.summary.as_deref().unwrap_or_default()).into(),
        status,
        priority: c.priority.and_then(Priority::from_number),
        customer_id: c.customer_id.as_deref().or(c.customer.as_ref().map(|cu| cu.id.as_str())).map(shared),
        customer_name: shared(&clean_line(c.customer.as_ref().map(|cu| cu.name.as_str()).unwrap_or_default())),
        assignee_id: c.assigned_to_user_id.as_deref().map(shared),
        tags: shared_tags(
            &c.tags
                .iter()
                .map(|t| TagRef { id: shared(&t.id), name: shared(&clean_line(&t.name)) })
                .collect::<Vec<_>>(),
        ),
        created_at: time(&c.created_at),
        updated_at: time(&c.updated_at),
        closed_at: time(&c.closed_at),
        response_secs: c.response_time,
        response_working_secs: c.response_time_working,
        resolution_secs: c.resolution_time,
        source: shared(&clean_line(c.source_type.as_deref().unwrap_or_default())),
        channel_id: c.channel_id.as_deref().map(shared),
        reply_sla_minutes: c.customer.as_ref().and_then(|cu| cu.reply_timeout_minutes).map(|m| m.max(0.0) as u32),
        wake_at: time(&c.wake_up_at),
        followers: c.followers.iter().filter_map(|f| f.user_id.clone().or_else(|| f.entity_id.clone())).collect(),
        ticket_type_id: c.ticket_type_id.as_deref().map(shared),
        fields: map::fields(&c.ticket_type_fields),
        collaborators: map::collaborators(&c.collaborators),
        ..Ticket::default()
    };
    if let Some((channel, ts)) = c.channel_id.as_deref().zip(c.initial_message.as_ref().map(|m| m.ts.as_str())) {
        (t.link, t.thread_ts) = crate::desk::links::kept_thread(channel, ts);
    }
    if let Some(m) = c.initial_message.as_deref() {
        let text = m.text.as_deref().or(m.content.as_deref()).unwrap_or_default();
        t.set_first_message(&sanitize::line(first_chars(text, FIRST_MESSAGE_CHARS)));
    }
    t
}

fn non_empty(s: Option<&String>) -> Option<&str> {
    s.map(String::as_str).filter(|s| !s.trim().is_empty())
}

pub fn message(m: &wire::Message) -> Message {
    let sent_by = m.sent_by_user.as_ref();
    let external = sent_by.and_then(|s| s.is_external);
    let author_kind = match (external, &m.user, &m.bot_name) {
        (Some(true), _, _) => AuthorKind::Customer,
        (Some(false), _, _) | (None, Some(_), _) => AuthorKind::Agent,
        _ => AuthorKind::Bot,
    };
    let author = non_empty(m.user.as_ref().map(|u| &u.name))
        .or_else(|| non_empty(m.bot_name.as_ref()))
        .or_else(|| non_empty(sent_by.and_then(|s| s.name.as_ref())))
        .or_else(|| non_empty(sent_by.and_then(|s| s.email.as_ref())))
        .or_else(|| non_empty(m.user.as_ref().and_then(|u| u.email.as_ref())))
        .unwrap_or("unknown");
    let at = time(&m.timestamp).or_else(|| {
        let secs: f64 = m.ts.parse().ok()?;
        Timestamp::from_microsecond((secs * 1e6) as i64).ok()
    });
    let body = m.text.as_deref().or(m.content.as_deref()).unwrap_or_default();
    Message {
        id: if m.ts.is_empty() { m.id.clone().unwrap_or_default() } else { m.ts.clone() },
        author: clean_line(author),
        author_kind,
        at,
        body: sanitize::text(body).into_owned(),
        private_note: m.is_private_note.unwrap_or(false),
        delivery: Delivery::Delivered,
        files: m.files.iter().map(|f| clean_line(if f.name.is_empty() { &f.id } else { &f.name })).collect(),
        author_id: m.user_id.as_deref().map(clean_line),
    }
}

pub fn customer(c: &wire::Customer) -> Customer {
    Customer {
        id: c.id.clone(),
        name: clean_line(&c.name),
        channel: c.slack_channel.as_ref().and_then(|ch| ch.name.as_deref()).map(clean_line),
        primary_assignee_id: c.primary_support_assignee_id.clone(),
        secondary_assignee_id: c.secondary_support_assignee_id.clone(),
        reply_timeout_minutes: c.reply_timeout_minutes,
        tags: c.tags.iter().map(|t| clean_line(&t.name)).collect(),
        since: time(&c.created_at),
        domains: c.email_domains.iter().map(|d| clean_line(d)).collect(),
        stats: None,
    }
}

fn on_behalf_of(agent: Option<&Agent>) -> Option<wire::OnBehalfOf> {
    agent.map(|a| wire::OnBehalfOf { email: Some(a.email.clone()), name: Some(a.name.clone()), id: Some(a.id.clone()) })
}

pub fn agent(u: &wire::User) -> Agent {
    Agent {
        id: u.id.clone(),
        name: clean_line(&u.name),
        email: clean_line(u.email.as_deref().unwrap_or_default()),
        slack_id: u.slack_id.clone(),
    }
}

use inbox::ids_request;
pub use inbox::{INBOX_FIELDS, inbox_request, status_wire};

/// A list page as the inbox takes it: tickets, next cursor, what was unreadable (a bad total too).
fn inbox_page(req: &ListRequest, page: &wire::ListResponse<wire::Conversation>, total: Option<u64>) -> InboxPage {
    use crate::api::lenient::Lenient;
    let damaged = page
        .data
        .iter()
        .filter_map(|item| match item {
            Lenient::Repaired { value, .. } if !value.id.is_empty() => Some(TicketId(value.id.clone())),
            _ => None,
        })
        .collect();
    // A conversation without an id cannot be shown, changed or told apart: it is lost.
    let (tickets, nameless): (Vec<Ticket>, Vec<Ticket>) = page.items().map(ticket).partition(|t| !t.id.0.is_empty());
    InboxPage {
        tickets,
        next: req.next_page(page).and_then(|r| r.cursor),
        total,
        damaged,
        unreadable: page.lost_items() + nameless.len() + usize::from(page.total == wire::TotalCount::Unreadable),
    }
}

impl Desk for UnthreadDesk {
    fn report_to(&mut self, reporter: Reporter) {
        self.client.report_to(reporter);
    }
    fn name(&self) -> &'static str {
        "Unthread"
    }

    fn capabilities(&self) -> Capabilities {
        Capabilities { reply: true, mutate: true, reporting: true, partitions: true, clocks: true, live: true }
    }

    /// By number through the list endpoint's `where friendlyId` (one request), else by id.
    async fn find_ticket(&self, key: &str) -> Result<Ticket, ApiError> {
        let Some(number) = crate::desk::ticket_number(key) else {
            return Ok(ticket(&self.client.get_conversation(key, &INBOX_FIELDS).await?));
        };
        let req = ListRequest::new().select(&INBOX_FIELDS).filter(Where::eq("friendlyId", number as f64));
        let page = self.client.list_conversations(&req).await?;
        let found = page.data.iter().find_map(crate::api::lenient::Lenient::as_ok);
        found.map(ticket).ok_or_else(|| ApiError::NotFound { title: format!("no ticket #{number}") })
    }

    async fn inbox_page(&self, query: &InboxQuery, cursor: Option<String>) -> Result<InboxPage, ApiError> {
        let req = inbox_request(query, cursor);
        let page = self.client.list_conversations(&req).await?;
        Ok(inbox_page(&req, &page, page.total_count()))
    }

    async fn changed_since(
        &self,
        query: &InboxQuery,
        since: Timestamp,
        cursor: Option<String>,
    ) -> Result<InboxPage, ApiError> {
        let mut req = inbox_request(query, cursor).order(&["updatedAt", "id"], false);
        req = req.filter(Where::new("updatedAt", crate::api::unthread::Operator::Ge, since.to_string()));
        let page = self.client.list_conversations(&req).await?;
        Ok(inbox_page(&req, &page, None))
    }

    async fn changed_after(&self, query: &InboxQuery, after: Timestamp) -> Result<bool, ApiError> {
        let req = inbox::changed_request(query, after);
        Ok(self.client.list_conversations(&req).await?.items().next().is_some())
    }

    async fn oldest_created(&self, query: &InboxQuery) -> Result<Option<Timestamp>, ApiError> {
        let mut req =
            inbox_request(query, None).select(&["id", "createdAt"]).order(&["createdAt", "id"], false).limit(1);
        req.cursor = None;
        let page = self.client.list_conversations(&req).await?;
        Ok(page.items().next().and_then(|c| time(&c.created_at)))
    }

    async fn ticket_ids(&self, query: &InboxQuery, cursor: Option<String>) -> Result<IdPage, ApiError> {
        let req = ids_request(query, cursor);
        let page = self.client.list_conversations(&req).await?;
        let ids = page.items().map(|c| TicketId(clean_line(&c.id))).filter(|id| !id.0.is_empty()).collect();
        Ok(IdPage { ids, next: req.next_page(&page).and_then(|r| r.cursor), total: page.total_count() })
    }

    async fn thread(&self, id: &TicketId) -> Result<Vec<Message>, ApiError> {
        let mut req = Some(ListRequest::new().order(&["ts"], false));
        let mut messages = Vec::new();
        let mut guard = crate::support::pages::PageGuard::new();
        while let Some(r) = req {
            let page = self.client.list_messages(&id.0, &r).await?;
            messages.extend(page.items().map(message));
            req = wire::next_guarded(&r, &page, &mut guard)?;
        }
        Ok(messages)
    }

    async fn customer(&self, id: &str) -> Result<Customer, ApiError> {
        Ok(customer(&self.client.get_customer(id).await?))
    }

    async fn customer_tickets(&self, id: &str) -> Result<Vec<Ticket>, ApiError> {
        let req = inbox_request(&InboxQuery { customer: Some(id.to_string()), ..Default::default() }, None).limit(8);
        Ok(self.client.list_conversations(&req).await?.items().map(ticket).collect())
    }

    async fn update_ticket(&self, id: &TicketId, change: &Change) -> Result<Ticket, ApiError> {
        calls::update(self, id, change).await
    }

    async fn send_message(
        &self,
        id: &TicketId,
        markdown: &str,
        private_note: bool,
        as_agent: Option<&Agent>,
    ) -> Result<Message, ApiError> {
        let new = wire::NewMessage::markdown(markdown, private_note, on_behalf_of(as_agent));
        let sent = self.client.create_message(&id.0, &new).await?;
        Ok(message(&sent))
    }

    async fn series(&self, q: &series::SeriesQuery) -> Result<series::Series, ApiError> {
        let answer = self.client.time_series(&reporting::request(q)?).await?;
        Ok(reporting::series(q, &answer))
    }

    async fn change_tag(&self, ids: &[TicketId], tag: &str, add: bool) -> Result<(), ApiError> {
        let ids: Vec<String> = ids.iter().map(|i| i.0.clone()).collect();
        if add { self.client.link_tag(tag, &ids).await } else { self.client.unlink_tag(tag, &ids).await }
    }

    async fn agents(&self) -> Result<Vec<Agent>, ApiError> {
        let users = self.client.collect_all::<wire::User, _>("/users/list", ListRequest::new(), |_, _| {}).await?;
        Ok(users.iter().map(agent).collect())
    }

    async fn tags(&self) -> Result<Vec<TagRef>, ApiError> {
        let tags = self.client.collect_all::<wire::Tag, _>("/tags/list", ListRequest::new(), |_, _| {}).await?;
        Ok(tags.into_iter().map(|t| TagRef { name: clean_line(&t.name).into(), id: t.id.into() }).collect())
    }

    async fn customers(&self) -> Result<Vec<Customer>, ApiError> {
        create::customers(&self.client).await
    }

    async fn create_ticket(&self, new: &NewTicket) -> Result<Opened, ApiError> {
        create::create(&self.client, new).await
    }

    async fn catalog(&self) -> Result<fields::Catalog, ApiError> {
        let (types, collaborators) = (self.client.ticket_types().await?, self.client.collaborator_types().await?);
        Ok(map::catalog(&types, &collaborators))
    }

    async fn extras(&self, id: &TicketId) -> Result<extras::Extras, ApiError> {
        calls::extras(&self.client, id).await
    }

    async fn file_bytes(&self, id: &TicketId, file: &str) -> Result<Vec<u8>, ApiError> {
        self.client.file_bytes(&id.0, file).await
    }

    async fn create_approval(
        &self,
        id: &TicketId,
        title: &str,
        approver: Option<&str>,
    ) -> Result<extras::Approval, ApiError> {
        let new = wire::NewApproval { title: title.to_string(), assigned_to_user_id: approver.map(str::to_string) };
        Ok(map::approval(&self.client.create_approval(&id.0, &new).await?))
    }

    async fn knowledge(&self, query: &str, t: &Ticket) -> Result<Vec<extras::KbHit>, ApiError> {
        calls::knowledge(&self.client, query, t).await
    }

    async fn send_with_files(
        &self,
        id: &TicketId,
        markdown: &str,
        private_note: bool,
        as_agent: Option<&Agent>,
        files: &[wire::Attachment],
    ) -> Result<Message, ApiError> {
        let new = wire::NewMessage::markdown(markdown, private_note, on_behalf_of(as_agent));
        Ok(message(&self.client.create_message_with_files(&id.0, &new, files).await?))
    }
}

#[cfg(test)]
mod tests;
