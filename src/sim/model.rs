//! The simulated workspace's records, and their JSON as the real service shapes it
//! (the reference's object types plus the fields API-NOTES §3 saw in real data).

use jiff::Timestamp;
use serde_json::{Map, Value, json};

use super::db::Db;
use super::query::{Select, Written, written};

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
    /// Who submitted it when a PATCH said so (else the requester contact's user id).
    pub submitter_user_id: Option<String>,
    /// Where a create posted it (`channelId`, or `triageChannelId`), else the customer's channel.
    pub channel: Option<String>,
    /// Opened without a customer (`customerId` is optional): `customer` is only a placeholder.
    pub no_customer: bool,
    pub exclude_analytics: bool,
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
        written(|out| self.write_selected(db, &Select::default(), out))
    }

    /// The customer's JSON with only the fields a `select` asks for: an inbox page asks two.
    pub fn write_selected(&self, db: &Db, select: &Select, out: &mut Vec<u8>) {
        let user_id = |i: Option<usize>| i.map(|i| db.users[i].id.as_str());
        let kind = |i: Option<usize>| i.map(|_| "user");
        let tags = || self.tags.iter().map(|&t| db.tags[t].to_json()).collect::<Vec<_>>().into();
        Written::new(select, out)
            .put("id", || &self.id)
            .put("name", || &self.name)
            .put("primarySupportAssigneeId", || user_id(self.primary_assignee))
            .put("primarySupportAssigneeType", || kind(self.primary_assignee))
            .put("secondarySupportAssigneeId", || user_id(self.secondary_assignee))
            .put("secondarySupportAssigneeType", || kind(self.secondary_assignee))
            .put("replyTimeoutMinutes", || self.reply_timeout_minutes)
            .put("defaultTriageChannelId", || &db.triage_channel_id)
            .put("disableAutomatedTicketing", || false)
            .put("botHandling", || "off")
            .put_value("autoresponder", || {
                json!({"enabled": true, "condition": "outside-working-hours", "message": db.vocabulary.autoresponder})
            })
            .put_value("supportSteps", || json!([]))
            .put("slackTeamId", || &db.slack_team_id)
            .put("assignToTaggedUserEnabled", || false)
            .put("slackChannelId", || &self.channel_id)
            .put("createdAt", || iso(self.created_at))
            .put("updatedAt", || iso(self.updated_at))
            .put_value("tags", tags)
            .put_value("slackChannel", || {
                json!({"id": self.channel_id, "name": self.channel_name, "isShared": true, "isPrivate": false})
            })
            .put_value("emailDomains", || json!([self.domain]))
            .finish();
    }
}

impl SimConversation {
    /// Who submitted it: what a PATCH said, else the requester contact's user id.
    pub fn submitter(&self, db: &Db) -> String {
        let contact = || db.customers[self.customer].contacts.get(self.requester).map(|c| c.slack_id.clone());
        self.submitter_user_id.clone().or_else(contact).unwrap_or_default()
    }

    pub fn to_json(&self, db: &Db) -> Value {
        written(|out| self.write_selected(db, &Select::default(), out))
    }

    /// The conversation's JSON with only the fields a `select` asks for, written straight
    /// into `out` (a list page is this, a hundred times).
    pub fn write_selected(&self, db: &Db, select: &Select, out: &mut Vec<u8>) {
        let customer = &db.customers[self.customer];
        let assignee = self.assignee.map(|i| &db.users[i]);
        let tags = || self.tags.iter().map(|&t| db.tags[t].to_json()).collect::<Vec<_>>().into();
        let first = |inner: &Select, out: &mut Vec<u8>| match db.first_message(self) {
            Some(m) => m.write_selected(self, db, inner, out),
            None => out.extend_from_slice(b"null"),
        };
        let followers = || {
            let follower = |&u: &usize| json!({"userId": db.users[u].id, "entityId": db.users[u].id});
            self.followers.iter().map(follower).collect::<Vec<_>>().into()
        };
        Written::new(select, out)
            .put("id", || &self.id)
            .put("status", || self.status.as_str())
            .put("customerId", || (!self.no_customer).then_some(&customer.id))
            .put("channelId", || self.channel.as_ref().unwrap_or(&customer.channel_id))
            .put("wasManuallyCreated", || false)
            .put("friendlyId", || self.friendly_id)
            .put("createdAt", || iso(self.created_at))
            .put("updatedAt", || iso(self.updated_at))
            .put("closedAt", || opt_iso(self.closed_at))
            .put("statusUpdatedAt", || opt_iso(self.status_updated_at))
            .put("lastActivityAt", || iso(self.last_activity_at))
            .put("responseTime", || self.response_time)
            .put("responseTimeWorking", || self.response_time_working)
            .put("resolutionTime", || self.resolution_time)
            .put("resolutionTimeWorking", || self.resolution_time_working)
            .put("title", || &self.title)
            .put("priority", || self.priority)
            .put_record("initialMessage", first)
            .put_value("latestMessage", || {
                db.thread(self).last().map_or(Value::Null, |m| json!({"content": m.text, "ts": m.ts}))
            })
            .put("assignedToUserId", || assignee.map(|u| &u.id))
            .put_value("assignedToUser", || json!(assignee.map(|u| json!({"id": u.id, "name": u.name}))))
            .put_value("tags", tags)
            .put_record("customer", |inner, out| match self.no_customer {
                true => out.extend_from_slice(b"null"),
                false => customer.write_selected(db, inner, out),
            })
            .put("wakeUpAt", || opt_iso(self.wake_up_at))
            .put("summary", || &self.summary)
            .put("snoozedAt", || opt_iso(self.snoozed_at))
            .put("lockedAt", || opt_iso(self.locked_at))
            .put_value("metadata", || json!(self.metadata))
            .put("submitterUserId", || self.submitter(db))
            .put("excludeAnalytics", || self.exclude_analytics)
            .put("sourceType", || &self.source_type)
            .put_value("notes", || json!(self.notes))
            .put_value("followers", followers)
            .merge(self.work.to_json(db))
            .finish();
    }
}

/// The fields of a message that say who sent it and what came with it.
const AUTHORED: [&str; 8] = ["files", "sentByUser", "metadata", "userId", "userTeamId", "user", "botId", "botName"];

impl SimMessage {
    pub fn to_json(&self, conversation: &SimConversation, db: &Db) -> Value {
        written(|out| self.write_selected(conversation, db, &Select::default(), out))
    }

    /// The message's JSON with only the fields a `select` asks for (an inbox page asks for
    /// each first message's `ts` and `text`).
    pub fn write_selected(&self, conversation: &SimConversation, db: &Db, select: &Select, out: &mut Vec<u8>) {
        let root_ts = slack_ts(conversation.created_at);
        let mut authored =
            if AUTHORED.iter().any(|f| select.wants(f)) { self.authored(conversation, db) } else { Map::new() };
        let user = authored.remove("user").unwrap_or(Value::Null);
        Written::new(select, out)
            .put("id", || &self.id)
            .put("ts", || &self.ts)
            .put("text", || &self.text)
            .put("subtype", || Value::Null)
            .put("conversationId", || &conversation.id)
            .put("timestamp", || iso(self.timestamp))
            .put("threadTs", || (self.ts != root_ts).then_some(&root_ts))
            .put("isPrivateNote", || self.private_note)
            .put_value("user", || user)
            .merge(authored)
            .finish();
    }

    /// Who sent the message (as the real service shapes each kind of sender) and its files.
    fn authored(&self, conversation: &SimConversation, db: &Db) -> Map<String, Value> {
        let customer = &db.customers[conversation.customer];
        let contact = &customer.contacts[conversation.requester];
        let agent = conversation.assignee.map(|i| &db.users[i]);
        let mut obj = Map::new();
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
        obj
    }
}
