//! Typed text routed to whatever has the keyboard: the search line, a picker, a prompt.

use super::*;

impl AppState {
    pub(super) fn text(&mut self, key: TextKey) -> Vec<Effect> {
        match self.view.overlay.take() {
            Some(Overlay::Search) => self.search_text(key),
            Some(Overlay::Picker(picker)) => self.picker_text(picker, key),
            Some(Overlay::Range(text)) => self.range_text(text, key),
            Some(Overlay::Command(line)) => self.command_text(line, key),
            Some(Overlay::Form(form)) => self.form_text(form, key),
            Some(Overlay::Help | Overlay::Legend | Overlay::Messages) | None => vec![],
        }
    }

    /// The search line filters as it is typed; Enter keeps it, Esc clears it.
    fn search_text(&mut self, key: TextKey) -> Vec<Effect> {
        let mut search = self.inbox.search.clone();
        match key {
            TextKey::Enter => return self.after_selection_change(),
            TextKey::Esc => search.clear(),
            _ => edit_line(&mut search, key),
        }
        if key != TextKey::Esc {
            self.view.overlay = Some(Overlay::Search);
        }
        self.inbox.set_search(search.clone());
        let mut effects = self.after_selection_change();
        if !search.trim().is_empty() {
            // Message bodies are searched in the cache's index, answered as hits.
            effects.push(Effect::Store(crate::worker::StoreJob::Search(search)));
        }
        effects
    }

    /// A picker narrows as it is typed; Enter applies the highlighted choice.
    fn picker_text(&mut self, mut picker: Picker, key: TextKey) -> Vec<Effect> {
        match key {
            TextKey::Esc => return vec![],
            TextKey::Up | TextKey::Down | TextKey::Tab => picker.move_highlight(key != TextKey::Up),
            TextKey::Enter => match picker.chosen().map(|o| o.choice.clone()) {
                Some(Choice::Run(command)) => return self.run_command(command),
                Some(choice) => return filters::choose(self, choice),
                None => {}
            },
            _ => {
                let mut query = picker.query.clone();
                edit_line(&mut query, key);
                picker.set_query(query);
            }
        }
        self.view.overlay = Some(Overlay::Picker(picker));
        vec![]
    }

    /// The created-date range prompt: Enter reloads the inbox on it, or says what is wrong.
    fn range_text(&mut self, mut text: String, key: TextKey) -> Vec<Effect> {
        match key {
            TextKey::Esc => return vec![],
            TextKey::Enter => match filters::parse_range(&text, self.today()) {
                Ok(range) => {
                    self.inbox.query.created = range;
                    self.inbox.clear();
                    return self.reload_inbox();
                }
                Err(e) => self.say(Notice::Error(e)),
            },
            _ => edit_line(&mut text, key),
        }
        self.view.overlay = Some(Overlay::Range(text));
        vec![]
    }
}

/// The editing keys every one-line prompt shares (others leave the line as it is).
pub(super) fn edit_line(line: &mut String, key: TextKey) {
    match key {
        TextKey::Char(c) => line.push(c),
        TextKey::Backspace => {
            line.pop();
        }
        TextKey::DeleteWord => *line = delete_word(line),
        TextKey::ClearLine => line.clear(),
        _ => {}
    }
}

fn delete_word(s: &str) -> String {
    let trimmed = s.trim_end();
    match trimmed.rfind(char::is_whitespace) {
        Some(i) => trimmed[..=i].to_string(),
        None => String::new(),
    }
}
