//! The cache on a thread of its own: SQLite never runs on the UI task or blocks the
//! runtime's workers. Calls run one at a time, in the order they were made, so a page is
//! stored before the ledger that counts it.

use std::sync::mpsc;

use crate::cache::Cache;

type Call = Box<dyn FnOnce(&mut Cache) + Send>;

/// A handle to the cache thread; cloned freely. The thread ends when every handle is gone.
#[derive(Clone)]
pub struct Store {
    calls: mpsc::Sender<Call>,
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
        Store { calls }
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
}
