//! The Unthread REST API (`../shared/seeds/003_…txt` and API-NOTES.md).

mod client;
pub mod extras;
pub mod list;
pub mod reporting;
pub mod types;

pub use client::{Attachment, DEFAULT_BASE_URL, MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS, UnthreadClient};
pub use extras::*;
pub use list::{Cursors, ListRequest, ListResponse, Listed, Operator, TotalCount, Where, WhereValue, next_guarded};
pub use reporting::{DataPoint, DateDimension, Dimension, Metric, SeriesRow, TimeSeriesRequest, TimeSeriesResponse};
pub use types::*;
