//! A slot that holds only the newest piece of work, run by a task of its own: holding `j`
//! down does not queue a thread request per row, typing does not queue a query per key.

use std::future::Future;
use std::sync::{Arc, Mutex};

use tokio::sync::Notify;
use tokio::task::JoinHandle;

pub(super) struct Latest<T> {
    slot: Arc<Mutex<Option<T>>>,
    wake: Arc<Notify>,
    task: JoinHandle<()>,
}

impl<T: Send + 'static> Latest<T> {
    /// Run `work` on each newest item; it answers whether to go on (the console is still
    /// listening).
    pub(super) fn spawn<F, Fut>(mut work: F) -> Latest<T>
    where
        F: FnMut(T) -> Fut + Send + 'static,
        Fut: Future<Output = bool> + Send,
    {
        let slot: Arc<Mutex<Option<T>>> = Arc::default();
        let wake = Arc::new(Notify::new());
        let (task_slot, task_wake) = (slot.clone(), wake.clone());
        let task = tokio::spawn(async move {
            loop {
                task_wake.notified().await;
                let next = task_slot.lock().unwrap_or_else(|e| e.into_inner()).take();
                if let Some(item) = next
                    && !work(item).await
                {
                    return;
                }
            }
        });
        Latest { slot, wake, task }
    }

    /// Replace whatever is waiting with `item`.
    pub(super) fn put(&self, item: T) {
        *self.slot.lock().unwrap_or_else(|e| e.into_inner()) = Some(item);
        self.wake.notify_one();
    }
}

impl<T> Drop for Latest<T> {
    fn drop(&mut self) {
        self.task.abort();
    }
}
