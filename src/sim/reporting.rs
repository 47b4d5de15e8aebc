//! `POST /reporting/time-series`, computed from the dataset itself. Doc-derived: no public
//! caller of this endpoint exists (API-NOTES §3.5). Choices where the reference is silent:
//! `totalCount` and the response-time means bucket a conversation by `createdAt`;
//! `conversationsResolved` and the resolution-time means by `closedAt`; a conversation
//! with several tags counts under each; a missing assignee or tag is the key `"null"`.

use std::collections::{BTreeMap, BTreeSet};

use jiff::{civil::Date, tz::TimeZone};

use crate::support::calendar;
use crate::support::calendar::Grain;
use serde_json::{Map, Value, json};

use super::db::Db;
use super::error::SimError;
use super::model::SimConversation;

const METRICS: [&str; 6] = [
    "totalCount",
    "responseTimeMean",
    "responseTimeWorkingMean",
    "resolutionTimeMean",
    "resolutionTimeWorkingMean",
    "conversationsResolved",
];
const DIMENSIONS: [&str; 4] = ["assigneeId", "customerId", "tagId", "sourceType"];
pub const NO_VALUE_KEY: &str = "null";

struct Request {
    metric: &'static str,
    start: Date,
    end: Date,
    grain: Grain,
    tz: TimeZone,
    dimensions: Vec<&'static str>,
    filters: BTreeMap<&'static str, BTreeSet<String>>,
}

fn parse(body: &Value) -> Result<Request, SimError> {
    let field = |k: &str| body.get(k).and_then(Value::as_str);
    let metric = field("metric").ok_or_else(|| SimError::invalid("metric is required"))?;
    let metric = METRICS
        .into_iter()
        .find(|m| *m == metric)
        .ok_or_else(|| SimError::invalid(format!("Invalid metric: {metric}")))?;
    let date = |k: &str| -> Result<Date, SimError> {
        let s = field(k).ok_or_else(|| SimError::invalid(format!("{k} is required")))?;
        s.parse().map_err(|_| SimError::invalid(format!("{k} must be a date like 2022-12-31")))
    };
    let (start, end) = (date("startDate")?, date("endDate")?);
    if end < start {
        return Err(SimError::invalid("endDate is before startDate"));
    }
    let grain = match field("dateDimension").unwrap_or("day") {
        "day" => Grain::Day,
        "week" => Grain::Week,
        "month" => Grain::Month,
        other => return Err(SimError::invalid(format!("Invalid dateDimension: {other}"))),
    };
    let tz_name = field("timezone").unwrap_or("UTC");
    let tz = TimeZone::get(tz_name).map_err(|_| SimError::invalid(format!("Invalid timezone: {tz_name}")))?;
    let dimension = |v: &Value| -> Result<&'static str, SimError> {
        let s = v.as_str().unwrap_or_default();
        DIMENSIONS.into_iter().find(|d| *d == s).ok_or_else(|| SimError::invalid(format!("Invalid dimension: {s}")))
    };
    let dimensions = match body.get("dimensions") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items.iter().map(dimension).collect::<Result<_, _>>()?,
        Some(_) => return Err(SimError::invalid("dimensions must be an array")),
    };
    let mut filters = BTreeMap::new();
    if let Some(obj) = body.get("filters").and_then(Value::as_object) {
        for (k, v) in obj {
            let dim = dimension(&Value::String(k.clone()))?;
            let values: BTreeSet<String> = match v {
                Value::String(s) => [s.clone()].into(),
                Value::Array(items) => items.iter().filter_map(|i| i.as_str().map(str::to_string)).collect(),
                _ => return Err(SimError::invalid(format!("Invalid filter for {k}"))),
            };
            filters.insert(dim, values);
        }
    }
    Ok(Request { metric, start, end, grain, tz, dimensions, filters })
}

/// The keys a conversation has in a dimension (several for tags).
fn keys(db: &Db, c: &SimConversation, dimension: &str) -> Vec<String> {
    match dimension {
        "assigneeId" => vec![c.assignee.map_or(NO_VALUE_KEY.into(), |a| db.users[a].id.clone())],
        "customerId" => vec![db.customers[c.customer].id.clone()],
        "tagId" if c.tags.is_empty() => vec![NO_VALUE_KEY.into()],
        "tagId" => c.tags.iter().map(|&t| db.tags[t].id.clone()).collect(),
        _ => vec![c.source_type.to_string()],
    }
}

/// When the conversation counts for the metric, and with what value.
fn observation(metric: &str, c: &SimConversation) -> Option<(jiff::Timestamp, f64)> {
    let secs = |v: Option<i64>| v.map(|s| s as f64);
    match metric {
        "totalCount" => Some((c.created_at, 1.0)),
        "conversationsResolved" => Some((c.closed_at?, 1.0)),
        "responseTimeMean" => Some((c.created_at, secs(c.response_time)?)),
        "responseTimeWorkingMean" => Some((c.created_at, secs(c.response_time_working)?)),
        "resolutionTimeMean" => Some((c.closed_at?, secs(c.resolution_time)?)),
        _ => Some((c.closed_at?, secs(c.resolution_time_working)?)),
    }
}

pub fn time_series(db: &Db, body: &Value) -> Result<Value, SimError> {
    let req = parse(body)?;
    let dates = calendar::buckets(req.grain, req.start, req.end);
    // (dimension keys..., bucket) -> (sum, count)
    let mut cells: BTreeMap<(Vec<String>, Date), (f64, u64)> = BTreeMap::new();
    let mut seen: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for c in &db.conversations {
        let Some((at, value)) = observation(req.metric, c) else { continue };
        let day = at.to_zoned(req.tz.clone()).date();
        if day < req.start || day > req.end {
            continue;
        }
        if !req.filters.iter().all(|(dim, allowed)| keys(db, c, dim).iter().any(|k| allowed.contains(k))) {
            continue;
        }
        let mut paths: Vec<Vec<String>> = vec![Vec::new()];
        for dim in &req.dimensions {
            let ks = keys(db, c, dim);
            seen.entry(dim).or_default().extend(ks.iter().cloned());
            paths =
                paths.into_iter().flat_map(|p| ks.iter().map(move |k| [p.clone(), vec![k.clone()]].concat())).collect();
        }
        for path in paths {
            let cell = cells.entry((path, calendar::bucket(req.grain, day))).or_insert((0.0, 0));
            cell.0 += value;
            cell.1 += 1;
        }
    }
    let mean = req.metric.ends_with("Mean");
    let mut data = Map::new();
    for ((path, bucket), (sum, count)) in cells {
        let value = if mean { json!((sum / count as f64 * 100.0).round() / 100.0) } else { json!(sum as u64) };
        let mut node = &mut data;
        for key in &path {
            node = node
                .entry(key.clone())
                .or_insert_with(|| Value::Object(Map::new()))
                .as_object_mut()
                .expect("dimension levels are objects");
        }
        node.insert(bucket.to_string(), value);
    }
    let mut lookups = Map::new();
    for (dim, ks) in seen {
        let names: Map<String, Value> = ks
            .into_iter()
            .map(|k| {
                let name = lookup_name(db, dim, &k);
                (k, name.into())
            })
            .collect();
        lookups.insert(dim.to_string(), Value::Object(names));
    }
    Ok(json!({"data": data, "dates": dates.iter().map(Date::to_string).collect::<Vec<_>>(), "lookups": lookups}))
}

fn lookup_name(db: &Db, dimension: &str, key: &str) -> String {
    let found = match dimension {
        "assigneeId" => db.users.iter().find(|u| u.id == key).map(|u| u.name.clone()),
        "customerId" => db.customers.iter().find(|c| c.id == key).map(|c| c.name.clone()),
        "tagId" => db.tags.iter().find(|t| t.id == key).map(|t| t.name.clone()),
        _ => None,
    };
    found.unwrap_or_else(|| if key == NO_VALUE_KEY { "None".into() } else { key.to_string() })
}
