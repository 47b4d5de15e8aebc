//! Customers as the reference has them: `POST /customers` (`CreateCustomerRequest`),
//! `PATCH /customers/:id` (its updatable fields) and `DELETE /customers/:id`. The simulator
//! keeps a customer that still has conversations (they point at it by position) and says so
//! with a 400: a choice where the reference is silent about what becomes of them.

use super::*;
use crate::sim::model::{Contact, SimCustomer};

const CREATE: [&str; 8] =
    ["name", "slackChannelId", "emailDomains", "tagIds", "isPrivate", "inviteUserIds", "channelTopic", "createChannel"];
const UPDATE: [&str; 13] = [
    "name",
    "slackChannelId",
    "autoresponder",
    "supportSteps",
    "defaultTriageChannelId",
    "disableAutomatedTicketing",
    "primarySupportAssigneeId",
    "primarySupportAssigneeType",
    "secondarySupportAssigneeId",
    "secondarySupportAssigneeType",
    "replyTimeoutHours",
    "botHandling",
    "emailDomains",
];

/// The body as an object holding only `allowed` fields.
fn fields<'a>(body: &'a Value, allowed: &[&str]) -> Result<&'a serde_json::Map<String, Value>, SimError> {
    let fields = body.as_object().ok_or_else(|| SimError::invalid("The request body must be a JSON object"))?;
    match fields.keys().find(|k| !allowed.contains(&k.as_str())) {
        Some(unknown) => Err(SimError::invalid(format!("Unknown field: {unknown}"))),
        None => Ok(fields),
    }
}

fn name_of(value: Option<&Value>) -> Result<String, SimError> {
    let name = value.and_then(Value::as_str).map(str::trim).filter(|n| !n.is_empty());
    name.map(str::to_string).ok_or_else(|| SimError::invalid("name is required"))
}

pub(super) async fn create_customer(State(s): S, body: Bytes) -> Answer {
    let body = parse_json(&body)?;
    let fields = fields(&body, &CREATE)?;
    let name = name_of(fields.get("name"))?;
    if fields.get("channelTopic").and_then(Value::as_str).is_some_and(|t| t.chars().count() > 250) {
        return Err(SimError::invalid("channelTopic is at most 250 characters"));
    }
    let domain = fields.get("emailDomains").and_then(|d| d.get(0)).and_then(Value::as_str).unwrap_or("example.com");
    let mut rng = rand::rng();
    let now = Timestamp::now();
    let slug: String = name.to_lowercase().chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
    // One contact, so the customer's conversations have someone to have asked.
    let contact =
        Contact { name: format!("{name} contact"), email: format!("support@{domain}"), slack_id: ids::uuid(&mut rng) };
    let customer = SimCustomer {
        id: ids::uuid(&mut rng),
        name,
        domain: domain.to_string(),
        contacts: vec![contact],
        primary_assignee: None,
        secondary_assignee: None,
        reply_timeout_minutes: None,
        channel_id: fields
            .get("slackChannelId")
            .and_then(Value::as_str)
            .map_or_else(|| format!("C{}", &ids::uuid(&mut rng)[..8]), str::to_string),
        channel_name: slug,
        created_at: now,
        updated_at: now,
        tags: vec![],
    };
    s.write(|db| {
        db.customers.push(customer);
        Ok(Json(db.customers.last().map(|c| c.to_json(db)).unwrap_or_default()))
    })
}

pub(super) async fn patch_customer(State(s): S, Path(id): Path<String>, body: Bytes) -> Answer {
    let body = parse_json(&body)?;
    let fields = fields(&body, &UPDATE)?.clone();
    s.write(|db| {
        let i = db.customer_index(&id).ok_or_else(|| SimError::not_found("Customer"))?;
        let user = |key: &str| -> Result<Option<Option<usize>>, SimError> {
            match fields.get(key) {
                None => Ok(None),
                Some(Value::Null) => Ok(Some(None)),
                Some(Value::String(uid)) => {
                    Ok(Some(Some(db.user_index(uid).ok_or_else(|| SimError::not_found("User"))?)))
                }
                Some(_) => Err(SimError::invalid(format!("{key} must be a string or null"))),
            }
        };
        let (primary, secondary) = (user("primarySupportAssigneeId")?, user("secondarySupportAssigneeId")?);
        let name = fields.get("name").map(|n| name_of(Some(n))).transpose()?;
        let hours = match fields.get("replyTimeoutHours") {
            None => None,
            Some(Value::Null) => Some(None),
            Some(h) => Some(Some(h.as_f64().ok_or_else(|| SimError::invalid("replyTimeoutHours must be a number"))?)),
        };
        let c = &mut db.customers[i];
        if let Some(name) = name {
            c.name = name;
        }
        if let Some(channel) = fields.get("slackChannelId").and_then(Value::as_str) {
            c.channel_id = channel.to_string();
        }
        c.primary_assignee = primary.unwrap_or(c.primary_assignee);
        c.secondary_assignee = secondary.unwrap_or(c.secondary_assignee);
        if let Some(hours) = hours {
            c.reply_timeout_minutes = hours.map(|h| (h * 60.0).round() as u32);
        }
        c.updated_at = Timestamp::now();
        Ok(Json(db.customers[i].to_json(db)))
    })
}

pub(super) async fn delete_customer(State(s): S, Path(id): Path<String>) -> Answer {
    s.write(|db| {
        let i = db.customer_index(&id).ok_or_else(|| SimError::not_found("Customer"))?;
        if db.conversations.iter().any(|c| c.customer == i) {
            return Err(SimError::invalid("The simulator keeps a customer that has conversations"));
        }
        let gone = db.customers.remove(i);
        for c in db.conversations.iter_mut().filter(|c| c.customer > i) {
            c.customer -= 1;
        }
        Ok(Json(json!({"id": gone.id})))
    })
}
