//! `triage COMMAND TICKET… [ARGS]`: one command of the language on each named ticket, as the
//! console would run it on the marked ones.

use std::io::Read;

use super::output::{self, ticket_json};
use super::{Failure, Names};
use crate::command::library::Library;
use crate::command::template::{self, Vars};
use crate::command::{self, Command, Plan, Step, Values};
use crate::desk::{Change, Desk, Ticket};

/// What the raw words of the command line say.
#[derive(Debug, Default, PartialEq)]
struct Invocation {
    name: String,
    tickets: Vec<String>,
    rest: Vec<String>,
    json: bool,
    body_file: Option<String>,
    /// `--dir DIR` (download) and `--attach PATH` (reply, note).
    dir: Option<String>,
    attach: Vec<String>,
    /// `--saved NAME` (reply, note): a saved reply, filled for each ticket.
    saved: Option<String>,
}

/// A word that names a ticket: `1042`, `#1042`, or a conversation id (a UUID).
fn is_ticket(word: &str) -> bool {
    let number = word.strip_prefix('#').unwrap_or(word);
    let uuid =
        word.len() == 36 && word.chars().all(|c| c.is_ascii_hexdigit() || c == '-') && word.matches('-').count() == 4;
    (!number.is_empty() && number.chars().all(|c| c.is_ascii_digit())) || uuid
}

fn split(words: &[String]) -> Result<Invocation, Failure> {
    let (name, words) = words.split_first().ok_or_else(|| Failure::usage("which command?"))?;
    let mut inv = Invocation { name: name.clone(), ..Invocation::default() };
    let mut words = words.iter();
    while let Some(word) = words.next() {
        match word.as_str() {
            "--json" => inv.json = true,
            "--body-file" => {
                inv.body_file =
                    Some(words.next().ok_or_else(|| Failure::usage("--body-file needs a file (or -)"))?.clone())
            }
            "--dir" => inv.dir = Some(words.next().ok_or_else(|| Failure::usage("--dir needs a directory"))?.clone()),
            "--attach" => inv.attach.push(words.next().ok_or_else(|| Failure::usage("--attach needs a file"))?.clone()),
            "--saved" => inv.saved = Some(words.next().ok_or_else(|| Failure::usage("--saved needs a name"))?.clone()),
            // `triage macro NAME TICKET…`: the macro's name comes first.
            w if inv.name == "macro" && inv.tickets.is_empty() && inv.rest.is_empty() && !is_ticket(w) => {
                inv.rest.push(w.to_string())
            }
            w if inv.name == "macro" && is_ticket(w) => inv.tickets.push(w.to_string()),
            w if inv.rest.is_empty() && is_ticket(w) => inv.tickets.push(w.to_string()),
            w => inv.rest.push(w.to_string()),
        }
    }
    Ok(inv)
}

fn help(spec: &command::Spec) -> String {
    let args = if spec.args.is_empty() { String::new() } else { format!(" {}", spec.args) };
    format!(
        "{}\n\nUsage: triage {} TICKET…{args} [--json]\n\nTICKET is a number (1042 or #1042) or a conversation id.\n",
        spec.help, spec.name
    )
}

pub async fn run_verb<D: Desk>(
    desk: &D,
    words: &[String],
    me: Option<String>,
    library: Library,
) -> Result<(), Failure> {
    let mut inv = split(words)?;
    let spec = command::lookup(&inv.name).ok_or_else(|| Failure::usage(command::unknown_command(&inv.name)))?;
    if !spec.headless() {
        return Err(Failure::usage(format!(
            "{} works only in the console (triage console, then :{})",
            spec.name, spec.name
        )));
    }
    if inv.rest.iter().any(|w| w == "--help" || w == "-h") {
        print!("{}", help(spec));
        return Ok(());
    }
    // `triage priority 1042 9`: a number after the tickets is the argument a command needs.
    let needs_argument =
        matches!(spec.values, Values::Statuses | Values::Agents | Values::Tags | Values::Priorities | Values::Files);
    if needs_argument && inv.rest.is_empty() && inv.tickets.len() > 1 {
        inv.rest.extend(inv.tickets.pop());
    }
    if inv.tickets.is_empty() {
        return Err(Failure::usage(format!("{} needs at least one ticket (triage {} 1042 …)", spec.name, spec.name)));
    }
    if let Some(file) = &inv.body_file {
        inv.rest = vec![read_body(file)?];
    }
    let typed = matches!(spec.values, Values::Types | Values::Fields | Values::Collaborators);
    let mut names = if typed { Names::read_with_catalog(desk, me).await? } else { Names::read(desk, me).await? };
    names.library = library;
    let saved = saved_text(&inv, &names.library)?;
    let line = format!("{} {}", spec.name, inv.rest.join(" "));
    // Said before anything is sent: a bad argument changes no ticket.
    // (A field is checked per ticket below, against that ticket's type.)
    if spec.values != Values::Fields {
        command::parse(&line, &names.words()).map_err(Failure::usage)?;
    }
    let mut done = Vec::new();
    for key in &inv.tickets {
        let ticket = desk.find_ticket(key).await?;
        // A field is one of the ticket's own type: the line is read for each ticket.
        names.ticket = Some(ticket.clone());
        let extra = super::work::Extra { dir: inv.dir.as_deref(), attach: &inv.attach, json: inv.json };
        match command::parse(&line, &names.words()).map_err(Failure::usage)? {
            Command::Plan(plan) => done.push(run_plan(desk, &with_saved(plan, &saved), ticket, &names, &extra).await?),
            Command::Work(work) => super::work::apply(desk, &work, &ticket, &names, &extra).await?,
            Command::Console(_) => unreachable!("a headless row's handler makes a plan or work"),
        }
    }
    // The work commands printed their own answer; the others answer with the tickets.
    if inv.json && !done.is_empty() {
        let all: Vec<_> = done.iter().map(|t| ticket_json(t, &names.agents)).collect();
        println!("{}", output::json_text(&serde_json::Value::Array(all)));
    }
    Ok(())
}

/// `--saved NAME`: the saved reply's text, for a reply or a note given no text of its own.
fn saved_text(inv: &Invocation, library: &Library) -> Result<Option<String>, Failure> {
    let Some(name) = &inv.saved else { return Ok(None) };
    if !matches!(inv.name.as_str(), "reply" | "note") || !inv.rest.is_empty() || inv.body_file.is_some() {
        return Err(Failure::usage("--saved NAME goes with reply or note, instead of their text"));
    }
    library.reply(name).map(|r| Some(r.text.clone())).map_err(Failure::usage)
}

/// A reply or note without text becomes the saved reply, filled for each ticket.
fn with_saved(plan: Plan, saved: &Option<String>) -> Plan {
    let Some(text) = saved else { return plan };
    let steps = (plan.steps.into_iter())
        .map(|step| match step {
            Step::Message { note, text: None } => Step::Template { note, text: text.clone() },
            other => other,
        })
        .collect();
    Plan { steps, ..plan }
}

pub(super) fn read_body(file: &str) -> Result<String, Failure> {
    let mut text = String::new();
    let read = if file == "-" {
        std::io::stdin().read_to_string(&mut text).map(|_| ())
    } else {
        std::fs::read_to_string(file).map(|t| text = t)
    };
    read.map_err(|e| Failure::usage(format!("reading {file}: {e}")))?;
    Ok(text)
}

/// A plan on one ticket, step by step, through the worker's own calls; the ticket as it is
/// afterwards. A line on stderr says what each step did.
async fn run_plan<D: Desk>(
    desk: &D,
    plan: &Plan,
    mut ticket: Ticket,
    names: &Names,
    extra: &super::work::Extra<'_>,
) -> Result<Ticket, Failure> {
    let label = format!("#{}", ticket.number);
    for step in &plan.steps {
        let (note, text) = match step {
            Step::Message { note, text } => (
                *note,
                text.clone().ok_or_else(|| {
                    Failure::usage("a reply needs its text (the rest of the line, --body-file FILE|- or --saved NAME)")
                })?,
            ),
            Step::Template { note, text } => (*note, template::fill(text, &vars(desk, &ticket, names).await?)),
            Step::Set(_) | Step::Tags(_) => (false, String::new()),
        };
        if !text.is_empty() {
            send(desk, &ticket, &text, note, names, extra).await?;
            eprintln!("{label}: {} sent", if note { "note" } else { "reply" });
            continue;
        }
        let changes = step.changes_for(&ticket);
        for change in &changes {
            ticket = change_one(desk, &ticket, change).await?;
            eprintln!("{label}: {}", change.describe(|id| names.agent_name(id)));
        }
        if changes.is_empty() {
            eprintln!("{label}: already so");
        }
    }
    Ok(ticket)
}

/// What a template's variables stand for on `ticket` (its thread read for the requester).
async fn vars<D: Desk>(desk: &D, ticket: &Ticket, names: &Names) -> Result<Vars, Failure> {
    let thread = desk.thread(&ticket.id).await?;
    let first_name = (thread.iter().find(|m| m.author_kind == crate::desk::AuthorKind::Customer))
        .and_then(|m| m.author.split_whitespace().next().map(str::to_string));
    let me = names.me.as_deref().and_then(|me| names.agents.iter().find(|a| a.email.eq_ignore_ascii_case(me)));
    Ok(Vars {
        customer: ticket.customer_name.to_string(),
        first_name,
        agent: me.map(|a| a.name.clone()).unwrap_or_default(),
        number: ticket.number,
        title: ticket.title.to_string(),
    })
}

async fn send<D: Desk>(
    desk: &D,
    ticket: &Ticket,
    text: &str,
    note: bool,
    names: &Names,
    extra: &super::work::Extra<'_>,
) -> Result<(), Failure> {
    let me = names.me.as_deref().and_then(|me| names.agents.iter().find(|a| a.email.eq_ignore_ascii_case(me)));
    if extra.attach.is_empty() {
        desk.send_message(&ticket.id, text, note, me).await?;
    } else {
        let paths: Vec<std::path::PathBuf> = extra.attach.iter().map(std::path::PathBuf::from).collect();
        let files = crate::worker::work::read_all(&paths).map_err(Failure::usage)?;
        desk.send_with_files(&ticket.id, text, note, me, &files).await?;
    }
    Ok(())
}

/// One change, made as the console's worker makes it; a tag change answers with no ticket,
/// so it is applied here.
async fn change_one<D: Desk>(desk: &D, ticket: &Ticket, change: &Change) -> Result<Ticket, Failure> {
    let outcomes = crate::worker::apply(desk, vec![ticket.id.clone()], change).await;
    let (_, result) = outcomes.into_iter().next().expect("one outcome per ticket");
    match result? {
        Some(after) => Ok(after),
        None => {
            let mut after = ticket.clone();
            change.apply_to(&mut after);
            Ok(after)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tickets_then_arguments() {
        let words: Vec<String> = ["snooze", "#1042", "1043", "tomorrow", "9:00", "--json"].map(String::from).to_vec();
        let inv = split(&words).unwrap();
        assert_eq!(inv.tickets, ["#1042", "1043"]);
        assert_eq!(inv.rest, ["tomorrow", "9:00"]);
        assert!(inv.json);
        let words: Vec<String> = ["assign", "1042", "me"].map(String::from).to_vec();
        assert_eq!(split(&words).unwrap().rest, ["me"]);
        let words: Vec<String> = ["reply", "1042", "see", "#7"].map(String::from).to_vec();
        assert_eq!(split(&words).unwrap().rest, ["see", "#7"], "after the first argument, all is argument");
    }
}
