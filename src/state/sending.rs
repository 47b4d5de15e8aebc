//! Sending what the composer holds: the thread is read once more first (a message that
//! arrived meanwhile stops the send), the send goes once, and an unknown outcome is settled
//! by reading the thread again, never by sending twice.

use super::composer::{Held, PendingSend, delivered, normalized};
use super::work::Attached;
use super::{AppState, Effect, Loadable, Notice};
use crate::command::template;
use crate::desk::{AuthorKind, Change, Delivery, Message, TicketId, TicketStatus};
use crate::store::drafts::{DraftKey, DraftKind};
use crate::support::sanitize;
use crate::worker::{Job, ReqId};

impl AppState {
    /// Ctrl-s: read the thread once more, then send if nobody wrote meanwhile; `then`, a
    /// status to set once it is sent.
    pub(super) fn send_draft(&mut self, then: Option<TicketStatus>) -> Vec<Effect> {
        // Offline the draft stays a draft: sending needs the server.
        if self.compose.open.is_none() || self.offline_refusal() {
            return vec![];
        }
        let Some(c) = self.compose.open.as_mut() else { return vec![] };
        if c.text().trim().is_empty() {
            self.say(Notice::Info("nothing to send: the draft is empty".into()));
            return vec![];
        }
        c.then = then;
        let key = c.key.clone();
        let ticket = key.ticket.clone();
        if self.queues_now() {
            let mut effects = self.queue_composer();
            if let Some(status) = then {
                effects.extend(self.set_status_after_send(ticket, status));
            }
            return effects;
        }
        if let Some(effects) = self.check_maybe_sent(&key) {
            return effects;
        }
        let mut effects = self.load_thread(ticket.clone(), false, true);
        let req = self.threads.held.get(&ticket).and_then(|v| match v.messages {
            Loadable::Loading(r) => Some(r),
            _ => v.refreshing,
        });
        if let Some(c) = self.compose.open.as_mut() {
            c.check = req;
        }
        self.say(Notice::Info("checking the thread for new messages…".into()));
        effects.extend(self.remember_draft());
        effects
    }

    /// A thread arrived: finish a pending send check or an unknown-outcome reconcile.
    pub(super) fn thread_arrived(&mut self, ticket: &TicketId, req: ReqId) -> Vec<Effect> {
        let messages: Vec<Message> =
            self.threads.held.get(ticket).and_then(|v| v.messages.ready()).cloned().unwrap_or_default();
        let mut effects = self.settle_maybe_sent(ticket);
        effects.extend(self.judge_unread(ticket));
        if let Some(c) = self.compose.open.as_mut().filter(|c| &c.key.ticket == ticket) {
            let now = delivered(&messages);
            let seen = *c.seen.get_or_insert(now);
            if c.check == Some(req) {
                c.check = None;
                if now > seen {
                    c.seen = Some(now);
                    let n = now - seen;
                    self.say(Notice::Error(format!(
                        "{n} new message{} arrived while you wrote — read them, then Ctrl-s sends anyway",
                        if n == 1 { "" } else { "s" }
                    )));
                } else {
                    effects.extend(self.dispatch_send());
                }
            }
        }
        let reconciling: Vec<ReqId> = self
            .compose
            .sending
            .iter()
            .filter(|(_, p)| p.reconcile == Some(req) && &p.key.ticket == ticket)
            .map(|(r, _)| *r)
            .collect();
        for send_req in reconciling {
            let Some(pending) = self.compose.sending.remove(&send_req) else { continue };
            let want = normalized(&pending.text);
            let arrived = messages.iter().any(|m| !pending.known.contains(&m.id) && normalized(&m.body) == want);
            if let Some(view) = self.threads.held.get_mut(ticket) {
                view.local.retain(|m| m.id != pending.local_id || !arrived);
                for m in view.local.iter_mut().filter(|m| m.id == pending.local_id) {
                    m.delivery = Delivery::Failed("it did not arrive".into());
                }
            }
            if arrived {
                effects.extend(self.forget_draft(&pending.key));
                self.say(Notice::Info("the message did arrive (checked after the connection dropped)".into()));
            } else {
                effects.push(Effect::UnmarkSending(pending.key.clone()));
                let kept = kept_with(pending.files.len());
                self.say(Notice::Error(format!("the message did not arrive — {kept}; r reopens it, Ctrl-s sends it")));
                self.give_back_attachments(&pending.key, pending.files);
            }
        }
        effects
    }

    /// The thread could not be read: a send waiting on the check stays a draft, and a
    /// message of unknown fate is marked so, never resent.
    pub(super) fn thread_failed(&mut self, ticket: &TicketId, req: ReqId, error: &crate::api::ApiError) -> Vec<Effect> {
        if let Some(c) = self.compose.open.as_mut().filter(|c| &c.key.ticket == ticket && c.check == Some(req)) {
            c.check = None;
            if error.is_transient() && self.outbox.can_queue() {
                // The server is away: the outbox sends it (after its own check) when it is back.
                return self.queue_composer();
            }
            self.say(Notice::Error(format!(
                "couldn't check the thread for new messages ({error}); not sent — Ctrl-s tries again"
            )));
        }
        let stuck: Vec<ReqId> =
            self.compose.sending.iter().filter(|(_, p)| p.reconcile == Some(req)).map(|(r, _)| *r).collect();
        for send_req in stuck {
            if let Some(pending) = self.compose.sending.remove(&send_req) {
                self.set_local_delivery(ticket, &pending.local_id, Delivery::Failed("unconfirmed".into()));
                self.say(Notice::Error(format!(
                    "couldn't check whether the message arrived ({error}) — press R to look before sending again"
                )));
                self.give_back_attachments(&pending.key, pending.files);
            }
        }
        vec![]
    }

    fn dispatch_send(&mut self) -> Vec<Effect> {
        let Some(c) = self.compose.open.take() else { return vec![] };
        let files = self.take_attachments(&c.key);
        // On disk before it leaves: the draft, and (in `send_message`) the mark its send began.
        let mut effects = self.flush_drafts();
        let text = c.text();
        effects.extend(match self.settings.undo_send_secs {
            0 => self.send_message(c.key, text, files, c.then),
            secs => self.hold(Held { key: c.key, text, files, then: c.then, left: secs }),
        });
        // Back where the agent was: `j` moves the list again after a reply from the inbox.
        self.view.focus = c.opened_from;
        if self.settings.after_send_next {
            effects.extend(self.next_ticket());
        }
        effects
    }

    /// The undo-send window: the message waits, the status bar counts down, `u` takes it
    /// back. A message already waiting leaves now (one at a time).
    fn hold(&mut self, held: Held) -> Vec<Effect> {
        let mut effects = self.release_held();
        self.say(Notice::Info(format!("sending in {}s — u takes it back", held.left)));
        self.compose.held = Some(held);
        effects.push(Effect::CountDown);
        effects
    }

    /// A second of the window passed: count down, or send.
    pub(super) fn count_down(&mut self) -> Vec<Effect> {
        let Some(held) = self.compose.held.as_mut() else { return vec![] };
        held.left = held.left.saturating_sub(1);
        if held.left == 0 {
            return self.release_held();
        }
        let left = held.left;
        self.say(Notice::Info(format!("sending in {left}s — u takes it back")));
        vec![Effect::CountDown]
    }

    /// The waiting message goes now.
    fn release_held(&mut self) -> Vec<Effect> {
        let Some(Held { key, text, files, then, .. }) = self.compose.held.take() else { return vec![] };
        self.send_message(key, text, files, then)
    }

    /// `u` in the window: the message back in the composer, nothing sent.
    pub(super) fn take_back(&mut self) -> Option<Vec<Effect>> {
        let Held { key, files, .. } = self.compose.held.take()?;
        self.give_back_attachments(&key, files);
        let number = self.inbox.ticket(&key.ticket).map_or(String::new(), |t| format!(" to #{}", t.number));
        let mut effects = Vec::new();
        if self.inbox.select_id(&key.ticket) {
            effects.extend(self.start_compose(key.kind));
        }
        self.say(Notice::Info(format!("not sent{number}: the message is back in the composer")));
        Some(effects)
    }

    /// A macro's reply or note on each target, its variables filled per ticket. It goes as
    /// the ticket's draft would (on disk, marked in flight); a ticket with a draft of its own
    /// keeps it, and is told so, never overwritten.
    pub(super) fn send_template(&mut self, note: bool, template: &str, targets: &[TicketId]) -> Vec<Effect> {
        let kind = if note { DraftKind::Note } else { DraftKind::Reply };
        let mut effects = Vec::new();
        for ticket in targets {
            let key = DraftKey { ticket: ticket.clone(), kind };
            if self.compose.drafts.text.contains_key(&key) || self.compose.open.as_ref().is_some_and(|c| c.key == key) {
                let number = self.inbox.ticket(ticket).map_or(0, |t| t.number);
                self.say(Notice::Error(format!(
                    "#{number} has a draft of its own: the macro's {} was not sent",
                    if note { "note" } else { "reply" }
                )));
                continue;
            }
            let text = template::fill(template, &self.template_vars(ticket));
            self.compose.drafts.text.insert(key.clone(), text.clone());
            effects.push(Effect::SaveDraft(key.clone(), text.clone()));
            effects.extend(self.send_message(key, text, Vec::new(), None));
        }
        effects
    }

    /// Send `text` as `key`'s message: shown in the thread at once as ours, marked in flight
    /// on disk before it leaves, and awaited under a new request id.
    fn send_message(
        &mut self,
        key: DraftKey,
        text: String,
        files: Vec<Attached>,
        then: Option<TicketStatus>,
    ) -> Vec<Effect> {
        let ticket = key.ticket.clone();
        let private_note = key.kind == DraftKind::Note;
        let me = self.settings.me.as_deref().and_then(|m| self.directory.by_email(m)).cloned();
        let req = self.req();
        let local_id = format!("local-{req}");
        let view = self.threads.held.get_mut(&ticket);
        let known = view
            .as_ref()
            .and_then(|v| v.messages.ready())
            .map(|m| m.iter().map(|m| m.id.clone()).collect())
            .unwrap_or_default();
        if let Some(view) = view {
            view.local.push(Message {
                id: local_id.clone(),
                author: me.as_ref().map_or("you".to_string(), |a| a.name.clone()),
                author_kind: AuthorKind::Agent,
                at: Some(self.session.now),
                body: sanitize::text(&text).into_owned(),
                private_note,
                delivery: Delivery::Sending,
                author_id: None,
                files: files.iter().map(|a| a.name.clone()).collect(),
            });
        }
        let paths: Vec<std::path::PathBuf> = files.iter().map(|a| a.path.clone()).collect();
        let mut effects = vec![Effect::MarkSending(key.clone(), self.session.now)];
        let pending = PendingSend { key, text: text.clone(), local_id, known, reconcile: None, files, then };
        self.compose.sending.insert(req, pending);
        self.say(Notice::Info(if private_note { "adding the private note…" } else { "sending…" }.into()));
        if !paths.is_empty() {
            let job =
                crate::worker::work::WorkJob::SendFiles { ticket, markdown: text, private_note, as_agent: me, paths };
            effects.push(super::work::job(req, job));
            return effects;
        }
        effects.push(Effect::Job(Job::Send { req, ticket, markdown: text, private_note, as_agent: me }));
        effects
    }

    pub(super) fn sent(
        &mut self,
        req: ReqId,
        ticket: TicketId,
        result: Result<Message, crate::api::ApiError>,
    ) -> Vec<Effect> {
        let Some(pending) = self.compose.sending.get(&req).cloned() else { return vec![] };
        let note = pending.key.kind == DraftKind::Note;
        match result {
            Ok(mut message) => {
                self.directory.resolve_author(&mut message);
                self.compose.sending.remove(&req);
                if let Some(view) = self.threads.held.get_mut(&ticket) {
                    view.local.retain(|m| m.id != pending.local_id);
                    if let Loadable::Ready(messages) = &mut view.messages {
                        messages.push(message);
                    }
                }
                self.say(Notice::Info(if note { "private note added" } else { "reply sent" }.into()));
                let mut effects = self.forget_draft(&pending.key);
                match pending.then {
                    // The status's change brings the server's ticket back, reply clock and all.
                    Some(status) => effects.extend(self.set_status_after_send(ticket, status)),
                    // The row at once: the reply clock, Breaching and the age change with it.
                    None => effects.extend(self.fetch_by_id(vec![ticket], "the ticket after the reply")),
                }
                effects
            }
            Err(e) if e.outcome_unknown() => {
                // The server may have it. Never resend blindly: read the thread and look.
                let mut effects = self.load_thread(ticket.clone(), false, true);
                let check = self.threads.held.get(&ticket).and_then(|v| match v.messages {
                    Loadable::Loading(r) => Some(r),
                    _ => v.refreshing,
                });
                if let Some(p) = self.compose.sending.get_mut(&req) {
                    p.reconcile = check;
                }
                self.set_local_delivery(&ticket, &pending.local_id, Delivery::Unconfirmed);
                self.say(Notice::Error(format!("{e} — checking whether it arrived…")));
                effects.extend(self.flush_drafts());
                effects
            }
            // Known not to have arrived (no connection): the outbox sends it later.
            Err(e) if e.is_transient() && self.outbox.can_queue() && pending.files.is_empty() => {
                self.queue_unsent(req, &ticket, pending)
            }
            Err(e) => {
                self.compose.sending.remove(&req);
                self.set_local_delivery(&ticket, &pending.local_id, Delivery::Failed(e.to_string()));
                let kept = kept_with(pending.files.len());
                self.say(Notice::Error(format!("couldn't send: {e} — {kept}; r reopens it")));
                self.give_back_attachments(&pending.key, pending.files);
                vec![Effect::UnmarkSending(pending.key)]
            }
        }
    }

    /// `send closed`: the message is in; the status follows as its own change (one undo
    /// entry), on that ticket whichever is selected now.
    fn set_status_after_send(&mut self, ticket: TicketId, status: TicketStatus) -> Vec<Effect> {
        self.apply_change(Change::Status(status), vec![ticket], super::changes::Applying::Change)
    }

    fn set_local_delivery(&mut self, ticket: &TicketId, local_id: &str, delivery: Delivery) {
        if let Some(view) = self.threads.held.get_mut(ticket) {
            for m in view.local.iter_mut().filter(|m| m.id == local_id) {
                m.delivery = delivery.clone();
            }
        }
    }
}

/// What a failed send leaves: the draft, and its files when it had some.
fn kept_with(files: usize) -> String {
    match files {
        0 => "the draft is kept".into(),
        1 => "the draft and its file are kept".into(),
        n => format!("the draft and its {n} files are kept"),
    }
}
