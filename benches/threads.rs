//! Thread memory (issue 17): the resident memory while an agent previews 50 tickets whose
//! threads hold 10,000 messages each. The console keeps the most recent threads only, so
//! the figure must stop growing once that many are held. `cargo bench --bench threads`
//! prints the resident memory after each tenth preview.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use triage::command::action::{Action, Move};
use triage::desk::*;
use triage::state::keymap::Keymap;
use triage::state::{AppState, Effect};
use triage::ui::{self, UiState};
use triage::worker::{Job, NetEvent};

mod common;
#[path = "common/rss.rs"]
mod rss;
use rss::rss_kb;

const PREVIEWS: usize = 50;
const MESSAGES: usize = 10_000;

fn main() {
    let caps = Capabilities { reply: true, mutate: true, reporting: true, partitions: false, clocks: true, live: true };
    let mut state = AppState::new("Unthread", "bench", caps, "2026-11-20T12:00:00Z".parse().unwrap());
    let _ = state.update(Action::Resize(160, 50));
    let effects = state.start();
    let page = InboxPage {
        tickets: common::tickets(PREVIEWS + 1),
        next: None,
        total: Some(PREVIEWS as u64 + 1),
        damaged: vec![],
        unreadable: 0,
    };
    let mut pending = answer(&mut state, effects, Some(page));
    let (mut terminal, keymap, mut ui) =
        (Terminal::new(TestBackend::new(160, 50)).unwrap(), Keymap::default(), UiState::default());
    let start = rss_kb();
    for preview in 1..=PREVIEWS {
        pending = answer(&mut state, pending, None);
        terminal
            .draw(|f| {
                let _ = ui::render(f, &state, &keymap, &mut ui);
            })
            .unwrap();
        if preview % 10 == 0 {
            let held = state.threads.held.len();
            println!(
                "after {preview} previews of {MESSAGES}-message threads: {} MB resident (+{} MB), {held} threads held",
                rss_kb() / 1024,
                (rss_kb() - start) / 1024
            );
        }
        pending.extend(state.update(Action::Move(Move::Down)).1);
    }
}

/// Answer what the state asked for: the first inbox page, and every thread with a large one.
fn answer(state: &mut AppState, effects: Vec<Effect>, mut page: Option<InboxPage>) -> Vec<Effect> {
    let mut next = Vec::new();
    for effect in effects {
        let event = match effect {
            Effect::Job(Job::Inbox { req, .. }) if page.is_some() => {
                NetEvent::Inbox { req, result: Ok(page.take().unwrap()), took: std::time::Duration::ZERO }
            }
            Effect::Job(Job::Thread { req, ticket, .. }) => {
                NetEvent::Thread { req, result: Ok(large_thread(&ticket)), ticket }
            }
            _ => continue,
        };
        next.extend(state.update(Action::Net(event)).1);
    }
    next
}

fn large_thread(ticket: &TicketId) -> Vec<Message> {
    (0..MESSAGES)
        .map(|i| Message {
            id: format!("{}-{i}", ticket.0),
            author: if i % 2 == 0 { "Customer".into() } else { "Agent".into() },
            author_kind: if i % 2 == 0 { AuthorKind::Customer } else { AuthorKind::Agent },
            at: None,
            body: format!("message {i} of a long thread about the webhook retries and the invoice seats, once more"),
            private_note: false,
            delivery: Delivery::Delivered,
            author_id: None,
            files: vec![],
        })
        .collect()
}
