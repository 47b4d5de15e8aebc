//! A damaged cache (unreadable, failing SQLite's `quick_check` or the search index's own
//! check) is moved aside, kept for a post-mortem, and a fresh one is filled from the server:
//! the console never runs cacheless for ever, nor writes into a broken index.

use std::path::{Path, PathBuf};

use super::{Cache, CacheError};

impl Cache {
    /// The cache at `path`, repaired when damaged: the cache, and where the damaged file
    /// went when it was.
    pub fn open_or_repair(path: &Path) -> Result<(Cache, Option<PathBuf>), CacheError> {
        match Cache::open(path).and_then(|cache| cache.check().map(|()| cache)) {
            Ok(cache) => Ok((cache, None)),
            // Another process holds it longer than SQLite's wait (a long migration on a slow
            // disk): busy, not damaged — never moved aside from under its other user.
            Err(e) if busy(&e) => Err(e),
            Err(e) => {
                tracing::warn!(%e, "the offline cache is damaged: moved aside and rebuilt");
                let aside = move_aside(path)?;
                Ok((Cache::open(path)?, Some(aside)))
            }
        }
    }

    /// `PRAGMA quick_check`, and the full-text index's integrity check.
    fn check(&self) -> Result<(), CacheError> {
        let sql = self.sql();
        let verdict: String = self.conn.query_row("PRAGMA quick_check", [], |r| r.get(0)).map_err(&sql)?;
        if verdict != "ok" {
            return Err(damaged(&self.path, &verdict));
        }
        self.conn.execute("INSERT INTO search (search) VALUES ('integrity-check')", []).map_err(sql)?;
        Ok(())
    }
}

fn busy(e: &CacheError) -> bool {
    use rusqlite::ErrorCode::{DatabaseBusy, DatabaseLocked};
    matches!(e, CacheError::Sqlite { source: rusqlite::Error::SqliteFailure(f, _), .. }
        if f.code == DatabaseBusy || f.code == DatabaseLocked)
}

fn damaged(path: &str, verdict: &str) -> CacheError {
    let why = crate::support::sanitize::line(verdict).chars().take(200).collect::<String>();
    CacheError::Io(std::io::Error::other(format!("{path} failed its check: {why}")))
}

/// `….damaged-TIME.sqlite` (with its journal files gone: they belong to the damage).
fn move_aside(path: &Path) -> Result<PathBuf, CacheError> {
    let stamp = jiff::Timestamp::now().as_second();
    let aside = path.with_extension(format!("damaged-{stamp}.sqlite"));
    if path.exists() {
        std::fs::rename(path, &aside)?;
    }
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    Ok(aside)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filled(path: &Path) {
        let (mut cache, repaired) = Cache::open_or_repair(path).unwrap();
        assert!(repaired.is_none());
        let tickets: Vec<crate::desk::Ticket> = (0..300)
            .map(|n| crate::desk::Ticket {
                id: crate::desk::TicketId(format!("t{n}")),
                number: n,
                title: format!("Ticket number {n} about webhooks").into(),
                ..Default::default()
            })
            .collect();
        cache.save_tickets(&tickets).unwrap();
    }

    /// A cache another process keeps writing past SQLite's wait (5 s) is busy, not damaged:
    /// the open fails (the console runs without it) and the file stays where it is.
    #[test]
    fn a_cache_held_by_another_writer_is_left_in_place() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("held.sqlite");
        filled(&path);
        let holder = rusqlite::Connection::open(&path).unwrap();
        holder.execute_batch("BEGIN IMMEDIATE; DELETE FROM meta;").unwrap();
        let opened = Cache::open_or_repair(&path);
        assert!(opened.as_ref().is_err_and(busy), "busy: {:?}", opened.err());
        holder.execute_batch("ROLLBACK").unwrap();
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert!(!names.iter().any(|n| n.to_string_lossy().contains("damaged")), "{names:?}");
        let (cache, repaired) = Cache::open_or_repair(&path).unwrap();
        assert!(repaired.is_none());
        assert_eq!(cache.load_tickets(0, None).unwrap().len(), 300, "its tickets still there");
    }

    #[test]
    fn a_truncated_or_garbled_cache_is_moved_aside_and_a_fresh_one_opens() {
        let dir = tempfile::tempdir().unwrap();
        for damage in ["truncate", "garble"] {
            let path = dir.path().join(format!("{damage}.sqlite"));
            filled(&path);
            let bytes = std::fs::read(&path).unwrap();
            match damage {
                "truncate" => std::fs::write(&path, &bytes[..bytes.len() / 3]).unwrap(),
                _ => {
                    let mut bytes = bytes;
                    for b in bytes.iter_mut().skip(4096).step_by(7) {
                        *b ^= 0x5a;
                    }
                    std::fs::write(&path, bytes).unwrap();
                }
            }
            let (mut cache, repaired) = Cache::open_or_repair(&path).unwrap();
            let aside = repaired.unwrap_or_else(|| panic!("{damage}: the damage was found"));
            assert!(aside.exists() && aside.to_string_lossy().contains("damaged-"));
            assert!(cache.load_tickets(0, None).unwrap().is_empty(), "{damage}: a fresh cache");
            cache.save_tickets(&[]).unwrap();
            assert!(Cache::open_or_repair(&path).unwrap().1.is_none(), "{damage}: and it stays healthy");
        }
    }
}
