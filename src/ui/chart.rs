//! One panel's chart: bars stretched across the width, the bucket still filling drawn dim
//! (it is not comparable yet), and a date axis under them labelling the first, the middle
//! and the last bucket.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Sparkline};

use super::theme::Theme;
use crate::support::calendar::Grain;

/// The bucket still filling, shaded rather than solid: distinct without colour too.
const FILLING: ratatui::symbols::bar::Set<'static> = ratatui::symbols::bar::Set {
    full: "▒",
    seven_eighths: "▒",
    three_quarters: "▒",
    five_eighths: "▒",
    half: "░",
    three_eighths: "░",
    one_quarter: "░",
    one_eighth: "░",
    empty: " ",
};

/// Bars for `values` (a `None` is a gap), the last one dim when `partial`.
pub fn bars(frame: &mut Frame, area: Rect, values: &[Option<f64>], partial: bool, theme: &Theme) {
    if values.is_empty() || area.width == 0 {
        return;
    }
    let per = (area.width as usize / values.len()).max(1);
    let max = values.iter().flatten().fold(0.0_f64, |a, b| a.max(*b)).round().max(1.0) as u64;
    let stretch = |vs: &[Option<f64>]| -> Vec<Option<u64>> {
        vs.iter().flat_map(|v| std::iter::repeat_n(v.map(|v| v.round() as u64), per)).collect()
    };
    let split = values.len() - usize::from(partial);
    let sparkline = |data, style| {
        Sparkline::default().data(data).max(max).style(style).absent_value_symbol("·").absent_value_style(theme.dim)
    };
    let done = Rect { width: ((split * per) as u16).min(area.width), ..area };
    frame.render_widget(sparkline(stretch(&values[..split]), theme.info), done);
    if partial {
        let x = area.x + done.width;
        let rest = Rect { x, width: (per as u16).min(area.right().saturating_sub(x)), ..area };
        frame.render_widget(sparkline(stretch(&values[split..]), theme.dim).bar_set(FILLING), rest);
    }
}

/// The axis line: each label starts under its bucket (the last one ends under it), and a
/// label that would run into the one before it is left out.
pub fn axis_line(dates: &[String], grain: Grain, width: usize) -> String {
    let n = dates.len();
    if n == 0 || width == 0 {
        return String::new();
    }
    let per = (width / n).max(1);
    let mut line = vec![' '; width];
    let mut free_from = 0;
    let mut picks = vec![0, n / 2, n - 1];
    picks.dedup();
    for (k, &i) in picks.iter().enumerate() {
        let label = bucket_label(&dates[i], grain);
        let len = label.chars().count();
        let last = k == picks.len() - 1 && k > 0;
        let start = if last { ((i + 1) * per).min(width).saturating_sub(len) } else { i * per };
        if start < free_from || start + len > width {
            continue;
        }
        for (j, c) in label.chars().enumerate() {
            line[start + j] = c;
        }
        free_from = start + len + 1;
    }
    line.into_iter().collect::<String>().trim_end().to_string()
}

/// `Nov 3` for a day or the week starting then, `Nov 2026` for a month.
pub fn bucket_label(date: &str, grain: Grain) -> String {
    let Ok(d) = date.parse::<jiff::civil::Date>() else { return date.to_string() };
    match grain {
        Grain::Month => d.strftime("%b %Y").to_string(),
        Grain::Day | Grain::Week => d.strftime("%b %-d").to_string(),
    }
}

/// The latest bucket, named: `today so far`, `this week so far`, or `Nov 23` once complete.
pub fn latest_label(dates: &[String], grain: Grain, partial: bool) -> String {
    match (partial, grain) {
        (true, Grain::Day) => "today so far".into(),
        (true, Grain::Week) => "this week so far".into(),
        (true, Grain::Month) => "this month so far".into(),
        (false, _) => dates.last().map_or_else(|| "latest".into(), |d| bucket_label(d, grain)),
    }
}

/// The axis under a window starting `start`: a first week or month the window clips is
/// labelled with the window's first day, not a day before it.
pub fn axis(frame: &mut Frame, area: Rect, dates: &[String], start: jiff::civil::Date, grain: Grain, theme: &Theme) {
    let mut dates = dates.to_vec();
    if let Some(first) = dates.first_mut()
        && first.parse::<jiff::civil::Date>().is_ok_and(|d| d < start)
    {
        *first = start.to_string();
    }
    let text = axis_line(&dates, grain, area.width as usize);
    frame.render_widget(Paragraph::new(Line::styled(text, theme.dim)), area);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_axis_labels_the_first_middle_and_last_bucket() {
        let dates: Vec<String> = (3..=9).map(|d| format!("2026-11-0{d}")).collect();
        let line = axis_line(&dates, Grain::Day, 70);
        assert!(line.starts_with("Nov 3"), "{line}");
        assert_eq!(line.find("Nov 6"), Some(30), "{line}");
        assert!(line.ends_with("Nov 9") && line.chars().count() == 70, "{line}");
        // Too narrow for three: the ones that fit.
        assert_eq!(axis_line(&dates, Grain::Day, 12), "Nov 3");
        assert_eq!(bucket_label("2026-11-01", Grain::Month), "Nov 2026");
        assert_eq!(latest_label(&dates, Grain::Week, true), "this week so far");
        assert_eq!(latest_label(&dates, Grain::Day, false), "Nov 9");
    }
}
