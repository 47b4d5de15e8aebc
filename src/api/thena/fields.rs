//! Thena's loosely typed values: `""`, `"N/A"`, `"NA"` and `"\"NA\""` all mean "no value",
//! numbers may be strings, and timestamps come in several formats (API-NOTES §10).

use serde::{Deserialize, Deserializer};

/// A value that is present, absent, or present but unreadable (kept for the warning).
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Field<T> {
    #[default]
    Empty,
    Value(T),
    Invalid(String),
}

impl<T> Field<T> {
    pub fn value(&self) -> Option<&T> {
        match self {
            Field::Value(v) => Some(v),
            _ => None,
        }
    }
    pub fn is_invalid(&self) -> bool {
        matches!(self, Field::Invalid(_))
    }
}

fn is_empty_marker(s: &str) -> bool {
    let s = s.trim().trim_matches('"').trim();
    s.is_empty() || ["n/a", "na", "null", "none", "-"].contains(&s.to_ascii_lowercase().as_str())
}

/// Read any JSON scalar as text (numbers included); `None` for "no value".
fn scalar_text(value: serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::Null => None,
        serde_json::Value::String(s) if is_empty_marker(&s) => None,
        serde_json::Value::String(s) => Some(s),
        other => Some(other.to_string()),
    }
}

impl<'de> Deserialize<'de> for Field<f64> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(match scalar_text(serde_json::Value::deserialize(d)?) {
            None => Field::Empty,
            Some(s) => s.trim().parse().map(Field::Value).unwrap_or(Field::Invalid(s)),
        })
    }
}

impl<'de> Deserialize<'de> for Field<jiff::Timestamp> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(match scalar_text(serde_json::Value::deserialize(d)?) {
            None => Field::Empty,
            Some(s) => parse_time(&s).map(Field::Value).unwrap_or(Field::Invalid(s)),
        })
    }
}

impl<'de> Deserialize<'de> for Field<String> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(scalar_text(serde_json::Value::deserialize(d)?).map_or(Field::Empty, Field::Value))
    }
}

/// Every timestamp shape seen for Thena, all in UTC: `05/12/2023 12:24` (the seed),
/// `2024-01-09 22:27:40` (the v1 API), ISO 8601 with or without zone, a bare date,
/// and epoch seconds.
pub fn parse_time(s: &str) -> Option<jiff::Timestamp> {
    use jiff::civil::DateTime;
    let s = s.trim();
    if let Ok(ts) = s.parse::<jiff::Timestamp>() {
        return Some(ts);
    }
    if let Ok(secs) = s.parse::<i64>() {
        return jiff::Timestamp::from_second(secs).ok();
    }
    let civil = ["%m/%d/%Y %H:%M", "%m/%d/%Y %H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"]
        .iter()
        .find_map(|fmt| DateTime::strptime(fmt, s).ok())
        .or_else(|| s.parse::<DateTime>().ok())
        .or_else(|| s.parse::<jiff::civil::Date>().ok().map(|d| d.to_datetime(jiff::civil::Time::midnight())))?;
    civil.to_zoned(jiff::tz::TimeZone::UTC).ok().map(|z| z.timestamp())
}

/// `ai_tags`: a JSON array (the seed) or one comma-joined string (the v1 API).
pub(crate) fn tags<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    let split = |s: &str| -> Vec<String> {
        s.split(',').map(str::trim).filter(|t| !is_empty_marker(t)).map(str::to_string).collect()
    };
    Ok(match serde_json::Value::deserialize(d)? {
        serde_json::Value::Array(items) => items.into_iter().filter_map(scalar_text).collect(),
        serde_json::Value::String(s) => split(&s),
        _ => Vec::new(),
    })
}

/// Plain text where `null` and the "no value" markers become `""`.
pub(crate) fn text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(scalar_text(serde_json::Value::deserialize(d)?).unwrap_or_default())
}

/// As `text`, as a shared copy of its own (a title, shared with the request's ticket).
pub(crate) fn own_text<'de, D: Deserializer<'de>>(d: D) -> Result<crate::support::shared::Shared, D::Error> {
    text(d).map(|t| t.into())
}

/// As `text`, as the thread's shared copy (a name, an email, a status).
pub(crate) fn shared_text<'de, D: Deserializer<'de>>(d: D) -> Result<crate::support::shared::Shared, D::Error> {
    text(d).map(|t| crate::support::shared::shared(&t))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> jiff::Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn every_time_format() {
        let want = utc("2023-05-12T12:24:00Z");
        for s in [
            "05/12/2023 12:24",
            "2023-05-12 12:24:00",
            "2023-05-12T12:24:00Z",
            "2023-05-12T12:24:00",
            "2023-05-12T14:24:00+02:00",
            "1683894240",
        ] {
            assert_eq!(parse_time(s), Some(want), "{s}");
        }
        assert_eq!(parse_time("2023-05-12"), Some(utc("2023-05-12T00:00:00Z")));
        assert_eq!(parse_time("yesterday"), None);
    }

    #[test]
    fn empty_markers() {
        for s in [r#""""#, r#""N/A""#, r#""NA""#, r#""\"NA\"""#, "null"] {
            let f: Field<f64> = serde_json::from_str(s).unwrap();
            assert_eq!(f, Field::Empty, "{s}");
        }
        let f: Field<f64> = serde_json::from_str(r#""4.5""#).unwrap();
        assert_eq!(f, Field::Value(4.5));
        let f: Field<f64> = serde_json::from_str(r#""five""#).unwrap();
        assert!(f.is_invalid());
    }
}
