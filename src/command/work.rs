//! The arguments of the commands on one ticket's work (COMMANDS.md): `type`, `field`,
//! `collaborator`, `approval`, `download`, `attach` and `kb`, resolved against the
//! workspace's ticket types and the ticket being worked on.

use super::action::OutboxAct;
use super::{Words, Work, args};
use crate::desk::Change;
use crate::desk::fields::{FieldKind, TicketType, TypeRef};

/// `type NAME|none`.
pub fn ticket_type(typed: &str, words: &Words) -> Result<Change, String> {
    if typed.eq_ignore_ascii_case("none") {
        return Ok(Change::Type(None));
    }
    let types = &words.catalog.types;
    if types.is_empty() {
        return Err("this workspace has no ticket types".into());
    }
    let names: Vec<String> = types.iter().map(|t| t.name.clone()).collect();
    let t = &types[args::named(typed, &names, "ticket type")?];
    Ok(Change::Type(Some(TypeRef { id: t.id.clone(), name: t.name.clone() })))
}

/// The type of the ticket being worked on, whose fields `field` sets.
pub fn current_type<'a>(words: &Words<'a>) -> Result<&'a TicketType, String> {
    let ticket = words.ticket.ok_or("field needs a ticket")?;
    let id = ticket
        .ticket_type_id
        .as_deref()
        .ok_or(format!("#{} has no ticket type: set one (type NAME)", ticket.number))?;
    let types = &words.catalog.types;
    types
        .iter()
        .find(|t| t.id == id)
        .ok_or_else(|| format!("#{}'s ticket type is not one this workspace lists", ticket.number))
}

/// `field LABEL VALUE` (an empty value clears it).
pub fn field(rest: &str, words: &Words) -> Result<Change, String> {
    let ty = current_type(words)?;
    let (def, typed) = ty.split_field_line(rest)?;
    let agent = |w: &str| args::agent(w, words)?.ok_or_else(|| format!("{} needs an agent, not none", def.label));
    let value = def.parse_value(typed, agent)?;
    Ok(Change::Field {
        type_id: ty.id.clone(),
        field: def.id.clone(),
        label: def.label.clone(),
        value: Some(value).filter(|v| !v.is_empty()),
    })
}

/// What completes the value of `field LABEL …`: the field's options (or true/false, or
/// the agents for a user field).
pub fn field_choices(rest: &str, words: &Words) -> Vec<String> {
    let Ok(ty) = current_type(words) else { return vec![] };
    let Ok((def, _)) = ty.split_field_line(rest) else { return vec![] };
    match def.kind {
        FieldKind::User | FieldKind::Users => args::values(super::Values::Agents, words),
        _ => def.choices(),
    }
}

/// `collaborator TYPE AGENT` (the type is one word of its name, or its key).
pub fn collaborator(rest: &str, words: &Words) -> Result<Change, String> {
    let types = &words.catalog.collaborator_types;
    if types.is_empty() {
        return Err("this workspace has no collaborator types".into());
    }
    let (kind, who) = rest.split_once(char::is_whitespace).ok_or("collaborator needs a type and an agent")?;
    let names: Vec<String> = types.iter().map(|t| t.key.clone()).collect();
    let by_name: Vec<String> = types.iter().map(|t| t.name.clone()).collect();
    let i = names
        .iter()
        .position(|k| k.eq_ignore_ascii_case(kind))
        .map_or_else(|| args::named(kind, &by_name, "collaborator type"), Ok)?;
    let agent = args::agent(who, words)?.ok_or("collaborator needs an agent, not none")?;
    Ok(Change::Collaborator { type_id: types[i].id.clone(), agent })
}

/// `approval TITLE [@AGENT]`: the approver is the last word when it starts with `@`.
pub fn approval(rest: &str, words: &Words) -> Result<Work, String> {
    let (title, approver) = match rest.rsplit_once(char::is_whitespace) {
        Some((title, last)) if last.starts_with('@') => (title.trim(), Some(&last[1..])),
        _ if rest.starts_with('@') => return Err("approval needs a title before the @approver".into()),
        _ => (rest, None),
    };
    let title = args::title(title)?;
    let approver = approver.map(|a| args::agent(a, words)?.ok_or("an approver, not none".to_string())).transpose()?;
    Ok(Work::Approval { title, approver })
}

/// `download N|NAME [DIR]`: a number counts from 1 in the thread's list of files.
pub fn download(rest: &str) -> Result<Work, String> {
    let rest = rest.trim();
    if rest.is_empty() {
        return Err("download needs a file: its number in the list or its name (download 1 ~/Downloads)".into());
    }
    // A last word that is a directory path (has a slash, or is ~ or .) is where to save.
    let (file, dir) = match rest.rsplit_once(char::is_whitespace) {
        Some((file, dir)) if dir.contains('/') || dir == "~" || dir == "." => (file.trim(), Some(dir.to_string())),
        _ => (rest, None),
    };
    Ok(Work::Download { file: file.to_string(), dir })
}

/// The file `download N|NAME` means: its number in the thread's list (from 1), else its
/// name (exact, else the one best fuzzy match) — the console and the shell alike.
pub fn pick_file(files: &[crate::desk::extras::FileInfo], which: &str) -> Result<usize, String> {
    let names: Vec<String> = files.iter().map(|f| f.name.clone()).collect();
    match which.trim().parse::<usize>() {
        Ok(n) if (1..=names.len()).contains(&n) => Ok(n - 1),
        Ok(n) => Err(format!("no file {n}: this ticket has {} file(s)", names.len())),
        Err(_) => args::named(which, &names, "file"),
    }
}

/// A new conversation as a person describes it, by names (the console's form and
/// `triage new` alike).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NewInputs<'a> {
    pub customer: &'a str,
    pub title: &'a str,
    pub body: &'a str,
    pub internal: bool,
    pub assignee: Option<&'a str>,
    pub priority: Option<&'a str>,
    pub ticket_type: Option<&'a str>,
    /// (label, value) of the type's fields.
    pub fields: Vec<(&'a str, &'a str)>,
}

/// The request, every name resolved; refused (nothing sent) with what was expected, and
/// with the type's required fields that are still missing.
pub fn new_ticket(
    inputs: &NewInputs,
    words: &Words,
    customers: &[crate::desk::Customer],
) -> Result<crate::desk::NewTicket, String> {
    if inputs.title.trim().is_empty() || inputs.body.trim().is_empty() {
        return Err("a new conversation needs a title and a first message".into());
    }
    let customer = args::customer(inputs.customer, customers)?;
    let assignee_id =
        inputs.assignee.filter(|a| !a.trim().is_empty()).map(|a| args::agent(a, words)).transpose()?.flatten();
    let priority = inputs.priority.filter(|p| !p.trim().is_empty()).map(args::priority).transpose()?.flatten();
    let ticket_type = match inputs.ticket_type.filter(|t| !t.trim().is_empty()) {
        Some(name) => match ticket_type(name, words)? {
            Change::Type(ty) => ty,
            _ => None,
        },
        None => None,
    };
    let mut fields = crate::desk::fields::Fields::new();
    if let Some(ty) = ticket_type.as_ref().and_then(|t| words.catalog.types.iter().find(|x| x.id == t.id)) {
        for (label, value) in &inputs.fields {
            let def = ty.field(label)?;
            let agent = |w: &str| args::agent(w, words)?.ok_or_else(|| format!("{} needs an agent", def.label));
            let value = def.parse_value(value, agent)?;
            if !value.is_empty() {
                fields.insert(def.id.clone(), value);
            }
        }
        let missing: Vec<String> = ty.missing(&fields).map(|f| f.label.clone()).collect();
        if !missing.is_empty() {
            return Err(format!("a {} needs {}", ty.name, missing.join(", ")));
        }
    } else if !inputs.fields.is_empty() {
        return Err("fields need a ticket type".into());
    }
    Ok(crate::desk::NewTicket {
        internal: inputs.internal,
        customer_id: customer.id.clone(),
        title: inputs.title.trim().to_string(),
        body: inputs.body.to_string(),
        assignee_id,
        priority,
        ticket_type_id: ticket_type.map(|t| t.id),
        fields,
    })
}

/// `outbox`, or `outbox send|drop|edit N`.
pub fn outbox(rest: &str) -> Result<Option<(OutboxAct, u64)>, String> {
    let mut words = rest.split_whitespace();
    let Some(act) = words.next() else { return Ok(None) };
    if let (Ok(n), None) = (act.trim_start_matches('#').parse(), words.clone().next()) {
        return Ok(Some((OutboxAct::Show, n)));
    }
    let act = match act {
        "send" => OutboxAct::Send,
        "drop" => OutboxAct::Drop,
        "edit" => OutboxAct::Edit,
        other => return Err(format!("outbox takes send, drop or edit and a number (got {other:?})")),
    };
    let n = words.next().and_then(|n| n.trim_start_matches('#').parse().ok());
    match (n, words.next()) {
        (Some(n), None) => Ok(Some((act, n))),
        _ => Err("outbox send|drop|edit needs the entry's number (as :outbox lists it)".into()),
    }
}
