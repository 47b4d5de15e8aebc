//! The offline cache, one SQLite file per profile: tickets, threads, customers, agents and
//! tags as last seen, and a full-text index over titles, customers, summaries and message bodies. The
//! console paints from it at once and works offline; the network then brings it up to date.

mod decode;
mod load;
mod repair;
mod row;
mod schema;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension, params};

use crate::desk::glance::Glance;
use crate::desk::outbox::Queued;
use crate::desk::{Agent, Customer, Ledger, Message, TagRef, Ticket, TicketId};

pub use schema::SCHEMA_VERSION;

/// How many full-text hits the console asks for: the newest, a few screenfuls (the
/// in-memory filter finds the rest in titles, customers, summaries and first messages).
pub const SEARCH_HITS: usize = 200;

#[derive(Debug, thiserror::Error)]
pub enum CacheError {
    #[error("the cache {path}: {source}")]
    Sqlite { path: String, source: rusqlite::Error },
    #[error("the cache directory: {0}")]
    Io(#[from] std::io::Error),
    #[error("the cache holds unreadable data: {0}")]
    Data(#[from] serde_json::Error),
}

pub struct Cache {
    conn: Connection,
    path: String,
    /// The file, for setting it aside (`None` in memory).
    file: Option<PathBuf>,
}

/// Which desk a cache belongs to: one file per backend, base URL and profile, so two
/// workspaces (or Unthread and Thena on one host) never share one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CacheKey {
    pub backend: &'static str,
    pub base_url: String,
    pub profile: String,
}

impl CacheKey {
    /// `PROFILE-BACKEND-HASH.sqlite`: readable, and distinct per base URL.
    pub fn file_name(&self) -> String {
        let clean = |s: &str| -> String {
            s.chars()
                .map(|c| if c.is_ascii_alphanumeric() || c == '-' { c.to_ascii_lowercase() } else { '_' })
                .collect()
        };
        let url = self.base_url.trim().trim_end_matches('/').to_ascii_lowercase();
        let hash = fnv1a(format!("{}\n{url}\n{}", self.backend, self.profile).as_bytes());
        format!("{}-{}-{hash:016x}.sqlite", clean(&self.profile), clean(self.backend))
    }
}

/// FNV-1a, 64 bits: a stable name for a base URL (not a secret, so no cryptography).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3))
}

/// `DATA_DIR/cache/PROFILE-BACKEND-HASH.sqlite`.
pub fn default_path(key: &CacheKey) -> Option<PathBuf> {
    let dirs = directories::ProjectDirs::from("dev", "triage", "triage")?;
    Some(dirs.data_dir().join("cache").join(key.file_name()))
}

/// Whether the workspace behind the network is the one the cache was filled from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Workspace {
    /// The same (or the cache had not met one yet: it now belongs to this one).
    Confirmed,
    /// Another: none of the agents the cache knows is among the server's.
    Foreign,
}

impl Cache {
    pub fn open(path: &Path) -> Result<Cache, CacheError> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
            }
        }
        let label = path.display().to_string();
        let wrap = |source| CacheError::Sqlite { path: label.clone(), source };
        let conn = Connection::open(path).map_err(wrap)?;
        // Customer conversations: readable by the agent alone (SQLite gives its journal files
        // the database's mode).
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
        }
        let mut cache = Cache::with_connection(conn, label)?;
        cache.file = Some(path.to_path_buf());
        Ok(cache)
    }

    pub fn in_memory() -> Result<Cache, CacheError> {
        Cache::with_connection(
            Connection::open_in_memory().map_err(|source| CacheError::Sqlite { path: ":memory:".into(), source })?,
            ":memory:".into(),
        )
    }

    fn with_connection(conn: Connection, path: String) -> Result<Cache, CacheError> {
        let mut cache = Cache { conn, path, file: None };
        let path = cache.path.clone();
        cache
            .conn
            .pragma_update(None, "journal_mode", "WAL")
            .map_err(|source| CacheError::Sqlite { path: path.clone(), source })?;
        schema::migrate(&mut cache.conn).map_err(|source| CacheError::Sqlite { path, source })?;
        Ok(cache)
    }

    /// Tests: room for `more` pages only, as a full disk would have it (SQLITE_FULL).
    #[cfg(test)]
    pub(crate) fn leave_room(&self, more: u32) {
        let pages: u32 = self.conn.pragma_query_value(None, "page_count", |r| r.get(0)).unwrap_or(0);
        let _ = self.conn.pragma_update(None, "max_page_count", pages + more);
    }

    fn sql(&self) -> impl Fn(rusqlite::Error) -> CacheError + '_ {
        |source| CacheError::Sqlite { path: self.path.clone(), source }
    }

    /// Insert or replace tickets (and their search entries) in one transaction.
    pub fn save_tickets(&mut self, tickets: &[Ticket]) -> Result<(), CacheError> {
        let path = self.path.clone();
        let sql = |source| CacheError::Sqlite { path: path.clone(), source };
        let tx = self.conn.transaction().map_err(sql)?;
        {
            // The upsert returns the ticket's key in the search index (none when it is new).
            let mut upsert = tx
                .prepare_cached(
                    "INSERT INTO tickets (id, updated, row) VALUES (?1, ?2, ?3) \
                     ON CONFLICT (id) DO UPDATE SET updated = excluded.updated, row = excluded.row \
                     RETURNING search_key",
                )
                .map_err(sql)?;
            let mut unindex = tx.prepare_cached("DELETE FROM search WHERE rowid = ?1").map_err(sql)?;
            let mut taken = tx.prepare_cached("SELECT EXISTS (SELECT 1 FROM search WHERE rowid = ?1)").map_err(sql)?;
            // The key is the row's rowid too: the table's order is newest first (`schema.rs`, 6).
            let mut keyed =
                tx.prepare_cached("UPDATE tickets SET search_key = ?2, rowid = ?2 WHERE id = ?1").map_err(sql)?;
            let mut index = tx
                .prepare_cached(
                    "INSERT INTO search (rowid, id, title, customer, summary, body) VALUES \
                     (?1, ?2, ?3, ?4, ?5, COALESCE((SELECT body FROM bodies WHERE id = ?2), ?6))",
                )
                .map_err(sql)?;
            let mut bytes = Vec::new();
            for t in tickets {
                let updated = t.updated_at.map_or(0, |u| u.as_microsecond());
                bytes.clear();
                row::encode(t, &mut bytes);
                let old: Option<i64> = upsert.query_row(params![t.id.0, updated, bytes], |r| r.get(0)).map_err(sql)?;
                if let Some(old) = old {
                    unindex.execute(params![old]).map_err(sql)?;
                }
                let key = match old {
                    Some(old) if schema::search_key_time(old) == updated => old,
                    _ => {
                        let mut key = schema::search_key(updated);
                        while taken.query_row(params![key], |r| r.get::<_, bool>(0)).map_err(sql)? {
                            key += 1;
                        }
                        keyed.execute(params![t.id.0, key]).map_err(sql)?;
                        key
                    }
                };
                index
                    .execute(params![key, t.id.0, t.title, t.customer_name, t.summary, &*t.first_message])
                    .map_err(sql)?;
            }
        }
        tx.commit().map_err(sql)
    }

    /// Tickets the server no longer holds: their rows, search entries, threads and bodies.
    pub fn delete_tickets(&mut self, ids: &[TicketId]) -> Result<(), CacheError> {
        let path = self.path.clone();
        let sql = |source| CacheError::Sqlite { path: path.clone(), source };
        let tx = self.conn.transaction().map_err(sql)?;
        for statement in [
            "DELETE FROM search WHERE rowid = (SELECT search_key FROM tickets WHERE id = ?1)",
            "DELETE FROM tickets WHERE id = ?1",
            "DELETE FROM threads WHERE id = ?1",
            "DELETE FROM bodies WHERE id = ?1",
            "DELETE FROM opened WHERE id = ?1",
        ] {
            let mut delete = tx.prepare_cached(statement).map_err(sql)?;
            for id in ids {
                delete.execute(params![id.0]).map_err(sql)?;
            }
        }
        tx.commit().map_err(sql)
    }

    /// A thread, and its text in the search index.
    pub fn save_thread(&mut self, ticket: &TicketId, messages: &[Message]) -> Result<(), CacheError> {
        self.save_threads(std::iter::once((ticket, messages)))
    }

    /// Threads, and their text in the search index, in one transaction.
    pub fn save_threads<'a>(
        &mut self,
        threads: impl IntoIterator<Item = (&'a TicketId, &'a [Message])>,
    ) -> Result<(), CacheError> {
        let path = self.path.clone();
        let sql = |source| CacheError::Sqlite { path: path.clone(), source };
        let tx = self.conn.transaction().map_err(sql)?;
        {
            let mut thread =
                tx.prepare_cached("INSERT OR REPLACE INTO threads (id, json) VALUES (?1, ?2)").map_err(sql)?;
            let mut bodies =
                tx.prepare_cached("INSERT OR REPLACE INTO bodies (id, body) VALUES (?1, ?2)").map_err(sql)?;
            let mut index = tx
                .prepare_cached(
                    "UPDATE search SET body = ?2 WHERE rowid = (SELECT search_key FROM tickets WHERE id = ?1)",
                )
                .map_err(sql)?;
            for (ticket, messages) in threads {
                let body: String = messages.iter().map(|m| m.body.as_str()).collect::<Vec<_>>().join("\n");
                thread.execute(params![ticket.0, serde_json::to_string(messages)?]).map_err(sql)?;
                bodies.execute(params![ticket.0, body]).map_err(sql)?;
                index.execute(params![ticket.0, body]).map_err(sql)?;
            }
        }
        tx.commit().map_err(sql)
    }

    pub fn load_thread(&self, ticket: &TicketId) -> Result<Option<Vec<Message>>, CacheError> {
        let json: Option<String> = self
            .conn
            .query_row("SELECT json FROM threads WHERE id = ?1", params![ticket.0], |r| r.get(0))
            .optional()
            .map_err(self.sql())?;
        Ok(json.and_then(|j| serde_json::from_str(&j).ok()))
    }

    fn save_blob(&mut self, key: &str, json: String) -> Result<(), CacheError> {
        self.conn
            .execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)", params![key, json])
            .map_err(self.sql())?;
        Ok(())
    }

    fn load_blob<T: serde::de::DeserializeOwned>(&self, key: &str) -> Result<Option<T>, CacheError> {
        let json: Option<String> = self
            .conn
            .query_row("SELECT value FROM meta WHERE key = ?1", params![key], |r| r.get(0))
            .optional()
            .map_err(self.sql())?;
        Ok(json.and_then(|j| serde_json::from_str(&j).ok()))
    }

    pub fn save_agents(&mut self, agents: &[Agent]) -> Result<(), CacheError> {
        self.save_blob("agents", serde_json::to_string(agents)?)
    }
    pub fn load_agents(&self) -> Result<Vec<Agent>, CacheError> {
        Ok(self.load_blob("agents")?.unwrap_or_default())
    }
    pub fn save_customer(&mut self, customer: &Customer) -> Result<(), CacheError> {
        self.save_blob(&format!("customer:{}", customer.id), serde_json::to_string(customer)?)
    }
    pub fn load_customer(&self, id: &str) -> Result<Option<Customer>, CacheError> {
        self.load_blob(&format!("customer:{id}"))
    }
    pub fn save_tags(&mut self, tags: &[TagRef]) -> Result<(), CacheError> {
        self.save_blob("tags", serde_json::to_string(tags)?)
    }
    pub fn load_tags(&self) -> Result<Vec<TagRef>, CacheError> {
        Ok(self.load_blob("tags")?.unwrap_or_default())
    }

    pub fn save_ledger(&mut self, ledger: &Ledger) -> Result<(), CacheError> {
        self.save_blob("ledger", serde_json::to_string(ledger)?)
    }
    /// How far the last fill got (`None` for a cache that has none: it fills again).
    pub fn load_ledger(&self) -> Result<Option<Ledger>, CacheError> {
        self.load_blob("ledger")
    }

    /// The outbox, whole: it is small, and written at each change of it.
    pub fn save_outbox(&mut self, queued: &[Queued]) -> Result<(), CacheError> {
        self.save_blob("outbox", serde_json::to_string(queued)?)
    }
    pub fn load_outbox(&self) -> Result<Vec<Queued>, CacheError> {
        Ok(self.load_blob("outbox")?.unwrap_or_default())
    }

    /// When each ticket was last opened in the console (for Unread), whole.
    /// The agent opened `ticket` at `at`: its one row (opening a ticket wrote every
    /// ticket ever opened, as one blob, until schema 6).
    pub fn save_opened(&mut self, ticket: &TicketId, at: jiff::Timestamp) -> Result<(), CacheError> {
        let sql = "INSERT OR REPLACE INTO opened (id, at) VALUES (?1, ?2)";
        self.conn.execute(sql, params![ticket.0, schema::nanos(at)]).map_err(self.sql())?;
        Ok(())
    }
    pub fn load_opened(&self) -> Result<Vec<(TicketId, jiff::Timestamp)>, CacheError> {
        let mut read = self.conn.prepare_cached("SELECT id, at FROM opened").map_err(self.sql())?;
        let rows = read.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))).map_err(self.sql())?;
        let opened = rows.filter_map(Result::ok);
        Ok(opened
            .filter_map(|(id, at)| Some((TicketId(id), jiff::Timestamp::from_nanosecond(at.into()).ok()?)))
            .collect())
    }

    /// The console's last glance at the whole inbox (for `triage stats --format`).
    pub fn save_glance(&mut self, glance: &Glance) -> Result<(), CacheError> {
        self.save_blob("glance", serde_json::to_string(glance)?)
    }
    pub fn load_glance(&self) -> Result<Option<Glance>, CacheError> {
        self.load_blob("glance")
    }

    /// Check the workspace by its agents: the first contact writes them down; later, a
    /// server none of whose agents the cache knows is another workspace.
    pub fn confirm_workspace(&mut self, agents: &[Agent]) -> Result<Workspace, CacheError> {
        let live: std::collections::BTreeSet<&str> = agents.iter().map(|a| a.id.as_str()).collect();
        let known: Option<Vec<String>> = self.load_blob("workspace_agents")?;
        let foreign = known.is_some_and(|known| {
            !known.is_empty() && !live.is_empty() && !known.iter().any(|id| live.contains(id.as_str()))
        });
        if foreign {
            return Ok(Workspace::Foreign);
        }
        self.save_blob("workspace_agents", serde_json::to_string(&live)?)?;
        Ok(Workspace::Confirmed)
    }

    /// Move this cache's file aside (`….foreign-TIME.sqlite`) and start an empty one in
    /// its place; in memory, just empty it.
    pub fn set_aside(&mut self) -> Result<(), CacheError> {
        let Some(file) = self.file.clone() else {
            let fresh = Cache::in_memory()?;
            *self = fresh;
            return Ok(());
        };
        let stamp = jiff::Timestamp::now().as_second();
        let aside = file.with_extension(format!("foreign-{stamp}.sqlite"));
        // Close the connection first: its WAL is checkpointed into the file that moves.
        let placeholder = Connection::open_in_memory().map_err(self.sql())?;
        drop(std::mem::replace(&mut self.conn, placeholder));
        std::fs::rename(&file, &aside)?;
        for suffix in ["-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", file.display()));
        }
        *self = Cache::open(&file)?;
        Ok(())
    }

    /// Full-text search over titles, customers, summaries and message bodies: the most
    /// recently updated `limit` tickets holding every word. The last word is a prefix
    /// (`webh` finds webhook) once it has two letters; a single letter waits for the next.
    ///
    /// Newest first rather than by relevance: the index's rowids are in update order, so
    /// the query stops after `limit` hits instead of ranking every match (a common word
    /// matches a fifth of 100,000 tickets; ranking them all took 90 ms).
    pub fn search(&self, text: &str, limit: usize) -> Result<Vec<TicketId>, CacheError> {
        let mut words: Vec<String> =
            text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(|w| w.replace('"', "")).collect();
        let typing = words.pop();
        // Whole words match exactly; only the word still being typed is a prefix.
        let mut terms: Vec<String> = words.iter().map(|w| format!("\"{w}\"")).collect();
        terms.extend(typing.filter(|w| w.chars().count() >= 2).map(|w| format!("\"{w}\"*")));
        if terms.is_empty() {
            return Ok(Vec::new());
        }
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id FROM search WHERE search MATCH ?1 ORDER BY rowid DESC LIMIT ?2")
            .map_err(self.sql())?;
        let rows =
            stmt.query_map(params![terms.join(" "), limit as i64], |r| r.get::<_, String>(0)).map_err(self.sql())?;
        rows.map(|r| r.map(TicketId).map_err(self.sql())).collect()
    }
}

#[cfg(test)]
mod tests;
