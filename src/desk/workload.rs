//! Who carries what: per agent, the conversations open, in progress and on hold, how many
//! are breaching their reply SLA now, and the age of the oldest one still open.

use std::collections::BTreeMap;

use jiff::Timestamp;

use super::{Ticket, TicketStatus, sla};

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Load {
    /// The agent's id; `None` for the unassigned.
    pub agent: Option<super::Shared>,
    pub open: u32,
    pub in_progress: u32,
    pub on_hold: u32,
    pub breaching: u32,
    /// When the oldest conversation not closed was created.
    pub oldest: Option<Timestamp>,
}

impl Load {
    pub fn active(&self) -> u32 {
        self.open + self.in_progress + self.on_hold
    }
}

/// One row per agent with something not closed, the busiest first (the unassigned row
/// last, whatever its size: it is nobody's load).
pub fn workload<'a>(tickets: impl Iterator<Item = &'a Ticket>, now: Timestamp) -> Vec<Load> {
    let mut rows: BTreeMap<Option<super::Shared>, Load> = BTreeMap::new();
    for t in tickets.filter(|t| t.status != TicketStatus::Closed) {
        let row = rows
            .entry(t.assignee_id.clone())
            .or_insert_with(|| Load { agent: t.assignee_id.clone(), ..Load::default() });
        match t.status {
            TicketStatus::Open => row.open += 1,
            TicketStatus::InProgress => row.in_progress += 1,
            TicketStatus::OnHold => row.on_hold += 1,
            TicketStatus::Closed | TicketStatus::Unknown => {}
        }
        row.breaching += u32::from(sla::breaching(t, now));
        row.oldest = match (row.oldest, t.created_at) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
    }
    let mut rows: Vec<Load> = rows.into_values().collect();
    rows.sort_by(|a, b| {
        (a.agent.is_none(), b.active(), b.breaching, &a.agent).cmp(&(
            b.agent.is_none(),
            a.active(),
            a.breaching,
            &b.agent,
        ))
    });
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(agent: Option<&str>, status: TicketStatus, created: &str) -> Ticket {
        Ticket {
            assignee_id: agent.map(Into::into),
            status,
            created_at: Some(created.parse().unwrap()),
            reply_sla_minutes: Some(60),
            ..Ticket::default()
        }
    }

    #[test]
    fn counts_per_agent_the_busiest_first_and_the_unassigned_last() {
        let now: Timestamp = "2026-12-01T12:00:00Z".parse().unwrap();
        let all = [
            t(Some("ana"), TicketStatus::Open, "2026-12-01T11:30:00Z"),
            t(Some("ana"), TicketStatus::OnHold, "2026-11-20T08:00:00Z"),
            t(Some("bo"), TicketStatus::InProgress, "2026-12-01T09:00:00Z"),
            t(Some("bo"), TicketStatus::Closed, "2026-10-01T09:00:00Z"),
            t(None, TicketStatus::Open, "2026-12-01T09:00:00Z"),
            t(None, TicketStatus::Open, "2026-12-01T09:00:00Z"),
            t(None, TicketStatus::Open, "2026-12-01T09:00:00Z"),
        ];
        let rows = workload(all.iter(), now);
        let names: Vec<Option<&str>> = rows.iter().map(|r| r.agent.as_deref()).collect();
        assert_eq!(names, vec![Some("ana"), Some("bo"), None]);
        assert_eq!((rows[0].open, rows[0].on_hold, rows[0].active()), (1, 1, 2));
        assert_eq!(rows[0].oldest, Some("2026-11-20T08:00:00Z".parse().unwrap()));
        // 30 minutes into an hour's SLA is not breaching; three hours unanswered is.
        assert_eq!((rows[0].breaching, rows[2].breaching), (1, 3));
        assert_eq!(rows[1].in_progress, 1, "the closed one is nobody's load");
    }
}
