//! A glance for a status bar: a few counts over the whole inbox, and the template
//! (`{open} open · {breaching} breaching · {sla}% in SLA`) that prints them on one line.
//! The console keeps the last one in its cache after every whole sync, so `triage stats
//! --format` answers from there without the network while it is fresh.

use jiff::{Timestamp, ToSpan};
use serde::{Deserialize, Serialize};

use super::attainment::{self, Window};
use super::{Ticket, TicketStatus, sla};
use crate::support::calendar::Grain;

/// The window `{sla}` covers, in days up to today.
pub const SLA_DAYS: i64 = 30;

/// How long a glance the console saved is good for (its background sync runs every minute).
pub const FRESH_SECS: i64 = 180;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Glance {
    pub open: u64,
    pub in_progress: u64,
    pub on_hold: u64,
    /// Everything not closed.
    pub active: u64,
    pub mine: u64,
    pub unassigned: u64,
    pub breaching: u64,
    /// Percent of the last 30 days' conversations first answered within their reply SLA.
    pub sla: Option<f64>,
    pub created_today: u64,
    pub resolved_today: u64,
    /// When it was counted, and for whom (`mine`).
    pub at: Timestamp,
    pub me: Option<String>,
}

pub const PLACEHOLDERS: [&str; 10] = [
    "open",
    "in_progress",
    "on_hold",
    "active",
    "mine",
    "unassigned",
    "breaching",
    "sla",
    "created_today",
    "resolved_today",
];

/// Count `tickets` at `now`; `me` is the agent's email and `me_id` its id.
pub fn glance<'a>(
    tickets: impl Iterator<Item = &'a Ticket> + Clone,
    now: Timestamp,
    tz: &jiff::tz::TimeZone,
    me: (Option<String>, Option<&str>),
) -> Glance {
    let today = now.to_zoned(tz.clone()).date();
    let on_today = |t: Option<Timestamp>| t.is_some_and(|t| t.to_zoned(tz.clone()).date() == today);
    let mut g = Glance { at: now, me: me.0, ..Glance::default() };
    for t in tickets.clone() {
        let active = t.status != TicketStatus::Closed;
        g.open += u64::from(t.status == TicketStatus::Open);
        g.in_progress += u64::from(t.status == TicketStatus::InProgress);
        g.on_hold += u64::from(t.status == TicketStatus::OnHold);
        g.active += u64::from(active);
        g.mine += u64::from(active && me.1.is_some() && t.assignee_id.as_deref() == me.1);
        g.unassigned += u64::from(active && t.assignee_id.is_none());
        g.breaching += u64::from(sla::breaching(t, now));
        g.created_today += u64::from(on_today(t.created_at));
        g.resolved_today += u64::from(t.status == TicketStatus::Closed && on_today(t.closed_at));
    }
    let window =
        Window { start: today - (SLA_DAYS - 1).days(), end: today, grain: Grain::Month, now, tz, working: false };
    g.sla = attainment::report(tickets, &window).overall.share().map(|s| s * 100.0);
    g
}

impl Glance {
    /// A placeholder's number (`Some(None)`: an SLA share with nothing to measure yet);
    /// `None` for a name that is no placeholder.
    pub fn field(&self, name: &str) -> Option<Option<f64>> {
        let count = |n: u64| Some(Some(n as f64));
        match name {
            "open" => count(self.open),
            "in_progress" => count(self.in_progress),
            "on_hold" => count(self.on_hold),
            "active" => count(self.active),
            "mine" => count(self.mine),
            "unassigned" => count(self.unassigned),
            "breaching" => count(self.breaching),
            "sla" => Some(self.sla),
            "created_today" => count(self.created_today),
            "resolved_today" => count(self.resolved_today),
            _ => None,
        }
    }

    /// A placeholder's value as the line prints it (whole numbers; `—` for no SLA share).
    pub fn value(&self, name: &str) -> Option<String> {
        self.field(name).map(|v| v.map_or("—".into(), |v| format!("{v:.0}")))
    }

    pub fn fresh(&self, now: Timestamp, me: Option<&str>) -> bool {
        let age = now.duration_since(self.at).as_secs();
        (0..=FRESH_SECS).contains(&age) && self.me.as_deref() == me
    }
}

/// Fill `template`'s `{name}`s (`{{` and `}}` are braces); an unknown name is an error
/// naming the valid ones.
pub fn format(template: &str, g: &Glance) -> Result<String, String> {
    use crate::support::placeholders::{Unfilled, fill};
    fill(template, |name| g.value(name)).map_err(|e| match e {
        Unfilled::LoneBrace => "a lone brace: write {{ or }}".to_string(),
        Unfilled::Unknown(name) => {
            let shown: String = name.chars().filter(|c| !c.is_control()).take(40).collect();
            format!(
                "unknown placeholder {{{shown}}}; the valid ones: {}",
                PLACEHOLDERS.map(|p| format!("{{{p}}}")).join(" ")
            )
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Glance {
        Glance {
            open: 12,
            breaching: 3,
            sla: Some(81.6),
            at: "2026-12-01T12:00:00Z".parse().unwrap(),
            ..Glance::default()
        }
    }

    #[test]
    fn a_template_is_filled_and_braces_escape() {
        let line = format("{open} open · {breaching} breaching · {sla}% in SLA {{x}}", &sample()).unwrap();
        assert_eq!(line, "12 open · 3 breaching · 82% in SLA {x}");
    }

    #[test]
    fn an_unknown_placeholder_names_the_valid_ones() {
        let e = format("{opne} open", &sample()).unwrap_err();
        assert!(e.contains("{opne}") && e.contains("{open}") && e.contains("{resolved_today}"), "{e}");
        assert!(format("{open", &sample()).is_err());
    }

    #[test]
    fn fresh_for_three_minutes_and_for_the_same_agent() {
        let g = Glance { me: Some("maria@acme.dev".into()), ..sample() };
        let at = |s: &str| s.parse::<Timestamp>().unwrap();
        assert!(g.fresh(at("2026-12-01T12:02:59Z"), Some("maria@acme.dev")));
        assert!(!g.fresh(at("2026-12-01T12:03:01Z"), Some("maria@acme.dev")));
        assert!(!g.fresh(at("2026-12-01T12:01:00Z"), None));
    }
}
