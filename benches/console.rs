//! Console budgets (DESIGN.md, issues 15 and 18): one full frame at 160×50 with 100 and
//! 100,000 tickets loaded, with the view tabs and the reply clocks (≤ 0.5 ms, flat in N); one
//! filter keystroke over 100,000 tickets (≤ 2 ms), and the widest one (a first letter); the
//! view counts over 100,000 tickets after a sync (≤ 5 ms); and the keystroke after a paste
//! (issue 47: ≤ 16 ms after 10 MB, the update and the frame it draws). `cargo bench --bench
//! console`.

use divan::Bencher;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use triage::command::action::Action;
use triage::desk::*;
use triage::state::AppState;
use triage::state::keymap::Keymap;
use triage::ui::{self, UiState};
use triage::worker::NetEvent;

mod common;
use common::tickets;

fn main() {
    divan::main();
}

fn loaded_state(n: usize) -> AppState {
    let caps = Capabilities { reply: true, mutate: true, reporting: true, partitions: false, clocks: true, live: true };
    let mut state = AppState::new("Unthread", "bench", caps, "2026-11-20T12:00:00Z".parse().unwrap());
    let _ = state.update(Action::Resize(160, 50));
    state.inbox.tabs = triage::state::views::ViewTabs::new(triage::desk::views::View::defaults());
    let start = state.start();
    let req = start
        .iter()
        .find_map(|e| match e {
            triage::state::Effect::Job(triage::worker::Job::Inbox { req, .. }) => Some(*req),
            _ => None,
        })
        .expect("the first page is requested");
    let page = InboxPage { tickets: tickets(n), next: None, total: Some(n as u64), damaged: vec![], unreadable: 0 };
    let _ = state.update(Action::Net(NetEvent::Inbox { req, result: Ok(page), took: std::time::Duration::ZERO }));
    // Somewhere in the middle of the list, as after some scrolling.
    let _ = state.update(Action::Move(triage::command::action::Move::PageDown));
    state
}

#[divan::bench(args = [100, 100_000], sample_count = 200)]
fn frame_160x50(bencher: Bencher, tickets: usize) {
    let state = loaded_state(tickets);
    let keymap = Keymap::default();
    let mut ui = UiState::default();
    let mut terminal = Terminal::new(TestBackend::new(160, 50)).unwrap();
    bencher.bench_local(|| {
        terminal
            .draw(|f| {
                let _ = ui::render(f, &state, &keymap, &mut ui);
            })
            .unwrap();
    });
}

#[divan::bench(sample_count = 50)]
fn filter_keystroke_100k(bencher: Bencher) {
    let mut state = loaded_state(100_000);
    state.inbox.set_search("webhoo".into());
    let mut flip = false;
    bencher.bench_local(|| {
        // Typing the last letter (narrowing what `webhoo` found) or deleting it (back to
        // that result): the keystrokes of a query being typed.
        flip = !flip;
        state.inbox.set_search(if flip { "webhook".into() } else { "webhoo".into() });
    });
}

#[divan::bench(sample_count = 50)]
fn filter_first_letter_100k(bencher: Bencher) {
    let mut state = loaded_state(100_000);
    let mut flip = false;
    bencher.bench_local(|| {
        // The widest keystroke: one letter from nothing, a pass over every haystack.
        flip = !flip;
        state.inbox.set_search(if flip { "w".into() } else { String::new() });
    });
}

#[divan::bench(sample_count = 50)]
fn view_counts_100k(bencher: Bencher) {
    let mut state = loaded_state(100_000);
    // What a sync (or the minute tick) costs: every default view counted over every ticket.
    bencher.bench_local(|| state.inbox.recount());
}

/// A paste of `bytes` in lines of 80 letters, as a log or a stack trace pasted whole.
fn pasted(bytes: usize) -> String {
    let line = format!("{}\n", "x".repeat(79));
    line.repeat(bytes / line.len())
}

/// The keystroke after a paste: the update (the text area's edit and the draft kept) and the
/// frame that shows it. 64 KiB is the longest paste kept in the text area; 10 MB goes to the
/// draft as `paste.txt` instead.
#[divan::bench(args = [64 * 1024, 10 * 1024 * 1024], sample_count = 50)]
fn keystroke_after_paste(bencher: Bencher, bytes: usize) {
    let mut state = loaded_state(100);
    let _ = state.update(Action::StartReply);
    let _ = state.update(Action::Paste(pasted(bytes)));
    let keymap = Keymap::default();
    let mut ui = UiState::default();
    let mut terminal = Terminal::new(TestBackend::new(160, 50)).unwrap();
    let key = |c| Action::Compose(tui_textarea::Input { key: tui_textarea::Key::Char(c), ..Default::default() });
    bencher.bench_local(|| {
        let _ = state.update(key('a'));
        terminal
            .draw(|f| {
                let _ = ui::render(f, &state, &keymap, &mut ui);
            })
            .unwrap();
    });
}
