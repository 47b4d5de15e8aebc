//! `triage new`: open a conversation for a customer, named as a person would name it.

use super::output::{self, ticket_json};
use super::{Failure, Names};
use crate::command;
use crate::desk::Desk;
use crate::shell::cli::{NewArgs, NewKind};

pub async fn new<D: Desk>(desk: &D, args: &NewArgs, me: Option<String>) -> Result<(), Failure> {
    let body = match (&args.body, &args.body_file) {
        (_, Some(file)) => super::verb::read_body(file)?,
        (Some(body), None) => body.clone(),
        (None, None) => return Err(Failure::usage("new needs --body TEXT or --body-file FILE|-")),
    };
    let names = Names::read_with_catalog(desk, me).await?;
    let customers = desk.customers().await?;
    let mut fields = Vec::new();
    for pair in &args.fields {
        let (label, value) =
            pair.split_once('=').ok_or_else(|| Failure::usage(format!("--field {pair:?}: LABEL=VALUE")))?;
        fields.push((label.trim(), value.trim()));
    }
    let inputs = command::NewInputs {
        customer: &args.customer,
        title: &args.title,
        body: &body,
        internal: args.kind == NewKind::Triage,
        assignee: args.assign.as_deref(),
        priority: args.priority.as_deref(),
        ticket_type: args.ticket_type.as_deref(),
        fields,
    };
    let new = command::new_ticket(&inputs, &names.words(), &customers).map_err(Failure::usage)?;
    let customer = customers.iter().find(|c| c.id == new.customer_id).map_or("", |c| c.name.as_str());
    let opened = desk.create_ticket(&new).await?;
    let ticket = opened.ticket;
    eprintln!("#{}: opened for {customer}", ticket.number);
    if let Some(e) = opened.fields_refused {
        // The ticket is open: its number goes out, and the fields' refusal is the failure.
        println!("{}", ticket.number);
        return Err(Failure::from(e).context(format!("#{} is open, but its fields were not set", ticket.number)));
    }
    if args.json {
        println!("{}", output::json_text(&ticket_json(&ticket, &names.agents)));
    } else {
        println!("{}", ticket.number);
    }
    Ok(())
}
