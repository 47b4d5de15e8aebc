//! `[[macros]]` in `config.toml` (COMMANDS.md): read and checked when the config is read —
//! its status, priority, variables and reply file here; its agent and tags once the
//! workspace's names are known (the console says which at start, the shell refuses).

use std::path::Path;

use serde::Deserialize;

use crate::command::library::Macro;
use crate::command::{self, template};

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MacroSpec {
    pub name: String,
    pub key: Option<String>,
    pub reply: Option<String>,
    /// A file of the reply, relative to the config's folder (`replies/solved.md`).
    pub reply_file: Option<String>,
    pub note: Option<String>,
    pub status: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    pub assign: Option<String>,
    pub priority: Option<String>,
}

/// Every macro checked: an error names the file, the macro and what is wrong with it.
pub fn macros(specs: &[MacroSpec], config: &Path) -> Result<Vec<Macro>, String> {
    let mut out: Vec<Macro> = Vec::new();
    for spec in specs {
        let at = |e: String| format!("{}: macro {:?}: {e}", config.display(), spec.name);
        if out.iter().any(|m| m.name == spec.name) {
            return Err(at("named twice".into()));
        }
        out.push(one(spec, config).map_err(at)?);
    }
    Ok(out)
}

fn one(spec: &MacroSpec, config: &Path) -> Result<Macro, String> {
    if spec.name.trim().is_empty() || spec.name.contains(char::is_whitespace) {
        return Err("a macro needs a name of one word".into());
    }
    let reply = match (&spec.reply, &spec.reply_file) {
        (Some(_), Some(_)) => return Err("reply or reply_file, not both".into()),
        (Some(text), None) => Some(text.clone()),
        (None, Some(file)) => {
            let path = config.parent().unwrap_or(Path::new(".")).join(file);
            Some(std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?.trim_end().to_string())
        }
        (None, None) => None,
    };
    for text in reply.iter().chain(&spec.note) {
        template::check(text)?;
    }
    let status = spec.status.as_deref().map(command::status).transpose()?;
    let priority = spec.priority.as_deref().map(command::priority).transpose()?;
    if let Some(bad) = spec.tags.iter().find(|t| t.trim_start_matches('-').trim().is_empty()) {
        return Err(format!("an empty tag name ({bad:?})"));
    }
    let nothing = reply.is_none() && spec.note.is_none() && status.is_none() && spec.tags.is_empty();
    if nothing && spec.assign.is_none() && priority.is_none() {
        return Err("it does nothing: give it a reply, a note, a status, tags, assign or priority".into());
    }
    Ok(Macro {
        name: spec.name.clone(),
        key: spec.key.clone(),
        reply,
        note: spec.note.clone(),
        status,
        tags: spec.tags.clone(),
        assign: spec.assign.clone(),
        priority,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(name: &str) -> MacroSpec {
        MacroSpec { name: name.into(), status: Some("closed".into()), ..MacroSpec::default() }
    }

    #[test]
    fn a_bad_macro_names_the_file_the_macro_and_the_name() {
        let config = Path::new("/home/a/.config/triage/config.toml");
        assert_eq!(macros(&[spec("solved")], config).unwrap()[0].status, Some(crate::desk::TicketStatus::Closed));
        let bad = MacroSpec { status: Some("done".into()), ..spec("solved") };
        let e = macros(&[bad], config).unwrap_err();
        assert!(e.starts_with("/home/a/.config/triage/config.toml: macro \"solved\": unknown status \"done\""), "{e}");
        let bad = MacroSpec { reply: Some("Hi {frist_name}".into()), ..spec("hi") };
        assert!(macros(&[bad], config).unwrap_err().contains("unknown variable {frist_name}"));
        let bad = MacroSpec { priority: Some("urgent".into()), ..spec("p") };
        assert!(macros(&[bad], config).unwrap_err().contains("macro \"p\""));
        assert!(macros(&[spec("a"), spec("a")], config).unwrap_err().contains("named twice"));
        let nothing = MacroSpec { name: "x".into(), ..MacroSpec::default() };
        assert!(macros(&[nothing], config).unwrap_err().contains("does nothing"));
    }
}
