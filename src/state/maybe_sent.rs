//! A send cut off by a crash or a kill: its draft was marked on disk before it left, so the
//! next run knows it may have been sent. The thread is read before it can be sent again; a
//! message of ours with its text, from after the send began, settles it either way.

use super::composer::normalized;
use super::{Compose, Drafts};
use crate::desk::{AuthorKind, Message, TicketId};
use crate::store::drafts::DraftKey;

/// Clocks differ a little between here and the server.
const CLOCK_SLACK: jiff::SignedDuration = jiff::SignedDuration::from_mins(2);

impl Compose {
    /// The drafts kept on disk; how many of them were being sent when triage stopped.
    pub fn drafts_loaded(&mut self, drafts: Drafts) -> usize {
        self.drafts = drafts;
        self.drafts.maybe_sent.len()
    }

    /// Whether a send of `key` may have gone before triage stopped (its thread settles it).
    pub fn maybe_sent(&self, key: &DraftKey) -> bool {
        self.drafts.maybe_sent.contains_key(key)
    }

    /// Each draft of `ticket` whose send may have gone, judged against its thread
    /// `messages`: found there (and closed when open: the caller forgets it) or not (a
    /// plain draft again). The keys, and whether each was sent.
    pub fn settle_maybe_sent(&mut self, ticket: &TicketId, messages: &[Message]) -> Vec<(DraftKey, bool)> {
        let keys: Vec<DraftKey> = self.drafts.maybe_sent.keys().filter(|k| &k.ticket == ticket).cloned().collect();
        let mut settled = Vec::new();
        for key in keys {
            let Some(began) = self.drafts.maybe_sent.remove(&key) else { continue };
            let sent = was_sent(messages, self.drafts.text.get(&key).map_or("", String::as_str), began);
            if sent && self.open.as_ref().is_some_and(|c| c.key == key) {
                self.open = None;
            }
            settled.push((key, sent));
        }
        settled
    }
}

/// One of our messages with `text`, from after its send began.
fn was_sent(messages: &[Message], text: &str, began: jiff::Timestamp) -> bool {
    let want = normalized(text);
    messages.iter().any(|m| {
        m.author_kind != AuthorKind::Customer
            && m.at.is_none_or(|at| at >= began - CLOCK_SLACK)
            && !want.is_empty()
            && normalized(&m.body) == want
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(body: &str, at: &str, author_kind: AuthorKind) -> Message {
        Message {
            id: "m".into(),
            author: "x".into(),
            author_kind,
            at: Some(at.parse().unwrap()),
            body: body.into(),
            private_note: false,
            delivery: crate::desk::Delivery::Delivered,
            author_id: None,
            files: vec![],
        }
    }

    #[test]
    fn only_our_message_with_the_text_after_the_send_began_counts() {
        let began = "2026-11-20T12:00:00Z".parse().unwrap();
        let ours = message("Thanks — *fixed* now", "2026-11-20T12:00:01Z", AuthorKind::Agent);
        assert!(was_sent(&[ours], "Thanks, fixed now", began));
        let earlier = message("Thanks, fixed now", "2026-11-19T09:00:00Z", AuthorKind::Agent);
        assert!(!was_sent(&[earlier], "Thanks, fixed now", began), "the same words a day before are another message");
        let theirs = message("Thanks, fixed now", "2026-11-20T12:00:05Z", AuthorKind::Customer);
        assert!(!was_sent(&[theirs], "Thanks, fixed now", began));
    }
}
