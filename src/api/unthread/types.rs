//! Unthread objects as they arrive on the wire. Decoding is tolerant the way the real
//! service needs (API-NOTES §3): every field may be missing or null, unknown fields are
//! ignored, unknown enum values decode to `Unknown`, and ids may be strings or objects.

use serde::{Deserialize, Serialize};

use crate::api::lenient::{id_or_object, null_default, number_or_string};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Open,
    InProgress,
    OnHold,
    Closed,
    /// A status this client does not know yet (the page still decodes).
    #[serde(other)]
    Unknown,
}

impl Status {
    pub const ALL: [Status; 4] = [Status::Open, Status::InProgress, Status::OnHold, Status::Closed];

    pub fn as_wire(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::InProgress => "in_progress",
            Status::OnHold => "on_hold",
            Status::Closed => "closed",
            Status::Unknown => "unknown",
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Conversation {
    #[serde(deserialize_with = "null_default")]
    pub id: String,
    #[serde(deserialize_with = "number_or_string")]
    pub friendly_id: Option<f64>,
    pub status: Option<Status>,
    pub title: Option<String>,
    pub summary: Option<String>,
    #[serde(deserialize_with = "number_or_string")]
    pub priority: Option<f64>,
    pub customer_id: Option<String>,
    pub customer: Option<Customer>,
    pub channel_id: Option<String>,
    #[serde(deserialize_with = "id_or_object")]
    pub assigned_to_user_id: Option<String>,
    pub assigned_to_user: Option<User>,
    #[serde(deserialize_with = "null_default")]
    pub tags: Vec<Tag>,
    pub created_at: Option<String>,
    pub updated_at: Option<String>,
    pub closed_at: Option<String>,
    pub status_updated_at: Option<String>,
    pub last_activity_at: Option<String>,
    #[serde(deserialize_with = "number_or_string")]
    pub response_time: Option<f64>,
    #[serde(deserialize_with = "number_or_string")]
    pub response_time_working: Option<f64>,
    #[serde(deserialize_with = "number_or_string")]
    pub resolution_time: Option<f64>,
    #[serde(deserialize_with = "number_or_string")]
    pub resolution_time_working: Option<f64>,
    pub initial_message: Option<Box<Message>>,
    pub source_type: Option<String>,
    pub was_manually_created: Option<bool>,
    pub wake_up_at: Option<String>,
    pub snoozed_at: Option<String>,
    pub locked_at: Option<String>,
    pub ticket_type_id: Option<String>,
    /// `{fieldId: value}`; a value is a string, an array of strings or a boolean.
    #[serde(deserialize_with = "null_default")]
    pub ticket_type_fields: std::collections::BTreeMap<String, serde_json::Value>,
    #[serde(deserialize_with = "null_default")]
    pub followers: Vec<Follower>,
    #[serde(deserialize_with = "null_default")]
    pub collaborators: Vec<super::extras::Collaborator>,
    #[serde(deserialize_with = "null_default")]
    pub files: Vec<super::extras::FileRef>,
}

/// One follower of a conversation: a user or a group (API-NOTES §11).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Follower {
    pub user_id: Option<String>,
    pub group_id: Option<String>,
    pub entity_id: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Message {
    pub id: Option<String>,
    /// Slack-style `"1704811145.999999"`; the message's identity within its thread.
    #[serde(deserialize_with = "null_default")]
    pub ts: String,
    pub user_id: Option<String>,
    pub bot_id: Option<String>,
    pub bot_name: Option<String>,
    /// Slack mrkdwn; may be null or empty (API-NOTES §3.2).
    pub text: Option<String>,
    /// Some messages carry `content` instead of `text`.
    pub content: Option<String>,
    pub subtype: Option<String>,
    pub conversation_id: Option<String>,
    pub timestamp: Option<String>,
    pub thread_ts: Option<String>,
    pub user: Option<User>,
    pub sent_by_user: Option<SentByUser>,
    pub is_private_note: Option<bool>,
    pub metadata: Option<MessageMetadata>,
    /// The files that came with it (Slack's message `files`).
    #[serde(deserialize_with = "null_default")]
    pub files: Vec<super::extras::FileRef>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SentByUser {
    pub name: Option<String>,
    pub email: Option<String>,
    pub is_external: Option<bool>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct MessageMetadata {
    pub event_type: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Customer {
    #[serde(deserialize_with = "null_default")]
    pub id: String,
    #[serde(deserialize_with = "null_default")]
    pub name: String,
    pub primary_support_assignee_id: Option<String>,
    pub primary_support_assignee_type: Option<String>,
    pub secondary_support_assignee_id: Option<String>,
    pub secondary_support_assignee_type: Option<String>,
    #[serde(deserialize_with = "number_or_string")]
    pub reply_timeout_minutes: Option<f64>,
    pub slack_channel_id: Option<String>,
    pub slack_channel: Option<SlackChannel>,
    /// Where a new `triage` conversation of this customer is posted.
    pub default_triage_channel_id: Option<String>,
    pub created_at: Option<String>,
    pub updated_at: Option<String>,
    #[serde(deserialize_with = "null_default")]
    pub tags: Vec<Tag>,
    #[serde(deserialize_with = "null_default")]
    pub email_domains: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SlackChannel {
    pub id: Option<String>,
    pub name: Option<String>,
    pub is_shared: Option<bool>,
    pub is_private: Option<bool>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct User {
    #[serde(deserialize_with = "null_default")]
    pub id: String,
    #[serde(deserialize_with = "null_default")]
    pub name: String,
    pub email: Option<String>,
    pub slack_id: Option<String>,
    pub photo: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct Tag {
    #[serde(deserialize_with = "null_default")]
    pub id: String,
    #[serde(deserialize_with = "null_default")]
    pub name: String,
}

/// A `PATCH /conversations/:id` body holding only the fields being changed.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(transparent)]
pub struct ConversationPatch(serde_json::Map<String, serde_json::Value>);

impl ConversationPatch {
    pub fn status(status: Status) -> Self {
        Self::one("status", status.as_wire().into())
    }
    /// `None` unassigns (`"assignedToUserId": null`).
    pub fn assignee(user_id: Option<&str>) -> Self {
        Self::one("assignedToUserId", user_id.map_or(serde_json::Value::Null, Into::into))
    }
    /// `None` clears the priority; otherwise 3, 5, 7 or 9.
    pub fn priority(priority: Option<u8>) -> Self {
        Self::one("priority", priority.map_or(serde_json::Value::Null, Into::into))
    }
    /// Snooze until `wake` (`snoozedAt` now), or wake it (both null): API-NOTES §11 — the
    /// status is left as it is.
    pub fn snooze(wake: Option<&str>, now: &str) -> Self {
        let mut patch = Self::one("wakeUpAt", wake.map_or(serde_json::Value::Null, Into::into));
        let snoozed = if wake.is_some() { now.into() } else { serde_json::Value::Null };
        patch.0.insert("snoozedAt".into(), snoozed);
        patch
    }
    pub fn one(field: &str, value: serde_json::Value) -> Self {
        let mut map = serde_json::Map::new();
        map.insert(field.to_string(), value);
        ConversationPatch(map)
    }
    pub fn fields(&self) -> &serde_json::Map<String, serde_json::Value> {
        &self.0
    }
}

/// `POST /conversations/:id/messages`, in the form most real callers use (API-NOTES §5).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NewMessage {
    pub body: MessageBody,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_private_note: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub on_behalf_of: Option<OnBehalfOf>,
}

impl NewMessage {
    pub fn markdown(text: impl Into<String>, private_note: bool, on_behalf_of: Option<OnBehalfOf>) -> Self {
        NewMessage {
            body: MessageBody { kind: "markdown".into(), value: text.into() },
            is_private_note: private_note.then_some(true),
            on_behalf_of,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MessageBody {
    #[serde(rename = "type")]
    pub kind: String,
    pub value: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct OnBehalfOf {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

/// `POST /knowledge-base/query`.
impl super::Listed for Conversation {
    fn list_id(&self) -> &str {
        &self.id
    }
}
impl super::Listed for Message {
    fn list_id(&self) -> &str {
        if self.ts.is_empty() { self.id.as_deref().unwrap_or_default() } else { &self.ts }
    }
}
impl super::Listed for Customer {
    fn list_id(&self) -> &str {
        &self.id
    }
}
impl super::Listed for User {
    fn list_id(&self) -> &str {
        &self.id
    }
}
impl super::Listed for Tag {
    fn list_id(&self) -> &str {
        &self.id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tolerant_conversation_decoding() {
        let c: Conversation = serde_json::from_str(
            r#"{"id":"c1","friendlyId":12,"status":"snoozed_forever","tags":null,
                "assignedToUserId":{"id":"u1","name":"Maria"},"priority":"7","extra":{"x":1},
                "customer":null,"title":null}"#,
        )
        .unwrap();
        assert_eq!(c.status, Some(Status::Unknown));
        assert!(c.tags.is_empty());
        assert_eq!(c.assigned_to_user_id.as_deref(), Some("u1"));
        assert_eq!(c.priority, Some(7.0));
        assert_eq!(c.friendly_id, Some(12.0));
    }

    #[test]
    fn patch_holds_only_the_changed_field() {
        let json = serde_json::to_string(&ConversationPatch::assignee(None)).unwrap();
        assert_eq!(json, r#"{"assignedToUserId":null}"#);
        let json = serde_json::to_string(&ConversationPatch::status(Status::OnHold)).unwrap();
        assert_eq!(json, r#"{"status":"on_hold"}"#);
    }

    #[test]
    fn new_message_wire_form() {
        let m = NewMessage::markdown("hi", true, None);
        assert_eq!(
            serde_json::to_value(&m).unwrap(),
            serde_json::json!({"body":{"type":"markdown","value":"hi"},"isPrivateNote":true})
        );
    }
}

/// `POST /conversations` (the seed's `CreateConversationRequest`; API-NOTES §6, §11).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NewConversation {
    /// `"slack"` or `"triage"` (email needs an inbox triage does not know).
    #[serde(rename = "type")]
    pub kind: String,
    pub markdown: String,
    pub status: Status,
    pub title: String,
    pub customer_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub triage_channel_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assigned_to_user_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub priority: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ticket_type_id: Option<String>,
}
