//! The inbox's order: how two tickets compare under a sort, and a merge that keeps a sorted
//! list sorted as pages arrive (an append when they come in order).

use super::inbox::Sort;
use crate::desk::Ticket;

/// `existing` with `fresh` merged in, both in `order` (equal keys: `existing` first).
pub(super) fn insert_sorted(
    existing: &[usize],
    fresh: &[usize],
    order: impl Fn(usize, usize) -> std::cmp::Ordering,
) -> Vec<usize> {
    let mut merged = Vec::with_capacity(existing.len() + fresh.len());
    let mut from = 0;
    for &f in fresh {
        let at = from + existing[from..].partition_point(|&x| order(x, f).is_le());
        merged.extend_from_slice(&existing[from..at]);
        merged.push(f);
        from = at;
    }
    merged.extend_from_slice(&existing[from..]);
    merged
}

/// Sort order: newest (or most urgent) first, then most recently updated, then by id.
pub(super) fn compare(sort: Sort, ascending: bool, a: &Ticket, b: &Ticket) -> std::cmp::Ordering {
    let order = newest_first(sort, a, b);
    if ascending { order.reverse() } else { order }
}

fn newest_first(sort: Sort, a: &Ticket, b: &Ticket) -> std::cmp::Ordering {
    let micros = |ts: Option<jiff::Timestamp>| ts.map_or(i64::MIN, |t| t.as_microsecond());
    let primary = |t: &Ticket| match sort {
        Sort::Updated => micros(t.updated_at),
        Sort::Created => micros(t.created_at),
        Sort::Priority => t.priority.map_or(0, |p| p as i64),
        // Most urgent first: the earliest due time is the largest key.
        Sort::Due => crate::desk::sla::due_at(t).map_or(i64::MIN, |due| -due.as_microsecond()),
    };
    primary(b)
        .cmp(&primary(a))
        .then_with(|| micros(b.updated_at).cmp(&micros(a.updated_at)))
        .then_with(|| a.id.cmp(&b.id))
}
