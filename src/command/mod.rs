//! The command language of COMMANDS.md: one table of commands (name, aliases, arguments, help)
//! and the parser that turns `assign maria` into what it means, for the `:` line and the
//! scripting CLI alike. Names are resolved against the workspace's agents and tags here, so
//! both say the same thing about a bad argument.

pub(crate) mod args;
mod table;
pub mod when;
mod work;

pub use args::{agent, customer, priority, status};
pub use table::{COMMANDS, Kind, Place, Spec, Ui, Values, lookup};
pub use work::{NewInputs, new_ticket, pick_file, ticket_type};

use crate::desk::fields::Catalog;
use crate::desk::{Agent, Change, TagRef, Ticket, TicketStatus};

/// A tag by name (exact, else the one best fuzzy match).
pub fn tag(name: &str, tags: &[TagRef]) -> Result<TagRef, String> {
    args::tag_edit(name.trim_start_matches(['+', '-']), tags).map(|(_, tag)| tag)
}

/// What a command line asks for, its names resolved.
#[derive(Debug, Clone, PartialEq)]
pub enum Verb {
    /// One change for every target.
    Set(Change),
    /// Tag edits, which depend on each ticket's tags (a bare name toggles).
    Tags(Vec<(TagOp, TagRef)>),
    /// A reply or a note; without text the composer opens.
    Reply {
        note: bool,
        text: Option<String>,
    },
    Undo,
    Open,
    Copy,
    Refresh,
    Help,
    /// The last notices, with their times.
    Messages,
    Quit,
    /// One of the console's own commands (moving, the screens, the prompts).
    Ui(Ui),
    /// Show the view of that name (fuzzy; resolved by the console).
    View(String),
    /// Select the ticket of this number (`goto 1042`, `:#1042`).
    Goto(u64),
    /// Ask for an approval, of an agent (by id) when named.
    Approval {
        title: String,
        approver: Option<String>,
    },
    /// Save one of the ticket's files (by its number in the list, or its name).
    Download {
        file: String,
        dir: Option<String>,
    },
    /// Add a file to the message being written.
    Attach(String),
    /// List the ticket's files, or its approval requests.
    Files,
    Approvals,
    /// Ask the knowledge base (the ticket's title when no query is given).
    Kb(Option<String>),
    /// Open a new conversation (the console's form).
    New,
    /// The outbox: listed, or one entry (by its number) sent anyway, dropped or edited.
    Outbox(Option<(OutboxAct, u64)>),
}

/// What the agent does with an outbox entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutboxAct {
    /// What can be done with it (a picker).
    Show,
    /// Send it, even over a conflict.
    Send,
    Drop,
    /// A reply back in the composer.
    Edit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TagOp {
    Toggle,
    Add,
    Remove,
}

impl Verb {
    /// The changes this verb makes to `ticket` (none when it already is so).
    pub fn changes_for(&self, ticket: &Ticket) -> Vec<Change> {
        match self {
            Verb::Set(change) => vec![change.clone()],
            Verb::Tags(edits) => edits
                .iter()
                .filter_map(|(op, tag)| {
                    let has = ticket.tags.iter().any(|t| t.id == tag.id);
                    match (op, has) {
                        (TagOp::Add, false) | (TagOp::Toggle, false) => Some(Change::AddTag(tag.clone())),
                        (TagOp::Remove, true) | (TagOp::Toggle, true) => Some(Change::RemoveTag(tag.clone())),
                        _ => None,
                    }
                })
                .collect(),
            _ => vec![],
        }
    }
}

/// What names resolve against: the workspace's agents and tags, and who "me" is.
#[derive(Debug, Clone, Copy)]
pub struct Words<'a> {
    pub agents: &'a [Agent],
    pub tags: &'a [TagRef],
    pub me: Option<&'a str>,
    /// The console's view names (none from the shell).
    pub views: &'a [String],
    /// The clock and the agent's zone, for `snooze tomorrow 9:00`.
    pub now: jiff::Timestamp,
    pub tz: &'a jiff::tz::TimeZone,
    /// The workspace's ticket and collaborator types.
    pub catalog: &'a Catalog,
    /// The ticket being worked on (whose type's fields `field` sets), when there is one.
    pub ticket: Option<&'a Ticket>,
}

/// Parse one command line (`status closed`, `assign me`, `tag +Bug -Spam`). An error says
/// what was expected; nothing has been sent.
pub fn parse(line: &str, words: &Words) -> Result<Verb, String> {
    let line = line.trim();
    let (name, rest) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
    let rest = rest.trim();
    // `:1042` and `:#1042` are `goto 1042`.
    if let Some(number) = crate::desk::ticket_number(name).filter(|_| rest.is_empty()) {
        return Ok(Verb::Goto(number));
    }
    let spec = lookup(name).ok_or_else(|| unknown_command(name))?;
    let needs = |what: &str| format!("{} needs {what} ({} {})", spec.name, spec.name, spec.args);
    if let Some(ui) = spec.ui {
        return match rest.is_empty() {
            true => Ok(Verb::Ui(ui)),
            false => Err(format!("{} takes no arguments (got {rest:?})", spec.name)),
        };
    }
    let verb = match spec.name {
        "status" if rest.is_empty() => return Err(needs("a status")),
        "status" => Verb::Set(Change::Status(args::status(rest)?)),
        "close" => Verb::Set(Change::Status(TicketStatus::Closed)),
        "reopen" => Verb::Set(Change::Status(TicketStatus::Open)),
        "hold" => Verb::Set(Change::Status(TicketStatus::OnHold)),
        "assign" if rest.is_empty() => return Err(needs("an agent")),
        "assign" => Verb::Set(Change::Assignee(args::agent(rest, words)?)),
        "tag" if rest.is_empty() => return Err(needs("a tag")),
        "tag" => Verb::Tags(args::tag_edits(rest, words.tags)?),
        "priority" if rest.is_empty() => return Err(needs("a priority")),
        "priority" => Verb::Set(Change::Priority(args::priority(rest)?)),
        "reply" | "note" => {
            Verb::Reply { note: spec.name == "note", text: Some(rest.to_string()).filter(|t| !t.is_empty()) }
        }
        "undo" => Verb::Undo,
        "open" => Verb::Open,
        "copy" => Verb::Copy,
        "refresh" => Verb::Refresh,
        "help" => Verb::Help,
        "messages" => Verb::Messages,
        "quit" => Verb::Quit,
        "snooze" if rest.is_empty() => return Err(needs("a time")),
        "snooze" => Verb::Set(Change::Snooze(Some(when::when(rest, words.now, words.tz)?))),
        "unsnooze" => Verb::Set(Change::Snooze(None)),
        "title" => Verb::Set(Change::Title(args::title(rest)?)),
        "follow" | "unfollow" => {
            let agent = args::agent("me", words)?.ok_or("follow needs your agent (me)")?;
            Verb::Set(Change::Follow { agent, on: spec.name == "follow" })
        }
        "type" if rest.is_empty() => return Err(needs("a ticket type")),
        "type" => Verb::Set(work::ticket_type(rest, words)?),
        "field" if rest.is_empty() => return Err(needs("a field and its value")),
        "field" => Verb::Set(work::field(rest, words)?),
        "collaborator" => Verb::Set(work::collaborator(rest, words)?),
        "approval" if rest.is_empty() => return Err(needs("a title")),
        "approval" => work::approval(rest, words)?,
        "approvals" => Verb::Approvals,
        "files" => Verb::Files,
        "download" => work::download(rest)?,
        "attach" if rest.is_empty() => return Err(needs("a file's path")),
        "attach" => Verb::Attach(rest.to_string()),
        "kb" => Verb::Kb(Some(rest.to_string()).filter(|q| !q.is_empty())),
        "new" => Verb::New,
        "outbox" => Verb::Outbox(work::outbox(rest)?),
        "view" if rest.is_empty() => return Err(needs("a view's name")),
        "view" => Verb::View(rest.to_string()),
        "goto" => Verb::Goto(crate::desk::ticket_number(rest).ok_or_else(|| needs("a ticket number"))?),
        _ => return Err(unknown_command(name)),
    };
    let takes_rest = spec.values != Values::None;
    if !takes_rest && !rest.is_empty() {
        return Err(format!("{} takes no arguments (got {rest:?})", spec.name));
    }
    Ok(verb)
}

/// "unknown command …", with the nearest name when one is close.
pub fn unknown_command(name: &str) -> String {
    let names: Vec<&str> = COMMANDS.iter().map(|c| c.name).collect();
    let headless: Vec<&str> = COMMANDS.iter().filter(|c| c.headless()).map(|c| c.name).collect();
    let near =
        names.iter().map(|n| (strsim::damerau_levenshtein(name, n), *n)).filter(|(distance, _)| *distance <= 2).min();
    match near {
        Some((_, near)) if !name.is_empty() => format!("unknown command {name:?} (did you mean {near}?)"),
        _ => format!("unknown command {name:?}; the commands on tickets: {}, …", headless.join(", ")),
    }
}

/// Completions for the word being typed at the end of `line`: command names first, then the
/// values of the command's argument. Fuzzy, best first.
pub fn complete(line: &str, words: &Words) -> Vec<String> {
    let (name, rest) = match line.split_once(char::is_whitespace) {
        None => {
            let names = COMMANDS.iter().map(|c| c.name);
            return crate::support::fuzzy::fuzzy(line, names.clone())
                .into_iter()
                .map(|i| COMMANDS[i].name.into())
                .collect();
        }
        Some(split) => split,
    };
    let Some(spec) = lookup(name) else { return vec![] };
    let typed = rest.rsplit(char::is_whitespace).next().unwrap_or("");
    let (sign, typed) = match typed.chars().next() {
        Some(c @ ('+' | '-')) if spec.values == Values::Tags => (c.to_string(), &typed[1..]),
        _ => (String::new(), typed),
    };
    let values = match spec.values {
        // After a field's label, its options; after a collaborator type, the agents.
        Values::Fields if rest.contains(char::is_whitespace) => work::field_choices(rest, words),
        Values::Collaborators if rest.contains(char::is_whitespace) => args::values(Values::Agents, words),
        kind => args::values(kind, words),
    };
    crate::support::fuzzy::fuzzy(typed, values.iter().map(String::as_str))
        .into_iter()
        .map(|i| format!("{sign}{}", values[i]))
        .collect()
}

#[cfg(test)]
mod tests;
