//! A guard for cursor walks: a server that answers `hasNext` for ever (the same cursor
//! again, pages of ids already seen, more pages than its own count implies) ends the walk
//! with a reason instead of growing the inbox without end.

use std::collections::HashSet;

/// Consecutive pages that add no new id before a walk is called a loop.
const STALE_PAGES: u32 = 2;
/// Pages allowed beyond what `totalCount` implies (rows move between pages while walking).
const SPARE_PAGES: u64 = 3;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Runaway {
    #[error("the server sent the same page cursor twice")]
    RepeatedCursor,
    #[error("the server kept sending pages with nothing new")]
    NothingNew,
    #[error("the server sent more pages than its count of {total} implies")]
    TooManyPages { total: u64 },
}

/// One walk's memory: cursors and ids seen, pages read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageGuard {
    cursors: HashSet<String>,
    ids: HashSet<String>,
    pages: u64,
    stale: u32,
    /// The most pages the walk may take, once a count is known.
    limit: Option<u64>,
}

impl PageGuard {
    pub fn new() -> Self {
        PageGuard::default()
    }

    /// Check one page: its item ids and the cursor it offers for the next page (`None` at
    /// the end). `total` is the server's count for the whole walk, when it gives one.
    pub fn check<'a>(
        &mut self,
        ids: impl IntoIterator<Item = &'a str>,
        next: Option<&str>,
        total: Option<u64>,
        page_size: u64,
    ) -> Result<(), Runaway> {
        self.pages += 1;
        if let (None, Some(total)) = (self.limit, total) {
            self.limit = Some(total.div_ceil(page_size.max(1)) + SPARE_PAGES);
        }
        let mut fresh = false;
        for id in ids {
            fresh |= self.ids.insert(id.to_string());
        }
        let Some(next) = next else { return Ok(()) };
        self.stale = if fresh { 0 } else { self.stale + 1 };
        if !self.cursors.insert(next.to_string()) {
            return Err(Runaway::RepeatedCursor);
        }
        if self.stale >= STALE_PAGES {
            return Err(Runaway::NothingNew);
        }
        match (self.limit, total) {
            (Some(limit), Some(total)) if self.pages >= limit => Err(Runaway::TooManyPages { total }),
            _ => Ok(()),
        }
    }

    /// The pages the server's count says are left (`None` before a page with a count).
    pub fn pages_left(&self) -> Option<u64> {
        self.limit.map(|limit| limit.saturating_sub(SPARE_PAGES).saturating_sub(self.pages))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_honest_walk_passes() {
        let mut guard = PageGuard::new();
        assert_eq!(guard.check(["a", "b"], Some("c1"), Some(5), 2), Ok(()));
        assert_eq!(guard.check(["c", "d"], Some("c2"), Some(5), 2), Ok(()));
        assert_eq!(guard.check(["e"], None, Some(5), 2), Ok(()));
        assert_eq!(guard.pages_left(), Some(0));
    }

    #[test]
    fn the_pages_left_are_what_the_count_implies_less_those_read() {
        let mut guard = PageGuard::new();
        assert_eq!(guard.pages_left(), None);
        assert_eq!(guard.check(["a", "b"], Some("c1"), Some(9), 2), Ok(()));
        assert_eq!(guard.pages_left(), Some(4));
    }

    #[test]
    fn the_same_cursor_twice_stops() {
        let mut guard = PageGuard::new();
        assert_eq!(guard.check(["a"], Some("c"), None, 1), Ok(()));
        assert_eq!(guard.check(["b"], Some("c"), None, 1), Err(Runaway::RepeatedCursor));
    }

    #[test]
    fn pages_of_old_ids_stop() {
        let mut guard = PageGuard::new();
        assert_eq!(guard.check(["a"], Some("1"), None, 1), Ok(()));
        assert_eq!(guard.check(["a"], Some("2"), None, 1), Ok(()));
        assert_eq!(guard.check(["a"], Some("3"), None, 1), Err(Runaway::NothingNew));
    }

    #[test]
    fn more_pages_than_the_count_allows_stop() {
        let mut guard = PageGuard::new();
        let mut result = Ok(());
        for page in 0..10 {
            let (id, cursor) = (format!("id{page}"), format!("c{page}"));
            result = guard.check([id.as_str()], Some(&cursor), Some(2), 1);
            if result.is_err() {
                assert_eq!(page, 4, "two pages and three spare");
                break;
            }
        }
        assert_eq!(result, Err(Runaway::TooManyPages { total: 2 }));
    }
}
