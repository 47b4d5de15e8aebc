//! One inbox row, drawn cell by cell straight into the buffer, as a `Table` would draw it but
//! without building one: a row as `Row`s, `Cell`s, `Text`s and `Line`s, and its cells'
//! strings, was a few dozen small allocations, and in a heap holding 100,000 tickets they
//! doubled the frame (issue 18). A row's strings are written into one scratch buffer.

use std::fmt::Write;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::format::{fitted, write_age};
use super::inbox::Columns;
use super::theme::{Theme, priority_glyph, status_glyph};
use crate::desk::{Ticket, TicketStatus};
use crate::state::AppState;
use crate::store::drafts::DraftKind;

/// A row's cells, left to right, each in the next of the table's columns.
pub(super) struct Cells<'b> {
    buf: &'b mut Buffer,
    columns: std::slice::Iter<'b, Rect>,
    x: u16,
    y: u16,
}

impl<'b> Cells<'b> {
    /// The row at `y` of a table whose left edge is `x`, its `columns` laid out from 0.
    pub(super) fn new(buf: &'b mut Buffer, columns: &'b [Rect], x: u16, y: u16) -> Cells<'b> {
        Cells { buf, columns: columns.iter(), x, y }
    }

    fn area(&mut self) -> Option<Rect> {
        self.columns.next().map(|c| Rect::new(self.x + c.x, self.y, c.width, 1))
    }

    /// The next cell: `spans` one after another from its left edge, cut at its right.
    pub(super) fn left(&mut self, spans: &[Span]) {
        let Some(mut area) = self.area() else { return };
        for span in spans {
            if area.is_empty() {
                break;
            }
            span.render(area, self.buf);
            let width = u16::try_from(span.width()).unwrap_or(u16::MAX);
            area = Rect { x: area.x.saturating_add(width), width: area.width.saturating_sub(width), ..area };
        }
    }

    /// The next cell: `span` against its right edge.
    fn right(&mut self, span: Span) {
        let Some(area) = self.area() else { return };
        match u16::try_from(span.width()) {
            Ok(width) if width <= area.width => {
                span.render(Rect { x: area.x + area.width - width, width, ..area }, self.buf)
            }
            // Wider than its column (rare): its end shows, as a right-aligned line's does.
            _ => Line::from(span).right_aligned().render(area, self.buf),
        }
    }
}

/// What every row of one frame shares.
pub(super) struct Painter<'a> {
    pub(super) state: &'a AppState,
    pub(super) theme: &'a Theme,
    pub(super) columns: &'a Columns,
    pub(super) title_width: usize,
    /// The table's width, one row high.
    pub(super) rows: Rect,
    /// Today in the agent's zone: a snoozed ticket waking today shows its hour, else its day.
    pub(super) today: jiff::civil::Date,
}

impl Painter<'_> {
    /// Ticket `t`'s row at `y`.
    pub(super) fn row(
        &self,
        buf: &mut Buffer,
        columns: &[Rect],
        y: u16,
        t: &Ticket,
        selected: bool,
        scratch: &mut String,
    ) {
        let (state, theme) = (self.state, self.theme);
        // Changed so it no longer matches the filter or the view: kept in place, dimmed, until
        // a refresh (with `after_action = "stay"`).
        let in_view = state.inbox.tabs.lens().is_none_or(|l| l.matches(t, state.session.now));
        let stale = !state.inbox.query.matches(t) || !in_view;
        let unread = state.inbox.tabs.unread.contains(&t.id);
        let text = if t.status == TicketStatus::Closed || stale { theme.dim } else { theme.text };
        // The customer wrote since you last opened it: bold, and `•` in the mark column.
        let text = if unread { text.add_modifier(ratatui::style::Modifier::BOLD) } else { text };
        let row_style = if selected { Some(theme.selected) } else { stale.then_some(theme.dim) };
        if let Some(style) = row_style {
            buf.set_style(Rect { y, ..self.rows }, style);
        }
        let mut cells = Cells::new(buf, columns, self.rows.x, y);
        self.mark(&mut cells, t, unread);
        cells.left(&[Span::styled(status_glyph(t.status), theme.status(t.status))]);
        scratch.clear();
        let _ = write!(scratch, "#{}", t.number); // writing to a String cannot fail
        cells.left(&[Span::styled(scratch.as_str(), theme.dim)]);
        cells.left(&[Span::styled(priority_glyph(t.priority), t.priority.map_or(theme.dim, |p| theme.priority(p)))]);
        if self.columns.clock > 0 {
            scratch.clear();
            let style = self.clock(t, scratch);
            cells.left(&[Span::styled(scratch.as_str(), style)]);
        }
        self.title(&mut cells, t, text);
        self.names(&mut cells, t, scratch);
        // The age the rows are sorted by: since created (created, due) or last updated.
        let since = match state.inbox.sort {
            crate::desk::views::Sort::Created | crate::desk::views::Sort::Due => t.created_at,
            _ => t.updated_at,
        };
        scratch.clear();
        write_age(state.session.now, since, scratch);
        cells.right(Span::styled(scratch.as_str(), theme.dim));
    }

    /// Marked (`▌`), with a draft (`✎`), or unread (`•`).
    fn mark(&self, cells: &mut Cells, t: &Ticket, unread: bool) {
        let marked = self.state.inbox.marked.contains(&t.id);
        // A few drafts at most: looked through rather than looked up (a key is owned).
        let has_draft = || {
            let kinds = [DraftKind::Reply, DraftKind::Note];
            self.state.compose.drafts.text.keys().any(|key| key.ticket == t.id && kinds.contains(&key.kind))
        };
        let (mark, style) = match marked {
            true => ("▌", self.theme.mark),
            false if has_draft() => ("✎", self.theme.note),
            false if unread => ("•", self.theme.title),
            false => (" ", self.theme.note),
        };
        cells.left(&[Span::styled(mark, style)]);
    }

    /// The reply clock, written to `out`: time left (or overdue, negative), a snoozed
    /// ticket's wake time; its style.
    fn clock(&self, t: &Ticket, out: &mut String) -> Style {
        use crate::desk::sla::{self, Clock};
        let (state, theme) = (self.state, self.theme);
        match sla::clock(t, state.session.now) {
            Some(Clock::Due { left, urgency }) => {
                sla::write_short(left, out);
                theme.clock(urgency)
            }
            Some(Clock::Snoozed(wake)) => {
                let local = wake.to_zoned(state.settings.tz.clone());
                let same_day = local.date() == self.today;
                let _ = write!(out, "z {}", local.strftime(if same_day { "%H:%M" } else { "%a" }));
                theme.dim
            }
            Some(Clock::Woke) => {
                out.push_str("woke");
                theme.info
            }
            None => Style::default(),
        }
    }

    /// The title, after what the outbox holds for the ticket ("queued", "held").
    fn title(&self, cells: &mut Cells, t: &Ticket, text: Style) {
        let (theme, width) = (self.theme, self.title_width);
        let flag = match self.state.outbox.of(&t.id) {
            (_, held) if held > 0 => Some(("held ", theme.error)),
            (waiting, _) if waiting > 0 => Some(("queued ", theme.note)),
            _ => None,
        };
        match flag {
            None => cells.left(&[Span::styled(fitted(&t.title, width), text)]),
            Some((flag, style)) => {
                let rest = fitted(&t.title, width.saturating_sub(flag.len()));
                cells.left(&[Span::styled(flag, style), Span::styled(rest, text)]);
            }
        }
    }

    /// The customer, assignee and tags columns shown.
    fn names(&self, cells: &mut Cells, t: &Ticket, scratch: &mut String) {
        let (state, theme, columns) = (self.state, self.theme, self.columns);
        if columns.customer > 0 {
            cells.left(&[Span::styled(fitted(&t.customer_name, columns.customer as usize), theme.dim)]);
        }
        if columns.assignee > 0 {
            scratch.clear();
            match t.assignee_id.as_deref().and_then(|id| state.directory.by_id(id)) {
                Some(agent) => write_short_name(&agent.name, scratch),
                None => scratch.push('—'),
            }
            cells.left(&[Span::styled(fitted(scratch, columns.assignee as usize), theme.dim)]);
        }
        if columns.tags > 0 {
            scratch.clear();
            for (i, tag) in t.tags.iter().enumerate() {
                if i > 0 {
                    scratch.push(' ');
                }
                scratch.push_str(&tag.name);
            }
            cells.left(&[Span::styled(fitted(scratch, columns.tags as usize), theme.tag)]);
        }
    }
}

/// `Maria Garcia` → `Maria G.`, appended to `out`.
fn write_short_name(name: &str, out: &mut String) {
    let mut parts = name.split_whitespace();
    match (parts.next(), parts.next_back()) {
        (Some(first), Some(last)) => {
            let _ = write!(out, "{first} {}.", last.chars().next().unwrap_or(' '));
        }
        (Some(first), None) => out.push_str(first),
        _ => {}
    }
}
