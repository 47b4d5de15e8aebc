//! Pure tests of the composer: open, type, save, send, success, failure, unknown outcome,
//! collision.

use crate::common::*;
use triage::api::ApiError;
use triage::command::action::Action;
use triage::desk::{Delivery, Message, TicketId};
use triage::state::{AppState, Effect, Focus, Notice};
use triage::store::drafts::{DraftKey, DraftKind};
use triage::worker::{Job, NetEvent};
use tui_textarea::{Input, Key};

fn type_text(state: &mut AppState, text: &str) -> Vec<Effect> {
    text.chars()
        .flat_map(|c| {
            state.update(Action::Compose(Input { key: Key::Char(c), ctrl: false, alt: false, shift: false })).1
        })
        .collect()
}

fn thread_job(effects: &[Effect]) -> Option<(u64, TicketId)> {
    effects.iter().find_map(|e| match e {
        Effect::Job(Job::Thread { req, ticket, .. }) => Some((*req, ticket.clone())),
        _ => None,
    })
}

fn send_job(effects: &[Effect]) -> Option<(u64, String, bool, Option<String>)> {
    effects.iter().find_map(|e| match e {
        Effect::Job(Job::Send { req, markdown, private_note, as_agent, .. }) => {
            Some((*req, markdown.clone(), *private_note, as_agent.as_ref().map(|a| a.email.clone())))
        }
        _ => None,
    })
}

fn messages(state: &AppState, id: &TicketId) -> Vec<Message> {
    state.threads.held[id].messages.ready().cloned().unwrap()
}

/// Ctrl-s, then the fresh thread arrives as it was: the send goes out.
fn send(state: &mut AppState, id: &TicketId) -> (u64, String, bool, Option<String>) {
    let (_, effects) = state.update(Action::SendDraft);
    let (req, ticket) = thread_job(&effects).expect("the thread is read again before sending");
    let same = messages(state, id);
    let (_, effects) = state.update(Action::Net(NetEvent::Thread { req, ticket, result: Ok(same) }));
    let job = effects.iter().position(|e| matches!(e, Effect::Job(Job::Send { .. })));
    let mark = effects.iter().position(|e| matches!(e, Effect::MarkSending(key, _) if &key.ticket == id));
    assert!(mark < job && mark.is_some(), "the draft is marked in flight before the send leaves: {effects:?}");
    send_job(&effects).expect("then the message is sent")
}

#[tokio::test]
async fn typing_saves_a_draft_and_esc_keeps_it() {
    let (_sim, mut s) = loaded_console(40, (120, 30)).await;
    let id = s.inbox.selected.clone().unwrap();
    let _ = s.update(Action::StartReply);
    assert_eq!(s.view.focus, Focus::Composer);
    let effects = type_text(&mut s, "Hi Tom");
    assert!(effects.contains(&Effect::ScheduleDraftSave));
    let key = DraftKey { ticket: id.clone(), kind: DraftKind::Reply };
    assert_eq!(s.compose.drafts.text.get(&key).map(String::as_str), Some("Hi Tom"));
    let (_, effects) = s.update(Action::FlushDrafts);
    assert_eq!(effects, vec![Effect::SaveDraft(key.clone(), "Hi Tom".into())]);
    let (_, effects) = s.update(Action::LeaveComposer);
    assert!(s.compose.open.is_none() && s.view.focus == Focus::Thread);
    assert!(effects.is_empty(), "nothing changed since the last save");
    let _ = s.update(Action::StartReply);
    assert_eq!(s.compose.open.as_ref().unwrap().text(), "Hi Tom", "reopening restores the draft");
}

#[tokio::test]
async fn a_pasted_cr_or_crlf_is_a_line_break_in_what_is_sent() {
    let (_sim, mut s) = loaded_console(10, (120, 30)).await;
    let id = s.inbox.selected.clone().unwrap();
    let _ = s.update(Action::StartReply);
    let _ = s.update(Action::Paste("Hello Globex,\rline two\r\nthanks\r".into()));
    assert_eq!(s.compose.open.as_ref().unwrap().text(), "Hello Globex,\nline two\nthanks\n");
    let (_, markdown, ..) = send(&mut s, &id);
    assert!(!markdown.contains('\r') && !markdown.contains('␍'), "{markdown:?}");
}

#[tokio::test]
async fn a_reply_goes_out_once_as_me_and_the_draft_is_deleted() {
    let (_sim, mut s) = loaded_console(40, (120, 30)).await;
    let id = s.inbox.selected.clone().unwrap();
    let _ = s.update(Action::StartReply);
    type_text(&mut s, "Thanks, fixed!");
    let (req, markdown, private, as_agent) = send(&mut s, &id);
    assert_eq!((markdown.as_str(), private, as_agent.as_deref()), ("Thanks, fixed!", false, Some("maria@acme.dev")));
    let local = &s.threads.held[&id].local;
    assert_eq!((local.len(), &local[0].delivery), (1, &Delivery::Sending), "shown at once as sending…");
    let mut server = local[0].clone();
    server.id = "1795289635.881370".into();
    server.delivery = Delivery::Delivered;
    let before = messages(&s, &id).len();
    let (_, effects) = s.update(Action::Net(NetEvent::Sent { req, ticket: id.clone(), result: Ok(server) }));
    assert!(s.threads.held[&id].local.is_empty());
    assert_eq!(messages(&s, &id).len(), before + 1);
    let key = DraftKey { ticket: id, kind: DraftKind::Reply };
    assert_eq!(effects[0], Effect::DeleteDraft(key.clone()));
    let reread = effects.iter().any(|e| {
        matches!(e, Effect::Job(Job::Work { job: triage::worker::work::WorkJob::Refetch(ids), .. }) if ids == std::slice::from_ref(&key.ticket))
    });
    assert!(reread && effects.len() == 2, "the ticket is read again at once (its reply clock): {effects:?}");
    assert_eq!(s.view.focus, Focus::Inbox, "back where the composer was opened");
    assert!(!s.compose.drafts.text.contains_key(&key));
}

#[tokio::test]
async fn notes_are_private_and_empty_drafts_are_not_sent() {
    let (_sim, mut s) = loaded_console(40, (120, 30)).await;
    let id = s.inbox.selected.clone().unwrap();
    let _ = s.update(Action::StartNote);
    let (_, effects) = s.update(Action::SendDraft);
    assert!(effects.is_empty());
    assert!(matches!(&s.notices.shown(), Some(Notice::Info(t)) if t.contains("empty")));
    type_text(&mut s, "   ");
    assert!(s.update(Action::SendDraft).1.is_empty(), "whitespace only is not sent");
    type_text(&mut s, "internal");
    let (_, _, private, _) = send(&mut s, &id);
    assert!(private);
}

#[tokio::test]
async fn a_failed_send_keeps_the_draft() {
    let (_sim, mut s) = loaded_console(40, (120, 30)).await;
    let id = s.inbox.selected.clone().unwrap();
    let _ = s.update(Action::StartReply);
    type_text(&mut s, "hello");
    let (req, ..) = send(&mut s, &id);
    // Refused (a 4xx): it was not stored. (A 5xx may have been, and is checked: below.)
    let error = ApiError::Invalid { status: 422, title: "Invalid body".into() };
    let (_, effects) = s.update(Action::Net(NetEvent::Sent { req, ticket: id.clone(), result: Err(error) }));
    let key = DraftKey { ticket: id.clone(), kind: DraftKind::Reply };
    assert_eq!(effects, vec![Effect::UnmarkSending(key)], "no automatic resend; a plain draft again");
    assert!(matches!(s.threads.held[&id].local[0].delivery, Delivery::Failed(_)));
    assert!(s.compose.drafts.text.contains_key(&DraftKey { ticket: id.clone(), kind: DraftKind::Reply }));
    assert!(
        matches!(&s.notices.shown(), Some(Notice::Error(t)) if t.contains("couldn't send") && t.contains("draft is kept"))
    );
    let _ = s.update(Action::StartReply);
    assert_eq!(s.compose.open.as_ref().unwrap().text(), "hello");
}

#[tokio::test]
async fn an_unknown_outcome_is_checked_never_resent() {
    let server_error = || ApiError::Server { status: 500, title: "Internal Server Error".into(), retry_after: None };
    for (arrived, error) in [(true, ApiError::Timeout), (false, ApiError::Timeout), (true, server_error())] {
        let (_sim, mut s) = loaded_console(40, (120, 30)).await;
        let id = s.inbox.selected.clone().unwrap();
        let _ = s.update(Action::StartReply);
        type_text(&mut s, "We **fixed** it & deployed");
        let (req, ..) = send(&mut s, &id);
        let (_, effects) = s.update(Action::Net(NetEvent::Sent { req, ticket: id.clone(), result: Err(error) }));
        assert!(send_job(&effects).is_none(), "never resent on its own");
        assert_eq!(s.threads.held[&id].local[0].delivery, Delivery::Unconfirmed);
        let (check, ticket) = thread_job(&effects).expect("the thread is re-read");
        let mut thread = messages(&s, &id);
        if arrived {
            let mut m = thread[0].clone();
            m.id = "9999.1".into();
            m.body = "We *fixed* it &amp; deployed".into();
            thread.push(m);
        }
        let (_, effects) = s.update(Action::Net(NetEvent::Thread { req: check, ticket, result: Ok(thread) }));
        let key = DraftKey { ticket: id.clone(), kind: DraftKind::Reply };
        if arrived {
            assert_eq!(effects, vec![Effect::DeleteDraft(key)]);
            assert!(s.threads.held[&id].local.is_empty());
        } else {
            assert!(effects == vec![Effect::UnmarkSending(key.clone())] && s.compose.drafts.text.contains_key(&key));
            assert!(matches!(s.threads.held[&id].local[0].delivery, Delivery::Failed(_)));
            assert!(matches!(&s.notices.shown(), Some(Notice::Error(t)) if t.contains("did not arrive")));
        }
    }
}

#[tokio::test]
async fn new_messages_while_writing_must_be_confirmed() {
    let (_sim, mut s) = loaded_console(40, (120, 30)).await;
    let id = s.inbox.selected.clone().unwrap();
    let _ = s.update(Action::StartReply);
    type_text(&mut s, "answer");
    let (_, effects) = s.update(Action::SendDraft);
    let (req, ticket) = thread_job(&effects).unwrap();
    let mut thread = messages(&s, &id);
    let mut newer = thread[0].clone();
    newer.id = "8888.1".into();
    newer.body = "Never mind, it works now".into();
    thread.push(newer);
    let (_, effects) = s.update(Action::Net(NetEvent::Thread { req, ticket, result: Ok(thread) }));
    assert!(send_job(&effects).is_none(), "not sent: someone wrote meanwhile");
    assert!(matches!(&s.notices.shown(), Some(Notice::Error(t)) if t.contains("1 new message")));
    assert!(s.compose.open.is_some());
    // Ctrl-s again after reading: it goes.
    let (_, effects) = s.update(Action::SendDraft);
    let (req, ticket) = thread_job(&effects).unwrap();
    let same = messages(&s, &id);
    let (_, effects) = s.update(Action::Net(NetEvent::Thread { req, ticket, result: Ok(same) }));
    assert!(send_job(&effects).is_some());
}

#[tokio::test]
async fn previewing_many_threads_keeps_only_the_recent_ones_but_never_a_draft_s() {
    use triage::command::action::Move;
    use triage::state::KEPT_THREADS;
    let (sim, mut s) = loaded_console(60, (120, 30)).await;
    let desk = unthread_desk(&sim);
    let first = s.inbox.selected.clone().unwrap();
    let _ = s.update(Action::StartReply);
    type_text(&mut s, "half a reply");
    let _ = s.update(Action::LeaveComposer);
    let _ = s.update(Action::Back);
    for _ in 0..50 {
        act(&mut s, &desk, Action::Move(Move::Down)).await;
    }
    assert!(s.threads.held.len() <= KEPT_THREADS, "{} threads held after 50 previews", s.threads.held.len());
    assert!(s.selected_thread().is_some_and(|v| v.messages.ready().is_some()), "the one shown is kept");
    act(&mut s, &desk, Action::Move(Move::Top)).await;
    assert_eq!(s.inbox.selected.as_ref(), Some(&first));
    assert!(s.selected_thread().is_some_and(|v| v.messages.ready().is_some()), "read again when shown again");
    let _ = s.update(Action::StartReply);
    assert_eq!(s.compose.open.as_ref().unwrap().text(), "half a reply", "the draft was never part of it");
}

#[tokio::test]
async fn quitting_with_a_draft_that_could_not_be_saved_asks_once() {
    let (_sim, mut s) = loaded_console(10, (120, 30)).await;
    let id = s.inbox.selected.clone().unwrap();
    let _ = s.update(Action::StartReply);
    type_text(&mut s, "three paragraphs of careful reply");
    let key = DraftKey { ticket: id, kind: DraftKind::Reply };
    let (_, effects) = s.update(Action::Quit);
    assert!(effects.iter().any(|e| matches!(e, Effect::SaveDraft(k, _) if *k == key)), "saved on the way out");
    let full = || Err("No space left on device (os error 28)".to_string());
    let _ = s.update(Action::DraftSaved(key.clone(), full()));
    assert!(!s.session.should_quit, "the quit stops: the draft is not on disk");
    assert!(
        matches!(&s.notices.shown(), Some(Notice::Error(t)) if t.contains("could NOT be saved") && t.contains("q again"))
    );
    let _ = s.update(Action::Quit);
    let _ = s.update(Action::DraftSaved(key, full()));
    assert!(s.session.should_quit, "q again quits anyway, as it said");
}

#[tokio::test]
async fn a_send_that_fails_gives_its_files_back_to_the_draft() {
    let (_sim, mut s) = loaded_console(40, (120, 30)).await;
    let id = s.inbox.selected.clone().unwrap();
    let _ = s.update(Action::StartReply);
    type_text(&mut s, "the log you asked for");
    let key = DraftKey { ticket: id.clone(), kind: DraftKind::Reply };
    let log = triage::state::work::Attached { path: "trace.log".into(), name: "trace.log".into(), size: 3 };
    s.work.attachments.insert(key.clone(), vec![log.clone()]);
    let (_, effects) = s.update(Action::SendDraft);
    let (req, ticket) = thread_job(&effects).unwrap();
    let same = messages(&s, &id);
    let (_, effects) = s.update(Action::Net(NetEvent::Thread { req, ticket, result: Ok(same) }));
    let req = effects
        .iter()
        .find_map(|e| match e {
            Effect::Job(Job::Work { req, .. }) => Some(*req),
            _ => None,
        })
        .expect("sent with its files");
    assert!(!s.work.attachments.contains_key(&key), "on their way");
    let error = ApiError::Invalid { status: 413, title: "Payload too large".into() };
    let _ = s.update(Action::Net(NetEvent::Sent { req, ticket: id.clone(), result: Err(error) }));
    assert_eq!(s.work.attachments.get(&key), Some(&vec![log]), "the file is back with the draft");
    assert!(matches!(&s.notices.shown(), Some(Notice::Error(t)) if t.contains("the draft and its file are kept")));
}

#[tokio::test]
async fn a_paste_too_long_for_a_message_is_attached_as_paste_txt() {
    let (sim, mut s) = loaded_console(40, (120, 30)).await;
    let _ = s.update(Action::StartReply);
    type_text(&mut s, "see attached");
    let dump = "2026-11-20 12:00:00 ERROR upstream timed out\n".repeat(250_000);
    let (_, effects) = s.update(Action::Paste(dump.clone()));
    assert_eq!(s.compose.open.as_ref().unwrap().text(), "see attached", "the text area never takes 10 MB");
    let (req, job) = effects
        .into_iter()
        .find_map(|e| match e {
            Effect::Job(Job::Work { req, job }) => Some((req, job)),
            _ => None,
        })
        .expect("kept as a file");
    let event = triage::worker::work::execute(&unthread_desk(&sim), req, job).await;
    let _ = s.update(Action::Net(event));
    let key = s.compose.open.as_ref().unwrap().key.clone();
    let files = &s.work.attachments[&key];
    assert_eq!((files.len(), files[0].name.as_str(), files[0].size), (1, "paste.txt", dump.len() as u64));
    assert_eq!(std::fs::read_to_string(&files[0].path).unwrap(), dump, "the whole paste, as pasted");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&files[0].path).unwrap().permissions().mode() & 0o777, 0o600);
    }
    let _ = std::fs::remove_dir_all(files[0].path.parent().unwrap());
}
