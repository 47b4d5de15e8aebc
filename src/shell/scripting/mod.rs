//! The scripting CLI of COMMANDS.md: `triage list`, `triage show TICKET` and
//! `triage COMMAND TICKET… [ARGS]`, running the command language headless against the same
//! desk as the console. Data on stdout, messages on stderr, and exit codes a script can act on:
//! 0 done · 1 other failure · 2 usage or invalid input · 3 not found · 4 key missing or
//! rejected · 5 unreachable, timed out or rate limited.

mod list;
mod new;
pub mod output;
mod show;
mod verb;
mod work;

use std::process::ExitCode;

use crate::api::ApiError;
use crate::command::Words;
use crate::desk::{Agent, Desk, TagRef};

pub use list::list;
pub use new::new;
pub use show::show;
pub use verb::run_verb;

/// A failure, with the exit code it earns.
#[derive(Debug)]
pub struct Failure {
    pub code: u8,
    pub message: String,
}

impl Failure {
    pub fn usage(message: impl Into<String>) -> Self {
        Failure { code: 2, message: message.into() }
    }

    /// The same failure, said after what happened first.
    pub fn context(self, first: impl std::fmt::Display) -> Self {
        Failure { message: format!("{first}: {}", self.message), ..self }
    }
}

impl From<ApiError> for Failure {
    fn from(e: ApiError) -> Self {
        let code = match &e {
            ApiError::Invalid { .. } | ApiError::Config { .. } => 2,
            ApiError::NotFound { .. } => 3,
            ApiError::Unauthorized { .. } => 4,
            ApiError::RateLimited { .. } | ApiError::Timeout | ApiError::Offline { .. } => 5,
            ApiError::Server { retry_after: Some(_), .. } => 5,
            _ => 1,
        };
        let mut message = e.to_string();
        if let Some(wait) = e.retry_after() {
            message.push_str(&format!(" (Retry-After: {}s)", wait.as_secs()));
        }
        Failure { code, message }
    }
}

/// Print the failure on stderr (sanitized: it may quote a server) and exit with its code.
pub fn finish(result: Result<(), Failure>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("triage: {}", crate::support::sanitize::line(&failure.message));
            ExitCode::from(failure.code)
        }
    }
}

/// The names a command line resolves against, read from the desk.
pub struct Names {
    pub agents: Vec<Agent>,
    pub tags: Vec<TagRef>,
    pub me: Option<String>,
    /// The agent's zone (the system's), for `snooze … tomorrow 9:00`.
    pub tz: jiff::tz::TimeZone,
    /// Ticket and collaborator types, read only by the commands that name them.
    pub catalog: crate::desk::fields::Catalog,
    /// The ticket a command is about (whose type `field` sets).
    pub ticket: Option<crate::desk::Ticket>,
    /// Saved replies and macros (from the config).
    pub library: crate::command::library::Library,
}

impl Names {
    pub async fn read<D: Desk>(desk: &D, me: Option<String>) -> Result<Names, Failure> {
        let (agents, tags) = tokio::join!(desk.agents(), desk.tags());
        let tz = jiff::tz::TimeZone::system();
        Ok(Names {
            agents: agents?,
            tags: tags.unwrap_or_default(),
            me,
            tz,
            catalog: Default::default(),
            ticket: None,
            library: Default::default(),
        })
    }

    /// With the workspace's ticket and collaborator types too.
    pub async fn read_with_catalog<D: Desk>(desk: &D, me: Option<String>) -> Result<Names, Failure> {
        let (names, catalog) = tokio::join!(Names::read(desk, me), desk.catalog());
        Ok(Names { catalog: catalog?, ..names? })
    }

    /// An agent's name by id, when the workspace has that agent.
    pub fn agent_name(&self, id: &str) -> Option<String> {
        output::agent_name(&self.agents, id)
    }

    pub fn words(&self) -> Words<'_> {
        Words {
            agents: &self.agents,
            tags: &self.tags,
            me: self.me.as_deref(),
            views: &[],
            now: jiff::Timestamp::now(),
            tz: &self.tz,
            catalog: &self.catalog,
            ticket: self.ticket.as_ref(),
            library: &self.library,
        }
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn help_names_every_command_on_tickets() {
        let help = crate::shell::cli::Cli::command().render_long_help().to_string();
        for spec in crate::command::COMMANDS.iter().filter(|c| c.headless()) {
            assert!(
                help.contains(&format!("|{}", spec.name))
                    || help.contains(&format!("{}|", spec.name))
                    || help.contains(&format!("triage {} ", spec.name)),
                "{}",
                spec.name
            );
        }
    }
}
