//! Pure tests of `update`: state and effects, no terminal, no network.

use jiff::Timestamp;
use triage::api::ApiError;
use triage::command::action::{Action, Layout, Move, TextKey};
use triage::desk::*;
use triage::state::*;
use triage::worker::{Job, NetEvent};

fn ticket(n: u64, title: &str, minutes_ago: i64) -> Ticket {
    let now: Timestamp = "2026-11-20T12:00:00Z".parse().unwrap();
    let at = now - jiff::SignedDuration::from_mins(minutes_ago);
    Ticket {
        id: TicketId(format!("t{n}")),
        number: n,
        title: title.into(),
        customer_id: Some("c1".into()),
        customer_name: "Acme".into(),
        created_at: Some(at),
        updated_at: Some(at),
        source: "slack".into(),
        ..Ticket::default()
    }
}

fn state() -> AppState {
    let mut s = AppState::new(
        "Unthread",
        "test",
        Capabilities { reply: true, mutate: true, reporting: true, partitions: false, clocks: true, live: true },
        "2026-11-20T12:00:00Z".parse().unwrap(),
    );
    let _ = s.update(Action::Resize(80, 24));
    s
}

fn inbox_req(effects: &[Effect]) -> Option<(u64, Option<String>, InboxQuery)> {
    effects.iter().find_map(|e| match e {
        Effect::Job(Job::Inbox { req, cursor, query }) => Some((*req, cursor.clone(), query.clone())),
        _ => None,
    })
}

fn page(tickets: Vec<Ticket>, next: Option<&str>, total: u64) -> InboxPage {
    InboxPage { tickets, next: next.map(str::to_string), total: Some(total), damaged: vec![], unreadable: 0 }
}

/// A state with the first page of three tickets loaded.
fn loaded() -> (AppState, Vec<Effect>) {
    let mut s = state();
    let start = s.start();
    let (req, _, _) = inbox_req(&start).unwrap();
    let tickets = vec![
        ticket(1, "Webhook deliveries failing", 5),
        ticket(2, "SSO login loop", 10),
        ticket(3, "Invoice seats", 20),
    ];
    let (_, effects) = s.update(Action::Net(NetEvent::Inbox {
        req,
        result: Ok(page(tickets, Some("cur2"), 5)),
        took: std::time::Duration::ZERO,
    }));
    (s, effects)
}

#[test]
fn start_loads_agents_tags_and_the_first_page() {
    let mut s = state();
    let effects = s.start();
    assert!(matches!(effects[0], Effect::Job(Job::Agents { .. })));
    assert!(matches!(effects[1], Effect::Job(Job::Tags { .. })));
    assert_eq!(inbox_req(&effects).map(|(_, c, q)| (c, q)), Some((None, InboxQuery::default())));
}

#[test]
fn a_page_selects_the_first_row_prefetches_and_asks_for_the_next() {
    let (s, effects) = loaded();
    assert_eq!(inbox_req(&effects).map(|(_, c, _)| c), Some(Some("cur2".to_string())));
    assert_eq!(s.inbox.selected, Some(TicketId("t1".into())));
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::Job(Job::Thread { ticket, prefetch: true, .. }) if ticket.0 == "t1"))
    );
    assert!(!effects.iter().any(|e| matches!(e, Effect::Job(Job::Customer { .. }))), "no sidebar at 80 columns");
    assert_eq!(s.sync.total(), Some(5));
}

#[test]
fn the_selection_follows_the_ticket_not_the_row() {
    let (mut s, effects) = loaded();
    let _ = s.update(Action::Move(Move::Down));
    assert_eq!(s.inbox.selected, Some(TicketId("t2".into())));
    // A newer ticket arrives on the next page and sorts above.
    let (req, _, _) = inbox_req(&effects).unwrap();
    let _ = s.update(Action::Net(NetEvent::Inbox {
        req,
        result: Ok(page(vec![ticket(9, "Brand new", 1)], None, 5)),
        took: std::time::Duration::ZERO,
    }));
    assert_eq!(s.inbox.selected, Some(TicketId("t2".into())));
    assert_eq!(s.inbox.cursor, 2);
    assert!(s.sync.complete() && !s.sync.loading());
}

#[test]
fn stale_replies_are_dropped() {
    let (mut s, effects) = loaded();
    let (old_req, _, _) = inbox_req(&effects).unwrap();
    let (_, refresh) = s.update(Action::Refresh);
    let (new_req, cursor, _) = inbox_req(&refresh).unwrap();
    assert_ne!(old_req, new_req);
    assert_eq!(cursor, None);
    let before = s.inbox.tickets.len();
    let (redraw, effects) = s.update(Action::Net(NetEvent::Inbox {
        req: old_req,
        result: Ok(page(vec![ticket(7, "stale", 1)], None, 9)),
        took: std::time::Duration::ZERO,
    }));
    assert_eq!(s.inbox.tickets.len(), before, "the old page is ignored");
    assert!(!redraw && effects.is_empty(), "and costs no frame");
    // Every kind of reply nobody waits for is dropped the same way.
    for stale in [
        NetEvent::Agents { req: old_req, result: Ok(vec![]) },
        NetEvent::Tags { req: old_req, result: Ok(vec![]) },
        NetEvent::Thread { req: old_req, ticket: TicketId("t1".into()), result: Ok(vec![]) },
        NetEvent::Applied { req: old_req, outcomes: vec![] },
        NetEvent::SearchHits { text: "an old query".into(), hits: vec![] },
    ] {
        assert_eq!(s.update(Action::Net(stale.clone())), (false, vec![]), "{stale:?}");
    }
    // The refresh's own answer replaces the list.
    let _ = s.update(Action::Net(NetEvent::Inbox {
        req: new_req,
        result: Ok(page(vec![ticket(8, "fresh", 1)], None, 1)),
        took: std::time::Duration::ZERO,
    }));
    assert_eq!(s.inbox.tickets.len(), 1);
}

#[test]
fn text_filter_as_you_type_and_escape_clears() {
    let (mut s, _) = loaded();
    let _ = s.update(Action::StartSearch);
    for c in "sso".chars() {
        let _ = s.update(Action::Text(TextKey::Char(c)));
    }
    assert_eq!(s.inbox.len(), 1);
    assert_eq!(s.inbox.selected_ticket().unwrap().number, 2);
    let _ = s.update(Action::Text(TextKey::Enter));
    assert_eq!(s.view.overlay, None);
    assert_eq!(s.inbox.len(), 1, "Enter keeps the filter");
    let _ = s.update(Action::ClearFilters);
    assert_eq!(s.inbox.len(), 3);
}

#[test]
fn the_filter_menu_sends_a_server_query() {
    let (mut s, _) = loaded();
    let _ = s.update(Action::OpenFilterMenu);
    for c in "status".chars() {
        let _ = s.update(Action::Text(TextKey::Char(c)));
    }
    let _ = s.update(Action::Text(TextKey::Enter));
    for c in "closed".chars() {
        let _ = s.update(Action::Text(TextKey::Char(c)));
    }
    let (_, effects) = s.update(Action::Text(TextKey::Enter));
    let (_, cursor, query) = inbox_req(&effects).unwrap();
    assert_eq!((cursor, query.status), (None, Some(TicketStatus::Closed)));
    assert!(s.inbox.tickets.is_empty(), "old rows do not pretend to match the new filter");
    assert_eq!(s.view.overlay, None);
}

#[test]
fn mine_needs_a_known_agent() {
    let (mut s, _) = loaded();
    s.settings.me = Some("maria@acme.dev".into());
    let _ = s.update(Action::Net(NetEvent::Agents {
        req: 2,
        result: Ok(vec![Agent {
            id: "u1".into(),
            name: "Maria Garcia".into(),
            email: "maria@acme.dev".into(),
            slack_id: None,
        }]),
    }));
    let _ = s.update(Action::OpenFilterMenu);
    for c in "mine".chars() {
        let _ = s.update(Action::Text(TextKey::Char(c)));
    }
    let (_, effects) = s.update(Action::Text(TextKey::Enter));
    assert_eq!(inbox_req(&effects).unwrap().2.assignee, Some(Some("u1".into())));
}

#[test]
fn open_loads_the_thread_and_failures_are_shown() {
    let (mut s, _) = loaded();
    let _ = s.update(Action::Move(Move::Down));
    let (_, effects) = s.update(Action::Open);
    // The prefetch is already under way, so opening does not ask twice.
    assert!(effects.iter().all(|e| !matches!(e, Effect::Job(Job::Thread { .. }))));
    assert_eq!(s.view.focus, Focus::Thread);
    let req = match &s.threads.held[&TicketId("t2".into())].messages {
        Loadable::Loading(r) => *r,
        other => panic!("{other:?}"),
    };
    let _ =
        s.update(Action::Net(NetEvent::Thread { req, ticket: TicketId("t2".into()), result: Err(ApiError::Timeout) }));
    assert!(matches!(s.threads.held[&TicketId("t2".into())].messages, Loadable::Failed(_)));
    assert!(matches!(&s.notices.shown(), Some(Notice::Error(e)) if e.contains("timed out")));
    let _ = s.update(Action::Back);
    assert_eq!(s.view.focus, Focus::Inbox);
}

#[test]
fn inbox_errors_say_what_to_do() {
    let mut s = state();
    let (req, _, _) = inbox_req(&s.start()).unwrap();
    let _ = s.update(Action::Net(NetEvent::Inbox {
        req,
        result: Err(ApiError::Unauthorized { service: "Unthread", env_var: "UNTHREAD_API_KEY" }),
        took: std::time::Duration::ZERO,
    }));
    let Some(Notice::Error(text)) = s.notices.shown() else { panic!() };
    assert!(
        text.contains("rejected the API key") && text.contains("UNTHREAD_API_KEY") && text.contains("R retries"),
        "{text}"
    );
    assert!(!s.sync.loading());
}

#[test]
fn thread_scrolling_is_clamped_by_the_layout() {
    let (mut s, _) = loaded();
    let id = TicketId("t1".into());
    let view =
        ThreadView { messages: Loadable::Ready(vec![]), scroll: 0, follow: false, refreshing: None, local: vec![] };
    s.threads.held.insert(id, view);
    let _ = s.update(Action::Layout(Layout {
        inbox_rows: 20,
        inbox_offset: 0,
        thread_rows: 10,
        thread_max_scroll: 5,
        ..Layout::default()
    }));
    s.view.focus = Focus::Thread;
    for _ in 0..9 {
        let _ = s.update(Action::Move(Move::Down));
    }
    assert_eq!(s.selected_thread().unwrap().scroll, 5);
    assert!(s.selected_thread().unwrap().follow, "at the end it follows the newest message");
    let _ = s.update(Action::Move(Move::Top));
    assert_eq!(s.selected_thread().unwrap().scroll, 0);
    assert!(!s.selected_thread().unwrap().follow);
}

#[test]
fn a_thread_opens_at_its_newest_message() {
    let (mut s, _) = loaded();
    let _ = s.update(Action::Open);
    assert!(s.selected_thread().unwrap().follow);
    let layout = Layout { thread_rows: 10, thread_max_scroll: 7, ..Layout::default() };
    let _ = s.update(Action::Layout(layout));
    assert_eq!(s.selected_thread().unwrap().scroll, 7, "the end of the thread is on screen");
    let _ = s.update(Action::Move(Move::Up));
    assert_eq!((s.selected_thread().unwrap().scroll, s.selected_thread().unwrap().follow), (6, false));
}

#[test]
fn quit_and_sort() {
    let (mut s, _) = loaded();
    let _ = s.update(Action::CycleSort);
    assert_eq!(s.inbox.sort, Sort::Created);
    let _ = s.update(Action::Quit);
    assert!(s.session.should_quit);
}

#[test]
fn only_web_links_are_opened_or_copied() {
    let (mut s, _) = loaded();
    let id = s.inbox.selected.clone().unwrap();
    for (link, opens) in
        [("javascript:alert(1)", false), ("file:///etc/passwd", false), ("https://acme.slack.com/archives/C1/p1", true)]
    {
        let mut t = s.inbox.ticket(&id).unwrap().clone();
        t.link = Some(link.into());
        s.inbox.replace_in_place(t);
        let (_, effects) = s.update(Action::OpenLink);
        assert_eq!(effects == vec![Effect::OpenUrl(link.into())], opens, "{link}");
        let (_, effects) = s.update(Action::CopyLink);
        assert_eq!(effects == vec![Effect::Copy(link.into())], opens, "{link}");
    }
}

#[test]
fn offline_a_cached_thread_failing_to_refresh_leaves_the_notice_alone() {
    let (mut s, _) = loaded();
    let _ = s.update(Action::Move(Move::Down));
    let _ = s.update(Action::Open);
    let t2 = TicketId("t2".into());
    let Loadable::Loading(req) = s.threads.held[&t2].messages else { panic!("the thread is asked for") };
    let _ = s.update(Action::Net(NetEvent::Thread { req, ticket: t2.clone(), result: Ok(vec![]) }));
    // `R` reads the open thread again: the refresh's request.
    let refresh = |s: &mut AppState| {
        let (_, effects) = s.update(Action::Refresh);
        effects.iter().find_map(|e| if let Effect::Job(Job::Thread { req, .. }) = e { Some(*req) } else { None })
    };
    let req = refresh(&mut s).expect("the thread is read again");
    let before = s.notices.shown().cloned();
    let offline = ApiError::Offline { detail: "Connection refused".into() };
    let _ = s.update(Action::Net(NetEvent::Thread { req, ticket: t2.clone(), result: Err(offline) }));
    assert_eq!(s.notices.shown().cloned(), before, "the status bar's offline says it");
    assert!(matches!(s.threads.held[&t2].messages, Loadable::Ready(_)), "the cached thread stays");
    // Any other failure is still told.
    let req = refresh(&mut s).expect("read again");
    let _ = s.update(Action::Net(NetEvent::Thread { req, ticket: t2, result: Err(ApiError::Timeout) }));
    assert!(
        matches!(&s.notices.shown(), Some(Notice::Error(e)) if e.contains("couldn't load the thread")),
        "{:?}",
        s.notices.shown()
    );
}

#[test]
fn offline_a_background_retry_does_not_hide_what_the_agent_was_told() {
    let mut s = state();
    let (req, _, _) = inbox_req(&s.start()).unwrap();
    let offline = || ApiError::Offline { detail: "Connection refused".into() };
    let (_, effects) =
        s.update(Action::Net(NetEvent::Inbox { req, result: Err(offline()), took: std::time::Duration::ZERO }));
    assert!(effects.iter().any(|e| matches!(e, Effect::RetryLater(_))));
    assert!(
        matches!(&s.notices.shown(), Some(Notice::Error(t)) if t.starts_with("offline: cannot reach the server")),
        "{:?}",
        s.notices.shown()
    );
    assert_eq!(s.sync.offline_backoff, Some(std::time::Duration::from_secs(10)), "the bar says when it tries again");
    // The agent tries a change and is told why not.
    let _ = s.update(Action::OpenTriage(TriageKind::Status));
    let refusal = s.notices.shown().cloned();
    assert!(matches!(&refusal, Some(Notice::Error(t)) if t.starts_with("offline: changes need the server")));
    // The retry fails too: the refusal stays on screen.
    let (_, effects) = s.update(Action::RetryNow);
    let (req, _, _) = inbox_req(&effects).unwrap();
    let _ = s.update(Action::Net(NetEvent::Inbox { req, result: Err(offline()), took: std::time::Duration::ZERO }));
    assert_eq!(s.notices.shown().cloned(), refusal);
    assert_eq!(s.sync.offline_backoff, Some(std::time::Duration::from_secs(20)), "and the next wait doubles");
}

#[test]
fn a_retry_in_progress_never_hides_a_refusal_the_agent_was_just_shown() {
    let (mut s, _) = loaded();
    let waiting = || {
        let reason = "server error 503".to_string();
        let waiting = triage::api::activity::Activity::Waiting { delay: std::time::Duration::from_secs(1), reason };
        Action::Net(triage::worker::NetEvent::Activity(waiting))
    };
    s.say(Notice::Error("offline: changes need the server".into()));
    let _ = s.update(waiting());
    assert_eq!(s.notices.shown(), Some(&Notice::Error("offline: changes need the server".into())));
    s.say(Notice::Info("sorted by created".into()));
    let _ = s.update(waiting());
    assert!(
        matches!(s.notices.shown(), Some(Notice::Info(t)) if t.contains("retrying in 1s")),
        "{:?}",
        s.notices.shown()
    );
    // An answer during the wait leaves the line; one after it (the retry's) ends it.
    let _ = s.update(Action::Net(NetEvent::Tags { req: 999_999, result: Ok(vec![]) }));
    assert!(matches!(s.notices.shown(), Some(Notice::Info(t)) if t.contains("retrying in 1s")), "still waiting");
    let later = s.session.now + jiff::SignedDuration::from_secs(2);
    let _ = s.update(Action::Tick(later));
    let _ = s.update(Action::Net(NetEvent::Tags { req: 999_999, result: Ok(vec![]) }));
    assert_eq!(s.notices.shown(), None, "no stale 'retrying' once an answer arrived");
}

#[test]
fn offline_the_status_bar_keeps_one_timer() {
    let (mut s, _) = loaded();
    s.sync.offline_backoff = Some(std::time::Duration::from_secs(20));
    s.say(Notice::Info("sorted by created".into()));
    let reason = "connection refused".to_string();
    let waiting = triage::api::activity::Activity::Waiting { delay: std::time::Duration::from_secs(1), reason };
    let _ = s.update(Action::Net(NetEvent::Activity(waiting)));
    assert_eq!(s.notices.shown(), Some(&Notice::Info("sorted by created".into())), "no second 'retrying in 1s'");
}

#[test]
fn a_metric_failing_in_the_background_never_hides_a_refusal_the_agent_was_just_shown() {
    let mut s = state();
    let start = s.start();
    let (req, query) = start
        .iter()
        .find_map(|e| match e {
            Effect::Job(Job::Series { req, query }) => Some((*req, query.clone())),
            _ => None,
        })
        .expect("the header's metrics load at start");
    s.say(Notice::Error("offline: changes need the server".into()));
    let failed = NetEvent::Series { req, query, result: Err(ApiError::Offline { detail: "refused".into() }) };
    let _ = s.update(Action::Net(failed));
    assert_eq!(s.notices.shown(), Some(&Notice::Error("offline: changes need the server".into())));
}

#[test]
fn a_retry_after_far_ahead_holds_the_offline_retry_back_within_an_hour() {
    let mut s = state();
    let (req, _, _) = inbox_req(&s.start()).unwrap();
    let limited = |secs| ApiError::RateLimited { retry_after: Some(std::time::Duration::from_secs(secs)) };
    let result = Err(limited(900));
    let (_, effects) = s.update(Action::Net(NetEvent::Inbox { req, result, took: std::time::Duration::ZERO }));
    assert!(effects.contains(&Effect::RetryLater(std::time::Duration::from_secs(900))), "{effects:?}");
    let (_, effects) = s.update(Action::RetryNow);
    let (req, _, _) = inbox_req(&effects).unwrap();
    let result = Err(limited(10 * 365 * 86_400));
    let (_, effects) = s.update(Action::Net(NetEvent::Inbox { req, result, took: std::time::Duration::ZERO }));
    assert!(effects.contains(&Effect::RetryLater(std::time::Duration::from_secs(3600))), "a hostile wait is capped");
}

#[test]
fn a_notice_goes_after_its_time_unless_a_newer_one_replaced_it_and_messages_keeps_them() {
    let mut s = state();
    let expiry = |s: &mut AppState| match s.notices.timer() {
        Some(Effect::ExpireNotice { seq, after }) => Some((seq, after.as_secs())),
        _ => None,
    };
    let _ = s.update(Action::RunLine("snooze yesterday".into()));
    let (error, after) = expiry(&mut s).expect("an error is timed");
    assert_eq!(after, 30, "an error stays long enough to be read");
    assert_eq!(expiry(&mut s), None, "one timer a notice");
    let _ = s.update(Action::RunLine("sort".into()));
    let (info, after) = expiry(&mut s).expect("news is timed");
    assert_eq!(after, 5);
    assert_eq!(s.update(Action::NoticeDue(error)), (false, vec![]), "the old timer leaves the newer notice");
    assert!(s.notices.shown().is_some());
    assert!(s.update(Action::NoticeDue(info)).0);
    assert_eq!(s.notices.shown(), None, "gone after its few seconds");
    let said: Vec<String> = s.notices.history.iter().map(|(_, n)| format!("{n:?}")).collect();
    assert_eq!(said.len(), 2, "{said:?}");
    assert!(said[0].contains("yesterday") && said[1].contains("sorted"), "{said:?}");
    let _ = s.update(Action::RunLine("messages".into()));
    assert_eq!(s.view.overlay, Some(Overlay::Messages));
    let _ = s.update(Action::Refresh);
    assert_eq!(expiry(&mut s).map(|(_, after)| after), Some(30), "refreshing… waits for its answer");
}
