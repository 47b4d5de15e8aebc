//! The filter menu (`f`): a facet, then a value; each becomes a server-side `where`.

use super::picker::{Choice, Facet, PickOption, Picker};
use super::{AppState, Effect, Inbox, Overlay};
use crate::desk::InboxQuery;
use crate::desk::{Priority, TicketStatus};

fn option(label: impl Into<String>, detail: impl Into<String>, marked: bool, choice: Choice) -> PickOption {
    PickOption { label: label.into(), detail: detail.into(), marked, choice }
}

pub fn facet_picker(state: &AppState) -> Picker {
    let q = &state.inbox.query;
    let mut options = vec![
        option("status", describe_status(q.status), q.status.is_some(), Choice::Facet(Facet::Status)),
        option("assignee", describe_assignee(state, &q.assignee), q.assignee.is_some(), Choice::Facet(Facet::Assignee)),
        option("customer", describe_customer(state, &q.customer), q.customer.is_some(), Choice::Facet(Facet::Customer)),
        option("tag", describe_tag(state, &q.tag), q.tag.is_some(), Choice::Facet(Facet::Tag)),
        option("priority", describe_priority(q.priority), q.priority.is_some(), Choice::Facet(Facet::Priority)),
    ];
    if let Some(me) = &state.settings.me {
        options.push(option("mine", format!("assigned to {me}"), false, Choice::Facet(Facet::Mine)));
    }
    options.push(option("clear all filters", "", false, Choice::Facet(Facet::ClearAll)));
    Picker::new("Filter the inbox", options)
}

fn value_picker(state: &AppState, facet: Facet) -> Picker {
    let q = &state.inbox.query;
    match facet {
        Facet::Status => {
            let mut options = vec![option("any status", "", q.status.is_none(), Choice::Status(None))];
            options
                .extend(TicketStatus::ALL.map(|s| option(s.label(), "", q.status == Some(s), Choice::Status(Some(s)))));
            Picker::new("Status", options)
        }
        Facet::Assignee => {
            let mut options = vec![
                option("anyone", "", q.assignee.is_none(), Choice::Assignee(None)),
                option("unassigned", "", q.assignee == Some(None), Choice::Assignee(Some(None))),
            ];
            options.extend(state.directory.agents.iter().map(|a| {
                let chosen = q.assignee.as_ref().and_then(|x| x.as_deref()) == Some(a.id.as_str());
                option(&a.name, &a.email, chosen, Choice::Assignee(Some(Some(a.id.clone()))))
            }));
            Picker::new("Assignee", options)
        }
        Facet::Customer => {
            let mut customers: Vec<(String, String)> = Vec::new();
            for t in &state.inbox.tickets {
                if let Some(id) = &t.customer_id
                    && !customers.iter().any(|(c, _)| **c == **id)
                {
                    customers.push((id.to_string(), t.customer_name.to_string()));
                }
            }
            customers.sort_by_key(|c| c.1.to_lowercase());
            let mut options = vec![option("any customer", "", q.customer.is_none(), Choice::Customer(None))];
            options.extend(customers.into_iter().map(|(id, name)| {
                let chosen = q.customer.as_deref() == Some(id.as_str());
                option(name, "", chosen, Choice::Customer(Some(id)))
            }));
            Picker::new("Customer", options)
        }
        Facet::Tag => {
            let mut options = vec![option("any tag", "", q.tag.is_none(), Choice::Tag(None))];
            options.extend(
                state.directory.tags.iter().map(|t| {
                    option(&*t.name, "", q.tag.as_deref() == Some(&*t.id), Choice::Tag(Some(t.id.to_string())))
                }),
            );
            Picker::new("Tag", options)
        }
        Facet::Priority => {
            let mut options = vec![
                option("any priority", "", q.priority.is_none(), Choice::Priority(None)),
                option("none", "no priority set", q.priority == Some(None), Choice::Priority(Some(None))),
            ];
            options.extend(Priority::ALL.iter().rev().map(|&p| {
                option(p.label(), format!("{}", p as u8), q.priority == Some(Some(p)), Choice::Priority(Some(Some(p))))
            }));
            Picker::new("Priority", options)
        }
        Facet::Mine | Facet::ClearAll => Picker::new("", vec![]),
    }
}

/// Apply a choice from the filter menu.
pub fn choose(state: &mut AppState, choice: Choice) -> Vec<Effect> {
    let q = &mut state.inbox.query;
    match choice {
        Choice::Facet(Facet::Mine) => {
            let me = state.settings.me.clone().unwrap_or_default();
            match state.directory.by_email(&me).map(|a| a.id.clone()) {
                Some(id) => q.assignee = Some(Some(id)),
                None => {
                    state.say(super::Notice::Error(format!("no agent with the email {me} in this workspace")));
                    return vec![];
                }
            }
        }
        Choice::Facet(Facet::ClearAll) => *q = Default::default(),
        Choice::Facet(facet) => {
            state.view.overlay = Some(Overlay::Picker(value_picker(state, facet)));
            return vec![];
        }
        Choice::Status(s) => q.status = s,
        Choice::Assignee(a) => q.assignee = a,
        Choice::Customer(c) => q.customer = c,
        Choice::Tag(t) => q.tag = t,
        Choice::Priority(p) => q.priority = p,
        Choice::Run(_) => return vec![],
    }
    state.view.overlay = None;
    state.inbox.clear();
    state.reload_inbox()
}

pub fn describe_status(s: Option<TicketStatus>) -> String {
    s.map_or("any".into(), |s| s.label().into())
}

pub fn describe_assignee(state: &AppState, a: &Option<Option<String>>) -> String {
    match a {
        None => "anyone".into(),
        Some(None) => "unassigned".into(),
        Some(Some(id)) => state.directory.by_id(id).map_or_else(|| id.clone(), |a| a.name.clone()),
    }
}

pub fn describe_customer(state: &AppState, c: &Option<String>) -> String {
    match c {
        None => "any".into(),
        Some(id) => state
            .inbox
            .tickets
            .iter()
            .find(|t| t.customer_id.as_deref() == Some(id))
            .map_or_else(|| id.clone(), |t| t.customer_name.to_string()),
    }
}

pub fn describe_tag(state: &AppState, t: &Option<String>) -> String {
    match t {
        None => "any".into(),
        Some(id) => state
            .directory
            .tags
            .iter()
            .find(|tag| *tag.id == **id)
            .map_or_else(|| id.clone(), |tag| tag.name.to_string()),
    }
}

pub fn describe_priority(p: Option<Option<Priority>>) -> String {
    match p {
        None => "any".into(),
        Some(None) => "none".into(),
        Some(Some(p)) => p.label().into(),
    }
}

/// `2026-10-01..2026-11-20`, `2026-10-01..`, `..2026-11-20`, `30d` (the last 30 days), or
/// empty for no range.
pub fn parse_range(text: &str, today: jiff::civil::Date) -> Result<Option<crate::desk::DateRange>, String> {
    use jiff::ToSpan;
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let bad = || format!("{text:?} is not a range: try 2026-10-01..2026-11-20, 2026-10-01.. or 30d");
    if let Some(days) = text.strip_suffix('d').and_then(|d| d.parse::<i64>().ok()).filter(|d| *d > 0) {
        return Ok(Some((today - (days - 1).days(), None)));
    }
    let (from, to) = text.split_once("..").unwrap_or((text, ""));
    let date = |s: &str| -> Result<Option<jiff::civil::Date>, String> {
        if s.trim().is_empty() { Ok(None) } else { s.trim().parse().map(Some).map_err(|_| bad()) }
    };
    let (from, to) = (date(from)?, date(to)?);
    let from = from.unwrap_or(today - 29.days());
    match to {
        Some(to) if to < from => Err(format!("the range ends ({to}) before it starts ({from})")),
        to => Ok(Some((from, to))),
    }
}

/// "status: open · assignee: Maria Garcia", for the inbox header.
pub fn summary(state: &AppState) -> Vec<String> {
    let q = &state.inbox.query;
    let mut parts = Vec::new();
    if q.status.is_some() {
        parts.push(format!("status: {}", describe_status(q.status)));
    }
    if q.assignee.is_some() {
        parts.push(format!("assignee: {}", describe_assignee(state, &q.assignee)));
    }
    if q.customer.is_some() {
        parts.push(format!("customer: {}", describe_customer(state, &q.customer)));
    }
    if q.tag.is_some() {
        parts.push(format!("tag: {}", describe_tag(state, &q.tag)));
    }
    if q.priority.is_some() {
        parts.push(format!("priority: {}", describe_priority(q.priority)));
    }
    if let Some((from, to)) = q.created {
        let to = to.map_or("now".to_string(), |t| t.strftime("%b %-d").to_string());
        parts.push(format!("created: {} – {to}", from.strftime("%b %-d")));
    }
    parts
}

/// What `Esc` in the inbox let go of: the innermost thing only (never a filter or a view).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Escaped {
    /// The `/` text (the selection may have moved).
    Search,
    Marks,
    /// Nothing: filters stay (the agent is told how they change).
    FiltersStay,
    Nothing,
}

impl Inbox {
    /// `D`: the created-date range prompt's text, holding the range in force.
    pub fn range_text(&self) -> String {
        self.query.created.map_or(String::new(), |(from, to)| match to {
            Some(to) => format!("{from}..{to}"),
            None => format!("{from}.."),
        })
    }

    /// `Esc` in the inbox: the `/` text, else the marks.
    pub fn escape(&mut self) -> Escaped {
        if !self.search.is_empty() {
            self.set_search(String::new());
            Escaped::Search
        } else if !self.marked.is_empty() {
            self.marked.clear();
            Escaped::Marks
        } else if !self.query.is_empty() {
            Escaped::FiltersStay
        } else {
            Escaped::Nothing
        }
    }

    /// Every filter gone: the marks, the `/` text and the server's filters; whether the
    /// server's filters were set (the list must then be loaded again).
    pub fn clear_filters(&mut self) -> bool {
        self.marked.clear();
        self.set_search(String::new());
        let reload = !self.query.is_empty();
        self.query = InboxQuery::default();
        reload
    }
}

#[cfg(test)]
mod tests {
    use super::parse_range;

    #[test]
    fn ranges() {
        let today: jiff::civil::Date = "2026-11-20".parse().unwrap();
        let d = |s: &str| s.parse::<jiff::civil::Date>().unwrap();
        assert_eq!(parse_range("2026-10-01..2026-11-20", today), Ok(Some((d("2026-10-01"), Some(d("2026-11-20"))))));
        assert_eq!(parse_range("2026-10-01..", today), Ok(Some((d("2026-10-01"), None))));
        assert_eq!(parse_range("..2026-11-01", today), Ok(Some((d("2026-10-22"), Some(d("2026-11-01"))))));
        assert_eq!(parse_range("7d", today), Ok(Some((d("2026-11-14"), None))));
        assert_eq!(parse_range("", today), Ok(None));
        assert!(parse_range("yesterday", today).is_err());
        assert!(parse_range("2026-11-20..2026-11-01", today).unwrap_err().contains("before it starts"));
    }
}
