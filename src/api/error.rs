//! One error type for every remote call, phrased so a user can act on it.

use std::time::Duration;

/// What went wrong with a request. `Display` is written for the status bar: it never
/// contains the API key (the key travels only in a header) nor a URL.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ApiError {
    #[error("{service} rejected the API key (401): check {env_var} or your profile's key")]
    Unauthorized { service: &'static str, env_var: &'static str },
    #[error("not found on the server ({title})")]
    NotFound { title: String },
    #[error("the server refused the request: {title}")]
    Invalid { status: u16, title: String },
    #[error("rate limited by the server{}", wait_hint(*retry_after))]
    RateLimited { retry_after: Option<Duration> },
    #[error("server error {status}: {title}{}", wait_hint(*retry_after))]
    Server { status: u16, title: String, retry_after: Option<Duration> },
    #[error("the request timed out; the server may or may not have received it")]
    Timeout,
    #[error("cannot reach the server ({detail}); is the network up?")]
    Offline { detail: String },
    #[error("the connection dropped mid-request ({detail})")]
    Interrupted { detail: String },
    #[error("the server's answer could not be read: {detail}")]
    Decode { detail: String },
    #[error("invalid setting: {detail}")]
    Config { detail: String },
    /// A cursor walk stopped because the server would have kept it going for ever.
    #[error("stopped reading pages: {0}")]
    Runaway(#[from] crate::support::pages::Runaway),
}

fn wait_hint(retry_after: Option<Duration>) -> String {
    match retry_after {
        Some(d) => format!("; retry in {}s", d.as_secs().max(1)),
        None => String::new(),
    }
}

impl ApiError {
    /// The request may have reached the server although no answer came back: a
    /// non-idempotent call (posting a message) must be reconciled, never blindly resent. A
    /// 5xx is one too: the service may have stored the message before it failed.
    pub fn outcome_unknown(&self) -> bool {
        matches!(self, ApiError::Timeout | ApiError::Interrupted { .. } | ApiError::Server { .. })
    }

    /// Worth retrying for an idempotent call: transient server or network trouble.
    pub fn is_transient(&self) -> bool {
        match self {
            ApiError::RateLimited { .. } | ApiError::Timeout | ApiError::Offline { .. } => true,
            ApiError::Interrupted { .. } => true,
            ApiError::Server { status, .. } => matches!(status, 500 | 502 | 503 | 504),
            _ => false,
        }
    }

    /// A few words for a narrow status bar.
    pub fn short(&self) -> String {
        match self {
            ApiError::Offline { .. } => "offline: cannot reach the server".into(),
            ApiError::Timeout => "the server is not answering".into(),
            ApiError::Interrupted { .. } => "the connection dropped".into(),
            ApiError::RateLimited { .. } => "rate limited".into(),
            ApiError::Server { status, .. } => format!("server error {status}"),
            other => other.to_string(),
        }
    }

    /// How long the server asked us to wait, when it said so.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            ApiError::RateLimited { retry_after } | ApiError::Server { retry_after, .. } => *retry_after,
            _ => None,
        }
    }
}
