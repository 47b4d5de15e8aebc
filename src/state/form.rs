//! A small form: a few labelled lines, each typed like the `:` line, `Tab` completing a
//! line's choices (fuzzy). It asks for a ticket type's required fields after `type`, and for
//! a new conversation. `↑`/`↓` move, `Enter` goes to the next line and submits on the last,
//! `Esc` cancels (nothing is sent).

use super::text_input::edit_line;
use crate::command::action::TextKey;
use crate::desk::TicketId;

#[derive(Debug, Clone, PartialEq)]
pub struct FormLine {
    pub label: String,
    pub value: String,
    pub required: bool,
    /// What `Tab` offers (empty: free text).
    pub choices: Vec<String>,
    /// Seen under the line: the options, or what the line is for.
    pub hint: String,
}

impl FormLine {
    pub fn text(label: &str, required: bool, hint: &str) -> FormLine {
        FormLine { label: label.into(), value: String::new(), required, choices: vec![], hint: hint.into() }
    }
    pub fn choice(label: &str, required: bool, choices: Vec<String>) -> FormLine {
        let hint = choices.iter().take(8).cloned().collect::<Vec<_>>().join(" · ");
        FormLine { label: label.into(), value: String::new(), required, choices, hint }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum FormPurpose {
    /// The required fields of the ticket's type.
    Fields {
        ticket: TicketId,
    },
    NewTicket,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Form {
    pub title: String,
    pub purpose: FormPurpose,
    pub lines: Vec<FormLine>,
    pub at: usize,
    /// The completions `Tab` cycles through, and which is shown.
    completions: Vec<String>,
    completion_at: usize,
    /// Why the last submit was refused, shown in the form.
    pub problem: Option<String>,
}

/// What a key did to the form.
#[derive(Debug, Clone, PartialEq)]
pub enum FormStep {
    Editing,
    Cancelled,
    Submitted,
}

impl Form {
    pub fn new(title: impl Into<String>, purpose: FormPurpose, lines: Vec<FormLine>) -> Form {
        Form { title: title.into(), purpose, lines, at: 0, completions: vec![], completion_at: 0, problem: None }
    }

    pub fn value(&self, label: &str) -> &str {
        self.lines.iter().find(|l| l.label == label).map_or("", |l| l.value.trim())
    }

    pub fn key(&mut self, key: TextKey) -> FormStep {
        let last = self.lines.len().saturating_sub(1);
        if key != TextKey::Tab {
            self.completions.clear();
        }
        match key {
            TextKey::Esc => return FormStep::Cancelled,
            TextKey::Up => self.at = self.at.saturating_sub(1),
            TextKey::Down => self.at = (self.at + 1).min(last),
            TextKey::Enter if self.at >= last => return self.submit(),
            TextKey::Enter => self.at += 1,
            TextKey::Tab => self.complete(),
            _ => {
                if let Some(line) = self.lines.get_mut(self.at) {
                    edit_line(&mut line.value, key);
                }
            }
        }
        FormStep::Editing
    }

    /// Every required line filled, or the form stays open at the first that is not.
    fn submit(&mut self) -> FormStep {
        match self.lines.iter().position(|l| l.required && l.value.trim().is_empty()) {
            Some(empty) => {
                self.problem = Some(format!("{} is required", self.lines[empty].label));
                self.at = empty;
                FormStep::Editing
            }
            None => FormStep::Submitted,
        }
    }

    /// The line's value becomes its best choice for what is typed; `Tab` again, the next.
    fn complete(&mut self) {
        let Some(line) = self.lines.get_mut(self.at) else { return };
        if self.completions.is_empty() {
            let ranked = crate::support::fuzzy::fuzzy(&line.value, line.choices.iter().map(String::as_str));
            self.completions = ranked.into_iter().map(|i| line.choices[i].clone()).collect();
            self.completion_at = 0;
        } else {
            self.completion_at = (self.completion_at + 1) % self.completions.len();
        }
        if let Some(choice) = self.completions.get(self.completion_at) {
            line.value = choice.clone();
        }
    }

    /// Show this problem and go to the line it is about.
    pub fn refuse(&mut self, label: &str, problem: String) {
        if let Some(i) = self.lines.iter().position(|l| l.label == label) {
            self.at = i;
        }
        self.problem = Some(problem);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(form: &mut Form, text: &str) {
        text.chars().for_each(|c| _ = form.key(TextKey::Char(c)));
    }

    #[test]
    fn a_required_line_holds_the_form_open_and_tab_completes_a_choice() {
        let lines = vec![
            FormLine::choice("Severity", true, vec!["Low".into(), "High".into(), "Blocker".into()]),
            FormLine::text("Affected version", true, "e.g. 4.2.1"),
        ];
        let mut form = Form::new("Bug report", FormPurpose::NewTicket, lines);
        typed(&mut form, "blo");
        form.key(TextKey::Tab);
        assert_eq!(form.value("Severity"), "Blocker");
        assert_eq!(form.key(TextKey::Enter), FormStep::Editing);
        assert_eq!(form.key(TextKey::Enter), FormStep::Editing, "the version is still empty");
        assert_eq!(form.problem.as_deref(), Some("Affected version is required"));
        typed(&mut form, "4.2.1");
        assert_eq!(form.key(TextKey::Enter), FormStep::Submitted);
        assert_eq!(form.key(TextKey::Esc), FormStep::Cancelled);
    }
}
