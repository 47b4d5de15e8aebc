//! The customer sidebar: who they are, their SLA, their people and their other tickets.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::format::{age, fit};
use super::theme::{Theme, status_glyph};
use crate::desk::Customer;
use crate::state::{AppState, Focus, Loadable};

pub fn draw(frame: &mut Frame, area: Rect, state: &AppState, theme: &Theme) {
    let focused = state.view.focus == Focus::Sidebar;
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(if focused { theme.border_focused } else { theme.border })
        .title(Span::styled(" Customer ", theme.title));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = inner.width as usize;
    let Some(ticket) = state.inbox.selected_ticket() else { return };
    let mut lines: Vec<Line> = Vec::new();
    let id = ticket.customer_id.as_deref();
    let live = id.and_then(|id| state.customers.live.get(id));
    // The live record once it is here; the cached one while it loads or when it cannot.
    match (live, id.and_then(|id| state.customers.cached.get(id))) {
        (Some(Loadable::Ready(c)), _) | (Some(_), Some(c)) => lines.extend(customer_lines(c, state, theme)),
        (Some(Loadable::Failed(e)), None) => lines.push(Line::from(Span::styled(e.clone(), theme.error))),
        (Some(Loadable::Loading(_)), None) => lines.push(Line::from(Span::styled("loading…", theme.dim))),
        (None, _) => lines.push(Line::from(Span::styled(ticket.customer_name.to_string(), theme.title))),
    }
    if !ticket.followers.is_empty() {
        let name = |id: &String| state.directory.by_id(id).map_or_else(|| id.clone(), |a| a.name.clone());
        let names = ticket.followers.iter().map(name).collect::<Vec<_>>().join(", ");
        lines.push(Line::default());
        lines.push(Line::from(vec![Span::styled("followers: ", theme.dim), Span::raw(names)]));
    }
    for (type_id, agent) in &ticket.collaborators {
        let kind = state.work.catalog.collaborator_types.iter().find(|c| &c.id == type_id);
        let kind = kind.map_or_else(|| "collaborator".to_string(), |c| c.name.to_lowercase());
        let who = state.directory.by_id(agent).map_or_else(|| agent.clone(), |a| a.name.clone());
        lines.push(Line::from(vec![Span::styled(format!("{kind}: "), theme.dim), Span::raw(who)]));
    }
    lines.push(Line::default());
    lines.push(Line::from(Span::styled("Recent tickets", theme.header)));
    match ticket.customer_id.as_deref().and_then(|id| state.customers.tickets.get(id)) {
        Some(Loadable::Ready(tickets)) => {
            let focused = state.view.focus == crate::state::Focus::Sidebar;
            for (i, t) in tickets.iter().enumerate() {
                let mark = if t.id == ticket.id { "▸" } else { " " };
                let prefix = format!("{mark}{} #{} ", status_glyph(t.status), t.number);
                let rest = width.saturating_sub(prefix.chars().count() + 4);
                let line = Line::from(vec![
                    Span::styled(prefix, theme.status(t.status)),
                    Span::raw(fit(&t.title, rest)),
                    Span::styled(format!(" {}", age(state.session.now, t.updated_at)), theme.dim),
                ]);
                // The focused sidebar's cursor: Enter opens that ticket.
                lines.push(if focused && i == state.customers.cursor { line.style(theme.selected) } else { line });
            }
        }
        Some(Loadable::Failed(e)) => lines.push(Line::from(Span::styled(e.clone(), theme.error))),
        _ => lines.push(Line::from(Span::styled("loading…", theme.dim))),
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}

fn customer_lines<'a>(c: &'a Customer, state: &AppState, theme: &Theme) -> Vec<Line<'a>> {
    let mut lines = Vec::new();
    let field =
        |label: &str, value: String| Line::from(vec![Span::styled(format!("{label}: "), theme.dim), Span::raw(value)]);
    lines.push(Line::from(Span::styled(c.name.clone(), theme.title)));
    if let Some(channel) = &c.channel {
        lines.push(Line::from(Span::styled(format!("#{channel}"), theme.mention)));
    }
    let agent = |id: &Option<String>| id.as_deref().and_then(|id| state.directory.by_id(id)).map(|a| a.name.clone());
    if let Some(name) = agent(&c.primary_assignee_id) {
        lines.push(field("primary", name));
    }
    if let Some(name) = agent(&c.secondary_assignee_id) {
        lines.push(field("secondary", name));
    }
    let sla = c.reply_timeout_minutes.map_or("none".to_string(), |m| super::format::duration(m * 60.0));
    lines.push(field("reply SLA", sla));
    if !c.tags.is_empty() {
        lines.push(Line::from(vec![Span::styled("tags: ", theme.dim), Span::styled(c.tags.join(", "), theme.tag)]));
    }
    if let Some(since) = c.since {
        lines.push(field("customer since", since.to_zoned(state.settings.tz.clone()).strftime("%b %Y").to_string()));
    }
    if !c.domains.is_empty() {
        lines.push(field("domains", c.domains.join(", ")));
    }
    if let Some(st) = c.stats {
        lines.push(field("requests", format!("{} ({} open)", st.requests, st.open)));
        lines.push(field("mean CSAT", st.mean_csat.map_or("—".into(), |v| format!("{v:.1} / 5"))));
        let hours = st.mean_resolution_hours.map_or("—".into(), |h| super::format::duration(h * 3600.0));
        lines.push(field("mean resolution", hours));
    }
    lines
}
