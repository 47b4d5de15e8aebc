//! Pure tests of the outbox: offline work is queued (and a read-only second console, with no
//! outbox, still refuses it); a queued reply dropped or edited is never lost; a dropped
//! change is undone on the row; replay waits for the server and goes one entry at a time.

use crate::common::*;
use triage::command::action::Action;
use triage::desk::TicketStatus;
use triage::desk::outbox::{QueuedState, QueuedWork};
use triage::state::{AppState, Effect, Focus};
use triage::store::drafts::{DraftKey, DraftKind};
use triage::worker::work::WorkJob;
use triage::worker::{Job, StoreJob};

fn offline(state: &mut AppState, durable: bool) {
    if durable {
        let _ = state.update(Action::OutboxLoaded(vec![]));
    }
    state.sync.offline_backoff = Some(std::time::Duration::from_secs(10));
}

fn saved_outbox(effects: &[Effect]) -> Option<usize> {
    effects.iter().rev().find_map(|e| match e {
        Effect::Store(StoreJob::SaveOutbox(all)) => Some(all.len()),
        _ => None,
    })
}

fn queue_reply(state: &mut AppState, text: &str) -> Vec<Effect> {
    let _ = state.update(Action::StartReply);
    let _ = state.update(Action::Paste(text.into()));
    state.update(Action::SendDraft).1
}

#[tokio::test]
async fn offline_a_reply_and_a_change_are_queued_and_saved_not_sent() {
    let (_sim, mut s) = loaded_console(20, (120, 30)).await;
    let id = s.inbox.selected.clone().unwrap();
    offline(&mut s, true);
    let effects = queue_reply(&mut s, "The fix is out");
    assert_eq!(saved_outbox(&effects), Some(1), "kept in the cache at once");
    assert!(!effects.iter().any(|e| matches!(e, Effect::Job(Job::Send { .. }))), "nothing sent offline");
    assert!(s.compose.open.is_none() && s.view.focus == Focus::Inbox, "back where the composer was opened");
    assert!(effects.contains(&Effect::DeleteDraft(DraftKey { ticket: id.clone(), kind: DraftKind::Reply })));
    let (_, effects) = s.update(Action::RunLine("status closed".into()));
    assert_eq!(saved_outbox(&effects), Some(2));
    assert!(!effects.iter().any(|e| matches!(e, Effect::Job(Job::Apply { .. }))));
    assert_eq!(s.inbox.ticket(&id).unwrap().status, TicketStatus::Closed, "shown as it will be");
    assert_eq!(s.outbox.of(&id), (2, 0));
    // Still offline: nothing replays.
    let (_, effects) = s.update(Action::RunLine("outbox send 1".into()));
    assert!(!effects.iter().any(|e| matches!(e, Effect::Job(Job::Work { .. }))));
}

#[tokio::test]
async fn a_second_console_without_the_outbox_still_refuses_offline_changes() {
    let (_sim, mut s) = loaded_console(20, (120, 30)).await;
    offline(&mut s, false);
    let _ = s.update(Action::OpenTriage(triage::state::TriageKind::Status));
    assert!(s.view.overlay.is_none(), "refused, not queued");
    let said = match s.notices.shown() {
        Some(triage::state::Notice::Error(e)) => e.clone(),
        other => panic!("an error is said: {other:?}"),
    };
    assert!(said.contains("offline"), "{said}");
}

#[tokio::test]
async fn a_cache_that_takes_no_writes_is_said_and_queues_nothing_it_could_lose() {
    let (_sim, mut s) = loaded_console(20, (120, 30)).await;
    let id = s.inbox.selected.clone().unwrap();
    offline(&mut s, true);
    let _ = s.update(Action::Net(triage::worker::NetEvent::CacheWritable(Err("disk full".into()))));
    let said = format!("{:?}", s.notices.shown());
    assert!(said.contains("cache: disk full — working from memory, nothing is lost"), "{said}");
    let effects = queue_reply(&mut s, "Kept as a draft, not queued");
    assert_eq!(saved_outbox(&effects), None, "nothing queued");
    assert!(s.outbox.queued.is_empty() && s.compose.open.is_some(), "the draft stays in the composer");
    let key = DraftKey { ticket: id.clone(), kind: DraftKind::Reply };
    assert!(s.compose.drafts.text.contains_key(&key));
    let _ = s.update(Action::Net(triage::worker::NetEvent::CacheWritable(Ok(()))));
    assert_eq!(saved_outbox(&s.update(Action::SendDraft).1), Some(1), "queued again once the cache takes writes");
}

#[tokio::test]
async fn a_dropped_reply_is_kept_as_the_draft_and_an_edited_one_reopens_the_composer() {
    let (_sim, mut s) = loaded_console(20, (120, 30)).await;
    let id = s.inbox.selected.clone().unwrap();
    let key = DraftKey { ticket: id.clone(), kind: DraftKind::Reply };
    offline(&mut s, true);
    let _ = queue_reply(&mut s, "First words");
    assert!(!s.compose.drafts.text.contains_key(&key));
    let (_, effects) = s.update(Action::RunLine("outbox drop 1".into()));
    assert_eq!(saved_outbox(&effects), Some(0));
    assert_eq!(s.compose.drafts.text.get(&key).map(String::as_str), Some("First words"), "a reply is never lost");
    assert!(effects.contains(&Effect::SaveDraft(key.clone(), "First words".into())));
    let _ = queue_reply(&mut s, " and more");
    let seq = s.outbox.queued[0].seq;
    let _ = s.update(Action::RunLine(format!("outbox edit {seq}")));
    assert!(s.outbox.queued.is_empty());
    assert_eq!(s.view.focus, Focus::Composer);
    assert_eq!(s.compose.open.as_ref().unwrap().text(), "First words and more");
}

#[tokio::test]
async fn a_dropped_change_is_undone_on_the_row() {
    let (_sim, mut s) = loaded_console(20, (120, 30)).await;
    let id = s.inbox.selected.clone().unwrap();
    let was = s.inbox.ticket(&id).unwrap().priority;
    offline(&mut s, true);
    let _ = s.update(Action::RunLine("priority critical".into()));
    assert_eq!(s.inbox.ticket(&id).unwrap().priority, Some(triage::desk::Priority::Critical));
    let _ = s.update(Action::RunLine("outbox drop 1".into()));
    assert_eq!(s.inbox.ticket(&id).unwrap().priority, was);
}

#[tokio::test]
async fn back_online_the_first_entry_goes_and_the_next_waits_for_it() {
    let (_sim, mut s) = loaded_console(20, (120, 30)).await;
    offline(&mut s, true);
    let _ = s.update(Action::RunLine("status closed".into()));
    let _ = s.update(Action::RunLine("priority high".into()));
    s.sync.offline_backoff = None;
    let (_, effects) = s.update(Action::RunLine("outbox send 2".into()));
    let replays: Vec<u64> = effects
        .iter()
        .filter_map(|e| match e {
            Effect::Job(Job::Work { job: WorkJob::Replay { queued, .. }, .. }) => Some(queued.seq),
            _ => None,
        })
        .collect();
    assert_eq!(replays, vec![1], "in order, one at a time");
    assert_eq!(s.outbox.queued[0].state, QueuedState::Sending);
    assert!(matches!(s.outbox.queued[1].work, QueuedWork::Change(_)));
}

#[tokio::test]
async fn a_reply_with_files_is_not_queued_and_stays_the_draft() {
    let (_sim, mut s) = loaded_console(20, (120, 30)).await;
    offline(&mut s, true);
    let _ = s.update(Action::StartReply);
    let _ = s.update(Action::Paste("see the log".into()));
    let key = s.compose.open.as_ref().unwrap().key.clone();
    s.work
        .attachments
        .insert(key, vec![triage::state::work::Attached { path: "log.txt".into(), name: "log.txt".into(), size: 3 }]);
    let (_, effects) = s.update(Action::SendDraft);
    assert_eq!(saved_outbox(&effects), None, "nothing queued: the files would be lost");
    assert!(s.outbox.queued.is_empty() && s.compose.open.is_some());
}
