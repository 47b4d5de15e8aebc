//! Honest numbers for a panel: the bucket still filling (today's, this week's) is the latest
//! value but counts in neither the minimum, the maximum nor the change; the change compares
//! as many complete buckets of each window, and a small or empty previous window gives the
//! absolute change ("+31, was 2") or "new", never a four-digit percent.

use super::series::{Metric, SeriesLine, Summary};

/// Below this many conversations in the previous window, a percent says more than it knows.
pub const SMALL_BASE: f64 = 10.0;

/// How this window compares with the previous one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Compared {
    /// Relative change (`0.12` is +12 %).
    Percent(f64),
    /// The difference, and what the previous window had.
    Absolute { diff: f64, was: f64 },
    /// Nothing the previous window to compare with, something now.
    New,
    /// Nothing to say (no data in either).
    Nothing,
}

impl Compared {
    /// `▲ 12% vs the previous 29 days`, `+31, was 2`, `new (none before)`.
    pub fn describe(self, metric: Metric, before: &str, value: impl Fn(f64) -> String) -> String {
        match self {
            Compared::Percent(p) => {
                format!("{} {:.0}% vs {before}", if p >= 0.0 { "▲" } else { "▼" }, p.abs() * 100.0)
            }
            Compared::Absolute { diff, was } => {
                let sign = if diff >= 0.0 { "+" } else { "-" };
                format!("{sign}{}, was {} ({before})", value(diff.abs()), value(was))
            }
            Compared::New if metric.is_mean() => format!("none {before}"),
            Compared::New => format!("new: none {before}"),
            Compared::Nothing => "nothing to compare".into(),
        }
    }

    /// As a number for `--json`: the relative change, or `None` where a percent would lie.
    pub fn ratio(self) -> Option<f64> {
        match self {
            Compared::Percent(p) => Some(p),
            _ => None,
        }
    }
}

/// The rule, on two overall values (totals for counts, means for times).
pub fn compare(metric: Metric, current: Option<f64>, previous: Option<f64>) -> Compared {
    match (current, previous) {
        (None, None) => Compared::Nothing,
        (Some(c), None) if c > 0.0 => Compared::New,
        (_, None) | (None, _) => Compared::Nothing,
        (Some(c), Some(0.0)) if c > 0.0 => Compared::New,
        (Some(_), Some(0.0)) => Compared::Absolute { diff: 0.0, was: 0.0 },
        (Some(c), Some(p)) if !metric.is_mean() && p < SMALL_BASE => Compared::Absolute { diff: c - p, was: p },
        (Some(c), Some(p)) => Compared::Percent((c - p) / p),
    }
}

/// A panel's numbers: the overall value over the whole window (the bucket still filling
/// included: it is what happened so far), the latest value, and the minimum and maximum
/// over the complete buckets only.
pub fn summary(line: &SeriesLine, metric: Metric, partial: bool) -> Summary {
    let whole = line.summary(metric);
    if !partial {
        return whole;
    }
    let values = line.values(metric);
    let complete = SeriesLine { points: values[..values.len().saturating_sub(1)].to_vec(), ..line.clone() };
    let done = complete.summary(metric);
    Summary { min: done.min, max: done.max, ..whole }
}

/// The change between equal, complete stretches: this window's complete buckets against as
/// many of the previous window's latest ones.
pub fn change(metric: Metric, current: &SeriesLine, previous: Option<&SeriesLine>, partial: bool) -> Compared {
    let now = current.values(metric);
    let complete = now.len() - usize::from(partial && !now.is_empty());
    let Some(previous) = previous else { return Compared::Nothing };
    let before = previous.values(metric);
    let take = |values: &[Option<f64>]| SeriesLine { points: values.to_vec(), ..current.clone() };
    let ours = take(&now[..complete]).summary(metric).overall;
    let theirs = take(&before[before.len().saturating_sub(complete)..]).summary(metric).overall;
    compare(metric, ours, theirs)
}

/// A panel's numbers by these rules, the same on screen and in `triage stats`.
#[derive(Debug, Clone, PartialEq)]
pub struct Numbers {
    pub values: Vec<Option<f64>>,
    pub summary: Summary,
    pub change: Compared,
    /// How many complete buckets the change compares.
    pub complete: usize,
}

impl Numbers {
    pub fn of(metric: Metric, current: &SeriesLine, previous: Option<&SeriesLine>, partial: bool) -> Numbers {
        let values = current.values(metric);
        Numbers {
            complete: values.len() - usize::from(partial && !values.is_empty()),
            values,
            summary: summary(current, metric, partial),
            change: change(metric, current, previous, partial),
        }
    }

    /// `▲ 12% vs the previous 29 days`, `+31, was 2 (the previous 4 weeks)`.
    pub fn change_text(
        &self,
        metric: Metric,
        grain: crate::support::calendar::Grain,
        value: impl Fn(f64) -> String,
    ) -> String {
        let n = self.complete;
        let before = format!("the previous {n} {}{}", grain.name(), if n == 1 { "" } else { "s" });
        self.change.describe(metric, &before, value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(points: &[f64]) -> SeriesLine {
        SeriesLine { key: None, name: "all".into(), points: points.iter().map(|p| Some(*p)).collect() }
    }

    #[test]
    fn the_previous_windows_size_decides_how_the_change_reads() {
        let m = Metric::TotalCount;
        assert_eq!(compare(m, Some(33.0), Some(0.0)), Compared::New, "previous 0");
        assert_eq!(compare(m, Some(0.0), Some(0.0)), Compared::Absolute { diff: 0.0, was: 0.0 });
        assert_eq!(compare(m, Some(33.0), Some(2.0)), Compared::Absolute { diff: 31.0, was: 2.0 }, "previous 2");
        assert_eq!(compare(m, Some(120.0), Some(100.0)), Compared::Percent(0.2), "previous 100");
        assert_eq!(compare(m, None, None), Compared::Nothing);
        let text = compare(m, Some(33.0), Some(2.0)).describe(m, "the previous 7 days", |v| format!("{v}"));
        assert_eq!(text, "+31, was 2 (the previous 7 days)");
        let text = compare(m, Some(80.0), Some(100.0)).describe(m, "the previous 7 days", |v| format!("{v}"));
        assert_eq!(text, "▼ 20% vs the previous 7 days");
        // A time's base is seconds, not conversations: always a percent.
        assert_eq!(compare(Metric::ResponseTimeMean, Some(6.0), Some(3.0)), Compared::Percent(1.0));
    }

    #[test]
    fn the_bucket_still_filling_is_left_out_of_min_max_and_the_change() {
        let now = line(&[40.0, 50.0, 60.0, 3.0]);
        let s = summary(&now, Metric::TotalCount, true);
        assert_eq!((s.min, s.max, s.latest, s.overall), (Some(40.0), Some(60.0), Some(3.0), Some(153.0)));
        assert_eq!(summary(&now, Metric::TotalCount, false).min, Some(3.0));
        // 150 over three complete buckets against the previous window's latest three (100).
        let before = line(&[90.0, 30.0, 30.0, 40.0]);
        assert_eq!(change(Metric::TotalCount, &now, Some(&before), true), Compared::Percent(0.5));
    }
}
