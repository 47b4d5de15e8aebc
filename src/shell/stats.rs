//! `triage stats`: the metrics panels as plain text or JSON.

use jiff::ToSpan;
use serde_json::json;

use crate::api::ApiError;
use crate::desk::Desk;
use crate::desk::compare::Numbers;
use crate::desk::series::{Grain, Series, SeriesQuery};
use crate::shell::cli::{GrainArg, StatsArgs};
use crate::state::MetricsView;
use crate::ui::metrics::{label, mini_bars, value};

/// Fetch every panel (current and previous window) concurrently and render them.
pub async fn run<D: Desk>(desk: &D, args: &StatsArgs, today: jiff::civil::Date) -> Result<String, ApiError> {
    let grain = match args.grain {
        GrainArg::Day => Grain::Day,
        GrainArg::Week => Grain::Week,
        GrainArg::Month => Grain::Month,
    };
    let days = args.days.max(1);
    let view = MetricsView { range_days: days, grain, working: args.working, ..MetricsView::default() };
    let end = args.end.unwrap_or(today);
    let window = (end - (days - 1).days(), end);
    let previous = (window.0 - days.days(), window.0 - 1.day());
    let queries: Vec<(SeriesQuery, SeriesQuery)> = view
        .metrics()
        .iter()
        .map(|&m| {
            (view.query(m, window, None, &Default::default()), view.query(m, previous, None, &Default::default()))
        })
        .collect();
    let answers = futures::future::join_all(
        queries.iter().map(|(now, before)| async { (desk.series(now).await, desk.series(before).await) }),
    )
    .await;
    let mut panels = Vec::new();
    for ((query, _), (current, before)) in queries.iter().zip(answers) {
        panels.push((query.metric, current?, before?));
    }
    let partial = end == today;
    Ok(if args.json { as_json(&panels, window, partial, grain) } else { as_text(&panels, partial, grain) })
}

/// A panel's numbers by the console's rules (the bucket still filling, when the window ends
/// today, is left out of min, max and the change), and the change in words.
fn numbers(current: &Series, before: &Series, partial: bool, grain: Grain) -> Option<(Numbers, String)> {
    let metric = current.metric;
    let n = Numbers::of(metric, current.lines.first()?, before.lines.first(), partial);
    let text = n.change_text(metric, grain, |v| value(metric, Some(v)));
    Some((n, text))
}

type Panels = [(crate::desk::series::Metric, Series, Series)];

fn as_text(panels: &Panels, partial: bool, grain: Grain) -> String {
    let mut out = String::new();
    for (metric, current, before) in panels {
        let Some((n, text)) = numbers(current, before, partial, grain) else { continue };
        let kind = if metric.is_mean() { "mean" } else { "total" };
        let s = n.summary;
        out.push_str(&format!(
            "{:<36} {}  {kind} {}  latest {}  min {}  max {}  {}\n",
            label(*metric),
            mini_bars(&n.values, 60),
            value(*metric, s.overall),
            value(*metric, s.latest),
            value(*metric, s.min),
            value(*metric, s.max),
            text,
        ));
    }
    out
}

fn as_json(panels: &Panels, window: (jiff::civil::Date, jiff::civil::Date), partial: bool, grain: Grain) -> String {
    let metrics: Vec<serde_json::Value> = panels
        .iter()
        .filter_map(|(metric, current, before)| {
            let (n, text) = numbers(current, before, partial, grain)?;
            Some(json!({
                "metric": metric,
                "label": label(*metric),
                "unit": if metric.is_duration() { "seconds" } else if metric.is_mean() { "rating" } else { "conversations" },
                "dates": current.dates,
                "values": n.values,
                "partial": partial,
                "overall": n.summary.overall,
                "latest": n.summary.latest,
                "min": n.summary.min,
                "max": n.summary.max,
                "change": n.change.ratio(),
                "change_text": text,
            }))
        })
        .collect();
    let doc =
        json!({"start": window.0.to_string(), "end": window.1.to_string(), "grain": grain.name(), "metrics": metrics});
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}
