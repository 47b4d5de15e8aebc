//! What a key is bound to: a command of the table, bare, or a whole command line.

use crate::command::action::Action;
use crate::command::{self, Run, Spec, Values};
use crate::state::TriageKind;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Binding {
    Command(&'static Spec),
    /// A command with its arguments (`"z" = "status closed"`), run as if typed after `:`.
    Line(String),
}

impl Binding {
    /// What `"z" = "…"` in `[keys.*]` means: a command's name binds the command, a line
    /// that starts with one binds the line (checked in full when pressed: agents and tags are
    /// known only then).
    pub fn parse(text: &str) -> Option<Binding> {
        if let Some(spec) = command::lookup(text) {
            return Some(Binding::Command(spec));
        }
        let first = text.split_whitespace().next().unwrap_or_default();
        command::lookup(first).map(|_| Binding::Line(text.trim().to_string()))
    }

    pub fn action(&self) -> Action {
        match self {
            Binding::Command(spec) => bare(spec),
            Binding::Line(line) => Action::RunLine(line.clone()),
        }
    }

    /// The line in help: the command's help, or the bound line as `:line`.
    pub fn describe(&self) -> String {
        match self {
            Binding::Command(spec) => spec.help.to_string(),
            Binding::Line(line) => format!(":{line}"),
        }
    }

    /// Where help lists it: a command in the table's order, the lines after them.
    pub(super) fn order(&self) -> usize {
        match self {
            Binding::Command(spec) => command::COMMANDS.iter().position(|c| c.name == spec.name).unwrap_or(usize::MAX),
            Binding::Line(_) => usize::MAX,
        }
    }
}

/// A command from a key, without arguments: the console's own commands act; one that needs a
/// value opens its picker (whose choice runs the command with that value); the rest run as if
/// typed after `:`.
fn bare(spec: &Spec) -> Action {
    if let Run::Act(action) = &spec.run {
        return action.clone();
    }
    // A command that needs words (a field and its value, a path) opens the `:` line with
    // its name typed, for Tab to complete the rest.
    let needs_words = !spec.needs.is_empty();
    if spec.values == Values::Replies {
        return Action::PickSaved;
    }
    match picker_of(spec) {
        Some(kind) => Action::OpenTriage(kind),
        None if needs_words => Action::Prompt(format!("{} ", spec.name)),
        None => Action::RunLine(spec.name.to_string()),
    }
}

/// The picker a command is a front-end for, when it is given no value it needs (`send`
/// takes a status, but sends without one).
pub fn picker_of(spec: &Spec) -> Option<TriageKind> {
    if spec.needs.is_empty() {
        return None;
    }
    match spec.values {
        Values::Statuses => Some(TriageKind::Status),
        Values::Agents => Some(TriageKind::Assignee),
        Values::Tags => Some(TriageKind::Tag),
        Values::Priorities => Some(TriageKind::Priority),
        Values::Times => Some(TriageKind::Snooze),
        Values::Types => Some(TriageKind::Type),
        Values::Text
        | Values::Number
        | Values::Views
        | Values::None
        | Values::Fields
        | Values::Collaborators
        | Values::Files
        | Values::Outbox
        | Values::Replies
        | Values::Macros => None,
    }
}
