//! Triage: status, assignee, tags and priority on the marked tickets or the current one.
//! Changes show at once, are reconciled with the server's answer, roll back per ticket on
//! failure, and can be undone with the inverse change.

use std::collections::HashMap;

use super::picker::{Choice, PickOption, Picker};
pub use super::undo::{Changes, UndoEntry};
use super::{AppState, Effect, Notice, Overlay, TriageKind};
use crate::command::{Command, Plan, TagOp};
use crate::desk::{Change, Priority, Ticket, TicketId, TicketStatus};
use crate::worker::{Job, Outcome, ReqId};

/// A change sent to the server, with the tickets as they were before it.
#[derive(Debug, Clone, PartialEq)]
pub struct PendingChange {
    pub change: Change,
    pub before: Vec<Ticket>,
    pub applying: Applying,
    /// The macro run it belongs to (its changes are undone together).
    pub batch: Option<u64>,
}

/// Why a change is sent: the agent's own (undoable), or an undo (saying what it undid).
#[derive(Debug, Clone, PartialEq)]
pub enum Applying {
    Change,
    /// "#70 status closed → open".
    Undo(String),
}

/// A picker's option runs the command `:status closed` would: the pickers are front-ends
/// to the language.
fn option(label: impl Into<String>, detail: impl Into<String>, marked: bool, change: Change) -> PickOption {
    run_option(label, detail, marked, Command::Plan(Plan::set(change)))
}

fn run_option(label: impl Into<String>, detail: impl Into<String>, marked: bool, command: Command) -> PickOption {
    PickOption { label: label.into(), detail: detail.into(), marked, choice: Choice::Run(command) }
}

impl AppState {
    /// The marked tickets (in list order), or else the selected one.
    pub fn targets(&self) -> Vec<TicketId> {
        if self.inbox.marked.is_empty() {
            return self.inbox.selected.iter().cloned().collect();
        }
        let mut ids: Vec<TicketId> = self.inbox.marked.iter().cloned().collect();
        ids.sort_by_key(|id| self.inbox.ticket(id).map_or(u64::MAX, |t| t.number));
        ids
    }

    fn target_tickets(&self) -> Vec<&Ticket> {
        self.targets().iter().filter_map(|id| self.inbox.ticket(id)).collect()
    }

    pub(super) fn read_only_refusal(&mut self) -> bool {
        if !self.settings.capabilities.mutate {
            self.say(Notice::Error(format!("{}'s export is read-only", self.settings.desk_name)));
            return true;
        }
        self.offline_refusal()
    }

    /// Offline, a change could not reach the server: refused, said plainly — unless the
    /// outbox takes it.
    pub(super) fn offline_refusal(&mut self) -> bool {
        if self.sync.offline_backoff.is_none() || self.outbox.can_queue() {
            return false;
        }
        self.say(Notice::Error("offline: changes need the server — R tries to reconnect".into()));
        true
    }

    pub(super) fn open_triage_picker(&mut self, kind: TriageKind) -> Vec<Effect> {
        if self.read_only_refusal() {
            return vec![];
        }
        let targets = self.target_tickets();
        if targets.is_empty() {
            return vec![];
        }
        let all = |f: &dyn Fn(&Ticket) -> bool| targets.iter().all(|t| f(t));
        let count = if targets.len() > 1 { format!(" ({} tickets)", targets.len()) } else { String::new() };
        let picker = match kind {
            TriageKind::Status => Picker::new(
                format!("Set status{count}"),
                TicketStatus::ALL
                    .iter()
                    .map(|&s| option(s.label(), "", all(&|t| t.status == s), Change::Status(s)))
                    .collect(),
            ),
            TriageKind::Assignee => {
                // Each agent's current load, so work can be spread fairly.
                let mut load: HashMap<&str, usize> = HashMap::new();
                for t in self.inbox.tickets.iter().filter(|t| t.status != TicketStatus::Closed) {
                    if let Some(a) = &t.assignee_id {
                        *load.entry(&**a).or_default() += 1;
                    }
                }
                let mut options = Vec::new();
                // Yourself first (`me` in the profile, or TRIAGE_ME).
                if let Some(me) = self.settings.me.as_deref().and_then(|me| self.directory.by_email(me)) {
                    let mine = all(&|t| t.assignee_id.as_deref() == Some(me.id.as_str()));
                    options.push(option("me", me.name.clone(), mine, Change::Assignee(Some(me.id.clone()))));
                }
                options.push(option("unassigned", "", all(&|t| t.assignee_id.is_none()), Change::Assignee(None)));
                let mut agents: Vec<_> = self.directory.agents.iter().collect();
                agents.sort_by_key(|a| a.name.to_lowercase());
                options.extend(agents.into_iter().map(|a| {
                    let open = load.get(a.id.as_str()).copied().unwrap_or(0);
                    let mine = all(&|t| t.assignee_id.as_deref() == Some(a.id.as_str()));
                    option(&a.name, format!("{open} open"), mine, Change::Assignee(Some(a.id.clone())))
                }));
                Picker::new(format!("Assign{count}"), options)
            }
            TriageKind::Tag => {
                let options = self
                    .directory
                    .tags
                    .iter()
                    .map(|tag| {
                        // A tag every target already has is removed when chosen.
                        let on = all(&|t| t.tags.iter().any(|x| x.id == tag.id));
                        let op = if on { TagOp::Remove } else { TagOp::Add };
                        run_option(
                            &*tag.name,
                            if on { "remove" } else { "" },
                            on,
                            Command::Plan(Plan::tags(vec![(op, tag.clone())])),
                        )
                    })
                    .collect();
                Picker::new(format!("Toggle a tag{count}"), options)
            }
            TriageKind::Snooze => self.snooze_picker(count),
            TriageKind::Type => self.type_picker(&targets, count),
            TriageKind::Priority => {
                let mut options = vec![option("none", "", all(&|t| t.priority.is_none()), Change::Priority(None))];
                options.extend(Priority::ALL.iter().map(|&p| {
                    option(p.label(), (p as u8).to_string(), all(&|t| t.priority == Some(p)), Change::Priority(Some(p)))
                }));
                Picker::new(format!("Set priority{count}"), options)
            }
        };
        self.view.overlay = Some(Overlay::Picker(picker));
        vec![]
    }

    fn snooze_picker(&self, count: String) -> Picker {
        let when = crate::command::when::common(self.session.now, &self.settings.tz);
        let mut options: Vec<PickOption> = when
            .into_iter()
            .map(|(words, at)| {
                let local = at.to_zoned(self.settings.tz.clone()).strftime("%a %b %-d %H:%M").to_string();
                option(words, local, false, Change::Snooze(Some(at)))
            })
            .collect();
        options.push(option("unsnooze", "wake it now", false, Change::Snooze(None)));
        Picker::new(format!("Snooze until{count}"), options)
    }

    /// The workspace's ticket types; the targets' own is marked.
    fn type_picker(&self, targets: &[&Ticket], count: String) -> Picker {
        let all = |id: Option<&String>| targets.iter().all(|t| t.ticket_type_id.as_deref() == id.map(String::as_str));
        let mut options = vec![option("none", "", all(None), Change::Type(None))];
        options.extend(self.work.catalog.types.iter().map(|t| {
            let chosen = Change::Type(Some(crate::desk::fields::TypeRef { id: t.id.clone(), name: t.name.clone() }));
            option(&t.name, format!("{} fields", t.fields.len()), all(Some(&t.id)), chosen)
        }));
        Picker::new(format!("Ticket type{count}"), options)
    }

    /// Apply a change to the targets: locally now, on the server in the background.
    pub(super) fn apply_change(&mut self, change: Change, tickets: Vec<TicketId>, applying: Applying) -> Vec<Effect> {
        let mut before = Vec::new();
        for id in &tickets {
            if let Some(t) = self.inbox.ticket(id).cloned() {
                let mut after = t.clone();
                change.apply_to(&mut after);
                self.inbox.replace_in_place(after);
                before.push(t);
            }
        }
        if before.is_empty() {
            return vec![];
        }
        self.inbox.marked.clear();
        if self.queues_now() {
            let mut effects = self.queue_change(&change, &before);
            effects.extend(self.leave_if_out_of_view());
            return effects;
        }
        let req = self.req();
        let ids: Vec<TicketId> = before.iter().map(|t| t.id.clone()).collect();
        let batch = self.changes.batch;
        self.changes.pending.insert(req, PendingChange { change: change.clone(), before, applying, batch });
        let mut effects = vec![Effect::Job(Job::Apply { req, tickets: ids, change })];
        effects.extend(self.leave_if_out_of_view());
        effects
    }

    /// A ticket the change took out of the view leaves it, and the cursor stays where it was:
    /// on the next ticket, whose preview follows (`[ui] after_action = "stay"` keeps the row,
    /// dimmed, until the next refresh).
    fn leave_if_out_of_view(&mut self) -> Vec<Effect> {
        if !self.settings.after_action_next {
            return vec![];
        }
        let before = self.inbox.selected.clone();
        self.inbox.refilter();
        if self.inbox.selected != before { self.after_selection_change() } else { vec![] }
    }

    pub(super) fn applied(&mut self, req: ReqId, outcomes: Vec<Outcome>) -> Vec<Effect> {
        let Some(pending) = self.changes.pending.remove(&req) else { return vec![] };
        let mut failures = Vec::new();
        let (mut undo, mut queued) = (Vec::new(), Vec::new());
        for (id, result) in outcomes {
            let Some(before) = pending.before.iter().find(|t| t.id == id) else { continue };
            let mut stamp = None;
            match result {
                // The server's copy wins, in place: the row does not jump under the cursor.
                Ok(Some(server)) => {
                    stamp = server.updated_at;
                    self.our_edit_stands(&id, stamp);
                    self.inbox.replace_in_place(server);
                }
                Ok(None) => {}
                // The server could not take it now: the outbox keeps it (and the row stays so).
                Err(e) if e.is_transient() && self.outbox.can_queue() => {
                    queued.push(before.clone());
                    continue;
                }
                Err(e) => {
                    self.inbox.replace_in_place(before.clone());
                    failures.push(format!("#{}: {e}", before.number));
                    continue;
                }
            }
            if let Some(inverse) = pending.change.inverse(before) {
                undo.push((id, inverse, stamp));
            }
        }
        if !failures.is_empty() {
            // The rolled-back tickets are back in their view.
            self.inbox.refilter();
            pending.batch.inspect(|b| self.changes.batch_failed(*b, &failures));
        }
        if !queued.is_empty() {
            // Queued is as good as made, for a macro's reply: it is queued after it.
            let mut effects = self.queue_change(&pending.change, &queued);
            let settled = pending.batch.and_then(|b| self.changes.settled(b));
            effects.extend(settled.map_or_else(Vec::new, |w| self.macro_settled(w)));
            return effects;
        }
        let names = |id: &str| self.directory.by_id(id).map(|a| a.name.clone());
        let what = pending.change.describe(names);
        let done = undo.len();
        let undoing = match pending.applying {
            Applying::Undo(text) => Some(text),
            Applying::Change => None,
        };
        if undoing.is_none() && !undo.is_empty() {
            self.changes.undo.push(UndoEntry {
                label: what.clone(),
                forward: pending.change.clone(),
                items: undo,
                batch: pending.batch,
            });
        }
        self.say(match (failures.len(), undoing) {
            (0, None) => Notice::Info(format!("{} · {what} · u undoes", tickets(done))),
            (0, Some(text)) => Notice::Info(format!("undone: {text}")),
            (1, _) => Notice::Error(failures.remove(0)),
            (n, _) => Notice::Error(format!("{} (+{} more failed)", failures.remove(0), n - 1)),
        });
        pending.batch.and_then(|b| self.changes.settled(b)).map_or_else(Vec::new, |w| self.macro_settled(w))
    }

    /// Our own change (or undo) moved the ticket's `updatedAt`: the undo entries below it
    /// still hold, since nobody else touched it.
    fn our_edit_stands(&mut self, id: &TicketId, stamp: Option<jiff::Timestamp>) {
        let items = self.changes.undo.iter_mut().flat_map(|e| e.items.iter_mut());
        for (_, _, old) in items.filter(|(item, ..)| item == id) {
            *old = stamp;
        }
    }

    /// Every change of a macro was answered: its reply goes now; or, when one failed, the
    /// others are undone and no reply is sent — nothing is left half-applied.
    pub(super) fn macro_settled(&mut self, w: super::undo::Waiting) -> Vec<Effect> {
        if w.failed.is_empty() {
            return w.messages.iter().flat_map(|(note, text)| self.send_template(*note, text, &w.targets)).collect();
        }
        let undone: Vec<Effect> =
            self.changes.take_batch(w.batch).into_iter().flat_map(|e| self.undo_entry(e)).collect();
        let what = if w.messages.is_empty() { "" } else { ", and its reply was not sent" };
        self.say(Notice::Error(format!(
            "macro {}: {} — its other changes were undone{what}",
            w.name,
            w.failed.join("; ")
        )));
        undone
    }

    pub(super) fn undo(&mut self) -> Vec<Effect> {
        if self.read_only_refusal() {
            return vec![];
        }
        if let Some(effects) = self.take_back() {
            return effects;
        }
        let entries = self.changes.pop_undo();
        if entries.is_empty() {
            self.say(Notice::Info("nothing to undo".into()));
            return vec![];
        }
        entries.into_iter().flat_map(|entry| self.undo_entry(entry)).collect()
    }

    /// One entry's inverse changes, on the tickets nobody changed since.
    fn undo_entry(&mut self, entry: UndoEntry) -> Vec<Effect> {
        // A ticket edited on the server after our change keeps that edit: the inverse would
        // clobber someone else's work.
        let (kept, changed): (Vec<_>, Vec<_>) = entry.items.into_iter().partition(|(id, _, stamp)| {
            let now = self.inbox.ticket(id).and_then(|t| t.updated_at);
            stamp.is_none() || now <= *stamp
        });
        if kept.is_empty() {
            let numbers: Vec<String> =
                changed.iter().filter_map(|(id, ..)| self.inbox.ticket(id)).map(|t| format!("#{}", t.number)).collect();
            self.say(Notice::Error(format!(
                "not undone ({}): {} changed on the server since",
                entry.label,
                numbers.join(", ")
            )));
            return vec![];
        }
        // Tickets that had different values before get one call per value.
        let groups = by_change(kept.into_iter().map(|(id, change, _)| (id, change)));
        let skipped = if changed.is_empty() {
            String::new()
        } else {
            format!(" ({} changed on the server since, left as is)", changed.len())
        };
        self.say(Notice::Info(format!("undoing: {}{skipped}", entry.label)));
        let names = |id: &str| self.directory.by_id(id).map(|a| a.name.clone());
        let said: Vec<(Change, Vec<TicketId>, String)> = (groups.into_iter())
            .map(|(back, ids)| {
                let which = match ids.as_slice() {
                    [one] => self.inbox.ticket(one).map_or("1 ticket".into(), |t| format!("#{}", t.number)),
                    many => format!("{} tickets", many.len()),
                };
                let text = format!("{which} {}", entry.forward.transition(&back, names));
                (back, ids, text)
            })
            .collect();
        said.into_iter().flat_map(|(back, ids, text)| self.apply_change(back, ids, Applying::Undo(text))).collect()
    }
}

/// Per-ticket changes as one call per distinct change, with the tickets it applies to.
pub(super) fn by_change(items: impl IntoIterator<Item = (TicketId, Change)>) -> Vec<(Change, Vec<TicketId>)> {
    let mut groups: Vec<(Change, Vec<TicketId>)> = Vec::new();
    for (id, change) in items {
        match groups.iter_mut().find(|(c, _)| *c == change) {
            Some((_, ids)) => ids.push(id),
            None => groups.push((change, vec![id])),
        }
    }
    groups
}

fn tickets(n: usize) -> String {
    if n == 1 { "1 ticket".into() } else { format!("{n} tickets") }
}
