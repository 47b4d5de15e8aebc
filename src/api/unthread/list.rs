//! The list conventions shared by every `…/list` endpoint: select, order, where, cursor.

use serde::{Deserialize, Serialize};

use crate::api::lenient::{Lenient, null_default};

/// The reference's page maximum; the server clamps larger limits.
pub const PAGE_LIMIT: u32 = 100;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListRequest {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub select: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub order: Vec<String>,
    #[serde(rename = "where", default, skip_serializing_if = "Vec::is_empty")]
    pub filters: Vec<Where>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub descending: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
}

impl ListRequest {
    pub fn new() -> Self {
        ListRequest { limit: Some(PAGE_LIMIT), ..Default::default() }
    }
    pub fn select(mut self, fields: &[&str]) -> Self {
        self.select = fields.iter().map(|f| f.to_string()).collect();
        self
    }
    pub fn order(mut self, fields: &[&str], descending: bool) -> Self {
        self.order = fields.iter().map(|f| f.to_string()).collect();
        self.descending = Some(descending);
        self
    }
    pub fn filter(mut self, clause: Where) -> Self {
        self.filters.push(clause);
        self
    }
    pub fn limit(mut self, limit: u32) -> Self {
        self.limit = Some(limit);
        self
    }

    /// The request for the page after `page`, or `None` at the end. Follows `hasNext`, not
    /// the presence of `next`: the real service sends `next` on the last page too.
    pub fn next_page<T>(&self, page: &ListResponse<T>) -> Option<ListRequest> {
        let next = page.cursors.next.as_ref().filter(|_| page.cursors.has_next)?;
        Some(ListRequest { cursor: Some(next.clone()), ..self.clone() })
    }
}

/// A list item's identity, for the page guard (a walk that brings nothing new stops).
pub trait Listed {
    fn list_id(&self) -> &str;
}

/// The next request of a walk guarded against a server that loops: `None` at the end.
pub fn next_guarded<T: Listed>(
    req: &ListRequest,
    page: &ListResponse<T>,
    guard: &mut crate::support::pages::PageGuard,
) -> Result<Option<ListRequest>, crate::support::pages::Runaway> {
    let next = req.next_page(page);
    let page_size = u64::from(req.limit.unwrap_or(PAGE_LIMIT));
    let cursor = next.as_ref().and_then(|r| r.cursor.as_deref());
    guard.check(page.items().map(Listed::list_id), cursor, page.total_count(), page_size)?;
    Ok(next)
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Where {
    pub field: String,
    pub operator: Operator,
    pub value: WhereValue,
}

impl Where {
    pub fn new(field: &str, operator: Operator, value: impl Into<WhereValue>) -> Self {
        Where { field: field.to_string(), operator, value: value.into() }
    }
    pub fn eq(field: &str, value: impl Into<WhereValue>) -> Self {
        Self::new(field, Operator::Eq, value)
    }
    pub fn is_in(field: &str, values: &[&str]) -> Self {
        Self::new(field, Operator::In, WhereValue::List(values.iter().map(|v| v.to_string()).collect()))
    }
}

/// Every documented operator, plus `>=` and `<=`, which real callers use (API-NOTES §2.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Operator {
    #[serde(rename = "==")]
    Eq,
    #[serde(rename = "!=")]
    Ne,
    #[serde(rename = ">")]
    Gt,
    #[serde(rename = "<")]
    Lt,
    #[serde(rename = ">=")]
    Ge,
    #[serde(rename = "<=")]
    Le,
    #[serde(rename = "in")]
    In,
    #[serde(rename = "notIn")]
    NotIn,
    #[serde(rename = "contains")]
    Contains,
    #[serde(rename = "notContains")]
    NotContains,
    #[serde(rename = "like")]
    Like,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum WhereValue {
    Null,
    Bool(bool),
    Number(f64),
    Text(String),
    List(Vec<String>),
}

impl From<&str> for WhereValue {
    fn from(s: &str) -> Self {
        WhereValue::Text(s.to_string())
    }
}
impl From<String> for WhereValue {
    fn from(s: String) -> Self {
        WhereValue::Text(s)
    }
}
impl From<f64> for WhereValue {
    fn from(n: f64) -> Self {
        WhereValue::Number(n)
    }
}
impl From<Option<&str>> for WhereValue {
    fn from(s: Option<&str>) -> Self {
        s.map_or(WhereValue::Null, WhereValue::from)
    }
}

/// One page. Items decode one by one: a bad item is a placeholder, not a failed page.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[serde(bound(deserialize = "T: serde::de::DeserializeOwned"))]
pub struct ListResponse<T> {
    #[serde(deserialize_with = "null_default")]
    pub data: Vec<Lenient<T>>,
    #[serde(default, rename = "totalCount")]
    pub total: TotalCount,
    #[serde(default, deserialize_with = "null_default")]
    pub cursors: Cursors,
}

/// A page all of whose items decode: the common case, decoded in one pass (finding each
/// item's bytes first, as the lenient decode must, was a quarter of decoding a page).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[serde(bound(deserialize = "T: serde::de::DeserializeOwned"))]
struct WholePage<T> {
    #[serde(deserialize_with = "null_default")]
    data: Vec<T>,
    #[serde(default)]
    total_count: TotalCount,
    #[serde(default, deserialize_with = "null_default")]
    cursors: Cursors,
}

/// A list page from its body: whole in one pass when every item reads, else item by item
/// (a bad item a placeholder). The two agree on every page the first one reads.
pub fn decode_page<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<ListResponse<T>, crate::api::ApiError> {
    let body = crate::support::json::repair(body);
    match serde_json::from_slice::<WholePage<T>>(&body) {
        Ok(WholePage { data, total_count, cursors }) => {
            Ok(ListResponse { data: data.into_iter().map(Lenient::Ok).collect(), total: total_count, cursors })
        }
        Err(_) => crate::api::http::decode(&body),
    }
}

/// A page's `totalCount`: a count, or one unreadable field (`-5`, `"lots"`, `1e30`), never
/// a failed page.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum TotalCount {
    #[default]
    Absent,
    Count(u64),
    Unreadable,
}

/// More conversations than any workspace holds: a count past it is garbage, not a total.
const MOST_PLAUSIBLE: u64 = 1_000_000_000;

impl<'de> Deserialize<'de> for TotalCount {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(match serde_json::Value::deserialize(d)? {
            serde_json::Value::Null => TotalCount::Absent,
            serde_json::Value::Number(n) => match n.as_u64().filter(|n| *n <= MOST_PLAUSIBLE) {
                Some(n) => TotalCount::Count(n),
                None => TotalCount::Unreadable,
            },
            _ => TotalCount::Unreadable,
        })
    }
}

impl<T> ListResponse<T> {
    /// The server's count of the whole query, when it gave a readable one.
    pub fn total_count(&self) -> Option<u64> {
        match self.total {
            TotalCount::Count(n) => Some(n),
            _ => None,
        }
    }

    /// The items that decoded.
    pub fn items(&self) -> impl Iterator<Item = &T> {
        self.data.iter().filter_map(Lenient::as_ok)
    }
    /// How many items did not decode whole (a field left out, or the whole item).
    pub fn bad_items(&self) -> usize {
        self.data.iter().filter(|i| i.is_damaged()).count()
    }
    /// How many items did not decode at all (they are not among `items`).
    pub fn lost_items(&self) -> usize {
        self.data.iter().filter(|i| i.as_ok().is_none()).count()
    }
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Cursors {
    pub has_next: bool,
    pub has_previous: bool,
    pub next: Option<String>,
    pub previous: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_page_decodes_whole_or_item_by_item_to_the_same_items() {
        use crate::api::unthread::types::Tag;
        let clean = br#"{"data":[{"id":"1","name":"Bug"},{"id":"2","name":null}],"totalCount":2,"cursors":{}}"#;
        let page: ListResponse<Tag> = decode_page(clean).unwrap();
        assert_eq!(page, crate::api::http::decode::<ListResponse<Tag>>(clean).unwrap(), "one pass or two, one page");
        assert_eq!((page.items().count(), page.bad_items(), page.total_count()), (2, 0, Some(2)));
        // One item that does not read: the lenient decode, its fields left out, its neighbour kept.
        let damaged = br#"{"data":[{"id":"1","name":"Bug"},{"id":["x"],"name":7}],"totalCount":2}"#;
        let page: ListResponse<Tag> = decode_page(damaged).unwrap();
        assert_eq!(page.items().map(|t| t.name.as_str()).collect::<Vec<_>>(), ["Bug", ""]);
        assert_eq!((page.bad_items(), page.lost_items()), (1, 0));
        assert!(decode_page::<Tag>(b"{not json").is_err());
    }

    #[test]
    fn request_wire_form() {
        let req = ListRequest::new()
            .select(&["id", "tags.name"])
            .order(&["updatedAt", "id"], true)
            .filter(Where::new("updatedAt", Operator::Ge, "2024-01-01"))
            .filter(Where::is_in("status", &["open", "on_hold"]))
            .filter(Where::eq("assignedToUserId", None::<&str>));
        assert_eq!(
            serde_json::to_value(&req).unwrap(),
            json!({"select":["id","tags.name"],"order":["updatedAt","id"],"descending":true,"limit":100,
                   "where":[{"field":"updatedAt","operator":">=","value":"2024-01-01"},
                            {"field":"status","operator":"in","value":["open","on_hold"]},
                            {"field":"assignedToUserId","operator":"==","value":null}]})
        );
    }

    #[test]
    fn next_page_follows_has_next_not_next() {
        let req = ListRequest::new();
        let last: ListResponse<serde_json::Value> = serde_json::from_str(
            &json!({"data":[{}],"totalCount":1,"cursors":{"hasNext":false,"hasPrevious":true,"next":"abc"}})
                .to_string(),
        )
        .unwrap();
        assert_eq!(req.next_page(&last), None);
        let more: ListResponse<serde_json::Value> =
            serde_json::from_str(&json!({"data":[{}],"cursors":{"hasNext":true,"next":"abc"}}).to_string()).unwrap();
        assert_eq!(req.next_page(&more).unwrap().cursor.as_deref(), Some("abc"));
    }
}
