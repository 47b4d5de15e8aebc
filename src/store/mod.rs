//! What triage keeps on disk: the offline cache (with the outbox and the sync ledger), drafts,
//! and the `:` line's history and the last place in the inbox.

pub mod cache;
pub mod drafts;
pub mod history;
