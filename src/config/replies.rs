//! Saved replies: the `replies/` folder beside `config.toml`, one markdown file each, its name
//! the file's name without `.md`. Every variable is checked when they are read.

use std::path::Path;

use crate::command::library::Saved;
use crate::command::template;

/// The saved replies in `dir` (none when it does not exist), by name; an unreadable file or
/// an unknown variable is an error naming the file.
pub fn load(dir: &Path) -> Result<Vec<Saved>, String> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Ok(Vec::new()) };
    let mut replies = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        let (Some(name), Some("md")) =
            (path.file_stem().and_then(|s| s.to_str()), path.extension().and_then(|e| e.to_str()))
        else {
            continue;
        };
        let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        template::check(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        replies.push(Saved { name: name.to_string(), text: text.trim_end().to_string() });
    }
    replies.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(replies)
}

/// The folder beside the config file.
pub fn dir_beside(config: &Path) -> std::path::PathBuf {
    config.parent().unwrap_or(Path::new(".")).join("replies")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replies_are_read_by_name_and_a_bad_variable_names_the_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("thanks.md"), "Thanks {first_name}!\n").unwrap();
        std::fs::write(dir.path().join("notes.txt"), "not a reply").unwrap();
        let replies = load(dir.path()).unwrap();
        assert_eq!(replies, [Saved { name: "thanks".into(), text: "Thanks {first_name}!".into() }]);
        std::fs::write(dir.path().join("bad.md"), "Hi {nmae}").unwrap();
        let e = load(dir.path()).unwrap_err();
        assert!(e.contains("bad.md") && e.contains("unknown variable {nmae}"), "{e}");
        assert_eq!(load(&dir.path().join("none")).unwrap(), []);
    }
}
