//! The command language of COMMANDS.md: one table of commands (name, aliases, arguments, help)
//! and the parser that turns `assign maria` into what it means, for the `:` line and the
//! scripting CLI alike. Names are resolved against the workspace's agents and tags here, so
//! both say the same thing about a bad argument.

pub mod action;
pub(crate) mod args;
pub mod library;
mod place;
mod plan;
mod table;
pub mod template;
pub mod when;
mod work;

pub use args::{Values, agent, customer, priority, status};
pub use place::Place;
pub use plan::{Command, Plan, Step, TagOp, Work};
pub use table::{COMMANDS, LINE_KEYS, Run, Spec, lookup};
pub use work::{NewInputs, field, new_ticket, pick_file, ticket_type};

use crate::desk::fields::Catalog;
use crate::desk::{Agent, TagRef, Ticket};

/// A tag by name (exact, else the one best fuzzy match).
pub fn tag(name: &str, tags: &[TagRef]) -> Result<TagRef, String> {
    args::tag_edit(name.trim_start_matches(['+', '-']), tags).map(|(_, tag)| tag)
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
    /// Saved replies and macros.
    pub library: &'a library::Library,
}

/// Parse one command line (`status closed`, `assign me`, `tag +Bug -Spam`) by its row's
/// handler. An error says what was expected; nothing has been sent.
pub fn parse(line: &str, words: &Words) -> Result<Command, String> {
    let line = line.trim();
    let (name, rest) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
    let rest = rest.trim();
    // `:1042` and `:#1042` are `goto 1042`.
    if let Some(number) = crate::desk::ticket_number(name).filter(|_| rest.is_empty()) {
        return Ok(Command::Console(action::Action::Goto(number)));
    }
    let spec = lookup(name).ok_or_else(|| unknown_command(name))?;
    if rest.is_empty() && !spec.needs.is_empty() {
        return Err(format!("{} needs {} ({} {})", spec.name, spec.needs, spec.name, spec.args));
    }
    if spec.values == Values::None && !rest.is_empty() {
        return Err(format!("{} takes no arguments (got {rest:?})", spec.name));
    }
    match &spec.run {
        Run::Plan(run) => run(rest, words).map(Command::Plan),
        Run::Work(run) => run(rest, words).map(Command::Work),
        Run::Console(run) => run(rest, words).map(Command::Console),
        Run::Act(action) => Ok(Command::Console(action.clone())),
    }
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
