//! What an injected fault does to one request: an answer instead of the handler's, a wait,
//! or the handler's answer broken on its way out.

use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use jiff::Timestamp;

use super::error::SimError;
use super::faults::Fault;

/// A fault that answers instead of the handler, or waits before it.
pub(super) async fn before(fault: Option<&Fault>) -> Option<Response> {
    let answer = match fault? {
        Fault::Status { status } => {
            let status = StatusCode::from_u16(*status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            SimError::status(status, status.canonical_reason().unwrap_or("Error")).into_response()
        }
        Fault::RateLimited { retry_after_secs, http_date } => {
            retry_after_response(StatusCode::TOO_MANY_REQUESTS, *retry_after_secs, *http_date)
        }
        Fault::Unavailable { retry_after_secs } => {
            retry_after_response(StatusCode::SERVICE_UNAVAILABLE, *retry_after_secs, false)
        }
        Fault::Oversized { bytes } => {
            let body = format!("{{\"data\":\"{}\"}}", "x".repeat(*bytes));
            ([(header::CONTENT_TYPE, "application/json")], body).into_response()
        }
        Fault::Stall { millis } => {
            tokio::time::sleep(Duration::from_millis(*millis)).await;
            return None;
        }
        _ => return None,
    };
    Some(answer)
}

/// A fault that breaks the handler's answer on its way out.
pub(super) async fn after(fault: Option<Fault>, response: Response) -> Response {
    match fault {
        Some(Fault::Rewrite { find, replace }) => {
            rewrite_body(response, |body| replace_first(body, find.as_bytes(), &replace)).await
        }
        Some(Fault::LoopCursor) => rewrite_body(response, looping_cursor).await,
        Some(Fault::Malformed) => {
            ([(header::CONTENT_TYPE, "application/json")], "{\"data\": [{\"id\": ").into_response()
        }
        Some(Fault::Truncated) => {
            let (parts, body) = response.into_parts();
            let full = axum::body::to_bytes(body, usize::MAX).await.unwrap_or_default();
            let mut parts = parts;
            parts.headers.remove(header::CONTENT_LENGTH);
            Response::from_parts(parts, Body::from(full.slice(..full.len() / 2)))
        }
        Some(Fault::StallAfter { millis }) => {
            tokio::time::sleep(Duration::from_millis(millis)).await;
            response
        }
        Some(Fault::ResetAfter) => {
            let (mut parts, body) = response.into_parts();
            let full = axum::body::to_bytes(body, usize::MAX).await.unwrap_or_default();
            parts.headers.insert(header::CONTENT_LENGTH, HeaderValue::from(full.len()));
            let half = full.slice(..full.len() / 2);
            let chunks: Vec<Result<Bytes, std::io::Error>> =
                vec![Ok(half), Err(std::io::Error::other("connection reset"))];
            Response::from_parts(parts, Body::from_stream(futures::stream::iter(chunks)))
        }
        _ => response,
    }
}

/// The request's body with its cursor removed (so the first page is served again).
pub(super) fn without_cursor(bytes: &Bytes) -> Bytes {
    let Ok(mut body) = serde_json::from_slice::<serde_json::Value>(bytes) else { return bytes.clone() };
    if let Some(map) = body.as_object_mut() {
        map.remove("cursor");
    }
    Bytes::from(body.to_string())
}

/// A page that says there is more, behind the same cursor as always.
fn looping_cursor(body: &[u8]) -> Vec<u8> {
    let Ok(mut page) = serde_json::from_slice::<serde_json::Value>(body) else { return body.to_vec() };
    page["cursors"] = serde_json::json!({"hasNext": true, "hasPrevious": true, "next": "bG9vcA", "previous": null});
    page.to_string().into_bytes()
}

fn replace_first(body: &[u8], find: &[u8], with: &[u8]) -> Vec<u8> {
    match body.windows(find.len().max(1)).position(|w| w == find) {
        Some(at) if !find.is_empty() => [&body[..at], with, &body[at + find.len()..]].concat(),
        _ => body.to_vec(),
    }
}

async fn rewrite_body(response: Response, change: impl FnOnce(&[u8]) -> Vec<u8>) -> Response {
    let (mut parts, body) = response.into_parts();
    let full = axum::body::to_bytes(body, usize::MAX).await.unwrap_or_default();
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(change(&full)))
}

pub(super) fn retry_after_response(status: StatusCode, secs: u64, http_date: bool) -> Response {
    let value = if http_date {
        let when = Timestamp::now() + jiff::SignedDuration::from_secs(secs as i64 + 1);
        jiff::fmt::rfc2822::DateTimePrinter::new()
            .timestamp_to_rfc9110_string(&when)
            .unwrap_or_else(|_| secs.to_string())
    } else {
        secs.to_string()
    };
    let title = if status == StatusCode::TOO_MANY_REQUESTS { "Too many requests" } else { "Service unavailable" };
    let mut response = SimError::status(status, title).into_response();
    if let Ok(v) = HeaderValue::from_str(&value) {
        response.headers_mut().insert(header::RETRY_AFTER, v);
    }
    response
}
