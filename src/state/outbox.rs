//! The outbox in the console: offline (or while the server fails) a change or a reply is
//! queued in the cache instead of refused, shown "queued", and replayed one at a time, in
//! order, once the server answers. A conflict or a refusal is held for the agent, who sends
//! it anyway, drops it, or (a reply) edits it.

use super::picker::{Choice, PickOption, Picker};
use super::{AppState, Effect, Notice, Overlay};
use crate::command::Command;
use crate::command::action::{Action, OutboxAct};
use crate::desk::outbox::{self, Queued, QueuedState, QueuedWork};
use crate::desk::{Change, TicketId};
use crate::store::drafts::{DraftKey, DraftKind};
use crate::worker::{ReqId, ReqIds, StoreJob, work::WorkJob};
use jiff::Timestamp;

#[derive(Debug, Default)]
pub struct OutboxState {
    /// In the order they are replayed.
    pub queued: Vec<Queued>,
    /// Kept in the cache (this console has one, and owns it): only then is work queued.
    pub durable: bool,
    /// The cache stopped taking writes (why): nothing is queued that could be lost.
    pub cache_unwritable: Option<String>,
    /// The entry on its way, and the request carrying it.
    replaying: Option<(ReqId, u64)>,
}

impl OutboxState {
    /// Work can be queued: the cache is ours and takes writes.
    pub fn can_queue(&self) -> bool {
        self.durable && self.cache_unwritable.is_none()
    }

    /// The ticket's entries: `(waiting, held)`.
    pub fn of(&self, ticket: &TicketId) -> (usize, usize) {
        let mine = self.queued.iter().filter(|q| &q.ticket == ticket);
        mine.fold((0, 0), |(w, h), q| match q.state {
            QueuedState::Held(_) => (w, h + 1),
            _ => (w + 1, h),
        })
    }

    /// The replies waiting for the ticket, for its thread: each with its text and whether it
    /// is a private note.
    pub fn replies<'a>(&'a self, ticket: &'a TicketId) -> impl Iterator<Item = (&'a Queued, &'a str, bool)> + 'a {
        self.queued.iter().filter(move |q| &q.ticket == ticket).filter_map(|q| match &q.work {
            QueuedWork::Reply { text, private_note } => Some((q, text.as_str(), *private_note)),
            QueuedWork::Change(_) => None,
        })
    }

    /// What the cache kept from the last run.
    pub fn loaded(&mut self, queued: Vec<Queued>) -> Vec<Effect> {
        self.durable = true;
        self.queued = outbox::after_restart(queued);
        vec![]
    }

    /// Whether `req` carries the entry on its way.
    pub fn awaits(&self, req: ReqId) -> bool {
        self.replaying.is_some_and(|(r, _)| r == req)
    }

    fn next_seq(&self) -> u64 {
        self.queued.iter().map(|q| q.seq).max().unwrap_or(0) + 1
    }

    fn position(&self, seq: u64) -> Option<usize> {
        self.queued.iter().position(|q| q.seq == seq)
    }

    /// Keep the queue in the cache as it now is.
    fn save(&self) -> Effect {
        Effect::Store(StoreJob::SaveOutbox(self.queued.clone()))
    }

    /// `work` for ticket `#number`, queued last (waiting since `now`).
    fn enqueue(
        &mut self,
        ticket: &TicketId,
        number: u64,
        work: QueuedWork,
        base: Option<Timestamp>,
        undo: Option<Change>,
        now: Timestamp,
    ) {
        let (seq, state, ticket) = (self.next_seq(), QueuedState::Waiting, ticket.clone());
        self.queued.push(Queued { seq, ticket, number, base, queued_at: now, work, state, undo });
    }

    /// The next waiting entry, marked on its way under a new request (none while one is on
    /// its way).
    fn start_replay(&mut self, ids: &mut ReqIds) -> Option<(ReqId, Box<Queued>)> {
        if self.replaying.is_some() {
            return None;
        }
        let entry = self.queued.iter_mut().find(|q| q.state == QueuedState::Waiting)?;
        entry.state = QueuedState::Sending;
        let req = ids.take();
        self.replaying = Some((req, entry.seq));
        Some((req, Box::new(entry.clone())))
    }

    /// The list, as a picker whose Enter offers what can be done with an entry.
    fn list(&self, names: impl Fn(&str) -> Option<String>) -> Picker {
        let option = |q: &Queued| {
            let state = match &q.state {
                QueuedState::Waiting => "queued".to_string(),
                QueuedState::Sending => "sending".to_string(),
                QueuedState::Held(why) => format!("held: {why}"),
            };
            let label = format!("{} · #{} · {}", q.seq, q.number, q.describe(&names));
            let choice = Choice::Run(Command::Console(Action::Outbox(Some((OutboxAct::Show, q.seq)))));
            PickOption { label, detail: state, marked: false, choice }
        };
        Picker::new("Outbox — Enter: what to do with it", self.queued.iter().map(option).collect())
    }

    /// The acts entry `seq` takes, as a second picker.
    fn acts(&self, seq: u64) -> Option<Picker> {
        let q = self.queued.iter().find(|q| q.seq == seq)?;
        let act = |label: &str, detail: &str, act| PickOption {
            label: label.into(),
            detail: detail.into(),
            marked: false,
            choice: Choice::Run(Command::Console(Action::Outbox(Some((act, seq))))),
        };
        let mut options = vec![act("send", "now, even if the ticket changed since", OutboxAct::Send)];
        if q.is_reply() {
            options.push(act("edit", "back in the composer (it leaves the outbox)", OutboxAct::Edit));
        }
        options.push(act("drop", "never send it", OutboxAct::Drop));
        Some(Picker::new(format!("Outbox entry {seq} · #{}", q.number), options))
    }
}

impl AppState {
    /// Work the server cannot take now goes to the outbox instead (if there is one).
    pub(super) fn queues_now(&self) -> bool {
        self.outbox.can_queue() && self.sync.offline_backoff.is_some()
    }

    /// The cache stopped taking writes, or takes them again: said, and the outbox queues
    /// nothing meanwhile (a queued reply it could not keep would be lost by a restart).
    pub(super) fn cache_writable(&mut self, result: Result<(), String>) -> Vec<Effect> {
        let notice = match &result {
            Err(why) => Notice::Error(format!(
                "cache: {why} — working from memory, nothing is lost; offline work is not queued"
            )),
            Ok(()) => Notice::Info("cache: written again".into()),
        };
        self.outbox.cache_unwritable = result.err();
        self.say_in_background(super::NoticeSource::Sync, notice);
        vec![]
    }

    fn enqueue(&mut self, ticket: &TicketId, work: QueuedWork, base: Option<Timestamp>, undo: Option<Change>) {
        let number = self.inbox.ticket(ticket).map_or(0, |t| t.number);
        self.outbox.enqueue(ticket, number, work, base, undo, self.session.now);
    }

    /// A change for tickets shown changed already (`before` holds them as they were).
    pub(super) fn queue_change(&mut self, change: &Change, before: &[crate::desk::Ticket]) -> Vec<Effect> {
        for t in before {
            self.enqueue(&t.id, QueuedWork::Change(change.clone()), t.updated_at, change.inverse(t));
        }
        let what = change.describe(|id| self.directory.by_id(id).map(|a| a.name.clone()));
        self.say(Notice::Info(format!("queued: {what} — sent when the server is back (:outbox)")));
        vec![self.outbox.save()]
    }

    /// A reply (or note) the server cannot take now: queued, and no longer a draft.
    pub(super) fn queue_reply(&mut self, key: &DraftKey, text: String) -> Vec<Effect> {
        let base = self.inbox.ticket(&key.ticket).and_then(|t| t.updated_at);
        let private_note = key.kind == DraftKind::Note;
        self.enqueue(&key.ticket, QueuedWork::Reply { text, private_note }, base, None);
        self.say(Notice::Info("queued: sent when the server is back (:outbox edits or drops it)".into()));
        let mut effects = vec![self.outbox.save()];
        effects.extend(self.forget_draft(key));
        effects
    }

    /// The composer's text, queued (the composer closes).
    pub(super) fn queue_composer(&mut self) -> Vec<Effect> {
        let key = self.compose.open.as_ref().map(|c| c.key.clone());
        if key.is_some_and(|k| self.work.attachments.get(&k).is_some_and(|files| !files.is_empty())) {
            // Files are read when sent: the outbox keeps text only.
            self.say(Notice::Error("offline: a message with files needs the server — the draft is kept".into()));
            return vec![];
        }
        let Some(c) = self.compose.open.take() else { return vec![] };
        self.view.focus = c.opened_from;
        self.queue_reply(&c.key, c.text())
    }

    /// A send known not to have reached the server: queued instead of failed.
    pub(super) fn queue_unsent(&mut self, req: ReqId, ticket: &TicketId, send: super::PendingSend) -> Vec<Effect> {
        self.compose.sending.remove(&req);
        if let Some(view) = self.threads.held.get_mut(ticket) {
            view.local.retain(|m| m.id != send.local_id);
        }
        self.queue_reply(&send.key, send.text)
    }

    /// Send the next waiting entry, when the server answers and none is on its way.
    pub(super) fn replay_next(&mut self) -> Vec<Effect> {
        if self.sync.offline_backoff.is_some() {
            return vec![];
        }
        let Some((req, queued)) = self.outbox.start_replay(&mut self.session.ids) else { return vec![] };
        let as_agent = self.settings.me.as_deref().and_then(|m| self.directory.by_email(m)).cloned();
        vec![self.outbox.save(), super::work::job(req, WorkJob::Replay { queued, as_agent })]
    }

    pub(super) fn replayed(
        &mut self,
        seq: u64,
        result: Result<crate::worker::replay::Replayed, crate::api::ApiError>,
    ) -> Vec<Effect> {
        use crate::worker::replay::Replayed;
        self.outbox.replaying = None;
        let Some(i) = self.outbox.position(seq) else { return vec![] };
        let mut effects = Vec::new();
        let number = self.outbox.queued[i].number;
        match result {
            Ok(Replayed::Done { ticket, message }) => {
                let done = self.outbox.queued.remove(i);
                self.landed(&done, ticket.map(|t| *t), message);
            }
            Ok(Replayed::Conflict(server)) => {
                self.outbox.queued[i].state = QueuedState::Held("the ticket changed on the server since".into());
                self.inbox.replace_in_place(*server);
                self.say(Notice::Error(format!("#{number} changed on the server since: held in the outbox (:outbox)")));
            }
            Err(e) if e.is_transient() && !(self.outbox.queued[i].is_reply() && e.outcome_unknown()) => {
                // The server is away again: it waits for the next answer.
                self.outbox.queued[i].state = QueuedState::Waiting;
                effects.push(self.outbox.save());
                return effects;
            }
            Err(e) => {
                let why =
                    if e.outcome_unknown() { "it may have arrived: look at the thread".into() } else { e.to_string() };
                let ticket = self.outbox.queued[i].ticket.clone();
                self.outbox.queued[i].state = QueuedState::Held(why);
                self.say(Notice::Error(format!("#{number} was not sent from the outbox: held (:outbox)")));
                effects.extend(self.refetch(vec![ticket]));
            }
        }
        effects.push(self.outbox.save());
        effects.extend(self.replay_next());
        effects
    }

    /// A replayed entry landed: the server's copy shows, with what still waits on top.
    fn landed(&mut self, done: &Queued, server: Option<crate::desk::Ticket>, message: Option<crate::desk::Message>) {
        if let Some(mut server) = server {
            outbox::rebase(&mut self.outbox.queued, &done.ticket, done.base, server.updated_at);
            for q in self.outbox.queued.iter().filter(|q| q.ticket == done.ticket) {
                if let QueuedWork::Change(change) = &q.work {
                    change.apply_to(&mut server);
                }
            }
            self.inbox.replace_in_place(server);
        }
        if let (Some(message), Some(view)) = (message, self.threads.held.get_mut(&done.ticket))
            && let super::Loadable::Ready(messages) = &mut view.messages
        {
            messages.push(message);
        }
        let what = done.describe(|id| self.directory.by_id(id).map(|a| a.name.clone()));
        self.say(Notice::Info(format!("sent from the outbox: #{} {what}", done.number)));
    }

    /// `:outbox`: the list (Enter on an entry offers what can be done with it), or an act.
    pub(super) fn outbox_verb(&mut self, act: Option<(OutboxAct, u64)>) -> Vec<Effect> {
        match act {
            None => self.open_outbox(),
            Some((act, seq)) => match self.outbox.position(seq) {
                None => {
                    self.say(Notice::Error(format!("the outbox has no entry {seq} (:outbox lists them)")));
                    vec![]
                }
                Some(i) => self.outbox_act(act, i),
            },
        }
    }

    fn open_outbox(&mut self) -> Vec<Effect> {
        if self.outbox.queued.is_empty() {
            self.say(Notice::Info("the outbox is empty: nothing waits for the server".into()));
            return vec![];
        }
        let picker = self.outbox.list(|id| self.directory.by_id(id).map(|a| a.name.clone()));
        self.view.open(Overlay::Picker(picker))
    }

    fn outbox_act(&mut self, act: OutboxAct, i: usize) -> Vec<Effect> {
        if act == OutboxAct::Show {
            let picker = self.outbox.acts(self.outbox.queued[i].seq);
            return picker.map_or(vec![], |p| self.view.open(Overlay::Picker(p)));
        }
        if self.outbox.queued[i].state == QueuedState::Sending {
            self.say(Notice::Error("it is being sent now".into()));
            return vec![];
        }
        match act {
            OutboxAct::Send => {
                let q = &mut self.outbox.queued[i];
                (q.base, q.state) = (None, QueuedState::Waiting);
                let mut effects = vec![self.outbox.save()];
                if self.sync.offline_backoff.is_some() {
                    self.say(Notice::Info("offline: it goes when the server is back".into()));
                }
                effects.extend(self.replay_next());
                effects
            }
            OutboxAct::Drop | OutboxAct::Edit | OutboxAct::Show => self.take_out(act, i),
        }
    }

    /// Out of the outbox: a reply becomes the draft again (opened when edited, kept when
    /// dropped: a reply is never lost); a dropped change is undone on the row.
    fn take_out(&mut self, act: OutboxAct, i: usize) -> Vec<Effect> {
        let q = self.outbox.queued.remove(i);
        let mut effects = vec![self.outbox.save()];
        match q.work {
            QueuedWork::Reply { text, private_note } => {
                let kind = if private_note { DraftKind::Note } else { DraftKind::Reply };
                let key = DraftKey { ticket: q.ticket.clone(), kind };
                self.compose.drafts.text.insert(key.clone(), text);
                self.compose.drafts.dirty.insert(key);
                effects.extend(self.flush_drafts());
                if act == OutboxAct::Edit && self.inbox.select_id(&q.ticket) {
                    effects.extend(self.after_selection_change());
                    effects.extend(self.start_compose(kind));
                } else {
                    self.say(Notice::Info(format!("dropped from the outbox; #{} keeps it as a draft", q.number)));
                }
            }
            QueuedWork::Change(_) => {
                if let Some(mut t) = q.undo.as_ref().and_then(|_| self.inbox.ticket(&q.ticket).cloned()) {
                    q.undo.iter().for_each(|undo| undo.apply_to(&mut t));
                    self.inbox.replace_in_place(t);
                }
                self.say(Notice::Info(format!("dropped from the outbox: #{}", q.number)));
            }
        }
        effects
    }
}
