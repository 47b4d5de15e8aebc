//! Wire types and HTTP clients. No UI and no domain types live here.

pub mod activity;
pub mod error;
mod http;
pub mod lenient;
pub mod retry;
pub mod thena;
pub mod unthread;

pub use error::ApiError;
pub use http::Timeouts;
