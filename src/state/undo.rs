//! The changes part's data: the changes awaiting the server (in `changes.rs`, with the flows
//! that make them) and the undo stack, where a macro's changes are one entry.

use std::collections::HashMap;

use super::changes::PendingChange;
use crate::desk::{Change, TicketId};
use crate::worker::ReqId;

/// The inverse of one applied change, ticket by ticket, with each ticket's `updatedAt` as the
/// server answered the change (an undo over a later edit by someone else is refused).
#[derive(Debug, Clone, PartialEq)]
pub struct UndoEntry {
    pub label: String,
    /// The change it undoes (its value is the "from" of "status closed → open").
    pub forward: Change,
    pub items: Vec<(TicketId, Change, Option<jiff::Timestamp>)>,
    /// The macro run it belongs to: its entries are undone together.
    pub batch: Option<u64>,
}

/// The changes part: what was sent and not yet answered, and what can be undone.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Changes {
    /// Triage changes waiting for the server, by request.
    pub pending: HashMap<ReqId, PendingChange>,
    pub undo: Vec<UndoEntry>,
    /// While a macro runs: its batch, which every change it makes carries.
    pub batch: Option<u64>,
    batches: u64,
    /// Macros whose changes are still on their way: their replies wait for them.
    pub waiting: Vec<Waiting>,
}

/// A macro's reply and note, sent once every change of its batch stood — never after one
/// failed (the others are undone then).
#[derive(Debug, Clone, PartialEq)]
pub struct Waiting {
    pub batch: u64,
    pub name: String,
    /// `(note, template)`.
    pub messages: Vec<(bool, String)>,
    pub targets: Vec<TicketId>,
    /// What failed so far ("#1042: not found").
    pub failed: Vec<String>,
}

impl Changes {
    /// The changes made until `end_batch` are one undo entry.
    pub fn begin_batch(&mut self) {
        self.batches += 1;
        self.batch = Some(self.batches);
    }

    pub fn end_batch(&mut self) {
        self.batch = None;
    }

    /// The batch a macro's run begins, for its `Waiting`.
    pub fn current_batch(&self) -> Option<u64> {
        self.batch
    }

    /// A change of `batch` failed on these tickets.
    pub fn batch_failed(&mut self, batch: u64, failures: &[String]) {
        if let Some(w) = self.waiting.iter_mut().find(|w| w.batch == batch) {
            w.failed.extend(failures.iter().cloned());
        }
    }

    /// `batch` has no change left on its way: its `Waiting`, to send or to undo.
    pub fn settled(&mut self, batch: u64) -> Option<Waiting> {
        if self.pending.values().any(|p| p.batch == Some(batch)) {
            return None;
        }
        let at = self.waiting.iter().position(|w| w.batch == batch)?;
        Some(self.waiting.remove(at))
    }

    /// Every undo entry of `batch`, taken off the stack (a failed macro's other changes).
    pub fn take_batch(&mut self, batch: u64) -> Vec<UndoEntry> {
        let (taken, kept) = std::mem::take(&mut self.undo).into_iter().partition(|e| e.batch == Some(batch));
        self.undo = kept;
        taken
    }

    /// What one `u` undoes: the last entry, with the rest of its batch.
    pub fn pop_undo(&mut self) -> Vec<UndoEntry> {
        let Some(last) = self.undo.pop() else { return vec![] };
        let mut entries = vec![last];
        while let Some(batch) = entries[0].batch
            && self.undo.last().is_some_and(|e| e.batch == Some(batch))
        {
            entries.extend(self.undo.pop());
        }
        entries
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(label: &str, batch: Option<u64>) -> UndoEntry {
        UndoEntry { label: label.into(), forward: Change::Snooze(None), items: vec![], batch }
    }

    #[test]
    fn one_undo_takes_a_whole_batch_and_only_it() {
        let undo = vec![entry("before", None), entry("status", Some(1)), entry("tag", Some(1)), entry("after", None)];
        let mut c = Changes { undo, ..Changes::default() };
        assert_eq!(c.pop_undo().len(), 1, "the last change alone");
        let batch: Vec<String> = c.pop_undo().into_iter().map(|e| e.label).collect();
        assert_eq!(batch, ["tag", "status"], "the macro's two changes together");
        assert_eq!(c.pop_undo()[0].label, "before");
    }
}
