//! Key hints on the focused pane's bottom border, built from the key map (as the metrics
//! screen's are): each hint names the commands whose keys it shows, so a rebound key shows
//! its new key and an unbound one drops its hint. Cut from the end to fit the width.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::Paragraph;

use super::format::hint_that_fits;
use super::metrics_pages::{Hint, hint, hint_text};
use super::theme::Theme;
use crate::state::keymap::{Context, Keymap};
use crate::state::{AppState, Focus, Screen};

const INBOX: &[Hint] = &[
    hint(&["select"], "open"),
    hint(&["reply"], "reply"),
    hint(&["status"], "status"),
    hint(&["assign"], "assign"),
    hint(&["mark"], "mark"),
    hint(&["search"], "filter"),
    hint(&["command-line"], "command"),
    hint(&["help"], "keys"),
];

const THREAD: &[Hint] = &[
    hint(&["reply"], "reply"),
    hint(&["note"], "note"),
    hint(&["status"], "status"),
    hint(&["back"], "back"),
    hint(&["down", "up"], "scroll"),
    hint(&["command-line"], "command"),
    hint(&["help"], "keys"),
];

/// What a read-only desk (Thena's export) cannot do: no hint promises it.
const WRITES: [&str; 4] = ["reply", "note", "status", "assign"];

/// The hints of the pane that has the keys, with its context; none for the composer (its
/// own footer) or the sidebar.
pub fn of(state: &AppState) -> Option<(Context, Vec<Hint>)> {
    let (context, all) = match (state.view.screen, state.view.focus) {
        (Screen::Inbox, Focus::Inbox) => (Context::Inbox, INBOX),
        (Screen::Inbox, Focus::Thread) => (Context::Thread, THREAD),
        _ => return None,
    };
    let writes = state.settings.capabilities.mutate;
    Some((context, all.iter().filter(|h| writes || !h.commands.iter().any(|c| WRITES.contains(c))).cloned().collect()))
}

/// The hint line for `width` columns.
pub fn line(keymap: &Keymap, context: Context, hints: &[Hint], width: usize) -> String {
    let parts: Vec<String> = hints.iter().filter_map(|h| hint_text(keymap, context, h)).collect();
    hint_that_fits(&parts, width)
}

/// Draw the hints on `pane`'s bottom border, right-aligned inside its corners.
pub fn draw(frame: &mut Frame, pane: Rect, state: &AppState, keymap: &Keymap, theme: &Theme) {
    let Some((context, hints)) = of(state) else { return };
    if pane.width < 24 || pane.height < 3 {
        return;
    }
    let room = pane.width.saturating_sub(4) as usize;
    let text = line(keymap, context, &hints, room);
    let width = text.chars().count() as u16;
    let at = Rect { x: pane.right().saturating_sub(2 + width), y: pane.bottom() - 1, width, height: 1 };
    frame.render_widget(Paragraph::new(Span::styled(text, theme.dim)), at);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hints_come_from_the_key_map_and_fit_the_width() {
        let keymap = Keymap::default();
        let full = line(&keymap, Context::Inbox, INBOX, 200);
        assert_eq!(full, " enter open · r reply · s status · a assign · space mark · / filter · : command · ? keys ");
        assert_eq!(line(&keymap, Context::Inbox, INBOX, 30), " enter open · r reply ");
        let mut rebound = Keymap::default();
        crate::state::keymap::apply_keys(
            &mut rebound,
            &[(
                "inbox".to_string(),
                [("R".to_string(), "reply".to_string()), ("r".to_string(), "none".to_string())].into(),
            )]
            .into(),
        )
        .unwrap();
        assert!(line(&rebound, Context::Inbox, INBOX, 200).contains("R reply"), "a rebound key shows its new key");
        assert_eq!(line(&keymap, Context::Thread, THREAD, 200).split(" · ").count(), THREAD.len());
    }
}
