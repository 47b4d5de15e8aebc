//! The inbox pane: one row per ticket. Only the visible rows are built, so 100,000
//! tickets cost what 50 do.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Row, Table};

use super::format::{age, fit};
use super::theme::{Theme, priority_glyph, status_glyph};
use crate::app::state::{AppState, Focus};
use crate::config::Column;
use crate::desk::{Ticket, TicketStatus};
use crate::drafts::{DraftKey, DraftKind};

/// Draw the inbox; returns the number of visible rows. `offset` is the first visible row,
/// kept across frames so the list scrolls only when the cursor leaves the window.
pub fn draw(frame: &mut Frame, area: Rect, state: &AppState, theme: &Theme, offset: &mut usize) -> usize {
    let focused = state.focus == Focus::Inbox;
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(if focused { theme.border_focused } else { theme.border })
        .title(Line::from(vec![
            Span::styled(" Inbox ", theme.title),
            Span::styled(format!("sorted by {} ", state.inbox.sort_label()), theme.dim),
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
    let visible: Vec<(usize, &Ticket)> =
        (*offset..(*offset + rows).min(inbox.len())).filter_map(|p| inbox.row(p).map(|t| (p, t))).collect();
    // Wide enough for the longest number on screen ("#100000"), never narrower than "#12345".
    let number = visible.iter().map(|(_, t)| 1 + t.number.max(1).ilog10() as u16 + 1).max().unwrap_or(0).max(6);
    let columns = Columns::for_width(inner.width, number, state.columns.as_deref());
    let title_width = inner.width.saturating_sub(columns.fixed_width()) as usize;
    let table_rows: Vec<Row> =
        visible.into_iter().map(|(p, t)| row(state, t, p == cursor, &columns, title_width, theme)).collect();
    let table = Table::new(table_rows, columns.constraints()).column_spacing(1).header(columns.header(theme));
    frame.render_widget(table, inner);
    rows
}

struct Columns {
    number: u16,
    clock: u16,
    customer: u16,
    assignee: u16,
    tags: u16,
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
    fn header(&self, theme: &Theme) -> Row<'static> {
        let mut cells = vec!["", "", "#", "pri"];
        if self.clock > 0 {
            cells.push("reply");
        }
        cells.push("title");
        for (width, name) in [(self.customer, "customer"), (self.assignee, "assignee"), (self.tags, "tags")] {
            if width > 0 {
                cells.push(name);
            }
        }
        cells.push("age");
        Row::new(cells.into_iter().map(|c| Cell::from(Span::styled(c, theme.header))))
    }
}

/// The reply clock's cell: time left (or overdue, negative), a snoozed ticket's wake time.
fn clock_cell(state: &AppState, t: &Ticket, theme: &Theme) -> Cell<'static> {
    use crate::desk::sla::{self, Clock};
    match sla::clock(t, state.now) {
        Some(Clock::Due { left, urgency }) => Cell::from(Span::styled(sla::short(left), theme.clock(urgency))),
        Some(Clock::Snoozed(wake)) => {
            let local = wake.to_zoned(state.tz.clone());
            let same_day = local.date() == state.now.to_zoned(state.tz.clone()).date();
            let when = if same_day { local.strftime("%H:%M").to_string() } else { local.strftime("%a").to_string() };
            Cell::from(Span::styled(format!("z {when}"), theme.dim))
        }
        Some(Clock::Woke) => Cell::from(Span::styled("woke", theme.info)),
        None => Cell::from(""),
    }
}

fn row<'a>(
    state: &AppState,
    t: &'a Ticket,
    selected: bool,
    columns: &Columns,
    title_width: usize,
    theme: &Theme,
) -> Row<'a> {
    let closed = t.status == TicketStatus::Closed;
    // Changed so it no longer matches the filter or the view: kept in place, dimmed, until
    // a refresh (with `after_action = "stay"`).
    let in_view = state.inbox.tabs.lens().is_none_or(|l| l.matches(t, state.now));
    let stale = !state.inbox.query.matches(t) || !in_view;
    let text = if closed || stale { theme.dim } else { theme.text };
    let marked = state.inbox.marked.contains(&t.id);
    let has_draft = [DraftKind::Reply, DraftKind::Note]
        .into_iter()
        .any(|kind| state.drafts.contains_key(&DraftKey { ticket: t.id.clone(), kind }));
    let mark = match (marked, has_draft) {
        (true, _) => "▌",
        (false, true) => "✎",
        (false, false) => " ",
    };
    let mut cells = vec![
        Cell::from(Span::styled(mark, if marked { theme.mark } else { theme.note })),
        Cell::from(Span::styled(status_glyph(t.status), theme.status(t.status))),
        Cell::from(Span::styled(format!("#{}", t.number), theme.dim)),
        Cell::from(Span::styled(priority_glyph(t.priority), t.priority.map_or(theme.dim, |p| theme.priority(p)))),
    ];
    if columns.clock > 0 {
        cells.push(clock_cell(state, t, theme));
    }
    cells.push(title_cell(state, t, title_width, text, theme));
    if columns.customer > 0 {
        cells.push(Cell::from(Span::styled(fit(&t.customer_name, columns.customer as usize), theme.dim)));
    }
    if columns.assignee > 0 {
        let name = t
            .assignee_id
            .as_deref()
            .and_then(|id| state.directory.by_id(id))
            .map_or("—".to_string(), |a| short_name(&a.name));
        cells.push(Cell::from(Span::styled(fit(&name, columns.assignee as usize), theme.dim)));
    }
    if columns.tags > 0 {
        let tags = t.tags.iter().map(|t| &*t.name).collect::<Vec<_>>().join(" ");
        cells.push(Cell::from(Span::styled(fit(&tags, columns.tags as usize), theme.tag)));
    }
    // The age the rows are sorted by: since created (created, due) or last updated.
    let since = match state.inbox.sort {
        crate::desk::views::Sort::Created | crate::desk::views::Sort::Due => t.created_at,
        _ => t.updated_at,
    };
    cells.push(Cell::from(Line::from(Span::styled(age(state.now, since), theme.dim)).right_aligned()));
    let row = Row::new(cells);
    let row = if stale { row.style(theme.dim) } else { row };
    if selected { row.style(theme.selected) } else { row }
}

/// The title, after what the outbox holds for the ticket ("queued", "held").
fn title_cell<'a>(
    state: &AppState,
    t: &'a Ticket,
    width: usize,
    text: ratatui::style::Style,
    theme: &Theme,
) -> Cell<'a> {
    let flag = match state.outbox.of(&t.id) {
        (_, held) if held > 0 => Some(("held ", theme.error)),
        (waiting, _) if waiting > 0 => Some(("queued ", theme.note)),
        _ => None,
    };
    match flag {
        None => Cell::from(Span::styled(fit(&t.title, width), text)),
        Some((flag, style)) => {
            let rest = fit(&t.title, width.saturating_sub(flag.len()));
            Cell::from(Line::from(vec![Span::styled(flag, style), Span::styled(rest, text)]))
        }
    }
}

/// `Maria Garcia` → `Maria G.`
pub fn short_name(name: &str) -> String {
    let mut parts = name.split_whitespace();
    match (parts.next(), parts.next_back()) {
        (Some(first), Some(last)) => format!("{first} {}.", last.chars().next().unwrap_or(' ')),
        (Some(first), None) => first.to_string(),
        _ => String::new(),
    }
}
