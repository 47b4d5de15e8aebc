//! `triage list`: every page of the inbox that matches, or the first `--limit`.

use std::io::Write;

use super::output::{self, ticket_json};
use super::{Failure, Names};
use crate::command::{self, Words};
use crate::desk::views::{Lens, View};
use crate::desk::{Desk, InboxQuery, Ticket};
use crate::shell::cli::ListArgs;

pub async fn list<D: Desk>(desk: &D, args: &ListArgs, me: Option<String>, views: &[View]) -> Result<(), Failure> {
    let names = Names::read(desk, me).await?;
    let query = query(args, &names.words())?;
    let lens = match &args.view {
        Some(name) => {
            let view = &views[crate::desk::views::find(name, views).map_err(Failure::usage)?];
            Some(view.resolve(&names.agents, names.me.as_deref()))
        }
        None => None,
    };
    let fields: Vec<String> = match &args.json {
        Some(list) => list.split(',').map(str::trim).filter(|f| !f.is_empty()).map(String::from).collect(),
        None => vec![],
    };
    let tickets = collect(desk, &query, args, lens.as_ref()).await?;
    let stdout = &mut std::io::stdout().lock();
    let json = |t: &Ticket| output::pick(ticket_json(t, &names.agents), &fields);
    let text = if args.jsonl {
        tickets.iter().map(|t| Ok(output::json_text(&json(t)?) + "\n")).collect::<Result<String, String>>()
    } else if args.json.is_some() {
        let all = tickets.iter().map(json).collect::<Result<Vec<_>, String>>();
        all.map(|all| output::json_text(&serde_json::Value::Array(all)) + "\n")
    } else {
        Ok(output::table(&["#", "status", "priority", "assignee", "customer", "title"], &rows(&tickets, &names)))
    };
    let text = text.map_err(Failure::usage)?;
    stdout.write_all(text.as_bytes()).map_err(|e| Failure { code: 1, message: format!("writing the list: {e}") })
}

/// The JSON fields the table shows, under its headers.
const COLUMNS: [&str; 6] = ["number", "status", "priority", "assignee", "customer", "title"];

/// The server-side filters; a customer is matched by name over what comes back.
fn query(args: &ListArgs, words: &Words) -> Result<InboxQuery, Failure> {
    let status = args.status.as_deref().map(command::status).transpose().map_err(Failure::usage)?;
    let assignee = args.assignee.as_deref().map(|a| command::agent(a, words)).transpose().map_err(Failure::usage)?;
    let tag = match args.tag.as_deref() {
        Some(name) => Some(command::tag(name, words.tags).map_err(Failure::usage)?.id.to_string()),
        None => None,
    };
    Ok(InboxQuery { status, assignee, tag, ..InboxQuery::default() })
}

async fn collect<D: Desk>(
    desk: &D,
    query: &InboxQuery,
    args: &ListArgs,
    lens: Option<&Lens>,
) -> Result<Vec<Ticket>, Failure> {
    let limit = args.limit.unwrap_or(usize::MAX);
    let customer = args.customer.as_deref().map(str::to_lowercase);
    let now = jiff::Timestamp::now();
    let wanted = |t: &Ticket| {
        customer.as_ref().is_none_or(|c| t.customer_name.to_lowercase().contains(c))
            && lens.is_none_or(|l| l.matches(t, now))
    };
    let mut tickets = Vec::new();
    crate::desk::walk_inbox(desk, query, |page| {
        tickets.extend(page.into_iter().filter(|t| wanted(t)));
        tickets.len() < limit
    })
    .await?;
    tickets.truncate(limit);
    Ok(tickets)
}

/// The table's cells, read from the same JSON `--json` prints (one rendering of a ticket).
fn rows(tickets: &[Ticket], names: &Names) -> Vec<Vec<String>> {
    let text = |v: &serde_json::Value| match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    };
    tickets
        .iter()
        .map(|t| {
            let json = ticket_json(t, &names.agents);
            COLUMNS.iter().map(|field| text(&json[*field])).collect()
        })
        .collect()
}
