//! What the network layer is doing that a person should see while it happens: a wait before
//! a retry, a long download. A client reports it to whoever gave it a `Reporter` (the
//! worker, which turns it into a `NetEvent` like any other answer); without one, to nobody.

use std::sync::Arc;
use std::time::Duration;

#[derive(Debug, Clone, PartialEq)]
pub enum Activity {
    /// A request waits before it is retried.
    Waiting {
        delay: Duration,
        reason: String,
    },
    /// A large answer is arriving (bytes so far, total when known), or being decoded.
    Downloading {
        what: &'static str,
        done: usize,
        total: Option<u64>,
    },
    Decoding {
        what: &'static str,
    },
}

/// Where a client's activity goes. Cheap to clone; the default reports to nobody.
#[derive(Clone, Default)]
pub struct Reporter(Option<Arc<dyn Fn(Activity) + Send + Sync>>);

impl Reporter {
    pub fn new(report: impl Fn(Activity) + Send + Sync + 'static) -> Self {
        Reporter(Some(Arc::new(report)))
    }

    pub fn report(&self, activity: Activity) {
        if let Some(report) = &self.0 {
            report(activity);
        }
    }
}

impl std::fmt::Debug for Reporter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_some() { "Reporter(listened)" } else { "Reporter(nobody)" })
    }
}
