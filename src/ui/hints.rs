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

/// The pane that has the keys and shows hints: none for the composer (its own footer) or
/// the sidebar.
fn pane(state: &AppState) -> Option<Context> {
    match (state.view.screen, state.view.focus) {
        (Screen::Inbox, Focus::Inbox) => Some(Context::Inbox),
        (Screen::Inbox, Focus::Thread) => Some(Context::Thread),
        _ => None,
    }
}

/// The pane's hints; on a desk that cannot write, none that promises a write.
fn of(context: Context, writes: bool) -> Vec<Hint> {
    let all = if context == Context::Inbox { INBOX } else { THREAD };
    all.iter().filter(|h| writes || !h.commands.iter().any(|c| WRITES.contains(c))).cloned().collect()
}

/// The hint line for `width` columns.
pub fn line(keymap: &Keymap, context: Context, hints: &[Hint], width: usize) -> String {
    let parts: Vec<String> = hints.iter().filter_map(|h| hint_text(keymap, context, h)).collect();
    hint_that_fits(&parts, width)
}

/// The line last laid out, by what decides it (the pane, its width, a read-only desk): read
/// from the key map once, not every frame.
#[derive(Default)]
pub struct Cache(Option<((Context, usize, bool), String)>);

/// Draw the hints on `pane`'s bottom border, right-aligned inside its corners.
pub fn draw(frame: &mut Frame, pane: Rect, state: &AppState, keymap: &Keymap, theme: &Theme, cache: &mut Cache) {
    if pane.width < 24 || pane.height < 3 {
        return;
    }
    let Some(context) = self::pane(state) else { return };
    let key = (context, pane.width.saturating_sub(4) as usize, state.settings.capabilities.mutate);
    if cache.0.as_ref().is_none_or(|(k, _)| *k != key) {
        cache.0 = Some((key, line(keymap, context, &of(context, key.2), key.1)));
    }
    let text = cache.0.as_ref().map_or("", |(_, text)| text.as_str());
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
