//! A fuzzy-filtered list of choices: the filter menu now, the triage pickers later.

pub use crate::support::fuzzy::fuzzy;

use crate::command::Command;
use crate::command::action::TextKey;
use crate::desk::{Priority, TicketStatus};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Facet {
    Status,
    Assignee,
    Customer,
    Tag,
    Priority,
    Mine,
    ClearAll,
}

/// What choosing an option means.
// Options are made when a picker opens and moved once when chosen.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum Choice {
    Facet(Facet),
    /// `None`: any status.
    Status(Option<TicketStatus>),
    /// `None`: any assignee; `Some(None)`: unassigned.
    Assignee(Option<Option<String>>),
    Customer(Option<String>),
    Tag(Option<String>),
    /// `None`: any; `Some(None)`: no priority.
    Priority(Option<Option<Priority>>),
    /// A command of the language on the targets: the pickers are its front-ends.
    Run(Command),
}

#[derive(Debug, Clone, PartialEq)]
pub struct PickOption {
    pub label: String,
    pub detail: String,
    /// Currently in effect (a check mark).
    pub marked: bool,
    pub choice: Choice,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Picker {
    pub title: String,
    pub options: Vec<PickOption>,
    pub query: String,
    /// Indices into `options` that match the query, best first.
    pub matches: Vec<usize>,
    /// Position in `matches`.
    pub highlight: usize,
}

impl Picker {
    pub fn new(title: impl Into<String>, options: Vec<PickOption>) -> Self {
        let matches = (0..options.len()).collect();
        Picker { title: title.into(), options, query: String::new(), matches, highlight: 0 }
    }

    pub fn set_query(&mut self, query: String) {
        self.query = query;
        self.matches = fuzzy(&self.query, self.options.iter().map(|o| o.label.as_str()));
        self.highlight = 0;
    }

    pub fn move_highlight(&mut self, down: bool) {
        let n = self.matches.len();
        if n > 0 {
            self.highlight = if down { (self.highlight + 1) % n } else { (self.highlight + n - 1) % n };
        }
    }

    /// The highlighted option (the best match right after typing).
    pub fn chosen(&self) -> Option<&PickOption> {
        self.matches.get(self.highlight).map(|&i| &self.options[i])
    }

    /// A key typed into the picker: it narrows as it is typed; Enter takes the highlighted
    /// choice, Esc closes it.
    pub fn typed(&mut self, key: TextKey) -> Picked {
        match key {
            TextKey::Esc => return Picked::Closed,
            TextKey::Up | TextKey::Down | TextKey::Tab => self.move_highlight(key != TextKey::Up),
            TextKey::Enter => {
                if let Some(option) = self.chosen() {
                    return Picked::Chosen(Box::new(option.choice.clone()));
                }
            }
            _ => {
                let mut query = self.query.clone();
                super::text_input::edit_line(&mut query, key);
                self.set_query(query);
            }
        }
        Picked::Open
    }
}

/// What a key typed into a picker did.
pub enum Picked {
    /// Still open (narrowed, or the highlight moved).
    Open,
    Closed,
    /// Boxed: a choice is large beside the other two.
    Chosen(Box<Choice>),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn best_match_first() {
        let labels = ["open", "in progress", "on hold", "closed"];
        assert_eq!(fuzzy("closed", labels.iter().copied())[0], 3);
        assert_eq!(fuzzy("hold", labels.iter().copied()), vec![2]);
        assert_eq!(fuzzy("", labels.iter().copied()), vec![0, 1, 2, 3]);
        let agents = ["Maria Garcia", "Mateo Rossi", "Aisha Rahman"];
        assert_eq!(fuzzy("maria", agents.iter().copied())[0], 0);
    }
}
