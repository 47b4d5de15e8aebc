//! Field values as the list endpoints compare them, and the records they read them from.

use std::cmp::Ordering;

use jiff::Timestamp;
use serde_json::{Value, json};

use crate::sim::db::Db;
use crate::sim::error::SimError;
use crate::sim::model::iso;

/// A comparable field value.
#[derive(Debug, Clone, PartialEq)]
pub enum Key {
    Bool(bool),
    Num(f64),
    Time(Timestamp),
    Str(String),
    List(Vec<Key>),
    /// Sorts after everything, like Postgres' NULLS LAST in ascending order.
    Null,
}

impl Key {
    fn rank(&self) -> u8 {
        match self {
            Key::Bool(_) => 0,
            Key::Num(_) => 1,
            Key::Time(_) => 2,
            Key::Str(_) => 3,
            Key::List(_) => 4,
            Key::Null => 5,
        }
    }

    pub fn compare(&self, other: &Key) -> Ordering {
        match (self, other) {
            (Key::Bool(a), Key::Bool(b)) => a.cmp(b),
            (Key::Num(a), Key::Num(b)) => a.total_cmp(b),
            (Key::Time(a), Key::Time(b)) => a.cmp(b),
            (Key::Str(a), Key::Str(b)) => a.cmp(b),
            (Key::List(a), Key::List(b)) => {
                a.iter().zip(b).map(|(x, y)| x.compare(y)).find(|o| o.is_ne()).unwrap_or(a.len().cmp(&b.len()))
            }
            _ => self.rank().cmp(&other.rank()),
        }
    }

    pub fn to_json(&self) -> Value {
        match self {
            Key::Bool(b) => json!(b),
            Key::Num(n) => json!(n),
            Key::Time(t) => json!(iso(*t)),
            Key::Str(s) => json!(s),
            Key::List(items) => Value::Array(items.iter().map(Key::to_json).collect()),
            Key::Null => Value::Null,
        }
    }

    /// For cursors: times at full precision, so a keyset round-trips exactly.
    pub(super) fn to_cursor_json(&self) -> Value {
        match self {
            Key::Time(t) => json!(t.to_string()),
            other => other.to_json(),
        }
    }

    /// From JSON, reading ISO-8601 strings as times.
    pub fn from_json(value: &Value) -> Key {
        match value {
            Value::Null => Key::Null,
            Value::Bool(b) => Key::Bool(*b),
            Value::Number(n) => Key::Num(n.as_f64().unwrap_or(0.0)),
            Value::String(s) => s.parse::<Timestamp>().map(Key::Time).unwrap_or_else(|_| Key::Str(s.clone())),
            Value::Array(items) => Key::List(items.iter().map(Key::from_json).collect()),
            Value::Object(_) => Key::Str(value.to_string()),
        }
    }

    /// A `where` operand compared against this field: dates (`"2024-01-01"`) and times
    /// compare with time fields, everything else as given.
    pub(super) fn operand(&self, value: &Value) -> Result<Key, SimError> {
        match (self, value) {
            (Key::Time(_), Value::String(s)) => {
                parse_time(s).map(Key::Time).ok_or_else(|| SimError::invalid(format!("Invalid date: {s}")))
            }
            // The reference types a where value as `string | string[]`: "1042" on a number
            // (friendlyId, priority) is that number.
            (Key::Num(_), Value::String(s)) => {
                s.trim().parse().map(Key::Num).map_err(|_| SimError::invalid(format!("Invalid number: {s}")))
            }
            _ => Ok(Key::from_json(value)),
        }
    }
}

fn parse_time(s: &str) -> Option<Timestamp> {
    s.parse::<Timestamp>().ok().or_else(|| {
        let date: jiff::civil::Date = s.parse().ok()?;
        date.to_zoned(jiff::tz::TimeZone::UTC).ok().map(|z| z.timestamp())
    })
}

/// A record a list endpoint can filter, order and project.
pub trait Record {
    fn id(&self) -> &str;
    fn to_json(&self, db: &Db) -> Value;
    /// The record's JSON with only what a `select` asks for, written into `out`.
    fn write_selected(&self, db: &Db, select: &super::Select, out: &mut Vec<u8>) {
        super::write(out, &super::project(self.to_json(db), select));
    }
    /// Fast access to common fields; `None` falls back to walking `to_json`.
    fn fast_field(&self, _path: &str, _db: &Db) -> Option<Key> {
        None
    }
    /// The value at a dotted path, `None` when the path names no field.
    fn field(&self, path: &str, db: &Db) -> Option<Key> {
        self.fast_field(path, db).or_else(|| walk(&self.to_json(db), path))
    }
}

/// The value at a dotted path of a JSON object; arrays map over their elements
/// (`tags.id` is the list of tag ids).
pub fn walk(value: &Value, path: &str) -> Option<Key> {
    let (head, rest) = path.split_once('.').map_or((path, None), |(h, r)| (h, Some(r)));
    let child = value.as_object()?.get(head)?;
    match (child, rest) {
        (Value::Array(items), Some(rest)) => Some(Key::List(items.iter().filter_map(|i| walk(i, rest)).collect())),
        (Value::Null, Some(_)) => Some(Key::Null),
        (_, Some(rest)) => walk(child, rest),
        (_, None) => Some(Key::from_json(child)),
    }
}
