//! Changing a conversation: the reference's patchable fields, validated all before any is
//! applied, with the status's consequences (closing times, who closed it).

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use jiff::{SignedDuration, Timestamp};
use serde_json::{Map, Value};

use super::super::db::Db;
use super::super::error::SimError;
use super::super::model::{SimConversation, SimStatus};
use super::super::query;
use super::super::work;
use super::{Answer, S, SelectParam, conversation_index, parse_json};

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

/// `PATCH /conversations/{id}`: every field checked before any is changed.
pub(super) async fn patch_conversation(
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
        let checked = validate(db, i, fields)?;
        apply(db, i, fields, checked, Timestamp::now());
        Ok(Json(query::project(db.conversations[i].to_json(db), &query::Select::parse(&sel.fields()))))
    })
}

/// What the fields that name something resolved to.
#[derive(Default)]
struct Checked {
    status: Option<SimStatus>,
    assignee: Option<Option<usize>>,
    customer: Option<usize>,
    /// The type after the change (`Some(None)` clears it).
    ticket_type: Option<Option<String>>,
}

fn validate(db: &Db, i: usize, fields: &Map<String, Value>) -> Result<Checked, SimError> {
    let mut checked = Checked::default();
    check_type(db, i, fields, &mut checked)?;
    for (field, value) in fields {
        match field.as_str() {
            "status" => {
                let s = value.as_str().and_then(SimStatus::parse);
                checked.status = Some(s.ok_or_else(|| SimError::invalid(format!("Invalid status: {value}")))?);
            }
            "priority" if !(value.is_null() || matches!(value.as_u64(), Some(3 | 5 | 7 | 9))) => {
                return Err(SimError::invalid(format!("Invalid priority: {value} (must be 3, 5, 7, 9 or null)")));
            }
            "assignedToUserId" => {
                checked.assignee = Some(match value.as_str() {
                    None if value.is_null() => None,
                    Some(uid) => Some(db.user_index(uid).ok_or_else(|| SimError::not_found("User"))?),
                    None => return Err(SimError::invalid("assignedToUserId must be a string or null")),
                });
            }
            "customerId" => {
                let cid = value.as_str().ok_or_else(|| SimError::invalid("customerId must be a string"))?;
                checked.customer = Some(db.customer_index(cid).ok_or_else(|| SimError::not_found("Customer"))?);
            }
            "title" if !value.is_string() => return Err(SimError::invalid("title must be a string")),
            "wakeUpAt" | "snoozedAt" | "lockedAt"
                if !(value.is_null() || value.as_str().is_some_and(|v| v.parse::<Timestamp>().is_ok())) =>
            {
                return Err(SimError::invalid(format!("{field} must be an ISO-8601 time or null")));
            }
            "metadata" if !value.is_object() => return Err(SimError::invalid("metadata must be an object")),
            "excludeAnalytics" if !value.is_boolean() => {
                return Err(SimError::invalid("excludeAnalytics must be a boolean"));
            }
            "submitterUserId" if !(value.is_string() || value.is_null()) => {
                return Err(SimError::invalid("submitterUserId must be a string or null"));
            }
            f if !PATCHABLE.contains(&f) => return Err(SimError::invalid(format!("Unknown field: {f}"))),
            _ => {}
        }
    }
    Ok(checked)
}

/// A new type must exist; the values sent are checked against the type the ticket will have.
fn check_type(db: &Db, i: usize, fields: &Map<String, Value>, checked: &mut Checked) -> Result<(), SimError> {
    let current = db.conversations[i].work.ticket_type.clone();
    let ty = match fields.get("ticketTypeId") {
        None => current,
        Some(Value::Null) => None,
        Some(Value::String(id)) if work::ticket_type(id).is_some() => Some(id.clone()),
        Some(Value::String(_)) => return Err(SimError::not_found("Ticket type")),
        Some(_) => return Err(SimError::invalid("ticketTypeId must be a string or null")),
    };
    if fields.contains_key("ticketTypeId") {
        checked.ticket_type = Some(ty.clone());
    }
    match fields.get("ticketTypeFields") {
        None | Some(Value::Null) => Ok(()),
        Some(Value::Object(values)) => match ty.as_deref().and_then(work::ticket_type) {
            Some(ty) => work::check_values(db, &ty, values),
            None => Err(SimError::invalid("ticketTypeFields needs a ticket type")),
        },
        Some(_) => Err(SimError::invalid("ticketTypeFields must be an object")),
    }
}

fn apply(db: &mut Db, i: usize, fields: &Map<String, Value>, checked: Checked, now: Timestamp) {
    let c = &mut db.conversations[i];
    if let Some(a) = checked.assignee {
        c.assignee = a;
        c.assigned_at = a.map(|_| now);
    }
    if let Some(cust) = checked.customer {
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
    if let Some(v) = fields.get("submitterUserId") {
        c.submitter_user_id = v.as_str().map(str::to_string);
    }
    if let Some(v) = fields.get("excludeAnalytics").and_then(Value::as_bool) {
        c.exclude_analytics = v;
    }
    if let Some(ty) = checked.ticket_type {
        c.work.ticket_type = ty;
    }
    match fields.get("ticketTypeFields") {
        Some(Value::Object(m)) => c.work.fields = m.clone(),
        Some(Value::Null) => c.work.fields.clear(),
        _ => {}
    }
    if let Some(new) = checked.status.filter(|st| *st != c.status) {
        set_status(c, new, now);
    }
    c.updated_at = now.max(c.updated_at + SignedDuration::from_millis(1));
}

/// A new status, and what follows from it: closing times and who closed or held it.
fn set_status(c: &mut SimConversation, new: SimStatus, now: Timestamp) {
    c.status = new;
    c.status_updated_at = Some(now);
    if new == SimStatus::Closed {
        c.closed_at = Some(now);
        c.closed_by = c.assignee;
        c.resolution_time = Some(now.duration_since(c.created_at).as_secs());
        c.resolution_time_working = Some(super::super::working_seconds(c.created_at, now));
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
