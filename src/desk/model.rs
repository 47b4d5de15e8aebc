//! The domain: what the console shows, independent of which service it came from.
//! Every string here has been through the sanitizer.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::support::shared::{self, Shared};

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize)]
pub struct TicketId(pub String);

impl std::fmt::Display for TicketId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum TicketStatus {
    #[default]
    Open,
    InProgress,
    OnHold,
    Closed,
    Unknown,
}

impl TicketStatus {
    pub const ALL: [TicketStatus; 4] =
        [TicketStatus::Open, TicketStatus::InProgress, TicketStatus::OnHold, TicketStatus::Closed];
    pub fn label(self) -> &'static str {
        match self {
            TicketStatus::Open => "open",
            TicketStatus::InProgress => "in progress",
            TicketStatus::OnHold => "on hold",
            TicketStatus::Closed => "closed",
            TicketStatus::Unknown => "unknown",
        }
    }
}

/// Unthread's numeric priorities.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Priority {
    Low = 3,
    Medium = 5,
    High = 7,
    Critical = 9,
}

impl Priority {
    pub const ALL: [Priority; 4] = [Priority::Low, Priority::Medium, Priority::High, Priority::Critical];
    pub fn from_number(n: f64) -> Option<Priority> {
        match n as i64 {
            3 => Some(Priority::Low),
            5 => Some(Priority::Medium),
            7 => Some(Priority::High),
            9 => Some(Priority::Critical),
            _ => None,
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Priority::Low => "Low",
            Priority::Medium => "Medium",
            Priority::High => "High",
            Priority::Critical => "Critical",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TagRef {
    #[serde(deserialize_with = "shared::decode")]
    pub id: Shared,
    #[serde(deserialize_with = "shared::decode")]
    pub name: Shared,
}

/// The default is an empty open ticket: a base for `..Default::default()`. What is unset
/// is left out of the cache's JSON (read back as unset): a seventh of a row was `null`s.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Ticket {
    pub id: TicketId,
    /// The number agents say out loud ("#1042").
    pub number: u64,
    /// Shared, not owned: a desk that keeps its records (Thena's export) and the inbox
    /// that shows them hold one copy.
    #[serde(deserialize_with = "shared::decode_own")]
    pub title: Shared,
    #[serde(deserialize_with = "shared::decode_own")]
    pub summary: Shared,
    pub status: TicketStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub priority: Option<Priority>,
    #[serde(default, deserialize_with = "shared::decode_option", skip_serializing_if = "Option::is_none")]
    pub customer_id: Option<Shared>,
    #[serde(deserialize_with = "shared::decode")]
    pub customer_name: Shared,
    #[serde(default, deserialize_with = "shared::decode_option", skip_serializing_if = "Option::is_none")]
    pub assignee_id: Option<Shared>,
    #[serde(deserialize_with = "super::tag_sets::decode")]
    pub tags: super::Tags,
    pub created_at: Option<Timestamp>,
    pub updated_at: Option<Timestamp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub closed_at: Option<Timestamp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response_secs: Option<f64>,
    /// The first response in working hours (`responseTimeWorking`), for the SLA variant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_working_secs: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolution_secs: Option<f64>,
    #[serde(deserialize_with = "shared::decode")]
    pub source: Shared,
    /// Shared: a customer's tickets are in one channel.
    #[serde(default, deserialize_with = "shared::decode_option", skip_serializing_if = "Option::is_none")]
    pub channel_id: Option<Shared>,
    /// Where the conversation lives (the Slack thread), for `o` and `y`, as the service gave
    /// it (Thena). Read it with `Ticket::link`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default, deserialize_with = "shared::decode_own_option")]
    pub link: Option<Shared>,
    /// Or its Slack thread's ts (the digits, without the dot) in `channel_id`, of which the
    /// link is made when asked (Unthread): 100,000 links kept were 10 MB.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thread_ts: Option<std::num::NonZeroU64>,
    /// The customer's first-response SLA (`replyTimeoutMinutes`), for the clock.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply_sla_minutes: Option<u32>,
    /// Snoozed until then (`wakeUpAt`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wake_at: Option<Timestamp>,
    /// The users following it, by id.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub followers: Vec<String>,
    /// Its ticket type, by id, and the type's fields by field id.
    #[serde(default, deserialize_with = "shared::decode_option", skip_serializing_if = "Option::is_none")]
    pub ticket_type_id: Option<Shared>,
    #[serde(default, skip_serializing_if = "super::fields::Fields::is_empty")]
    pub fields: super::fields::Fields,
    /// (collaborator type id, user id), in the server's order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub collaborators: Vec<(String, String)>,
    /// The first message's opening words (lower case, one line, at most
    /// `FIRST_MESSAGE_CHARS`), for `/` and the full-text index: its thread need never have
    /// been opened. Empty in a ticket the inbox holds: the inbox keeps it once, in its
    /// search buffer (`write_haystack`), and gives it back to a ticket replacing this one.
    #[serde(default)]
    pub first_message: Box<str>,
}

/// Where a haystack's first message starts (a control character: the sanitizer keeps them
/// out of every server string, so it can only be this mark).
const FIRST_MESSAGE_MARK: char = '\u{1f}';

/// The first message a haystack (`Ticket::write_haystack`) holds, or nothing.
pub fn first_message_of(haystack: &str) -> &str {
    haystack.split_once(FIRST_MESSAGE_MARK).map_or("", |(_, first)| first)
}

/// How much of a first message a ticket keeps for search: enough for what the customer
/// asked, small enough that 100,000 tickets stay light.
pub const FIRST_MESSAGE_CHARS: usize = 280;

/// The first `n` characters of `s`, borrowed.
pub fn first_chars(s: &str, n: usize) -> &str {
    s.char_indices().nth(n).map_or(s, |(end, _)| &s[..end])
}

impl Ticket {
    /// Where the conversation lives, for `o` and `y`.
    pub fn link(&self) -> Option<std::borrow::Cow<'_, str>> {
        if let Some(link) = &self.link {
            return Some(std::borrow::Cow::Borrowed(link));
        }
        let (channel, ts) = (self.channel_id.as_deref()?, self.thread_ts?);
        super::links::slack_thread(channel, &ts.to_string(), None).map(std::borrow::Cow::Owned)
    }

    /// What `/` filters on, appended to `out`: the title, customer, summary and number in
    /// lower case, then (after `FIRST_MESSAGE_MARK`) `first`, the first message's opening
    /// words (the ticket's own, or the one the inbox kept for it).
    pub fn write_haystack(&self, first: &str, out: &mut String) {
        use std::fmt::Write;
        for (part, text) in [("", &self.title), (" ", &self.customer_name), (" ", &self.summary)] {
            out.push_str(part);
            push_lower(out, text);
        }
        let _ = write!(out, " #{}", self.number); // writing to a String cannot fail
        if !first.is_empty() {
            out.push(FIRST_MESSAGE_MARK);
            out.push_str(first);
        }
    }

    /// The first message's opening words (lower case, one line, at most `FIRST_MESSAGE_CHARS`).
    /// Written word by word: a page maps a hundred tickets, and copying each message three
    /// times was a third of mapping one.
    pub fn set_first_message(&mut self, text: &str) {
        let mut first = String::new();
        for word in first_chars(text, FIRST_MESSAGE_CHARS).split_whitespace() {
            if !first.is_empty() {
                first.push(' ');
            }
            push_lower(&mut first, word);
        }
        self.first_message = first.into_boxed_str();
    }
}

/// `text` in lower case, appended (ASCII lowered in place, without a copy).
fn push_lower(out: &mut String, text: &str) {
    if text.is_ascii() {
        let at = out.len();
        out.push_str(text);
        out[at..].make_ascii_lowercase();
    } else {
        out.push_str(&text.to_lowercase());
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum AuthorKind {
    Customer,
    Agent,
    Bot,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Delivery {
    Delivered,
    Sending,
    /// The request may or may not have reached the server (being checked).
    Unconfirmed,
    Failed(String),
    /// In the outbox: sent when the server is back; `Some(why)` while it is held.
    Queued(Option<String>),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Message {
    /// The Slack `ts` (unique within a thread), or the message id.
    pub id: String,
    pub author: String,
    pub author_kind: AuthorKind,
    pub at: Option<Timestamp>,
    /// Slack mrkdwn, sanitized.
    pub body: String,
    pub private_note: bool,
    pub delivery: Delivery,
    /// The names of the files that came with it.
    #[serde(default)]
    pub files: Vec<String>,
    /// The user it names (`userId`): one of our agents when posted on their behalf.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Customer {
    pub id: String,
    pub name: String,
    pub channel: Option<String>,
    pub primary_assignee_id: Option<String>,
    pub secondary_assignee_id: Option<String>,
    pub reply_timeout_minutes: Option<f64>,
    pub tags: Vec<String>,
    pub since: Option<Timestamp>,
    pub domains: Vec<String>,
    /// Aggregates over the customer's requests (Thena, where no customer record exists).
    pub stats: Option<CustomerStats>,
}

#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct CustomerStats {
    pub requests: usize,
    pub open: usize,
    pub mean_csat: Option<f64>,
    pub mean_resolution_hours: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Agent {
    pub id: String,
    pub name: String,
    pub email: String,
    pub slack_id: Option<String>,
}

/// One page of the inbox.
#[derive(Debug, Clone, PartialEq)]
pub struct InboxPage {
    pub tickets: Vec<Ticket>,
    pub next: Option<String>,
    pub total: Option<u64>,
    /// Tickets shown with a field left out because it could not be read.
    pub damaged: Vec<TicketId>,
    /// Items the server sent that could not be read at all (no id to show them by).
    pub unreadable: usize,
}

/// One page of a reconcile's walk: the ids the server holds for a query, and its count.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct IdPage {
    pub ids: Vec<TicketId>,
    pub next: Option<String>,
    pub total: Option<u64>,
}

/// A conversation opened: the server's copy, and why its type's fields were not set when
/// they were not (they go in a PATCH after the create; the ticket stays either way).
#[derive(Debug, Clone, PartialEq)]
pub struct Opened {
    pub ticket: Ticket,
    pub fields_refused: Option<crate::api::ApiError>,
}

/// A conversation to open (`triage new`, COMMANDS.md).
#[derive(Debug, Clone, PartialEq)]
pub struct NewTicket {
    /// In the customer's Slack channel, or internal only (the customer's triage channel).
    pub internal: bool,
    pub customer_id: String,
    pub title: String,
    /// Markdown.
    pub body: String,
    pub assignee_id: Option<String>,
    pub priority: Option<Priority>,
    /// Its ticket type and that type's fields (every required one, checked before sending).
    pub ticket_type_id: Option<String>,
    pub fields: super::fields::Fields,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_unset_is_left_out_of_the_json_and_read_back_unset() {
        let at = Some("2026-11-20T12:00:00Z".parse().unwrap());
        let bare = Ticket {
            id: TicketId("t1".into()),
            title: "Webhook".into(),
            created_at: at,
            updated_at: at,
            ..Ticket::default()
        };
        let json = serde_json::to_string(&bare).unwrap();
        assert!(!json.contains("null") && !json.contains("closed_at") && !json.contains("followers"), "{json}");
        assert_eq!(serde_json::from_str::<Ticket>(&json).unwrap(), bare);
        let full = Ticket {
            priority: Some(Priority::High),
            closed_at: at,
            link: Some("https://example.slack.com/archives/C1/p1".into()),
            thread_ts: std::num::NonZeroU64::new(1675183719124879),
            channel_id: Some("C1".into()),
            ticket_type_id: Some("bug".into()),
            tags: [TagRef { id: "g".into(), name: "Bug".into() }].into(),
            followers: vec!["u1".into()],
            collaborators: vec![("c".into(), "u2".into())],
            reply_sla_minutes: Some(30),
            ..bare
        };
        assert_eq!(serde_json::from_str::<Ticket>(&serde_json::to_string(&full).unwrap()).unwrap(), full);
    }

    #[test]
    fn the_first_message_is_kept_lower_case_on_one_line_and_capped() {
        let mut t =
            Ticket { title: "Login".into(), customer_name: "ΣΟΦΟΣ Ltd".into(), number: 7, ..Ticket::default() };
        t.set_first_message("  Our  SSO\n\tfails — ΣΟΦΟΣ says  ");
        assert_eq!(&*t.first_message, "our sso fails — σοφος says");
        let haystack = |t: &Ticket| {
            let mut h = String::new();
            t.write_haystack(&t.first_message, &mut h);
            h
        };
        assert_eq!(haystack(&t), "login σοφος ltd  #7\u{1f}our sso fails — σοφος says");
        assert_eq!(first_message_of(&haystack(&t)), "our sso fails — σοφος says");
        // Set again, it replaces the old one; blank, it leaves none.
        t.set_first_message(&"word ".repeat(100));
        assert_eq!(t.first_message.len(), FIRST_MESSAGE_CHARS - 1, "280 characters, the last a space dropped");
        t.set_first_message(" \n ");
        assert_eq!(&*t.first_message, "");
        assert_eq!(haystack(&t), "login σοφος ltd  #7");
        assert_eq!(first_chars("héllo", 2), "hé");
    }
}
