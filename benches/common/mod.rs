//! Shared by the benches: tickets made from the simulator's generated data.

use triage::desk::*;
use triage::sim::db::Db;
use triage::sim::model::{Author, SimStatus};
use triage::sim::{DatasetSpec, generate};

/// Tickets made from the simulator's generated conversations.
#[allow(dead_code)] // the cache bench builds its tickets from the dataset it also threads
pub fn tickets(n: usize) -> Vec<Ticket> {
    tickets_of(&dataset(n))
}

/// The simulator's dataset of `n` conversations the benches share.
pub fn dataset(n: usize) -> Db {
    generate(&DatasetSpec { seed: 42, conversations: n, anchor: "2026-11-20T12:00:00Z".parse().unwrap() })
}

/// The thread of conversation `at`, made `len` messages long with the messages of the
/// conversations after it (the simulator's threads are 1–12 long; a bench may want more).
#[allow(dead_code)] // not every bench caches threads
pub fn thread_of(db: &Db, at: usize, len: usize) -> Vec<Message> {
    let n = db.conversations.len();
    (at..)
        .flat_map(|i| db.thread(&db.conversations[i % n]).into_owned())
        .take(len)
        .map(|m| Message {
            id: m.ts,
            author: "bench".into(),
            author_kind: match m.author {
                Author::Customer => AuthorKind::Customer,
                Author::Bot => AuthorKind::Bot,
                Author::Agent | Author::Note | Author::Api { .. } => AuthorKind::Agent,
            },
            at: Some(m.timestamp),
            body: m.text,
            private_note: m.private_note,
            delivery: Delivery::Delivered,
            author_id: None,
            files: vec![],
        })
        .collect()
}

/// Tickets made from the dataset's conversations.
pub fn tickets_of(db: &Db) -> Vec<Ticket> {
    db.conversations
        .iter()
        .map(|c| {
            let mut t = Ticket {
                id: TicketId(c.id.clone()),
                number: c.friendly_id,
                title: c.title.as_str().into(),
                summary: c.summary.as_str().into(),
                status: match c.status {
                    SimStatus::Open => TicketStatus::Open,
                    SimStatus::InProgress => TicketStatus::InProgress,
                    SimStatus::OnHold => TicketStatus::OnHold,
                    SimStatus::Closed => TicketStatus::Closed,
                },
                priority: c.priority.and_then(|p| Priority::from_number(p.into())),
                customer_id: Some(db.customers[c.customer].id.as_str().into()),
                customer_name: db.customers[c.customer].name.as_str().into(),
                assignee_id: c.assignee.map(|a| db.users[a].id.as_str().into()),
                tags: c
                    .tags
                    .iter()
                    .map(|&t| TagRef { id: db.tags[t].id.as_str().into(), name: db.tags[t].name.as_str().into() })
                    .collect(),
                created_at: Some(c.created_at),
                updated_at: Some(c.updated_at),
                closed_at: c.closed_at,
                response_secs: c.response_time.map(|s| s as f64),
                response_working_secs: c.response_time_working.map(|s| s as f64),
                resolution_secs: None,
                source: c.source_type.into(),
                channel_id: None,
                link: None,
                reply_sla_minutes: db.customers[c.customer].reply_timeout_minutes,
                wake_at: c.wake_up_at,
                followers: vec![],
                first_message: Default::default(),
                ..Default::default()
            };
            // What the list's `initialMessage.text` brings: the customer's opening words.
            t.set_first_message(db.thread(c).first().map_or("", |m| m.text.as_str()));
            t
        })
        .collect()
}
