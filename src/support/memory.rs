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

/// Release what the allocator holds free; whether there was a way to. Never on the UI
/// task: the allocator walks and locks every arena in turn, milliseconds on a large heap.
pub fn release_freed() -> bool {
    RELEASE.get().map(|release| release()).is_some()
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    static RELEASED: AtomicUsize = AtomicUsize::new(0);

    #[test]
    fn the_release_the_binary_lends_is_the_one_called() {
        fn count() {
            RELEASED.fetch_add(1, Ordering::SeqCst);
        }
        super::set_release(count);
        assert!(super::release_freed());
        assert_eq!(RELEASED.load(Ordering::SeqCst), 1);
    }
}
