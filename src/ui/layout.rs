//! Where each pane goes; shared by drawing and mouse hit-testing (through the layout the
//! renderer reports back).

use ratatui::layout::{Constraint, Layout, Rect};

use crate::state::panes::PaneMode;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Panes {
    pub header: Rect,
    /// The view tabs' row (zero high without views).
    pub tabs: Rect,
    /// Zero wide when not shown.
    pub inbox: Rect,
    pub thread: Rect,
    pub sidebar: Option<Rect>,
    pub status: Rect,
}

pub fn panes(area: Rect, mode: PaneMode, sidebar: bool, tabs: bool) -> Panes {
    let [header, tabs, body, status] = area.layout(&Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(u16::from(tabs)),
        Constraint::Fill(1),
        Constraint::Length(1),
    ]));
    let hidden = Rect { width: 0, ..body };
    let (inbox, thread, sidebar) = match mode {
        PaneMode::InboxOnly => (body, hidden, None),
        PaneMode::ThreadOnly => (hidden, body, None),
        PaneMode::Both => split(body, sidebar),
    };
    Panes { header, tabs, inbox, thread, sidebar, status }
}

/// Side by side: the inbox gets three fifths (a title of 40 characters and the assignee at
/// 160 columns), the thread the rest, the sidebar a quarter when shown.
fn split(body: Rect, sidebar: bool) -> (Rect, Rect, Option<Rect>) {
    let sidebar_width = if sidebar { (body.width / 4).clamp(24, 38) } else { 0 };
    let rest = body.width.saturating_sub(sidebar_width);
    let inbox_width = (rest * 3 / 5).clamp(rest.min(50), 110);
    let [inbox, thread, side] = body.layout(&Layout::horizontal([
        Constraint::Length(inbox_width),
        Constraint::Fill(1),
        Constraint::Length(sidebar_width),
    ]));
    (inbox, thread, sidebar.then_some(side))
}
