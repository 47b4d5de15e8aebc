//! `triage show TICKET`: the ticket and its messages, as text or JSON.

use serde_json::json;

use super::output::{self, ticket_json};
use super::{Failure, Names};
use crate::cli::ShowArgs;
use crate::desk::Desk;
use crate::support::sanitize;

pub async fn show<D: Desk>(desk: &D, args: &ShowArgs) -> Result<(), Failure> {
    let names = Names::read(desk, None).await?;
    let ticket = desk.find_ticket(&args.ticket).await?;
    let messages = desk.thread(&ticket.id).await?;
    if args.json {
        let mut value = ticket_json(&ticket, &names.agents);
        value["messages"] = messages
            .iter()
            .map(|m| json!({"author": m.author, "at": m.at.map(|t| t.to_string()), "note": m.private_note, "body": m.body}))
            .collect();
        println!("{}", output::json_text(&value));
        return Ok(());
    }
    let value = ticket_json(&ticket, &names.agents);
    let field = |k: &str| value[k].as_str().unwrap_or("—").to_string();
    let mut out = format!(
        "#{} {}\n{} · {} · {} · {}\n",
        ticket.number,
        ticket.title,
        field("status"),
        field("priority"),
        ticket.customer_name,
        field("assignee")
    );
    if !ticket.tags.is_empty() {
        let tags: Vec<&str> = ticket.tags.iter().map(|t| t.name.as_str()).collect();
        out.push_str(&format!("tags: {}\n", tags.join(", ")));
    }
    for m in &messages {
        let at = m.at.map_or(String::new(), |t| t.strftime("%Y-%m-%d %H:%M").to_string());
        let note = if m.private_note { " (note)" } else { "" };
        out.push_str(&format!("\n— {}{note} · {at}\n{}\n", m.author, m.body));
    }
    print!("{}", sanitize::text(&out));
    Ok(())
}
