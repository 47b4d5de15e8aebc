//! The metrics screen's frame: the page strip on top, the hints at the bottom (each naming
//! the commands whose keys it shows, so a hint can never promise what its key does not do),
//! and the two pages computed from the inbox: reply-SLA attainment and the workload.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::chart;
use super::format::{age, fit, pad, thousands};
use super::theme::Theme;
use crate::desk::attainment::Tally;
use crate::state::AppState;
use crate::state::keymap::{Chord, Context, Keymap};
use crate::state::metrics_pages::MetricsPage;

/// What a key does on this page: the commands whose keys it shows (`down` and `up` read
/// `j/k`), and the words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hint {
    pub commands: &'static [&'static str],
    pub does: &'static str,
}

pub const fn hint(commands: &'static [&'static str], does: &'static str) -> Hint {
    Hint { commands, does }
}

/// The hints of the page in view.
pub fn hints(state: &AppState) -> Vec<Hint> {
    let m = &state.metrics;
    let mut out = match (m.page, m.breakdown.is_some()) {
        (MetricsPage::Reporting, true) => vec![
            hint(&["down", "up"], "row"),
            hint(&["select"], "inbox filtered to the row"),
            hint(&["breakdown"], "next breakdown"),
        ],
        (MetricsPage::Reporting, false) => vec![hint(&["down", "up"], "panel"), hint(&["breakdown"], "breakdown")],
        (MetricsPage::Sla, _) => vec![],
        (MetricsPage::Workload, _) => {
            vec![hint(&["down", "up"], "agent"), hint(&["select"], "inbox filtered to the agent")]
        }
    };
    if m.page != MetricsPage::Workload {
        out.extend([
            hint(&["by-day", "by-week", "by-month"], "grain"),
            hint(&["range"], "range"),
            hint(&["window-back", "window-forward"], "window"),
        ]);
        // Thena's export has no working-hours times: the key would change nothing there.
        if !m.thena {
            out.push(hint(&["working-hours"], "working hours"));
        }
    }
    out.push(hint(&["next-page"], "next page"));
    out
}

/// The key a hint shows for `command` here: its first default key while that is still
/// bound to it (`Enter` open, not `l`), else the shortest of its keys.
pub fn key_label(keymap: &Keymap, context: Context, command: &str) -> Option<String> {
    let keys = keymap.keys_for(context, command);
    let default = crate::command::lookup(command)
        .and_then(|spec| {
            spec.keys.iter().find(|(place, _)| place.expand().iter().any(|p| *p == context || *p == Context::Anywhere))
        })
        .and_then(|(_, key)| Chord::parse(key).ok())
        .filter(|chord| keys.contains(chord));
    default.or_else(|| keys.into_iter().min_by_key(|k| (k.label().chars().count(), k.label()))).map(|k| k.label())
}

/// "j/k row": the hint's keys here and its words; `None` when none of its commands has a key
/// here (a rebound key map never shows a hint whose key is gone).
pub fn hint_text(keymap: &Keymap, context: Context, h: &Hint) -> Option<String> {
    let keys: Vec<String> = h.commands.iter().filter_map(|c| key_label(keymap, context, c)).collect();
    (!keys.is_empty()).then(|| format!("{} {}", keys.join("/"), h.does))
}

pub fn strip(frame: &mut Frame, area: Rect, state: &AppState, theme: &Theme) {
    let mut spans = vec![Span::raw(" ")];
    for page in MetricsPage::available(state.settings.capabilities.clocks) {
        let style = if page == state.metrics.page { theme.selected } else { theme.dim };
        spans.push(Span::styled(format!(" {} ", page.name()), style));
        spans.push(Span::raw(" "));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

pub fn hints_line(frame: &mut Frame, area: Rect, state: &AppState, keymap: &Keymap, theme: &Theme) {
    let text: Vec<String> = hints(state).iter().filter_map(|h| hint_text(keymap, Context::Metrics, h)).collect();
    let line = fit(&format!(" {}", text.join(" · ")), area.width as usize);
    frame.render_widget(Paragraph::new(Line::styled(line, theme.dim)), area);
}

fn percent(t: &Tally) -> String {
    t.share().map_or("—".into(), |s| format!("{:.0}%", s * 100.0))
}

pub fn sla(frame: &mut Frame, area: Rect, state: &AppState, theme: &Theme) {
    let (m, r) = (&state.metrics, &state.metrics.local.sla);
    let [top, bottom] = area.layout(&Layout::vertical([Constraint::Percentage(55), Constraint::Fill(1)]));
    let variant = if m.working { " (working hours)" } else { "" };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border_focused)
        .title(Span::styled(format!(" First answered within the reply SLA{variant} "), theme.title));
    let inner = block.inner(top);
    frame.render_widget(block, top);
    let [numbers, note, bars, axis] = inner.layout(&Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ]));
    let o = &r.overall;
    let line = if o.met + o.missed == 0 {
        "no conversation in the window has a reply SLA and an answer yet".to_string()
    } else {
        format!(
            "{} in SLA · {} of {} in time · {} waiting, inside their SLA",
            percent(o),
            o.met,
            o.met + o.missed,
            o.pending
        )
    };
    frame.render_widget(Paragraph::new(Span::styled(line, theme.title)), numbers);
    let source = format!(
        "computed from the {} conversations in the inbox (reporting has no SLA metric), by day created",
        thousands(m.local.from as u64)
    );
    frame.render_widget(Paragraph::new(Span::styled(fit(&source, note.width as usize), theme.dim)), note);
    let values: Vec<Option<f64>> = r.buckets.iter().map(|t| t.share().map(|s| s * 100.0)).collect();
    chart::bars(frame, bars, &values, m.partial(), theme);
    chart::axis(frame, axis, &r.dates, m.window(state.today()).0, m.grain, theme);
    let [left, right] = bottom.layout(&Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)]));
    let by_agent: Vec<(String, Tally)> =
        r.by_assignee.iter().map(|(id, t)| (state.directory.assignee_name(id.as_deref()), *t)).collect();
    tally_table(frame, left, " By assignee, worst first ", &by_agent, theme);
    tally_table(frame, right, " By customer, worst first ", &r.by_customer, theme);
}

fn tally_table(frame: &mut Frame, area: Rect, title: &str, rows: &[(impl AsRef<str>, Tally)], theme: &Theme) {
    let block =
        Block::default().borders(Borders::ALL).border_style(theme.border).title(Span::styled(title, theme.title));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let name = (inner.width as usize).saturating_sub(16).max(4);
    let lines: Vec<Line> = rows
        .iter()
        .take(inner.height as usize)
        .map(|(who, t)| {
            Line::from(vec![
                Span::raw(pad(who.as_ref(), name)),
                Span::styled(format!(" {:>5}", percent(t)), theme.title),
                Span::styled(format!(" {:>4}/{:<4}", t.met, t.met + t.missed), theme.dim),
            ])
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

pub fn workload(frame: &mut Frame, area: Rect, state: &AppState, theme: &Theme) {
    let local = &state.metrics.local;
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border_focused)
        .title(Span::styled(" Workload · conversations not closed, by agent ", theme.title));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let name = (inner.width as usize).saturating_sub(52).clamp(8, 28);
    let header = format!(
        "{:<name$} {:>6} {:>12} {:>8} {:>10} {:>11}",
        "agent", "open", "in progress", "on hold", "breaching", "oldest open"
    );
    let mut lines = vec![Line::styled(fit(&header, inner.width as usize), theme.header)];
    let visible = (inner.height as usize).saturating_sub(1);
    let start = local.row.saturating_sub(visible.saturating_sub(1));
    for (i, load) in local.workload.iter().enumerate().skip(start).take(visible) {
        let who = state.directory.assignee_name(load.agent.as_deref());
        let text = format!(
            "{} {:>6} {:>12} {:>8} {:>10} {:>11}",
            pad(&who, name),
            load.open,
            load.in_progress,
            load.on_hold,
            load.breaching,
            age(state.session.now, load.oldest)
        );
        let line = Line::raw(fit(&text, inner.width as usize));
        lines.push(if i == local.row { line.style(theme.selected) } else { line });
    }
    if local.workload.is_empty() {
        lines.push(Line::styled("nothing open", theme.dim));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
