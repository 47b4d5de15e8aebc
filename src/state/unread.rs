//! Unread: a ticket the customer side wrote on after the agent last opened it in triage.
//! When each ticket was last opened is kept in the workspace's cache (so Unread survives a
//! restart); whether its customer wrote since is judged from its thread when it is read.

use std::collections::HashMap;

use jiff::Timestamp;

use crate::desk::{AuthorKind, Message, Ticket, TicketId};

/// How many changed tickets a sync has their threads read to judge (the rest wait for the
/// next sync: a thousand changes never become a thousand thread reads at once).
pub const JUDGED_PER_SYNC: usize = 8;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Unread {
    opened: HashMap<TicketId, Timestamp>,
}

impl Unread {
    /// What the cache kept.
    pub fn load(&mut self, opened: Vec<(TicketId, Timestamp)>) {
        self.opened.extend(opened);
    }

    /// The agent opened `ticket` at `at` (the cache keeps it: one row a ticket).
    pub fn open(&mut self, ticket: &TicketId, at: Timestamp) {
        self.opened.insert(ticket.clone(), at);
    }

    /// Whether the customer side wrote on `ticket` after it was last opened (`None`: never
    /// opened here, so not unread).
    pub fn wrote_since(&self, ticket: &TicketId, messages: &[Message]) -> Option<bool> {
        let opened = *self.opened.get(ticket)?;
        Some(messages.iter().any(|m| m.author_kind == AuthorKind::Customer && m.at.is_some_and(|at| at > opened)))
    }

    /// Of tickets a sync brought, those opened before that changed since: their threads
    /// say whether the customer wrote.
    pub fn to_judge(&self, fresh: &[Ticket]) -> Vec<TicketId> {
        let changed = |t: &&Ticket| {
            let opened = self.opened.get(&t.id);
            opened.is_some_and(|at| t.updated_at.is_some_and(|u| u > *at))
        };
        fresh.iter().filter(changed).take(JUDGED_PER_SYNC).map(|t| t.id.clone()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn message(kind: AuthorKind, when: &str) -> Message {
        Message {
            id: when.into(),
            author: "someone".into(),
            author_kind: kind,
            at: Some(at(when)),
            body: String::new(),
            private_note: false,
            delivery: crate::desk::Delivery::Delivered,
            files: vec![],
            author_id: None,
        }
    }

    #[test]
    fn only_the_customer_writing_after_the_last_open_makes_it_unread() {
        let (mut u, id) = (Unread::default(), TicketId("t1".into()));
        assert_eq!(u.wrote_since(&id, &[message(AuthorKind::Customer, "2026-12-01T10:00:00Z")]), None, "never opened");
        u.open(&id, at("2026-12-01T09:00:00Z"));
        let ours =
            [message(AuthorKind::Agent, "2026-12-01T10:00:00Z"), message(AuthorKind::Bot, "2026-12-01T10:01:00Z")];
        assert_eq!(u.wrote_since(&id, &ours), Some(false), "our reply or a bot is not news");
        let theirs = [message(AuthorKind::Customer, "2026-12-01T10:00:00Z")];
        assert_eq!(u.wrote_since(&id, &theirs), Some(true));
        u.open(&id, at("2026-12-01T11:00:00Z"));
        assert_eq!(u.wrote_since(&id, &theirs), Some(false), "opened since");
        let changed = Ticket { id: id.clone(), updated_at: Some(at("2026-12-01T12:00:00Z")), ..Ticket::default() };
        let same =
            Ticket { id: TicketId("t2".into()), updated_at: Some(at("2026-12-01T12:00:00Z")), ..Ticket::default() };
        assert_eq!(u.to_judge(&[changed, same]), [id], "only what was opened before");
    }
}
