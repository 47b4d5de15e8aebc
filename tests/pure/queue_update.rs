//! The working queue (issue 15) through `update` against the simulator: view counts checked
//! against the dataset, the next ticket after an action, Esc that never drops a filter, marks.

use crate::common::*;
use jiff::{SignedDuration, Timestamp};
use triage::command::action::{Action, Move, TextKey};
use triage::desk::views::View;
use triage::desk::*;
use triage::sim::Simulator;
use triage::sim::model::{SimConversation, SimStatus};
use triage::state::views::ViewTabs;
use triage::state::{AppState, Effect, Focus};
use triage::worker::Job;

async fn with_views(conversations: usize) -> (Simulator, AppState) {
    let sim = sim(conversations).await;
    let desk = unthread_desk(&sim);
    let mut state = console_state((160, 48));
    state.inbox.tabs = ViewTabs::new(View::defaults());
    let effects = state.start();
    settle(&mut state, &desk, effects).await;
    (sim, state)
}

/// The reply clock of API-NOTES, computed here from the simulator's own records.
fn breaching(c: &SimConversation, sla: Option<u32>, now: Timestamp) -> bool {
    let Some(minutes) = sla else { return false };
    if c.status == SimStatus::Closed || c.response_time.is_some() || c.wake_up_at.is_some_and(|w| w > now) {
        return false;
    }
    let window = SignedDuration::from_mins(i64::from(minutes));
    let left = (c.created_at + window).duration_since(now);
    left <= window / 4 || left <= SignedDuration::from_mins(15)
}

#[tokio::test]
async fn the_default_views_count_what_the_dataset_holds() {
    let (sim, s) = with_views(300).await;
    let now: Timestamp = ANCHOR.parse().unwrap();
    let want: Vec<usize> = sim.state().read(|db| {
        let maria = db.user_by_email("maria@acme.dev");
        let active: Vec<&SimConversation> = db.conversations.iter().filter(|c| c.status != SimStatus::Closed).collect();
        let sla = |c: &SimConversation| db.customers[c.customer].reply_timeout_minutes;
        vec![
            active.iter().filter(|c| c.assignee.is_some() && c.assignee == maria).count(),
            active.iter().filter(|c| c.assignee.is_none()).count(),
            active.iter().filter(|c| breaching(c, sla(c), now)).count(),
            active.iter().filter(|c| c.wake_up_at.is_some_and(|w| w > now)).count(),
            0, // Unread: nothing was opened here yet
            active.len(),
            db.conversations.len(),
        ]
    });
    assert_eq!(s.inbox.tabs.counts, want, "Mine, Unassigned, Breaching, Snoozed, Unread, All open, All");
    let held = want.iter().enumerate().filter(|(i, _)| *i != 4);
    assert!(held.clone().all(|(_, n)| *n > 0), "every view but Unread holds something in this dataset: {want:?}");
}

#[tokio::test]
async fn the_breaching_view_lists_exactly_the_amber_and_red_tickets_in_two_lanes() {
    let (_sim, mut s) = with_views(300).await;
    let index = s.inbox.tabs.find("Breaching").unwrap();
    let _ = s.update(Action::Text(TextKey::Esc));
    let _ = s.update(Action::RunLine("view breaching".into()));
    assert_eq!(s.inbox.tabs.current, index);
    let rows: Vec<&Ticket> = (0..s.inbox.len()).filter_map(|p| s.inbox.row(p)).collect();
    assert_eq!(rows.len(), s.inbox.tabs.counts[index]);
    assert!(rows.iter().all(|t| sla::breaching(t, s.session.now)));
    let due: Vec<Timestamp> = rows.iter().filter_map(|t| sla::due_at(t)).collect();
    let from = s.inbox.overdue_from.expect("Breaching says where the overdue begin");
    let (soon, overdue) = due.split_at(from);
    assert!(soon.iter().all(|d| *d >= s.session.now) && overdue.iter().all(|d| *d < s.session.now));
    assert!(soon.windows(2).all(|w| w[0] <= w[1]), "still due: the soonest first");
    assert!(overdue.windows(2).all(|w| w[0] >= w[1]), "overdue: the most recently breached first");
    assert!(!overdue.is_empty(), "this dataset has overdue tickets");
    let _ = s.update(Action::RunLine("view all".into()));
    assert_eq!(s.inbox.overdue_from, None, "other views have one lane");
}

#[tokio::test]
async fn closing_moves_to_the_next_ticket_of_the_view_and_its_preview() {
    let (_sim, mut s) = with_views(120).await;
    let _ = s.update(Action::RunLine("view all open".into()));
    let _ = s.update(Action::Move(Move::Down));
    let (closing, next) = (s.inbox.row(1).unwrap().id.clone(), s.inbox.row(2).unwrap().id.clone());
    let before = s.inbox.tabs.counts.clone();
    let (_, effects) = s.update(Action::RunLine("close".into()));
    assert!(effects.iter().any(|e| matches!(e, Effect::Job(Job::Apply { .. }))));
    assert_eq!(s.inbox.selected.as_ref(), Some(&next), "the cursor is on the next ticket");
    assert_eq!(s.inbox.cursor, 1);
    assert!(!(0..s.inbox.len()).any(|p| s.inbox.row(p).unwrap().id == closing), "the closed one left the view");
    let preview = effects.iter().any(|e| matches!(e, Effect::Job(Job::Thread { ticket, .. }) if *ticket == next));
    assert!(preview, "the preview follows: {effects:?}");
    let all_open = s.inbox.tabs.find("All open").unwrap();
    assert_eq!(s.inbox.tabs.counts[all_open], before[all_open] - 1);
}

#[tokio::test]
async fn after_action_stay_keeps_the_row_in_place() {
    let (_sim, mut s) = with_views(60).await;
    s.settings.after_action_next = false;
    let _ = s.update(Action::RunLine("view all open".into()));
    let current = s.inbox.selected.clone().unwrap();
    let _ = s.update(Action::RunLine("close".into()));
    assert_eq!(s.inbox.selected.as_ref(), Some(&current));
    assert_eq!(s.inbox.row(s.inbox.cursor).map(|t| t.status), Some(TicketStatus::Closed), "dimmed in place");
}

#[tokio::test]
async fn esc_closes_the_innermost_thing_and_never_a_filter() {
    let (sim, mut s) = with_views(120).await;
    let _ = s.update(Action::OpenFilterMenu);
    for c in "status".chars() {
        let _ = s.update(Action::Text(TextKey::Char(c)));
    }
    let _ = s.update(Action::Text(TextKey::Enter));
    for c in "open".chars() {
        let _ = s.update(Action::Text(TextKey::Char(c)));
    }
    let (_, reload) = s.update(Action::Text(TextKey::Enter));
    settle(&mut s, &unthread_desk(&sim), reload).await;
    assert_eq!(s.inbox.query.status, Some(TicketStatus::Open));
    let _ = s.update(Action::StartSearch);
    let _ = s.update(Action::Text(TextKey::Char('a')));
    let _ = s.update(Action::Text(TextKey::Enter));
    let _ = s.update(Action::ToggleMark);
    let _ = s.update(Action::Open);
    assert_eq!(s.view.focus, Focus::Thread);
    let key = |s: &mut AppState, k| {
        let action = triage::state::keymap::Keymap::default().map(&k, s).unwrap();
        let _ = s.update(action);
    };
    let esc = crossterm::event::Event::Key(crossterm::event::KeyEvent::from(crossterm::event::KeyCode::Esc));
    key(&mut s, esc.clone());
    assert_eq!(s.view.focus, Focus::Inbox, "Esc leaves the thread");
    key(&mut s, esc.clone());
    assert_eq!((s.inbox.search.as_str(), s.inbox.marked.len()), ("", 1), "then the text");
    key(&mut s, esc.clone());
    assert!(s.inbox.marked.is_empty(), "then the marks");
    key(&mut s, esc);
    assert_eq!(s.inbox.query.status, Some(TicketStatus::Open), "the filter stays");
}

#[tokio::test]
async fn mark_all_then_a_range() {
    let (_sim, mut s) = with_views(60).await;
    let _ = s.update(Action::MarkAll);
    assert_eq!(s.inbox.marked.len(), s.inbox.len());
    let _ = s.update(Action::MarkAll);
    assert!(s.inbox.marked.is_empty(), "again: cleared");
    let _ = s.update(Action::Move(Move::Down));
    let _ = s.update(Action::ToggleMark);
    for _ in 0..3 {
        let _ = s.update(Action::Move(Move::Down));
    }
    let _ = s.update(Action::MarkRange);
    let marked: Vec<usize> =
        (0..s.inbox.len()).filter(|&p| s.inbox.marked.contains(&s.inbox.row(p).unwrap().id)).collect();
    assert_eq!(marked, [1, 2, 3, 4, 5], "from the mark to the cursor");
}

#[tokio::test]
async fn a_ticket_entering_a_view_through_sync_raises_its_count_and_marks_it_new() {
    let (sim, mut s) = with_views(60).await;
    let unassigned = s.inbox.tabs.find("Unassigned").unwrap();
    let before = s.inbox.tabs.counts[unassigned];
    let taken = sim.state().write(|db| {
        let i = db.conversations.iter().position(|c| c.status != SimStatus::Closed && c.assignee.is_some()).unwrap();
        db.conversations[i].assignee = None;
        db.conversations[i].updated_at = Timestamp::now();
        i
    });
    s.inbox.tabs.views[unassigned].notify = triage::desk::views::Notify::Desktop;
    let desk = unthread_desk(&sim);
    let (_, effects) = s.update(Action::Sync);
    // As `settle` does, keeping the notices the sync asked for.
    let mut queue: std::collections::VecDeque<Effect> = effects.into();
    let mut notices = Vec::new();
    while let Some(effect) = queue.pop_front() {
        match effect {
            Effect::Job(job) => queue.extend(s.update(Action::Net(triage::worker::execute(&desk, job).await)).1),
            Effect::Notify { desktop, text } => notices.push((desktop, text)),
            _ => {}
        }
    }
    assert_eq!(notices, [(true, "triage: 1 new in Unassigned".to_string())], "one notice for the sync");
    assert_eq!(s.inbox.tabs.counts[unassigned], before + 1, "#{taken} entered Unassigned");
    assert_eq!(s.inbox.tabs.fresh[unassigned], 1, "marked new until seen");
    let _ = s.update(Action::RunLine("view unassigned".into()));
    assert_eq!(s.inbox.tabs.fresh[unassigned], 0);
}

#[tokio::test]
async fn the_focused_sidebar_walks_the_customers_tickets_and_opens_one() {
    let sim = sim(300).await;
    let desk = unthread_desk(&sim);
    let mut s = console_state((220, 60));
    s.inbox.tabs = ViewTabs::new(View::defaults());
    let effects = s.start();
    settle(&mut s, &desk, effects).await;
    let _ = s.update(Action::RunLine("view all open".into()));
    let first = s.inbox.selected.clone().unwrap();
    for _ in 0..2 {
        let (_, effects) = s.update(Action::FocusNext);
        settle(&mut s, &desk, effects).await;
    }
    assert_eq!(s.view.focus, Focus::Sidebar);
    let recent: Vec<TicketId> = s
        .customers
        .recent(s.inbox.selected_ticket().and_then(|t| t.customer_id.as_deref()))
        .iter()
        .map(|t| t.id.clone())
        .collect();
    let target = recent.iter().position(|id| *id != first).expect("the customer has another ticket");
    for _ in 0..target {
        let _ = s.update(Action::Move(Move::Down));
    }
    let inbox_cursor = s.inbox.cursor;
    assert_eq!((s.customers.cursor, s.inbox.cursor), (target, inbox_cursor), "j moves the sidebar, not the inbox");
    let (_, effects) = s.update(Action::Open);
    assert_eq!(s.inbox.selected.as_ref(), Some(&recent[target]), "that ticket is open");
    assert_eq!(s.view.focus, Focus::Thread);
    assert!(effects.iter().any(|e| matches!(e, Effect::Job(Job::Thread { ticket, .. }) if *ticket == recent[target])));
}

#[tokio::test]
async fn the_order_reverses_and_the_place_comes_back_after_a_restart() {
    let (_sim, mut s) = with_views(60).await;
    let newest = s.inbox.row(0).unwrap().updated_at;
    let _ = s.update(Action::ReverseSort);
    assert!(s.inbox.row(0).unwrap().updated_at < newest, "the oldest first");
    assert_eq!(s.inbox.sort_label(), "last updated ↑");
    let _ = s.update(Action::RunLine("view unassigned".into()));
    let (_, effects) = s.update(Action::CycleSort);
    let saved = effects.iter().find_map(|e| match e {
        Effect::SavePlace(place) => Some(place.clone()),
        _ => None,
    });
    let saved = saved.expect("a move of the place is saved");
    assert_eq!((saved.view.as_deref(), saved.sort.as_deref()), (Some("Unassigned"), Some("created ↑")));
    // The next run: a fresh state, the same place.
    let (_sim, mut again) = with_views(60).await;
    again.inbox.restore_place(saved);
    assert_eq!(again.inbox.tabs.current, again.inbox.tabs.find("Unassigned").unwrap());
    assert_eq!(again.inbox.sort_label(), "created ↑");
    let (_, effects) = again.update(Action::Move(Move::Down));
    assert!(!effects.iter().any(|e| matches!(e, Effect::SavePlace(_))), "an unmoved place is not saved again");
}

#[tokio::test]
async fn z_offers_common_wake_times_and_the_choice_is_a_snooze() {
    let (_sim, mut s) = with_views(30).await;
    let current = s.inbox.selected.clone().unwrap();
    let (_, _) = s.update(Action::RunLine("snooze".into()));
    let Some(triage::state::Overlay::Picker(picker)) = &s.view.overlay else { panic!("the snooze picker") };
    let labels: Vec<&str> = picker.options.iter().map(|o| o.label.as_str()).collect();
    assert_eq!(labels, ["1h", "4h", "tomorrow", "mon", "1w", "unsnooze"]);
    for c in "tomorrow".chars() {
        let _ = s.update(Action::Text(TextKey::Char(c)));
    }
    let (_, effects) = s.update(Action::Text(TextKey::Enter));
    let tomorrow_nine: Timestamp = "2026-11-21T09:00:00Z".parse().unwrap();
    let change = effects.iter().find_map(|e| match e {
        Effect::Job(Job::Apply { tickets, change, .. }) if tickets == &vec![current.clone()] => Some(change.clone()),
        _ => None,
    });
    assert_eq!(change, Some(Change::Snooze(Some(tomorrow_nine))));
    assert!(sla::snoozed(s.inbox.ticket(&current).unwrap(), s.session.now), "snoozed at once, locally");
}

#[tokio::test]
async fn every_unthread_ticket_opens_and_copies_its_slack_thread() {
    let (sim, mut s) = with_views(20).await;
    let id = s.inbox.selected.clone().unwrap();
    let (channel, ts) = sim.state().read(|db| {
        let c = db.conversations.iter().find(|c| c.id == id.0).unwrap();
        (db.customers[c.customer].channel_id.clone(), db.thread(c)[0].ts.replace('.', ""))
    });
    let want = format!("https://slack.com/archives/{channel}/p{ts}");
    let (_, effects) = s.update(Action::RunLine("open".into()));
    assert!(effects.iter().any(|e| matches!(e, Effect::OpenUrl(url) if *url == want)), "{effects:?}");
    let (_, effects) = s.update(Action::RunLine("copy".into()));
    assert!(effects.iter().any(|e| matches!(e, Effect::Copy(text) if *text == want)), "{effects:?}");
}

#[tokio::test]
async fn a_new_sort_or_view_starts_at_its_top() {
    let (_sim, mut s) = with_views(300).await;
    for _ in 0..5 {
        let _ = s.update(Action::Move(Move::Down));
    }
    let _ = s.update(Action::CycleSort);
    assert_eq!(s.inbox.cursor, 0, "the first row of the new order is the one shown and selected");
    let _ = s.update(Action::Move(Move::Down));
    let _ = s.update(Action::CycleView(false));
    assert_eq!(s.inbox.cursor, 0);
    assert_eq!(s.inbox.selected.as_ref(), Some(&s.inbox.row(0).unwrap().id));
}
