//! What every client shares: building the `reqwest::Client`, sending, capping and decoding
//! responses, and turning HTTP failures into [`ApiError`]s.

use std::time::Duration;

use reqwest::{RequestBuilder, Response, header::HeaderMap};
use serde::de::DeserializeOwned;

use super::ApiError;
use crate::support::sanitize;

/// Responses larger than this are refused rather than buffered.
pub const MAX_BODY_BYTES: usize = 64 * 1024 * 1024;

/// Connect and whole-request deadlines (reqwest has none by default).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Timeouts {
    pub connect: Duration,
    pub request: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts { connect: Duration::from_secs(5), request: Duration::from_secs(30) }
    }
}

/// Who answered, for messages that tell the user which key to fix.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Service {
    pub name: &'static str,
    pub env_var: &'static str,
}

pub(crate) fn build_client(timeouts: Timeouts) -> Result<reqwest::Client, ApiError> {
    // reqwest is built without a default crypto provider (see Cargo.toml); install ring once.
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .connect_timeout(timeouts.connect)
        .timeout(timeouts.request)
        .user_agent(concat!("triage/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| ApiError::Config { detail: root_cause(&e.without_url()) })
}

/// Trim a configured base URL so paths can be appended with one `/`.
pub(crate) fn normalize_base(base: &str) -> Result<String, ApiError> {
    let base = base.trim().trim_end_matches('/');
    let parsed =
        reqwest::Url::parse(base).map_err(|e| ApiError::Config { detail: format!("base URL {base:?}: {e}") })?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(ApiError::Config { detail: format!("base URL {base:?} must be http or https") });
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(ApiError::Config { detail: "base URL must not carry credentials".into() });
    }
    Ok(base.to_string())
}

/// Send, check the status, and decode the JSON body into `T`.
pub(crate) async fn execute<T: DeserializeOwned>(service: Service, request: RequestBuilder) -> Result<T, ApiError> {
    let body = execute_raw(service, request).await?;
    decode(&body)
}

/// Send and check the status; the body of a success is returned as bytes.
pub(crate) async fn execute_raw(service: Service, request: RequestBuilder) -> Result<Vec<u8>, ApiError> {
    execute_with_progress(service, request, &mut |_, _| {}).await
}

/// Like [`execute_raw`], reporting `(bytes so far, total if known)` as the body arrives.
pub(crate) async fn execute_with_progress(
    service: Service,
    request: RequestBuilder,
    progress: &mut (dyn FnMut(usize, Option<u64>) + Send),
) -> Result<Vec<u8>, ApiError> {
    let response = request.send().await.map_err(transport_error)?;
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body = read_capped(response, progress).await?;
    if (200..300).contains(&status) { Ok(body) } else { Err(status_error(service, status, &headers, &body)) }
}

/// Decode JSON, naming the path of the field that failed ("data[3].priority: invalid type").
/// Bytes that are not UTF-8 and lone surrogates become U+FFFD first (`support::json`).
pub(crate) fn decode<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    let body = crate::support::json::repair(body);
    // Decoded once without path tracking; a body that fails is decoded again to say where.
    if let Ok(decoded) = serde_json::from_slice(&body) {
        return Ok(decoded);
    }
    let mut de = serde_json::Deserializer::from_slice(&body);
    serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let inner = sanitize::line(&e.inner().to_string()).into_owned();
        let detail = if path == "." { inner } else { format!("{inner} at {path}") };
        ApiError::Decode { detail }
    })
}

async fn read_capped(
    mut response: Response,
    progress: &mut (dyn FnMut(usize, Option<u64>) + Send),
) -> Result<Vec<u8>, ApiError> {
    let too_big = || ApiError::Decode { detail: format!("response larger than {} MiB", MAX_BODY_BYTES >> 20) };
    if response.content_length().is_some_and(|n| n as usize > MAX_BODY_BYTES) {
        return Err(too_big());
    }
    let total = response.content_length();
    // Sized once when the server says how big: a 50 MB export grown by doubling held 96 MB
    // at its last step, and left the heap fragmented after.
    let mut body = Vec::with_capacity(total.map_or(0, |n| n as usize));
    while let Some(chunk) = response.chunk().await.map_err(transport_error)? {
        if body.len() + chunk.len() > MAX_BODY_BYTES {
            return Err(too_big());
        }
        body.extend_from_slice(&chunk);
        progress(body.len(), total);
    }
    Ok(body)
}

fn transport_error(e: reqwest::Error) -> ApiError {
    let e = e.without_url();
    let detail = root_cause(&e);
    if e.is_timeout() {
        ApiError::Timeout
    } else if e.is_connect() {
        ApiError::Offline { detail }
    } else if e.is_builder() {
        ApiError::Config { detail }
    } else {
        ApiError::Interrupted { detail }
    }
}

/// The innermost error message, sanitized (it may quote server bytes).
fn root_cause(e: &(dyn std::error::Error + 'static)) -> String {
    let mut cause: &dyn std::error::Error = e;
    while let Some(next) = cause.source() {
        cause = next;
    }
    sanitize::line(&cause.to_string()).into_owned()
}

fn status_error(service: Service, status: u16, headers: &HeaderMap, body: &[u8]) -> ApiError {
    let title = error_title(body).unwrap_or_else(|| default_reason(status));
    let title = sanitize::line(&title).into_owned();
    let retry_after = retry_after(headers);
    match status {
        401 => ApiError::Unauthorized { service: service.name, env_var: service.env_var },
        404 => ApiError::NotFound { title },
        400 if title.to_ascii_lowercase().contains("not found") => ApiError::NotFound { title },
        429 => ApiError::RateLimited { retry_after },
        500..=599 => ApiError::Server { status, title, retry_after },
        _ => ApiError::Invalid { status, title },
    }
}

/// The server's own words: `errors[0].title` (Unthread), else `message` or `error`.
fn error_title(body: &[u8]) -> Option<String> {
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    let pick = |v: &serde_json::Value| v.as_str().map(str::to_string);
    value
        .pointer("/errors/0/title")
        .and_then(pick)
        .or_else(|| value.get("message").and_then(pick))
        .or_else(|| value.get("error").and_then(pick))
        .or_else(|| value.pointer("/error/message").and_then(pick))
        .filter(|t| !t.trim().is_empty())
        .map(|t| t.chars().take(300).collect())
}

fn default_reason(status: u16) -> String {
    reqwest::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("unexpected status")
        .to_string()
}

/// `Retry-After` as delay-seconds or an HTTP-date (RFC 9110 §10.2.3).
/// The longest wait a `Retry-After` is believed for: past it, the server is not making sense
/// (`18446744073709551615`), and an hour is as long as anyone should be told to wait.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(3600);

pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(reqwest::header::RETRY_AFTER)?.to_str().ok()?.trim();
    let wait = match value.parse::<u64>() {
        Ok(secs) => Duration::from_secs(secs),
        Err(_) => {
            let when = jiff::fmt::rfc2822::parse(value).ok()?.timestamp();
            Duration::try_from(when.duration_since(jiff::Timestamp::now())).unwrap_or(Duration::ZERO)
        }
    };
    Some(wait.min(MAX_RETRY_AFTER))
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::{HeaderValue, RETRY_AFTER};

    const UNTHREAD: Service = Service { name: "Unthread", env_var: "UNTHREAD_API_KEY" };

    #[test]
    fn not_found_is_a_400_with_that_title() {
        let body = br#"{"errors":[{"status":400,"title":"Conversation not found","id":23449693}]}"#;
        let err = status_error(UNTHREAD, 400, &HeaderMap::new(), body);
        assert_eq!(err, ApiError::NotFound { title: "Conversation not found".into() });
        let err = status_error(UNTHREAD, 400, &HeaderMap::new(), br#"{"errors":[{"title":"Invalid status"}]}"#);
        assert_eq!(err, ApiError::Invalid { status: 400, title: "Invalid status".into() });
    }

    #[test]
    fn retry_after_seconds_and_http_date() {
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, HeaderValue::from_static("7"));
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(7)));
        let later = jiff::Timestamp::now() + jiff::SignedDuration::from_secs(120);
        let date = jiff::fmt::rfc2822::DateTimePrinter::new().timestamp_to_rfc9110_string(&later).unwrap();
        headers.insert(RETRY_AFTER, HeaderValue::from_str(&date).unwrap());
        let wait = retry_after(&headers).unwrap().as_secs();
        assert!((110..=120).contains(&wait), "{wait}");
        headers.insert(RETRY_AFTER, HeaderValue::from_static("18446744073709551615"));
        assert_eq!(retry_after(&headers), Some(MAX_RETRY_AFTER), "an absurd wait is capped");
    }

    #[test]
    fn error_titles_are_sanitized() {
        let body = "{\"errors\":[{\"title\":\"bad \\u001b[31mthing\"}]}";
        let err = status_error(UNTHREAD, 422, &HeaderMap::new(), body.as_bytes());
        assert_eq!(err.to_string(), "the server refused the request: bad ␛[31mthing");
    }

    #[test]
    fn decode_names_the_field_path() {
        #[derive(serde::Deserialize, Debug)]
        struct Page {
            #[allow(dead_code)]
            data: Vec<Item>,
        }
        #[derive(serde::Deserialize, Debug)]
        struct Item {
            #[allow(dead_code)]
            n: u8,
        }
        let err = decode::<Page>(br#"{"data":[{"n":1},{"n":"x"}]}"#).unwrap_err();
        let ApiError::Decode { detail } = err else { panic!("{err:?}") };
        assert!(detail.contains("data[1].n"), "{detail}");
    }

    #[test]
    fn a_page_of_lenient_items_with_a_bad_envelope_names_the_envelope() {
        #[derive(serde::Deserialize, Debug)]
        struct Page {
            #[allow(dead_code)]
            data: Vec<crate::api::lenient::Lenient<u8>>,
            #[allow(dead_code)]
            total: u8,
        }
        let err = decode::<Page>(br#"{"data":[1,"x",3],"total":"many"}"#).unwrap_err();
        let ApiError::Decode { detail } = err else { panic!("{err:?}") };
        assert!(detail.contains("at total"), "{detail}");
        let page = decode::<Page>(br#"{"data":[1,"x",3],"total":3}"#).unwrap();
        assert_eq!(page.data.iter().filter(|i| i.as_ok().is_some()).count(), 2, "the bad item alone is lost");
    }
}
