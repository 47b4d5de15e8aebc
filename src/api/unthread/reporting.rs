//! `POST /reporting/time-series`: request, nested response, and flattening into rows.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::api::lenient::null_default;
use crate::support::calendar::Grain;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Metric {
    TotalCount,
    ResponseTimeMean,
    ResponseTimeWorkingMean,
    ResolutionTimeMean,
    ResolutionTimeWorkingMean,
    ConversationsResolved,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum DateDimension {
    Day,
    Week,
    Month,
}

/// The wire's grain and the calendar's are one-to-one; the calendar (support) knows no wire.
impl From<Grain> for DateDimension {
    fn from(grain: Grain) -> Self {
        match grain {
            Grain::Day => DateDimension::Day,
            Grain::Week => DateDimension::Week,
            Grain::Month => DateDimension::Month,
        }
    }
}

impl From<DateDimension> for Grain {
    fn from(wire: DateDimension) -> Self {
        match wire {
            DateDimension::Day => Grain::Day,
            DateDimension::Week => Grain::Week,
            DateDimension::Month => Grain::Month,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Dimension {
    AssigneeId,
    CustomerId,
    TagId,
    SourceType,
}

impl Dimension {
    pub fn as_wire(self) -> &'static str {
        match self {
            Dimension::AssigneeId => "assigneeId",
            Dimension::CustomerId => "customerId",
            Dimension::TagId => "tagId",
            Dimension::SourceType => "sourceType",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum FilterValue {
    One(String),
    Any(Vec<String>),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TimeSeriesRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    /// `YYYY-MM-DD`, inclusive.
    pub start_date: String,
    /// `YYYY-MM-DD`, inclusive.
    pub end_date: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_dimension: Option<DateDimension>,
    pub metric: Metric,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dimensions: Vec<Dimension>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub filters: BTreeMap<Dimension, FilterValue>,
}

impl TimeSeriesRequest {
    pub fn new(metric: Metric, start: jiff::civil::Date, end: jiff::civil::Date, grain: Grain) -> Self {
        TimeSeriesRequest {
            timezone: None,
            start_date: start.to_string(),
            end_date: end.to_string(),
            date_dimension: Some(grain.into()),
            metric,
            dimensions: Vec::new(),
            filters: BTreeMap::new(),
        }
    }
}

/// A number, or a further split by the next dimension (or by date at the innermost level).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(untagged)]
pub enum DataPoint {
    Number(f64),
    Split(BTreeMap<String, DataPoint>),
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct TimeSeriesResponse {
    #[serde(deserialize_with = "null_default")]
    pub data: BTreeMap<String, DataPoint>,
    #[serde(deserialize_with = "null_default")]
    pub dates: Vec<String>,
    /// Friendly names per dimension. Kept loose: the reference's own example puts an
    /// array under a misspelt key (`"sourceTypes": []`).
    #[serde(deserialize_with = "null_default")]
    pub lookups: BTreeMap<String, serde_json::Value>,
}

/// One series: the dimension keys that lead to it and a value per date (`None` = no data).
#[derive(Debug, Clone, PartialEq)]
pub struct SeriesRow {
    pub keys: Vec<String>,
    pub points: Vec<Option<f64>>,
}

impl TimeSeriesResponse {
    /// Flatten the nested answer into one row per dimension path, aligned to `dates`.
    /// Dates absent from `data` are `None`: a gap, not a zero.
    pub fn rows(&self, depth: usize) -> Vec<SeriesRow> {
        let mut rows = Vec::new();
        self.collect(&self.data, depth, &mut Vec::new(), &mut rows);
        rows
    }

    fn collect(
        &self,
        node: &BTreeMap<String, DataPoint>,
        depth: usize,
        keys: &mut Vec<String>,
        rows: &mut Vec<SeriesRow>,
    ) {
        if depth == 0 {
            let points = self
                .dates
                .iter()
                .map(|d| match node.get(d) {
                    Some(DataPoint::Number(n)) => Some(*n),
                    _ => None,
                })
                .collect();
            rows.push(SeriesRow { keys: keys.clone(), points });
            return;
        }
        for (key, child) in node {
            if let DataPoint::Split(inner) = child {
                keys.push(key.clone());
                self.collect(inner, depth - 1, keys, rows);
                keys.pop();
            }
        }
    }

    /// The friendly name of `key` in `dimension`, when the server gave one.
    pub fn lookup(&self, dimension: Dimension, key: &str) -> Option<&str> {
        self.lookups.get(dimension.as_wire())?.get(key)?.as_str()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn response(value: serde_json::Value) -> TimeSeriesResponse {
        serde_json::from_value(value).unwrap()
    }

    #[test]
    fn zero_dimensions_with_gaps() {
        let r = response(json!({"dates":["2024-01-01","2024-01-02","2024-01-03"],
                                "data":{"2024-01-01":4,"2024-01-03":1},"lookups":{}}));
        assert_eq!(r.rows(0), vec![SeriesRow { keys: vec![], points: vec![Some(4.0), None, Some(1.0)] }]);
    }

    #[test]
    fn one_dimension() {
        let r = response(json!({"dates":["2024-01-01","2024-01-08"],
            "data":{"c1":{"2024-01-08":2},"c2":{"2024-01-01":1,"2024-01-08":3}},
            "lookups":{"customerId":{"c1":"Acme","c2":"Globex"}}}));
        let rows = r.rows(1);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0], SeriesRow { keys: vec!["c1".into()], points: vec![None, Some(2.0)] });
        assert_eq!(r.lookup(Dimension::CustomerId, "c2"), Some("Globex"));
    }

    #[test]
    fn two_dimensions_like_the_reference_example() {
        let r = response(json!({
            "lookups":{"customerId":{"9YQ":"Customer 1"},"sourceTypes":[]},
            "dates":["2022-11-28","2022-12-05"],
            "data":{"9YQ":{"slack":{"2022-11-28":19},"widget":{"2022-11-28":6,"2022-12-05":1}}}}));
        let rows = r.rows(2);
        assert_eq!(
            rows[1],
            SeriesRow { keys: vec!["9YQ".into(), "widget".into()], points: vec![Some(6.0), Some(1.0)] }
        );
        assert_eq!(r.lookup(Dimension::SourceType, "slack"), None);
    }
}
