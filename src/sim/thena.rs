//! `GET /v1/requests/exports`: the same conversations as Thena requests. The container,
//! the key names and the value formats differ between Thena's docs (API-NOTES §10); the
//! simulator serves each observed style so clients are tested against all of them.

use jiff::{Timestamp, civil::Date, tz::TimeZone};
use serde_json::{Map, Value, json};

use super::db::Db;
use super::model::{SimConversation, SimStatus, slack_ts};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ThenaStyle {
    /// The seed reference: a top-level array, `05/12/2023 12:24`, `"N/A"`, tags as an array.
    #[default]
    Seed,
    /// The v1 API's example: `{"requests": […]}`, `*_utc` keys, `2024-01-09 22:27:40`,
    /// `"NA"`, comma-joined tags.
    V1,
    /// `{"data": […]}` with ISO-8601 times and nulls.
    Iso,
}

impl ThenaStyle {
    fn time(self, t: Option<Timestamp>) -> Value {
        let Some(t) = t else { return if self == ThenaStyle::Iso { Value::Null } else { "".into() } };
        let z = t.to_zoned(TimeZone::UTC);
        match self {
            ThenaStyle::Seed => z.strftime("%m/%d/%Y %H:%M").to_string().into(),
            ThenaStyle::V1 => z.strftime("%Y-%m-%d %H:%M:%S").to_string().into(),
            ThenaStyle::Iso => t.to_string().into(),
        }
    }
    fn none(self) -> Value {
        match self {
            ThenaStyle::Seed => "N/A".into(),
            ThenaStyle::V1 => "NA".into(),
            ThenaStyle::Iso => Value::Null,
        }
    }
    fn key(self, seed_key: &'static str, v1_key: &'static str) -> &'static str {
        if self == ThenaStyle::V1 { v1_key } else { seed_key }
    }
}

fn status(c: &SimConversation, style: ThenaStyle) -> &'static str {
    let seed = match c.status {
        SimStatus::Open if c.assignee.is_some() => "Assigned",
        SimStatus::Open => "Open",
        SimStatus::InProgress => "In Progress",
        SimStatus::OnHold => "On Hold",
        SimStatus::Closed => "Closed",
    };
    if style != ThenaStyle::V1 {
        return seed;
    }
    match seed {
        "Assigned" => "ASSIGNED",
        "Open" => "OPEN",
        "In Progress" => "IN_PROGRESS",
        "On Hold" => "ON_HOLD",
        _ => "CLOSED",
    }
}

pub fn urgency(priority: Option<u8>) -> &'static str {
    match priority {
        Some(9) => "Urgent",
        Some(7) => "High",
        Some(5) => "Medium",
        Some(3) => "Low",
        _ => "",
    }
}

fn feedback(csat: u8) -> &'static str {
    match csat {
        5 => "Super quick and helpful, thank you!",
        4 => "Good support, solved our problem.",
        3 => "Solved in the end, but it took a while.",
        _ => "Too slow to respond.",
    }
}

fn request(db: &Db, c: &SimConversation, style: ThenaStyle) -> Value {
    let customer = &db.customers[c.customer];
    let contact = &customer.contacts[c.requester];
    let user = |i: Option<usize>| i.map(|i| &db.users[i]);
    let owner = user(c.assignee);
    let name = |i: Option<usize>| user(i).map_or(String::new(), |u| u.name.clone());
    let email = |i: Option<usize>| user(i).map_or(String::new(), |u| u.email.clone());
    let ws = &db.vocabulary.slack_workspace;
    let link = |channel: &str| {
        format!("https://{ws}.slack.com/archives/{channel}/p{}", slack_ts(c.created_at).replace('.', ""))
    };
    let tags: Vec<String> = c.tags.iter().map(|&t| db.tags[t].name.clone()).collect();
    let hours = c.resolution_time.map(|s| (s as f64 / 36.0).round() / 100.0);
    let mut r = Map::new();
    let mut put = |k: &str, v: Value| {
        r.insert(k.to_string(), v);
    };
    put("request_id", json!(c.friendly_id));
    put(style.key("created_datetime", "created_at_utc"), style.time(Some(c.created_at)));
    put("workspace_name", json!(db.vocabulary.workspace));
    put("slack_channel", json!(customer.channel_name));
    put("customer_name", json!(customer.name));
    put("requestor_email", json!(contact.email));
    put("request_title", json!(c.title));
    put("request_summary", json!(c.summary));
    put("sentiment", json!(c.sentiment));
    put("urgency", json!(urgency(c.priority)));
    put("status", json!(status(c, style)));
    put(style.key("assigned_on", "assigned_on_utc"), style.time(c.assigned_at));
    put("owner", json!(owner.map_or(String::new(), |u| u.name.clone())));
    put("assigned_to_user_email", json!(owner.map_or(String::new(), |u| u.email.clone())));
    let first_response = c.response_time.map(|s| c.created_at + jiff::SignedDuration::from_secs(s));
    put(style.key("first_response_time", "first_response_time_utc"), style.time(first_response));
    put("number_of_replies", json!(c.message_count.saturating_sub(1)));
    put("closed_by", json!(name(c.closed_by)));
    put(
        "feedback",
        c.csat.map_or(if style == ThenaStyle::V1 { json!("\"NA\"") } else { style.none() }, |s| json!(feedback(s))),
    );
    put("csat_score", c.csat.map_or(style.none(), |s| json!(s)));
    put(style.key("closed_datetime", "closed_on_utc"), style.time(c.closed_at));
    put(
        "resolution_time_hours",
        match (hours, style) {
            (Some(h), ThenaStyle::V1) => json!(h.to_string()),
            (Some(h), _) => json!(h),
            (None, ThenaStyle::Iso) => Value::Null,
            (None, _) => json!(""),
        },
    );
    let on_hold = (c.status == SimStatus::OnHold).then_some(c.status_updated_at).flatten();
    put(style.key("on_hold_on", "on_hold_on_utc"), style.time(on_hold));
    put("on_hold_by", json!(name(c.on_hold_by)));
    put("on_hold_by_user_email", json!(email(c.on_hold_by)));
    put("ai_tags", if style == ThenaStyle::V1 { json!(tags.join(", ")) } else { json!(tags) });
    put("slack_thread_link", json!(link(&customer.channel_id)));
    if style != ThenaStyle::V1 {
        put("internal_thread_slack_link", json!(link(&db.triage_channel_id)));
    }
    Value::Object(r)
}

/// Requests created from `start` to `end` inclusive (UTC days), oldest first.
pub fn export(db: &Db, start: Date, end: Date, style: ThenaStyle) -> Value {
    let items: Vec<Value> = db
        .conversations
        .iter()
        .filter(|c| {
            let day = c.created_at.to_zoned(TimeZone::UTC).date();
            start <= day && day <= end
        })
        .map(|c| request(db, c, style))
        .collect();
    match style {
        ThenaStyle::Seed => Value::Array(items),
        ThenaStyle::V1 => json!({"requests": items}),
        ThenaStyle::Iso => json!({"data": items}),
    }
}
