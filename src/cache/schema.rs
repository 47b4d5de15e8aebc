//! The cache's schema, versioned with `PRAGMA user_version`; each migration moves one step.

use rusqlite::Connection;

/// Version 1 had tickets only; version 2 added threads, message bodies, metadata and the
/// full-text index.
pub const SCHEMA_VERSION: i64 = 2;

const V1: &str = "CREATE TABLE tickets (id TEXT PRIMARY KEY, updated INTEGER NOT NULL, json TEXT NOT NULL);";

const V2: &str = "
CREATE TABLE threads (id TEXT PRIMARY KEY, json TEXT NOT NULL);
CREATE TABLE bodies (id TEXT PRIMARY KEY, body TEXT NOT NULL);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE INDEX tickets_updated ON tickets (updated);
CREATE VIRTUAL TABLE search USING fts5 (id UNINDEXED, title, customer, summary, body, tokenize = 'unicode61');
";

pub fn migrate(conn: &mut Connection) -> rusqlite::Result<()> {
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let tx = conn.transaction()?;
    if version < 1 {
        tx.execute_batch(V1)?;
    }
    if version < 2 {
        tx.execute_batch(V2)?;
        // Tickets cached by version 1 become searchable.
        tx.execute_batch("INSERT INTO search (id, title, customer, summary, body) SELECT id, json_extract(json, '$.title'), json_extract(json, '$.customer_name'), json_extract(json, '$.summary'), '' FROM tickets;")?;
    }
    tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
    tx.commit()
}
