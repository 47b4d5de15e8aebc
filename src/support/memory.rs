//! Giving the system back what the allocator holds free. glibc keeps the pages a burst of
//! work freed (a 50 MB export decoded, a hundred thousand tickets merged page by page) in
//! its per-thread arenas, resident for as long as the console runs: at 50,000 Thena
//! requests 214 MB were resident, 88 MB of them free; `malloc_trim` gave them back.
//!
//! The library has no unsafe code and the call is a foreign one, so the binary lends it:
//! `set_release` once at start. Tests and benchmarks that run the library in-process
//! leave it unset, and nothing is released.

use std::sync::OnceLock;

static RELEASE: OnceLock<fn()> = OnceLock::new();

/// How this process releases what its allocator holds free (the first call wins).
pub fn set_release(release: fn()) {
    let _ = RELEASE.set(release);
}

/// Release what the allocator holds free, off the caller's thread: the allocator walks
/// and locks every arena in turn, tens of milliseconds on a large heap, and the UI task
/// must not wait for it. Does nothing when the binary lent no way to.
pub fn release_freed() -> Option<std::thread::JoinHandle<()>> {
    let &release = RELEASE.get()?;
    // A thread that cannot start only means nothing is given back this time.
    std::thread::Builder::new().name("release".into()).spawn(release).ok()
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    static RELEASED: AtomicUsize = AtomicUsize::new(0);

    #[test]
    fn the_lent_release_runs_off_the_callers_thread() {
        fn count() {
            assert_eq!(std::thread::current().name(), Some("release"));
            RELEASED.fetch_add(1, Ordering::SeqCst);
        }
        super::set_release(count);
        super::release_freed().expect("a release thread").join().expect("it ran without a panic");
        assert_eq!(RELEASED.load(Ordering::SeqCst), 1);
    }
}
