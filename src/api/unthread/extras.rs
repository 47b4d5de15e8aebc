//! The ticket features the reference leaves partly open (API-NOTES §11) as they arrive:
//! ticket types and their fields, collaborators, files, approval requests and knowledge-base
//! hits. Every shape decodes tolerantly; what cannot be read is left out, not fatal.

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

use crate::api::lenient::{null_default, number_or_string};

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct TicketType {
    #[serde(deserialize_with = "null_default")]
    pub id: String,
    #[serde(deserialize_with = "null_default")]
    pub name: String,
    #[serde(deserialize_with = "null_default")]
    pub fields: Vec<TicketTypeField>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct TicketTypeField {
    #[serde(deserialize_with = "null_default")]
    pub id: String,
    /// The seed's create example writes `name` where the interface says `label`.
    #[serde(alias = "name", deserialize_with = "null_default")]
    pub label: String,
    #[serde(rename = "type", deserialize_with = "null_default")]
    pub kind: String,
    pub required: Option<bool>,
    #[serde(deserialize_with = "null_default")]
    pub options: Vec<String>,
    /// `{type: "simple", simple: …}`; read by the desk, which knows what it means.
    pub conditions: Option<Value>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CollaboratorType {
    #[serde(deserialize_with = "null_default")]
    pub id: String,
    #[serde(deserialize_with = "null_default")]
    pub name: String,
    #[serde(deserialize_with = "null_default")]
    pub key: String,
}

/// One collaborator on a conversation, as the seed's `Conversation` has it:
/// `{collaboratorTypeId, userId?, groupId?, entityId}` — `userId` (or `groupId`) and
/// `entityId` come together, so neither is an alias of the other.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Collaborator {
    pub collaborator_type_id: Option<String>,
    pub user_id: Option<String>,
    pub group_id: Option<String>,
    pub entity_id: Option<String>,
}

impl Collaborator {
    /// The person: the user, else whatever entity it names.
    pub fn who(&self) -> Option<&String> {
        self.user_id.as_ref().or(self.entity_id.as_ref())
    }
}

/// A file on a conversation or a message.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct FileRef {
    #[serde(deserialize_with = "null_default")]
    pub id: String,
    #[serde(deserialize_with = "null_default")]
    pub name: String,
    #[serde(deserialize_with = "number_or_string")]
    pub size: Option<f64>,
    pub filetype: Option<String>,
    pub mimetype: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ApprovalRequest {
    #[serde(deserialize_with = "null_default")]
    pub id: String,
    pub status: Option<String>,
    pub title: Option<String>,
    pub assigned_to_user_id: Option<String>,
    pub approver_user: Option<super::User>,
    pub created_at: Option<String>,
    pub status_changed_at: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NewApproval {
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assigned_to_user_id: Option<String>,
}

/// A list the reference calls "a list": a bare array, or `{data: […]}` (or `results`,
/// `articles`, `hits` for the knowledge base). Items that cannot be read are dropped.
#[derive(Debug, Clone, PartialEq)]
pub struct AnyList<T>(pub Vec<T>);

impl<'de, T: serde::de::DeserializeOwned> Deserialize<'de> for AnyList<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(d)?;
        let items = match value {
            Value::Array(items) => items,
            Value::Object(mut o) => ["data", "results", "articles", "hits"]
                .iter()
                .find_map(|k| match o.remove(*k) {
                    Some(Value::Array(items)) => Some(items),
                    _ => None,
                })
                .unwrap_or_default(),
            _ => vec![],
        };
        Ok(AnyList(items.into_iter().filter_map(|v| serde_json::from_value(v).ok()).collect()))
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct KnowledgeBaseQuery {
    pub query: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub conversation_id: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct KnowledgeBaseArticle {
    pub id: Option<String>,
    pub title: Option<String>,
    #[serde(alias = "snippet", alias = "text", alias = "answer")]
    pub content: Option<String>,
    pub url: Option<String>,
    #[serde(deserialize_with = "number_or_string")]
    pub score: Option<f64>,
}

impl super::Listed for TicketType {
    fn list_id(&self) -> &str {
        &self.id
    }
}
impl super::Listed for CollaboratorType {
    fn list_id(&self) -> &str {
        &self.id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_is_read_bare_or_wrapped_and_bad_items_are_dropped() {
        for body in [
            r#"[{"id":"a","title":"One"},{"id":"b","snippet":"two"}]"#,
            r#"{"data":[{"id":"a","title":"One"},{"id":"b","snippet":"two"}]}"#,
            r#"{"hits":[{"id":"a","title":"One"},{"id":"b","snippet":"two"},"junk"]}"#,
        ] {
            let AnyList(items) = serde_json::from_str::<AnyList<KnowledgeBaseArticle>>(body).unwrap();
            assert_eq!(items.len(), 2, "{body}");
            assert_eq!(items[1].content.as_deref(), Some("two"));
        }
        let AnyList(none) = serde_json::from_str::<AnyList<KnowledgeBaseArticle>>(r#"{"ok":true}"#).unwrap();
        assert!(none.is_empty());
    }

    #[test]
    fn a_field_may_name_its_label_name() {
        let f: TicketTypeField =
            serde_json::from_str(r#"{"id":"f","name":"Severity","type":"single-select","options":null}"#).unwrap();
        assert_eq!((f.label.as_str(), f.kind.as_str(), f.options.len()), ("Severity", "single-select", 0));
    }
}
