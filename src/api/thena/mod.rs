//! Thena's Requests Export API (`../shared/seeds/000_…txt`, API-NOTES §10). Read-only.

mod client;
mod fields;
mod types;

pub use client::ThenaClient;
pub use fields::{Field, parse_time};
pub use types::{ThenaRequest, decode_export};
