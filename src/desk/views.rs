//! Saved views (COMMANDS.md): named slices of the inbox, counted and shown locally over the
//! cached tickets. A view's names (agents, "me") are resolved once, when the agents are
//! known, so counting 100,000 tickets is a pass of plain comparisons.

use jiff::Timestamp;

use super::{Agent, Priority, Ticket, TicketStatus, sla};

/// Row order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    #[default]
    Updated,
    Created,
    Priority,
    /// The reply clock: the most urgent first, tickets without a clock last.
    Due,
}

impl Sort {
    pub const ALL: [Sort; 4] = [Sort::Updated, Sort::Created, Sort::Priority, Sort::Due];

    pub fn next(self) -> Sort {
        let at = Sort::ALL.iter().position(|s| *s == self).unwrap_or(0);
        Sort::ALL[(at + 1) % Sort::ALL.len()]
    }
    pub fn label(self) -> &'static str {
        match self {
            Sort::Updated => "last updated",
            Sort::Created => "created",
            Sort::Priority => "priority",
            Sort::Due => "due",
        }
    }
    /// A view's `sort = "…"`.
    pub fn parse(word: &str) -> Option<Sort> {
        match word {
            "updated" | "last updated" => Some(Sort::Updated),
            "created" => Some(Sort::Created),
            "priority" => Some(Sort::Priority),
            "due" => Some(Sort::Due),
            _ => None,
        }
    }
}

/// What a view does when a sync brings tickets into it (`[notify]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Notify {
    #[default]
    Off,
    Bell,
    Desktop,
}

impl Notify {
    pub fn parse(word: &str) -> Option<Notify> {
        match word {
            "off" => Some(Notify::Off),
            "bell" => Some(Notify::Bell),
            "desktop" => Some(Notify::Desktop),
            _ => None,
        }
    }
}

/// Whose tickets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Who {
    Me,
    Nobody,
    /// An agent by name or email (case-insensitive).
    Agent(String),
}

/// A view as the config gives it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct View {
    pub name: String,
    /// Any of these (none: any status).
    pub status: Vec<TicketStatus>,
    /// Any of these; `None` in the list is "no priority".
    pub priority: Vec<Option<Priority>>,
    pub assignee: Option<Who>,
    /// Customers whose name holds this (lower case).
    pub customer: Option<String>,
    /// A tag's name (lower case).
    pub tag: Option<String>,
    pub snoozed: Option<bool>,
    pub breaching: Option<bool>,
    /// The customer wrote since the agent last opened it in triage.
    pub unread: Option<bool>,
    pub sort: Option<Sort>,
    pub notify: Notify,
}

impl View {
    /// What triage offers when the config has no views.
    pub fn defaults() -> Vec<View> {
        let active = vec![TicketStatus::Open, TicketStatus::InProgress, TicketStatus::OnHold];
        let view = |name: &str| View { name: name.into(), status: active.clone(), ..View::default() };
        vec![
            View { assignee: Some(Who::Me), ..view("Mine") },
            View { assignee: Some(Who::Nobody), ..view("Unassigned") },
            View { breaching: Some(true), sort: Some(Sort::Due), ..view("Breaching") },
            View { snoozed: Some(true), ..view("Snoozed") },
            View { unread: Some(true), ..View { name: "Unread".into(), ..View::default() } },
            view("All open"),
            View { name: "All".into(), ..View::default() },
        ]
    }

    /// It asks about the reply clock or snoozes, which only a desk with them can fill.
    pub fn needs_clocks(&self) -> bool {
        self.breaching.is_some() || self.snoozed.is_some() || self.sort == Some(Sort::Due)
    }

    /// It holds every ticket (no condition at all).
    pub fn is_everything(&self) -> bool {
        *self == View { name: self.name.clone(), notify: self.notify, ..View::default() }
    }

    /// The view with its names resolved: `me` (an email) and agents' names become ids. An
    /// agent nobody has matches no ticket (and `me` unset matches none), rather than all.
    pub fn resolve(&self, agents: &[Agent], me: Option<&str>) -> Lens {
        let find = |name: &str| {
            let hit = agents.iter().find(|a| a.email.eq_ignore_ascii_case(name) || a.name.eq_ignore_ascii_case(name));
            hit.map(|a| a.id.clone()).unwrap_or_else(|| "\u{0}nobody".into())
        };
        let assignee = self.assignee.as_ref().map(|who| match who {
            Who::Nobody => None,
            Who::Me => Some(me.map_or_else(|| "\u{0}nobody".into(), find)),
            Who::Agent(name) => Some(find(name)),
        });
        let statuses = mask(self.status.iter().map(|s| status_bit(*s)));
        let priorities = mask(self.priority.iter().map(|p| priority_bit(*p)));
        Lens { view: self.clone(), assignee, assignee_key: None, statuses, priorities }
    }
}

/// The bits of a set of conditions; no condition is every bit.
fn mask(bits: impl Iterator<Item = u8>) -> u8 {
    match bits.fold(0, |m, b| m | b) {
        0 => u8::MAX,
        m => m,
    }
}

fn status_bit(s: super::TicketStatus) -> u8 {
    1 << (s as u8)
}

fn priority_bit(p: Option<Priority>) -> u8 {
    match p {
        None => 1,
        Some(Priority::Low) => 2,
        Some(Priority::Medium) => 4,
        Some(Priority::High) => 8,
        Some(Priority::Critical) => 16,
    }
}

/// A ticket as the views count it: a few words, one per ticket beside the inbox (its
/// assignee as a small number handed out by the counter).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Row {
    status: super::TicketStatus,
    priority: Option<Priority>,
    assignee: Option<u32>,
    clock: sla::Facts,
    /// The customer wrote since the agent last opened it (the console's knowledge, not the
    /// ticket's: set by whoever keeps the rows).
    pub unread: bool,
}

impl Row {
    pub fn unread(self, unread: bool) -> Row {
        Row { unread, ..self }
    }

    pub fn of(t: &Ticket, intern: &mut impl FnMut(&str) -> u32) -> Row {
        Row {
            status: t.status,
            priority: t.priority,
            assignee: t.assignee_id.as_deref().map(intern),
            clock: sla::Facts::of(t),
            unread: false,
        }
    }
}

/// The view named `name`: exactly (ignoring case), else the one best fuzzy match (never a
/// guess between two), as agents and tags are named.
pub fn find(name: &str, views: &[View]) -> Result<usize, String> {
    let names: Vec<String> = views.iter().map(|v| v.name.clone()).collect();
    crate::support::fuzzy::named(name, &names, "view")
}

/// A view ready to match tickets.
#[derive(Debug, Clone, PartialEq)]
pub struct Lens {
    pub view: View,
    /// `Some(None)`: unassigned; `Some(Some(id))`: that agent's.
    assignee: Option<Option<String>>,
    /// The same agent as the counter numbers it (see `Row`).
    assignee_key: Option<Option<u32>>,
    /// The statuses and priorities it holds, as bits (every bit: any).
    statuses: u8,
    priorities: u8,
}

impl Lens {
    /// Number the agent the way the counter numbers the rows' assignees.
    pub fn key_assignee(&mut self, intern: &mut impl FnMut(&str) -> u32) {
        self.assignee_key = self.assignee.as_ref().map(|a| a.as_deref().map(&mut *intern));
    }

    pub fn matches(&self, t: &Ticket, now: Timestamp) -> bool {
        let mine = self.assignee.as_ref().is_none_or(|a| t.assignee_id.as_deref() == a.as_deref());
        self.check(t.status, t.priority, mine, &sla::Facts::of(t), t, now, false)
    }

    /// As `matches`, reading the compact row (and the ticket only for a tag or a customer).
    pub fn matches_row(&self, row: &Row, t: &Ticket, now: Timestamp) -> bool {
        let mine = self.assignee_key.as_ref().is_none_or(|a| row.assignee == *a);
        self.check(row.status, row.priority, mine, &row.clock, t, now, row.unread)
    }

    /// Cheapest conditions first: most tickets fail on their status or assignee.
    #[allow(clippy::too_many_arguments)] // a row's facts, spread so the two callers share one test
    fn check(
        &self,
        status: super::TicketStatus,
        priority: Option<Priority>,
        assignee_ok: bool,
        clock: &sla::Facts,
        t: &Ticket,
        now: Timestamp,
        unread: bool,
    ) -> bool {
        let v = &self.view;
        self.statuses & status_bit(status) != 0
            && assignee_ok
            && self.priorities & priority_bit(priority) != 0
            && v.snoozed.is_none_or(|s| clock.snoozed(now) == s)
            && v.tag.as_ref().is_none_or(|tag| t.tags.iter().any(|x| x.name.eq_ignore_ascii_case(tag)))
            && v.customer.as_ref().is_none_or(|c| contains_folded(&t.customer_name, c))
            && v.breaching.is_none_or(|b| clock.breaching(now) == b)
            && v.unread.is_none_or(|u| unread == u)
    }
}

/// `haystack` holds `needle` (already lower case), ignoring case, without allocating for the
/// common ASCII name.
fn contains_folded(haystack: &str, needle: &str) -> bool {
    if haystack.is_ascii() {
        let (h, n) = (haystack.as_bytes(), needle.as_bytes());
        n.is_empty() || h.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n))
    } else {
        haystack.to_lowercase().contains(needle)
    }
}

#[cfg(test)]
#[path = "views_tests.rs"]
mod tests;
