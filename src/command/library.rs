//! The agent's own words from the config: saved replies (`replies/*.md`) and macros
//! (`[[macros]]`). A macro is a plan with names: `macro NAME` resolves its agent, tags and
//! status against the workspace and makes the `Plan` the console and the shell both run.

use super::plan::{Plan, Step};
use super::{Words, args};
use crate::desk::{Change, Priority, TicketStatus};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Saved {
    pub name: String,
    pub text: String,
}

/// A macro as the config says it (checked when the config is read: its status, priority
/// and variables; its agent and tags once the workspace's names are known).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Macro {
    pub name: String,
    /// Bound in the inbox and the thread.
    pub key: Option<String>,
    pub reply: Option<String>,
    pub note: Option<String>,
    pub status: Option<TicketStatus>,
    /// `NAME` adds, `-NAME` removes.
    pub tags: Vec<String>,
    pub assign: Option<String>,
    pub priority: Option<Option<Priority>>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Library {
    pub replies: Vec<Saved>,
    pub macros: Vec<Macro>,
}

impl Library {
    /// The saved reply `typed` names (exactly, else the one best fuzzy match).
    pub fn reply(&self, typed: &str) -> Result<&Saved, String> {
        let names: Vec<String> = self.replies.iter().map(|r| r.name.clone()).collect();
        if names.is_empty() {
            return Err("no saved replies: put markdown files in replies/ beside config.toml".into());
        }
        crate::support::fuzzy::named(typed, &names, "saved reply").map(|i| &self.replies[i])
    }

    pub fn find_macro(&self, typed: &str) -> Result<&Macro, String> {
        let names: Vec<String> = self.macros.iter().map(|m| m.name.clone()).collect();
        if names.is_empty() {
            return Err("no macros: add [[macros]] to config.toml".into());
        }
        crate::support::fuzzy::named(typed, &names, "macro").map(|i| &self.macros[i])
    }
}

impl Macro {
    /// The macro's steps, its names resolved: the reply and the note first (filled per
    /// ticket), then the changes.
    pub fn plan(&self, words: &Words) -> Result<Plan, String> {
        self.steps(words)
            .map(|steps| Plan { steps, name: Some(self.name.clone()), confirmed: false })
            .map_err(|e| format!("macro {}: {e}", self.name))
    }

    fn steps(&self, words: &Words) -> Result<Vec<Step>, String> {
        let mut steps = Vec::new();
        let mut template = |note, text: &Option<String>| {
            if let Some(text) = text {
                steps.push(Step::Template { note, text: text.clone() });
            }
        };
        template(false, &self.reply);
        template(true, &self.note);
        if let Some(status) = self.status {
            steps.push(Step::Set(Change::Status(status)));
        }
        if !self.tags.is_empty() {
            // Each entry is one tag, spaces and all: `-NAME` removes, anything else adds.
            let edit = |t: &String| match t.strip_prefix('-') {
                Some(name) => args::tag_edit(&format!("-{}", name.trim()), words.tags),
                None => args::tag_edit(&format!("+{}", t.trim()), words.tags),
            };
            steps.push(Step::Tags(self.tags.iter().map(edit).collect::<Result<_, _>>()?));
        }
        if let Some(who) = &self.assign {
            steps.push(Step::Set(Change::Assignee(args::agent(who, words)?)));
        }
        if let Some(priority) = self.priority {
            steps.push(Step::Set(Change::Priority(priority)));
        }
        Ok(steps)
    }

    /// Its names checked against the workspace's agents and tags: why it cannot run.
    pub fn check_names(&self, words: &Words) -> Result<(), String> {
        self.plan(words).map(drop)
    }
}
