//! One list request in two steps: the records a query matches, in its order (which a walk
//! of many pages can share, see `ListIndex`), then the page a cursor points at — a binary
//! search and `limit + 1` rows, so a page deep in a walk costs no more than the first.

use std::cmp::Ordering;

use serde_json::{Map, Value};

use super::{Cursor, Key, ListQuery, Record, Select, write};
use crate::sim::db::Db;
use crate::sim::error::SimError;

/// The indices of the records a query matches, in the order its walk visits them.
#[derive(Debug, Clone, Default)]
pub struct Sorted {
    order: Vec<String>,
    descending: bool,
    rows: Vec<u32>,
}

/// The order columns of a query: the asked ones, then the id, which breaks ties so the keyset
/// is total and pages never overlap.
fn order_of(query: &ListQuery, default_order: &str) -> Vec<String> {
    let mut order: Vec<String> =
        if query.order.is_empty() { vec![default_order.to_string()] } else { query.order.clone() };
    if !order.iter().any(|o| o == "id") {
        order.push("id".to_string());
    }
    order
}

impl Sorted {
    fn keys<R: Record>(&self, record: &R, db: &Db) -> Vec<Key> {
        self.order.iter().map(|o| record.field(o, db).unwrap_or(Key::Null)).collect()
    }

    /// The walk order: the columns compared in turn, reversed when descending.
    fn compare(&self, a: &[Key], b: &[Key]) -> Ordering {
        let o = a.iter().zip(b).map(|(x, y)| x.compare(y)).find(|o| o.is_ne()).unwrap_or(Ordering::Equal);
        if self.descending { o.reverse() } else { o }
    }
}

/// Filter `records` by the query's `where` and sort them by its order (cursor, limit and
/// select play no part, so every page of a walk has the same `Sorted`).
pub fn sort_matching<R: Record>(
    records: &[R],
    query: &ListQuery,
    default_order: &str,
    db: &Db,
) -> Result<Sorted, SimError> {
    let order = order_of(query, default_order);
    if let Some(first) = records.first() {
        for field in order.iter().chain(query.filters.iter().map(|f| &f.field)) {
            if first.field(field, db).is_none() {
                return Err(SimError::invalid(format!("Invalid field: {field}")));
            }
        }
    }
    let mut sorted = Sorted { order, descending: query.descending, rows: Vec::new() };
    let mut keyed: Vec<(Vec<Key>, u32)> = Vec::new();
    for (i, record) in records.iter().enumerate() {
        if matches_all(record, query, db)? {
            keyed.push((sorted.keys(record, db), i as u32));
        }
    }
    keyed.sort_unstable_by(|a, b| sorted.compare(&a.0, &b.0));
    sorted.rows = keyed.into_iter().map(|(_, i)| i).collect();
    Ok(sorted)
}

fn matches_all<R: Record>(record: &R, query: &ListQuery, db: &Db) -> Result<bool, SimError> {
    for filter in &query.filters {
        if !filter.matches(&record.field(&filter.field, db).unwrap_or(Key::Null))? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// The page of `sorted` the query's cursor points at; answers `{data, totalCount, cursors}`.
pub fn page<R: Record>(records: &[R], sorted: &Sorted, query: &ListQuery, db: &Db) -> Result<ListPage, SimError> {
    let (is_next, cursor_keys) = match &query.cursor {
        Some(c) if c.keys.len() != sorted.order.len() => {
            return Err(SimError::invalid("Invalid cursor for this order"));
        }
        Some(c) => (c.is_next, Some(&c.keys)),
        None => (true, None),
    };
    let key_of = |row: &u32| sorted.keys(&records[*row as usize], db);
    let rows = &sorted.rows;
    // A next page starts after the cursor; a previous page ends before it.
    let (start, end, has_more) = match cursor_keys {
        None => (0, rows.len().min(query.limit), rows.len() > query.limit),
        Some(at) if is_next => {
            let start = rows.partition_point(|r| sorted.compare(&key_of(r), at).is_le());
            (start, rows.len().min(start + query.limit), rows.len() - start > query.limit)
        }
        Some(at) => {
            let end = rows.partition_point(|r| sorted.compare(&key_of(r), at).is_lt());
            (end.saturating_sub(query.limit), end, end > query.limit)
        }
    };
    let rows = &rows[start..end];
    // Unthread's paginator: `(isNext && hasMore) || !isNext`.
    let has_next = !is_next || has_more;
    let has_previous = (!is_next && has_more) || (is_next && cursor_keys.is_some());
    let mut cursors = Map::new();
    cursors.insert("hasNext".into(), has_next.into());
    cursors.insert("hasPrevious".into(), has_previous.into());
    if let (Some(first), Some(last)) = (rows.first(), rows.last()) {
        cursors.insert("next".into(), Cursor { is_next: true, keys: key_of(last) }.encode().into());
        cursors.insert("previous".into(), Cursor { is_next: false, keys: key_of(first) }.encode().into());
    }
    let select = Select::parse(&query.select);
    // Written straight to bytes: a `Value` tree per record, serialized and dropped, was
    // most of a page's cost.
    let mut out = Vec::with_capacity(rows.len() * 512 + 256);
    out.extend_from_slice(b"{\"data\":[");
    for (n, &r) in rows.iter().enumerate() {
        if n > 0 {
            out.push(b',');
        }
        records[r as usize].write_selected(db, &select, &mut out);
    }
    out.extend_from_slice(b"],\"totalCount\":");
    write(&mut out, &sorted.rows.len());
    out.extend_from_slice(b",\"cursors\":");
    write(&mut out, &cursors);
    out.push(b'}');
    Ok(ListPage(out))
}

/// A list endpoint's answer, as the JSON bytes it is sent as.
#[derive(Debug, Clone)]
pub struct ListPage(pub Vec<u8>);

impl ListPage {
    /// The page as a `Value` (for tests and callers that look inside).
    pub fn value(&self) -> Value {
        serde_json::from_slice(&self.0).expect("the simulator writes valid JSON")
    }
}

/// Run a list query over `records`; answers `{data, totalCount, cursors}`.
pub fn list<R: Record>(records: &[R], query: &ListQuery, default_order: &str, db: &Db) -> Result<ListPage, SimError> {
    page(records, &sort_matching(records, query, default_order, db)?, query, db)
}
