//! `triage new`: open a conversation for a customer, named as a person would name it.

use super::output::{self, ticket_json};
use super::{Failure, Names};
use crate::cli::{NewArgs, NewKind};
use crate::desk::verbs;
use crate::desk::{Desk, NewTicket};

pub async fn new<D: Desk>(desk: &D, args: &NewArgs, me: Option<String>) -> Result<(), Failure> {
    let body = match (&args.body, &args.body_file) {
        (_, Some(file)) => super::verb::read_body(file)?,
        (Some(body), None) => body.clone(),
        (None, None) => return Err(Failure::usage("new needs --body TEXT or --body-file FILE|-")),
    };
    if body.trim().is_empty() || args.title.trim().is_empty() {
        return Err(Failure::usage("a new conversation needs a title and a first message"));
    }
    let names = Names::read(desk, me).await?;
    let assignee = args.assign.as_deref().map(|a| verbs::agent(a, &names.words())).transpose();
    let priority = args.priority.as_deref().map(verbs::priority).transpose();
    let (assignee_id, priority) = (assignee.map_err(Failure::usage)?.flatten(), priority.map_err(Failure::usage)?);
    let customers = desk.customers().await?;
    let customer = verbs::customer(&args.customer, &customers).map_err(Failure::usage)?;
    let new = NewTicket {
        internal: args.kind == NewKind::Triage,
        customer_id: customer.id.clone(),
        title: args.title.trim().to_string(),
        body,
        assignee_id,
        priority: priority.flatten(),
    };
    let ticket = desk.create_ticket(&new).await?;
    eprintln!("#{}: opened for {}", ticket.number, customer.name);
    if args.json {
        println!("{}", output::json_text(&ticket_json(&ticket, &names.agents)));
    } else {
        println!("{}", ticket.number);
    }
    Ok(())
}
