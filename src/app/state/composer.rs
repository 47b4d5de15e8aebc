//! Replying: the composer, drafts that survive anything, and sending that never
//! duplicates and never loses a word.

use std::collections::HashSet;

use tui_textarea::{Input, TextArea, WrapMode};

use super::{AppState, Effect, Focus, Loadable, Notice};
use crate::desk::{AuthorKind, Delivery, Message, TicketId};
use crate::drafts::{DraftKey, DraftKind};
use crate::support::sanitize;
use crate::worker::{Job, ReqId};

pub struct Composer {
    pub key: DraftKey,
    pub textarea: TextArea<'static>,
    /// Server messages in the thread when the agent started writing (`None` until the
    /// thread has loaded): more at send time means someone else wrote meanwhile.
    pub seen: Option<usize>,
    /// The fresh read of the thread that runs before a send.
    pub check: Option<ReqId>,
}

impl Composer {
    pub fn text(&self) -> String {
        self.textarea.lines().join("\n")
    }
}

/// A message on its way to the server.
#[derive(Debug, Clone, PartialEq)]
pub struct PendingSend {
    pub key: DraftKey,
    pub text: String,
    pub local_id: String,
    /// Message ids in the thread before sending, to recognise ours on a re-read.
    pub known: HashSet<String>,
    /// The re-read after an unknown outcome.
    pub reconcile: Option<ReqId>,
}

fn new_textarea(text: &str) -> TextArea<'static> {
    let mut textarea = TextArea::new(text.lines().map(str::to_string).collect());
    if textarea.lines().is_empty() {
        textarea = TextArea::default();
    }
    textarea.set_wrap_mode(WrapMode::WordOrGlyph);
    textarea.move_cursor(tui_textarea::CursorMove::Bottom);
    textarea.move_cursor(tui_textarea::CursorMove::End);
    textarea
}

fn delivered(messages: &[Message]) -> usize {
    messages.iter().filter(|m| m.delivery == Delivery::Delivered).count()
}

/// Bodies compared loosely: the server stores mrkdwn (`*bold*`, `&amp;`), we sent markdown.
fn normalized(text: &str) -> String {
    crate::support::text::decode_entities(text)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

impl AppState {
    pub(super) fn start_compose(&mut self, kind: DraftKind) -> Vec<Effect> {
        if !self.capabilities.reply {
            self.say(Notice::Error(format!("{}'s export is read-only", self.desk_name)));
            return vec![];
        }
        let Some(ticket) = self.inbox.selected.clone() else { return vec![] };
        let key = DraftKey { ticket: ticket.clone(), kind };
        let mut effects = self.load_thread(ticket.clone(), false, false);
        if self.composer.as_ref().is_none_or(|c| c.key != key) {
            effects.extend(self.close_composer());
            // Drafts come from disk, which another program may have written.
            let text = sanitize::text(self.drafts.get(&key).map(String::as_str).unwrap_or_default()).into_owned();
            let seen = self.threads.get(&ticket).and_then(|v| v.messages.ready()).map(|m| delivered(m));
            self.composer = Some(Composer { key, textarea: new_textarea(&text), seen, check: None });
        }
        self.focus = Focus::Composer;
        effects
    }

    /// Keep the composer's text as the ticket's draft and save it soon.
    fn remember_draft(&mut self) -> Vec<Effect> {
        let Some(c) = &self.composer else { return vec![] };
        let text = c.text();
        if self.drafts.get(&c.key) != Some(&text) {
            if text.trim().is_empty() {
                self.drafts.remove(&c.key);
            } else {
                self.drafts.insert(c.key.clone(), text);
            }
            self.dirty_drafts.insert(c.key.clone());
            return vec![Effect::ScheduleDraftSave];
        }
        vec![]
    }

    pub(super) fn compose_input(&mut self, input: Input) -> Vec<Effect> {
        if let Some(effects) = self.kb_key(&input) {
            return effects;
        }
        let Some(c) = self.composer.as_mut() else { return vec![] };
        // Typed characters can be hostile too: a paste whose end marker came early arrives
        // as keys. They go in as the sanitizer writes them.
        let changed = match input.key {
            tui_textarea::Key::Char(ch) if sanitize::is_forbidden(ch) => {
                let clean = sanitize::text(&ch.to_string()).into_owned();
                !clean.is_empty() && c.textarea.insert_str(clean)
            }
            _ => c.textarea.input(input),
        };
        if changed { self.remember_draft() } else { vec![] }
    }

    /// Pasted text is untrusted like anything else that reaches the screen.
    pub(super) fn paste(&mut self, text: &str) -> Vec<Effect> {
        let Some(c) = self.composer.as_mut().filter(|_| self.focus == Focus::Composer) else { return vec![] };
        // Terminals paste line breaks as CR: a line break, not a `␍` sent to the customer.
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        c.textarea.insert_str(sanitize::text(&text));
        self.remember_draft()
    }

    pub(super) fn editor_done(&mut self, result: Result<String, String>) -> Vec<Effect> {
        match (result, self.composer.as_mut()) {
            (Ok(text), Some(c)) => {
                c.textarea = new_textarea(sanitize::text(text.trim_end_matches('\n')).as_ref());
                let mut effects = self.remember_draft();
                effects.extend(self.flush_drafts());
                effects
            }
            (Err(e), _) => {
                self.say(Notice::Error(format!("the editor failed: {e}; the draft is unchanged")));
                vec![]
            }
            (Ok(_), None) => vec![],
        }
    }

    pub(super) fn open_editor(&self) -> Vec<Effect> {
        self.composer.as_ref().map(|c| Effect::OpenEditor(c.text())).into_iter().collect()
    }

    /// Write every draft changed since the last save.
    pub(super) fn flush_drafts(&mut self) -> Vec<Effect> {
        std::mem::take(&mut self.dirty_drafts)
            .into_iter()
            .map(|key| match self.drafts.get(&key) {
                Some(text) => Effect::SaveDraft(key, text.clone()),
                None => Effect::DeleteDraft(key),
            })
            .collect()
    }

    /// Esc: the composer closes, the draft stays (and is saved now).
    pub(super) fn close_composer(&mut self) -> Vec<Effect> {
        if self.close_kb() {
            return vec![];
        }
        let effects = self.remember_draft();
        if self.composer.take().is_some() && self.focus == Focus::Composer {
            self.focus = Focus::Thread;
        }
        let mut all = effects;
        all.extend(self.flush_drafts());
        all
    }

    /// Ctrl-s: read the thread once more, then send if nobody wrote meanwhile.
    pub(super) fn send_draft(&mut self) -> Vec<Effect> {
        // Offline the draft stays a draft: sending needs the server.
        if self.composer.is_none() || self.offline_refusal() {
            return vec![];
        }
        let Some(c) = &self.composer else { return vec![] };
        if c.text().trim().is_empty() {
            self.say(Notice::Info("nothing to send: the draft is empty".into()));
            return vec![];
        }
        if self.queues_now() {
            return self.queue_composer();
        }
        let ticket = c.key.ticket.clone();
        let mut effects = self.load_thread(ticket.clone(), false, true);
        let req = self.threads.get(&ticket).and_then(|v| match v.messages {
            Loadable::Loading(r) => Some(r),
            _ => v.refreshing,
        });
        if let Some(c) = self.composer.as_mut() {
            c.check = req;
        }
        self.say(Notice::Info("checking the thread for new messages…".into()));
        effects.extend(self.remember_draft());
        effects
    }

    /// A thread arrived: finish a pending send check or an unknown-outcome reconcile.
    pub(super) fn thread_arrived(&mut self, ticket: &TicketId, req: ReqId) -> Vec<Effect> {
        let messages: Vec<Message> =
            self.threads.get(ticket).and_then(|v| v.messages.ready()).cloned().unwrap_or_default();
        let mut effects = Vec::new();
        if let Some(c) = self.composer.as_mut().filter(|c| &c.key.ticket == ticket) {
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
            .pending_sends
            .iter()
            .filter(|(_, p)| p.reconcile == Some(req) && &p.key.ticket == ticket)
            .map(|(r, _)| *r)
            .collect();
        for send_req in reconciling {
            let Some(pending) = self.pending_sends.remove(&send_req) else { continue };
            let want = normalized(&pending.text);
            let arrived = messages.iter().any(|m| !pending.known.contains(&m.id) && normalized(&m.body) == want);
            if let Some(view) = self.threads.get_mut(ticket) {
                view.local.retain(|m| m.id != pending.local_id || !arrived);
                for m in view.local.iter_mut().filter(|m| m.id == pending.local_id) {
                    m.delivery = Delivery::Failed("it did not arrive".into());
                }
            }
            if arrived {
                effects.extend(self.forget_draft(&pending.key));
                self.say(Notice::Info("the message did arrive (checked after the connection dropped)".into()));
            } else {
                self.say(Notice::Error(
                    "the message did not arrive — r reopens the draft, Ctrl-s sends it again".into(),
                ));
            }
        }
        effects
    }

    /// The thread could not be read: a send waiting on the check stays a draft, and a
    /// message of unknown fate is marked so, never resent.
    pub(super) fn thread_failed(&mut self, ticket: &TicketId, req: ReqId, error: &crate::api::ApiError) -> Vec<Effect> {
        if let Some(c) = self.composer.as_mut().filter(|c| &c.key.ticket == ticket && c.check == Some(req)) {
            c.check = None;
            if error.is_transient() && self.outbox.durable {
                // The server is away: the outbox sends it (after its own check) when it is back.
                return self.queue_composer();
            }
            self.say(Notice::Error(format!(
                "couldn't check the thread for new messages ({error}); not sent — Ctrl-s tries again"
            )));
        }
        let stuck: Vec<ReqId> =
            self.pending_sends.iter().filter(|(_, p)| p.reconcile == Some(req)).map(|(r, _)| *r).collect();
        for send_req in stuck {
            if let Some(pending) = self.pending_sends.remove(&send_req) {
                self.set_local_delivery(ticket, &pending.local_id, Delivery::Failed("unconfirmed".into()));
                self.say(Notice::Error(format!(
                    "couldn't check whether the message arrived ({error}) — press R to look before sending again"
                )));
            }
        }
        vec![]
    }

    fn dispatch_send(&mut self) -> Vec<Effect> {
        let Some(c) = self.composer.take() else { return vec![] };
        let text = c.text();
        let ticket = c.key.ticket.clone();
        let private_note = c.key.kind == DraftKind::Note;
        let me = self.me.as_deref().and_then(|m| self.directory.by_email(m)).cloned();
        let req = self.req();
        let local_id = format!("local-{req}");
        let view = self.threads.get_mut(&ticket);
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
                at: Some(self.now),
                body: sanitize::text(&text).into_owned(),
                private_note,
                delivery: Delivery::Sending,
                files: self
                    .work
                    .attachments
                    .get(&c.key)
                    .map_or_else(Vec::new, |f| f.iter().map(|a| a.name.clone()).collect()),
            });
        }
        self.pending_sends
            .insert(req, PendingSend { key: c.key.clone(), text: text.clone(), local_id, known, reconcile: None });
        self.focus = Focus::Thread;
        self.say(Notice::Info(if private_note { "adding the private note…" } else { "sending…" }.into()));
        let paths = self.take_attachments(&c.key);
        if !paths.is_empty() {
            let job =
                crate::worker::work::WorkJob::SendFiles { ticket, markdown: text, private_note, as_agent: me, paths };
            return vec![super::work::job(req, job)];
        }
        vec![Effect::Job(Job::Send { req, ticket, markdown: text, private_note, as_agent: me })]
    }

    pub(super) fn forget_draft(&mut self, key: &DraftKey) -> Vec<Effect> {
        self.drafts.remove(key);
        self.dirty_drafts.remove(key);
        vec![Effect::DeleteDraft(key.clone())]
    }

    pub(super) fn sent(
        &mut self,
        req: ReqId,
        ticket: TicketId,
        result: Result<Message, crate::api::ApiError>,
    ) -> Vec<Effect> {
        let Some(pending) = self.pending_sends.get(&req).cloned() else { return vec![] };
        let note = pending.key.kind == DraftKind::Note;
        match result {
            Ok(message) => {
                self.pending_sends.remove(&req);
                if let Some(view) = self.threads.get_mut(&ticket) {
                    view.local.retain(|m| m.id != pending.local_id);
                    if let Loadable::Ready(messages) = &mut view.messages {
                        messages.push(message);
                    }
                }
                self.say(Notice::Info(if note { "private note added" } else { "reply sent" }.into()));
                self.forget_draft(&pending.key)
            }
            Err(e) if e.outcome_unknown() => {
                // The server may have it. Never resend blindly: read the thread and look.
                let mut effects = self.load_thread(ticket.clone(), false, true);
                let check = self.threads.get(&ticket).and_then(|v| match v.messages {
                    Loadable::Loading(r) => Some(r),
                    _ => v.refreshing,
                });
                if let Some(p) = self.pending_sends.get_mut(&req) {
                    p.reconcile = check;
                }
                self.set_local_delivery(&ticket, &pending.local_id, Delivery::Unconfirmed);
                self.say(Notice::Error(format!("{e} — checking whether it arrived…")));
                effects.extend(self.flush_drafts());
                effects
            }
            // Known not to have arrived (no connection): the outbox sends it later.
            Err(e) if e.is_transient() && self.outbox.durable => self.queue_unsent(req, &ticket, pending),
            Err(e) => {
                self.pending_sends.remove(&req);
                self.set_local_delivery(&ticket, &pending.local_id, Delivery::Failed(e.to_string()));
                self.say(Notice::Error(format!("couldn't send: {e} — the draft is kept; r reopens it")));
                vec![]
            }
        }
    }

    fn set_local_delivery(&mut self, ticket: &TicketId, local_id: &str, delivery: Delivery) {
        if let Some(view) = self.threads.get_mut(ticket) {
            for m in view.local.iter_mut().filter(|m| m.id == local_id) {
                m.delivery = delivery.clone();
            }
        }
    }
}

impl AppState {
    pub(super) fn remember_draft_for_quit(&mut self) -> Vec<Effect> {
        match &self.composer {
            Some(c) => {
                let (key, text) = (c.key.clone(), c.text());
                if text.trim().is_empty() {
                    self.drafts.remove(&key);
                } else {
                    self.drafts.insert(key.clone(), text);
                }
                self.dirty_drafts.insert(key);
                vec![]
            }
            None => vec![],
        }
    }
}
