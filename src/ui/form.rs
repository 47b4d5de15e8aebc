//! The small form (a ticket type's required fields, a new conversation): one line per
//! value, the current one with a cursor and its hint under it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::format::fit;
use super::popup::centered;
use super::theme::Theme;
use crate::state::form::Form;

pub fn draw(frame: &mut Frame, area: Rect, form: &Form, theme: &Theme) {
    let height = form.lines.len() as u16 + 4;
    let popup = centered(area, 72, height);
    frame.render_widget(Clear, popup);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border_focused)
        .title(Span::styled(format!(" {} ", form.title), theme.title))
        .title_bottom(Span::styled(
            " ↑↓ move · Tab completes · Enter next, sends on the last · Esc cancels ",
            theme.dim,
        ));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let width = inner.width as usize;
    let label_width = form.lines.iter().map(|l| l.label.chars().count()).max().unwrap_or(0) + 2;
    let mut lines = Vec::new();
    for (i, line) in form.lines.iter().enumerate() {
        let mark = if line.required { "*" } else { " " };
        let label = format!("{mark}{:<label_width$}", line.label);
        let room = width.saturating_sub(label_width + 2);
        let mut spans = vec![Span::styled(label, if i == form.at { theme.header } else { theme.dim })];
        spans.push(Span::raw(fit(&line.value, room)));
        if i == form.at {
            spans.push(Span::styled("█", theme.dim));
        }
        lines.push(Line::from(spans));
    }
    lines.push(Line::default());
    let hint = form.lines.get(form.at).map_or("", |l| l.hint.as_str());
    match &form.problem {
        Some(problem) => lines.push(Line::from(Span::styled(fit(problem, width), theme.error))),
        None => lines.push(Line::from(Span::styled(fit(hint, width), theme.dim))),
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
