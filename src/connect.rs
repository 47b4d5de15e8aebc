//! From flags and the environment to a desk: flags first, then the environment.

use jiff::ToSpan;
use jiff::civil::Date;
use secrecy::SecretString;

use crate::api::Timeouts;
use crate::api::thena::ThenaClient;
use crate::api::unthread::{DEFAULT_BASE_URL, UnthreadClient};
use crate::cli::{Backend, ConnectionArgs};
use crate::desk::any::AnyDesk;
use crate::desk::thena::ThenaDesk;
use crate::desk::unthread::UnthreadDesk;

pub fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// A desk and the label the status bar shows for it.
pub struct Connection {
    pub desk: AnyDesk,
    pub profile: String,
}

fn host_of(base: &str) -> String {
    crate::ui::markup::host_of(base).unwrap_or_else(|| base.to_string())
}

/// The Thena export window: `--from` (default 30 days ago) to `--to` (default open-ended).
pub fn thena_range(args: &ConnectionArgs, today: Date) -> Result<(Date, Option<Date>), String> {
    let from = args.from.unwrap_or(today - 29.days());
    match args.to {
        Some(to) if to < from => Err(format!("--from {from} is after --to {to}")),
        to => Ok((from, to)),
    }
}

/// Connect as the flags and environment say; the error is the text to show (exit code 2).
pub fn connect(args: &ConnectionArgs) -> Result<Connection, String> {
    match args.backend {
        Backend::Unthread => {
            let key = env("UNTHREAD_API_KEY").ok_or_else(|| {
                format!(
                    "no Unthread API key.\n\n  Set UNTHREAD_API_KEY to a service-account key (Unthread → Settings → Service Accounts),\n  and UNTHREAD_BASE_URL if your workspace uses another API host (default {DEFAULT_BASE_URL}).\n\n  To try the console without an account: triage demo"
                )
            })?;
            let base = args
                .base_url
                .clone()
                .or_else(|| env("UNTHREAD_BASE_URL"))
                .unwrap_or_else(|| DEFAULT_BASE_URL.to_string());
            let client =
                UnthreadClient::new(&base, SecretString::from(key), Timeouts::default()).map_err(|e| e.to_string())?;
            Ok(Connection { desk: AnyDesk::Unthread(UnthreadDesk::new(client)), profile: host_of(&base) })
        }
        Backend::Thena => {
            let key = env("THENA_API_KEY").ok_or_else(|| {
                "no Thena API key.\n\n  Set THENA_API_KEY, and THENA_WORKSPACE (your-workspace for https://your-workspace.thena.ai/)\n  or THENA_BASE_URL.\n\n  To try the console without an account: triage demo --backend thena".to_string()
            })?;
            let base = match (args.base_url.clone().or_else(|| env("THENA_BASE_URL")), env("THENA_WORKSPACE")) {
                (Some(base), _) => base,
                (None, Some(workspace)) => ThenaClient::base_for_workspace(&workspace).map_err(|e| e.to_string())?,
                (None, None) => return Err("no Thena workspace: set THENA_WORKSPACE or THENA_BASE_URL".into()),
            };
            let client =
                ThenaClient::new(&base, SecretString::from(key), Timeouts::default()).map_err(|e| e.to_string())?;
            let (from, to) = thena_range(args, jiff::Zoned::now().date())?;
            Ok(Connection { desk: AnyDesk::Thena(ThenaDesk::new(client, from, to)), profile: host_of(&base) })
        }
    }
}
