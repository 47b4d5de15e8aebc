//! The text of a saved reply or a macro, with its variables (COMMANDS.md): `{customer}`,
//! `{first_name}`, `{agent}`, `{ticket}`, `{title}`; `{{` and `}}` are braces. A template is
//! checked when the config is read, so a name that does not exist never reaches a customer.

use crate::support::placeholders::{self, Unfilled};

/// The variables a template may use.
pub const VARIABLES: [&str; 5] = ["customer", "first_name", "agent", "ticket", "title"];

/// What the variables stand for, for one ticket.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Vars {
    /// The customer's name.
    pub customer: String,
    /// The requester's first name (the first customer message's author), when known.
    pub first_name: Option<String>,
    /// The agent's own name.
    pub agent: String,
    pub number: u64,
    pub title: String,
}

impl Vars {
    fn value(&self, name: &str) -> Option<String> {
        Some(match name {
            "customer" => self.customer.clone(),
            "first_name" => self.first_name.clone().unwrap_or_else(|| "there".into()),
            "agent" => self.agent.clone(),
            "ticket" => format!("#{}", self.number),
            "title" => self.title.clone(),
            _ => return None,
        })
    }
}

/// Whether every variable of `template` is one of `VARIABLES`.
pub fn check(template: &str) -> Result<(), String> {
    let known = |name: &str| VARIABLES.contains(&name).then(String::new);
    placeholders::fill(template, known).map(drop).map_err(|e| match e {
        Unfilled::LoneBrace => "a lone brace (write {{ or }} for a brace)".to_string(),
        Unfilled::Unknown(name) => format!("unknown variable {{{name}}} (the variables: {})", VARIABLES.join(", ")),
    })
}

/// The template with its variables filled (one that does not check is returned as written:
/// `check` refused it when the config was read).
pub fn fill(template: &str, vars: &Vars) -> String {
    placeholders::fill(template, |name| vars.value(name)).unwrap_or_else(|_| template.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variables_fill_and_braces_escape() {
        let vars = Vars {
            customer: "Globex".into(),
            first_name: Some("Tom".into()),
            agent: "Maria Garcia".into(),
            number: 1042,
            title: "Export fails".into(),
        };
        let text = "Hi {first_name}, {ticket} ({title}) for {customer} is fixed. {{json}} — {agent}";
        assert_eq!(fill(text, &vars), "Hi Tom, #1042 (Export fails) for Globex is fixed. {json} — Maria Garcia");
        assert_eq!(fill("Hi {first_name}", &Vars::default()), "Hi there");
    }

    #[test]
    fn an_unknown_variable_or_a_lone_brace_is_refused() {
        assert!(check("Hi {first_name} {{ok}}").is_ok());
        assert!(check("Hi {name}").unwrap_err().contains("unknown variable {name}"));
        assert!(check("Hi {first_name").is_err());
        assert!(check("a } b").is_err());
    }
}
