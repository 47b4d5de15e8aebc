//! `triage show TICKET`: the ticket and its messages, as text or JSON.

use serde_json::json;

use super::output::{self, ticket_json};
use super::{Failure, Names};
use crate::desk::Desk;
use crate::shell::cli::ShowArgs;
use crate::support::sanitize;

pub async fn show<D: Desk>(desk: &D, args: &ShowArgs) -> Result<(), Failure> {
    let names = Names::read_with_catalog(desk, None).await?;
    let ticket = desk.find_ticket(&args.ticket).await?;
    let messages = desk.thread(&ticket.id).await?;
    let extras = desk.extras(&ticket.id).await?;
    if args.json {
        let mut value = ticket_json(&ticket, &names.agents);
        value["fields"] = fields_json(&ticket, &names);
        value["files"] = extras.files.iter().map(|f| json!({"name": f.name, "size": f.size, "type": f.kind})).collect();
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
        let tags: Vec<&str> = ticket.tags.iter().map(|t| &*t.name).collect();
        out.push_str(&format!("tags: {}\n", tags.join(", ")));
    }
    if let Some(obj) = fields_json(&ticket, &names).as_object() {
        for (label, value) in obj {
            out.push_str(&format!("{label}: {}\n", value.as_str().unwrap_or("—")));
        }
    }
    for (i, f) in extras.files.iter().enumerate() {
        let size = f.size.map_or("?".into(), crate::desk::extras::human_size);
        out.push_str(&format!("file {}: {} ({size}, {})\n", i + 1, f.name, f.kind));
    }
    for m in &messages {
        let at = m.at.map_or(String::new(), |t| t.strftime("%Y-%m-%d %H:%M").to_string());
        let note = if m.private_note { " (note)" } else { "" };
        out.push_str(&format!("\n— {}{note} · {at}\n{}\n", m.author, m.body));
    }
    print!("{}", sanitize::text(&out));
    Ok(())
}

/// The ticket's type and its visible fields by label (empty ones as null), in the type's order.
fn fields_json(t: &crate::desk::Ticket, names: &Names) -> serde_json::Value {
    let Some(ty) = names.catalog.types.iter().find(|ty| Some(ty.id.as_str()) == t.ticket_type_id.as_deref()) else {
        return serde_json::Value::Null;
    };
    let mut out = serde_json::Map::new();
    out.insert("type".into(), ty.name.clone().into());
    for f in ty.visible(&t.fields) {
        let value = t.fields.get(&f.id).map(|v| crate::desk::fields::show(v, &f.kind, |id| names.agent_name(id)));
        out.insert(f.label.clone(), value.map_or(serde_json::Value::Null, Into::into));
    }
    serde_json::Value::Object(out)
}
