//! A Thena request in the console's words: a ticket, and its story as a thread.

use jiff::Timestamp;

use crate::api::thena::ThenaRequest;
use crate::desk::*;
use crate::support::sanitize;

pub(super) fn line(s: &str) -> String {
    sanitize::line(s).into_owned()
}

fn time(f: &crate::api::thena::Field<Timestamp>) -> Option<Timestamp> {
    f.value().copied()
}

pub fn status(s: &str) -> TicketStatus {
    match s.trim().to_ascii_lowercase().replace(['_', '-'], " ").as_str() {
        "open" | "assigned" | "new" => TicketStatus::Open,
        "in progress" => TicketStatus::InProgress,
        "on hold" | "onhold" => TicketStatus::OnHold,
        "closed" | "resolved" | "converted to ticket" => TicketStatus::Closed,
        _ => TicketStatus::Unknown,
    }
}

pub fn urgency(s: &str) -> Option<Priority> {
    match s.trim().to_ascii_lowercase().as_str() {
        "urgent" | "critical" => Some(Priority::Critical),
        "high" => Some(Priority::High),
        "medium" | "normal" => Some(Priority::Medium),
        "low" => Some(Priority::Low),
        _ => None,
    }
}

pub(super) fn non_empty(s: &str) -> Option<String> {
    (!s.trim().is_empty()).then(|| line(s))
}

/// `s` as one clean line: the request's own copy when it is one already, so the request,
/// its ticket and the inbox's copy of the ticket hold one text.
fn shared_line(s: &Shared) -> Shared {
    match sanitize::line(s) {
        std::borrow::Cow::Borrowed(_) => s.clone(),
        std::borrow::Cow::Owned(clean) => clean.into(),
    }
}

/// As `shared_line`, `None` when blank.
fn shared_non_empty(s: &Shared) -> Option<Shared> {
    (!s.trim().is_empty()).then(|| shared_line(s))
}

/// What a request's ticket id starts with, before its number.
pub(super) const ID_PREFIX: &str = "thena-";

/// The ticket id of a request.
pub(super) fn ticket_id(r: &ThenaRequest) -> TicketId {
    TicketId(format!("{ID_PREFIX}{}", r.request_id))
}

/// The customer of a request, as its ticket names them (`customer_id`).
pub(super) fn customer_id(r: &ThenaRequest) -> Option<std::borrow::Cow<'_, str>> {
    (!r.customer_name.trim().is_empty()).then(|| sanitize::line(&r.customer_name))
}

pub fn ticket(r: &ThenaRequest) -> Ticket {
    let created = time(&r.created_datetime);
    let closed = time(&r.closed_datetime);
    let first_response = time(&r.first_response_time);
    let updated =
        [created, time(&r.assigned_on), first_response, time(&r.on_hold_on), closed].into_iter().flatten().max();
    let owner = non_empty(&r.assigned_to_user_email).or_else(|| non_empty(&r.owner));
    Ticket {
        id: ticket_id(r),
        number: r.request_id.trim().parse().unwrap_or(0),
        title: shared_non_empty(&r.request_title).unwrap_or_else(|| "(no title)".into()),
        summary: shared_line(&r.request_summary),
        status: status(&r.status),
        priority: urgency(&r.urgency),
        customer_id: customer_id(r).as_deref().map(shared),
        customer_name: shared(&line(&r.customer_name)),
        assignee_id: owner.as_deref().map(shared),
        tags: shared_tags(
            &r.ai_tags
                .iter()
                .map(|t| {
                    let tag = shared(&line(t));
                    TagRef { id: tag.clone(), name: tag }
                })
                .collect::<Vec<_>>(),
        ),
        created_at: created,
        updated_at: updated,
        closed_at: closed,
        response_secs: created.zip(first_response).map(|(c, f)| f.duration_since(c).as_secs_f64()),
        response_working_secs: None,
        resolution_secs: r
            .resolution_time_hours
            .value()
            .map(|h| h * 3600.0)
            .or_else(|| created.zip(closed).map(|(c, e)| e.duration_since(c).as_secs_f64())),
        source: "slack".into(),
        channel_id: None,
        link: shared_non_empty(&r.slack_thread_link),
        thread_ts: None,
        // The export carries neither an SLA nor a snooze.
        reply_sla_minutes: None,
        wake_at: None,
        followers: vec![],
        ticket_type_id: None,
        fields: Default::default(),
        collaborators: vec![],
        first_message: Default::default(),
    }
}

/// The request's story as thread entries: the request, its timeline, feedback and links.
pub fn timeline(r: &ThenaRequest) -> Vec<Message> {
    let entry = |author: String, kind: AuthorKind, at: Option<Timestamp>, body: String| Message {
        id: format!("{author}-{at:?}"),
        author: line(&author),
        author_kind: kind,
        at,
        body: sanitize::text(&body).into_owned(),
        private_note: false,
        delivery: Delivery::Delivered,
        author_id: None,
        files: vec![],
    };
    let who = |name: &str, email: &str| match (non_empty(name), non_empty(email)) {
        (Some(n), Some(e)) => format!("{n} ({e})"),
        (Some(n), None) => n,
        (None, Some(e)) => e,
        (None, None) => "someone".into(),
    };
    let requester = non_empty(&r.requestor_email).unwrap_or_else(|| line(&r.customer_name));
    let mut entries = vec![entry(
        requester,
        AuthorKind::Customer,
        time(&r.created_datetime),
        format!("*{}*\n{}", r.request_title.trim(), r.request_summary.trim()),
    )];
    if let Some(at) = time(&r.assigned_on) {
        entries.push(entry(
            "timeline".into(),
            AuthorKind::Bot,
            Some(at),
            format!("assigned to {}", who(&r.owner, &r.assigned_to_user_email)),
        ));
    }
    if let Some(at) = time(&r.first_response_time) {
        entries.push(entry("timeline".into(), AuthorKind::Bot, Some(at), "first response".into()));
    }
    if let Some(at) = time(&r.on_hold_on) {
        entries.push(entry(
            "timeline".into(),
            AuthorKind::Bot,
            Some(at),
            format!("put on hold by {}", who(&r.on_hold_by, &r.on_hold_by_user_email)),
        ));
    }
    if let Some(at) = time(&r.closed_datetime) {
        let hours = r
            .resolution_time_hours
            .value()
            .map_or(String::new(), |h| format!(" after {}", crate::support::text::duration(h * 3600.0)));
        entries.push(entry(
            "timeline".into(),
            AuthorKind::Bot,
            Some(at),
            format!("closed by {}{hours}", who(&r.closed_by, "")),
        ));
    }
    entries.sort_by_key(|m| m.at);
    entries.push(entry("details".into(), AuthorKind::Bot, None, details(r)));
    entries
}

/// What the export knows beyond the timeline: status, replies, CSAT, feedback, links, and
/// which fields could not be read.
fn details(r: &ThenaRequest) -> String {
    let mut facts = vec![format!("status {} · urgency {} · sentiment {}", r.status, r.urgency, r.sentiment)];
    if let Some(replies) = r.number_of_replies.value() {
        facts.push(format!("{replies} replies"));
    }
    if let Some(score) = r.csat_score.value() {
        facts.push(format!("CSAT {score}/5"));
    }
    if let Some(feedback) = r.feedback.value() {
        facts.push(format!("feedback: “{feedback}”"));
    }
    let mut links = Vec::new();
    if let Some(l) = non_empty(&r.slack_thread_link) {
        links.push(format!("<{l}|Slack thread>"));
    }
    if let Some(l) = non_empty(&r.internal_thread_slack_link) {
        links.push(format!("<{l}|internal thread>"));
    }
    if !links.is_empty() {
        facts.push(links.join(" · "));
    }
    let bad = r.invalid_fields();
    if !bad.is_empty() {
        facts.push(format!("unreadable in the export (shown empty): {}", bad.join(", ")));
    }
    facts.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_and_urgencies_in_every_spelling() {
        assert_eq!(status("OPEN"), TicketStatus::Open);
        assert_eq!(status("Assigned"), TicketStatus::Open);
        assert_eq!(status("IN_PROGRESS"), TicketStatus::InProgress);
        assert_eq!(status("On Hold"), TicketStatus::OnHold);
        assert_eq!(status("CONVERTED_TO_TICKET"), TicketStatus::Closed);
        assert_eq!(status("escalated"), TicketStatus::Unknown);
        assert_eq!(urgency("Urgent"), Some(Priority::Critical));
        assert_eq!(urgency(""), None);
    }

    #[test]
    fn a_request_becomes_a_ticket_and_a_timeline() {
        let items = crate::api::thena::decode_export(
            br#"[{"request_id":3292,"created_datetime":"05/12/2023 12:24","customer_name":"John Doe","request_title":"Links \u001b[2J",
                  "status":"Closed","urgency":"High","assigned_on":"05/12/2023 13:00","owner":"Jane Smith",
                  "assigned_to_user_email":"jane@example.com","first_response_time":"05/12/2023 13:15","closed_by":"Jane Smith",
                  "closed_datetime":"05/13/2023 12:24","resolution_time_hours":24,"csat_score":5,"feedback":"Great",
                  "ai_tags":["Bug"],"slack_thread_link":"https://x.slack.com/archives/C1/p1","csat_extra":"ignored"}]"#,
        )
        .unwrap();
        let r = items[0].as_ok().unwrap();
        let t = ticket(r);
        assert_eq!(
            (t.number, &*t.title, t.status, t.priority),
            (3292, "Links ␛[2J", TicketStatus::Closed, Some(Priority::High))
        );
        assert_eq!(t.assignee_id.as_deref(), Some("jane@example.com"));
        assert_eq!(t.response_secs, Some(51.0 * 60.0));
        assert_eq!(t.link.as_deref(), Some("https://x.slack.com/archives/C1/p1"));
        let entries = timeline(r);
        let bodies: Vec<&str> = entries.iter().map(|m| m.body.as_str()).collect();
        assert!(bodies[1].starts_with("assigned to Jane Smith (jane@example.com)"));
        assert_eq!(bodies[2], "first response");
        assert!(bodies[3].starts_with("closed by Jane Smith after 1d 0h"));
        assert!(
            bodies[4].contains("CSAT 5/5") && bodies[4].contains("<https://x.slack.com/archives/C1/p1|Slack thread>")
        );
    }
}
