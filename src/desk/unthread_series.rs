//! The desk's series questions in Unthread's reporting words, and its answers back.

use crate::api::unthread::reporting::FilterValue;
use crate::api::unthread::{self as wire, TimeSeriesRequest, TimeSeriesResponse};
use crate::support::sanitize;

use super::series::{Dimension, MISSING_KEY, Metric, Series, SeriesLine, SeriesQuery};

fn metric(m: Metric) -> wire::Metric {
    match m {
        Metric::TotalCount => wire::Metric::TotalCount,
        Metric::ResponseTimeMean => wire::Metric::ResponseTimeMean,
        Metric::ResponseTimeWorkingMean => wire::Metric::ResponseTimeWorkingMean,
        Metric::ResolutionTimeMean => wire::Metric::ResolutionTimeMean,
        Metric::ResolutionTimeWorkingMean => wire::Metric::ResolutionTimeWorkingMean,
        Metric::ConversationsResolved => wire::Metric::ConversationsResolved,
    }
}

fn dimension(d: Dimension) -> wire::Dimension {
    match d {
        Dimension::AssigneeId => wire::Dimension::AssigneeId,
        Dimension::CustomerId => wire::Dimension::CustomerId,
        Dimension::TagId => wire::Dimension::TagId,
        Dimension::SourceType => wire::Dimension::SourceType,
    }
}

/// The request for `q`, in the agent's time zone.
pub fn request(q: &SeriesQuery) -> TimeSeriesRequest {
    let mut req = TimeSeriesRequest::new(metric(q.metric), q.start, q.end, q.grain);
    req.timezone = jiff::tz::TimeZone::system().iana_name().map(str::to_string);
    req.dimensions = q.breakdown.map(dimension).into_iter().collect();
    req.filters = q.filters.iter().map(|(d, keys)| (dimension(*d), FilterValue::Any(keys.clone()))).collect();
    req
}

/// One line per breakdown key, named from the server's lookups (sanitized: names are
/// customer-controlled).
pub fn series(q: &SeriesQuery, answer: &TimeSeriesResponse) -> Series {
    let depth = usize::from(q.breakdown.is_some());
    let lines = answer
        .rows(depth)
        .into_iter()
        .map(|row| {
            let key = row.keys.first().cloned();
            let name = match (&key, q.breakdown) {
                (Some(k), Some(Dimension::AssigneeId)) if k == MISSING_KEY => "unassigned".to_string(),
                (Some(k), Some(Dimension::TagId)) if k == MISSING_KEY => "no tag".to_string(),
                (Some(k), Some(d)) => answer.lookup(dimension(d), k).map_or_else(|| k.clone(), str::to_string),
                _ => "all".to_string(),
            };
            SeriesLine { key, name: sanitize::line(&name).into_owned(), points: row.points }
        })
        .collect();
    Series { metric: q.metric, dates: answer.dates.clone(), lines }
}
