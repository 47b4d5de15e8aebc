//! `:messages`: the last 50 notices, newest at the bottom, with the minute each was said.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::format::fit;
use super::theme::Theme;
use crate::state::{AppState, Notice};

pub fn draw(frame: &mut Frame, area: Rect, state: &AppState, theme: &Theme) {
    let said = &state.notices.history;
    let height = (said.len() as u16 + 2).clamp(3, area.height);
    let popup = super::popup::centered(area, area.width.min(100), height);
    frame.render_widget(Clear, popup);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border_focused)
        .title(Span::styled(" Messages — the last 50 · Esc closes ", theme.title));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let room = (inner.width as usize).saturating_sub(7);
    let tz = &state.settings.tz;
    let mut lines: Vec<Line> = said
        .iter()
        .map(|(at, notice)| {
            let time = at.to_zoned(tz.clone()).strftime("%H:%M").to_string();
            let (text, style) = match notice {
                Notice::Info(t) => (t, theme.info),
                Notice::Error(t) => (t, theme.error),
            };
            Line::from(vec![Span::styled(format!("{time}  "), theme.dim), Span::styled(fit(text, room), style)])
        })
        .collect();
    if lines.is_empty() {
        lines.push(Line::from(Span::styled("nothing said yet", theme.dim)));
    }
    // The newest at the bottom, always in view.
    let skip = lines.len().saturating_sub(inner.height as usize);
    frame.render_widget(Paragraph::new(lines.split_off(skip)), inner);
}
