//! `GET /v1/requests/exports` with Bearer auth.

use jiff::civil::Date;
use secrecy::{ExposeSecret, SecretString};

use super::types::{ThenaRequest, decode_export};
use crate::api::activity::{Activity, Reporter};
use crate::api::http::{self, Service};
use crate::api::lenient::Lenient;
use crate::api::retry::{Idempotency, RetryPolicy};
use crate::api::{ApiError, Timeouts};

const SERVICE: Service = Service { name: "Thena", env_var: "THENA_API_KEY" };

#[derive(Clone)]
pub struct ThenaClient {
    http: reqwest::Client,
    base: String,
    key: SecretString,
    reporter: Reporter,
}

impl std::fmt::Debug for ThenaClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ThenaClient").field("base", &self.base).field("key", &"[REDACTED]").finish()
    }
}

impl ThenaClient {
    pub fn new(base_url: &str, key: SecretString, timeouts: Timeouts) -> Result<Self, ApiError> {
        if key.expose_secret().trim().is_empty() {
            return Err(ApiError::Config { detail: "the Thena API key is empty".into() });
        }
        Ok(ThenaClient {
            http: http::build_client(timeouts)?,
            base: http::normalize_base(base_url)?,
            key,
            reporter: Reporter::default(),
        })
    }

    /// `https://{workspace}.thena.ai`, for a workspace name of letters, digits and dashes.
    pub fn base_for_workspace(workspace: &str) -> Result<String, ApiError> {
        let ok = !workspace.is_empty() && workspace.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
        if !ok {
            return Err(ApiError::Config { detail: format!("Thena workspace {workspace:?} is not a valid host name") });
        }
        Ok(format!("https://{}.thena.ai", workspace.to_ascii_lowercase()))
    }

    /// Report retries and the export's download progress to `reporter`.
    pub fn report_to(&mut self, reporter: Reporter) {
        self.reporter = reporter;
    }

    pub fn base_url(&self) -> &str {
        &self.base
    }

    /// The requests created from `start` to `end` (inclusive); download progress goes to the
    /// reporter.
    pub async fn export(&self, start: Date, end: Option<Date>) -> Result<Vec<Lenient<ThenaRequest>>, ApiError> {
        if let Some(end) = end.filter(|end| *end < start) {
            return Err(ApiError::Config { detail: format!("end_date {end} is before start_date {start}") });
        }
        let mut query = vec![("start_date", start.to_string())];
        if let Some(end) = end {
            query.push(("end_date", end.to_string()));
        }
        let query = &query;
        let body = RetryPolicy::default()
            .run(&self.reporter, Idempotency::Idempotent, || async move {
                let request = self
                    .http
                    .get(format!("{}/v1/requests/exports", self.base))
                    .query(query)
                    .bearer_auth(self.key.expose_secret().trim());
                let mut announced = 0;
                let mut report = |done: usize, total: Option<u64>| {
                    // Every 256 KiB is enough for a progress line.
                    if done >= announced + 256 * 1024 {
                        announced = done;
                        self.reporter.report(Activity::Downloading { what: "the Thena export", done, total });
                    }
                };
                http::execute_with_progress(SERVICE, request, &mut report).await
            })
            .await?;
        self.reporter.report(Activity::Decoding { what: "the Thena export" });
        decode_export(&body)
    }
}
