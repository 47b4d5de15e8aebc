//! The `:` line's history on disk (one line per command, oldest first, next to the drafts),
//! and where the agent was in the inbox: the view, the sort and the `/` text.

use std::path::{Path, PathBuf};

use crate::support::sanitize;

/// Where the agent was in the inbox, kept across runs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Place {
    pub view: Option<String>,
    pub sort: Option<String>,
    pub search: String,
}

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

    /// Where the agent was (empty when never saved, or unreadable).
    pub fn load_place(&self) -> Place {
        let text = std::fs::read_to_string(self.place_path()).unwrap_or_default();
        let mut place = Place::default();
        for line in text.lines() {
            let (key, value) = line.split_once('=').unwrap_or((line, ""));
            let value = sanitize::line(value).trim().to_string();
            match key {
                "view" => place.view = Some(value).filter(|v| !v.is_empty()),
                "sort" => place.sort = Some(value).filter(|v| !v.is_empty()),
                "search" => place.search = value,
                _ => {}
            }
        }
        place
    }

    pub fn save_place(&self, place: &Place) -> std::io::Result<()> {
        let dir = self.path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir)?;
        let one_line = |s: &str| s.replace('\n', " ");
        let text = format!(
            "view={}\nsort={}\nsearch={}\n",
            one_line(place.view.as_deref().unwrap_or_default()),
            one_line(place.sort.as_deref().unwrap_or_default()),
            one_line(&place.search)
        );
        crate::store::drafts::write_privately(dir, &self.place_path(), &text)
    }

    fn place_path(&self) -> PathBuf {
        self.path.with_file_name("inbox-place")
    }

    pub fn save(&self, lines: &[String]) -> std::io::Result<()> {
        let dir = self.path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir)?;
        let text: String = lines.iter().map(|l| format!("{}\n", l.replace('\n', " "))).collect();
        crate::store::drafts::write_privately(dir, &self.path, &text)
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
        assert_eq!(history.load_place(), Place::default());
        let place = Place { view: Some("All open".into()), sort: Some("due".into()), search: "sso\nx".into() };
        history.save_place(&place).unwrap();
        assert_eq!(history.load_place(), Place { search: "sso x".into(), ..place });
    }
}
