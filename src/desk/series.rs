//! Reporting series and the numbers derived from them.

use std::collections::BTreeMap;

pub use crate::support::calendar::Grain;

/// What a panel counts or averages (serialized under its reporting name for `stats --json`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Metric {
    TotalCount,
    ResponseTimeMean,
    ResponseTimeWorkingMean,
    ResolutionTimeMean,
    ResolutionTimeWorkingMean,
    ConversationsResolved,
    /// Thena's export: the mean CSAT score (1–5) of the requests rated, by when they closed.
    CsatMean,
    /// Thena's export: how many requests were rated.
    CsatRatings,
}

impl Metric {
    pub const ALL: [Metric; 6] = [
        Metric::TotalCount,
        Metric::ConversationsResolved,
        Metric::ResponseTimeMean,
        Metric::ResolutionTimeMean,
        Metric::ResponseTimeWorkingMean,
        Metric::ResolutionTimeWorkingMean,
    ];
    /// Means of durations (seconds).
    pub fn is_duration(self) -> bool {
        self.is_mean() && self != Metric::CsatMean
    }

    /// A mean per bucket (a gap where nothing was measured) rather than a count.
    pub fn is_mean(self) -> bool {
        !matches!(self, Metric::TotalCount | Metric::ConversationsResolved | Metric::CsatRatings)
    }
}

/// What a series can be split by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Dimension {
    AssigneeId,
    CustomerId,
    TagId,
    SourceType,
    /// Thena's sentiment of a request (positive, neutral, negative).
    Sentiment,
}

impl Dimension {
    pub const ALL: [Dimension; 4] =
        [Dimension::AssigneeId, Dimension::CustomerId, Dimension::TagId, Dimension::SourceType];
}

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
        if metric.is_mean() {
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
            overall: Some(if metric.is_mean() { total / present.len() as f64 } else { total }),
            min: present.iter().copied().reduce(f64::min),
            max: present.iter().copied().reduce(f64::max),
        }
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
}

/// One thing that happened, for a desk that computes its series itself.
#[derive(Debug, Clone, PartialEq)]
pub struct Observation {
    pub at: jiff::Timestamp,
    pub value: f64,
    /// The keys this observation has in each dimension (several tags, say).
    pub keys: BTreeMap<Dimension, Vec<String>>,
}

/// A series from observations, the way the reporting endpoint builds one: buckets in UTC,
/// sums for counts and means for times, filters as "any of", one line per breakdown key.
pub fn aggregate(
    query: &SeriesQuery,
    observations: impl Iterator<Item = Observation>,
    name: impl Fn(Dimension, &str) -> String,
) -> Series {
    let buckets = crate::support::calendar::buckets(query.grain, query.start, query.end);
    let index: BTreeMap<jiff::civil::Date, usize> = buckets.iter().enumerate().map(|(i, d)| (*d, i)).collect();
    let mut cells: BTreeMap<Option<String>, Vec<(f64, u32)>> = BTreeMap::new();
    for o in observations {
        let day = o.at.to_zoned(jiff::tz::TimeZone::UTC).date();
        if day < query.start || day > query.end {
            continue;
        }
        let keys_of = |d: &Dimension| o.keys.get(d).cloned().unwrap_or_else(|| vec![MISSING_KEY.to_string()]);
        if !query.filters.iter().all(|(d, allowed)| keys_of(d).iter().any(|k| allowed.contains(k))) {
            continue;
        }
        let Some(&slot) = index.get(&crate::support::calendar::bucket(query.grain, day)) else { continue };
        let lines: Vec<Option<String>> = match query.breakdown {
            Some(d) => keys_of(&d).into_iter().map(Some).collect(),
            None => vec![None],
        };
        for line in lines {
            let cell = &mut cells.entry(line).or_insert_with(|| vec![(0.0, 0); buckets.len()])[slot];
            cell.0 += o.value;
            cell.1 += 1;
        }
    }
    if query.breakdown.is_none() {
        cells.entry(None).or_insert_with(|| vec![(0.0, 0); buckets.len()]);
    }
    let mean = query.metric.is_mean();
    let lines = cells
        .into_iter()
        .map(|(key, values)| SeriesLine {
            name: match (&key, query.breakdown) {
                (Some(k), Some(d)) => name(d, k),
                _ => "all".into(),
            },
            key,
            points: values.iter().map(|(sum, n)| (*n > 0).then(|| if mean { sum / *n as f64 } else { *sum })).collect(),
        })
        .collect();
    Series { metric: query.metric, dates: buckets.iter().map(|d| d.to_string()).collect(), lines }
}

#[cfg(test)]
mod aggregate_tests {
    use super::*;

    #[test]
    fn counts_means_breakdowns_and_filters() {
        let at = |s: &str| s.parse::<jiff::Timestamp>().unwrap();
        let obs = |t: &str, v: f64, owner: &str| Observation {
            at: at(t),
            value: v,
            keys: BTreeMap::from([(Dimension::AssigneeId, vec![owner.to_string()])]),
        };
        let all = vec![
            obs("2024-01-01T10:00:00Z", 100.0, "a"),
            obs("2024-01-01T12:00:00Z", 300.0, "b"),
            obs("2024-01-03T09:00:00Z", 50.0, "a"),
        ];
        let q = SeriesQuery {
            metric: Metric::ResponseTimeMean,
            start: "2024-01-01".parse().unwrap(),
            end: "2024-01-03".parse().unwrap(),
            grain: Grain::Day,
            breakdown: None,
            filters: BTreeMap::new(),
        };
        let s = aggregate(&q, all.clone().into_iter(), |_, k| k.to_string());
        assert_eq!(s.lines[0].points, vec![Some(200.0), None, Some(50.0)]);
        let by_owner = SeriesQuery { breakdown: Some(Dimension::AssigneeId), metric: Metric::TotalCount, ..q.clone() };
        let s = aggregate(&by_owner, all.clone().into_iter(), |_, k| k.to_uppercase());
        // Counts sum the observations' values (1 each for a count of conversations).
        assert_eq!((s.lines[0].name.as_str(), s.lines[0].points.clone()), ("A", vec![Some(100.0), None, Some(50.0)]));
        let only_b = SeriesQuery { filters: BTreeMap::from([(Dimension::AssigneeId, vec!["b".to_string()])]), ..q };
        assert_eq!(aggregate(&only_b, all.into_iter(), |_, k| k.into()).lines[0].points, vec![Some(300.0), None, None]);
    }
}
