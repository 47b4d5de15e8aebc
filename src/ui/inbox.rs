//! The inbox pane: one row per ticket. Only the visible rows are drawn, so 100,000
//! tickets cost what 50 do; and they are drawn straight into the buffer (`inbox_row`), so a
//! frame allocates nothing per cell.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders};

use super::inbox_row::{Cells, Painter};
use super::theme::Theme;
use crate::config::Column;
use crate::desk::Ticket;
use crate::state::{AppState, Focus};

/// Draw the inbox; returns the number of visible rows. `offset` is the first visible row,
/// kept across frames so the list scrolls only when the cursor leaves the window.
pub fn draw(frame: &mut Frame, area: Rect, state: &AppState, theme: &Theme, offset: &mut usize) -> usize {
    let focused = state.view.focus == Focus::Inbox;
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(if focused { theme.border_focused } else { theme.border })
        .title(Line::from(vec![
            Span::styled(" Inbox ", theme.title),
            Span::styled(format!("sorted by {} ", state.inbox.sort_label()), theme.dim),
            Span::styled(lanes_label(state), theme.note),
        ]));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    // The first line holds the column headers.
    let rows = inner.height.saturating_sub(1) as usize;
    let inbox = &state.inbox;
    if inbox.is_empty() {
        let text = if state.sync.loading() {
            "loading…"
        } else if !inbox.search.is_empty() || !inbox.query.is_empty() {
            "no tickets match the filters (Esc clears them)"
        } else {
            "the inbox is empty"
        };
        frame.render_widget(ratatui::widgets::Paragraph::new(Span::styled(text, theme.dim)), inner);
        return rows;
    }
    let cursor = inbox.cursor;
    if cursor < *offset {
        *offset = cursor;
    } else if rows > 0 && cursor >= *offset + rows {
        *offset = cursor + 1 - rows;
    }
    *offset = (*offset).min(inbox.len().saturating_sub(rows.max(1)));
    if inner.is_empty() {
        return rows;
    }
    let visible: Vec<(usize, &Ticket)> =
        (*offset..(*offset + rows).min(inbox.len())).filter_map(|p| inbox.row(p).map(|t| (p, t))).collect();
    // Wide enough for the longest number on screen ("#100000"), never narrower than "#12345".
    let number = visible.iter().map(|(_, t)| 1 + t.number.max(1).ilog10() as u16 + 1).max().unwrap_or(0).max(6);
    let columns = Columns::for_width(inner.width, number, state.settings.columns.as_deref());
    let title_width = inner.width.saturating_sub(columns.fixed_width()) as usize;
    // Laid out as a table with one column between cells, from the table's left edge.
    let rects =
        Layout::horizontal(columns.constraints()).flex(Flex::Start).spacing(1).split(Rect::new(0, 0, inner.width, 1));
    let buf = frame.buffer_mut();
    columns.header(&mut Cells::new(buf, &rects, inner.x, inner.y), theme);
    let today = state.session.now.to_zoned(state.settings.tz.clone()).date();
    let painter = Painter { state, theme, columns: &columns, title_width, rows: Rect { height: 1, ..inner }, today };
    let mut scratch = String::with_capacity(64);
    for (y, (p, t)) in (inner.y + 1..).zip(visible) {
        painter.row(buf, &rects, y, t, p == cursor, &mut scratch);
        // Breaching's lanes: a line under the last ticket still due, above the overdue.
        if state.inbox.overdue_from.is_some_and(|from| from > 0 && p + 1 == from) {
            let line = Rect { x: inner.x, y, width: inner.width, height: 1 };
            buf.set_style(line, ratatui::style::Style::new().add_modifier(ratatui::style::Modifier::UNDERLINED));
        }
    }
    rows
}

/// "· 3 due soon · 12 overdue" in Breaching; nothing elsewhere.
fn lanes_label(state: &AppState) -> String {
    let Some(from) = state.inbox.overdue_from else { return String::new() };
    format!("· {from} due soon · {} overdue ", state.inbox.len() - from)
}

/// The widths of the columns shown (0: not shown).
pub(super) struct Columns {
    number: u16,
    pub(super) clock: u16,
    pub(super) customer: u16,
    pub(super) assignee: u16,
    pub(super) tags: u16,
}

impl Columns {
    /// The optional columns chosen (all when `None`) that the width has room for.
    fn for_width(width: u16, number: u16, chosen: Option<&[Column]>) -> Columns {
        let wanted = |c: Column, min: u16, size: u16| {
            let on = chosen.is_none_or(|set| set.contains(&c));
            if on && width >= min { size } else { 0 }
        };
        Columns {
            number,
            clock: wanted(Column::Reply, 50, 7),
            customer: wanted(Column::Customer, 56, 14),
            assignee: wanted(Column::Assignee, 80, 10),
            tags: wanted(Column::Tags, 100, 16),
        }
    }

    /// Columns other than the title, with their spacing.
    fn fixed_width(&self) -> u16 {
        let optional: u16 =
            [self.clock, self.customer, self.assignee, self.tags].iter().filter(|w| **w > 0).map(|w| w + 1).sum();
        1 + 1 + 1 + 1 + self.number + 1 + 3 + 1 + optional + 1 + 3
    }

    fn constraints(&self) -> Vec<Constraint> {
        let mut c =
            vec![Constraint::Length(1), Constraint::Length(1), Constraint::Length(self.number), Constraint::Length(3)];
        if self.clock > 0 {
            c.push(Constraint::Length(self.clock));
        }
        c.push(Constraint::Fill(1));
        for w in [self.customer, self.assignee, self.tags] {
            if w > 0 {
                c.push(Constraint::Length(w));
            }
        }
        c.push(Constraint::Length(3));
        c
    }

    /// The headers over the columns shown.
    fn header(&self, cells: &mut Cells, theme: &Theme) {
        let mut names = vec!["", "", "#", "pri"];
        if self.clock > 0 {
            names.push("reply");
        }
        names.push("title");
        for (width, name) in [(self.customer, "customer"), (self.assignee, "assignee"), (self.tags, "tags")] {
            if width > 0 {
                names.push(name);
            }
        }
        names.push("age");
        for name in names {
            cells.left(&[Span::styled(name, theme.header)]);
        }
    }
}
