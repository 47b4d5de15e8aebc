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
use super::model::{Author, SimMessage, SimStatus, slack_ts};
use super::query::{self, ListQuery, Record};
use super::records::{ConversationRef, MessageRef};
use super::server::{LoggedRequest, SimState};
use super::{ids, reporting, thena};

type S = State<Arc<SimState>>;
type Answer = Result<Json<Value>, SimError>;

pub fn service_routes() -> Router<Arc<SimState>> {
    Router::new()
        .route("/api/conversations/list", post(list_conversations))
        .route("/api/conversations/{id}", get(get_conversation).patch(patch_conversation))
        .route("/api/conversations/{id}/messages/list", post(list_messages))
        .route("/api/conversations/{id}/messages", post(create_message))
        .route("/api/customers/list", post(list_customers))
        .route("/api/customers/{id}", get(get_customer))
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

async fn list_conversations(State(s): S, body: Bytes) -> Answer {
    let q = ListQuery::parse(&parse_json(&body)?)?;
    s.read(|db| {
        query::list(db.conversations.iter().map(ConversationRef).collect::<Vec<_>>().iter(), &q, "createdAt", db)
    })
    .map(Json)
}

async fn get_conversation(State(s): S, Path(id): Path<String>, Query(sel): Query<SelectParam>) -> Answer {
    s.read(|db| {
        let i = conversation_index(db, &id)?;
        Ok(Json(query::project(db.conversations[i].to_json(db), &sel.fields())))
    })
}

const PATCHABLE: [&str; 14] = [
    "status",
    "priority",
    "notes",
    "assignedToUserId",
    "wakeUpAt",
    "snoozedAt",
    "excludeAnalytics",
    "title",
    "lockedAt",
    "customerId",
    "ticketTypeId",
    "ticketTypeFields",
    "submitterUserId",
    "metadata",
];

async fn patch_conversation(
    State(s): S,
    Path(id): Path<String>,
    Query(sel): Query<SelectParam>,
    body: Bytes,
) -> Answer {
    let body = parse_json(&body)?;
    let Some(fields) = body.as_object() else {
        return Err(SimError::invalid("The request body must be a JSON object"));
    };
    s.write(|db| {
        let i = conversation_index(db, &id)?;
        // Validate every field before changing any.
        let mut status = None;
        let mut assignee = None;
        let mut customer = None;
        for (field, value) in fields {
            match field.as_str() {
                "status" => {
                    let s = value.as_str().and_then(SimStatus::parse);
                    status = Some(s.ok_or_else(|| SimError::invalid(format!("Invalid status: {value}")))?);
                }
                "priority" if !(value.is_null() || matches!(value.as_u64(), Some(3 | 5 | 7 | 9))) => {
                    return Err(SimError::invalid(format!("Invalid priority: {value} (must be 3, 5, 7, 9 or null)")));
                }
                "assignedToUserId" => {
                    assignee = Some(match value.as_str() {
                        None if value.is_null() => None,
                        Some(uid) => Some(db.user_index(uid).ok_or_else(|| SimError::not_found("User"))?),
                        None => return Err(SimError::invalid("assignedToUserId must be a string or null")),
                    });
                }
                "customerId" => {
                    let cid = value.as_str().ok_or_else(|| SimError::invalid("customerId must be a string"))?;
                    customer = Some(db.customer_index(cid).ok_or_else(|| SimError::not_found("Customer"))?);
                }
                "title" if !value.is_string() => return Err(SimError::invalid("title must be a string")),
                "wakeUpAt" | "snoozedAt" | "lockedAt"
                    if !(value.is_null() || value.as_str().is_some_and(|v| v.parse::<Timestamp>().is_ok())) =>
                {
                    return Err(SimError::invalid(format!("{field} must be an ISO-8601 time or null")));
                }
                "metadata" if !value.is_object() => return Err(SimError::invalid("metadata must be an object")),
                f if !PATCHABLE.contains(&f) => return Err(SimError::invalid(format!("Unknown field: {f}"))),
                _ => {}
            }
        }
        let now = Timestamp::now();
        let c = &mut db.conversations[i];
        if let Some(a) = assignee {
            c.assignee = a;
            c.assigned_at = a.map(|_| now);
        }
        if let Some(cust) = customer {
            c.customer = cust;
            c.requester = 0;
        }
        if let Some(p) = fields.get("priority") {
            c.priority = p.as_u64().map(|p| p as u8);
        }
        if let Some(t) = fields.get("title").and_then(Value::as_str) {
            c.title = t.to_string();
        }
        if let Some(n) = fields.get("notes") {
            c.notes = n.as_str().map(str::to_string);
        }
        let time = |v: &Value| v.as_str().and_then(|s| s.parse().ok());
        if let Some(v) = fields.get("wakeUpAt") {
            c.wake_up_at = time(v);
        }
        if let Some(v) = fields.get("snoozedAt") {
            c.snoozed_at = time(v);
        }
        if let Some(v) = fields.get("lockedAt") {
            c.locked_at = time(v);
        }
        if let Some(Value::Object(m)) = fields.get("metadata") {
            c.metadata = m.clone();
        }
        if let Some(new) = status.filter(|st| *st != c.status) {
            c.status = new;
            c.status_updated_at = Some(now);
            if new == SimStatus::Closed {
                c.closed_at = Some(now);
                c.closed_by = c.assignee;
                c.resolution_time = Some(now.duration_since(c.created_at).as_secs());
                c.resolution_time_working = Some(super::working_seconds(c.created_at, now));
            } else {
                c.closed_at = None;
                c.closed_by = None;
                c.resolution_time = None;
                c.resolution_time_working = None;
            }
            if new == SimStatus::OnHold {
                c.on_hold_by = c.assignee;
            }
        }
        c.updated_at = now.max(c.updated_at + SignedDuration::from_millis(1));
        Ok(Json(query::project(db.conversations[i].to_json(db), &sel.fields())))
    })
}

// --- messages ---

async fn list_messages(State(s): S, Path(id): Path<String>, body: Bytes) -> Answer {
    let q = ListQuery::parse(&parse_json(&body)?)?;
    s.read(|db| {
        let i = conversation_index(db, &id)?;
        let c = &db.conversations[i];
        let thread = db.thread(c);
        let refs: Vec<MessageRef> = thread.iter().map(|m| MessageRef(m, c)).collect();
        query::list(refs.iter(), &q, "ts", db).map(Json)
    })
}

async fn create_message(State(s): S, Path(id): Path<String>, body: Bytes) -> Answer {
    let body = parse_json(&body)?;
    let text_of = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_string);
    let markdown = text_of(body.pointer("/body/value")).or_else(|| text_of(body.get("markdown")));
    let blocks: Vec<String> = body
        .get("blocks")
        .and_then(Value::as_array)
        .map(|b| b.iter().filter_map(|block| text_of(block.pointer("/text/text"))).collect())
        .unwrap_or_default();
    if markdown.is_none() && blocks.is_empty() {
        return Err(SimError::invalid("Either body, blocks or markdown must be provided"));
    }
    if let Some(kind) =
        body.pointer("/body/type").and_then(Value::as_str).filter(|k| !matches!(*k, "markdown" | "html"))
    {
        return Err(SimError::invalid(format!("Invalid body type: {kind}")));
    }
    let mut text = markdown.map(|m| to_mrkdwn(&m)).unwrap_or_default();
    for block in blocks {
        if !text.is_empty() {
            text.push('\n');
        }
        text.push_str(&block);
    }
    let private_note = body.get("isPrivateNote").and_then(Value::as_bool).unwrap_or(false);
    let behalf = body.get("onBehalfOf");
    let name = text_of(behalf.and_then(|b| b.get("name")));
    let email = text_of(behalf.and_then(|b| b.get("email")));
    let user_id = text_of(behalf.and_then(|b| b.get("id")));
    s.write(|db| {
        let i = conversation_index(db, &id)?;
        let user = user_id
            .as_deref()
            .and_then(|u| db.user_index(u))
            .or_else(|| email.as_deref().and_then(|e| db.user_by_email(e)));
        let mut rng = rand::rng();
        let now = Timestamp::now();
        let thread = db.thread_mut(i);
        // Slack timestamps are unique within a thread.
        let at = thread.last().map_or(now, |last| now.max(last.timestamp + SignedDuration::from_micros(1)));
        let message = SimMessage {
            id: ids::uuid(&mut rng),
            ts: slack_ts(at),
            timestamp: at,
            author: Author::Api { name, email, user },
            text,
            private_note,
        };
        thread.push(message.clone());
        let c = &mut db.conversations[i];
        c.message_count += 1;
        c.updated_at = at;
        c.last_activity_at = at;
        if c.response_time.is_none() && !private_note {
            c.response_time = Some(at.duration_since(c.created_at).as_secs());
            c.response_time_working = Some(super::working_seconds(c.created_at, at));
        }
        Ok(Json(message.to_json(&db.conversations[i], db)))
    })
}

// --- customers, users, tags: the same list and get over different records ---

fn list_of<R: Record>(s: &SimState, body: &Bytes, records: fn(&Db) -> &[R]) -> Answer {
    let q = ListQuery::parse(&parse_json(body)?)?;
    s.read(|db| query::list(records(db).iter(), &q, "name", db)).map(Json)
}

fn get_of<R: Record>(s: &SimState, id: &str, records: fn(&Db) -> &[R], what: &str) -> Answer {
    s.read(|db| {
        records(db).iter().find(|r| r.id() == id).map(|r| Json(r.to_json(db))).ok_or_else(|| SimError::not_found(what))
    })
}

async fn list_customers(State(s): S, body: Bytes) -> Answer {
    list_of(&s, &body, |db| &db.customers)
}
async fn get_customer(State(s): S, Path(id): Path<String>) -> Answer {
    get_of(&s, &id, |db| &db.customers, "Customer")
}
async fn list_users(State(s): S, body: Bytes) -> Answer {
    list_of(&s, &body, |db| &db.users)
}
async fn get_user(State(s): S, Path(id): Path<String>) -> Answer {
    get_of(&s, &id, |db| &db.users, "User")
}
async fn list_tags(State(s): S, body: Bytes) -> Answer {
    list_of(&s, &body, |db| &db.tags)
}
async fn get_tag(State(s): S, Path(id): Path<String>) -> Answer {
    get_of(&s, &id, |db| &db.tags, "Tag")
}

async fn link_tag(state: S, path: Path<String>, body: Bytes) -> Answer {
    change_tag_links(state, path, body, true).await
}
async fn unlink_tag(state: S, path: Path<String>, body: Bytes) -> Answer {
    change_tag_links(state, path, body, false).await
}

/// The body is a JSON array of conversation ids; all must exist, or nothing changes.
async fn change_tag_links(State(s): S, Path(tag_id): Path<String>, body: Bytes, link: bool) -> Answer {
    let body = parse_json(&body)?;
    let ids: Vec<String> = body
        .as_array()
        .and_then(|a| a.iter().map(|v| v.as_str().map(str::to_string)).collect())
        .ok_or_else(|| SimError::invalid("The body must be a JSON array of conversation ids"))?;
    s.write(|db| {
        let tag = db.tag_index(&tag_id).ok_or_else(|| SimError::not_found("Tag"))?;
        let indices = ids.iter().map(|id| conversation_index(db, id)).collect::<Result<Vec<_>, _>>()?;
        let now = Timestamp::now();
        for i in indices {
            let c = &mut db.conversations[i];
            let had = c.tags.contains(&tag);
            if link && !had {
                c.tags.push(tag);
            } else if !link && had {
                c.tags.retain(|t| *t != tag);
            } else {
                continue;
            }
            c.updated_at = now.max(c.updated_at + SignedDuration::from_millis(1));
        }
        Ok(Json(json!({"success": true})))
    })
}

// --- reporting, knowledge base, Thena ---

async fn time_series(State(s): S, body: Bytes) -> Answer {
    let body = parse_json(&body)?;
    s.read(|db| reporting::time_series(db, &body)).map(Json)
}

async fn knowledge_base(State(s): S, body: Bytes) -> Answer {
    let body = parse_json(&body)?;
    let query = body.get("query").and_then(Value::as_str).filter(|q| !q.trim().is_empty());
    let query = query.ok_or_else(|| SimError::invalid("query is required"))?.to_lowercase();
    let words: Vec<&str> = query.split(|c: char| !c.is_alphanumeric()).filter(|w| w.len() > 2).collect();
    s.read(|db| {
        let mut hits: Vec<(usize, usize)> = db
            .articles
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let (title, content) = (a.title.to_lowercase(), a.content.to_lowercase());
                (i, words.iter().map(|w| 2 * usize::from(title.contains(w)) + usize::from(content.contains(w))).sum())
            })
            .filter(|(_, score)| *score > 0)
            .collect();
        hits.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let data: Vec<Value> = hits
            .iter()
            .take(3)
            .map(|&(i, score)| {
                let a = &db.articles[i];
                json!({"id": format!("kb-{i:04}"), "title": a.title, "content": a.content, "url": a.url, "score": score})
            })
            .collect();
        Ok(Json(json!({"data": data})))
    })
}

#[derive(Deserialize)]
struct ExportParams {
    start_date: Option<String>,
    end_date: Option<String>,
}

async fn thena_export(State(s): S, Query(p): Query<ExportParams>) -> Answer {
    let date = |v: Option<&str>, name: &str| -> Result<Option<jiff::civil::Date>, SimError> {
        v.map(|d| d.parse().map_err(|_| SimError::invalid(format!("{name} must be YYYY-MM-DD")))).transpose()
    };
    let start = date(p.start_date.as_deref(), "start_date")?
        .ok_or_else(|| SimError::invalid("start_date is required (YYYY-MM-DD)"))?;
    let style = s.thena_style();
    s.read(|db| {
        let today = db.anchor.max(Timestamp::now()).to_zoned(jiff::tz::TimeZone::UTC).date();
        let end = date(p.end_date.as_deref(), "end_date")?.unwrap_or(today);
        Ok(Json(thena::export(db, start, end, style)))
    })
}

// --- admin ---

async fn requests(State(s): S) -> Json<Vec<LoggedRequest>> {
    Json(s.requests())
}
async fn clear_requests(State(s): S) -> Json<Value> {
    s.clear_requests();
    Json(json!({"ok": true}))
}
async fn get_faults(State(s): S) -> Json<Faults> {
    Json(s.faults())
}
async fn put_faults(State(s): S, Json(faults): Json<Faults>) -> Json<Faults> {
    s.set_faults(faults);
    Json(s.faults())
}
