//! `config.toml`: profiles, ui and keys. Read before the terminal is touched, so every
//! problem is a plain message and exit code 2.

mod file;
mod flags;
mod key_command;
mod macros;
pub mod replies;
mod resolve;
mod views;

pub use file::{AfterAction, AfterSend, Column, ConfigFile, KeySource, Profile, SidebarMode, ThemeName, Ui};
pub use flags::{Backend, ConnectionArgs};
pub use resolve::{Env, ResolveError, Resolved, resolve, run_shell};
pub use views::{ViewSpec, views};

/// The saved replies beside `path` and the file's macros, each checked.
pub fn library(file: &ConfigFile, path: &Path) -> Result<crate::command::library::Library, String> {
    let replies = replies::load(&replies::dir_beside(path))?;
    Ok(crate::command::library::Library { replies, macros: macros::macros(&file.macros, path)? })
}

use std::path::{Path, PathBuf};

/// Where the config lives: `--config`, then `TRIAGE_CONFIG`, then the platform's config dir.
pub fn path(flag: Option<&Path>, env: &Env) -> Option<PathBuf> {
    flag.map(Path::to_path_buf).or_else(|| env.get("TRIAGE_CONFIG").map(PathBuf::from)).or_else(|| {
        directories::ProjectDirs::from("dev", "triage", "triage").map(|d| d.config_dir().join("config.toml"))
    })
}

/// The commented example `triage config init` writes.
pub const EXAMPLE: &str = include_str!("../../assets/config.example.toml");

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ConfigError {
    #[error("{path}:{line}:{column}: {message}")]
    Syntax { path: String, line: usize, column: usize, message: String },
    #[error("{path}: cannot read it: {message}")]
    Read { path: String, message: String },
    #[error("{0}")]
    Invalid(String),
}

/// Read and parse the config file; a missing file is an empty config.
pub fn load(path: &Path) -> Result<ConfigFile, ConfigError> {
    // A FIFO or a device would be read for ever: only a regular file is a config.
    if let Ok(meta) = std::fs::metadata(path)
        && !meta.is_file()
    {
        let message = "not a regular file".to_string();
        return Err(ConfigError::Read { path: path.display().to_string(), message });
    }
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(ConfigFile::default()),
        Err(e) => return Err(ConfigError::Read { path: path.display().to_string(), message: e.to_string() }),
    };
    parse(&text, &path.display().to_string())
}

pub fn parse(text: &str, path: &str) -> Result<ConfigFile, ConfigError> {
    toml::from_str(text).map_err(|e| {
        let offset = e.span().map_or(0, |s| s.start);
        let before = &text[..offset.min(text.len())];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        ConfigError::Syntax { path: path.to_string(), line, column, message: without_values(e.message().trim()) }
    })
}

/// A parse error without the value it quotes (it may be a key: `api_key = 987654321012`)
/// and without anything that could drive a terminal; what was expected, and a misspelt
/// setting's name, are kept.
fn without_values(message: &str) -> String {
    let quotes_a_value = ["invalid type", "invalid value", "invalid length", "unknown variant"];
    if !quotes_a_value.iter().any(|p| message.starts_with(p)) {
        return crate::support::sanitize::line(message).into_owned();
    }
    let (found, expected) = message.split_once(", expected").map_or((message, None), |(f, e)| (f, Some(e)));
    let mut out = String::new();
    for (i, part) in found.split('`').enumerate() {
        out.push_str(if i % 2 == 1 { "`…`" } else { part });
    }
    if let Some(expected) = expected {
        out.push_str(", expected");
        out.push_str(expected);
    }
    crate::support::sanitize::line(&out).into_owned()
}

/// Group or others can read the file (ssh refuses keys like that; we warn).
#[cfg(unix)]
pub fn readable_by_others(path: &Path) -> Option<u32> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path).ok()?.permissions().mode() & 0o777;
    (mode & 0o077 != 0).then_some(mode)
}

#[cfg(not(unix))]
pub fn readable_by_others(_: &Path) -> Option<u32> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn a_fifo_or_a_directory_is_refused_not_read_for_ever() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("config.toml");
        assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
        assert!(load(&fifo).unwrap_err().to_string().contains("not a regular file"));
        assert!(load(dir.path()).unwrap_err().to_string().contains("not a regular file"));
    }

    #[test]
    fn a_type_error_never_shows_the_value_nor_an_escape() {
        let err = parse("[profiles.p]\napi_key = 987654321012\n", "c.toml").unwrap_err().to_string();
        assert!(!err.contains("987654321012"), "{err}");
        assert!(err.contains("expected"), "what was expected is still said: {err}");
        let err = parse("[ui]\ntheme = \"\u{1b}]52;c;eA==\u{7}\"\nx = = 1\n", "c.toml").unwrap_err().to_string();
        assert!(!err.chars().any(|c| c == '\u{1b}' || c == '\u{7}'), "{err:?}");
    }

    #[test]
    fn syntax_errors_name_file_line_and_column() {
        let err = parse("[ui]\ntheme = dark\n", "/home/a/config.toml").unwrap_err();
        let text = err.to_string();
        assert!(text.starts_with("/home/a/config.toml:2:9: "), "{text}");
        let err = parse("[ui]\nmouse = \"yes\"\n", "c.toml").unwrap_err().to_string();
        assert!(err.starts_with("c.toml:2:9: ") && err.contains("expected a boolean"), "{err}");
        let err = parse("[ui]\ncolour = 1\n", "c.toml").unwrap_err().to_string();
        assert!(err.contains("unknown field `colour`"), "{err}");
    }

    #[test]
    fn the_example_parses() {
        let config = parse(EXAMPLE, "example").unwrap();
        assert!(config.profiles.contains_key("acme"));
        assert_eq!(config.sync.refresh(), Some(std::time::Duration::from_secs(60)));
    }

    #[test]
    fn the_background_sync_defaults_to_a_minute_and_zero_turns_it_off() {
        assert_eq!(parse("", "c").unwrap().sync.refresh(), Some(std::time::Duration::from_secs(60)));
        assert_eq!(parse("[sync]\nrefresh_secs = 15\n", "c").unwrap().sync.refresh().unwrap().as_secs(), 15);
        assert_eq!(parse("[sync]\nrefresh_secs = 0\n", "c").unwrap().sync.refresh(), None);
        assert_eq!(parse("", "c").unwrap().sync.offline_retry().as_secs(), 10);
        assert_eq!(parse("", "c").unwrap().sync.partitions(), 8);
        assert_eq!(parse("[sync]\npartitions = 2\n", "c").unwrap().sync.partitions(), 2);
        assert_eq!(parse("[sync]\npartitions = 99\n", "c").unwrap().sync.partitions(), 16);
        assert_eq!(parse("[sync]\noffline_retry_secs = 0\n", "c").unwrap().sync.offline_retry().as_secs(), 1);
    }
}
