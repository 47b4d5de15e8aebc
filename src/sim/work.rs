//! The ticket features of API-NOTES §11 in the simulated workspace: its ticket types (with
//! required and conditional fields) and collaborator types, and per conversation its type,
//! field values, collaborators, files (with their bytes) and approval requests.

use std::sync::Arc;

use serde_json::{Map, Value, json};

use super::db::Db;
use super::error::SimError;
use super::query::Record;

pub const BUG: &str = "7c1e0d52-8a43-4a8e-9f6b-0b5f3c1a2d01";
pub const QUESTION: &str = "7c1e0d52-8a43-4a8e-9f6b-0b5f3c1a2d02";
pub const SEVERITY: &str = "f-severity";
pub const VERSION: &str = "f-version";
pub const IMPACT: &str = "f-impact";
pub const OWNER: &str = "f-owner";

/// The workspace's ticket types, as `GET /ticket-types/:id` answers them. A bug report's
/// impact shows for a high or blocking severity; a blocker also needs an owner.
pub fn ticket_types() -> Vec<Value> {
    let field_ref = |id: &str| format!("conversation.ticketTypeFields['{id}']");
    let stamp = "2026-01-05T09:00:00.000Z";
    vec![
        json!({"id": BUG, "name": "Bug report", "projectId": "p-1", "description": "Something is broken",
            "createdAt": stamp, "updatedAt": stamp, "fields": [
            {"id": SEVERITY, "label": "Severity", "type": "single-select", "required": true, "public": true,
             "description": "", "options": ["Low", "Medium", "High", "Blocker"]},
            {"id": VERSION, "label": "Affected version", "type": "short-answer", "required": true, "public": true,
             "description": ""},
            {"id": "f-steps", "label": "Steps to reproduce", "type": "long-answer", "required": false,
             "public": true, "description": ""},
            {"id": "f-regression", "label": "Regression", "type": "checkbox", "required": false, "public": false,
             "description": ""},
            {"id": IMPACT, "label": "Customer impact", "type": "multi-select", "required": false, "public": false,
             "description": "", "options": ["Billing", "Login", "Data loss", "Performance"],
             "conditions": {"type": "simple", "simple": {"leftValueFrom": field_ref(SEVERITY), "operator": "in",
                 "rightValue": ["High", "Blocker"]}}},
            {"id": OWNER, "label": "Blocker owner", "type": "user-select", "required": true, "public": false,
             "description": "", "conditions": {"type": "simple", "simple": {"and": [
                 {"leftValueFrom": field_ref(SEVERITY), "operator": "equals", "rightValue": "Blocker"}]}}}
        ]}),
        json!({"id": QUESTION, "name": "Question", "projectId": "p-1", "description": "How do I…",
            "createdAt": stamp, "updatedAt": stamp, "fields": [
            {"id": "f-area", "label": "Product area", "type": "single-select", "required": false, "public": true,
             "description": "", "options": ["Billing", "Integrations", "Reporting", "Admin"]}
        ]}),
    ]
}

pub fn collaborator_types() -> Vec<Value> {
    vec![
        json!({"id": "ct-eng", "name": "Engineering", "key": "engineering", "description": "Who fixes it"}),
        json!({"id": "ct-am", "name": "Account manager", "key": "account_manager"}),
    ]
}

/// A list item the list conventions can page through.
pub struct JsonRecord(pub Value);

impl Record for JsonRecord {
    fn id(&self) -> &str {
        self.0.get("id").and_then(Value::as_str).unwrap_or_default()
    }
    fn to_json(&self, _db: &Db) -> Value {
        self.0.clone()
    }
}

#[derive(Debug, Clone)]
pub struct SimFile {
    pub id: String,
    pub name: String,
    pub mimetype: String,
    pub size: usize,
    /// The message it came with.
    pub message_ts: String,
    /// Uploaded bytes; a seeded file's bytes are made from its id when read.
    pub bytes: Option<Arc<Vec<u8>>>,
}

impl SimFile {
    pub fn bytes(&self) -> Vec<u8> {
        match &self.bytes {
            Some(b) => b.to_vec(),
            None => self.id.bytes().cycle().take(self.size).collect(),
        }
    }
    pub fn to_json(&self) -> Value {
        let filetype = self.name.rsplit_once('.').map_or("binary", |(_, ext)| ext);
        json!({"id": self.id, "name": self.name, "size": self.size, "filetype": filetype, "mimetype": self.mimetype})
    }
}

#[derive(Debug, Clone)]
pub struct SimApproval {
    pub id: String,
    pub title: String,
    pub status: &'static str,
    pub assignee: Option<usize>,
    pub created_at: jiff::Timestamp,
}

/// What a conversation holds of the features above.
#[derive(Debug, Clone, Default)]
pub struct TicketWork {
    pub ticket_type: Option<String>,
    pub fields: Map<String, Value>,
    /// (collaborator type id, user index).
    pub collaborators: Vec<(String, usize)>,
    pub files: Vec<SimFile>,
    pub approvals: Vec<SimApproval>,
}

impl TicketWork {
    /// Some conversations are bug reports or questions, some came with a file.
    pub fn seeded(seed: u64, first_ts: &str) -> TicketWork {
        let mut work = TicketWork::default();
        match seed % 4 {
            0 => {
                work.ticket_type = Some(BUG.into());
                let severity = ["Low", "Medium", "High"][(seed / 4 % 3) as usize];
                work.fields.insert(SEVERITY.into(), severity.into());
                work.fields.insert(VERSION.into(), format!("4.{}.{}", seed % 7, seed % 11).into());
            }
            1 => work.ticket_type = Some(QUESTION.into()),
            _ => {}
        }
        if seed.is_multiple_of(6) {
            let (name, mime) =
                [("screenshot.png", "image/png"), ("export.csv", "text/csv"), ("console.har", "application/json")]
                    [(seed / 6 % 3) as usize];
            work.files.push(SimFile {
                id: format!("F{:010X}", seed % 0xFF_FFFF_FFFF),
                name: name.into(),
                mimetype: mime.into(),
                size: 2048 + (seed % 30_000) as usize,
                message_ts: first_ts.into(),
                bytes: None,
            });
        }
        work
    }

    pub fn to_json(&self, db: &Db) -> Map<String, Value> {
        let mut out = Map::new();
        out.insert("ticketTypeId".into(), self.ticket_type.clone().into());
        out.insert("ticketTypeFields".into(), Value::Object(self.fields.clone()));
        let collaborators = self
            .collaborators
            .iter()
            // The seed's shape: `userId` (the user's id) beside `entityId`.
            .map(|(ty, u)| json!({"collaboratorTypeId": ty, "userId": db.users[*u].id, "entityId": db.users[*u].id}));
        out.insert("collaborators".into(), collaborators.collect());
        out.insert("files".into(), self.files.iter().map(SimFile::to_json).collect());
        out
    }
}

pub fn ticket_type(id: &str) -> Option<Value> {
    ticket_types().into_iter().find(|t| t.get("id").and_then(Value::as_str) == Some(id))
}

/// Whether a field shows for these values (the seed's simple conditions, with and/or).
fn shown(field: &Value, values: &Map<String, Value>) -> bool {
    let Some(simple) = field.pointer("/conditions/simple") else { return true };
    let holds = |c: &Value| {
        let from = c.get("leftValueFrom").and_then(Value::as_str).unwrap_or_default();
        let id = from.trim_start_matches("conversation.ticketTypeFields['").trim_end_matches("']");
        let left = values.get(id).cloned().unwrap_or(Value::Null);
        let right = c.get("rightValue").cloned().unwrap_or(Value::Null);
        match c.get("operator").and_then(Value::as_str) {
            Some("equals") => left == right,
            Some("notEquals") => left != right,
            Some("in") => right.as_array().is_some_and(|r| r.contains(&left)),
            Some("notIn") => !right.as_array().is_some_and(|r| r.contains(&left)),
            _ => true,
        }
    };
    match (simple.get("and"), simple.get("or")) {
        (Some(Value::Array(all)), _) => all.iter().all(holds),
        (_, Some(Value::Array(any))) => any.iter().any(holds),
        _ => holds(simple),
    }
}

/// Every value checked against its field: a known field of the type, an offered option,
/// a checkbox's boolean, a user that exists.
pub fn check_values(db: &Db, ty: &Value, values: &Map<String, Value>) -> Result<(), SimError> {
    let fields = ty.get("fields").and_then(Value::as_array).cloned().unwrap_or_default();
    for (id, value) in values {
        let field = fields.iter().find(|f| f.get("id").and_then(Value::as_str) == Some(id));
        let field = field.ok_or_else(|| SimError::invalid(format!("Unknown ticket type field: {id}")))?;
        let label = field.get("label").and_then(Value::as_str).unwrap_or(id);
        let options: Vec<&str> = field
            .get("options")
            .and_then(Value::as_array)
            .map(|o| o.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let offered = |v: &Value| v.as_str().is_some_and(|s| options.contains(&s));
        let ok = match (field.get("type").and_then(Value::as_str), value) {
            (_, Value::Null) => true,
            (Some("single-select"), v) => offered(v) || v.as_str() == Some(""),
            (Some("multi-select"), Value::Array(items)) => items.iter().all(offered),
            (Some("multi-select"), Value::String(s)) => s.split(',').all(|w| options.contains(&w.trim())),
            (Some("checkbox"), v) => v.is_boolean() || matches!(v.as_str(), Some("true" | "false")),
            (Some("user-select"), v) => v.as_str().is_some_and(|u| u.is_empty() || db.user_index(u).is_some()),
            (Some("multi-user-select"), Value::Array(u)) => {
                u.iter().all(|u| u.as_str().and_then(|u| db.user_index(u)).is_some())
            }
            (Some("short-answer" | "long-answer"), v) => v.is_string(),
            _ => false,
        };
        if !ok {
            return Err(SimError::invalid(format!("Invalid value for {label}: {value}")));
        }
    }
    Ok(())
}

/// The labels of required fields that show and have no value (refused on create).
pub fn missing_required(ty: &Value, values: &Map<String, Value>) -> Vec<String> {
    let empty = |v: Option<&Value>| match v {
        None | Some(Value::Null) => true,
        Some(Value::String(s)) => s.trim().is_empty(),
        Some(Value::Array(a)) => a.is_empty(),
        _ => false,
    };
    let fields = ty.get("fields").and_then(Value::as_array).cloned().unwrap_or_default();
    fields
        .iter()
        .filter(|f| f.get("required").and_then(Value::as_bool) == Some(true) && shown(f, values))
        .filter(|f| empty(values.get(f.get("id").and_then(Value::as_str).unwrap_or_default())))
        .filter_map(|f| f.get("label").and_then(Value::as_str).map(str::to_string))
        .collect()
}
