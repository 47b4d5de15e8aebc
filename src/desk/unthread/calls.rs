//! Unthread calls that take more than one request: a change to a ticket (and the ticket as
//! the server then holds it), and a thread's files and approvals.

use super::map;
use super::*;
use crate::api::unthread::{ConversationPatch, Status};
use crate::desk::extras::Extras;
use crate::desk::unthread::{INBOX_FIELDS, UnthreadDesk, ticket};

pub async fn update(desk: &UnthreadDesk, id: &TicketId, change: &Change) -> Result<Ticket, ApiError> {
    let client = desk.client();
    let reread = || client.get_conversation(&id.0, &INBOX_FIELDS);
    let patch = match change {
        Change::Status(s) => ConversationPatch::status(match s {
            TicketStatus::Open => Status::Open,
            TicketStatus::InProgress => Status::InProgress,
            TicketStatus::OnHold => Status::OnHold,
            TicketStatus::Closed | TicketStatus::Unknown => Status::Closed,
        }),
        Change::Assignee(a) => ConversationPatch::assignee(a.as_deref()),
        Change::Priority(p) => ConversationPatch::priority(p.map(|p| p as u8)),
        Change::Title(title) => ConversationPatch::one("title", title.as_str().into()),
        Change::Snooze(wake) => {
            let iso = |t: jiff::Timestamp| t.to_string();
            ConversationPatch::snooze(wake.map(iso).as_deref(), &iso(jiff::Timestamp::now()))
        }
        Change::Type(ty) => ConversationPatch::one("ticketTypeId", ty.as_ref().map(|t| t.id.as_str()).into()),
        Change::Field { type_id, field, label, value } => {
            let _one_at_a_time = desk.field_lock().lock().await;
            let patch = field_patch(desk, id, type_id, field, label, value).await?;
            return Ok(ticket(&client.patch_conversation(&id.0, &patch, &INBOX_FIELDS).await?));
        }
        Change::Follow { agent, on } => {
            client.set_follower(&id.0, agent, *on).await?;
            return Ok(ticket(&reread().await?));
        }
        Change::Collaborator { type_id, agent } => {
            client.set_collaborator(&id.0, type_id, agent).await?;
            return Ok(ticket(&reread().await?));
        }
        Change::AddTag(tag) | Change::RemoveTag(tag) => {
            desk.change_tag(std::slice::from_ref(id), &tag.id, matches!(change, Change::AddTag(_))).await?;
            return Ok(ticket(&reread().await?));
        }
    };
    Ok(ticket(&client.patch_conversation(&id.0, &patch, &INBOX_FIELDS).await?))
}

/// The whole field map goes back (the reference replaces it), read fresh so a field someone
/// else just set is kept; a ticket that is not of the field's type is refused.
async fn field_patch(
    desk: &UnthreadDesk,
    id: &TicketId,
    type_id: &str,
    field: &str,
    label: &str,
    value: &Option<fields::FieldValue>,
) -> Result<ConversationPatch, ApiError> {
    let now = desk.client().get_conversation(&id.0, &["id", "ticketTypeId", "ticketTypeFields"]).await?;
    if now.ticket_type_id.as_deref() != Some(type_id) {
        return Err(ApiError::Config { detail: format!("{label} is not a field of this ticket's type") });
    }
    let mut map = now.ticket_type_fields;
    match value {
        Some(v) => _ = map.insert(field.to_string(), map::field_json(v)),
        None => _ = map.remove(field),
    }
    Ok(ConversationPatch::one("ticketTypeFields", serde_json::Value::Object(map.into_iter().collect())))
}

/// The conversation's files (each with the message it came with, when a message names it)
/// and its approval requests.
pub async fn extras(client: &crate::api::unthread::UnthreadClient, id: &TicketId) -> Result<Extras, ApiError> {
    let c = client.get_conversation(&id.0, &["id", "files"]).await?;
    let approvals = client.approvals(&id.0).await?;
    Ok(Extras {
        files: c.files.iter().filter(|f| !f.id.is_empty()).map(|f| map::file(f, None)).collect(),
        approvals: approvals.iter().map(map::approval).collect(),
    })
}

/// The top hits for `query`, asked in the ticket's context (its conversation and customer).
pub async fn knowledge(
    client: &crate::api::unthread::UnthreadClient,
    query: &str,
    t: &Ticket,
) -> Result<Vec<extras::KbHit>, ApiError> {
    let q = crate::api::unthread::KnowledgeBaseQuery {
        query: query.to_string(),
        customer_id: t.customer_id.as_deref().map(str::to_string),
        conversation_id: Some(t.id.0.clone()),
        user_id: None,
    };
    let hits = client.query_knowledge_base(&q).await?;
    Ok(hits.iter().filter_map(map::kb_hit).take(5).collect())
}
