//! The outbox: changes and replies made while the server could not take them, kept in the
//! cache until they are replayed in order. Each remembers the ticket's `updatedAt` when it
//! was made; a ticket changed on the server since is a conflict, held for the agent.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::{Change, TicketId};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum QueuedWork {
    Change(Change),
    Reply { text: String, private_note: bool },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum QueuedState {
    /// Waits for the server.
    Waiting,
    /// Sent, and no answer yet. Found so at a start, a reply may have arrived: it is held.
    Sending,
    /// Not sent until the agent says so (a conflict, or an error the server gave).
    Held(String),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Queued {
    /// Its place in the order of replay (first made, first sent).
    pub seq: u64,
    pub ticket: TicketId,
    pub number: u64,
    /// The ticket's `updatedAt` when it was queued; `None` sends it whatever the server holds
    /// (the agent confirmed a conflict).
    pub base: Option<Timestamp>,
    pub queued_at: Timestamp,
    pub work: QueuedWork,
    pub state: QueuedState,
    /// The change that puts the row back as it was (a dropped change is undone on screen).
    #[serde(default)]
    pub undo: Option<Change>,
}

impl Queued {
    pub fn is_reply(&self) -> bool {
        matches!(self.work, QueuedWork::Reply { .. })
    }

    /// A few words for the outbox list: `close`, `reply “Hello Globex…”`.
    pub fn describe(&self, names: impl Fn(&str) -> Option<String>) -> String {
        match &self.work {
            QueuedWork::Change(change) => change.describe(names),
            QueuedWork::Reply { text, private_note } => {
                let first: String = text.lines().next().unwrap_or_default().chars().take(40).collect();
                let what = if *private_note { "note" } else { "reply" };
                format!("{what} “{first}{}”", if first.len() < text.trim_end().len() { "…" } else { "" })
            }
        }
    }
}

/// What a start finds in the outbox: a reply that was on its way when triage stopped may
/// have arrived, so it is held for the agent to look; a change is idempotent and waits again
/// (its conflict check still guards it).
pub fn after_restart(mut queued: Vec<Queued>) -> Vec<Queued> {
    for q in &mut queued {
        if q.state == QueuedState::Sending {
            q.state = if q.is_reply() {
                QueuedState::Held("it was being sent when triage stopped: look at the thread, then send or drop".into())
            } else {
                QueuedState::Waiting
            };
        }
    }
    queued.sort_by_key(|q| q.seq);
    queued
}

/// Our own replayed work moved the ticket's `updatedAt`: the entries queued after it on the
/// same ticket are measured against the new stamp, not called conflicts with ourselves.
pub fn rebase(queued: &mut [Queued], ticket: &TicketId, from: Option<Timestamp>, to: Option<Timestamp>) {
    for q in queued.iter_mut().filter(|q| &q.ticket == ticket && q.base.is_some() && q.base == from) {
        q.base = to;
    }
}

/// Whether the server's copy changed since the entry was queued.
pub fn conflicts(q: &Queued, server_updated: Option<Timestamp>) -> bool {
    match (q.base, server_updated) {
        (None, _) => false,
        (Some(base), Some(now)) => now > base,
        (Some(_), None) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::desk::TicketStatus;

    fn at(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn queued(seq: u64, work: QueuedWork, state: QueuedState) -> Queued {
        let (ticket, base) = (TicketId("t".into()), Some(at("2026-12-01T10:00:00Z")));
        Queued { seq, ticket, number: 7, base, queued_at: at("2026-12-01T11:00:00Z"), work, state, undo: None }
    }

    fn reply() -> QueuedWork {
        QueuedWork::Reply { text: "Hello Globex,\nthe fix is out".into(), private_note: false }
    }

    #[test]
    fn a_reply_cut_off_by_a_stop_is_held_and_a_change_waits_again() {
        let close = QueuedWork::Change(Change::Status(TicketStatus::Closed));
        let found =
            after_restart(vec![queued(2, reply(), QueuedState::Sending), queued(1, close, QueuedState::Sending)]);
        assert_eq!(found[0].seq, 1, "in the order they were made");
        assert_eq!(found[0].state, QueuedState::Waiting);
        assert!(matches!(found[1].state, QueuedState::Held(_)), "a reply is never sent twice blindly");
    }

    #[test]
    fn our_own_replayed_work_is_no_conflict_for_what_follows_it() {
        let mut all = vec![queued(1, reply(), QueuedState::Waiting), queued(2, reply(), QueuedState::Waiting)];
        let later = Some(at("2026-12-01T12:00:00Z"));
        assert!(conflicts(&all[1], later), "measured against the old stamp, it would be");
        rebase(&mut all, &TicketId("t".into()), Some(at("2026-12-01T10:00:00Z")), later);
        assert!(!conflicts(&all[1], later));
        assert!(conflicts(&all[1], Some(at("2026-12-01T12:00:01Z"))), "a later edit still is");
    }

    #[test]
    fn a_confirmed_entry_has_no_base_and_never_conflicts() {
        let mut q = queued(1, reply(), QueuedState::Waiting);
        q.base = None;
        assert!(!conflicts(&q, Some(at("2030-01-01T00:00:00Z"))));
    }

    #[test]
    fn a_reply_is_described_by_its_first_line() {
        let q = queued(1, reply(), QueuedState::Waiting);
        assert_eq!(q.describe(|_| None), "reply “Hello Globex,…”");
    }
}
