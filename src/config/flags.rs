//! The connection flags every subcommand shares (clap derive): what they override in the
//! config file and the environment. Here, below the shell, because resolving them is config's job.

use clap::Args;

#[derive(Debug, Args, Clone, Default)]
pub struct ConnectionArgs {
    /// Unthread API base URL [env: UNTHREAD_BASE_URL]
    #[arg(long, global = true)]
    pub base_url: Option<String>,
    /// Your agent email: "mine" filters on it and replies go out as you [env: TRIAGE_ME]
    #[arg(long, global = true)]
    pub me: Option<String>,
    /// Which service to open (default: the profile's, else unthread).
    #[arg(long, global = true, value_enum)]
    pub backend: Option<Backend>,
    /// A profile of config.toml (default: its default_profile).
    #[arg(long, global = true)]
    pub profile: Option<String>,
    /// The config file [env: TRIAGE_CONFIG] (default: `triage config path`).
    #[arg(long, global = true)]
    pub config: Option<std::path::PathBuf>,
    /// Log level for the log file: error, warn, info, debug, trace [env: TRIAGE_LOG].
    #[arg(long, global = true)]
    pub log_level: Option<String>,
    /// First day (YYYY-MM-DD) of Thena's export, or of `triage export`; 30 days ago when omitted.
    #[arg(long, global = true)]
    pub from: Option<jiff::civil::Date>,
    /// Last day (YYYY-MM-DD), inclusive; today when omitted.
    #[arg(long, global = true)]
    pub to: Option<jiff::civil::Date>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Backend {
    #[default]
    Unthread,
    Thena,
}
