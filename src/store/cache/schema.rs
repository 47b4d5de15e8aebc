//! The cache's schema, versioned with `PRAGMA user_version`; each migration moves one step.

use rusqlite::{Connection, OptionalExtension};

/// Version 1 had tickets only; version 2 added threads, message bodies, metadata and a
/// full-text index; version 3 keys the index by the ticket's rowid and keeps prefix indexes;
/// version 4 keys it by the ticket's update time (`search_key`), so hits come newest first
/// without ranking every match; version 5 keeps a ticket's first message as its own field,
/// not inside a searchable copy of the whole ticket (`haystack`, the message after a 0x1f);
/// version 6 keeps a ticket as a binary row (`row.rs`) instead of JSON, with its search key
/// for its rowid: the table's own order is the inbox's (newest first, read backwards); and
/// when each ticket was opened as a row of its own (`opened`).
pub const SCHEMA_VERSION: i64 = 6;

/// Keys per microsecond of update time: tickets updated in the same microsecond take the
/// next free key.
const KEYS_PER_MICROSECOND: i64 = 1024;

/// The first search key for a ticket updated at `updated` (microseconds since the epoch).
pub fn search_key(updated: i64) -> i64 {
    updated.saturating_mul(KEYS_PER_MICROSECOND)
}

/// The update time a search key was made from.
pub fn search_key_time(key: i64) -> i64 {
    key / KEYS_PER_MICROSECOND
}

const V1: &str = "CREATE TABLE tickets (id TEXT PRIMARY KEY, updated INTEGER NOT NULL, json TEXT NOT NULL);";

const V2: &str = "
CREATE TABLE threads (id TEXT PRIMARY KEY, json TEXT NOT NULL);
CREATE TABLE bodies (id TEXT PRIMARY KEY, body TEXT NOT NULL);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE INDEX tickets_updated ON tickets (updated);
";

const V3: &str = "
DROP TABLE IF EXISTS search;
CREATE VIRTUAL TABLE search USING fts5 (
    id UNINDEXED, updated UNINDEXED, title, customer, summary, body,
    tokenize = 'unicode61', prefix = '2 3'
);
INSERT INTO search (rowid, id, updated, title, customer, summary, body)
    SELECT t.rowid, t.id, t.updated, json_extract(t.json, '$.title'), json_extract(t.json, '$.customer_name'),
           json_extract(t.json, '$.summary'), COALESCE(b.body, '')
    FROM tickets t LEFT JOIN bodies b ON b.id = t.id;
";

const V4: &str = "
ALTER TABLE tickets ADD COLUMN search_key INTEGER;
DROP TABLE IF EXISTS search;
CREATE VIRTUAL TABLE search USING fts5 (
    id UNINDEXED, title, customer, summary, body,
    tokenize = 'unicode61', prefix = '2 3'
);
-- Keys as search_key() makes them, 1024 (KEYS_PER_MICROSECOND) a microsecond.
UPDATE tickets SET search_key = k.key FROM (
    SELECT rowid AS r, updated * 1024 + ROW_NUMBER() OVER (PARTITION BY updated ORDER BY rowid) - 1 AS key
    FROM tickets
) AS k WHERE k.r = tickets.rowid;
INSERT INTO search (rowid, id, title, customer, summary, body)
    SELECT t.search_key, t.id, json_extract(t.json, '$.title'), json_extract(t.json, '$.customer_name'),
           json_extract(t.json, '$.summary'), COALESCE(b.body, '')
    FROM tickets t LEFT JOIN bodies b ON b.id = t.id;
";

const V5: &str = "
UPDATE tickets SET json = json_set(json_remove(json, '$.haystack'), '$.first_message',
    substr(json_extract(json, '$.haystack'), instr(json_extract(json, '$.haystack'), char(31)) + 1))
WHERE instr(json_extract(json, '$.haystack'), char(31)) > 0;
UPDATE tickets SET json = json_remove(json, '$.haystack') WHERE json_type(json, '$.haystack') IS NOT NULL;
";

/// Version 6: each JSON row becomes a binary one (in Rust: the layout is `row.rs`'s), and
/// the JSON goes. A row whose JSON does not decode keeps no row: it loads as unreadable and
/// is fetched again, as it would have been. Each row's rowid becomes its search key (its
/// update time, then one more a tie), so reading the table backwards is reading it newest
/// first, page after page, and the inbox appends what it reads instead of placing each
/// ticket by binary search (the update-time index is no longer needed).
fn to_binary_rows(tx: &rusqlite::Transaction) -> rusqlite::Result<()> {
    // A new table filled in key order (each row an append), then renamed: altering the old
    // one in place (a column added, each row rewritten, the JSON dropped, each rowid moved)
    // took 4.2 s at 100,000 tickets.
    tx.execute_batch(
        "CREATE TABLE binary_tickets (id TEXT PRIMARY KEY, updated INTEGER NOT NULL, search_key INTEGER, row BLOB)",
    )?;
    {
        let mut read = tx.prepare("SELECT id, updated, search_key, json FROM tickets ORDER BY search_key")?;
        let mut write =
            tx.prepare("INSERT INTO binary_tickets (rowid, id, updated, search_key, row) VALUES (?3, ?1, ?2, ?3, ?4)")?;
        let mut rows = read.query([])?;
        let mut bytes = Vec::new();
        while let Some(r) = rows.next()? {
            bytes.clear();
            if let Ok(ticket) = serde_json::from_str::<crate::desk::Ticket>(r.get_ref(3)?.as_str()?) {
                super::row::encode(&ticket, &mut bytes);
            }
            let row = (!bytes.is_empty()).then_some(&bytes);
            write.execute(rusqlite::params![
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, Option<i64>>(2)?,
                row
            ])?;
        }
    }
    tx.execute_batch("DROP TABLE tickets; ALTER TABLE binary_tickets RENAME TO tickets;")?;
    opened_to_rows(tx)
}

/// `at` in nanoseconds since the epoch, as the `opened` table keeps it (exact: a time read
/// back must equal the time kept; an i64 holds them until 2262).
pub fn nanos(at: jiff::Timestamp) -> i64 {
    i64::try_from(at.as_nanosecond()).unwrap_or(i64::MAX)
}

/// Version 6 also keeps when each ticket was opened (Unread) as a row a ticket: as one blob,
/// every open wrote every ticket ever opened.
fn opened_to_rows(tx: &rusqlite::Transaction) -> rusqlite::Result<()> {
    tx.execute_batch("CREATE TABLE opened (id TEXT PRIMARY KEY, at INTEGER NOT NULL)")?;
    let blob: Option<String> =
        tx.query_row("SELECT value FROM meta WHERE key = 'opened'", [], |r| r.get(0)).optional()?;
    let opened: Vec<(String, jiff::Timestamp)> = blob.and_then(|b| serde_json::from_str(&b).ok()).unwrap_or_default();
    let mut write = tx.prepare("INSERT OR REPLACE INTO opened (id, at) VALUES (?1, ?2)")?;
    for (id, at) in opened {
        write.execute(rusqlite::params![id, nanos(at)])?;
    }
    tx.execute("DELETE FROM meta WHERE key = 'opened'", []).map(drop)
}

pub fn migrate(conn: &mut Connection) -> rusqlite::Result<()> {
    let version = |conn: &Connection| conn.pragma_query_value(None, "user_version", |r| r.get::<_, i64>(0));
    if version(conn)? == SCHEMA_VERSION {
        return Ok(());
    }
    // Another console (or a script) may be migrating the same file: the write lock is taken
    // first and the version read under it, so the second one waits (SQLite's busy timeout)
    // and finds the work done, instead of migrating a table that has changed under it.
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let version = version(&tx)?;
    if version < 1 {
        tx.execute_batch(V1)?;
    }
    if version < 2 {
        tx.execute_batch(V2)?;
    }
    if version < 3 {
        // Rebuilt from what is cached, so tickets from any earlier version become searchable.
        tx.execute_batch(V3)?;
    }
    if version < 4 {
        tx.execute_batch(V4)?;
    }
    if version < 5 {
        tx.execute_batch(V5)?;
    }
    if version < 6 {
        to_binary_rows(&tx)?;
    }
    tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
    tx.commit()
}
