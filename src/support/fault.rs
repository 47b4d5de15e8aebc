//! Test builds only: `TRIAGE_FAULT=<point>` makes that point panic, so the tests can prove
//! a panic anywhere restores the terminal and ends the process with a failure.

#[cfg(debug_assertions)]
pub fn injected_fault(point: &str) {
    if std::env::var("TRIAGE_FAULT").is_ok_and(|f| f == point) {
        panic!("injected fault: {point}");
    }
}

#[cfg(not(debug_assertions))]
pub fn injected_fault(_: &str) {}
