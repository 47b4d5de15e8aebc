//! The composer under the thread: a reply, or a private note in the note colour so the two
//! are never mistaken for each other.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders};

use super::theme::Theme;
use crate::app::state::{AppState, Focus};
use crate::drafts::DraftKind;

pub fn draw(frame: &mut Frame, area: Rect, state: &AppState, theme: &Theme) {
    let Some(composer) = &state.composer else { return };
    let focused = state.focus == Focus::Composer;
    let customer = state.inbox.ticket(&composer.key.ticket).map(|t| t.customer_name.clone()).unwrap_or_default();
    let (title, style) = match composer.key.kind {
        DraftKind::Reply => {
            (format!(" Reply to {customer} "), if focused { theme.border_focused } else { theme.border })
        }
        DraftKind::Note => (" Private note · not sent to the customer ".to_string(), theme.note),
    };
    let hints = if focused { " C-s send · Esc keep · C-e editor " } else { " r returns to the draft " };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(style)
        .title(Span::styled(title, style.patch(theme.title)))
        .title_bottom(Line::from(Span::styled(hints, theme.dim)).right_aligned());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    frame.render_widget(&composer.textarea, inner);
}
