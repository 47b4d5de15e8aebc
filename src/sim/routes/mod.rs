//! The endpoints. Read handlers run list queries; write handlers validate everything
//! before changing anything, as a real API does.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use jiff::{SignedDuration, Timestamp};
use serde::Deserialize;
use serde_json::{Value, json};

use super::db::Db;
use super::error::SimError;
use super::faults::Faults;
use super::markdown::to_mrkdwn;
use super::model::{Author, SimMessage, slack_ts};
use super::query::{self, ListQuery, Record};
use super::records::{ConversationRef, MessageRef};
use super::server::{LoggedRequest, SimState};
use super::{ids, reporting, thena};

mod create;
mod customers;
mod directory;
mod followers;
mod messages;
mod other;
mod patch;
mod work;

use create::create_conversation;
use customers::{create_customer, delete_customer, patch_customer};
use directory::*;
use followers::{add_follower, remove_follower};
use messages::create_message;
use other::*;
use patch::patch_conversation;
use work::*;

type S = State<Arc<SimState>>;
type Answer = Result<Json<Value>, SimError>;
/// A list endpoint's answer: its page is written as JSON bytes, never built as a `Value`.
type Listed = Result<query::ListPage, SimError>;

impl axum::response::IntoResponse for query::ListPage {
    fn into_response(self) -> axum::response::Response {
        ([(axum::http::header::CONTENT_TYPE, "application/json")], self.0).into_response()
    }
}

pub fn service_routes() -> Router<Arc<SimState>> {
    Router::new()
        .route("/api/conversations", post(create_conversation))
        .route("/api/conversations/list", post(list_conversations))
        .route("/api/conversations/{id}", get(get_conversation).patch(patch_conversation))
        .route("/api/conversations/{id}/messages/list", post(list_messages))
        .route("/api/conversations/{id}/messages", post(create_message))
        .route("/api/conversations/{id}/add-follower", post(add_follower))
        .route("/api/conversations/{id}/remove-follower", post(remove_follower))
        .route("/api/conversations/{id}/collaborators/{type_id}", axum::routing::put(put_collaborator))
        .route("/api/conversations/{id}/files/{file_id}/full", get(file_full))
        .route("/api/conversations/{id}/approval-requests", get(list_approvals).post(create_approval))
        .route("/api/ticket-types/list", post(list_ticket_types))
        .route("/api/ticket-types/{id}", get(get_ticket_type))
        .route("/api/collaborator-types/list", post(list_collaborator_types))
        .route("/api/customers/list", post(list_customers))
        .route("/api/customers", post(create_customer))
        .route("/api/customers/{id}", get(get_customer).patch(patch_customer).delete(delete_customer))
        .route("/api/users/list", post(list_users))
        .route("/api/users/{id}", get(get_user))
        .route("/api/tags/list", post(list_tags))
        .route("/api/tags/{id}", get(get_tag))
        .route("/api/tags/{id}/conversations/create-links", post(link_tag))
        .route("/api/tags/{id}/conversations/delete-links", post(unlink_tag))
        .route("/api/reporting/time-series", post(time_series))
        .route("/api/knowledge-base/query", post(knowledge_base))
        .route("/v1/requests/exports", get(thena_export))
}

/// Unauthenticated controls for tests and tools driving `triage sim` from outside.
pub fn admin_routes() -> Router<Arc<SimState>> {
    Router::new()
        .route("/_sim/health", get(|| async { Json(json!({"ok": true})) }))
        .route("/_sim/requests", get(requests).delete(clear_requests))
        .route("/_sim/faults", get(get_faults).put(put_faults))
}

fn parse_json(body: &Bytes) -> Result<Value, SimError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Value::Null);
    }
    serde_json::from_slice(body).map_err(|e| SimError::invalid(format!("Invalid JSON body: {e}")))
}

#[derive(Deserialize)]
struct SelectParam {
    select: Option<String>,
}

impl SelectParam {
    fn fields(&self) -> Vec<String> {
        self.select
            .as_deref()
            .map(|s| s.split(',').map(|f| f.trim().to_string()).filter(|f| !f.is_empty()).collect())
            .unwrap_or_default()
    }
}

fn conversation_index(db: &Db, id: &str) -> Result<usize, SimError> {
    db.conversation_index(id).ok_or_else(|| SimError::not_found("Conversation"))
}

// --- conversations ---

async fn list_conversations(State(s): S, body: Bytes) -> Listed {
    let q = ListQuery::parse(&parse_json(&body)?)?;
    s.read(|db| {
        let records: Vec<ConversationRef> = db.conversations.iter().map(ConversationRef).collect();
        let sorted =
            s.conversation_lists().sorted(db.generation, &q, || query::sort_matching(&records, &q, "createdAt", db))?;
        query::page(&records, &sorted, &q, db)
    })
}

async fn get_conversation(State(s): S, Path(id): Path<String>, Query(sel): Query<SelectParam>) -> Answer {
    s.read(|db| {
        let i = conversation_index(db, &id)?;
        Ok(Json(query::project(db.conversations[i].to_json(db), &query::Select::parse(&sel.fields()))))
    })
}

// --- messages ---

async fn list_messages(State(s): S, Path(id): Path<String>, body: Bytes) -> Listed {
    let q = ListQuery::parse(&parse_json(&body)?)?;
    s.read(|db| {
        let i = conversation_index(db, &id)?;
        let c = &db.conversations[i];
        let thread = db.thread(c);
        let refs: Vec<MessageRef> = thread.iter().map(|m| MessageRef(m, c)).collect();
        query::list(&refs, &q, "ts", db)
    })
}
