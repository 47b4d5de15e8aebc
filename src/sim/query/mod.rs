//! The list conventions, server side: `where` on dotted paths with every operator,
//! `order` with `descending`, keyset cursors as Unthread's own paginator builds them
//! (API-NOTES §2.2), `totalCount`, and dotted `select` projection.

use base64::{Engine, engine::general_purpose::STANDARD as BASE64};
use serde_json::{Value, json};

mod index;
mod key;
mod list;
mod project;

pub use index::ListIndex;
pub use key::{Key, Record, walk};
pub use list::{ListPage, Sorted, list, page, sort_matching};
pub use project::{Select, Written, project, write, written};

use super::error::SimError;

/// A parsed list request.
#[derive(Debug, Clone, Default)]
pub struct ListQuery {
    pub select: Vec<String>,
    pub order: Vec<String>,
    pub descending: bool,
    pub filters: Vec<Filter>,
    pub limit: usize,
    pub cursor: Option<Cursor>,
}

#[derive(Debug, Clone)]
pub struct Filter {
    pub field: String,
    pub operator: String,
    pub value: Value,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Cursor {
    pub is_next: bool,
    pub keys: Vec<Key>,
}

const OPERATORS: [&str; 11] = ["==", "!=", ">", "<", ">=", "<=", "in", "notIn", "contains", "notContains", "like"];
pub const PAGE_LIMIT: usize = 100;

impl ListQuery {
    /// Parse and validate a list body; an empty body is a request for the first page.
    pub fn parse(body: &Value) -> Result<ListQuery, SimError> {
        let obj = match body {
            Value::Null => return Ok(ListQuery { limit: PAGE_LIMIT, ..Default::default() }),
            Value::Object(o) => o,
            _ => return Err(SimError::invalid("The request body must be a JSON object")),
        };
        let strings = |key: &str| -> Result<Vec<String>, SimError> {
            match obj.get(key) {
                None | Some(Value::Null) => Ok(Vec::new()),
                Some(Value::Array(items)) => items
                    .iter()
                    .map(|i| {
                        i.as_str()
                            .map(str::to_string)
                            .ok_or_else(|| SimError::invalid(format!("{key} must be an array of strings")))
                    })
                    .collect(),
                Some(_) => Err(SimError::invalid(format!("{key} must be an array of strings"))),
            }
        };
        let limit = match obj.get("limit") {
            None | Some(Value::Null) => PAGE_LIMIT,
            Some(v) => match v.as_f64() {
                // Larger limits are clamped, as the real service evidently does (API-NOTES §2.1).
                Some(n) if n >= 1.0 => (n as usize).min(PAGE_LIMIT),
                _ => return Err(SimError::invalid("limit must be a positive number")),
            },
        };
        let descending = match obj.get("descending") {
            None | Some(Value::Null) => false,
            Some(Value::Bool(b)) => *b,
            Some(_) => return Err(SimError::invalid("descending must be a boolean")),
        };
        let filters = match obj.get("where") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(items)) => items.iter().map(Filter::parse).collect::<Result<_, _>>()?,
            Some(_) => return Err(SimError::invalid("where must be an array")),
        };
        let cursor = match obj.get("cursor") {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) if s.is_empty() => None,
            Some(Value::String(s)) => Some(Cursor::decode(s)?),
            Some(_) => return Err(SimError::invalid("cursor must be a string")),
        };
        Ok(ListQuery { select: strings("select")?, order: strings("order")?, descending, filters, limit, cursor })
    }
}

impl Filter {
    fn parse(value: &Value) -> Result<Filter, SimError> {
        let field =
            value.get("field").and_then(Value::as_str).ok_or_else(|| SimError::invalid("where.field is required"))?;
        let operator = value
            .get("operator")
            .and_then(Value::as_str)
            .ok_or_else(|| SimError::invalid("where.operator is required"))?;
        if !OPERATORS.contains(&operator) {
            return Err(SimError::invalid(format!("Invalid operator: {operator}")));
        }
        let value = value.get("value").cloned().unwrap_or(Value::Null);
        if matches!(operator, "in" | "notIn") && !value.is_array() {
            return Err(SimError::invalid(format!("The {operator} operator needs an array value")));
        }
        Ok(Filter { field: field.to_string(), operator: operator.to_string(), value })
    }

    fn matches(&self, field: &Key) -> Result<bool, SimError> {
        // On a list field (tags.id) a clause holds when it holds for any element, and
        // its negations hold when it holds for none.
        if let Key::List(items) = field {
            let (positive, negated) = match self.operator.as_str() {
                "!=" => ("==", true),
                "notIn" => ("in", true),
                "notContains" => ("contains", true),
                _ => (self.operator.as_str(), false),
            };
            let probe = Filter { operator: positive.to_string(), ..self.clone() };
            let mut any = false;
            for item in items {
                any |= probe.matches(item)?;
            }
            return Ok(any != negated);
        }
        let like = |pattern: &str, text: &str| like_match(&pattern.to_lowercase(), &text.to_lowercase());
        let text = |k: &Key| match k {
            Key::Str(s) => s.clone(),
            Key::Null => String::new(),
            other => other.to_json().as_str().map_or_else(|| other.to_json().to_string(), str::to_string),
        };
        Ok(match self.operator.as_str() {
            "==" => field.compare(&field.operand(&self.value)?).is_eq(),
            "!=" => field.compare(&field.operand(&self.value)?).is_ne(),
            ">" => *field != Key::Null && field.compare(&field.operand(&self.value)?).is_gt(),
            "<" => *field != Key::Null && field.compare(&field.operand(&self.value)?).is_lt(),
            ">=" => *field != Key::Null && field.compare(&field.operand(&self.value)?).is_ge(),
            "<=" => *field != Key::Null && field.compare(&field.operand(&self.value)?).is_le(),
            "in" | "notIn" => {
                let mut found = false;
                for v in self.value.as_array().into_iter().flatten() {
                    found |= field.compare(&field.operand(v)?).is_eq();
                }
                found == (self.operator == "in")
            }
            "contains" => text(field).contains(&operand_text(&self.value)),
            "notContains" => !text(field).contains(&operand_text(&self.value)),
            "like" => like(&operand_text(&self.value), &text(field)),
            _ => false,
        })
    }
}

fn operand_text(v: &Value) -> String {
    v.as_str().map_or_else(|| v.to_string(), str::to_string)
}

/// SQL `LIKE` (case-insensitive here): `%` any run, `_` one character.
fn like_match(pattern: &str, text: &str) -> bool {
    let (p, t): (Vec<char>, Vec<char>) = (pattern.chars().collect(), text.chars().collect());
    let (mut pi, mut ti, mut star, mut mark) = (0, 0, None, 0);
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '_' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '%' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == '%')
}

impl Cursor {
    /// `[isNext, [values of the order columns]]`, base64 — the encoding API-NOTES suggests.
    pub fn encode(&self) -> String {
        let values: Vec<Value> = self.keys.iter().map(Key::to_cursor_json).collect();
        BASE64.encode(json!([self.is_next, values]).to_string())
    }

    pub fn decode(s: &str) -> Result<Cursor, SimError> {
        let bad = || SimError::invalid("Invalid cursor");
        let bytes = BASE64.decode(s.trim()).map_err(|_| bad())?;
        let value: Value = serde_json::from_slice(&bytes).map_err(|_| bad())?;
        let is_next = value.get(0).and_then(Value::as_bool).ok_or_else(bad)?;
        let keys = value.get(1).and_then(Value::as_array).ok_or_else(bad)?.iter().map(Key::from_json).collect();
        Ok(Cursor { is_next, keys })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_patterns() {
        assert!(like_match("%webhook%", "webhook deliveries failing"));
        assert!(like_match("s_o", "sso"));
        assert!(!like_match("abc%", "xabc"));
    }

    #[test]
    fn projection_of_dotted_paths() {
        let v = json!({"id":"1","title":"t","tags":[{"id":"a","name":"Bug"}],"customer":{"id":"c","name":"Acme","x":1},"other":2});
        let p = project(v, &Select::parse(&["id", "tags.name", "customer.name"]));
        assert_eq!(p, json!({"id":"1","tags":[{"name":"Bug"}],"customer":{"name":"Acme"}}));
    }

    /// A list page holds exactly what its `select` asks, nested fields trimmed inside (the
    /// page is written field by field, so a field built whole by mistake shows here).
    #[test]
    fn a_list_page_holds_only_the_selected_fields() {
        use crate::sim::records::ConversationRef;
        let anchor = "2026-11-20T12:00:00Z".parse().unwrap();
        let db = crate::sim::generate(&crate::sim::DatasetSpec { seed: 7, conversations: 40, anchor });
        let records: Vec<ConversationRef> = db.conversations.iter().map(ConversationRef).collect();
        let keys = |v: &Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
        let select = json!({"select": ["id", "customer.name", "tags.name", "initialMessage.text"], "limit": 40});
        let page = list(&records, &ListQuery::parse(&select).unwrap(), "createdAt", &db).unwrap().value();
        let data = page["data"].as_array().unwrap();
        assert_eq!(data.len(), 40);
        assert!(data.iter().any(|c| !c["tags"].as_array().unwrap().is_empty()));
        for c in data {
            assert_eq!(keys(c), ["customer", "id", "initialMessage", "tags"]);
            assert_eq!(keys(&c["customer"]), ["name"]);
            assert_eq!(keys(&c["initialMessage"]), ["text"]);
            assert!(c["tags"].as_array().unwrap().iter().all(|t| keys(t) == ["name"]));
        }
        // Without a select, everything: the customer whole, the first message with its sender.
        let page = list(&records, &ListQuery::parse(&json!({"limit": 1})).unwrap(), "createdAt", &db).unwrap().value();
        let c = &page["data"][0];
        assert!(c["customer"]["slackChannel"]["id"].is_string() && c["initialMessage"]["ts"].is_string());
        assert_eq!(page["totalCount"], 40);
    }

    #[test]
    fn cursor_round_trip() {
        let c = Cursor {
            is_next: true,
            keys: vec![Key::Time("2024-05-01T10:00:00Z".parse().unwrap()), Key::Str("abc".into())],
        };
        assert_eq!(Cursor::decode(&c.encode()).unwrap(), c);
        assert!(Cursor::decode("not base64!").is_err());
    }

    #[test]
    fn walk_lists_and_nulls() {
        let v = json!({"tags":[{"id":"a"},{"id":"b"}],"customer":null});
        assert_eq!(walk(&v, "tags.id"), Some(Key::List(vec![Key::Str("a".into()), Key::Str("b".into())])));
        assert_eq!(walk(&v, "customer.name"), Some(Key::Null));
        assert_eq!(walk(&v, "nope"), None);
    }
}
