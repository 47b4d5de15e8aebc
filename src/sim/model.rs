//! The simulated workspace's records, and their JSON as the real service shapes it
//! (the reference's object types plus the fields API-NOTES §3 saw in real data).

use jiff::Timestamp;
use serde_json::{Map, Value, json};

use super::db::Db;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SimStatus {
    Open,
    InProgress,
    OnHold,
    Closed,
}

impl SimStatus {
    pub const ALL: [SimStatus; 4] = [SimStatus::Open, SimStatus::InProgress, SimStatus::OnHold, SimStatus::Closed];
    pub fn as_str(self) -> &'static str {
        match self {
            SimStatus::Open => "open",
            SimStatus::InProgress => "in_progress",
            SimStatus::OnHold => "on_hold",
            SimStatus::Closed => "closed",
        }
    }
    pub fn parse(s: &str) -> Option<SimStatus> {
        SimStatus::ALL.into_iter().find(|st| st.as_str() == s)
    }
}

#[derive(Debug, Clone)]
pub struct SimUser {
    pub id: String,
    pub name: String,
    pub email: String,
    pub slack_id: String,
    pub photo: String,
}

#[derive(Debug, Clone)]
pub struct SimTag {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone)]
pub struct Contact {
    pub name: String,
    pub email: String,
    pub slack_id: String,
}

#[derive(Debug, Clone)]
pub struct SimCustomer {
    pub id: String,
    pub name: String,
    pub domain: String,
    pub contacts: Vec<Contact>,
    pub primary_assignee: Option<usize>,
    pub secondary_assignee: Option<usize>,
    pub reply_timeout_minutes: Option<u32>,
    pub channel_id: String,
    pub channel_name: String,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub tags: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct SimConversation {
    pub id: String,
    pub friendly_id: u64,
    pub status: SimStatus,
    pub title: String,
    pub summary: String,
    pub priority: Option<u8>,
    pub customer: usize,
    pub requester: usize,
    pub assignee: Option<usize>,
    pub tags: Vec<usize>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub closed_at: Option<Timestamp>,
    pub status_updated_at: Option<Timestamp>,
    pub last_activity_at: Timestamp,
    pub response_time: Option<i64>,
    pub response_time_working: Option<i64>,
    pub resolution_time: Option<i64>,
    pub resolution_time_working: Option<i64>,
    pub source_type: &'static str,
    pub topic: usize,
    pub message_count: usize,
    /// Seeds the conversation's thread, generated on first read (saves memory at 100k).
    pub seed: u64,
    pub csat: Option<u8>,
    pub sentiment: &'static str,
    pub notes: Option<String>,
    pub wake_up_at: Option<Timestamp>,
    pub snoozed_at: Option<Timestamp>,
    pub locked_at: Option<Timestamp>,
    pub metadata: serde_json::Map<String, Value>,
    /// Who put it on hold, for the Thena export.
    pub on_hold_by: Option<usize>,
    pub closed_by: Option<usize>,
    pub assigned_at: Option<Timestamp>,
    /// Users following it (API-NOTES §11), by index.
    pub followers: Vec<usize>,
    /// Its ticket type, fields, collaborators, files and approvals.
    pub work: super::work::TicketWork,
}

/// Who wrote a message.
#[derive(Debug, Clone, PartialEq)]
pub enum Author {
    /// A contact of the conversation's customer.
    Customer,
    /// The conversation's assignee.
    Agent,
    /// The assignee, as a private note.
    Note,
    /// The Unthread bot's autoresponder.
    Bot,
    /// Posted through the API, as the bot or on behalf of someone.
    Api { name: Option<String>, email: Option<String>, user: Option<usize> },
}

#[derive(Debug, Clone)]
pub struct SimMessage {
    pub id: String,
    pub ts: String,
    pub timestamp: Timestamp,
    pub author: Author,
    pub text: String,
    pub private_note: bool,
}

/// ISO-8601 with milliseconds, like the real service (`2024-01-09T22:27:40.123Z`).
pub fn iso(ts: Timestamp) -> String {
    static PRINTER: jiff::fmt::temporal::DateTimePrinter =
        jiff::fmt::temporal::DateTimePrinter::new().precision(Some(3));
    PRINTER.timestamp_to_string(&ts)
}

/// Slack's message id: seconds and microseconds.
pub fn slack_ts(ts: Timestamp) -> String {
    format!("{}.{:06}", ts.as_second(), ts.subsec_microsecond().max(0))
}

fn opt_iso(ts: Option<Timestamp>) -> Value {
    ts.map_or(Value::Null, |t| iso(t).into())
}

impl SimUser {
    pub fn to_json(&self) -> Value {
        json!({"id": self.id, "name": self.name, "email": self.email, "slackId": self.slack_id, "photo": self.photo})
    }
}

impl SimTag {
    pub fn to_json(&self) -> Value {
        json!({"id": self.id, "name": self.name})
    }
}

impl SimCustomer {
    pub fn to_json(&self, db: &Db) -> Value {
        let user_id = |i: Option<usize>| i.map(|i| db.users[i].id.clone());
        let kind = |i: Option<usize>| i.map(|_| "user");
        json!({
            "id": self.id,
            "name": self.name,
            "primarySupportAssigneeId": user_id(self.primary_assignee),
            "primarySupportAssigneeType": kind(self.primary_assignee),
            "secondarySupportAssigneeId": user_id(self.secondary_assignee),
            "secondarySupportAssigneeType": kind(self.secondary_assignee),
            "replyTimeoutMinutes": self.reply_timeout_minutes,
            "defaultTriageChannelId": db.triage_channel_id,
            "disableAutomatedTicketing": false,
            "botHandling": "off",
            "autoresponder": {"enabled": true, "condition": "outside-working-hours", "message": db.vocabulary.autoresponder},
            "supportSteps": [],
            "slackTeamId": db.slack_team_id,
            "assignToTaggedUserEnabled": false,
            "slackChannelId": self.channel_id,
            "createdAt": iso(self.created_at),
            "updatedAt": iso(self.updated_at),
            "tags": self.tags.iter().map(|&t| db.tags[t].to_json()).collect::<Vec<_>>(),
            "slackChannel": {"id": self.channel_id, "name": self.channel_name, "isShared": true, "isPrivate": false},
            "emailDomains": [self.domain],
        })
    }
}

impl SimConversation {
    pub fn to_json(&self, db: &Db) -> Value {
        self.to_json_selected(db, &[])
    }

    /// As `to_json`, with only the top-level fields a `select` names (an empty `select`
    /// wants everything); `project` then trims inside them (`customer.name`).
    pub fn to_json_selected(&self, db: &Db, select: &[String]) -> Value {
        let wants = |field: &str| {
            select.is_empty()
                || select
                    .iter()
                    .any(|s| s.strip_prefix(field).is_some_and(|rest| rest.is_empty() || rest.starts_with('.')))
        };
        // Only the fields asked for are built: a page of a list is most of the simulator's work.
        let mut obj = Map::new();
        let mut put = |name: &str, value: &dyn Fn() -> Value| {
            if wants(name) {
                obj.insert(name.into(), value());
            }
        };
        let customer = &db.customers[self.customer];
        let assignee = self.assignee.map(|i| &db.users[i]);
        put("id", &|| self.id.clone().into());
        put("status", &|| self.status.as_str().into());
        put("customerId", &|| customer.id.clone().into());
        put("channelId", &|| customer.channel_id.clone().into());
        put("wasManuallyCreated", &|| false.into());
        put("friendlyId", &|| self.friendly_id.into());
        put("createdAt", &|| iso(self.created_at).into());
        put("updatedAt", &|| iso(self.updated_at).into());
        put("closedAt", &|| opt_iso(self.closed_at));
        put("statusUpdatedAt", &|| opt_iso(self.status_updated_at));
        put("lastActivityAt", &|| iso(self.last_activity_at).into());
        put("responseTime", &|| json!(self.response_time));
        put("responseTimeWorking", &|| json!(self.response_time_working));
        put("resolutionTime", &|| json!(self.resolution_time));
        put("resolutionTimeWorking", &|| json!(self.resolution_time_working));
        put("title", &|| self.title.clone().into());
        put("priority", &|| json!(self.priority));
        put("initialMessage", &|| db.first_message(self).map_or(Value::Null, |m| m.to_json(self, db)));
        put("latestMessage", &|| {
            db.thread(self).last().map_or(Value::Null, |m| json!({"content": m.text, "ts": m.ts}))
        });
        put("assignedToUserId", &|| json!(assignee.map(|u| &u.id)));
        put("assignedToUser", &|| json!(assignee.map(|u| json!({"id": u.id, "name": u.name}))));
        put("tags", &|| self.tags.iter().map(|&t| db.tags[t].to_json()).collect::<Vec<_>>().into());
        put("customer", &|| customer.to_json(db));
        put("wakeUpAt", &|| opt_iso(self.wake_up_at));
        put("summary", &|| json!(self.summary));
        put("snoozedAt", &|| opt_iso(self.snoozed_at));
        put("lockedAt", &|| opt_iso(self.locked_at));
        put("metadata", &|| json!(self.metadata));
        put("sourceType", &|| json!(self.source_type));
        put("notes", &|| json!(self.notes));
        put("followers", &|| {
            let follower = |&u: &usize| json!({"userId": db.users[u].id, "entityId": db.users[u].id});
            self.followers.iter().map(follower).collect::<Vec<_>>().into()
        });
        obj.extend(self.work.to_json(db).into_iter().filter(|(k, _)| wants(k)));
        Value::Object(obj)
    }
}

impl SimMessage {
    pub fn to_json(&self, conversation: &SimConversation, db: &Db) -> Value {
        let customer = &db.customers[conversation.customer];
        let contact = &customer.contacts[conversation.requester];
        let agent = conversation.assignee.map(|i| &db.users[i]);
        let mut m = json!({
            "id": self.id,
            "ts": self.ts,
            "text": self.text,
            "subtype": null,
            "conversationId": conversation.id,
            "timestamp": iso(self.timestamp),
            "threadTs": if self.ts == slack_ts(conversation.created_at) { Value::Null } else { slack_ts(conversation.created_at).into() },
            "isPrivateNote": self.private_note,
            "user": null,
        });
        let obj = m.as_object_mut().expect("a message is an object");
        let files = conversation.work.files.iter().filter(|f| f.message_ts == self.ts);
        let files: Vec<Value> = files.map(super::work::SimFile::to_json).collect();
        if !files.is_empty() {
            obj.insert("files".into(), files.into());
        }
        let email_channel = conversation.source_type == "email";
        match &self.author {
            Author::Customer if email_channel => {
                obj.insert(
                    "sentByUser".into(),
                    json!({"name": contact.name, "email": contact.email, "isExternal": true}),
                );
                obj.insert("metadata".into(), json!({"eventType": "email_received"}));
            }
            Author::Customer => {
                let user = json!({"id": contact.slack_id, "name": contact.name, "email": contact.email, "slackId": contact.slack_id, "photo": ""});
                obj.insert("userId".into(), contact.slack_id.clone().into());
                obj.insert("userTeamId".into(), format!("T{}", &customer.id[..8].to_uppercase()).into());
                obj.insert("user".into(), user);
                obj.insert(
                    "sentByUser".into(),
                    json!({"name": contact.name, "email": contact.email, "isExternal": true}),
                );
            }
            Author::Agent | Author::Note => {
                if let Some(agent) = agent {
                    obj.insert("userId".into(), agent.id.clone().into());
                    obj.insert("userTeamId".into(), db.slack_team_id.clone().into());
                    obj.insert("user".into(), agent.to_json());
                }
            }
            Author::Bot => {
                obj.insert("botId".into(), db.bot_id.clone().into());
                obj.insert("botName".into(), "Unthread".into());
                obj.insert("metadata".into(), json!({"eventType": "autoresponder_replied"}));
            }
            Author::Api { name, email, user } => {
                obj.insert("botId".into(), db.bot_id.clone().into());
                obj.insert("botName".into(), name.clone().unwrap_or_else(|| "Unthread".into()).into());
                if let Some(u) = user {
                    obj.insert("userId".into(), db.users[*u].id.clone().into());
                }
                if name.is_some() || email.is_some() {
                    obj.insert("sentByUser".into(), json!({"name": name, "email": email, "isExternal": false}));
                }
            }
        }
        m
    }
}
