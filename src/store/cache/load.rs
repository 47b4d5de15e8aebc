//! Loading cached tickets: a screenful by update time before the first frame, then the
//! rest, read in the table's order and decoded beside the reading (`decode`).

use rusqlite::params;

use super::{Cache, CacheError, decode};
use crate::desk::{Ticket, TicketId};

impl Cache {
    /// Cached tickets, most recently updated first, from `skip` on (at most `limit` of them;
    /// without a limit, every ticket but the first `skip`). The console loads
    /// one screenful before its first frame and the rest after it.
    pub fn load_tickets(&self, skip: usize, limit: Option<usize>) -> Result<Vec<Ticket>, CacheError> {
        self.load_tickets_checked(skip, limit).map(|(tickets, _)| tickets)
    }

    /// As `load_tickets`, with the ids of the rows that could not be read: skipped, not
    /// fatal, and to be fetched again (a sync only brings what changed since).
    pub fn load_tickets_checked(
        &self,
        skip: usize,
        limit: Option<usize>,
    ) -> Result<(Vec<Ticket>, Vec<TicketId>), CacheError> {
        let (mut tickets, mut unreadable) = (Vec::new(), Vec::new());
        self.load_batches(skip, limit, |batch, lost| {
            tickets.extend(batch);
            unreadable.extend(lost);
        })?;
        Ok((tickets, unreadable))
    }

    /// As `load_tickets_checked`, given to `deliver` (on another thread) in batches of a
    /// few thousand as they are decoded: the inbox merges one while the next decodes.
    ///
    /// Newest first, in the table's own order read backwards (a rowid is its ticket's search
    /// key, made of its update time): each page of the table is read once, and the inbox
    /// sorted by update appends each batch. Read by an index on the update time, each row
    /// was a seek from the index into the table, a quarter of loading 100,000 tickets.
    pub fn load_batches(
        &self,
        skip: usize,
        limit: Option<usize>,
        deliver: impl FnMut(Vec<Ticket>, Vec<TicketId>) + Send,
    ) -> Result<(), CacheError> {
        let mut newest = self
            .conn
            .prepare_cached("SELECT id, row FROM tickets ORDER BY rowid DESC LIMIT ?1 OFFSET ?2")
            .map_err(self.sql())?;
        // A limit of -1 is none.
        let limit = limit.map_or(-1, |l| l as i64);
        let rows = newest.query(params![limit, skip as i64]).map_err(self.sql())?;
        decode::tickets(|push| read_rows(rows, push), deliver).map_err(self.sql())
    }
}

/// Each row's id and bytes, borrowed from SQLite (no copy until the decoder's buffer). A
/// ticket without a row (its JSON did not decode when the cache became binary) is pushed
/// empty: unreadable, and fetched again.
fn read_rows(mut rows: rusqlite::Rows<'_>, push: &mut dyn FnMut(&str, &[u8])) -> rusqlite::Result<()> {
    while let Some(row) = rows.next()? {
        push(row.get_ref(0)?.as_str()?, row.get_ref(1)?.as_blob_or_null()?.unwrap_or_default());
    }
    Ok(())
}
