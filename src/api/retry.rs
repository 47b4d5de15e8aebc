//! Retries for idempotent calls only (reads, list POSTs, PATCH, tag links): exponential
//! backoff with jitter inside a total budget, honouring `Retry-After`. A message POST is
//! never retried: its outcome may be unknown, and a second try could post it twice.

use std::future::Future;
use std::time::Duration;

use tokio::time::Instant;

use super::ApiError;
use super::activity::{Activity, Reporter};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Idempotency {
    /// Safe to send again: the same request leaves the same state.
    Idempotent,
    /// Send once, whatever happens.
    Once,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RetryPolicy {
    pub attempts: u32,
    pub base: Duration,
    pub max_delay: Duration,
    /// No retry starts after this much time has gone by since the first attempt.
    pub budget: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            attempts: 4,
            base: Duration::from_millis(500),
            max_delay: Duration::from_secs(8),
            budget: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// The n-th backoff (from 0): doubling from `base`, capped, with jitter in [50 %, 100 %].
    fn backoff(&self, n: u32) -> Duration {
        let full = self.base.saturating_mul(2u32.saturating_pow(n)).min(self.max_delay);
        full.mul_f64(0.5 + rand::random::<f64>() * 0.5)
    }

    /// Run `attempt` until it succeeds, fails for good, or the budget is spent; each wait
    /// before a retry is reported.
    pub async fn run<T, F, Fut>(
        &self,
        reporter: &Reporter,
        idempotency: Idempotency,
        mut attempt: F,
    ) -> Result<T, ApiError>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T, ApiError>>,
    {
        let started = Instant::now();
        let mut tries = 0;
        loop {
            let error = match attempt().await {
                Ok(value) => return Ok(value),
                Err(e) => e,
            };
            tries += 1;
            if idempotency == Idempotency::Once || !error.is_transient() || tries >= self.attempts {
                return Err(error);
            }
            let delay = error.retry_after().unwrap_or_else(|| self.backoff(tries - 1));
            // A wait past the budget is not slept through: the user is told instead.
            if started.elapsed() + delay > self.budget {
                return Err(error);
            }
            tracing::info!(delay_ms = delay.as_millis() as u64, %error, "retrying");
            reporter.report(Activity::Waiting { delay, reason: error.short() });
            tokio::time::sleep(delay).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU32, Ordering};

    fn quick() -> RetryPolicy {
        RetryPolicy {
            attempts: 4,
            base: Duration::from_millis(1),
            max_delay: Duration::from_millis(4),
            budget: Duration::from_secs(5),
        }
    }

    #[tokio::test]
    async fn transient_failures_are_retried_until_success() {
        let calls = AtomicU32::new(0);
        let result = quick()
            .run(&Reporter::default(), Idempotency::Idempotent, || async {
                let n = calls.fetch_add(1, Ordering::SeqCst);
                if n < 2 {
                    Err(ApiError::Server { status: 503, title: "busy".into(), retry_after: None })
                } else {
                    Ok(n)
                }
            })
            .await;
        assert_eq!(result, Ok(2));
    }

    #[tokio::test]
    async fn once_means_once_and_permanent_errors_stop() {
        let calls = AtomicU32::new(0);
        let once: Result<(), _> = quick()
            .run(&Reporter::default(), Idempotency::Once, || async {
                calls.fetch_add(1, Ordering::SeqCst);
                Err(ApiError::Timeout)
            })
            .await;
        assert_eq!((once, calls.load(Ordering::SeqCst)), (Err(ApiError::Timeout), 1));
        let calls = AtomicU32::new(0);
        let _: Result<(), _> = quick()
            .run(&Reporter::default(), Idempotency::Idempotent, || async {
                calls.fetch_add(1, Ordering::SeqCst);
                Err(ApiError::NotFound { title: "gone".into() })
            })
            .await;
        assert_eq!(calls.load(Ordering::SeqCst), 1, "a 400 is not retried");
    }

    #[tokio::test(start_paused = true)]
    async fn retry_after_beyond_the_budget_is_not_slept() {
        let started = Instant::now();
        let calls = AtomicU32::new(0);
        let result: Result<(), _> = quick()
            .run(&Reporter::default(), Idempotency::Idempotent, || async {
                calls.fetch_add(1, Ordering::SeqCst);
                Err(ApiError::RateLimited { retry_after: Some(Duration::from_secs(120)) })
            })
            .await;
        // The clock is paused: only a sleep moves it, so no time gone means no wait slept.
        assert!(result.is_err() && calls.load(Ordering::SeqCst) == 1 && started.elapsed() == Duration::ZERO);
    }

    #[tokio::test]
    async fn at_most_the_attempts() {
        let calls = AtomicU32::new(0);
        let _: Result<(), _> = quick()
            .run(&Reporter::default(), Idempotency::Idempotent, || async {
                calls.fetch_add(1, Ordering::SeqCst);
                Err(ApiError::Offline { detail: "refused".into() })
            })
            .await;
        assert_eq!(calls.load(Ordering::SeqCst), 4);
    }

    #[tokio::test(start_paused = true)]
    async fn each_wait_is_reported_to_the_reporter() {
        let heard = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let reporter = {
            let heard = heard.clone();
            Reporter::new(move |a| heard.lock().unwrap().push(a))
        };
        let policy =
            RetryPolicy { attempts: 3, base: Duration::from_secs(1), max_delay: Duration::from_secs(1), ..quick() };
        let _: Result<(), _> =
            policy.run(&reporter, Idempotency::Idempotent, || async { Err(ApiError::Timeout) }).await;
        let heard = heard.lock().unwrap();
        assert_eq!(heard.len(), 2, "three attempts, two waits: {heard:?}");
        assert!(matches!(&heard[0], Activity::Waiting { delay, .. } if *delay >= Duration::from_millis(500)));
    }
}
