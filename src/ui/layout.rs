//! Where each pane goes; shared by drawing and (later) mouse hit-testing.

use ratatui::layout::{Constraint, Layout, Rect};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Panes {
    pub header: Rect,
    pub inbox: Rect,
    pub thread: Rect,
    pub sidebar: Option<Rect>,
    pub status: Rect,
}

pub fn panes(area: Rect, sidebar: bool) -> Panes {
    let [header, body, status] =
        area.layout(&Layout::vertical([Constraint::Length(1), Constraint::Fill(1), Constraint::Length(1)]));
    let sidebar_width = if sidebar { (body.width / 4).clamp(24, 38) } else { 0 };
    let rest = body.width.saturating_sub(sidebar_width);
    // The inbox gets half; a narrow terminal keeps both panes usable.
    let inbox_width = (rest / 2).clamp(rest.min(36), 100);
    let [inbox, thread, side] = body.layout(&Layout::horizontal([
        Constraint::Length(inbox_width),
        Constraint::Fill(1),
        Constraint::Length(sidebar_width),
    ]));
    Panes { header, inbox, thread, sidebar: sidebar.then_some(side), status }
}
