//! The sync machine alone: pages in, jobs and ledger out.

use super::*;
use crate::desk::Walk;
use std::time::Duration;

const ZERO: Duration = Duration::ZERO;

fn ticket(n: u64, updated: &str) -> Ticket {
    Ticket {
        id: TicketId(format!("t{n}")),
        number: n,
        title: format!("ticket {n}").into(),
        created_at: Some(updated.parse().unwrap()),
        updated_at: Some(updated.parse().unwrap()),
        ..Ticket::default()
    }
}

fn page(tickets: Vec<Ticket>, next: Option<&str>, total: u64) -> InboxPage {
    InboxPage { tickets, next: next.map(str::to_string), total: Some(total), damaged: vec![], unreadable: 0 }
}

/// The request id and cursor of every inbox job.
fn inbox_jobs(jobs: &[Job]) -> Vec<(ReqId, Option<String>, Option<DateRange>)> {
    jobs.iter()
        .filter_map(|j| match j {
            Job::Inbox { req, cursor, query } => Some((*req, cursor.clone(), query.created)),
            _ => None,
        })
        .collect()
}

const NEVER_KNOWN: &dyn Fn(&TicketId) -> bool = &|_| false;
const T1: &str = "2026-11-20T10:00:00Z";

#[test]
fn a_fill_page_by_page_ends_complete_with_the_mark_of_its_newest_page() {
    let (mut sync, mut ids) = (InboxSync::new(InboxQuery::default()), ReqIds::default());
    let jobs = sync.resume(false, &mut ids);
    assert_eq!(sync.phase, Phase::Starting);
    let (head, cursor, _) = inbox_jobs(&jobs)[0].clone();
    assert_eq!(cursor, None);
    let step = sync.on_page(head, Ok(page(vec![ticket(2, T1)], Some("c2"), 2)), ZERO, NEVER_KNOWN, &mut ids);
    assert_eq!((step.tickets.len(), step.save), (1, true));
    assert_eq!(sync.ledger.walks, vec![Walk { range: None, cursor: Some("c2".into()), done: false }]);
    assert_eq!(sync.ledger.mark, Some(T1.parse().unwrap()));
    let (next, cursor, _) = inbox_jobs(&step.jobs)[0].clone();
    assert_eq!(cursor.as_deref(), Some("c2"));
    let step =
        sync.on_page(next, Ok(page(vec![ticket(1, "2026-11-01T00:00:00Z")], None, 2)), ZERO, NEVER_KNOWN, &mut ids);
    assert_eq!(step.events, [SyncEvent::Done { changed: 0 }]);
    assert!(sync.complete() && !sync.loading() && sync.phase == Phase::Complete);
    assert_eq!(sync.ledger.mark, Some(T1.parse().unwrap()), "the mark is where the fill began");
}

/// Answer every walk's page, and the pages those answers ask for, with a last page of one
/// ticket each (numbered from `first`); the requests and their ranges, in order.
fn answer_walks(sync: &mut InboxSync, out: &[Job], first: u64, ids: &mut ReqIds) -> Vec<Option<DateRange>> {
    let mut out: std::collections::VecDeque<_> = inbox_jobs(out).into();
    let mut asked = Vec::new();
    let mut n = first;
    while let Some((req, _, range)) = out.pop_front() {
        asked.push(range);
        n += 1;
        let step = sync.on_page(req, Ok(page(vec![ticket(n, T1)], None, 99)), ZERO, NEVER_KNOWN, ids);
        out.extend(inbox_jobs(&step.jobs));
    }
    asked
}

#[test]
fn partitions_walk_side_by_side_and_cover_the_span() {
    let (mut sync, mut ids) = (InboxSync::new(InboxQuery::default()), ReqIds::default());
    let jobs = sync.resume(true, &mut ids);
    let oldest = jobs.iter().find_map(|j| if let Job::Oldest { req, .. } = j { Some(*req) } else { None }).unwrap();
    let today = "2026-11-20".parse().unwrap();
    let step = sync.on_oldest(oldest, Ok(Some("2026-08-22T00:00:00Z".parse().unwrap())), today, &mut ids);
    assert!(step.jobs.is_empty(), "the newest page's total decides how many partitions");
    let (head, _, _) = inbox_jobs(&jobs)[0].clone();
    let step = sync.on_page(head, Ok(page(vec![ticket(3, T1)], Some("h"), 4000)), ZERO, NEVER_KNOWN, &mut ids);
    let walks = inbox_jobs(&step.jobs);
    assert_eq!(walks.len(), 8, "the cap at once: the server answered the newest page");
    assert!(
        walks.iter().all(|(_, cursor, range)| cursor.is_none() && range.is_some()),
        "the head's cursor is not followed"
    );
    assert_eq!(sync.phase, Phase::Filling);
    let asked = answer_walks(&mut sync, &step.jobs, 0, &mut ids);
    assert_eq!(asked.len(), 16, "twice the cap of partitions, each walked once");
    assert_eq!(sync.pace.widest, 8, "never above the cap");
    let ranges: Vec<DateRange> = sync.ledger.walks.iter().map(|w| w.range.unwrap()).collect();
    assert_eq!(ranges[0].0, "2026-08-22".parse().unwrap());
    assert!(ranges.windows(2).all(|w| w[0].1.unwrap().tomorrow().unwrap() == w[1].0), "no gaps: {ranges:?}");
    assert!(sync.complete());
}

#[test]
fn a_small_inbox_is_split_by_its_pages_and_one_page_is_not_split() {
    let plan = |total: u64, next: Option<&str>| {
        let (mut sync, mut ids) = (InboxSync::new(InboxQuery::default()), ReqIds::default());
        let jobs = sync.resume(true, &mut ids);
        let oldest = jobs.iter().find_map(|j| if let Job::Oldest { req, .. } = j { Some(*req) } else { None }).unwrap();
        let head = inbox_jobs(&jobs)[0].0;
        let _ = sync.on_page(head, Ok(page(vec![ticket(1, T1)], next, total)), ZERO, NEVER_KNOWN, &mut ids);
        let today = "2026-11-20".parse().unwrap();
        let step = sync.on_oldest(oldest, Ok(Some("2026-01-01T00:00:00Z".parse().unwrap())), today, &mut ids);
        (sync.ledger.walks.len(), sync.complete(), step.events)
    };
    assert_eq!(plan(250, Some("h")).0, 3, "three pages: three partitions");
    let (walks, complete, events) = plan(25, None);
    assert_eq!((walks, complete), (1, true), "the newest page held it all");
    assert_eq!(events, [SyncEvent::Done { changed: 0 }]);
}

/// A fill of 2,000 tickets whose newest page came first, then the oldest ticket's date: the
/// step that starts its partitions.
fn partitioned_since(oldest: &str) -> (InboxSync, ReqIds, Step) {
    let (mut sync, mut ids) = (InboxSync::new(InboxQuery::default()), ReqIds::default());
    let jobs = sync.resume(true, &mut ids);
    let asked = jobs.iter().find_map(|j| if let Job::Oldest { req, .. } = j { Some(*req) } else { None }).unwrap();
    let head = inbox_jobs(&jobs)[0].0;
    let took = Duration::from_millis(50);
    let _ = sync.on_page(head, Ok(page(vec![ticket(9, T1)], Some("h"), 2000)), took, NEVER_KNOWN, &mut ids);
    let today = "2026-11-20".parse().unwrap();
    let step = sync.on_oldest(asked, Ok(Some(oldest.parse().unwrap())), today, &mut ids);
    (sync, ids, step)
}

#[test]
fn slow_answers_and_refusals_keep_fewer_walks_out() {
    let (mut sync, mut ids, step) = partitioned_since("2026-01-01T00:00:00Z");
    let walks = inbox_jobs(&step.jobs);
    assert_eq!(walks.len(), 8, "the newest page came back in 50 ms: the cap at once");
    let ms = Duration::from_millis;
    let more = |p: &str| Ok(page(vec![ticket(1, T1)], Some(p), 99));
    // As fast as the newest page: the window holds at the cap and the freed slot is used
    // (by a partition not begun: a first page tells how long a walk is).
    let step = sync.on_page(walks[0].0, more("a"), ms(50), NEVER_KNOWN, &mut ids);
    assert_eq!((sync.pace.window(), inbox_jobs(&step.jobs).len()), (8, 1));
    // Four times as slow: the server is queueing, and the walk's next page waits its turn.
    let step = sync.on_page(walks[1].0, more("b"), ms(200), NEVER_KNOWN, &mut ids);
    assert_eq!((sync.pace.window(), inbox_jobs(&step.jobs).len()), (7, 0), "8 out, window 7");
    let step =
        sync.on_page(walks[2].0, Err(ApiError::RateLimited { retry_after: None }), ms(50), NEVER_KNOWN, &mut ids);
    assert_eq!(sync.pace.window(), 3, "a 429 halves it");
    assert!(step.jobs.is_empty());
    let out = sync.inflight.values().filter(|p| matches!(p, Pending::Walk(_))).count();
    assert_eq!(out, 6, "six out at a window of three: nothing new starts");
    // R after the 429: the walk that was refused goes again, even at a full window.
    let retried = inbox_jobs(&sync.resume(true, &mut ids));
    assert_eq!(retried.len(), 1);
}

#[test]
fn an_interrupted_fill_resumes_each_walk_from_its_cursor_then_syncs() {
    let ledger = Ledger {
        walks: vec![
            Walk { range: None, cursor: None, done: true },
            Walk { range: None, cursor: Some("c7".into()), done: false },
        ],
        mark: Some(T1.parse().unwrap()),
        total: Some(900),
        complete: false,
    };
    let mut ids = ReqIds::default();
    let mut sync = InboxSync::new(InboxQuery::default()).with_ledger(ledger);
    let jobs = inbox_jobs(&sync.resume(true, &mut ids));
    assert_eq!(jobs.len(), 1, "only the walk that was not done");
    assert_eq!(jobs[0].1.as_deref(), Some("c7"));
    let step = sync.on_page(jobs[0].0, Ok(page(vec![ticket(5, T1)], None, 900)), ZERO, NEVER_KNOWN, &mut ids);
    assert!(sync.complete());
    let Some(Job::Sync { since, .. }) = step.jobs.first() else { panic!("a sync follows: {:?}", step.jobs) };
    assert_eq!(*since, T1.parse::<Timestamp>().unwrap() - SYNC_MARGIN);
}

#[test]
fn a_refused_cursor_restarts_its_walk_once_after_the_backoff_then_stops_it_until_r() {
    let ledger = Ledger {
        walks: vec![Walk { range: None, cursor: Some("old".into()), done: false }],
        mark: None,
        total: None,
        complete: false,
    };
    let mut ids = ReqIds::default();
    let mut sync = InboxSync::new(InboxQuery::default()).with_ledger(ledger);
    let (req, _, _) = inbox_jobs(&sync.resume(false, &mut ids))[0].clone();
    let refused = || ApiError::Invalid { status: 400, title: "Invalid cursor".into() };
    let step = sync.on_page(req, Err(refused()), ZERO, NEVER_KNOWN, &mut ids);
    assert!(step.jobs.is_empty(), "never at once: the caller's backoff restarts it");
    assert_eq!(step.events, [SyncEvent::CursorRefused(refused())]);
    assert!(sync.restart_due() && sync.ledger.walks[0].cursor.is_none());
    let (req, cursor, _) = inbox_jobs(&sync.resume(false, &mut ids))[0].clone();
    assert_eq!(cursor, None, "the walk starts again from its beginning");
    let step = sync.on_page(req, Ok(page(vec![ticket(1, T1)], Some("c2"), 300)), ZERO, NEVER_KNOWN, &mut ids);
    let (req, cursor, _) = inbox_jobs(&step.jobs)[0].clone();
    assert_eq!(cursor.as_deref(), Some("c2"));
    let step = sync.on_page(req, Err(refused()), ZERO, NEVER_KNOWN, &mut ids);
    let [SyncEvent::Runaway(reason)] = step.events.as_slice() else { panic!("{:?}", step.events) };
    assert!(reason.contains("refused its page cursor again") && reason.contains("Invalid cursor"), "{reason}");
    assert!(step.jobs.is_empty() && sync.stopped() && !sync.complete());
    assert!(sync.resume(false, &mut ids).is_empty(), "no timer starts a stopped walk");
    assert!(matches!(sync.phase, Phase::Broken(_)));
    sync.retry_stopped();
    assert_eq!(inbox_jobs(&sync.resume(false, &mut ids)).len(), 1, "R does");
}

#[test]
fn a_looping_cursor_stops_the_walk_with_a_reason_within_three_pages() {
    let (mut sync, mut ids) = (InboxSync::new(InboxQuery::default()), ReqIds::default());
    let mut jobs = sync.resume(false, &mut ids);
    for pages in 1..=3 {
        let (req, _, _) = inbox_jobs(&jobs)[0].clone();
        let step = sync.on_page(req, Ok(page(vec![ticket(1, T1)], Some("same"), 230)), ZERO, NEVER_KNOWN, &mut ids);
        if let [SyncEvent::Runaway(reason)] = step.events.as_slice() {
            assert!(reason.contains("same page cursor"), "{reason}");
            assert!(pages <= 3);
            assert!(matches!(sync.phase, Phase::Broken(_)) && !sync.complete() && !sync.loading());
            return;
        }
        jobs = step.jobs;
    }
    panic!("the walk never stopped");
}

#[test]
fn a_sync_over_a_complete_ledger_counts_what_it_adds() {
    let ledger = Ledger { walks: vec![], mark: Some(T1.parse().unwrap()), total: Some(10), complete: true };
    let mut ids = ReqIds::default();
    let mut sync = InboxSync::new(InboxQuery::default()).with_ledger(ledger);
    let jobs = sync.resume(true, &mut ids);
    let Some(Job::Sync { req, .. }) = jobs.first() else { panic!("{jobs:?}") };
    assert_eq!(sync.phase, Phase::Syncing);
    let known = |id: &TicketId| id.0 == "t1";
    let later = "2026-11-20T11:00:00Z";
    let step = sync.on_page(*req, Ok(page(vec![ticket(1, later), ticket(2, later)], None, 2)), ZERO, &known, &mut ids);
    assert_eq!(step.events, [SyncEvent::Done { changed: 2 }]);
    assert_eq!(sync.total(), Some(11), "one new ticket");
    assert_eq!(sync.ledger.mark, Some(later.parse().unwrap()));
}

#[test]
fn damaged_tickets_are_counted_once_however_often_they_come() {
    let (mut sync, mut ids) = (InboxSync::new(InboxQuery::default()), ReqIds::default());
    let jobs = sync.resume(false, &mut ids);
    let mut damaged = page(vec![ticket(1, T1)], Some("c"), 3);
    damaged.damaged = vec![TicketId("t1".into())];
    damaged.unreadable = 1;
    let step = sync.on_page(inbox_jobs(&jobs)[0].0, Ok(damaged.clone()), ZERO, NEVER_KNOWN, &mut ids);
    damaged.next = None;
    let _ = sync.on_page(
        inbox_jobs(&step.jobs)[0].0,
        Ok(InboxPage { unreadable: 0, ..damaged }),
        ZERO,
        NEVER_KNOWN,
        &mut ids,
    );
    assert_eq!(sync.unreadable(), 2, "t1 once, and the item without an id");
}

#[test]
fn a_retry_while_other_walks_load_resumes_the_failed_one_and_the_end_says_both() {
    let (mut sync, mut ids, step) = partitioned_since("2026-11-10T00:00:00Z");
    let walks = inbox_jobs(&step.jobs);
    let (failing, loading) = (walks[0].0, walks[1].0);
    let step = sync.on_page(failing, Err(ApiError::Timeout), ZERO, NEVER_KNOWN, &mut ids);
    assert!(matches!(step.events.as_slice(), [SyncEvent::Failed(ApiError::Timeout)]));
    assert!(sync.loading(), "the other walks are still out");
    let retried = inbox_jobs(&sync.resume(true, &mut ids));
    assert_eq!(retried.len(), 1, "only the walk that failed: {retried:?}");
    assert_eq!(retried[0].2, walks[0].2);
    let step = sync.on_page(loading, Ok(page(vec![ticket(1, T1)], None, 2)), ZERO, NEVER_KNOWN, &mut ids);
    assert_eq!(step.events, [SyncEvent::Answered], "the first answer after the failure says so");
    let _ = answer_walks(&mut sync, &step.jobs, 10, &mut ids);
    for (req, _, _) in walks.iter().skip(2) {
        let step = sync.on_page(*req, Ok(page(vec![], None, 2)), ZERO, NEVER_KNOWN, &mut ids);
        let _ = answer_walks(&mut sync, &step.jobs, 20, &mut ids);
    }
    let step = sync.on_page(retried[0].0, Ok(page(vec![ticket(2, T1)], None, 2)), ZERO, NEVER_KNOWN, &mut ids);
    // A resumed fill syncs what changed while it stood still.
    assert!(sync.complete() && matches!(step.jobs.as_slice(), [Job::Sync { .. }]), "{:?}", step.jobs);
}

#[test]
fn the_page_that_ends_a_fill_after_a_failure_tells_both() {
    let (mut sync, mut ids) = (InboxSync::new(InboxQuery::default()), ReqIds::default());
    let head = inbox_jobs(&sync.resume(false, &mut ids))[0].0;
    let step = sync.on_page(head, Ok(page(vec![ticket(2, T1)], Some("c"), 2)), ZERO, NEVER_KNOWN, &mut ids);
    let _ = sync.on_page(inbox_jobs(&step.jobs)[0].0, Err(ApiError::Timeout), ZERO, NEVER_KNOWN, &mut ids);
    let again = inbox_jobs(&sync.resume(false, &mut ids));
    assert_eq!(again[0].1.as_deref(), Some("c"), "the walk carries on from its cursor");
    let step = sync.on_page(again[0].0, Ok(page(vec![ticket(1, T1)], None, 2)), ZERO, NEVER_KNOWN, &mut ids);
    assert_eq!(step.events, [SyncEvent::Answered], "not lost to the end of the fill");
    assert!(sync.complete());
    let Some(Job::Sync { req, .. }) = step.jobs.first() else { panic!("{:?}", step.jobs) };
    let step = sync.on_page(*req, Ok(page(vec![], None, 0)), ZERO, NEVER_KNOWN, &mut ids);
    assert_eq!(step.events, [SyncEvent::Done { changed: 0 }]);
}

#[test]
fn an_oldest_date_after_the_newest_page_failed_starts_nothing_until_the_retry() {
    let (mut sync, mut ids) = (InboxSync::new(InboxQuery::default()), ReqIds::default());
    let jobs = sync.resume(true, &mut ids);
    let oldest = jobs.iter().find_map(|j| if let Job::Oldest { req, .. } = j { Some(*req) } else { None }).unwrap();
    let _ = sync.on_page(inbox_jobs(&jobs)[0].0, Err(ApiError::Timeout), ZERO, NEVER_KNOWN, &mut ids);
    let today = "2026-11-20".parse().unwrap();
    let step = sync.on_oldest(oldest, Ok(Some("2026-01-01T00:00:00Z".parse().unwrap())), today, &mut ids);
    assert!(step.jobs.is_empty(), "no partitions before the newest page's total: {:?}", step.jobs);
    let again = sync.resume(true, &mut ids);
    assert_eq!(inbox_jobs(&again).len(), 1, "the retry starts over: the newest page…");
    assert!(again.iter().any(|j| matches!(j, Job::Oldest { .. })), "…and the oldest date");
}

#[test]
fn a_walk_not_begun_goes_first_then_the_one_with_the_most_pages_left() {
    let walk = |cursor: &str| Walk {
        range: None,
        cursor: Some(cursor.into()).filter(|c: &String| !c.is_empty()),
        done: false,
    };
    let ledger = Ledger { walks: vec![walk("a"), walk("b"), walk(""), walk("c")], ..Ledger::default() };
    let (mut sync, mut ids) = (InboxSync::new(InboxQuery::default()).with_ledger(ledger), ReqIds::default());
    // What the first pages of walks 0, 1 and 3 counted: 3, 9 and 5 pages; one of each read.
    for (i, total) in [(0, 300), (1, 900), (3, 500)] {
        let mut guard = crate::support::pages::PageGuard::new();
        guard.check(["x"], Some("next"), Some(total), PAGE_SIZE).unwrap();
        sync.guards.insert(i, guard);
    }
    sync.pace = Pace::new(3);
    let cursors: Vec<Option<String>> = inbox_jobs(&sync.launch(0, &mut ids)).into_iter().map(|j| j.1).collect();
    // The fill ends when its longest walk does: walk 1 (8 pages left) must not wait behind
    // walk 0 (2 left), and walk 2's length is not known until it begins.
    assert_eq!(cursors, [None, Some("b".into()), Some("c".into())]);
}
