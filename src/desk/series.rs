//! Reporting series and the numbers derived from them.

use std::collections::BTreeMap;

pub use crate::api::unthread::{DateDimension as Grain, Dimension, Metric};

/// The key reporting uses for "no assignee" or "no tag" (our reading of the service; the
/// simulator answers the same).
pub const MISSING_KEY: &str = "null";

/// One time-series question: a metric over a window, by a grain, optionally split by a
/// dimension and narrowed by filters (each a set of keys: any of them matches).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SeriesQuery {
    pub metric: Metric,
    pub start: jiff::civil::Date,
    pub end: jiff::civil::Date,
    pub grain: Grain,
    pub breakdown: Option<Dimension>,
    pub filters: BTreeMap<Dimension, Vec<String>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SeriesLine {
    /// The dimension key (`None` for the whole series).
    pub key: Option<String>,
    pub name: String,
    /// One value per bucket of `Series::dates`; `None` is a gap (no data).
    pub points: Vec<Option<f64>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub metric: Metric,
    pub dates: Vec<String>,
    pub lines: Vec<SeriesLine>,
}

/// What a panel shows besides the bars.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Summary {
    pub latest: Option<f64>,
    /// The total for counts, the mean of the buckets with data for times.
    pub overall: Option<f64>,
    pub min: Option<f64>,
    pub max: Option<f64>,
}

impl SeriesLine {
    /// Points as the panel draws them: a count with no data is 0; a time with no data
    /// stays a gap (the reference omits empty buckets from `data`).
    pub fn values(&self, metric: Metric) -> Vec<Option<f64>> {
        if metric.is_duration() {
            self.points.clone()
        } else {
            self.points.iter().map(|p| Some(p.unwrap_or(0.0))).collect()
        }
    }

    pub fn summary(&self, metric: Metric) -> Summary {
        let values = self.values(metric);
        let present: Vec<f64> = values.iter().flatten().copied().collect();
        if present.is_empty() {
            return Summary::default();
        }
        let total: f64 = present.iter().sum();
        Summary {
            latest: values.last().copied().flatten(),
            overall: Some(if metric.is_duration() { total / present.len() as f64 } else { total }),
            min: present.iter().copied().reduce(f64::min),
            max: present.iter().copied().reduce(f64::max),
        }
    }
}

/// Relative change from `previous` to `current` (`0.12` is +12 %); `None` without a base.
pub fn change(current: Option<f64>, previous: Option<f64>) -> Option<f64> {
    match (current, previous) {
        (Some(c), Some(p)) if p != 0.0 => Some((c - p) / p),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(points: Vec<Option<f64>>) -> SeriesLine {
        SeriesLine { key: None, name: "all".into(), points }
    }

    #[test]
    fn counts_fill_gaps_with_zero_times_keep_them() {
        let l = line(vec![Some(4.0), None, Some(2.0)]);
        let counts = l.summary(Metric::TotalCount);
        assert_eq!(
            (counts.overall, counts.min, counts.max, counts.latest),
            (Some(6.0), Some(0.0), Some(4.0), Some(2.0))
        );
        let times = l.summary(Metric::ResponseTimeMean);
        assert_eq!((times.overall, times.min), (Some(3.0), Some(2.0)));
        assert_eq!(l.values(Metric::ResponseTimeMean)[1], None);
        let gap_at_end = line(vec![Some(1.0), None]).summary(Metric::ResolutionTimeMean);
        assert_eq!(gap_at_end.latest, None);
    }

    #[test]
    fn change_against_the_previous_period() {
        assert_eq!(change(Some(120.0), Some(100.0)), Some(0.2));
        assert_eq!(change(Some(80.0), Some(100.0)), Some(-0.2));
        assert_eq!(change(Some(5.0), Some(0.0)), None);
        assert_eq!(change(None, Some(3.0)), None);
    }
}
