//! The thread pane: the ticket's header and its messages, oldest first. The wrapped lines
//! are cached per ticket, content and width, and only the visible ones are drawn, so a
//! 10,000-message thread scrolls as fast as a short one.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::format::{fit, local_time};
use super::markup::{self, Markup};
use super::theme::{Theme, status_glyph};
use super::wrap::wrap;
use crate::desk::{AuthorKind, Delivery, Message, Ticket, TicketId};
use crate::state::{AppState, Focus, Loadable};

/// Wrapped lines of one thread, reused until the thread, the width or the names change.
#[derive(Default)]
pub struct ThreadCache {
    key: Option<(TicketId, usize, String, u16, usize)>,
    lines: Vec<Line<'static>>,
}

/// Draw the thread; returns (visible rows, largest scroll offset).
pub fn draw(frame: &mut Frame, area: Rect, state: &AppState, theme: &Theme, cache: &mut ThreadCache) -> (usize, usize) {
    let focused = state.view.focus == Focus::Thread;
    let block =
        Block::default().borders(Borders::ALL).border_style(if focused { theme.border_focused } else { theme.border });
    let Some(ticket) = state.inbox.selected_ticket() else {
        frame.render_widget(block.title(" Thread "), area);
        return (0, 0);
    };
    let title = format!(" #{} {} ", ticket.number, ticket.title);
    let block = block.title(Span::styled(fit(&title, area.width.saturating_sub(4) as usize), theme.title));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let inner = pinned(frame, inner, state, ticket, theme);
    let width = inner.width.saturating_sub(1).max(1);
    let mut lines = header(state, ticket, theme, width as usize);
    let view = state.threads.held.get(&ticket.id);
    match view.map(|v| &v.messages) {
        None | Some(Loadable::Loading(_)) => lines.push(Line::from(Span::styled("loading the thread…", theme.dim))),
        Some(Loadable::Failed(e)) => lines.push(Line::from(Span::styled(e.clone(), theme.error))),
        Some(Loadable::Ready(messages)) => {
            let key = (
                ticket.id.clone(),
                messages.len(),
                messages.last().map_or(String::new(), |m| format!("{}{:?}", m.id, m.delivery)),
                width,
                state.directory.agents.len(),
            );
            if cache.key.as_ref() != Some(&key) {
                cache.lines = messages_lines(state, messages, theme, width as usize);
                cache.key = Some(key);
            }
            if messages.is_empty() {
                lines.push(Line::from(Span::styled("no messages", theme.dim)));
            }
        }
    }
    let body: &[Line<'static>] = if view.is_some_and(|v| v.messages.ready().is_some()) { &cache.lines } else { &[] };
    // Ours on their way, after the thread: sending or failed, and what waits in the outbox.
    let tail = messages_lines(state, &on_their_way(state, ticket), theme, width as usize);
    let total = lines.len() + body.len() + tail.len();
    let rows = inner.height as usize;
    let max_scroll = total.saturating_sub(rows);
    let scroll = view.map_or(0, |v| if v.follow { max_scroll } else { v.scroll }).min(max_scroll);
    let visible: Vec<Line> = lines.iter().chain(body).chain(&tail).skip(scroll).take(rows).cloned().collect();
    frame.render_widget(Paragraph::new(visible), inner);
    (rows, max_scroll)
}

/// Our messages not (yet) in the thread: those being sent, and the outbox's replies.
fn on_their_way(state: &AppState, ticket: &Ticket) -> Vec<Message> {
    let mut out: Vec<Message> = state.threads.held.get(&ticket.id).map(|v| v.local.clone()).unwrap_or_default();
    out.extend(state.outbox.replies(&ticket.id).map(|(q, text, private_note)| {
        let held = match &q.state {
            crate::desk::outbox::QueuedState::Held(why) => Some(why.clone()),
            _ => None,
        };
        Message {
            id: format!("queued-{}", q.seq),
            author: "you".into(),
            author_kind: AuthorKind::Agent,
            at: Some(q.queued_at),
            body: crate::support::sanitize::text(text).into_owned(),
            private_note,
            delivery: Delivery::Queued(held),
            author_id: None,
            files: vec![],
        }
    }));
    out
}

/// The ticket's fields, files and approvals stay in view at the top (at most a third of
/// the pane) while the messages scroll under them; answers the rest of the pane.
fn pinned(frame: &mut Frame, inner: Rect, state: &AppState, ticket: &Ticket, theme: &Theme) -> Rect {
    let width = inner.width.saturating_sub(1).max(1) as usize;
    let mut lines = super::blocks::work_lines(state, ticket, theme, width);
    if lines.is_empty() || inner.height < 6 {
        return inner;
    }
    let room = (inner.height / 3).max(2) as usize;
    if lines.len() > room {
        let more = lines.len() - room + 1;
        lines.truncate(room - 1);
        lines.push(Line::from(Span::styled(format!("… {more} more (:files, :approvals)"), theme.dim)));
    }
    let height = lines.len() as u16 + 1;
    let [top, rest] = inner.layout(&ratatui::layout::Layout::vertical([
        ratatui::layout::Constraint::Length(height),
        ratatui::layout::Constraint::Fill(1),
    ]));
    lines.push(Line::from(Span::styled("┄".repeat(width), theme.border)));
    frame.render_widget(Paragraph::new(lines), top);
    rest
}

fn header(state: &AppState, t: &Ticket, theme: &Theme, width: usize) -> Vec<Line<'static>> {
    let mut meta = vec![
        Span::styled(format!("{} {}", status_glyph(t.status), t.status.label()), theme.status(t.status)),
        Span::styled(" · ", theme.dim),
    ];
    if let Some(p) = t.priority {
        meta.push(Span::styled(p.label().to_string(), theme.priority(p)));
        meta.push(Span::styled(" · ", theme.dim));
    }
    meta.push(Span::styled(t.customer_name.to_string(), theme.text));
    let assignee = t
        .assignee_id
        .as_deref()
        .and_then(|id| state.directory.by_id(id))
        .map_or("unassigned".to_string(), |a| a.name.clone());
    meta.push(Span::styled(format!(" · {assignee}"), theme.dim));
    match crate::desk::sla::clock(t, state.session.now) {
        Some(crate::desk::sla::Clock::Snoozed(wake)) => {
            let local = wake.to_zoned(state.settings.tz.clone()).strftime("%a %b %-d %H:%M").to_string();
            meta.push(Span::styled(format!(" · snoozed until {local}"), theme.note));
        }
        Some(crate::desk::sla::Clock::Woke) => meta.push(Span::styled(" · woke", theme.info)),
        Some(crate::desk::sla::Clock::Due { left, urgency }) => {
            let due = if left.is_negative() { "reply overdue" } else { "reply due in" };
            meta.push(Span::styled(format!(" · {due} {}", crate::desk::sla::short(left.abs())), theme.clock(urgency)));
        }
        None => {}
    }
    let mut lines = wrap(&Line::from(meta), width);
    if !t.tags.is_empty() {
        let tags: Vec<Span> = t
            .tags
            .iter()
            .flat_map(|tag| [Span::styled(format!("[{}]", tag.name), theme.tag), Span::raw(" ")])
            .collect();
        lines.extend(wrap(&Line::from(tags), width));
    }
    if !t.summary.is_empty() {
        lines.extend(wrap(&Line::from(Span::styled(&*t.summary, theme.quote)), width));
    }
    lines.push(Line::from(Span::styled("─".repeat(width), theme.border)));
    lines
}

fn messages_lines(state: &AppState, messages: &[Message], theme: &Theme, width: usize) -> Vec<Line<'static>> {
    let names = |slack_id: &str| state.directory.by_slack_id(slack_id).map(|a| a.name.clone());
    let ctx = Markup { theme, user_name: &names };
    let mut out = Vec::new();
    for m in messages {
        let kind = match m.author_kind {
            AuthorKind::Customer => "customer",
            AuthorKind::Agent => "agent",
            AuthorKind::Bot => "bot",
        };
        let mut head = vec![
            Span::styled(m.author.clone(), theme.author(m.author_kind)),
            Span::styled(
                format!(
                    " · {kind} · {}",
                    local_time(m.at, state.session.now, &state.settings.tz, state.settings.date_format.as_deref())
                ),
                theme.dim,
            ),
        ];
        if m.private_note {
            head.push(Span::styled("  private note", theme.note));
        }
        match &m.delivery {
            Delivery::Delivered => {}
            Delivery::Sending => head.push(Span::styled("  sending…", theme.dim)),
            Delivery::Unconfirmed => {
                head.push(Span::styled("  unconfirmed — checking whether it arrived…", theme.note))
            }
            Delivery::Failed(e) => head.push(Span::styled(format!("  failed: {e}"), theme.error)),
            Delivery::Queued(None) => head.push(Span::styled("  queued — sent when the server is back", theme.note)),
            Delivery::Queued(Some(why)) => {
                head.push(Span::styled(format!("  held in the outbox: {why} (:outbox)"), theme.error))
            }
        }
        out.extend(wrap(&Line::from(head), width));
        let (gutter, base) = if m.private_note { ("┃ ", theme.note) } else { ("  ", Style::new()) };
        let body = if m.body.trim().is_empty() { "(no text)" } else { m.body.as_str() };
        for line in markup::render(body, base, &ctx) {
            for wrapped in wrap(&line, width.saturating_sub(2)) {
                let mut spans = vec![Span::styled(gutter, if m.private_note { theme.note } else { theme.dim })];
                spans.extend(wrapped.spans);
                out.push(Line::from(spans));
            }
        }
        if !m.files.is_empty() {
            let files = format!("  attached: {}", m.files.join(", "));
            for wrapped in wrap(&Line::from(Span::styled(files, theme.dim)), width) {
                out.push(wrapped);
            }
        }
        out.push(Line::default());
    }
    out
}
