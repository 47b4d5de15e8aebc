//! The cache on a thread of its own: SQLite never runs on the UI task or blocks the
//! runtime's workers. Calls run one at a time, in the order they were made, so a page is
//! stored before the ledger that counts it. A write that fails (a full disk) is told to the
//! state once, and so is the first write that works again: the console says it works from
//! memory, and queues nothing it could lose.

use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, OnceLock, mpsc};

use tokio::sync::mpsc::UnboundedSender;

use super::NetEvent;
use crate::store::cache::{Cache, CacheError};

type Call = Box<dyn FnOnce(&mut Cache) + Send>;

/// A handle to the cache thread; cloned freely. The thread ends when every handle is gone.
#[derive(Clone)]
pub struct Store {
    calls: mpsc::Sender<Call>,
    health: Arc<Health>,
}

/// Whether writes fail, and where to say so when that changes.
#[derive(Default)]
struct Health {
    failing: AtomicBool,
    /// Writes that worked since the last that failed.
    streak: AtomicU32,
    events: OnceLock<UnboundedSender<NetEvent>>,
}

/// Writes that must work in a row before the cache counts as writable again: on a full
/// disk a small write (the ledger) still fits where a page of tickets does not, so one
/// success says little.
const RECOVERED_AFTER: u32 = 8;

impl Health {
    fn written(&self, result: Result<(), CacheError>) {
        let told = match result {
            Err(e) => {
                tracing::warn!(%e, "the offline cache could not be written");
                self.streak.store(0, Ordering::SeqCst);
                (!self.failing.swap(true, Ordering::SeqCst)).then(|| Err(why(&e)))
            }
            Ok(()) => {
                let streak = self.streak.fetch_add(1, Ordering::SeqCst) + 1;
                let recovered = streak >= RECOVERED_AFTER && self.failing.swap(false, Ordering::SeqCst);
                recovered.then_some(Ok(()))
            }
        };
        if let (Some(told), Some(events)) = (told, self.events.get()) {
            let _ = events.send(NetEvent::CacheWritable(told));
        }
    }
}

/// A few words for the status bar: a full disk by name, anything else as SQLite says it
/// (never the file's path, which the log has).
fn why(e: &CacheError) -> String {
    let said = match e {
        CacheError::Sqlite { source: rusqlite::Error::SqliteFailure(f, _), .. }
            if f.code == rusqlite::ErrorCode::DiskFull =>
        {
            return "disk full".into();
        }
        CacheError::Io(io) if io.kind() == std::io::ErrorKind::StorageFull => return "disk full".into(),
        CacheError::Sqlite { source, .. } => source.to_string(),
        other => other.to_string(),
    };
    crate::support::sanitize::line(&said).into_owned()
}

impl Store {
    pub fn spawn(mut cache: Cache) -> Store {
        let (calls, queue) = mpsc::channel::<Call>();
        std::thread::Builder::new()
            .name("triage-cache".into())
            .spawn(move || {
                for call in queue {
                    call(&mut cache);
                }
            })
            .expect("the cache thread starts");
        Store { calls, health: Arc::default() }
    }

    /// Where a failing write (and the recovery) is told; the first caller wins.
    pub fn report_to(&self, events: UnboundedSender<NetEvent>) {
        let _ = self.health.events.set(events);
    }

    /// Run `f` on the cache and wait for its answer (`None` if the thread is gone).
    pub async fn call<T: Send + 'static>(&self, f: impl FnOnce(&mut Cache) -> T + Send + 'static) -> Option<T> {
        let (tx, rx) = tokio::sync::oneshot::channel();
        let call: Call = Box::new(move |cache| {
            let _ = tx.send(f(cache));
        });
        self.calls.send(call).ok()?;
        rx.await.ok()
    }

    /// Run `f` on the cache without waiting (still in order with every other call).
    pub fn send(&self, f: impl FnOnce(&mut Cache) + Send + 'static) {
        let _ = self.calls.send(Box::new(f));
    }

    /// A write, waited for: whether it failed is told as it changes.
    pub async fn write(&self, f: impl FnOnce(&mut Cache) -> Result<(), CacheError> + Send + 'static) {
        let health = self.health.clone();
        self.call(move |c| health.written(f(c))).await;
    }

    /// A write, not waited for (still in order with every other call).
    pub fn write_later(&self, f: impl FnOnce(&mut Cache) -> Result<(), CacheError> + Send + 'static) {
        let health = self.health.clone();
        self.send(move |c| health.written(f(c)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::desk::{Ticket, TicketId};

    fn tickets(from: u64, n: u64) -> Vec<Ticket> {
        let title = "a title long enough to take room ".repeat(8);
        (from..from + n)
            .map(|i| Ticket { id: TicketId(format!("t{i}")), title: title.clone().into(), ..Ticket::default() })
            .collect()
    }

    #[tokio::test]
    async fn a_full_disk_is_told_once_and_so_is_the_recovery() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open(&dir.path().join("c.sqlite")).unwrap();
        cache.leave_room(4);
        let store = Store::spawn(cache);
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        store.report_to(tx);
        store.write(|c| c.save_tickets(&tickets(0, 1))).await;
        assert!(rx.try_recv().is_err(), "a write that works says nothing");
        store.write(|c| c.save_tickets(&tickets(1, 2_000))).await;
        store.write(|c| c.save_tickets(&tickets(3_000, 2_000))).await;
        let told: Vec<_> = std::iter::from_fn(|| rx.try_recv().ok()).collect();
        assert!(
            matches!(told.as_slice(), [NetEvent::CacheWritable(Err(why))] if why == "disk full"),
            "once, by name: {told:?}"
        );
        store.write(|c| c.save_tickets(&tickets(0, 1))).await;
        assert!(rx.try_recv().is_err(), "one small write that fits says little");
        for _ in 1..RECOVERED_AFTER {
            store.write(|c| c.save_tickets(&tickets(0, 1))).await;
        }
        assert!(matches!(rx.try_recv(), Ok(NetEvent::CacheWritable(Ok(())))), "writes that work again are told");
    }
}
