//! The metrics screen: a panel per metric (bars, latest, total or mean, min, max, change
//! against the previous period), or a breakdown ranked by the selected metric.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::chart;
use super::format::{duration, pad, thousands};
use super::metrics_pages as pages;
use super::theme::Theme;
use crate::desk::compare::Numbers;
use crate::desk::series::{Dimension, Metric, Series, SeriesLine};
use crate::state::keymap::Keymap;
use crate::state::metrics::reporting_filters;
use crate::state::metrics_pages::MetricsPage;
use crate::state::{AppState, Loadable, filters};

pub fn label(metric: Metric) -> &'static str {
    match metric {
        Metric::TotalCount => "Conversations created",
        Metric::ConversationsResolved => "Resolved",
        Metric::ResponseTimeMean => "Mean first response",
        Metric::ResponseTimeWorkingMean => "Mean first response (working hours)",
        Metric::ResolutionTimeMean => "Mean resolution",
        Metric::ResolutionTimeWorkingMean => "Mean resolution (working hours)",
        Metric::CsatMean => "CSAT (mean rating of 5)",
        Metric::CsatRatings => "CSAT ratings",
    }
}

/// Thena calls the assignee the owner and has urgency where Unthread has a source.
pub fn dimension_label(d: Dimension, desk: &str) -> &'static str {
    match (d, desk) {
        (Dimension::AssigneeId, "Thena") => "owner",
        (Dimension::AssigneeId, _) => "assignee",
        (Dimension::CustomerId, _) => "customer",
        (Dimension::TagId, _) => "tag",
        (Dimension::SourceType, "Thena") => "urgency",
        (Dimension::SourceType, _) => "source",
        (Dimension::Sentiment, _) => "sentiment",
    }
}

/// A value as people read it: counts with separators, times in units.
pub fn value(metric: Metric, v: Option<f64>) -> String {
    match v {
        None => "—".into(),
        Some(v) if metric.is_duration() => duration(v),
        Some(v) if metric == Metric::CsatMean => format!("{v:.1}"),
        Some(v) => thousands(v.round().max(0.0) as u64),
    }
}

/// `▁▃▇` bars in one line, `·` for a gap.
pub fn mini_bars(values: &[Option<f64>], width: usize) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let max = values.iter().flatten().copied().fold(0.0_f64, f64::max);
    let take = values.len().saturating_sub(width);
    values[take..]
        .iter()
        .map(|v| match v {
            None => '·',
            Some(v) if max <= 0.0 => BARS[0],
            Some(v) => BARS[((v / max) * 7.0).round().clamp(0.0, 7.0) as usize],
        })
        .collect()
}

pub fn header_text(state: &AppState) -> String {
    let m = &state.metrics;
    let (start, end) = m.window(state.today());
    let mut text = format!(
        "last {} days by {} · {} – {}",
        m.range_days,
        m.grain.name(),
        start.strftime("%b %-d"),
        end.strftime("%b %-d")
    );
    if m.shift > 0 {
        text.push_str(&format!(" ({} back)", m.shift));
    }
    let follows: Vec<String> = filters::summary(state)
        .into_iter()
        .filter(|p| !p.starts_with("status") && !p.starts_with("priority"))
        .collect();
    if !reporting_filters(&state.inbox.query).is_empty() {
        text.push_str(&format!(" · following the inbox filter: {}", follows.join(", ")));
    }
    text
}

fn series(state: &AppState, metric: Metric, previous: bool) -> Option<&Loadable<Series>> {
    let m = &state.metrics;
    let today = state.today();
    let window = if previous { m.previous_window(today) } else { m.window(today) };
    m.cache.get(&m.query(metric, window, None, &reporting_filters(&state.inbox.query)))
}

/// What a panel shows: its numbers, and the dates of its buckets.
struct Panel {
    numbers: Numbers,
    dates: Vec<String>,
}

fn panel(state: &AppState, metric: Metric) -> Option<Panel> {
    let current = series(state, metric, false)?.ready()?;
    let line = current.lines.first()?;
    let previous = series(state, metric, true).and_then(Loadable::ready).and_then(|s| s.lines.first());
    Some(Panel { numbers: Numbers::of(metric, line, previous, state.metrics.partial()), dates: current.dates.clone() })
}

/// On Thena: how many ratings the CSAT mean rests on, and the created requests' split by
/// sentiment.
fn thena_note(state: &AppState, metric: Metric) -> Option<String> {
    let m = &state.metrics;
    if !m.thena {
        return None;
    }
    let [ratings, sentiment] = m.thena_extras(state.today(), &reporting_filters(&state.inbox.query));
    let total = |l: &SeriesLine, metric| l.summary(metric).overall.unwrap_or(0.0);
    match metric {
        Metric::CsatMean => {
            let n = m.cache.get(&ratings)?.ready()?.lines.first().map_or(0.0, |l| total(l, Metric::CsatRatings));
            Some(format!(" ({} ratings)", thousands(n as u64)))
        }
        Metric::TotalCount => {
            let lines = &m.cache.get(&sentiment)?.ready()?.lines;
            let all: f64 = lines.iter().map(|l| total(l, metric)).sum();
            let share = |name: &str| {
                let n: f64 = lines.iter().filter(|l| l.name == name).map(|l| total(l, metric)).sum();
                format!("{:.0}% {name}", if all > 0.0 { n / all * 100.0 } else { 0.0 })
            };
            Some(format!(" · sentiment {}, {}, {}", share("positive"), share("neutral"), share("negative")))
        }
        _ => None,
    }
}

fn numbers_line(state: &AppState, metric: Metric, panel: &Panel, theme: &Theme) -> Line<'static> {
    let (grain, partial) = (state.metrics.grain, state.metrics.partial());
    let overall = if metric.is_mean() { "mean" } else { "total" };
    let delta = panel.numbers.change_text(metric, grain, |v| value(metric, Some(v)));
    let latest = chart::latest_label(&panel.dates, grain, partial);
    let s = &panel.numbers.summary;
    Line::from(vec![
        Span::styled(format!("{overall} "), theme.dim),
        Span::styled(value(metric, s.overall), theme.title),
        Span::styled(format!("  {latest} "), theme.dim),
        Span::raw(value(metric, s.latest)),
        Span::styled("  min ", theme.dim),
        Span::raw(value(metric, s.min)),
        Span::styled("  max ", theme.dim),
        Span::raw(value(metric, s.max)),
        Span::styled(format!("  {delta}"), theme.dim),
    ])
}

/// The page strip, the page in view, and its hints.
pub fn draw(frame: &mut Frame, area: Rect, state: &AppState, keymap: &Keymap, theme: &Theme) {
    let [strip, body, hints] =
        area.layout(&Layout::vertical([Constraint::Length(1), Constraint::Fill(1), Constraint::Length(1)]));
    pages::strip(frame, strip, state, theme);
    match state.metrics.page {
        MetricsPage::Reporting => reporting(frame, body, state, theme),
        MetricsPage::Sla => pages::sla(frame, body, state, theme),
        MetricsPage::Workload => pages::workload(frame, body, state, theme),
    }
    pages::hints_line(frame, hints, state, keymap, theme);
}

fn reporting(frame: &mut Frame, area: Rect, state: &AppState, theme: &Theme) {
    let m = &state.metrics;
    let metrics = m.metrics();
    if m.breakdown.is_some() {
        let [panels, list] = area.layout(&Layout::vertical([Constraint::Length(6), Constraint::Fill(1)]));
        let mut lines = Vec::new();
        for (i, metric) in metrics.iter().enumerate() {
            let marker = if i == m.panel { "▸ " } else { "  " };
            let mut spans =
                vec![Span::styled(marker, theme.header), Span::styled(format!("{:<36}", label(*metric)), theme.title)];
            if let Some(p) = panel(state, *metric) {
                spans.push(Span::styled(mini_bars(&p.numbers.values, 30), theme.info));
                spans.push(Span::raw(format!("  {}", value(*metric, p.numbers.summary.overall))));
            }
            lines.push(Line::from(spans));
        }
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.border)
            .title(" Metrics · ▸ is the one the breakdown ranks by ");
        frame.render_widget(Paragraph::new(lines).block(block), panels);
        draw_breakdown(frame, list, state, theme);
        return;
    }
    let rows = Layout::vertical([Constraint::Fill(1); 4]).split(area);
    for (i, (metric, rect)) in metrics.iter().zip(rows.iter()).enumerate() {
        let style = if i == m.panel { theme.border_focused } else { theme.border };
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(style)
            .title(Span::styled(format!(" {} ", label(*metric)), theme.title));
        let inner = block.inner(*rect);
        frame.render_widget(block, *rect);
        match series(state, *metric, false) {
            None | Some(Loadable::Loading(_)) => {
                frame.render_widget(Paragraph::new(Span::styled("loading…", theme.dim)), inner)
            }
            Some(Loadable::Failed(e)) => {
                frame.render_widget(Paragraph::new(Span::styled(e.clone(), theme.error)), inner)
            }
            Some(Loadable::Ready(_)) => {
                let Some(p) = panel(state, *metric) else { continue };
                let [numbers, bars, axis] = inner.layout(&Layout::vertical([
                    Constraint::Length(1),
                    Constraint::Fill(1),
                    Constraint::Length(u16::from(inner.height >= 3)),
                ]));
                let mut line = numbers_line(state, *metric, &p, theme);
                if let Some(note) = thena_note(state, *metric) {
                    line.spans.insert(2, Span::styled(note, theme.dim));
                }
                frame.render_widget(Paragraph::new(line), numbers);
                chart::bars(frame, bars, &p.numbers.values, m.partial(), theme);
                chart::axis(frame, axis, &p.dates, m.window(state.today()).0, m.grain, theme);
            }
        }
    }
}

fn draw_breakdown(frame: &mut Frame, area: Rect, state: &AppState, theme: &Theme) {
    let m = &state.metrics;
    let dimension = m.breakdown.expect("called with a breakdown");
    let metric = m.metrics()[m.panel];
    let title = format!(
        " By {} · {} · Enter opens the inbox filtered to it ",
        dimension_label(dimension, state.settings.desk_name),
        label(metric)
    );
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border_focused)
        .title(Span::styled(title, theme.title));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some((metric, rows)) = state.metrics.breakdown_rows(state.today(), &state.inbox.query) else {
        frame.render_widget(Paragraph::new(Span::styled("loading…", theme.dim)), inner);
        return;
    };
    let width = inner.width as usize;
    let name_width = 24.min(width / 3);
    let bars_width = width.saturating_sub(name_width + 14);
    let visible = inner.height as usize;
    let start = m.row.saturating_sub(visible.saturating_sub(1));
    let lines: Vec<Line> = rows
        .iter()
        .enumerate()
        .skip(start)
        .take(visible)
        .map(|(i, row): (usize, &SeriesLine)| {
            let summary = row.summary(metric);
            let line = Line::from(vec![
                Span::raw(format!("{} ", pad(&row.name, name_width))),
                Span::styled(format!("{:<w$}", mini_bars(&row.values(metric), bars_width), w = bars_width), theme.info),
                Span::styled(format!(" {:>10}", value(metric, summary.overall)), theme.title),
            ]);
            if i == m.row.min(rows.len().saturating_sub(1)) { line.style(theme.selected) } else { line }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_and_show_gaps() {
        assert_eq!(mini_bars(&[Some(0.0), Some(5.0), None, Some(10.0)], 10), "▁▅·█");
        assert_eq!(mini_bars(&[Some(1.0), Some(2.0), Some(3.0)], 2), "▆█");
    }

    #[test]
    fn values_in_human_units() {
        assert_eq!(value(Metric::ResponseTimeMean, Some(8040.0)), "2h 14m");
        assert_eq!(value(Metric::TotalCount, Some(2412.0)), "2,412");
        assert_eq!(value(Metric::TotalCount, None), "—");
    }
}
