//! From flags, the environment and `config.toml` to a desk and a console setup.

use std::path::PathBuf;

use jiff::ToSpan;
use jiff::civil::Date;

use crate::api::Timeouts;
use crate::api::thena::ThenaClient;
use crate::api::unthread::{DEFAULT_BASE_URL, UnthreadClient};
use crate::config::{self, ConfigFile, Env, ResolveError, SidebarMode};
pub use crate::console::Look;
use crate::desk::any::AnyDesk;
use crate::desk::thena::ThenaDesk;
use crate::desk::unthread::UnthreadDesk;
use crate::shell::cli::{Backend, ConnectionArgs};
use crate::state::keymap::Keymap;
use crate::ui::theme::Theme;

pub fn env(name: &str) -> Option<String> {
    Env::process().get(name)
}

/// The config file read and checked: its path, contents and the console's look.
pub struct Loaded {
    pub path: PathBuf,
    pub file: ConfigFile,
    pub look: Look,
}

/// Read `config.toml` (a missing one is empty) and build the look; errors are messages.
pub fn load_config(args: &ConnectionArgs) -> Result<Loaded, String> {
    let env = Env::process();
    let path = config::path(args.config.as_deref(), &env).unwrap_or_else(|| PathBuf::from("config.toml"));
    let file = config::load(&path).map_err(|e| e.to_string())?;
    let library = config::library(&file, &path)?;
    let mut keymap = Keymap::default();
    crate::state::keymap::bind_macros(&mut keymap, &library.macros).map_err(|e| format!("{}: {e}", path.display()))?;
    crate::state::keymap::apply_keys(&mut keymap, &file.keys).map_err(|e| format!("{}: {e}", path.display()))?;
    let no_color = env.get("NO_COLOR").is_some();
    let theme = Theme::from_config(&file.ui, no_color).map_err(|e| format!("{}: {e}", path.display()))?;
    let sidebar = match file.ui.sidebar {
        SidebarMode::Auto => None,
        SidebarMode::Always => Some(true),
        SidebarMode::Never => Some(false),
    };
    let look = Look {
        keymap,
        theme,
        mouse: file.ui.mouse,
        sidebar,
        date_format: file.ui.date_format.clone(),
        refresh: file.sync.refresh(),
        live: file.sync.live(),
        offline_retry: file.sync.offline_retry(),
        partitions: file.sync.partitions(),
        views: config::views(&file.views, &file.notify).map_err(|e| format!("{}: {e}", path.display()))?,
        after_action_next: file.ui.after_action != config::AfterAction::Stay,
        after_send_next: file.ui.after_send == config::AfterSend::Next,
        undo_send_secs: file.compose.undo_send_secs(),
        columns: file.ui.columns.clone(),
        library,
    };
    Ok(Loaded { path, file, look })
}

/// A desk and who is using it.
pub struct Connection {
    pub desk: AnyDesk,
    /// The profile's name, or the host, for the status bar.
    pub profile: String,
    pub me: Option<String>,
    /// Whose offline cache this is.
    pub cache_key: crate::store::cache::CacheKey,
}

/// The Thena export window: `--from` (default 30 days ago) to `--to` (default open-ended).
pub fn thena_range(args: &ConnectionArgs, today: Date) -> Result<(Date, Option<Date>), String> {
    let from = args.from.unwrap_or(today - 29.days());
    match args.to {
        Some(to) if to < from => Err(format!("--from {from} is after --to {to}")),
        to => Ok((from, to)),
    }
}

fn first_run(backend: Backend, config_path: &std::path::Path) -> String {
    let (var, extra) = match backend {
        Backend::Unthread => (
            "UNTHREAD_API_KEY",
            format!(
                "a service-account key (Unthread → Settings → Service Accounts);\n  UNTHREAD_BASE_URL if your API host is not {DEFAULT_BASE_URL}"
            ),
        ),
        Backend::Thena => ("THENA_API_KEY", "your Thena API key, and THENA_WORKSPACE or THENA_BASE_URL".to_string()),
    };
    format!(
        "no API key.\n\n  Set {var} to {extra}.\n  Or add a profile to {} — `triage config init` writes a commented example\n  (api_key_cmd = \"pass show …\" keeps the key in your password manager).\n\n  To see the console without an account: triage demo",
        config_path.display()
    )
}

/// Why there is no connection: the text to show, and whether it is the key that is missing
/// (exit 4, COMMANDS.md) rather than a bad setting (exit 2).
#[derive(Debug)]
pub struct NotConnected {
    pub message: String,
    pub no_key: bool,
}

impl From<String> for NotConnected {
    fn from(message: String) -> Self {
        NotConnected { message, no_key: false }
    }
}

/// Connect as flags, environment and profile say.
pub fn connect(args: &ConnectionArgs, loaded: &Loaded) -> Result<Connection, NotConnected> {
    let resolved = config::resolve(args, &Env::process(), &loaded.file, &loaded.path, &config::run_shell).map_err(
        |e| match e {
            ResolveError::NoKey { backend } => NotConnected { message: first_run(backend, &loaded.path), no_key: true },
            ResolveError::Invalid(message) => message.into(),
        },
    )?;
    for warning in &resolved.warnings {
        eprintln!("triage: warning: {warning}");
    }
    let host = crate::support::text::host_of(&resolved.base_url).unwrap_or_else(|| resolved.base_url.clone());
    let profile = resolved.profile.clone().unwrap_or(host);
    let cache_key = crate::store::cache::CacheKey {
        backend: match resolved.backend {
            Backend::Unthread => "unthread",
            Backend::Thena => "thena",
        },
        base_url: resolved.base_url.clone(),
        profile: resolved.profile.clone().unwrap_or_else(|| "default".into()),
    };
    let desk = match resolved.backend {
        Backend::Unthread => {
            let client = UnthreadClient::new(&resolved.base_url, resolved.key, Timeouts::default())
                .map_err(|e| e.to_string())?;
            AnyDesk::Unthread(UnthreadDesk::new(client))
        }
        Backend::Thena => {
            let client =
                ThenaClient::new(&resolved.base_url, resolved.key, Timeouts::default()).map_err(|e| e.to_string())?;
            let (from, to) = thena_range(args, jiff::Zoned::now().date())?;
            AnyDesk::Thena(ThenaDesk::new(client, from, to))
        }
    };
    Ok(Connection { desk, profile, me: resolved.me, cache_key })
}
