//! The header line (where you are, what is filtered, how many) and the status bar
//! (backend and profile, sync progress, the last error in plain words).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::format::{fit, thousands};
use super::metrics;
use super::theme::Theme;
use crate::desk::series::Metric;
use crate::state::{AppState, Loadable, Notice, Overlay, filters};

pub fn header(frame: &mut Frame, area: Rect, state: &AppState, theme: &Theme) {
    let inbox = &state.inbox;
    let mut parts = filters::summary(state);
    if !inbox.search.is_empty() {
        parts.push(format!("“{}”", inbox.search));
    }
    if let Some(lens) = inbox.tabs.lens() {
        parts.insert(0, lens.view.name.clone());
    }
    let scope = if parts.is_empty() { "all".to_string() } else { parts.join(" · ") };
    let (shown, loaded) = (inbox.len() as u64, inbox.tickets.len() as u64);
    let count = state.sync.count(shown, loaded, state.sync.offline_backoff.is_some()).label(thousands);
    let left = vec![
        Span::styled(" triage ", theme.header),
        Span::styled("· Inbox · ", theme.dim),
        Span::raw(scope),
        Span::styled(" · ", theme.dim),
        Span::styled(count, theme.title),
    ];
    let mut left = left;
    if !inbox.marked.is_empty() {
        left.push(Span::styled(format!(" · {} marked", inbox.marked.len()), theme.mark));
    }
    let used: usize = left.iter().map(|s| s.width()).sum();
    // The quick glance only when it fits beside everything else.
    let glance = glance(state);
    let glance = if used + glance.chars().count() + 8 <= area.width as usize { glance } else { String::new() };
    let right = Span::styled(format!("{glance}? help "), theme.dim);
    let mut spans = left;
    let gap = (area.width as usize).saturating_sub(used + right.width());
    spans.push(Span::raw(" ".repeat(gap)));
    spans.push(right);
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// "today 12 new · 9 resolved ▁▂▅▇" from the last 14 days, when the desk has reporting.
fn glance(state: &AppState) -> String {
    let [created, resolved] = crate::state::metrics::glance_queries(state.today());
    let get = |q| state.metrics.cache.get(&q).and_then(Loadable::ready).and_then(|s| s.lines.first().cloned());
    let (Some(created), Some(resolved)) = (get(created), get(resolved)) else { return String::new() };
    let values = created.values(Metric::TotalCount);
    let today = |l: &crate::desk::series::SeriesLine| l.points.last().copied().flatten().unwrap_or(0.0) as u64;
    format!("today {} new · {} resolved {}  ", today(&created), today(&resolved), metrics::mini_bars(&values, 14))
}

pub fn metrics_header(frame: &mut Frame, area: Rect, state: &AppState, theme: &Theme) {
    let line = Line::from(vec![
        Span::styled(" triage ", theme.header),
        Span::styled("· Metrics · ", theme.dim),
        Span::raw(metrics::header_text(state)),
    ]);
    frame.render_widget(Paragraph::new(line), area);
}

/// The prompt being typed, when one is open: a sign, the text before and after the cursor,
/// and a hint.
fn prompt(state: &AppState) -> Option<(&'static str, String, String, String)> {
    let end = |text: &str| (text.to_string(), String::new());
    let ((before, after), sign, hint) = match &state.view.overlay {
        Some(Overlay::Range(text)) => {
            (end(text), "created: ", "2026-10-01..2026-11-20 · 2026-10-01.. · 30d · Enter applies · Esc cancels".into())
        }
        Some(Overlay::Search) => (end(&state.inbox.search), "/", "Enter keeps · Esc clears".to_string()),
        Some(Overlay::Command(line)) => {
            let hint = match line.completions.as_slice() {
                [] => "Tab completes · ↑↓ history · Enter runs · Esc cancels".to_string(),
                more => more.iter().take(6).cloned().collect::<Vec<_>>().join(" · "),
            };
            (line.split_at_cursor(), ":", hint)
        }
        _ => return None,
    };
    Some((sign, before, after, hint))
}

pub fn status(frame: &mut Frame, area: Rect, state: &AppState, theme: &Theme) {
    let width = area.width as usize;
    if let Some((sign, before, after, hint)) = prompt(state) {
        let line = Line::from(vec![
            Span::styled(sign, theme.header),
            Span::raw(before),
            Span::styled("█", theme.dim),
            Span::raw(after),
            Span::styled(format!("   {hint}"), theme.dim),
        ]);
        frame.render_widget(Paragraph::new(line), area);
        return;
    }
    let mut spans =
        vec![Span::styled(format!(" {} · {} ", state.settings.desk_name, state.settings.profile), theme.status_bar)];
    let sync = &state.sync;
    let offline = state.sync.offline_backoff.map(|wait| format!("offline · retry in {}s", wait.as_secs()));
    if state.sync.cached {
        let how = offline.map_or("cached · syncing".to_string(), |offline| format!("cached · {offline}"));
        spans.push(Span::styled(format!("· {how} "), theme.note));
    } else if let Some(offline) = offline {
        spans.push(Span::styled(format!("· {offline} "), theme.error));
    } else if !sync.complete() {
        // Until the ledger is whole the count says so, loading or not.
        let total = sync.total().map_or("…".to_string(), thousands);
        spans.push(Span::styled(
            format!("· loaded {} of {total} ", thousands(state.inbox.tickets.len() as u64)),
            theme.dim,
        ));
    } else if let Some((server, here)) = state.count_mismatch() {
        spans.push(Span::styled(
            format!("· {} on the server, {} here — R re-syncs ", thousands(server), thousands(here)),
            theme.note,
        ));
    }
    if !state.outbox.queued.is_empty() {
        let held = state.outbox.queued.iter().filter(|q| matches!(q.state, crate::desk::outbox::QueuedState::Held(_)));
        let held = match held.count() {
            0 => String::new(),
            n => format!(", {n} held"),
        };
        let style = if held.is_empty() { theme.note } else { theme.error };
        spans.push(Span::styled(format!("· outbox {}{held} ", state.outbox.queued.len()), style));
    }
    if let Some(why) = &state.outbox.cache_unwritable {
        spans.push(Span::styled(format!("· cache: {why}, working from memory "), theme.error));
    }
    if sync.unreadable() > 0 {
        let n = sync.unreadable();
        let what = if n == 1 { "record" } else { "records" };
        spans.push(Span::styled(format!("· {n} {what} with unreadable fields "), theme.note));
    }
    let used: usize = spans.iter().map(|s| s.width()).sum();
    match state.notices.shown() {
        Some(Notice::Error(e)) => {
            spans.push(Span::styled(fit(&format!("· {e}"), width.saturating_sub(used)), theme.error))
        }
        Some(Notice::Info(i)) => {
            spans.push(Span::styled(fit(&format!("· {i}"), width.saturating_sub(used)), theme.info))
        }
        None => {}
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
