//! Pure tests of triage: pickers, marked sets, optimistic changes, rollback and undo.

use crate::common::*;
use triage::api::ApiError;
use triage::command::action::{Action, Move, TextKey};
use triage::desk::*;
use triage::state::{AppState, Effect, Notice, TriageKind};
use triage::worker::{Job, NetEvent};

fn type_text(state: &mut AppState, text: &str) -> Vec<Effect> {
    let mut effects = Vec::new();
    for c in text.chars() {
        effects.extend(state.update(Action::Text(TextKey::Char(c))).1);
    }
    effects.extend(state.update(Action::Text(TextKey::Enter)).1);
    effects
}

fn apply_job(effects: &[Effect]) -> (u64, Vec<TicketId>, Change) {
    effects
        .iter()
        .find_map(|e| match e {
            Effect::Job(Job::Apply { req, tickets, change }) => Some((*req, tickets.clone(), change.clone())),
            _ => None,
        })
        .expect("an Apply job")
}

#[tokio::test]
async fn the_four_blind_sequences_build_the_right_changes() {
    let (_sim, mut s) = loaded_console(60, (100, 30)).await;
    let current = s.inbox.selected.clone().unwrap();
    let maria = s.directory.by_email("maria@acme.dev").unwrap().id.clone();
    let bug = s.directory.tags.iter().find(|t| &*t.name == "Bug").unwrap().clone();
    let cases: Vec<(TriageKind, &str, Change)> = vec![
        (TriageKind::Status, "closed", Change::Status(TicketStatus::Closed)),
        (TriageKind::Assignee, "maria", Change::Assignee(Some(maria))),
        (TriageKind::Priority, "high", Change::Priority(Some(Priority::High))),
    ];
    for (kind, typed, want) in cases {
        let _ = s.update(Action::OpenTriage(kind));
        let effects = type_text(&mut s, typed);
        let (_, tickets, change) = apply_job(&effects);
        assert_eq!((tickets, change.clone()), (vec![current.clone()], want.clone()), "{typed}");
        want.apply_to(&mut s.inbox.ticket(&current).unwrap().clone());
    }
    let had_bug = s.inbox.ticket(&current).unwrap().tags.iter().any(|t| t.id == bug.id);
    let _ = s.update(Action::OpenTriage(TriageKind::Tag));
    let (_, _, change) = apply_job(&type_text(&mut s, "bug"));
    assert_eq!(change, if had_bug { Change::RemoveTag(bug.clone()) } else { Change::AddTag(bug.clone()) });
    // The change shows at once.
    let now_has = s.inbox.ticket(&current).unwrap().tags.iter().any(|t| t.id == bug.id);
    assert_eq!(now_has, !had_bug);
    assert_eq!(s.inbox.ticket(&current).unwrap().priority, Some(Priority::High));
}

#[tokio::test]
async fn a_marked_set_is_the_target_and_marks_clear_after() {
    let (_sim, mut s) = loaded_console(60, (100, 30)).await;
    let _ = s.update(Action::ToggleMark);
    let _ = s.update(Action::Move(Move::Down));
    let _ = s.update(Action::ToggleMark);
    let _ = s.update(Action::ToggleMark);
    assert_eq!(s.inbox.marked.len(), 3);
    let rows: Vec<TicketId> = [0, 2, 3].iter().map(|&p| s.inbox.row(p).unwrap().id.clone()).collect();
    let _ = s.update(Action::OpenTriage(TriageKind::Status));
    let (_, tickets, _) = apply_job(&type_text(&mut s, "closed"));
    let mut want = rows.clone();
    want.sort_by_key(|id| s.inbox.ticket(id).unwrap().number);
    assert_eq!(tickets, want);
    assert!(s.inbox.marked.is_empty());
    assert!(rows.iter().all(|id| s.inbox.ticket(id).unwrap().status == TicketStatus::Closed));
}

#[tokio::test]
async fn partial_failure_rolls_back_only_the_failed_tickets_then_undo() {
    let (_sim, mut s) = loaded_console(60, (100, 30)).await;
    let ids: Vec<TicketId> = (0..3).map(|p| s.inbox.row(p).unwrap().id.clone()).collect();
    let before: Vec<TicketStatus> = ids.iter().map(|id| s.inbox.ticket(id).unwrap().status).collect();
    for _ in 0..3 {
        let _ = s.update(Action::ToggleMark);
    }
    let _ = s.update(Action::OpenTriage(TriageKind::Status));
    let (req, tickets, _) = apply_job(&type_text(&mut s, "on hold"));
    assert_eq!(tickets.len(), 3);
    let mut server_copy = s.inbox.ticket(&ids[0]).unwrap().clone();
    server_copy.status = TicketStatus::OnHold;
    server_copy.summary = "reconciled from the server".into();
    let failed = s.inbox.ticket(&ids[1]).unwrap().number;
    let outcomes = vec![
        (ids[0].clone(), Ok(Some(server_copy))),
        (ids[1].clone(), Err(ApiError::NotFound { title: "Conversation not found".into() })),
        (ids[2].clone(), Ok(None)),
    ];
    let _ = s.update(Action::Net(NetEvent::Applied { req, outcomes }));
    assert_eq!(&*s.inbox.ticket(&ids[0]).unwrap().summary, "reconciled from the server");
    assert_eq!(s.inbox.ticket(&ids[1]).unwrap().status, before[1], "the failed ticket returns to what it was");
    assert_eq!(s.inbox.ticket(&ids[2]).unwrap().status, TicketStatus::OnHold);
    let Some(Notice::Error(text)) = s.notices.shown() else { panic!("{:?}", s.notices.shown()) };
    assert_eq!(text, &format!("#{failed}: not found on the server (Conversation not found)"));
    // Undo sends the inverse for the two that changed, grouped by their old status.
    let (_, effects) = s.update(Action::Undo);
    let mut restored: Vec<(TicketId, Change)> = Vec::new();
    for e in &effects {
        if let Effect::Job(Job::Apply { tickets, change, .. }) = e {
            restored.extend(tickets.iter().map(|t| (t.clone(), change.clone())));
        }
    }
    restored.sort_by(|a, b| a.0.cmp(&b.0));
    let mut want = vec![(ids[0].clone(), Change::Status(before[0])), (ids[2].clone(), Change::Status(before[2]))];
    want.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(restored, want);
    assert_eq!(s.inbox.ticket(&ids[0]).unwrap().status, before[0], "undo is optimistic too");
    assert!(s.update(Action::Undo).1.is_empty(), "nothing left to undo");
}

#[tokio::test]
async fn a_changed_ticket_stays_in_place_dimmed() {
    let (_sim, mut s) = loaded_console(60, (100, 30)).await;
    let desk_filter = InboxQuery { status: Some(TicketStatus::Open), ..Default::default() };
    s.inbox.query = desk_filter.clone();
    let id = s.inbox.selected.clone().unwrap();
    let position = s.inbox.cursor;
    let _ = s.update(Action::OpenTriage(TriageKind::Status));
    let _ = type_text(&mut s, "closed");
    assert_eq!(s.inbox.cursor, position);
    assert_eq!(s.inbox.selected, Some(id.clone()));
    assert!(!desk_filter.matches(s.inbox.ticket(&id).unwrap()), "shown dimmed until the next refresh");
}

#[tokio::test]
async fn read_only_desks_say_so() {
    let (_sim, mut s) = loaded_console(60, (100, 30)).await;
    s.settings.capabilities.mutate = false;
    s.settings.desk_name = "Thena";
    let (_, effects) = s.update(Action::OpenTriage(TriageKind::Status));
    assert!(effects.is_empty() && s.view.overlay.is_none());
    assert_eq!(s.notices.shown(), Some(&Notice::Error("Thena's export is read-only".into())));
}

#[tokio::test]
async fn undo_names_what_it_undid() {
    let (_sim, mut s) = loaded_console(60, (100, 30)).await;
    let ids: Vec<TicketId> = (0..3).map(|p| s.inbox.row(p).unwrap().id.clone()).collect();
    let unassigned: Vec<TicketId> = ids
        .iter()
        .map(|id| {
            let mut t = s.inbox.ticket(id).unwrap().clone();
            t.assignee_id = None;
            s.inbox.replace_in_place(t);
            id.clone()
        })
        .collect();
    for _ in 0..3 {
        let _ = s.update(Action::ToggleMark);
    }
    let effects = s.update(Action::RunLine("assign maria".into())).1;
    assert!(effects.iter().any(|e| matches!(e, Effect::Job(Job::Apply { .. }))), "{:?} {effects:?}", s.notices.shown());
    let (req, _, _) = apply_job(&effects);
    let outcomes = unassigned.iter().map(|id| (id.clone(), Ok(None))).collect();
    let _ = s.update(Action::Net(NetEvent::Applied { req, outcomes }));
    let effects = s.update(Action::Undo).1;
    assert!(effects.iter().any(|e| matches!(e, Effect::Job(Job::Apply { .. }))), "{:?}", s.notices.shown());
    let (req, tickets, _) = apply_job(&effects);
    let outcomes = tickets.iter().map(|id| (id.clone(), Ok(None))).collect();
    let _ = s.update(Action::Net(NetEvent::Applied { req, outcomes }));
    assert_eq!(s.notices.shown(), Some(&Notice::Info("undone: 3 tickets assignee Maria Garcia → none".into())));
    let open = (0..s.inbox.len()).find(|&p| s.inbox.row(p).unwrap().status != TicketStatus::Closed).unwrap();
    s.inbox.select_at(open);
    let one = s.inbox.row(open).unwrap().clone();
    assert_eq!(s.inbox.selected.as_ref(), Some(&one.id));
    let (req, _, _) = apply_job(&s.update(Action::RunLine("close".into())).1);
    let _ = s.update(Action::Net(NetEvent::Applied { req, outcomes: vec![(one.id.clone(), Ok(None))] }));
    let (req, _, _) = apply_job(&s.update(Action::Undo).1);
    let _ = s.update(Action::Net(NetEvent::Applied { req, outcomes: vec![(one.id.clone(), Ok(None))] }));
    let want = format!("undone: #{} status closed → {}", one.number, one.status.label());
    assert_eq!(s.notices.shown(), Some(&Notice::Info(want)));
}

/// A macro that replies, closes and tags, on the current ticket of a loaded console.
fn with_macro(s: &mut AppState) {
    use triage::command::library::{Library, Macro};
    let open = s.inbox.tickets.iter().find(|t| t.status == TicketStatus::Open).unwrap().id.clone();
    assert!(s.inbox.select_id(&open));
    let has = s.inbox.selected_ticket().unwrap().tags.clone();
    let bug = s.directory.tags.iter().find(|t| !has.iter().any(|h| h.id == t.id)).unwrap().name.to_string();
    s.settings.library = Library {
        replies: vec![],
        macros: vec![Macro {
            name: "solved".into(),
            reply: Some("Fixed, {first_name}.".into()),
            status: Some(TicketStatus::Closed),
            tags: vec![bug],
            ..Macro::default()
        }],
    };
}

fn jobs(effects: &[Effect]) -> Vec<Job> {
    effects.iter().filter_map(|e| if let Effect::Job(j) = e { Some(j.clone()) } else { None }).collect()
}

#[tokio::test]
async fn a_macro_sends_its_reply_only_once_its_changes_stood_and_undoes_them_when_one_failed() {
    for tag_fails in [false, true] {
        let (_sim, mut s) = loaded_console(60, (100, 30)).await;
        with_macro(&mut s);
        let (_, effects) = s.update(Action::RunLine("macro solved".into()));
        let applies: Vec<(u64, Vec<TicketId>, Change)> = jobs(&effects)
            .into_iter()
            .filter_map(
                |j| if let Job::Apply { req, tickets, change } = j { Some((req, tickets, change)) } else { None },
            )
            .collect();
        assert_eq!(applies.len(), 2, "the status and the tag: {effects:?}");
        assert!(!jobs(&effects).iter().any(|j| matches!(j, Job::Send { .. })), "no reply before the changes stood");
        let mut after = Vec::new();
        for (req, tickets, change) in applies {
            let failed = tag_fails && matches!(change, Change::AddTag(_));
            let outcomes = tickets
                .into_iter()
                .map(|id| {
                    (
                        id,
                        if failed {
                            Err(ApiError::Invalid { status: 400, title: "no such tag".into() })
                        } else {
                            Ok(None)
                        },
                    )
                })
                .collect();
            after.extend(s.update(Action::Net(NetEvent::Applied { req, outcomes })).1);
        }
        let sent =
            jobs(&after).iter().any(|j| matches!(j, Job::Send { markdown, .. } if markdown.starts_with("Fixed, ")));
        let undone = jobs(&after).iter().any(|j| matches!(j, Job::Apply { change: Change::Status(_), .. }));
        assert_eq!((sent, undone), (!tag_fails, tag_fails), "tag fails: {tag_fails}: {after:?}");
        if tag_fails {
            let Some(Notice::Error(text)) = s.notices.shown() else { panic!("{:?}", s.notices.shown()) };
            assert!(text.contains("macro solved") && text.contains("its other changes were undone"), "{text}");
        }
    }
}

/// The state's clock moves by the minute: a ticket opened with a customer message newer than
/// that clock on screen is read, and that message never makes it unread later.
#[tokio::test]
async fn what_was_on_screen_when_a_ticket_was_opened_is_never_unread() {
    let (_sim, mut s) = loaded_console(30, (120, 30)).await;
    let id = s.inbox.selected.clone().unwrap();
    let later = s.session.now + jiff::SignedDuration::from_secs(40);
    let message = Message {
        id: "m1".into(),
        author: "Tom Becker".into(),
        author_kind: AuthorKind::Customer,
        at: Some(later),
        body: "Is it fixed?".into(),
        private_note: false,
        delivery: Delivery::Delivered,
        files: vec![],
        author_id: None,
    };
    // The thread on screen holds a message newer than the state's minute clock.
    let view = s.threads.held.get_mut(&id).expect("the selection's thread is held");
    view.messages = triage::state::Loadable::Ready(vec![message.clone()]);
    let _ = s.update(Action::Open);
    assert_eq!(s.unread.wrote_since(&id, &[message]), Some(false), "read when it was on screen");
    assert!(!s.inbox.tabs.unread.contains(&id));
}
