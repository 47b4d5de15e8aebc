//! Keys flow one way: terminal event → key map → `Action`. The map is a table of
//! (context, key chord) → command, so it can be listed by `?` and rebound by the user.

use std::collections::BTreeMap;

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

use super::action::{Action, MouseKind, TextKey};
use super::state::{AppState, Focus, Overlay, Screen};

mod chord;
mod command;
mod overrides;

pub use chord::Chord;
pub use command::Command;
pub use overrides::apply_keys;

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Context {
    Global,
    Inbox,
    Thread,
    Metrics,
    Composer,
}

impl Context {
    pub fn name(self) -> &'static str {
        match self {
            Context::Global => "anywhere",
            Context::Inbox => "inbox",
            Context::Thread => "thread",
            Context::Metrics => "metrics",
            Context::Composer => "composer",
        }
    }

    /// The context the keys are read in now.
    pub fn of(state: &AppState) -> Context {
        match (state.screen, state.focus) {
            (Screen::Metrics, _) => Context::Metrics,
            (_, Focus::Composer) => Context::Composer,
            (_, Focus::Thread) => Context::Thread,
            _ => Context::Inbox,
        }
    }

    pub fn parse(name: &str) -> Option<Context> {
        [Context::Global, Context::Inbox, Context::Thread, Context::Metrics, Context::Composer]
            .into_iter()
            .find(|c| c.name() == name || (name == "global" && *c == Context::Global))
    }
}

const DEFAULTS: &[(Context, &str, Command)] = &[
    (Context::Global, "j", Command::Down),
    (Context::Global, "down", Command::Down),
    (Context::Global, "k", Command::Up),
    (Context::Global, "up", Command::Up),
    (Context::Global, "g", Command::Top),
    (Context::Global, "home", Command::Top),
    (Context::Global, "G", Command::Bottom),
    (Context::Global, "end", Command::Bottom),
    (Context::Global, "pagedown", Command::PageDown),
    (Context::Global, "ctrl-d", Command::PageDown),
    (Context::Global, "pageup", Command::PageUp),
    (Context::Global, "ctrl-u", Command::PageUp),
    (Context::Global, "tab", Command::NextPane),
    (Context::Global, "shift-tab", Command::PrevPane),
    (Context::Global, "R", Command::Refresh),
    (Context::Global, "C", Command::Sidebar),
    (Context::Global, "1", Command::InboxScreen),
    (Context::Global, "2", Command::MetricsScreen),
    (Context::Global, "?", Command::Help),
    (Context::Global, "q", Command::Quit),
    (Context::Global, "ctrl-c", Command::Quit),
    (Context::Inbox, "enter", Command::Open),
    (Context::Inbox, "l", Command::Open),
    (Context::Inbox, "f", Command::Filter),
    (Context::Inbox, "D", Command::DateRange),
    (Context::Inbox, "esc", Command::ClearFilters),
    (Context::Inbox, "S", Command::Sort),
    (Context::Inbox, "space", Command::Mark),
    (Context::Inbox, "x", Command::Mark),
    (Context::Thread, "esc", Command::Back),
    (Context::Thread, "h", Command::Back),
    (Context::Metrics, "d", Command::GrainDay),
    (Context::Metrics, "w", Command::GrainWeek),
    (Context::Metrics, "m", Command::GrainMonth),
    (Context::Metrics, "[", Command::ShiftBack),
    (Context::Metrics, "]", Command::ShiftForward),
    (Context::Metrics, "b", Command::Breakdown),
    (Context::Metrics, "v", Command::Range),
    (Context::Metrics, "W", Command::WorkingHours),
    (Context::Metrics, "enter", Command::Open),
    (Context::Metrics, "esc", Command::InboxScreen),
    (Context::Composer, "ctrl-s", Command::Send),
    (Context::Composer, "alt-enter", Command::Send),
    (Context::Composer, "esc", Command::LeaveComposer),
    (Context::Composer, "ctrl-e", Command::Editor),
];

/// Commands that act on tickets: bound in both the inbox and the thread.
const TICKET_KEYS: &[(&str, Command)] = &[
    ("/", Command::Search),
    (":", Command::CommandLine),
    ("s", Command::SetStatus),
    ("a", Command::Assign),
    ("t", Command::ToggleTag),
    ("p", Command::SetPriority),
    ("u", Command::Undo),
    ("r", Command::Reply),
    ("n", Command::Note),
    ("o", Command::OpenLink),
    ("y", Command::CopyLink),
];

#[derive(Debug, Clone)]
pub struct Keymap {
    bindings: BTreeMap<(Context, Chord), Command>,
    /// Keys bound to a command line with its arguments (`"z" = "status closed"`).
    lines: BTreeMap<(Context, Chord), String>,
}

impl Default for Keymap {
    fn default() -> Self {
        let ticket_keys =
            TICKET_KEYS.iter().flat_map(|(key, cmd)| [(Context::Inbox, *key, *cmd), (Context::Thread, *key, *cmd)]);
        let bindings = DEFAULTS
            .iter()
            .copied()
            .chain(ticket_keys)
            .map(|(ctx, key, cmd)| ((ctx, Chord::parse(key).expect("default keys parse")), cmd))
            .collect();
        Keymap { bindings, lines: BTreeMap::new() }
    }
}

impl Keymap {
    pub fn bind(&mut self, context: Context, chord: Chord, command: Command) {
        self.lines.remove(&(context, chord));
        self.bindings.insert((context, chord), command);
    }

    /// Bind a key to a whole command line, run as if typed after `:`.
    pub fn bind_line(&mut self, context: Context, chord: Chord, line: String) {
        self.bindings.remove(&(context, chord));
        self.lines.insert((context, chord), line);
    }

    pub fn unbind(&mut self, context: Context, chord: Chord) {
        self.bindings.remove(&(context, chord));
        self.lines.remove(&(context, chord));
    }

    pub fn command(&self, context: Context, chord: Chord) -> Option<Command> {
        self.bindings.get(&(context, chord)).copied()
    }

    /// The action for a terminal event in the current state, if any.
    pub fn map(&self, event: &Event, state: &AppState) -> Option<Action> {
        let key = match event {
            Event::Resize(w, h) => return Some(Action::Resize(*w, *h)),
            Event::Paste(text) if state.focus == Focus::Composer => return Some(Action::Paste(text.clone())),
            Event::Mouse(m) if state.mouse && state.overlay.is_none() => {
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
        if state.focus == Focus::Composer && state.overlay.is_none() {
            // The composer's own few keys, then everything else is text.
            let own = Chord::from_key(key).and_then(|c| self.command(Context::Composer, c));
            return Some(own.map_or_else(|| Action::Compose(tui_textarea::Input::from(*key)), Command::action));
        }
        match &state.overlay {
            Some(Overlay::Help) => {
                matches!(key.code, KeyCode::Esc | KeyCode::Char('q') | KeyCode::Char('?')).then_some(Action::ToggleHelp)
            }
            Some(Overlay::Search | Overlay::Picker(_) | Overlay::Range(_) | Overlay::Command(_)) => {
                text_key(key).map(Action::Text)
            }
            None => {
                let chord = Chord::from_key(key)?;
                let context = Context::of(state);
                let line = self.lines.get(&(context, chord)).or_else(|| self.lines.get(&(Context::Global, chord)));
                if let Some(line) = line {
                    return Some(Action::RunLine(line.clone()));
                }
                self.bindings
                    .get(&(context, chord))
                    .or_else(|| self.bindings.get(&(Context::Global, chord)))
                    .map(|c| c.action())
            }
        }
    }

    /// Every binding, grouped by context then command (keys bound to a command line first,
    /// shown as `:line`), for the help overlay: (context, what it does, keys).
    pub fn listing(&self) -> Vec<(Context, String, Vec<String>)> {
        let mut grouped: BTreeMap<(Context, Option<Command>, &str), Vec<String>> = BTreeMap::new();
        for ((ctx, chord), cmd) in &self.bindings {
            grouped.entry((*ctx, Some(*cmd), "")).or_default().push(chord.label());
        }
        for ((ctx, chord), line) in &self.lines {
            grouped.entry((*ctx, None, line.as_str())).or_default().push(chord.label());
        }
        let what =
            |cmd: Option<Command>, line: &str| cmd.map_or_else(|| format!(":{line}"), |c| c.describe().to_string());
        grouped.into_iter().map(|((ctx, cmd, line), keys)| (ctx, what(cmd, line), keys)).collect()
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
    use crate::app::action::Move;
    use crate::desk::Capabilities;
    use crossterm::event::KeyEventKind;

    fn key(code: KeyCode, mods: KeyModifiers) -> Event {
        Event::Key(KeyEvent::new_with_kind(code, mods, KeyEventKind::Press))
    }

    fn state() -> AppState {
        AppState::new(
            "Unthread",
            "test",
            Capabilities { reply: true, mutate: true, reporting: true, partitions: false },
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
        assert_eq!(map.map(&key(KeyCode::Esc, KeyModifiers::NONE), &s), Some(Action::ClearFilters));
        s.focus = Focus::Thread;
        assert_eq!(map.map(&key(KeyCode::Esc, KeyModifiers::NONE), &s), Some(Action::Back));
        assert_eq!(map.map(&key(KeyCode::Char('h'), KeyModifiers::NONE), &s), Some(Action::Back));
        s.overlay = Some(Overlay::Search);
        assert_eq!(map.map(&key(KeyCode::Char('q'), KeyModifiers::NONE), &s), Some(Action::Text(TextKey::Char('q'))));
        assert_eq!(map.map(&key(KeyCode::Char('c'), KeyModifiers::CONTROL), &s), Some(Action::Quit));
        assert_eq!(map.map(&Event::Resize(100, 30), &s), Some(Action::Resize(100, 30)));
    }

    #[test]
    fn listing_covers_every_default() {
        let listing = Keymap::default().listing();
        let quit = listing.iter().find(|(_, c, _)| c == Command::Quit.describe()).unwrap();
        assert!(quit.2.contains(&"q".to_string()) && quit.2.contains(&"ctrl-c".to_string()));
    }
}
