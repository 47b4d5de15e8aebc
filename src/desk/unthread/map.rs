//! Unthread's ticket types, fields, collaborators, files, approvals and knowledge-base hits
//! (API-NOTES §11), wire to domain, sanitized.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::api::unthread as wire;
use crate::desk::extras::{Approval, FileInfo, KbHit};
use crate::desk::fields::{
    Catalog, CollaboratorType, Compare, Condition, FieldDef, FieldKind, FieldValue, Fields, TicketType,
};
use crate::support::sanitize;

fn clean(s: &str) -> String {
    sanitize::line(s).into_owned()
}

/// A conversation's `ticketTypeFields`: strings, arrays of strings, booleans. Anything else
/// (a number, an object) reads as its text.
pub fn fields(wire: &BTreeMap<String, Value>) -> Fields {
    wire.iter()
        .filter_map(|(id, v)| {
            let value = match v {
                Value::Null => return None,
                Value::String(s) => FieldValue::Text(clean(s)),
                Value::Bool(b) => FieldValue::Checked(*b),
                Value::Array(items) => {
                    FieldValue::List(items.iter().map(|x| clean(x.as_str().unwrap_or(&x.to_string()))).collect())
                }
                other => FieldValue::Text(clean(&other.to_string())),
            };
            Some((id.clone(), value))
        })
        .collect()
}

/// A value as the wire takes it: a string, an array of strings, `"true"`/`"false"` (the
/// reference types the map `Record<string, string>`).
pub fn field_json(value: &FieldValue) -> Value {
    match value {
        FieldValue::Text(t) => Value::String(t.clone()),
        FieldValue::List(l) => Value::Array(l.iter().cloned().map(Value::String).collect()),
        FieldValue::Checked(b) => Value::String(b.to_string()),
    }
}

pub fn collaborators(wire: &[wire::Collaborator]) -> Vec<(String, String)> {
    wire.iter().filter_map(|c| Some((c.collaborator_type_id.clone()?, c.who()?.clone()))).collect()
}

pub fn catalog(types: &[wire::TicketType], collaborator_types: &[wire::CollaboratorType]) -> Catalog {
    Catalog {
        types: types.iter().filter(|t| !t.id.is_empty()).map(ticket_type).collect(),
        collaborator_types: collaborator_types
            .iter()
            .filter(|t| !t.id.is_empty())
            .map(|t| CollaboratorType { id: t.id.clone(), name: clean(&t.name), key: clean(&t.key) })
            .collect(),
    }
}

fn ticket_type(t: &wire::TicketType) -> TicketType {
    let fields = t.fields.iter().filter(|f| !f.id.is_empty()).map(field_def).collect();
    TicketType { id: t.id.clone(), name: clean(&t.name), fields }
}

fn field_def(f: &wire::TicketTypeField) -> FieldDef {
    let kind = match f.kind.as_str() {
        "long-answer" => FieldKind::LongText,
        "single-select" => FieldKind::Select,
        "multi-select" => FieldKind::MultiSelect,
        "checkbox" => FieldKind::Checkbox,
        "user-select" => FieldKind::User,
        "multi-user-select" => FieldKind::Users,
        // A kind this version does not know is still a value a person can type.
        _ => FieldKind::ShortText,
    };
    FieldDef {
        id: f.id.clone(),
        label: clean(if f.label.trim().is_empty() { &f.id } else { &f.label }),
        kind,
        required: f.required.unwrap_or(false),
        options: f.options.iter().map(|o| clean(o)).collect(),
        condition: f.conditions.as_ref().and_then(|c| condition(c.get("simple")?)),
    }
}

/// `{leftValueFrom, operator, rightValue}`, or `{and: […]}`, or `{or: […]}`.
fn condition(simple: &Value) -> Option<Condition> {
    let many = |key: &str| simple.get(key)?.as_array().map(|cs| cs.iter().filter_map(compare).collect::<Vec<_>>());
    if let Some(all) = many("and") {
        return Some(Condition::All(all));
    }
    if let Some(any) = many("or") {
        return Some(Condition::Any(any));
    }
    compare(simple).map(Condition::One)
}

fn compare(c: &Value) -> Option<Compare> {
    let from = |key: &str| c.get(key).and_then(Value::as_str).and_then(field_reference);
    // The field is usually on the left; a condition written the other way round is read
    // with the field first.
    let (field, value) = match (from("leftValueFrom"), from("rightValueFrom")) {
        (Some(field), _) => (field, c.get("rightValue")),
        (None, Some(field)) => (field, c.get("leftValue")),
        (None, None) => return None,
    };
    let operator = c.get("operator")?.as_str()?.to_string();
    Some(Compare { field, operator, value: value.cloned().unwrap_or(Value::Null) })
}

/// `conversation.ticketTypeFields['<id>']` (or with double quotes) → `<id>`.
fn field_reference(path: &str) -> Option<String> {
    let rest = path.trim().strip_prefix("conversation.ticketTypeFields[")?.strip_suffix(']')?;
    Some(rest.trim_matches(['\'', '"']).to_string())
}

pub fn file(f: &wire::FileRef, message_id: Option<&str>) -> FileInfo {
    let kind = f.mimetype.as_deref().or(f.filetype.as_deref()).unwrap_or("file");
    FileInfo {
        id: f.id.clone(),
        name: clean(if f.name.trim().is_empty() { &f.id } else { &f.name }),
        size: f.size.filter(|s| *s >= 0.0).map(|s| s as u64),
        kind: clean(kind),
        message_id: message_id.map(str::to_string),
    }
}

pub fn approval(a: &wire::ApprovalRequest) -> Approval {
    Approval {
        id: a.id.clone(),
        status: clean(a.status.as_deref().unwrap_or("pending")),
        title: clean(a.title.as_deref().unwrap_or("(untitled)")),
        approver: a.approver_user.as_ref().map(|u| clean(&u.name)).filter(|n| !n.is_empty()),
        assigned_to: a.assigned_to_user_id.clone(),
        created_at: a.created_at.as_deref().and_then(|t| t.parse().ok()),
    }
}

/// A hit worth showing has a title or a url; its snippet is one line, cut short.
pub fn kb_hit(a: &wire::KnowledgeBaseArticle) -> Option<KbHit> {
    let url = a.url.as_deref().map(clean).filter(|u| u.starts_with("https://") || u.starts_with("http://"));
    let title = a.title.as_deref().map(clean).filter(|t| !t.trim().is_empty()).or_else(|| url.clone())?;
    let snippet: String = a.content.as_deref().unwrap_or_default().chars().take(300).collect();
    let snippet = clean(&snippet).split_whitespace().collect::<Vec<_>>().join(" ");
    Some(KbHit { title, url, snippet })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conditions_are_read_with_and_or_and_either_side() {
        let simple = serde_json::json!({"and": [
            {"leftValueFrom": "conversation.ticketTypeFields['sev']", "operator": "in", "rightValue": ["High", "Blocker"]},
            {"rightValueFrom": "conversation.ticketTypeFields[\"reg\"]", "operator": "equals", "leftValue": "true"}
        ]});
        let Some(Condition::All(cs)) = condition(&simple) else { panic!("an and") };
        assert_eq!((cs[0].field.as_str(), cs[1].field.as_str()), ("sev", "reg"));
        assert_eq!(cs[1].value, Value::String("true".into()));
        assert!(condition(&serde_json::json!({"operator": "equals", "rightValue": 1})).is_none());
    }

    #[test]
    fn values_read_as_strings_lists_and_booleans_and_are_cleaned() {
        let wire: BTreeMap<String, Value> =
            serde_json::from_str(r#"{"a":"x\u001b[31m","b":["One","Two"],"c":true,"d":null,"e":3}"#).unwrap();
        let f = fields(&wire);
        assert_eq!(f.get("a"), Some(&FieldValue::Text("x␛[31m".into())));
        assert_eq!(f.get("b"), Some(&FieldValue::List(vec!["One".into(), "Two".into()])));
        assert_eq!(f.get("c"), Some(&FieldValue::Checked(true)));
        assert!(!f.contains_key("d"));
        assert_eq!(f.get("e"), Some(&FieldValue::Text("3".into())));
    }

    #[test]
    fn a_hit_without_a_safe_url_keeps_its_title_and_a_hostile_url_is_dropped() {
        let a = wire::KnowledgeBaseArticle {
            title: Some("Reset".into()),
            url: Some("javascript:alert(1)".into()),
            content: Some("line one\nline two".into()),
            ..Default::default()
        };
        let hit = kb_hit(&a).unwrap();
        assert_eq!((hit.url, hit.snippet.as_str()), (None, "line one line two"));
    }
}
