//! The inbox's list requests: what an inbox query asks `conversations/list` for, and the
//! cheap id-only walk a reconcile makes.

use crate::api::unthread::{ListRequest, Where};
use crate::desk::*;

/// The fields the inbox needs: a small `select` keeps pages light.
pub const INBOX_FIELDS: [&str; 27] = [
    "id",
    "friendlyId",
    "title",
    "summary",
    "status",
    "priority",
    "customerId",
    "customer.name",
    "assignedToUserId",
    "tags.id",
    "tags.name",
    "createdAt",
    "updatedAt",
    "closedAt",
    "responseTime",
    "responseTimeWorking",
    "resolutionTime",
    "sourceType",
    "channelId",
    "initialMessage.ts",
    "initialMessage.text",
    "customer.replyTimeoutMinutes",
    "wakeUpAt",
    "followers",
    "ticketTypeId",
    "ticketTypeFields",
    "collaborators",
];

/// Ids per page of a reconcile's walk (the reference's most).
const IDS_PER_PAGE: u32 = 100;

/// The list request behind an inbox query: newest activity first.
pub fn inbox_request(query: &InboxQuery, cursor: Option<String>) -> ListRequest {
    let mut req = ListRequest::new().select(&INBOX_FIELDS).order(&["updatedAt", "id"], true);
    if let Some(status) = query.status {
        req = req.filter(Where::eq("status", status_wire(status)));
    }
    if let Some(assignee) = &query.assignee {
        req = req.filter(Where::eq("assignedToUserId", assignee.as_deref()));
    }
    if let Some(customer) = &query.customer {
        req = req.filter(Where::eq("customerId", customer.as_str()));
    }
    if let Some(tag) = &query.tag {
        req = req.filter(Where::eq("tags.id", tag.as_str()));
    }
    if let Some(priority) = query.priority {
        req = req.filter(match priority {
            Some(p) => Where::eq("priority", p as u8 as f64),
            None => Where::eq("priority", None::<&str>),
        });
    }
    if let Some((from, to)) = query.created {
        req = req.filter(Where::new("createdAt", crate::api::unthread::Operator::Ge, from.to_string()));
        if let Some(to) = to {
            let day_after = to.checked_add(jiff::Span::new().days(1)).unwrap_or(to);
            req = req.filter(Where::new("createdAt", crate::api::unthread::Operator::Lt, day_after.to_string()));
        }
    }
    req.cursor = cursor;
    req
}

pub fn status_wire(status: TicketStatus) -> &'static str {
    match status {
        TicketStatus::Open => "open",
        TicketStatus::InProgress => "in_progress",
        TicketStatus::OnHold => "on_hold",
        TicketStatus::Closed | TicketStatus::Unknown => "closed",
    }
}

/// The ids of every conversation `query` matches, and their count: `select: ["id"]`.
pub fn ids_request(query: &InboxQuery, cursor: Option<String>) -> ListRequest {
    let mut req = inbox_request(query, None).select(&["id"]).limit(IDS_PER_PAGE);
    req.cursor = cursor;
    req
}

/// The live check: a few ids of conversations `query` holds changed after `after`. The wire's
/// times are milliseconds and the server may keep finer ones: "after" is after `after`'s
/// millisecond, or the newest ticket would be news every time (a sync's margin re-reads that
/// millisecond anyway).
pub fn changed_request(query: &InboxQuery, after: jiff::Timestamp) -> ListRequest {
    let after = after.checked_add(jiff::SignedDuration::from_micros(999)).unwrap_or(after);
    let req = inbox_request(query, None).select(&["id", "updatedAt"]).limit(CHANGED_LIMIT);
    req.filter(Where::new("updatedAt", crate::api::unthread::Operator::Gt, after.to_string()))
}

/// One answer is enough to know; a few cost nothing more.
const CHANGED_LIMIT: u32 = 5;
