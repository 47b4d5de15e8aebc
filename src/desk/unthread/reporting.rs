//! The desk's series questions in Unthread's reporting words, and its answers back.

use crate::api::unthread::reporting::FilterValue;
use crate::api::unthread::{self as wire, TimeSeriesRequest, TimeSeriesResponse};
use crate::support::sanitize;

use crate::desk::series::{Dimension, MISSING_KEY, Metric, Series, SeriesLine, SeriesQuery};

/// Unthread's name for a metric; CSAT is Thena's alone.
fn metric(m: Metric) -> Option<wire::Metric> {
    Some(match m {
        Metric::TotalCount => wire::Metric::TotalCount,
        Metric::ResponseTimeMean => wire::Metric::ResponseTimeMean,
        Metric::ResponseTimeWorkingMean => wire::Metric::ResponseTimeWorkingMean,
        Metric::ResolutionTimeMean => wire::Metric::ResolutionTimeMean,
        Metric::ResolutionTimeWorkingMean => wire::Metric::ResolutionTimeWorkingMean,
        Metric::ConversationsResolved => wire::Metric::ConversationsResolved,
        Metric::CsatMean | Metric::CsatRatings => return None,
    })
}

fn dimension(d: Dimension) -> Option<wire::Dimension> {
    Some(match d {
        Dimension::AssigneeId => wire::Dimension::AssigneeId,
        Dimension::CustomerId => wire::Dimension::CustomerId,
        Dimension::TagId => wire::Dimension::TagId,
        Dimension::SourceType => wire::Dimension::SourceType,
        Dimension::Sentiment => return None,
    })
}

/// The request for `q`, in the agent's time zone; refused for what Unthread's reporting has
/// no word for (CSAT, sentiment: Thena's).
pub fn request(q: &SeriesQuery) -> Result<TimeSeriesRequest, crate::api::ApiError> {
    let detail = "Unthread's reporting has no CSAT or sentiment".to_string();
    wire_request(q).ok_or(crate::api::ApiError::Config { detail })
}

fn wire_request(q: &SeriesQuery) -> Option<TimeSeriesRequest> {
    let mut req = TimeSeriesRequest::new(metric(q.metric)?, q.start, q.end, q.grain);
    req.timezone = jiff::tz::TimeZone::system().iana_name().map(str::to_string);
    req.dimensions = q.breakdown.map(dimension).into_iter().collect::<Option<Vec<_>>>()?;
    let filters = q.filters.iter().map(|(d, keys)| Some((dimension(*d)?, FilterValue::Any(keys.clone()))));
    req.filters = filters.collect::<Option<_>>()?;
    Some(req)
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
                (Some(k), Some(d)) => {
                    dimension(d).and_then(|d| answer.lookup(d, k)).map_or_else(|| k.clone(), str::to_string)
                }
                _ => "all".to_string(),
            };
            SeriesLine { key, name: sanitize::line(&name).into_owned(), points: row.points }
        })
        .collect();
    Series { metric: q.metric, dates: answer.dates.clone(), lines }
}
