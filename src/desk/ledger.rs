//! How far the first fill of an inbox has got: persisted with the cache, so an interrupted
//! fill resumes where it stopped (the state machine that keeps it is `app::state::sync`).

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::DateRange;

/// One cursor walk of the fill: a created-date partition, or the whole query (`range: None`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Walk {
    pub range: Option<DateRange>,
    /// Where it carries on; `None` from the beginning.
    pub cursor: Option<String>,
    pub done: bool,
}

/// What is known of the fill, persisted with the cache.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Ledger {
    pub walks: Vec<Walk>,
    /// Syncs ask for what changed since here (less the margin): the newest change seen when
    /// the fill began, then the newest a sync brought.
    pub mark: Option<Timestamp>,
    /// The server's count of the whole query.
    pub total: Option<u64>,
    pub complete: bool,
}
