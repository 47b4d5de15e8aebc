//! A triage change to one or more tickets, applied locally first (optimistically) and then
//! on the server.

use super::InboxQuery;
use super::fields::{FieldValue, TypeRef};
use super::model::*;

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Change {
    Status(TicketStatus),
    /// `None` unassigns.
    Assignee(Option<String>),
    /// `None` clears the priority.
    Priority(Option<Priority>),
    AddTag(TagRef),
    RemoveTag(TagRef),
    /// Snoozed until then (`wakeUpAt`); `None` wakes it now (unsnooze).
    Snooze(Option<jiff::Timestamp>),
    Title(String),
    /// An agent (by id) follows it, or stops.
    Follow {
        agent: String,
        on: bool,
    },
    /// The ticket type (`None` clears it).
    Type(Option<TypeRef>),
    /// One field of the ticket's type (`None` clears it); a ticket of another type keeps
    /// its fields.
    Field {
        type_id: String,
        field: String,
        label: String,
        value: Option<FieldValue>,
    },
    /// A user in the collaborator slot of a type.
    Collaborator {
        type_id: String,
        agent: String,
    },
}

impl Change {
    /// Apply to a local copy of the ticket.
    pub fn apply_to(&self, t: &mut Ticket) {
        match self {
            Change::Status(s) => t.status = *s,
            Change::Assignee(a) => t.assignee_id = a.as_deref().map(super::shared),
            Change::Priority(p) => t.priority = *p,
            Change::AddTag(tag) => t.tags = super::with_tag(&t.tags, tag),
            Change::RemoveTag(tag) => t.tags = super::without_tag(&t.tags, tag),
            Change::Snooze(wake) => t.wake_at = *wake,
            Change::Title(title) => t.title = title.as_str().into(),
            Change::Follow { agent, on } => {
                t.followers.retain(|f| f != agent);
                if *on {
                    t.followers.push(agent.clone());
                }
            }
            Change::Type(ty) => t.ticket_type_id = ty.as_ref().map(|ty| super::shared(&ty.id)),
            Change::Field { type_id, field, value, .. } if t.ticket_type_id.as_deref() == Some(type_id.as_str()) => {
                match value {
                    Some(v) => _ = t.fields.insert(field.clone(), v.clone()),
                    None => _ = t.fields.remove(field),
                }
            }
            Change::Field { .. } => {}
            Change::Collaborator { type_id, agent } => {
                t.collaborators.retain(|(ty, _)| ty != type_id);
                t.collaborators.push((type_id.clone(), agent.clone()));
            }
        }
    }

    /// The change that puts `before` back, if applying `self` to it changed anything.
    pub fn inverse(&self, before: &Ticket) -> Option<Change> {
        let mut after = before.clone();
        self.apply_to(&mut after);
        if after == *before {
            return None;
        }
        Some(match self {
            Change::Status(_) => Change::Status(before.status),
            Change::Assignee(_) => Change::Assignee(before.assignee_id.as_deref().map(str::to_string)),
            Change::Priority(_) => Change::Priority(before.priority),
            Change::AddTag(tag) => Change::RemoveTag(tag.clone()),
            Change::RemoveTag(tag) => Change::AddTag(tag.clone()),
            Change::Snooze(_) => Change::Snooze(before.wake_at),
            Change::Title(_) => Change::Title(before.title.to_string()),
            Change::Follow { agent, on } => Change::Follow { agent: agent.clone(), on: !on },
            // The name of the type it had is not on the ticket: the undo says "restored".
            Change::Type(_) => Change::Type(
                before.ticket_type_id.as_deref().map(|id| TypeRef { id: id.to_string(), name: String::new() }),
            ),
            Change::Field { type_id, field, label, .. } => Change::Field {
                type_id: type_id.clone(),
                field: field.clone(),
                label: label.clone(),
                value: before.fields.get(field).cloned(),
            },
            // There is no call that takes a collaborator off: only another can replace one.
            Change::Collaborator { type_id, .. } => {
                let (_, agent) = before.collaborators.iter().find(|(ty, _)| ty == type_id)?;
                Change::Collaborator { type_id: type_id.clone(), agent: agent.clone() }
            }
        })
    }

    /// "status closed → open", "assignee Maria Garcia → none": what undoing `self` with
    /// `back` does, for the status bar.
    pub fn transition(&self, back: &Change, agent_name: impl Fn(&str) -> Option<String>) -> String {
        let (field, from) = self.field_value(&agent_name);
        let (_, to) = back.field_value(&agent_name);
        format!("{field} {from} → {to}")
    }

    /// The field a change sets, and the value it gives it.
    fn field_value(&self, agent_name: &impl Fn(&str) -> Option<String>) -> (String, String) {
        let name = |id: &String| agent_name(id).unwrap_or_else(|| id.clone());
        let (field, value) = match self {
            Change::Status(s) => ("status".into(), s.label().to_string()),
            Change::Assignee(a) => ("assignee".into(), a.as_ref().map_or("none".into(), name)),
            Change::Priority(p) => ("priority".into(), p.map_or("none".into(), |p| p.label().to_string())),
            Change::AddTag(tag) => (format!("tag {}", tag.name), "added".into()),
            Change::RemoveTag(tag) => (format!("tag {}", tag.name), "removed".into()),
            Change::Snooze(w) => {
                ("snooze".into(), w.map_or("none".into(), |w| w.strftime("%b %-d %H:%M UTC").to_string()))
            }
            Change::Title(title) => ("title".into(), format!("“{title}”")),
            Change::Follow { agent, on } => {
                (format!("{} following", name(agent)), if *on { "on" } else { "off" }.into())
            }
            Change::Type(ty) => ("type".into(), ty.as_ref().map_or("none".into(), |t| t.name.clone())),
            Change::Field { label, value, .. } => (
                label.clone(),
                value.as_ref().map_or("empty".into(), |v| super::fields::show_plain(v, |id| agent_name(id))),
            ),
            Change::Collaborator { agent, .. } => ("collaborator".into(), name(agent)),
        };
        (field, value)
    }

    /// "closed", "assigned to Maria Garcia", "tagged Bug" — for the status bar.
    pub fn describe(&self, agent_name: impl Fn(&str) -> Option<String>) -> String {
        match self {
            Change::Status(s) => format!("status {}", s.label()),
            Change::Assignee(None) => "unassigned".into(),
            Change::Assignee(Some(id)) => format!("assigned to {}", agent_name(id).unwrap_or_else(|| id.clone())),
            Change::Priority(None) => "priority cleared".into(),
            Change::Priority(Some(p)) => format!("priority {}", p.label()),
            Change::AddTag(tag) => format!("tagged {}", tag.name),
            Change::RemoveTag(tag) => format!("untagged {}", tag.name),
            Change::Snooze(None) => "unsnoozed".into(),
            Change::Snooze(Some(wake)) => format!("snoozed until {}", wake.strftime("%b %-d %H:%M UTC")),
            Change::Title(title) => format!("titled “{title}”"),
            Change::Follow { agent, on } => {
                let who = agent_name(agent).unwrap_or_else(|| agent.clone());
                if *on { format!("followed by {who}") } else { format!("unfollowed by {who}") }
            }
            Change::Type(None) => "ticket type cleared".into(),
            Change::Type(Some(ty)) if ty.name.is_empty() => "ticket type restored".into(),
            Change::Type(Some(ty)) => format!("type {}", ty.name),
            Change::Field { label, value: None, .. } => format!("{label} cleared"),
            Change::Field { label, value: Some(v), .. } => {
                format!("{label}: {}", super::fields::show_plain(v, |id| agent_name(id)))
            }
            Change::Collaborator { agent, .. } => {
                format!("collaborator {}", agent_name(agent).unwrap_or_else(|| agent.clone()))
            }
        }
    }
}

impl InboxQuery {
    /// Whether a ticket (as we now hold it) still matches the server-side filter.
    pub fn matches(&self, t: &Ticket) -> bool {
        self.status.is_none_or(|s| s == t.status)
            && self.assignee.as_ref().is_none_or(|a| a.as_deref() == t.assignee_id.as_deref())
            && self.customer.as_deref().is_none_or(|c| Some(c) == t.customer_id.as_deref())
            && self.tag.as_ref().is_none_or(|tag| t.tags.iter().any(|x| *x.id == **tag))
            && self.priority.is_none_or(|p| p == t.priority)
            && self.created.is_none_or(|(from, to)| {
                let day = t.created_at.map(|c| c.to_zoned(jiff::tz::TimeZone::UTC).date());
                day.is_some_and(|d| d >= from && to.is_none_or(|to| d <= to))
            })
    }
}
