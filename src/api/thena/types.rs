//! One request record of the export, under the seed's keys and the v1 API's keys.

use serde::Deserialize;

use super::fields::{Field, own_text, shared_text, tags, text};
use crate::api::ApiError;
use crate::api::lenient::Lenient;
use crate::support::shared::Shared;

type Time = Field<jiff::Timestamp>;

/// Names, emails and statuses repeat over 50,000 requests: each is one shared copy.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct ThenaRequest {
    #[serde(alias = "requestId", alias = "id", deserialize_with = "text")]
    pub request_id: String,
    #[serde(alias = "created_at_utc", alias = "created_at", alias = "createdAt")]
    pub created_datetime: Time,
    #[serde(deserialize_with = "shared_text")]
    pub workspace_name: Shared,
    #[serde(deserialize_with = "shared_text")]
    pub slack_channel: Shared,
    #[serde(deserialize_with = "shared_text")]
    pub customer_name: Shared,
    #[serde(deserialize_with = "shared_text")]
    pub requestor_email: Shared,
    /// Shared with the request's ticket (the export keeps both, the inbox a copy of the
    /// ticket): titles, summaries and links were held three times over.
    #[serde(deserialize_with = "own_text")]
    pub request_title: Shared,
    #[serde(deserialize_with = "own_text")]
    pub request_summary: Shared,
    #[serde(deserialize_with = "shared_text")]
    pub sentiment: Shared,
    #[serde(deserialize_with = "shared_text")]
    pub urgency: Shared,
    #[serde(deserialize_with = "shared_text")]
    pub status: Shared,
    #[serde(alias = "assigned_on_utc")]
    pub assigned_on: Time,
    #[serde(deserialize_with = "shared_text")]
    pub owner: Shared,
    #[serde(deserialize_with = "shared_text")]
    pub assigned_to_user_email: Shared,
    #[serde(alias = "first_response_time_utc")]
    pub first_response_time: Time,
    pub number_of_replies: Field<f64>,
    #[serde(deserialize_with = "shared_text")]
    pub closed_by: Shared,
    pub feedback: Field<String>,
    pub csat_score: Field<f64>,
    #[serde(alias = "closed_on_utc", alias = "closed_at")]
    pub closed_datetime: Time,
    pub resolution_time_hours: Field<f64>,
    #[serde(alias = "on_hold_on_utc")]
    pub on_hold_on: Time,
    #[serde(deserialize_with = "shared_text")]
    pub on_hold_by: Shared,
    #[serde(deserialize_with = "shared_text")]
    pub on_hold_by_user_email: Shared,
    #[serde(deserialize_with = "tags")]
    pub ai_tags: Vec<String>,
    #[serde(deserialize_with = "own_text")]
    pub slack_thread_link: Shared,
    #[serde(alias = "internal_thread_link", deserialize_with = "text")]
    pub internal_thread_slack_link: String,
}

impl ThenaRequest {
    /// Fields that were present but unreadable (shown empty, counted in a warning).
    pub fn invalid_fields(&self) -> Vec<&'static str> {
        let checks: [(&'static str, bool); 7] = [
            ("created_datetime", self.created_datetime.is_invalid()),
            ("assigned_on", self.assigned_on.is_invalid()),
            ("first_response_time", self.first_response_time.is_invalid()),
            ("closed_datetime", self.closed_datetime.is_invalid()),
            ("on_hold_on", self.on_hold_on.is_invalid()),
            ("csat_score", self.csat_score.is_invalid()),
            ("resolution_time_hours", self.resolution_time_hours.is_invalid() || self.number_of_replies.is_invalid()),
        ];
        checks.into_iter().filter(|(_, bad)| *bad).map(|(name, _)| name).collect()
    }
}

/// The export is one JSON array (the seed's example) or an object wrapping it under
/// `requests` (the v1 API) or `data`; both are accepted. Records decode one by one.
pub fn decode_export(body: &[u8]) -> Result<Vec<Lenient<ThenaRequest>>, ApiError> {
    type Records = Vec<Lenient<ThenaRequest>>;
    // The shape is told apart by hand, not by an untagged enum: that buffers the body and
    // then each record could not be decoded straight from its bytes.
    #[derive(Deserialize)]
    struct Wrapped {
        requests: Option<Records>,
        data: Option<Box<serde_json::value::RawValue>>,
    }
    #[derive(Deserialize)]
    struct DataResults {
        results: Records,
    }
    use crate::api::http::decode;
    let shape = |_| ApiError::Decode {
        detail: "expected a JSON array of requests, or an object with `requests` or `data`".into(),
    };
    if body.trim_ascii_start().starts_with(b"[") {
        return decode::<Records>(body).map_err(shape);
    }
    let wrapped = decode::<Wrapped>(body).map_err(shape)?;
    if let Some(records) = wrapped.requests {
        return Ok(records);
    }
    let data = wrapped.data.map(|d| d.get().as_bytes().to_vec()).unwrap_or_default();
    decode::<Records>(&data).or_else(|_| decode::<DataResults>(&data).map(|d| d.results)).map_err(shape)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED_EXAMPLE: &str = r#"[{
      "request_id": 3292, "created_datetime": "05/12/2023 12:24", "workspace_name": "CustomerWorkspaceName",
      "slack_channel": "ext-channel-name", "customer_name": "John Doe", "requestor_email": "john@example.com",
      "request_title": "Issue with Capturing Links in Ticket Notes", "request_summary": "A customer has reported an issue.",
      "sentiment": "Neutral", "urgency": "Medium", "status": "Assigned", "assigned_on": "05/22/2023 15:15",
      "owner": "Jane Smith", "assigned_to_user_email": "jane@example.com", "first_response_time": "05/22/2023 15:15",
      "number_of_replies": 1, "closed_by": "", "feedback": "N/A", "csat_score": "N/A", "closed_datetime": "",
      "resolution_time_hours": "", "on_hold_on": "", "on_hold_by": "", "on_hold_by_user_email": "",
      "ai_tags": ["Missing Link", "Ticket Notes", "Slack Chat"],
      "slack_thread_link": "https://example-slack.com/archives/SLACK_THREAD_ID",
      "internal_thread_slack_link": "https://example-slack.com/archives/INTERNAL_THREAD_ID"}]"#;

    const V1_EXAMPLE: &str = r#"{"requests":[{"request_id":1234,"created_at_utc":"2024-01-09 22:27:40",
      "workspace_name":"example workspace","slack_channel":"ext-thena-example","customer_name":"John Doe",
      "request_title":"Help","request_summary":"","sentiment":"Neutral","urgency":"High","status":"OPEN",
      "assigned_on_utc":"","assigned_to_user_email":"","first_response_time_utc":"","number_of_replies":0,
      "closed_by":"","feedback":"\"NA\"","csat_score":"NA","closed_on_utc":"","resolution_time_hours":"",
      "on_hold_on_utc":"","on_hold_by":"","on_hold_by_user_email":"","ai_tags":"Attention, Request",
      "slack_thread_link":"https://example-workspace.slack.com/archives/C01234JHL21/p1704811145999999"}]}"#;

    #[test]
    fn decodes_the_seed_example() {
        let items = decode_export(SEED_EXAMPLE.as_bytes()).unwrap();
        let r = items[0].as_ok().unwrap();
        assert_eq!(r.request_id, "3292");
        assert_eq!(r.created_datetime.value(), Some(&"2023-05-12T12:24:00Z".parse().unwrap()));
        assert_eq!(r.csat_score, Field::Empty);
        assert_eq!(r.feedback, Field::Empty);
        assert_eq!(r.ai_tags, vec!["Missing Link", "Ticket Notes", "Slack Chat"]);
        assert!(r.invalid_fields().is_empty());
    }

    #[test]
    fn decodes_the_v1_shape() {
        let items = decode_export(V1_EXAMPLE.as_bytes()).unwrap();
        let r = items[0].as_ok().unwrap();
        assert_eq!(r.created_datetime.value(), Some(&"2024-01-09T22:27:40Z".parse().unwrap()));
        assert_eq!(&*r.status, "OPEN");
        assert_eq!(r.ai_tags, vec!["Attention", "Request"]);
        assert_eq!(r.feedback, Field::Empty);
    }

    #[test]
    fn data_wrapper_iso_times_and_bad_fields() {
        let body = r#"{"data":[{"request_id":"7","created_datetime":"2024-02-01T10:00:00Z","csat_score":"great","closed_datetime":"soon"}, 5]}"#;
        let items = decode_export(body.as_bytes()).unwrap();
        let r = items[0].as_ok().unwrap();
        assert_eq!(r.invalid_fields(), vec!["closed_datetime", "csat_score"]);
        assert!(matches!(items[1], Lenient::Bad { .. }));
        assert!(decode_export(b"{\"nothing\":1}").is_err());
    }
}
