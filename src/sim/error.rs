//! Errors in the real service's envelope: `{"errors":[{"status","title","id"}]}` (API-NOTES §4).

use std::sync::atomic::{AtomicU64, Ordering};

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

#[derive(Debug, Clone, PartialEq)]
pub struct SimError {
    pub status: StatusCode,
    pub title: String,
}

impl SimError {
    pub fn invalid(title: impl Into<String>) -> Self {
        SimError { status: StatusCode::BAD_REQUEST, title: title.into() }
    }
    /// Not found is a 400, as the real service answers (API-NOTES §4).
    pub fn not_found(what: &str) -> Self {
        SimError { status: StatusCode::BAD_REQUEST, title: format!("{what} not found") }
    }
    pub fn unauthorized() -> Self {
        SimError { status: StatusCode::UNAUTHORIZED, title: "Unauthorized: missing or invalid API key".into() }
    }
    pub fn status(status: StatusCode, title: impl Into<String>) -> Self {
        SimError { status, title: title.into() }
    }
}

/// Each error carries a fresh numeric trace id, like the real ones.
fn trace_id() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(23_449_693);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

impl IntoResponse for SimError {
    fn into_response(self) -> Response {
        let body = json!({"errors": [{"status": self.status.as_u16(), "title": self.title, "id": trace_id()}]});
        (self.status, axum::Json(body)).into_response()
    }
}
