//! The command language of COMMANDS.md: one table of commands (name, aliases, arguments, help)
//! and the parser that turns `assign maria` into what it means, for the `:` line and the
//! scripting CLI alike. Names are resolved against the workspace's agents and tags here, so
//! both say the same thing about a bad argument.

mod args;

pub use args::{agent, priority, status};

use super::{Agent, Change, TagRef, Ticket, TicketStatus};

/// One command of the language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spec {
    pub name: &'static str,
    pub aliases: &'static [&'static str],
    /// What the arguments are, for help and errors.
    pub args: &'static str,
    /// Which values complete its first argument.
    pub values: Values,
    pub help: &'static str,
    /// It changes tickets (and so applies to the marked ones, or the current one).
    pub triage: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Values {
    None,
    Statuses,
    Agents,
    Tags,
    Priorities,
    Text,
}

const fn spec(name: &'static str, args: &'static str, values: Values, help: &'static str, triage: bool) -> Spec {
    Spec { name, aliases: &[], args, values, help, triage }
}

/// Every command, in the order help lists them.
pub const COMMANDS: &[Spec] = &[
    spec("status", "open|in_progress|on_hold|closed", Values::Statuses, "set the status", true),
    spec("close", "", Values::None, "status closed", true),
    spec("reopen", "", Values::None, "status open", true),
    spec("hold", "", Values::None, "status on hold", true),
    spec("assign", "AGENT|me|none", Values::Agents, "assign to an agent (fuzzy), yourself, or nobody", true),
    spec("tag", "NAME|+NAME|-NAME …", Values::Tags, "toggle, add or remove tags", true),
    Spec {
        aliases: &["prio"],
        ..spec("priority", "low|medium|high|critical|none", Values::Priorities, "set the priority", true)
    },
    spec("reply", "[TEXT]", Values::Text, "reply to the customer (no text: the composer)", false),
    spec("note", "[TEXT]", Values::Text, "a private note (no text: the composer)", false),
    spec("undo", "", Values::None, "undo the last change not yet undone", false),
    spec("open", "", Values::None, "the ticket's thread in the browser", false),
    spec("copy", "", Values::None, "copy the ticket's link", false),
    spec("refresh", "", Values::None, "load everything again", false),
    spec("help", "", Values::None, "the keys and commands", false),
    spec("quit", "", Values::None, "quit", false),
];

/// The command named `word` (or one of its aliases).
pub fn lookup(word: &str) -> Option<&'static Spec> {
    COMMANDS.iter().find(|c| c.name == word || c.aliases.contains(&word))
}

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
    Quit,
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
}

/// Parse one command line (`status closed`, `assign me`, `tag +Bug -Spam`). An error says
/// what was expected; nothing has been sent.
pub fn parse(line: &str, words: &Words) -> Result<Verb, String> {
    let line = line.trim();
    let (name, rest) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
    let rest = rest.trim();
    let spec = lookup(name).ok_or_else(|| unknown_command(name))?;
    let needs = |what: &str| format!("{} needs {what} ({} {})", spec.name, spec.name, spec.args);
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
        _ => Verb::Quit,
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
    let near =
        names.iter().map(|n| (strsim::damerau_levenshtein(name, n), *n)).filter(|(distance, _)| *distance <= 2).min();
    match near {
        Some((_, near)) if !name.is_empty() => format!("unknown command {name:?} (did you mean {near}?)"),
        _ => format!("unknown command {name:?}; the commands: {}", names.join(", ")),
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
    let values = args::values(spec.values, words);
    crate::support::fuzzy::fuzzy(typed, values.iter().map(String::as_str))
        .into_iter()
        .map(|i| format!("{sign}{}", values[i]))
        .collect()
}

#[cfg(test)]
mod tests;
