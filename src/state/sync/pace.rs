//! How many walks of a partitioned fill run at once, adapted to the server the way TCP
//! adapts its window: one more after each answer about as fast as the fastest seen, one
//! fewer after an answer much slower than that (the server is queueing), half as many after
//! a refusal (429, or a server error after the client's own retries). Never above the cap
//! (`[sync] partitions`), never below one. Before the server has answered at all the window
//! is `START`; once it has answered the newest page, the walks open at the cap: a fill of
//! 20,000 spent a round and a half widening from four (1.67 s against its 1.62 s).

use std::time::Duration;

/// The walks a fill starts with, before it has heard from the server.
const START: usize = 4;
/// Latency the window ignores: jitter, not a server slowing down.
const SLACK: Duration = Duration::from_millis(20);

#[derive(Debug, Clone, PartialEq)]
pub struct Pace {
    window: usize,
    cap: usize,
    fastest: Option<Duration>,
    /// The widest the window has been (what a benchmark reports).
    pub widest: usize,
}

impl Pace {
    pub fn new(cap: usize) -> Self {
        let cap = cap.clamp(1, crate::desk::MAX_PARTITIONS);
        Pace { window: START.min(cap), cap, fastest: None, widest: START.min(cap) }
    }

    /// How many walks may be out now.
    pub fn window(&self) -> usize {
        self.window
    }

    pub fn cap(&self) -> usize {
        self.cap
    }

    /// The server answered the fill's first request (the newest page) after `took`: it is
    /// up and answering, so the walks may open at the cap. Its time is the first fastest.
    pub fn heard(&mut self, took: Duration) {
        if self.fastest.is_none() {
            (self.fastest, self.window) = (Some(took), self.cap);
            self.widest = self.widest.max(self.window);
        }
    }

    /// A walk's page came back after `took`.
    pub fn answered(&mut self, took: Duration) {
        let fastest = self.fastest.map_or(took, |f| f.min(took));
        self.fastest = Some(fastest);
        if took <= fastest.mul_f64(1.5) + SLACK {
            self.window = (self.window + 1).min(self.cap);
        } else if took > fastest * 2 + SLACK {
            self.window = (self.window - 1).max(1);
        }
        self.widest = self.widest.max(self.window);
    }

    /// The server refused a walk's page (rate limited, or failing under the load).
    pub fn refused(&mut self) {
        self.window = (self.window / 2).max(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MS: Duration = Duration::from_millis(1);

    #[test]
    fn widens_while_the_server_answers_fast_up_to_the_cap() {
        let mut pace = Pace::new(8);
        assert_eq!(pace.window(), 4);
        for _ in 0..10 {
            pace.answered(50 * MS);
        }
        assert_eq!((pace.window(), pace.widest), (8, 8), "never above the cap");
        let mut small = Pace::new(2);
        small.answered(50 * MS);
        assert_eq!(small.window(), 2, "a cap below the start holds from the first page");
    }

    #[test]
    fn narrows_as_latency_rises_and_halves_on_a_refusal() {
        let mut pace = Pace::new(8);
        (0..4).for_each(|_| pace.answered(50 * MS));
        assert_eq!(pace.window(), 8);
        pace.answered(70 * MS);
        assert_eq!(pace.window(), 8, "jitter is not a slowdown");
        pace.answered(90 * MS);
        assert_eq!(pace.window(), 8, "between fast and slow: hold");
        pace.answered(200 * MS);
        pace.answered(250 * MS);
        assert_eq!(pace.window(), 6, "the server is queueing: one fewer each slow answer");
        pace.refused();
        assert_eq!(pace.window(), 3);
        (0..5).for_each(|_| pace.refused());
        assert_eq!(pace.window(), 1, "never below one");
        pace.answered(50 * MS);
        assert_eq!(pace.window(), 2, "and it widens again once the answers are fast");
    }

    #[test]
    fn a_server_heard_from_once_opens_the_cap_and_then_adapts() {
        let mut pace = Pace::new(8);
        pace.heard(50 * MS);
        assert_eq!((pace.window(), pace.widest), (8, 8), "the newest page answered: the cap");
        pace.answered(200 * MS);
        assert_eq!(pace.window(), 7, "slower than the newest page: one fewer");
        pace.heard(10 * MS);
        assert_eq!(pace.window(), 7, "only the first answer opens the cap");
        let mut small = Pace::new(2);
        small.heard(50 * MS);
        assert_eq!(small.window(), 2, "never above the cap");
    }

    #[test]
    fn the_cap_is_kept_within_what_the_worker_runs_at_once() {
        assert_eq!(Pace::new(0).cap(), 1);
        assert_eq!(Pace::new(1000).cap(), crate::desk::MAX_PARTITIONS);
    }
}
