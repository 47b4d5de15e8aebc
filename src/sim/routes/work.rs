//! Ticket and collaborator types, collaborators, files and approval requests (API-NOTES §11).

use axum::http::header;
use axum::response::{IntoResponse, Response};

use super::*;
use crate::sim::work::{self, JsonRecord, SimApproval};

pub(super) async fn list_ticket_types(State(s): S, body: Bytes) -> Listed {
    list_json(&s, &body, work::ticket_types())
}

pub(super) async fn get_ticket_type(Path(id): Path<String>) -> Answer {
    work::ticket_type(&id).map(Json).ok_or_else(|| SimError::not_found("Ticket type"))
}

pub(super) async fn list_collaborator_types(State(s): S, body: Bytes) -> Listed {
    list_json(&s, &body, work::collaborator_types())
}

fn list_json(s: &SimState, body: &Bytes, items: Vec<Value>) -> Listed {
    let q = ListQuery::parse(&parse_json(body)?)?;
    let records: Vec<JsonRecord> = items.into_iter().map(JsonRecord).collect();
    s.read(|db| query::list(&records, &q, "name", db))
}

/// `PUT /conversations/:id/collaborators/:typeId` `{entityId, entityType}`: the user takes
/// the type's slot.
pub(super) async fn put_collaborator(State(s): S, Path((id, type_id)): Path<(String, String)>, body: Bytes) -> Answer {
    let body = parse_json(&body)?;
    s.write(|db| {
        let i = conversation_index(db, &id)?;
        let known = work::collaborator_types().iter().any(|t| t.get("id").and_then(Value::as_str) == Some(&type_id));
        if !known {
            return Err(SimError::not_found("Collaborator type"));
        }
        match body.get("entityType").and_then(Value::as_str) {
            Some("user") => {}
            Some("group") => return Err(SimError::not_found("Group")),
            _ => return Err(SimError::invalid("entityType is required (user or group)")),
        }
        let entity =
            body.get("entityId").and_then(Value::as_str).ok_or_else(|| SimError::invalid("entityId is required"))?;
        let user = db.user_index(entity).ok_or_else(|| SimError::not_found("User"))?;
        let c = &mut db.conversations[i];
        c.work.collaborators.retain(|(ty, _)| *ty != type_id);
        c.work.collaborators.push((type_id.clone(), user));
        c.updated_at = Timestamp::now().max(c.updated_at + SignedDuration::from_millis(1));
        Ok(Json(json!({"ok": true})))
    })
}

/// A file's bytes with its content type.
pub(super) async fn file_full(State(s): S, Path((id, file)): Path<(String, String)>) -> Result<Response, SimError> {
    s.read(|db| {
        let i = conversation_index(db, &id)?;
        let f =
            db.conversations[i].work.files.iter().find(|f| f.id == file).ok_or_else(|| SimError::not_found("File"))?;
        Ok(([(header::CONTENT_TYPE, f.mimetype.clone())], f.bytes()).into_response())
    })
}

fn approval_json(a: &SimApproval, conversation: &str, db: &Db) -> Value {
    let approver = a.assignee.map(|u| db.users[u].to_json());
    json!({
        "id": a.id, "status": a.status, "tenantId": "t-sim", "conversationId": conversation, "title": a.title,
        "assignedToUserId": a.assignee.map(|u| db.users[u].id.clone()), "createdAt": crate::sim::model::iso(a.created_at),
        "approverUser": approver,
    })
}

/// The reference says "a list": the simulator answers a bare array.
pub(super) async fn list_approvals(State(s): S, Path(id): Path<String>) -> Answer {
    s.read(|db| {
        let i = conversation_index(db, &id)?;
        let c = &db.conversations[i];
        Ok(Json(c.work.approvals.iter().map(|a| approval_json(a, &c.id, db)).collect()))
    })
}

pub(super) async fn create_approval(State(s): S, Path(id): Path<String>, body: Bytes) -> Answer {
    let body = parse_json(&body)?;
    let title = body.get("title").and_then(Value::as_str).filter(|t| !t.trim().is_empty());
    let title = title.ok_or_else(|| SimError::invalid("title is required"))?.to_string();
    if body.get("assignedToGroupId").is_some_and(|g| !g.is_null()) {
        return Err(SimError::not_found("Group"));
    }
    s.write(|db| {
        let i = conversation_index(db, &id)?;
        let assignee = match body.get("assignedToUserId").and_then(Value::as_str) {
            Some(u) => Some(db.user_index(u).ok_or_else(|| SimError::not_found("User"))?),
            None => None,
        };
        let approval = SimApproval {
            id: ids::uuid(&mut rand::rng()),
            title,
            status: "pending",
            assignee,
            created_at: Timestamp::now(),
        };
        let answer = approval_json(&approval, &id, db);
        db.conversations[i].work.approvals.push(approval);
        Ok(Json(answer))
    })
}
