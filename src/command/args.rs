//! Arguments: statuses, priorities, agents and tags by name, each with the values that
//! complete it and an error that lists what was expected.

use super::Words;
use super::plan::TagOp;
use crate::desk::{Agent, Customer, Priority, TagRef, TicketStatus};
pub use crate::support::fuzzy::{best, named};

const STATUSES: [(&str, TicketStatus); 8] = [
    ("open", TicketStatus::Open),
    ("in_progress", TicketStatus::InProgress),
    ("on_hold", TicketStatus::OnHold),
    ("closed", TicketStatus::Closed),
    ("progress", TicketStatus::InProgress),
    ("hold", TicketStatus::OnHold),
    ("in-progress", TicketStatus::InProgress),
    ("on-hold", TicketStatus::OnHold),
];

pub fn status(word: &str) -> Result<TicketStatus, String> {
    let word = word.to_lowercase().replace(' ', "_");
    STATUSES
        .iter()
        .find(|(name, _)| *name == word)
        .map(|(_, s)| *s)
        .ok_or_else(|| format!("unknown status {word:?} (open, in_progress, on_hold, closed)"))
}

/// A new title: one line, not empty, as the sanitizer leaves it.
pub fn title(text: &str) -> Result<String, String> {
    let title = crate::support::sanitize::line(text).trim().to_string();
    if title.is_empty() {
        return Err("title needs the new title (title Export fails for large workspaces)".into());
    }
    Ok(title)
}

/// `None` clears the priority.
pub fn priority(word: &str) -> Result<Option<Priority>, String> {
    let word = word.to_lowercase();
    if word == "none" {
        return Ok(None);
    }
    let by_name = Priority::ALL.into_iter().find(|p| p.label().eq_ignore_ascii_case(&word));
    by_name
        .or_else(|| word.parse::<f64>().ok().and_then(Priority::from_number))
        .map(Some)
        .ok_or_else(|| format!("unknown priority {word:?} (low, medium, high, critical, none; or 3, 5, 7, 9)"))
}

/// An agent's id by name (fuzzy, but never a guess between two), `me` or `none`.
pub fn agent(words_typed: &str, words: &Words) -> Result<Option<String>, String> {
    match words_typed.to_lowercase().as_str() {
        "none" => return Ok(None),
        "me" => {
            let me = words.me.ok_or("\"me\" needs your agent email (--me, TRIAGE_ME or me in the profile)")?;
            let agent = words.agents.iter().find(|a| a.email.eq_ignore_ascii_case(me));
            return agent.map(|a| Some(a.id.clone())).ok_or_else(|| format!("no agent has the email {me:?}"));
        }
        _ => {}
    }
    let names: Vec<String> = words.agents.iter().map(label).collect();
    let agent = best(words_typed, &names, "agent")?;
    Ok(Some(words.agents[agent].id.clone()))
}

fn label(agent: &Agent) -> String {
    format!("{} <{}>", agent.name, agent.email)
}

/// The tags of a `tag` line, in order: `+Bug -Spam Data export` (a name of several words is
/// taken whole when the words spell it; one tag named twice keeps its last edit).
pub fn tag_edits(rest: &str, tags: &[TagRef]) -> Result<Vec<(TagOp, TagRef)>, String> {
    let words: Vec<&str> = rest.split_whitespace().collect();
    let mut edits: Vec<(TagOp, TagRef)> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        // The longest run of words from here that is exactly a tag's name, else one word.
        let spelled = (i + 1..=words.len()).rev().find(|&j| {
            let name = words[i..j].join(" ");
            tags.iter().any(|t| t.name.eq_ignore_ascii_case(name.trim_start_matches(['+', '-'])))
        });
        let j = spelled.unwrap_or(i + 1);
        let edit = tag_edit(&words[i..j].join(" "), tags)?;
        edits.retain(|(_, tag)| tag.id != edit.1.id);
        edits.push(edit);
        i = j;
    }
    Ok(edits)
}

/// `Bug` toggles, `+Bug` adds, `-Bug` removes.
pub fn tag_edit(word: &str, tags: &[TagRef]) -> Result<(TagOp, TagRef), String> {
    let (op, name) = match word.chars().next() {
        Some('+') => (TagOp::Add, &word[1..]),
        Some('-') => (TagOp::Remove, &word[1..]),
        _ => (TagOp::Toggle, word),
    };
    let names: Vec<String> = tags.iter().map(|t| t.name.to_string()).collect();
    Ok((op, tags[named(name, &names, "tag")?].clone()))
}

/// A customer by name: exact (ignoring case), else the one best fuzzy match.
pub fn customer<'a>(typed: &str, customers: &'a [Customer]) -> Result<&'a Customer, String> {
    let names: Vec<String> = customers.iter().map(|c| c.name.clone()).collect();
    named(typed, &names, "customer").map(|i| &customers[i])
}

/// Which values complete a command's argument.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Values {
    None,
    Statuses,
    Agents,
    Tags,
    Priorities,
    /// When a snooze ends (`2h`, `tomorrow 9:00`, `mon`).
    Times,
    Views,
    Text,
    /// A ticket's number (`1042`, `#1042`).
    Number,
    /// The workspace's ticket types.
    Types,
    /// The current ticket's fields, then the field's options.
    Fields,
    /// Collaborator types, then agents.
    Collaborators,
    /// The current ticket's files.
    Files,
    /// What an outbox entry takes (`send`, `drop`, `edit`), then its number.
    Outbox,
    /// The saved replies' names.
    Replies,
    /// The macros' names.
    Macros,
}

/// What completes an argument of this kind.
pub fn values(kind: Values, words: &Words) -> Vec<String> {
    match kind {
        Values::Statuses => STATUSES[..4].iter().map(|(n, _)| n.to_string()).collect(),
        Values::Priorities => ["low", "medium", "high", "critical", "none"].map(String::from).to_vec(),
        Values::Agents => {
            let mut names = vec!["me".to_string(), "none".to_string()];
            names.extend(words.agents.iter().map(|a| a.name.clone()));
            names
        }
        Values::Tags => words.tags.iter().map(|t| t.name.to_string()).collect(),
        Values::Views => words.views.to_vec(),
        Values::Times => ["1h", "4h", "tomorrow", "tomorrow 9:00", "mon", "1w"].map(String::from).to_vec(),
        Values::Types => {
            let mut names: Vec<String> = words.catalog.types.iter().map(|t| t.name.clone()).collect();
            names.push("none".into());
            names
        }
        Values::Collaborators => words.catalog.collaborator_types.iter().map(|t| t.key.clone()).collect(),
        Values::Replies => words.library.replies.iter().map(|r| r.name.clone()).collect(),
        Values::Macros => words.library.macros.iter().map(|m| m.name.clone()).collect(),
        Values::Fields => super::work::current_type(words)
            .map(|t| {
                t.visible(&words.ticket.map(|t| t.fields.clone()).unwrap_or_default())
                    .map(|f| f.label.clone())
                    .collect()
            })
            .unwrap_or_default(),
        Values::Outbox => ["send", "drop", "edit"].map(String::from).to_vec(),
        Values::None | Values::Text | Values::Number | Values::Files => vec![],
    }
}
