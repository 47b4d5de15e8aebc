//! The sorted matches of recent list queries, so a walk of many pages filters and sorts the
//! dataset once instead of once per page (at 100,000 conversations that sort would be most
//! of a page's time, and the benchmarks would measure the simulator, not the client).

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use super::{ListQuery, Sorted};
use crate::sim::error::SimError;

/// Walks running side by side: a partitioned fill's partitions, a sync, a CLI query.
const KEPT: usize = 16;

#[derive(Default)]
pub struct ListIndex {
    recent: Mutex<VecDeque<Entry>>,
}

struct Entry {
    generation: u64,
    key: String,
    sorted: Arc<Sorted>,
}

/// What decides the matches and their order: not the cursor, the limit or the selection.
fn key_of(query: &ListQuery) -> String {
    format!("{:?}|{:?}|{}", query.filters, query.order, query.descending)
}

impl ListIndex {
    /// The matches of `query` over the records as of `generation` (the database's write
    /// count): from a walk's earlier page, or built now and kept.
    pub fn sorted(
        &self,
        generation: u64,
        query: &ListQuery,
        build: impl FnOnce() -> Result<Sorted, SimError>,
    ) -> Result<Arc<Sorted>, SimError> {
        let key = key_of(query);
        let found = {
            let mut recent = self.recent.lock().unwrap_or_else(|e| e.into_inner());
            recent.retain(|e| e.generation == generation);
            recent.iter().find(|e| e.key == key).map(|e| e.sorted.clone())
        };
        if let Some(sorted) = found {
            return Ok(sorted);
        }
        // Built without the lock: walks side by side must not wait on each other's sort.
        let sorted = Arc::new(build()?);
        let mut recent = self.recent.lock().unwrap_or_else(|e| e.into_inner());
        if recent.len() == KEPT {
            recent.pop_front();
        }
        recent.push_back(Entry { generation, key, sorted: sorted.clone() });
        Ok(sorted)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    fn query(order: &str) -> ListQuery {
        ListQuery::parse(&serde_json::json!({"order": [order], "limit": 5})).unwrap()
    }

    #[test]
    fn a_walk_sorts_once_until_a_write_and_other_orders_sort_apart() {
        let index = ListIndex::default();
        let builds = Cell::new(0);
        let build = || {
            builds.set(builds.get() + 1);
            Ok(Sorted::default())
        };
        let page_two = ListQuery { limit: 50, ..query("createdAt") };
        for q in [query("createdAt"), page_two, query("createdAt")] {
            let _ = index.sorted(1, &q, build).unwrap();
        }
        assert_eq!(builds.get(), 1, "the limit and later pages share the sort");
        let _ = index.sorted(1, &query("updatedAt"), build).unwrap();
        assert_eq!(builds.get(), 2, "another order is another sort");
        let _ = index.sorted(2, &query("createdAt"), build).unwrap();
        assert_eq!(builds.get(), 3, "a write makes what was sorted stale");
    }
}
