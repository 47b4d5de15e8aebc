//! What the CLI prints: tickets as JSON (every control, bidi and invisible character escaped,
//! whatever the server sent), as an aligned table on a terminal, or as tab-separated lines
//! for a pipe. Text reaching here was sanitized by the desk; this is the second lock.

use std::io::IsTerminal;

use serde_json::{Value, json};
use unicode_width::UnicodeWidthStr;

use crate::desk::{Agent, Ticket};
use crate::support::sanitize;

/// The fields a ticket has in the CLI's JSON, in order.
pub const FIELDS: [&str; 11] =
    ["number", "id", "status", "priority", "title", "customer", "assignee", "tags", "created", "updated", "link"];

pub fn agent_name(agents: &[Agent], id: &str) -> Option<String> {
    agents.iter().find(|a| a.id == id).map(|a| a.name.clone())
}

pub fn ticket_json(t: &Ticket, agents: &[Agent]) -> Value {
    let assignee = t.assignee_id.as_deref().map(|id| agent_name(agents, id).unwrap_or_else(|| id.to_string()));
    json!({
        "number": t.number,
        "id": t.id.0,
        "status": crate::desk::unthread::status_wire(t.status),
        "priority": t.priority.map(|p| p.label().to_lowercase()),
        "title": t.title,
        "customer": t.customer_name,
        "assignee": assignee,
        "tags": t.tags.iter().map(|g| g.name.clone()).collect::<Vec<_>>(),
        "created": t.created_at.map(|at| at.to_string()),
        "updated": t.updated_at.map(|at| at.to_string()),
        "link": t.link(),
    })
}

/// Only `fields` of `value` (all of them when empty); an unknown field is an error naming the valid ones.
pub fn pick(value: Value, fields: &[String]) -> Result<Value, String> {
    if fields.is_empty() {
        return Ok(value);
    }
    let mut out = serde_json::Map::new();
    for field in fields {
        let found =
            value.get(field).ok_or_else(|| format!("unknown field {field:?} (fields: {})", FIELDS.join(", ")))?;
        out.insert(field.clone(), found.clone());
    }
    Ok(Value::Object(out))
}

/// JSON text in which no character a terminal would act on survives unescaped.
pub fn json_text(value: &Value) -> String {
    let mut out = String::new();
    for c in value.to_string().chars() {
        if sanitize::is_forbidden(c) || c.is_control() {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Rows as a table: columns aligned on a terminal, tab-separated for a pipe.
pub fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let rows: Vec<Vec<String>> =
        rows.iter().map(|r| r.iter().map(|c| sanitize::line(c).replace('\t', " ")).collect()).collect();
    if !std::io::stdout().is_terminal() {
        return rows.iter().map(|r| r.join("\t") + "\n").collect();
    }
    let header: Vec<String> = header.iter().map(|h| h.to_uppercase()).collect();
    let mut widths: Vec<usize> = header.iter().map(|h| h.width()).collect();
    for row in &rows {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(c.width());
        }
    }
    let line = |cells: &[String]| {
        let padded: Vec<String> =
            cells.iter().zip(&widths).map(|(c, w)| format!("{c}{}", " ".repeat(w - c.width()))).collect();
        padded.join("  ").trim_end().to_string() + "\n"
    };
    std::iter::once(&header).chain(&rows).map(|r| line(r)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_escapes_what_a_terminal_would_act_on_even_if_the_desk_let_it_through() {
        let text = json_text(&json!({"title": "a\u{1b}]8;;file:///x\u{7}b\u{9b}c\u{202e}d\u{200b}e"}));
        assert!(text.chars().all(|c| !sanitize::is_forbidden(c) && !c.is_control()), "{text:?}");
        assert_eq!(text, r#"{"title":"a\u001b]8;;file:///x\u0007b\u009bc\u202ed\u200be"}"#);
        let back: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back["title"], "a\u{1b}]8;;file:///x\u{7}b\u{9b}c\u{202e}d\u{200b}e", "still the same JSON value");
        // Format characters that shift columns, escaped as the sanitizer drops them.
        let text = json_text(&json!({"title": "x\u{fff9}y\u{1d173}z\u{34f}w\u{200c}"}));
        assert_eq!(text, r#"{"title":"x\ufff9y\ud834\udd73z\u034fw\u200c"}"#);
    }
}
