//! What a command means once its arguments are read. A command on tickets is a `Plan`: the
//! changes and messages to make, as data. The console runs a plan as effects on the marked
//! tickets (or the current one); the shell runs the same plan headless on the tickets it is
//! given — one meaning for both.

use super::action::Action;
use crate::desk::{Change, TagRef, Ticket};

/// A command line, read: a plan for tickets, work on one ticket, or the console's own action.
// A command is made and run once; boxing the console's action would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    Plan(Plan),
    Work(Work),
    /// Only the console can do it (moving, the screens, the prompts, the composer).
    Console(Action),
}

/// The steps a command on tickets takes, in order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Plan {
    pub steps: Vec<Step>,
    /// The macro it comes from: its changes are one undo entry, and on more than one
    /// ticket the console asks first.
    pub name: Option<String>,
    /// The agent said yes to running it on several tickets.
    pub confirmed: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    /// One change for every target.
    Set(Change),
    /// Tag edits, which depend on each ticket's tags (a bare name toggles).
    Tags(Vec<(TagOp, TagRef)>),
    /// A reply or a note; without text the console opens the composer.
    Message { note: bool, text: Option<String> },
    /// A reply or a note from a saved text, its variables filled for each ticket.
    Template { note: bool, text: String },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TagOp {
    Toggle,
    Add,
    Remove,
}

/// What a command reads or asks of one ticket besides changing it (the console and the shell
/// each show the answer their way).
#[derive(Debug, Clone, PartialEq)]
pub enum Work {
    /// Ask for an approval, of an agent (by id) when named.
    Approval {
        title: String,
        approver: Option<String>,
    },
    Approvals,
    Files,
    /// Save one of the ticket's files (by its number in the list, or its name).
    Download {
        file: String,
        dir: Option<String>,
    },
}

impl Plan {
    pub fn set(change: Change) -> Plan {
        Plan { steps: vec![Step::Set(change)], ..Plan::default() }
    }

    pub fn tags(edits: Vec<(TagOp, TagRef)>) -> Plan {
        Plan { steps: vec![Step::Tags(edits)], ..Plan::default() }
    }

    pub fn message(note: bool, text: &str) -> Plan {
        let text = Some(text.trim().to_string()).filter(|t| !t.is_empty());
        Plan { steps: vec![Step::Message { note, text }], ..Plan::default() }
    }

    /// The changes this plan makes to `ticket` (none when it already is so).
    pub fn changes_for(&self, ticket: &Ticket) -> Vec<Change> {
        self.steps.iter().flat_map(|step| step.changes_for(ticket)).collect()
    }
}

impl Step {
    /// The changes this step makes to `ticket` (a message changes none).
    pub fn changes_for(&self, ticket: &Ticket) -> Vec<Change> {
        match self {
            Step::Set(change) => vec![change.clone()],
            Step::Tags(edits) => edits
                .iter()
                .filter_map(|(op, tag)| {
                    let has = ticket.tags.iter().any(|t| t.id == tag.id);
                    match (op, has) {
                        (TagOp::Add, false) | (TagOp::Toggle, false) => Some(Change::AddTag(tag.clone())),
                        (TagOp::Remove, true) | (TagOp::Toggle, true) => Some(Change::RemoveTag(tag.clone())),
                        _ => None,
                    }
                })
                .collect(),
            Step::Message { .. } | Step::Template { .. } => vec![],
        }
    }
}
