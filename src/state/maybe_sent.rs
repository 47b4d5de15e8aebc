//! A send cut off by a crash or a kill: its draft was marked on disk before it left, so the
//! next run knows it may have been sent. The thread is read before it can be sent again; a
//! message of ours with its text, from after the send began, settles it either way.

use super::composer::normalized;
use super::{AppState, Drafts, Effect, Focus, Loadable, Notice};
use crate::desk::{AuthorKind, Message, TicketId};
use crate::store::drafts::DraftKey;

/// Clocks differ a little between here and the server.
const CLOCK_SLACK: jiff::SignedDuration = jiff::SignedDuration::from_mins(2);

impl AppState {
    /// The drafts kept on disk; the sends that were in flight are said at once.
    pub fn drafts_loaded(&mut self, drafts: Drafts) {
        self.compose.drafts = drafts;
        let n = self.compose.drafts.maybe_sent.len();
        if n > 0 {
            let (drafts, them) = if n == 1 { ("a draft", "opening it") } else { ("drafts", "opening one") };
            self.say(Notice::Error(format!(
                "{n} {drafts} may have been sent before triage stopped — {them} (r) checks the thread first"
            )));
        }
    }

    /// A send of `key` may have gone before triage stopped: refuse to send it blind, and
    /// read the thread (the answer settles it).
    pub(super) fn check_maybe_sent(&mut self, key: &DraftKey) -> Option<Vec<Effect>> {
        self.compose.drafts.maybe_sent.contains_key(key).then(|| {
            self.say(Notice::Error(
                "this draft may have been sent before triage stopped — checking the thread…".into(),
            ));
            self.load_thread(key.ticket.clone(), false, true)
        })
    }

    /// The server's thread of `ticket` arrived: each draft of it that may have been sent is
    /// found there (and goes) or not (and is a plain draft again).
    pub(super) fn settle_maybe_sent(&mut self, ticket: &TicketId) -> Vec<Effect> {
        let keys: Vec<DraftKey> =
            self.compose.drafts.maybe_sent.keys().filter(|k| &k.ticket == ticket).cloned().collect();
        let messages = self.threads.held.get(ticket).and_then(|v| match &v.messages {
            Loadable::Ready(m) => Some(m.clone()),
            _ => None,
        });
        let (Some(messages), false) = (messages, keys.is_empty()) else { return vec![] };
        let number = self.inbox.ticket(ticket).map_or(String::new(), |t| format!(" on #{}", t.number));
        let mut effects = Vec::new();
        for key in keys {
            let Some(began) = self.compose.drafts.maybe_sent.remove(&key) else { continue };
            let text = self.compose.drafts.text.get(&key).cloned().unwrap_or_default();
            if was_sent(&messages, &text, began) {
                if self.compose.open.as_ref().is_some_and(|c| c.key == key) {
                    self.compose.open = None;
                    self.view.focus = Focus::Thread;
                }
                effects.extend(self.forget_draft(&key));
                self.say(Notice::Info(format!(
                    "the draft{number} was sent before triage stopped: it is in the thread"
                )));
            } else {
                effects.push(Effect::UnmarkSending(key));
                self.say(Notice::Info(format!(
                    "the draft{number} was not sent before triage stopped: Ctrl-s sends it"
                )));
            }
        }
        effects
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
