//! `triage stats`: the metrics panels as plain text or JSON.

use jiff::ToSpan;
use serde_json::json;

use crate::api::ApiError;
use crate::app::state::MetricsView;
use crate::cli::{GrainArg, StatsArgs};
use crate::desk::Desk;
use crate::desk::series::{Grain, Series, SeriesQuery, change};
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
    Ok(if args.json { as_json(&panels, window, args) } else { as_text(&panels, days) })
}

fn first_line(s: &Series) -> (Vec<Option<f64>>, crate::desk::series::Summary) {
    s.lines.first().map(|l| (l.values(s.metric), l.summary(s.metric))).unwrap_or_default()
}

fn as_text(panels: &[(crate::desk::series::Metric, Series, Series)], days: i64) -> String {
    let mut out = String::new();
    for (metric, current, before) in panels {
        let (values, summary) = first_line(current);
        let delta = change(summary.overall, first_line(before).1.overall);
        let kind = if metric.is_duration() { "mean" } else { "total" };
        let delta = delta.map_or(String::new(), |d| {
            format!("  {}{:.0}% vs previous {days} days", if d >= 0.0 { "+" } else { "-" }, d.abs() * 100.0)
        });
        out.push_str(&format!(
            "{:<36} {}  {kind} {}  latest {}  min {}  max {}{delta}\n",
            label(*metric),
            mini_bars(&values, 60),
            value(*metric, summary.overall),
            value(*metric, summary.latest),
            value(*metric, summary.min),
            value(*metric, summary.max),
        ));
    }
    out
}

fn as_json(
    panels: &[(crate::desk::series::Metric, Series, Series)],
    window: (jiff::civil::Date, jiff::civil::Date),
    args: &StatsArgs,
) -> String {
    let metrics: Vec<serde_json::Value> = panels
        .iter()
        .map(|(metric, current, before)| {
            let (values, summary) = first_line(current);
            json!({
                "metric": metric,
                "label": label(*metric),
                "unit": if metric.is_duration() { "seconds" } else { "conversations" },
                "dates": current.dates,
                "values": values,
                "overall": summary.overall,
                "latest": summary.latest,
                "min": summary.min,
                "max": summary.max,
                "change": change(summary.overall, first_line(before).1.overall),
            })
        })
        .collect();
    let grain = format!("{:?}", args.grain).to_lowercase();
    let doc = json!({"start": window.0.to_string(), "end": window.1.to_string(), "grain": grain, "metrics": metrics});
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}
