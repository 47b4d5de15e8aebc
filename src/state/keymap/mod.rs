//! Keys flow one way: terminal event → key map → `Action`. The map is a table of
//! (context, key chord) → command, so it can be listed by `?` and rebound by the user.

use std::collections::BTreeMap;

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

use super::{AppState, Focus, Overlay, Screen};
use crate::command::action::{Action, MouseKind, TextKey};

mod chord;
mod command;
mod overrides;

pub use chord::Chord;
pub use command::{Binding, picker_of};
pub use overrides::{apply_keys, bind_macros};

/// Where a binding applies: the table's places.
pub use crate::command::Place as Context;

/// The context the keys are read in now.
pub fn context_of(state: &AppState) -> Context {
    match (state.view.screen, state.view.focus) {
        (Screen::Metrics, _) => Context::Metrics,
        (_, Focus::Composer) => Context::Composer,
        (_, Focus::Thread) => Context::Thread,
        _ => Context::Inbox,
    }
}

#[derive(Debug, Clone)]
pub struct Keymap {
    bindings: BTreeMap<(Context, Chord), Binding>,
}

impl Default for Keymap {
    /// Every command's default keys, from the table.
    fn default() -> Self {
        let mut bindings = BTreeMap::new();
        for spec in crate::command::COMMANDS {
            for (place, key) in spec.keys {
                let chord = Chord::parse(key).expect("default keys parse");
                for context in place.expand() {
                    bindings.insert((*context, chord), Binding::Command(spec));
                }
            }
        }
        for (place, key, line) in crate::command::LINE_KEYS {
            let chord = Chord::parse(key).expect("default keys parse");
            bindings.insert((*place, chord), Binding::Line(line.to_string()));
        }
        Keymap { bindings }
    }
}

impl Keymap {
    pub fn bind(&mut self, context: Context, chord: Chord, binding: Binding) {
        self.bindings.insert((context, chord), binding);
    }

    pub fn unbind(&mut self, context: Context, chord: Chord) {
        self.bindings.remove(&(context, chord));
    }

    pub fn binding(&self, context: Context, chord: Chord) -> Option<&Binding> {
        self.bindings.get(&(context, chord))
    }

    /// The action for a terminal event in the current state, if any.
    pub fn map(&self, event: &Event, state: &AppState) -> Option<Action> {
        let key = match event {
            Event::Resize(w, h) => return Some(Action::Resize(*w, *h)),
            Event::Paste(text) if state.view.focus == Focus::Composer => return Some(Action::Paste(text.clone())),
            Event::Mouse(m) if state.settings.mouse && state.view.overlay.is_none() => {
                use crossterm::event::{MouseButton, MouseEventKind};
                let kind = match m.kind {
                    MouseEventKind::Down(MouseButton::Left) => MouseKind::Click,
                    MouseEventKind::ScrollUp => MouseKind::WheelUp,
                    MouseEventKind::ScrollDown => MouseKind::WheelDown,
                    _ => return None,
                };
                return Some(Action::Mouse(kind, m.column, m.row));
            }
            Event::Key(key) if key.is_press() => key,
            _ => return None,
        };
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        if ctrl && key.code == KeyCode::Char('c') {
            return Some(Action::Quit);
        }
        if ctrl && key.code == KeyCode::Char('z') {
            return Some(Action::Suspend);
        }
        if state.view.focus == Focus::Composer && state.view.overlay.is_none() {
            // The composer's own few keys, then everything else is text.
            let own = Chord::from_key(key).and_then(|c| self.binding(Context::Composer, c));
            return Some(own.map_or_else(|| Action::Compose(tui_textarea::Input::from(*key)), Binding::action));
        }
        match &state.view.overlay {
            Some(Overlay::Help | Overlay::Legend | Overlay::Messages) => match key.code {
                KeyCode::Char('?') => Some(Action::ToggleHelp),
                // Esc and q close it, whichever page is shown.
                KeyCode::Esc | KeyCode::Char('q') => Some(Action::Text(TextKey::Esc)),
                _ => None,
            },
            Some(Overlay::Search | Overlay::Picker(_) | Overlay::Range(_) | Overlay::Command(_) | Overlay::Form(_)) => {
                text_key(key).map(Action::Text)
            }
            None => {
                let chord = Chord::from_key(key)?;
                let here = self.binding(context_of(state), chord);
                here.or_else(|| self.binding(Context::Anywhere, chord)).map(Binding::action)
            }
        }
    }

    /// The keys that run command `name` in `context`: its own bindings there, then the
    /// ones from anywhere that `context` does not take for something else.
    pub fn keys_for(&self, context: Context, name: &str) -> Vec<Chord> {
        let runs = |b: &Binding| matches!(b, Binding::Command(spec) if spec.name == name);
        let here = self.bindings.iter().filter(|((c, _), b)| *c == context && runs(b)).map(|((_, k), _)| *k);
        let anywhere = self
            .bindings
            .iter()
            .filter(|((c, k), b)| *c == Context::Anywhere && runs(b) && self.binding(context, *k).is_none());
        here.chain(anywhere.map(|((_, k), _)| *k)).collect()
    }

    /// Every binding, grouped by context then command in the table's order (keys bound to
    /// a command line after them, shown as `:line`), for the help overlay: (context, what it
    /// does, keys).
    pub fn listing(&self) -> Vec<(Context, String, Vec<String>)> {
        let mut grouped: BTreeMap<(Context, usize, String), Vec<String>> = BTreeMap::new();
        for ((ctx, chord), binding) in &self.bindings {
            grouped.entry((*ctx, binding.order(), binding.describe())).or_default().push(chord.label());
        }
        grouped.into_iter().map(|((ctx, _, what), keys)| (ctx, what, keys)).collect()
    }
}

/// Keys inside a prompt or picker: typing, editing, choosing.
fn text_key(key: &KeyEvent) -> Option<TextKey> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    Some(match key.code {
        KeyCode::Char('w') if ctrl => TextKey::DeleteWord,
        KeyCode::Char('u') if ctrl => TextKey::ClearLine,
        KeyCode::Char('a') if ctrl => TextKey::Home,
        KeyCode::Char('e') if ctrl => TextKey::End,
        KeyCode::Home => TextKey::Home,
        KeyCode::End => TextKey::End,
        KeyCode::Left => TextKey::Left,
        KeyCode::Right => TextKey::Right,
        KeyCode::Char('n') if ctrl => TextKey::Down,
        KeyCode::Char('p') if ctrl => TextKey::Up,
        KeyCode::Char(_) if ctrl => return None,
        // Prompts take printable characters only.
        KeyCode::Char(c) if crate::support::sanitize::is_forbidden(c) => return None,
        KeyCode::Char(c) => TextKey::Char(c),
        KeyCode::Backspace => TextKey::Backspace,
        KeyCode::Enter => TextKey::Enter,
        KeyCode::Esc => TextKey::Esc,
        KeyCode::Up | KeyCode::BackTab => TextKey::Up,
        KeyCode::Down => TextKey::Down,
        KeyCode::Tab => TextKey::Tab,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::command::action::Move;
    use crate::desk::Capabilities;
    use crossterm::event::KeyEventKind;

    fn key(code: KeyCode, mods: KeyModifiers) -> Event {
        Event::Key(KeyEvent::new_with_kind(code, mods, KeyEventKind::Press))
    }

    fn state() -> AppState {
        AppState::new(
            "Unthread",
            "test",
            Capabilities { reply: true, mutate: true, reporting: true, partitions: false, clocks: true, live: true },
            jiff::Timestamp::UNIX_EPOCH,
        )
    }

    #[test]
    fn chords_parse_and_print() {
        for s in ["ctrl-s", "alt-enter", "G", "space", "?", "shift-tab", "pagedown"] {
            assert_eq!(Chord::parse(s).unwrap().label(), s);
        }
        assert!(Chord::parse("hyper-x").is_err());
    }

    #[test]
    fn keys_depend_on_focus_and_overlay() {
        let map = Keymap::default();
        let mut s = state();
        assert_eq!(map.map(&key(KeyCode::Char('j'), KeyModifiers::NONE), &s), Some(Action::Move(Move::Down)));
        assert_eq!(map.map(&key(KeyCode::Char('G'), KeyModifiers::SHIFT), &s), Some(Action::Move(Move::Bottom)));
        assert_eq!(map.map(&key(KeyCode::Esc, KeyModifiers::NONE), &s), Some(Action::Escape));
        s.view.focus = Focus::Thread;
        assert_eq!(map.map(&key(KeyCode::Esc, KeyModifiers::NONE), &s), Some(Action::Back));
        assert_eq!(map.map(&key(KeyCode::Char('h'), KeyModifiers::NONE), &s), Some(Action::Back));
        s.view.overlay = Some(Overlay::Search);
        assert_eq!(map.map(&key(KeyCode::Char('q'), KeyModifiers::NONE), &s), Some(Action::Text(TextKey::Char('q'))));
        assert_eq!(map.map(&key(KeyCode::Char('c'), KeyModifiers::CONTROL), &s), Some(Action::Quit));
        assert_eq!(map.map(&Event::Resize(100, 30), &s), Some(Action::Resize(100, 30)));
    }

    #[test]
    fn listing_covers_every_default() {
        let listing = Keymap::default().listing();
        let quit = listing.iter().find(|(_, c, _)| c == "quit").unwrap();
        assert!(quit.2.contains(&"q".to_string()) && quit.2.contains(&"ctrl-c".to_string()));
    }
}
