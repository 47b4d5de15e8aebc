//! Fault injection for tests and benchmarks: latency, random 5xx, a rate limit, and
//! scripted rules (a status, a 429 with `Retry-After` in either form, malformed or
//! truncated JSON, a stall past the client's timeout, a reset after the handler ran,
//! an oversized body).

use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Fault {
    /// Answer with this status and the error envelope, without running the handler.
    Status { status: u16 },
    /// 429 with `Retry-After` as seconds, or as an HTTP-date when `http_date`.
    RateLimited { retry_after_secs: u64, http_date: bool },
    /// 503 with `Retry-After` seconds.
    Unavailable { retry_after_secs: u64 },
    /// Run the handler, then answer 200 with a body that is not JSON.
    Malformed,
    /// Run the handler, then answer with its JSON cut in half.
    Truncated,
    /// Wait this long before running the handler (past the client's timeout).
    Stall { millis: u64 },
    /// Run the handler, then wait this long before answering: the change happened but the
    /// client may give up first (an unknown outcome).
    StallAfter { millis: u64 },
    /// Run the handler, then drop the connection mid-body.
    ResetAfter,
    /// Answer 200 with a JSON body of this many bytes.
    Oversized { bytes: usize },
    /// Run the handler, then replace the first `find` in its body with these raw bytes
    /// (bytes that are not UTF-8, a lone surrogate escape, a field of the wrong type, a
    /// false count).
    Rewrite { find: String, replace: Vec<u8> },
    /// A list that never ends: the first page again and again, each time with `hasNext`
    /// and the same cursor.
    LoopCursor,
}

/// A fault for requests whose method and path match, optionally only `times` times.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FaultRule {
    #[serde(default)]
    pub method: Option<String>,
    #[serde(default)]
    pub path_contains: Option<String>,
    pub fault: Fault,
    #[serde(default)]
    pub times: Option<u32>,
}

impl FaultRule {
    pub fn new(method: Option<&str>, path_contains: Option<&str>, fault: Fault) -> Self {
        FaultRule {
            method: method.map(str::to_string),
            path_contains: path_contains.map(str::to_string),
            fault,
            times: None,
        }
    }
    pub fn times(mut self, n: u32) -> Self {
        self.times = Some(n);
        self
    }
    /// `path_contains` matches anywhere in the path; ending it with `$` anchors it to the end
    /// (`/messages$` is a message post, not `/messages/list`).
    fn matches(&self, method: &str, path: &str) -> bool {
        let path_matches = |p: &str| match p.strip_suffix('$') {
            Some(suffix) => path.ends_with(suffix),
            None => path.contains(p),
        };
        self.method.as_deref().is_none_or(|m| m.eq_ignore_ascii_case(method))
            && self.path_contains.as_deref().is_none_or(path_matches)
            && self.times != Some(0)
    }
}

/// The fault settings in force; changeable while the simulator runs.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Faults {
    #[serde(default)]
    pub latency_ms: u64,
    /// Share of requests (0.0–1.0) answered with a 5xx.
    #[serde(default)]
    pub fail_rate: f64,
    /// Requests per second before 429s; `None` for no limit.
    #[serde(default)]
    pub rate_limit: Option<f64>,
    #[serde(default)]
    pub rules: Vec<FaultRule>,
}

impl Faults {
    /// The first matching rule's fault, using up one of its `times`.
    pub fn take(&mut self, method: &str, path: &str) -> Option<Fault> {
        let rule = self.rules.iter_mut().find(|r| r.matches(method, path))?;
        if let Some(n) = rule.times.as_mut() {
            *n -= 1;
        }
        Some(rule.fault.clone())
    }
}

/// A token bucket: `rate` requests per second, bursts up to `rate`.
#[derive(Debug)]
pub struct Bucket {
    tokens: f64,
    last: Instant,
}

impl Default for Bucket {
    fn default() -> Self {
        Bucket { tokens: f64::MAX, last: Instant::now() }
    }
}

impl Bucket {
    /// Take a token, or say how long until one is free.
    pub fn take(&mut self, rate: f64, now: Instant) -> Result<(), Duration> {
        let capacity = rate.max(1.0);
        self.tokens = (self.tokens.min(capacity) + now.duration_since(self.last).as_secs_f64() * rate).min(capacity);
        self.last = now;
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            Ok(())
        } else {
            Err(Duration::from_secs_f64((1.0 - self.tokens) / rate.max(0.001)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_match_and_run_out() {
        let mut f = Faults {
            rules: vec![FaultRule::new(Some("PATCH"), Some("/conversations/"), Fault::Status { status: 500 }).times(1)],
            ..Default::default()
        };
        assert_eq!(f.take("GET", "/api/conversations/x"), None);
        assert_eq!(f.take("patch", "/api/conversations/x"), Some(Fault::Status { status: 500 }));
        assert_eq!(f.take("PATCH", "/api/conversations/x"), None);
    }

    #[test]
    fn bucket_limits_rate() {
        let mut b = Bucket::default();
        let t0 = Instant::now();
        assert!(b.take(2.0, t0).is_ok());
        assert!(b.take(2.0, t0).is_ok());
        let wait = b.take(2.0, t0).unwrap_err();
        assert!(wait <= Duration::from_millis(500));
        assert!(b.take(2.0, t0 + Duration::from_millis(600)).is_ok());
    }
}
