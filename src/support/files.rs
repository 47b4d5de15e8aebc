//! Saving a file whose name came from a server: the name is made safe (never a path), the
//! directory must be writable, and nothing already there is overwritten (`name (1).ext`).

use std::io::Write;
use std::path::{Path, PathBuf};

/// A file name safe to create inside a directory: the last path segment only, without
/// control or invisible characters, never `.`/`..` or hidden, at most 120 characters.
pub fn safe_name(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let clean: String = super::sanitize::line(last)
        .chars()
        .filter(|c| {
            !c.is_control()
                && !super::sanitize::is_forbidden(*c)
                && !matches!(c, ':' | '*' | '?' | '"' | '<' | '>' | '|')
        })
        .collect();
    let clean = clean.trim().trim_start_matches('.').trim();
    let clean: String = clean.chars().take(120).collect();
    if clean.is_empty() { "download".into() } else { clean }
}

/// The platform's download directory (`~/Downloads` or what XDG says), else the home.
pub fn download_dir() -> Option<PathBuf> {
    let dirs = directories::UserDirs::new()?;
    Some(dirs.download_dir().map_or_else(|| dirs.home_dir().to_path_buf(), Path::to_path_buf))
}

/// `~/x` → the home's `x`.
pub fn expand_home(dir: &str) -> PathBuf {
    let home = || directories::UserDirs::new().map(|d| d.home_dir().to_path_buf());
    match dir.strip_prefix("~") {
        Some(rest) if rest.is_empty() || rest.starts_with('/') => {
            home().map_or_else(|| PathBuf::from(dir), |h| h.join(rest.trim_start_matches('/')))
        }
        _ => PathBuf::from(dir),
    }
}

/// Write `bytes` as a new file named (safely) `name` in `dir`: `name (1).ext`, `name (2).ext`…
/// when taken. Created exclusively, so a file that appears meanwhile is not overwritten
/// either. Answers the path written.
pub fn save_new(dir: &Path, name: &str, bytes: &[u8]) -> Result<PathBuf, String> {
    if !dir.is_dir() {
        return Err(format!("{} is not a directory", dir.display()));
    }
    let name = safe_name(name);
    let (stem, ext) = match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => (stem.to_string(), format!(".{ext}")),
        _ => (name.clone(), String::new()),
    };
    for n in 0..1000 {
        let candidate = if n == 0 { name.clone() } else { format!("{stem} ({n}){ext}") };
        let path = dir.join(candidate);
        match std::fs::OpenOptions::new().write(true).create_new(true).open(&path) {
            Ok(mut file) => {
                return match file.write_all(bytes).and_then(|()| file.sync_all()) {
                    Ok(()) => Ok(path),
                    Err(e) => {
                        let _ = std::fs::remove_file(&path);
                        Err(format!("writing {}: {e}", path.display()))
                    }
                };
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(format!("{} is not writable: {e}", dir.display())),
        }
    }
    Err(format!("{} holds too many files named {name}", dir.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_names_stay_inside_the_directory() {
        assert_eq!(safe_name("../../.bashrc"), "bashrc");
        assert_eq!(safe_name("/etc/passwd"), "passwd");
        assert_eq!(safe_name("C:\\Windows\\evil.bat"), "evil.bat");
        assert!(!safe_name("a\u{1b}[31mb\u{202e}fdp.exe").chars().any(|c| c.is_control() || c == '\u{202e}'));
        assert_eq!(safe_name(".."), "download");
        assert_eq!(safe_name(""), "download");
    }

    #[test]
    fn nothing_is_overwritten_and_an_unwritable_place_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let first = save_new(dir.path(), "log.txt", b"one").unwrap();
        let second = save_new(dir.path(), "log.txt", b"two").unwrap();
        assert_eq!(second.file_name().unwrap(), "log (1).txt");
        assert_eq!(std::fs::read(first).unwrap(), b"one");
        assert_eq!(std::fs::read(second).unwrap(), b"two");
        let saved = save_new(dir.path(), "../../.bashrc", b"x").unwrap();
        assert_eq!(saved.parent().unwrap(), dir.path());
        assert!(save_new(&dir.path().join("missing"), "a", b"x").unwrap_err().contains("not a directory"));
    }
}
