//! `POST /conversations` (the seed's `CreateConversationRequest`, API-NOTES §6): validated
//! whole before anything is stored; answered with the conversation, `id` and `friendlyId` on
//! top.

use super::*;
use crate::sim::model::{SimConversation, SimStatus};
use crate::sim::work::{self, TicketWork};

/// The reference's `CreateConversationRequest`: any other field is refused, as a real
/// server refuses a field it does not know (`ticketTypeFields` goes in the PATCH after).
const CREATE_FIELDS: [&str; 15] = [
    "type",
    "markdown",
    "status",
    "assignedToUserId",
    "customerId",
    "channelId",
    "projectId",
    "priority",
    "triageChannelId",
    "notes",
    "title",
    "excludeAnalytics",
    "emailInboxId",
    "ticketTypeId",
    "onBehalfOf",
];

/// What the request asks for, checked against the workspace.
struct Asked {
    kind: &'static str,
    text: String,
    title: String,
    status: SimStatus,
    assignee: Option<usize>,
    priority: Option<u8>,
    work: TicketWork,
    /// Who the first message is posted as (`onBehalfOf`), else the bot.
    author: Author,
    customer: Option<usize>,
    channel: Option<String>,
}

fn asked(body: &Value, db: &Db) -> Result<Asked, SimError> {
    let Some(fields) = body.as_object() else {
        return Err(SimError::invalid("The request body must be a JSON object"));
    };
    if let Some(unknown) = fields.keys().find(|k| !CREATE_FIELDS.contains(&k.as_str())) {
        return Err(SimError::invalid(format!("Unknown field: {unknown}")));
    }
    let text = |key: &str| body.get(key).and_then(Value::as_str).map(str::to_string);
    // The triage handler of API-NOTES §6 omits `type`.
    let kind = match text("type").as_deref() {
        Some("slack") => "slack",
        Some("triage") | None => "triage",
        Some("email") => "email",
        Some(other) => return Err(SimError::invalid(format!("Invalid type: {other}"))),
    };
    let markdown = text("markdown").filter(|m| !m.trim().is_empty());
    let markdown = markdown.ok_or_else(|| SimError::invalid("markdown is required"))?;
    let status = text("status").ok_or_else(|| SimError::invalid("status is required"))?;
    let status = SimStatus::parse(&status).ok_or_else(|| SimError::invalid(format!("Invalid status: {status}")))?;
    if kind == "triage" && text("triageChannelId").is_none() {
        return Err(SimError::invalid("triageChannelId is required for triage conversations"));
    }
    if kind == "email" && (text("emailInboxId").is_none() || body.get("onBehalfOf").is_none()) {
        return Err(SimError::invalid("emailInboxId and onBehalfOf are required for email conversations"));
    }
    // `customerId` is optional: without one the conversation belongs to nobody.
    let customer = match text("customerId") {
        Some(id) => Some(db.customer_index(&id).ok_or_else(|| SimError::not_found("Customer"))?),
        None => None,
    };
    // Where it is posted: the channel asked for (a DM when a Slack one names none).
    let channel = if kind == "triage" { text("triageChannelId") } else { text("channelId") };
    let assignee = match text("assignedToUserId") {
        Some(id) => Some(db.user_index(&id).ok_or_else(|| SimError::not_found("User"))?),
        None => None,
    };
    let priority = match body.get("priority") {
        None | Some(Value::Null) => None,
        Some(p) => match p.as_u64() {
            Some(p @ (3 | 5 | 7 | 9)) => Some(p as u8),
            _ => return Err(SimError::invalid(format!("Invalid priority: {p}"))),
        },
    };
    let title = text("title").unwrap_or_else(|| markdown.lines().next().unwrap_or_default().to_string());
    let work = typed(body)?;
    let author = on_behalf_of(body.get("onBehalfOf"), db)?;
    let text = to_mrkdwn(&markdown);
    Ok(Asked { kind, text, title, status, assignee, priority, work, author, customer, channel })
}

/// The ticket type a create names. Its fields come in the PATCH after (the create has none),
/// so what they require is asked there, not here.
fn typed(body: &Value) -> Result<TicketWork, SimError> {
    let Some(type_id) = body.get("ticketTypeId").and_then(Value::as_str) else { return Ok(TicketWork::default()) };
    work::ticket_type(type_id).ok_or_else(|| SimError::not_found("Ticket type"))?;
    Ok(TicketWork { ticket_type: Some(type_id.to_string()), ..Default::default() })
}

/// `onBehalfOf {email?, name?, id?}`: the first message is posted as that person.
fn on_behalf_of(behalf: Option<&Value>, db: &Db) -> Result<Author, SimError> {
    let Some(behalf) = behalf.filter(|b| !b.is_null()) else {
        return Ok(Author::Api { name: None, email: None, user: None });
    };
    if !behalf.is_object() {
        return Err(SimError::invalid("onBehalfOf must be an object"));
    }
    let text = |key: &str| behalf.get(key).and_then(Value::as_str).map(str::to_string);
    let (name, email, id) = (text("name"), text("email"), text("id"));
    let user =
        id.as_deref().and_then(|u| db.user_index(u)).or_else(|| email.as_deref().and_then(|e| db.user_by_email(e)));
    Ok(Author::Api { name, email, user })
}

/// JSON, or multipart/form-data (a `json` part and its `attachments`, as a message takes them).
pub async fn create_conversation(State(s): S, headers: axum::http::HeaderMap, body: Bytes) -> Answer {
    let (body, uploads) = super::messages::read_request(&headers, body).await?;
    s.write(|db| {
        let asked = asked(&body, db)?;
        let mut rng = rand::rng();
        let now = Timestamp::now();
        let conversation = SimConversation {
            id: ids::uuid(&mut rng),
            friendly_id: db.conversations.iter().map(|c| c.friendly_id).max().unwrap_or(0) + 1,
            status: asked.status,
            title: asked.title,
            summary: String::new(),
            priority: asked.priority,
            customer: asked.customer.unwrap_or(0),
            requester: 0,
            assignee: asked.assignee,
            tags: vec![],
            created_at: now,
            updated_at: now,
            closed_at: (asked.status == SimStatus::Closed).then_some(now),
            status_updated_at: None,
            last_activity_at: now,
            response_time: None,
            response_time_working: None,
            resolution_time: None,
            resolution_time_working: None,
            source_type: asked.kind,
            message_count: 1,
            // The thread is stored below, so the seed never generates one.
            topic: 0,
            seed: rand::Rng::random(&mut rng),
            csat: None,
            sentiment: "Neutral",
            notes: None,
            wake_up_at: None,
            snoozed_at: None,
            locked_at: None,
            metadata: serde_json::Map::new(),
            submitter_user_id: None,
            channel: asked.channel,
            no_customer: asked.customer.is_none(),
            exclude_analytics: false,
            followers: vec![],
            work: asked.work,
            on_hold_by: None,
            closed_by: None,
            assigned_at: asked.assignee.map(|_| now),
        };
        let first = SimMessage {
            id: ids::uuid(&mut rng),
            ts: slack_ts(now),
            timestamp: now,
            author: asked.author,
            text: asked.text,
            private_note: false,
        };
        let mut conversation = conversation;
        for (name, mimetype, bytes) in uploads {
            let id = format!("F{}", ids::uuid(&mut rng).replace('-', "")[..10].to_uppercase());
            let (size, bytes) = (bytes.len(), Some(std::sync::Arc::new(bytes)));
            let message_ts = first.ts.clone();
            conversation.work.files.push(crate::sim::work::SimFile { id, name, mimetype, size, message_ts, bytes });
        }
        let index = db.conversations.len();
        db.by_id.insert(conversation.id.clone(), index);
        db.conversations.push(conversation);
        db.threads.insert(index, vec![first]);
        Ok(Json(db.conversations[index].to_json(db)))
    })
}
