//! The log: a file in the state directory, rotated daily (a week kept), never the terminal.
//! Nothing logged carries a key: keys live in redacting types and travel only in headers.

use tracing_appender::non_blocking::WorkerGuard;
use tracing_subscriber::EnvFilter;

/// Start logging at `--log-level`, else `TRIAGE_LOG`, else `info`. Keep the guard alive
/// for the life of the program (it flushes on drop). `None` when no directory is usable.
pub fn init(level: Option<&str>) -> Option<WorkerGuard> {
    let dirs = directories::ProjectDirs::from("dev", "triage", "triage")?;
    let dir = dirs.state_dir().unwrap_or_else(|| dirs.data_dir()).to_path_buf();
    std::fs::create_dir_all(&dir).ok()?;
    let appender = tracing_appender::rolling::Builder::new()
        .rotation(tracing_appender::rolling::Rotation::DAILY)
        .filename_prefix("triage")
        .filename_suffix("log")
        .max_log_files(7)
        .build(&dir)
        .ok()?;
    let (writer, guard) = tracing_appender::non_blocking(appender);
    let filter =
        level.map(str::to_string).or_else(|| std::env::var("TRIAGE_LOG").ok()).unwrap_or_else(|| "info".into());
    let filter = EnvFilter::try_new(&filter).unwrap_or_else(|_| EnvFilter::new("info"));
    tracing_subscriber::fmt().with_writer(writer).with_ansi(false).with_env_filter(filter).try_init().ok()?;
    tracing::info!(version = env!("CARGO_PKG_VERSION"), "triage started");
    Some(guard)
}
