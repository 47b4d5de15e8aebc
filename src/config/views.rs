//! `[[views]]` of config.toml (COMMANDS.md) read into the desk's views; a bad value names
//! the view and what was expected.

use serde::Deserialize;

use crate::command;
use std::collections::BTreeMap;

use crate::desk::views::{Notify, Sort, View, Who};

/// One or several: `status = "open"` or `status = ["open", "in_progress"]`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    fn items(&self) -> Vec<&str> {
        match self {
            OneOrMany::One(one) => vec![one.as_str()],
            OneOrMany::Many(many) => many.iter().map(String::as_str).collect(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ViewSpec {
    pub name: String,
    pub status: Option<OneOrMany>,
    pub priority: Option<OneOrMany>,
    /// An agent's name or email, `me` or `none`.
    pub assignee: Option<String>,
    pub customer: Option<String>,
    pub tag: Option<String>,
    pub snoozed: Option<bool>,
    pub breaching: Option<bool>,
    /// Only tickets the customer wrote on since you last opened them.
    pub unread: Option<bool>,
    pub sort: Option<String>,
}

fn items(values: &Option<OneOrMany>) -> Vec<&str> {
    values.as_ref().map(OneOrMany::items).unwrap_or_default()
}

/// The views of the file (or the defaults when it has none), with what `[notify]` asks of
/// each (`Unassigned = "desktop"`: off, bell or desktop).
pub fn views(specs: &[ViewSpec], notify: &BTreeMap<String, String>) -> Result<Vec<View>, String> {
    let mut views =
        if specs.is_empty() { View::defaults() } else { specs.iter().map(view).collect::<Result<_, _>>()? };
    for (name, word) in notify {
        let what = Notify::parse(word).ok_or_else(|| format!("[notify] {name:?} = {word:?}: off, bell or desktop"))?;
        let Some(view) = views.iter().position(|v| v.name.eq_ignore_ascii_case(name)) else {
            let names = views.iter().map(|v| v.name.clone()).collect::<Vec<_>>().join(", ");
            return Err(format!("[notify]: no view is named {name:?} (the views: {names})"));
        };
        views[view].notify = what;
    }
    Ok(views)
}

fn view(spec: &ViewSpec) -> Result<View, String> {
    let name = spec.name.trim();
    let bad = |e: String| format!("[[views]] {name:?}: {e}");
    if name.is_empty() {
        return Err("[[views]]: a view needs a name".into());
    }
    let status = items(&spec.status).into_iter().map(command::status).collect::<Result<_, _>>().map_err(bad)?;
    let priority = items(&spec.priority).into_iter().map(command::priority).collect::<Result<_, _>>().map_err(bad)?;
    let assignee = spec.assignee.as_deref().map(|who| match who.trim().to_lowercase().as_str() {
        "me" => Who::Me,
        "none" => Who::Nobody,
        _ => Who::Agent(who.trim().to_string()),
    });
    let sort = match spec.sort.as_deref() {
        Some(word) => Some(
            Sort::parse(word).ok_or_else(|| bad(format!("unknown sort {word:?} (updated, created, priority, due)")))?,
        ),
        None => None,
    };
    Ok(View {
        name: crate::support::sanitize::line(name).into_owned(),
        status,
        priority,
        assignee,
        customer: spec.customer.as_deref().map(str::to_lowercase),
        tag: spec.tag.as_deref().map(str::to_lowercase),
        snoozed: spec.snoozed,
        breaching: spec.breaching,
        unread: spec.unread,
        sort,
        notify: Notify::Off,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::desk::{Priority, TicketStatus};

    fn read(toml_text: &str) -> Result<Vec<View>, String> {
        let file: crate::config::ConfigFile = toml::from_str(toml_text).map_err(|e| e.to_string())?;
        views(&file.views, &file.notify)
    }

    #[test]
    fn the_example_of_commands_md_reads() {
        let views = read(
            r#"
            [[views]]
            name = "Urgent"
            status = ["open", "in_progress"]
            priority = ["high", "critical"]
            assignee = "none"
            [[views]]
            name = "Globex bugs"
            status = "open"
            customer = "Globex"
            tag = "Bug"
            sort = "due"
            "#,
        )
        .unwrap();
        assert_eq!(views[0].status, [TicketStatus::Open, TicketStatus::InProgress]);
        assert_eq!(views[0].priority, [Some(Priority::High), Some(Priority::Critical)]);
        assert_eq!(views[0].assignee, Some(Who::Nobody));
        assert_eq!((views[1].customer.as_deref(), views[1].sort), (Some("globex"), Some(Sort::Due)));
        assert_eq!(read("").unwrap().len(), 7, "the defaults");
    }

    #[test]
    fn bad_views_say_which_and_why() {
        let err = read("[[views]]\nname = \"X\"\nstatus = \"done\"\n").unwrap_err();
        assert!(err.contains("\"X\"") && err.contains("unknown status"), "{err}");
        let err = read("[[views]]\nname = \"X\"\nsort = \"size\"\n").unwrap_err();
        assert!(err.contains("unknown sort"), "{err}");
        assert!(read("[[views]]\nname = \"X\"\ncolour = \"red\"\n").is_err(), "unknown fields are errors");
        let err = read("[notify]\nMine = \"loud\"\n").unwrap_err();
        assert!(err.contains("off, bell or desktop"), "{err}");
        let err = read("[notify]\nNope = \"bell\"\n").unwrap_err();
        assert!(err.contains("no view is named \"Nope\""), "{err}");
        let views = read("[notify]\nunassigned = \"desktop\"\n").unwrap();
        assert_eq!(views[1].notify, Notify::Desktop);
    }
}
