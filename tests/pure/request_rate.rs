//! No sequence of server answers makes the console ask in a storm: the real `update`, a
//! small server model and a virtual clock (every answer 50 ms after its request, the retry
//! timer and the background sync firing when due), over any script of failures.

use std::collections::VecDeque;
use std::time::Duration;

use proptest::prelude::*;
use triage::api::ApiError;
use triage::command::action::Action;
use triage::desk::*;
use triage::state::*;
use triage::worker::{Job, NetEvent};

const TICKETS: u64 = 300;
const PAGE: u64 = 100;
const ANSWER_MS: u64 = 50;
const SYNC_EVERY_MS: u64 = 60_000;
const RUN_MS: u64 = 10 * 60_000;
/// A healthy fill of this inbox is under a dozen requests; the retry timer (10 s at least)
/// and the minute's sync may start one each: a minute never needs more than this.
const MOST_A_MINUTE: usize = 100;

#[derive(Debug, Clone, Copy)]
enum Answer {
    Page,
    /// 400 to any request that carries a cursor (an expired cursor, API-NOTES §2.2).
    RefusedCursor,
    NotFound,
    Server,
    Timeout,
    Offline,
    RateLimited,
}

fn answers() -> impl Strategy<Value = Vec<Answer>> {
    let one = prop::sample::select(vec![
        Answer::Page,
        Answer::RefusedCursor,
        Answer::NotFound,
        Answer::Server,
        Answer::Timeout,
        Answer::Offline,
        Answer::RateLimited,
    ]);
    prop::collection::vec(one, 1..12)
}

fn ticket(n: u64) -> Ticket {
    let at: jiff::Timestamp = "2026-11-20T12:00:00Z".parse().unwrap();
    let at = at - jiff::SignedDuration::from_mins(n as i64);
    Ticket { id: TicketId(format!("t{n}")), number: n, created_at: Some(at), updated_at: Some(at), ..Ticket::default() }
}

/// The page at `cursor` ("p200" is the third), or the error the script says.
fn answer(answer: Answer, cursor: Option<&str>) -> Result<InboxPage, ApiError> {
    let invalid = || ApiError::Invalid { status: 400, title: "Invalid cursor".into() };
    match answer {
        Answer::RefusedCursor if cursor.is_some() => return Err(invalid()),
        Answer::NotFound if cursor.is_some() => return Err(ApiError::NotFound { title: "cursor".into() }),
        Answer::Server => return Err(ApiError::Server { status: 503, title: "down".into(), retry_after: None }),
        Answer::Timeout => return Err(ApiError::Timeout),
        Answer::Offline => return Err(ApiError::Offline { detail: "refused".into() }),
        Answer::RateLimited => return Err(ApiError::RateLimited { retry_after: Some(Duration::from_secs(1)) }),
        _ => {}
    }
    let from = cursor.and_then(|c| c.strip_prefix('p')).and_then(|n| n.parse().ok()).unwrap_or(0u64);
    let to = (from + PAGE).min(TICKETS);
    let next = (to < TICKETS).then(|| format!("p{to}"));
    let tickets = (from..to).map(ticket).collect();
    Ok(InboxPage { tickets, next, total: Some(TICKETS), damaged: vec![], unreadable: 0 })
}

/// The console over ten virtual minutes: when each list request was made (ms).
fn run(script: &[Answer], partitions: bool) -> Vec<u64> {
    let capabilities =
        Capabilities { reply: true, mutate: true, reporting: true, partitions, clocks: true, live: true };
    let mut state = AppState::new("Unthread", "test", capabilities, "2026-11-20T12:00:00Z".parse().unwrap());
    let (mut now, mut next_sync, mut retry_at) = (0u64, SYNC_EVERY_MS, None::<u64>);
    let (mut asked, mut out, mut turn) = (Vec::new(), VecDeque::<(u64, Job)>::new(), 0usize);
    let mut effects = state.start();
    while now < RUN_MS && asked.len() < 10_000 {
        for effect in effects.drain(..) {
            match effect {
                Effect::Job(job @ (Job::Inbox { .. } | Job::Sync { .. } | Job::Oldest { .. })) => {
                    asked.push(now);
                    out.push_back((now + ANSWER_MS, job));
                }
                Effect::RetryLater(wait) => retry_at = Some(now + wait.as_millis() as u64),
                _ => {}
            }
        }
        let due = out.front().map(|(at, _)| *at).into_iter().chain(retry_at).chain([next_sync]).min().unwrap();
        now = due;
        let action = if out.front().is_some_and(|(at, _)| *at == due) {
            let (_, job) = out.pop_front().unwrap();
            turn += 1;
            let script = script[turn % script.len()];
            Action::Net(match job {
                Job::Inbox { req, cursor, .. } | Job::Sync { req, cursor, .. } => {
                    NetEvent::Inbox { req, result: answer(script, cursor.as_deref()), took: Duration::ZERO }
                }
                Job::Oldest { req, .. } => NetEvent::Oldest { req, result: Ok(ticket(TICKETS - 1).created_at) },
                _ => unreachable!(),
            })
        } else if retry_at == Some(due) {
            retry_at = None;
            Action::RetryNow
        } else {
            next_sync += SYNC_EVERY_MS;
            Action::Sync
        };
        effects = state.update(action).1;
    }
    asked
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn no_sequence_of_answers_makes_a_request_storm(script in answers(), partitions: bool) {
        let asked = run(&script, partitions);
        for (i, at) in asked.iter().enumerate() {
            let in_a_minute = asked[i..].iter().take_while(|t| **t < at + 60_000).count();
            prop_assert!(in_a_minute <= MOST_A_MINUTE, "{in_a_minute} list requests in the minute from {at} ms");
        }
    }
}

/// The case that stormed: every cursor refused, page one fine.
#[test]
fn a_server_that_refuses_every_cursor_is_asked_a_bounded_number_of_times() {
    let asked = run(&[Answer::RefusedCursor], false);
    assert!(asked.len() <= 20, "{} list requests in ten minutes", asked.len());
}
