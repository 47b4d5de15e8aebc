//! The `:` line's history on disk: one line per command, oldest first, next to the drafts.

use std::path::{Path, PathBuf};

use crate::support::sanitize;

#[derive(Debug, Clone)]
pub struct History {
    path: PathBuf,
}

impl History {
    pub fn default_location() -> Option<History> {
        let dirs = directories::ProjectDirs::from("dev", "triage", "triage")?;
        Some(History::at(dirs.data_dir().join("command-history")))
    }

    pub fn at(path: impl Into<PathBuf>) -> History {
        History { path: path.into() }
    }

    /// What was kept; nothing when there is no file yet (or it cannot be read: the history
    /// is a convenience, never a reason not to start). The file may have been edited by
    /// hand, so each line is sanitized.
    pub fn load(&self) -> Vec<String> {
        let text = std::fs::read_to_string(&self.path).unwrap_or_default();
        text.lines().map(|l| sanitize::line(l).trim().to_string()).filter(|l| !l.is_empty()).collect()
    }

    pub fn save(&self, lines: &[String]) -> std::io::Result<()> {
        let dir = self.path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir)?;
        let text: String = lines.iter().map(|l| format!("{}\n", l.replace('\n', " "))).collect();
        crate::drafts::write_privately(dir, &self.path, &text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_a_missing_file_is_empty() {
        let dir = tempfile::tempdir().unwrap();
        let history = History::at(dir.path().join("sub/command-history"));
        assert!(history.load().is_empty());
        history.save(&["close".into(), "assign me".into()]).unwrap();
        assert_eq!(history.load(), ["close", "assign me"]);
    }
}
