//! Typed text routed to whatever has the keyboard: the search line, a picker, a prompt.

use super::*;

impl AppState {
    pub(super) fn text(&mut self, key: TextKey) -> Vec<Effect> {
        match self.overlay.take() {
            Some(Overlay::Search) => {
                let mut search = self.inbox.search.clone();
                match key {
                    TextKey::Char(c) => search.push(c),
                    TextKey::Backspace => {
                        search.pop();
                    }
                    TextKey::DeleteWord => search = delete_word(&search),
                    TextKey::Enter => return self.after_selection_change(),
                    TextKey::Esc => search.clear(),
                    TextKey::Up | TextKey::Down => {}
                }
                if key != TextKey::Esc {
                    self.overlay = Some(Overlay::Search);
                }
                self.inbox.set_search(search.clone());
                let mut effects = self.after_selection_change();
                if !search.trim().is_empty() {
                    // Message bodies are searched in the cache's index, answered as hits.
                    effects.push(Effect::Store(crate::worker::StoreJob::Search(search)));
                }
                effects
            }
            Some(Overlay::Picker(mut picker)) => match key {
                TextKey::Char(c) => {
                    let q = format!("{}{c}", picker.query);
                    picker.set_query(q);
                    self.overlay = Some(Overlay::Picker(picker));
                    vec![]
                }
                TextKey::Backspace | TextKey::DeleteWord => {
                    let mut q = picker.query.clone();
                    if key == TextKey::Backspace {
                        q.pop();
                    } else {
                        q = delete_word(&q);
                    }
                    picker.set_query(q);
                    self.overlay = Some(Overlay::Picker(picker));
                    vec![]
                }
                TextKey::Up | TextKey::Down => {
                    picker.move_highlight(key == TextKey::Down);
                    self.overlay = Some(Overlay::Picker(picker));
                    vec![]
                }
                TextKey::Esc => vec![],
                TextKey::Enter => match picker.chosen().map(|o| o.choice.clone()) {
                    Some(Choice::Apply(change)) => {
                        let targets = self.targets();
                        self.apply_change(change, targets, true)
                    }
                    Some(choice) => filters::choose(self, choice),
                    None => {
                        self.overlay = Some(Overlay::Picker(picker));
                        vec![]
                    }
                },
            },
            Some(Overlay::Range(mut text)) => match key {
                TextKey::Char(c) => {
                    text.push(c);
                    self.overlay = Some(Overlay::Range(text));
                    vec![]
                }
                TextKey::Backspace | TextKey::DeleteWord => {
                    text.pop();
                    self.overlay = Some(Overlay::Range(text));
                    vec![]
                }
                TextKey::Esc | TextKey::Up | TextKey::Down => vec![],
                TextKey::Enter => match filters::parse_range(&text, self.today()) {
                    Ok(range) => {
                        self.inbox.query.created = range;
                        self.inbox.clear();
                        self.reload_inbox()
                    }
                    Err(e) => {
                        self.say(Notice::Error(e));
                        self.overlay = Some(Overlay::Range(text));
                        vec![]
                    }
                },
            },
            Some(Overlay::Help) => vec![],
            None => vec![],
        }
    }
}

fn delete_word(s: &str) -> String {
    let trimmed = s.trim_end();
    match trimmed.rfind(char::is_whitespace) {
        Some(i) => trimmed[..=i].to_string(),
        None => String::new(),
    }
}
