//! The `:` line: a command of the language (`command/`) typed in the console, with history
//! (kept across runs) and Tab completion. A triage command applies to the marked tickets,
//! else the current one; a bad line says what was expected and changes nothing.

use super::picker::{Choice, PickOption, Picker};
use super::undo::Waiting;
use super::*;
use crate::command::{self, Command, Plan, Step, Words};

/// How many lines the history keeps.
const HISTORY: usize = 200;

/// The line being typed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CommandLine {
    pub text: String,
    /// Where typing goes, in characters from the start.
    pub cursor: usize,
    /// Where `↑`/`↓` stand in the history (`None`: the line being typed).
    history_at: Option<usize>,
    /// What Tab offers for the last word, and which one is shown.
    pub completions: Vec<String>,
    completion_at: usize,
    /// The line before Tab changed its last word.
    typed: String,
}

impl CommandLine {
    /// Readline's few keys: type at the cursor, Backspace and Ctrl-w before it, Ctrl-u to
    /// the start, Ctrl-a/Ctrl-e and the arrows to move.
    fn edit(&mut self, key: TextKey) {
        let mut chars: Vec<char> = self.text.chars().collect();
        let at = self.cursor.min(chars.len());
        self.cursor = match key {
            TextKey::Char(c) => {
                chars.insert(at, c);
                at + 1
            }
            TextKey::Backspace if at > 0 => {
                chars.remove(at - 1);
                at - 1
            }
            TextKey::DeleteWord => {
                let keep = chars[..at]
                    .iter()
                    .rposition(|c| !c.is_whitespace())
                    .map_or(0, |end| chars[..end].iter().rposition(|c| c.is_whitespace()).map_or(0, |space| space + 1));
                chars.drain(keep..at);
                keep
            }
            TextKey::ClearLine => {
                chars.drain(..at);
                0
            }
            TextKey::Home => 0,
            TextKey::End => chars.len(),
            TextKey::Left => at.saturating_sub(1),
            TextKey::Right => (at + 1).min(chars.len()),
            _ => at,
        };
        self.text = chars.into_iter().collect();
    }

    /// The text before and after the cursor, for drawing.
    pub fn split_at_cursor(&self) -> (String, String) {
        let before: String = self.text.chars().take(self.cursor).collect();
        let after: String = self.text.chars().skip(self.cursor).collect();
        (before, after)
    }
}

impl AppState {
    pub(super) fn start_command_line(&mut self) -> Vec<Effect> {
        self.view.overlay = Some(Overlay::Command(CommandLine::default()));
        vec![]
    }

    pub(super) fn prompt(&mut self, text: String) -> Vec<Effect> {
        let cursor = text.chars().count();
        self.view.overlay = Some(Overlay::Command(CommandLine { text, cursor, ..CommandLine::default() }));
        vec![]
    }

    /// `T` in the thread: the title, on the `:` line, ready to edit (Enter renames).
    pub(super) fn edit_title(&mut self) -> Vec<Effect> {
        let Some(title) = self.inbox.selected_ticket().map(|t| t.title.clone()) else { return vec![] };
        let text = format!("title {title}");
        let cursor = text.chars().count();
        self.view.overlay = Some(Overlay::Command(CommandLine { text, cursor, ..CommandLine::default() }));
        vec![]
    }

    pub(super) fn words(&self) -> Words<'_> {
        Words {
            agents: &self.directory.agents,
            tags: &self.directory.tags,
            me: self.settings.me.as_deref(),
            views: &self.inbox.tabs.names,
            now: self.session.now,
            tz: &self.settings.tz,
            catalog: &self.work.catalog,
            ticket: self.inbox.selected_ticket(),
            library: &self.settings.library,
        }
    }

    pub(super) fn command_text(&mut self, mut line: CommandLine, key: TextKey) -> Vec<Effect> {
        match key {
            TextKey::Esc => return vec![],
            TextKey::Enter => return self.run_command_line(line.text),
            TextKey::Tab => self.complete(&mut line),
            TextKey::Up | TextKey::Down => self.recall(&mut line, key == TextKey::Up),
            _ => {
                line.edit(key);
                line.completions.clear();
                line.history_at = None;
            }
        }
        self.view.overlay = Some(Overlay::Command(line));
        vec![]
    }

    /// Tab: the first completion of the last word; Tab again, the next.
    fn complete(&self, line: &mut CommandLine) {
        if line.completions.is_empty() {
            line.typed = line.text.clone();
            line.completions = command::complete(&line.text, &self.words());
            line.completion_at = 0;
        } else {
            line.completion_at = (line.completion_at + 1) % line.completions.len();
        }
        let Some(word) = line.completions.get(line.completion_at) else { return };
        let head = match line.typed.rfind(char::is_whitespace) {
            Some(at) => &line.typed[..=at],
            None => "",
        };
        line.text = format!("{head}{word}");
        line.cursor = line.text.chars().count();
    }

    fn recall(&self, line: &mut CommandLine, older: bool) {
        let n = self.view.command_history.len();
        let at = match (line.history_at, older) {
            (None, true) if n > 0 => Some(n - 1),
            (Some(i), true) => Some(i.saturating_sub(1)),
            (Some(i), false) if i + 1 < n => Some(i + 1),
            (Some(_), false) => None,
            (None, _) => None,
        };
        line.history_at = at;
        line.text = at.map_or_else(String::new, |i| self.view.command_history[i].clone());
        line.cursor = line.text.chars().count();
        line.completions.clear();
    }

    fn run_command_line(&mut self, text: String) -> Vec<Effect> {
        let text = text.trim().to_string();
        if text.is_empty() {
            return vec![];
        }
        self.view.command_history.retain(|h| *h != text);
        self.view.command_history.push(text.clone());
        let excess = self.view.command_history.len().saturating_sub(HISTORY);
        self.view.command_history.drain(..excess);
        let mut effects = vec![Effect::SaveHistory(self.view.command_history.clone())];
        effects.extend(self.run_line(&text));
        effects
    }

    /// A command line, typed or bound to a key: run, or say what was expected.
    pub(super) fn run_line(&mut self, line: &str) -> Vec<Effect> {
        // `status` alone is its picker, as the key is.
        if let Some(kind) = command::lookup(line.trim()).and_then(crate::state::keymap::picker_of) {
            return self.open_triage_picker(kind);
        }
        match command::parse(line, &self.words()) {
            Ok(command) => self.run_command(command),
            Err(e) => {
                self.say(Notice::Error(e));
                vec![]
            }
        }
    }

    /// A parsed command, as its key would do it.
    pub(super) fn run_command(&mut self, command: Command) -> Vec<Effect> {
        match command {
            Command::Plan(plan) => self.run_plan(plan),
            Command::Work(work) => self.run_work(work),
            Command::Console(action) => self.update(action).1,
        }
    }

    /// A plan's steps on the marked tickets or the current one. A macro on more than one
    /// ticket asks first, naming the count; its changes are one undo entry.
    fn run_plan(&mut self, plan: Plan) -> Vec<Effect> {
        let Some(name) = plan.name.clone() else {
            let targets = self.targets();
            return plan.steps.into_iter().flat_map(|step| self.run_step(step, &targets)).collect();
        };
        let count = self.targets().len();
        if count > 1 && !plan.confirmed {
            let run = Command::Plan(Plan { confirmed: true, ..plan });
            let yes = PickOption {
                label: format!("yes, run {name} on {count} tickets"),
                detail: String::new(),
                marked: false,
                choice: Choice::Run(run),
            };
            self.view.overlay =
                Some(Overlay::Picker(Picker::new(format!("Macro {name} on {count} tickets? (Esc: no)"), vec![yes])));
            return vec![];
        }
        // The targets once: the first change clears the marks and may move the selection.
        let targets = self.targets();
        self.changes.begin_batch();
        let batch = self.changes.current_batch().unwrap_or_default();
        let (messages, changes): (Vec<Step>, Vec<Step>) =
            plan.steps.into_iter().partition(|s| matches!(s, Step::Template { .. }));
        let messages = messages.into_iter().filter_map(|s| match s {
            Step::Template { note, text } => Some((note, text)),
            _ => None,
        });
        let waiting = Waiting { batch, name, messages: messages.collect(), targets: targets.clone(), failed: vec![] };
        self.changes.waiting.push(waiting);
        let mut effects: Vec<Effect> = changes.into_iter().flat_map(|step| self.run_step(step, &targets)).collect();
        self.changes.end_batch();
        // Changes made offline (queued) or none at all: nothing to wait for.
        effects.extend(self.changes.settled(batch).map_or_else(Vec::new, |w| self.macro_settled(w)));
        effects
    }

    /// One step of a plan, on the marked tickets or the current one.
    fn run_step(&mut self, step: Step, targets: &[TicketId]) -> Vec<Effect> {
        match step {
            Step::Set(change) => {
                let mut effects = self.apply_change(change.clone(), targets.to_vec(), super::changes::Applying::Change);
                effects.extend(self.after_work_change(&change));
                effects
            }
            Step::Tags(_) => self.apply_tag_edits(&step, targets),
            Step::Message { note, text } => {
                let kind = if note { DraftKind::Note } else { DraftKind::Reply };
                let mut effects = self.start_compose(kind);
                if let Some(text) = text.filter(|_| self.compose.open.is_some()) {
                    effects.extend(self.paste(&text));
                    effects.extend(self.send_draft(None));
                }
                effects
            }
            Step::Template { note, text } => self.send_template(note, &text, targets),
        }
    }

    /// `view NAME`: the view of that name (fuzzy), or why there is none.
    pub(super) fn show_view_named(&mut self, name: &str) -> Vec<Effect> {
        match self.inbox.tabs.find(name) {
            Ok(index) => self.show_view(index),
            Err(e) => {
                self.say(Notice::Error(e));
                vec![]
            }
        }
    }

    /// Tag edits depend on each target's tags (a bare name toggles): one call per change,
    /// with the tickets it applies to.
    fn apply_tag_edits(&mut self, step: &Step, targets: &[TicketId]) -> Vec<Effect> {
        let changes = targets
            .iter()
            .filter_map(|id| self.inbox.ticket(id))
            .flat_map(|t| step.changes_for(t).into_iter().map(|change| (t.id.clone(), change)).collect::<Vec<_>>());
        let groups = super::changes::by_change(changes.collect::<Vec<_>>());
        groups
            .into_iter()
            .flat_map(|(change, ids)| self.apply_change(change, ids, super::changes::Applying::Change))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(keys: &[TextKey]) -> (String, usize) {
        let mut line = CommandLine::default();
        keys.iter().for_each(|k| line.edit(*k));
        (line.text, line.cursor)
    }

    #[test]
    fn readline_keys_edit_at_the_cursor() {
        let word = |s: &str| s.chars().map(TextKey::Char).collect::<Vec<_>>();
        let mut keys = word("tag Bug");
        keys.extend([TextKey::Home, TextKey::Right, TextKey::Right, TextKey::Right]);
        keys.extend(word("s"));
        assert_eq!(typed(&keys), ("tags Bug".into(), 4));
        keys.extend([TextKey::End, TextKey::DeleteWord]);
        assert_eq!(typed(&keys), ("tags ".into(), 5));
        keys.extend([TextKey::Left, TextKey::ClearLine]);
        assert_eq!(typed(&keys), (" ".into(), 0));
        assert_eq!(typed(&[TextKey::Backspace, TextKey::Left, TextKey::Right]), (String::new(), 0));
    }
}
