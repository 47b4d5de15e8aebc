//! The legend (`?` twice): what every glyph and colour of the inbox means, drawn with the
//! very glyphs and styles the rows use.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::theme::{Theme, priority_glyph, status_glyph};
use crate::desk::sla::Urgency;
use crate::desk::{Priority, TicketStatus};

fn entries(theme: &Theme) -> Vec<(Span<'static>, &'static str)> {
    let status = |s: TicketStatus| Span::styled(status_glyph(s), theme.status(s));
    let priority = |p: Priority| Span::styled(priority_glyph(Some(p)).trim_end(), theme.priority(p));
    vec![
        (status(TicketStatus::Open), "open"),
        (status(TicketStatus::InProgress), "in progress"),
        (status(TicketStatus::OnHold), "on hold"),
        (status(TicketStatus::Closed), "closed"),
        (priority(Priority::Low), "low priority"),
        (priority(Priority::Medium), "medium"),
        (priority(Priority::High), "high"),
        (priority(Priority::Critical), "critical"),
        (Span::styled("3h05m", theme.clock(Urgency::Fine)), "reply due in (the customer's SLA)"),
        (Span::styled("12m", theme.clock(Urgency::Soon)), "due soon: ≤ 25 % or 15 min left"),
        (Span::styled("-40m", theme.clock(Urgency::Overdue)), "overdue"),
        (Span::styled("z Mon", theme.dim), "snoozed until"),
        (Span::styled("woke", theme.info), "snooze over"),
        (Span::styled("▌", theme.mark), "marked"),
        (Span::styled("✎", theme.note), "has a draft"),
        (Span::styled("≥12", theme.dim), "count while the inbox loads"),
        (Span::styled("+3", theme.info), "new in a view since seen"),
    ]
}

pub fn draw(frame: &mut Frame, area: Rect, theme: &Theme) {
    let entries = entries(theme);
    let height = (entries.len() as u16 + 2).min(area.height);
    let [row] = area.layout(&Layout::vertical([Constraint::Length(height)]).flex(Flex::Center));
    let [popup] = row.layout(&Layout::horizontal([Constraint::Length(52.min(area.width))]).flex(Flex::Center));
    frame.render_widget(Clear, popup);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border_focused)
        .title(Span::styled(" Legend — Esc closes ", theme.title));
    let lines: Vec<Line> = entries
        .into_iter()
        .map(|(glyph, what)| {
            let pad = " ".repeat(8usize.saturating_sub(glyph.width()));
            Line::from(vec![Span::raw("  "), glyph, Span::raw(pad), Span::raw(what)])
        })
        .collect();
    frame.render_widget(Paragraph::new(lines).block(block), popup);
}
