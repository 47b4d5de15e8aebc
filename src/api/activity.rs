//! What the network layer is doing that a person should see while it happens: a wait before
//! a retry, a long download. Announced on one process-wide channel the console listens to.

use std::sync::OnceLock;
use std::time::Duration;

use tokio::sync::broadcast;

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

fn channel() -> &'static broadcast::Sender<Activity> {
    static CHANNEL: OnceLock<broadcast::Sender<Activity>> = OnceLock::new();
    CHANNEL.get_or_init(|| broadcast::channel(32).0)
}

/// Tell whoever listens (nobody, outside the console).
pub fn announce(activity: Activity) {
    let _ = channel().send(activity);
}

pub fn subscribe() -> broadcast::Receiver<Activity> {
    channel().subscribe()
}
