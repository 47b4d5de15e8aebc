//! `$EDITOR` on a draft: the console gives the terminal back, waits, and takes it again.

use std::io::Write;
use std::process::Command;

use super::terminal;

/// `$EDITOR`, then `$VISUAL`, then `vi`.
fn editor_command() -> String {
    ["EDITOR", "VISUAL"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|v| !v.trim().is_empty())
        .unwrap_or_else(|| "vi".to_string())
}

/// Edit `text` in the user's editor; the edited text, or why it failed.
pub fn edit(text: &str) -> Result<String, String> {
    let mut file =
        tempfile::Builder::new().prefix("triage-draft-").suffix(".md").tempfile().map_err(|e| e.to_string())?;
    // A text file ends with a newline, as editors expect; the composer drops it again.
    let contents = if text.is_empty() { String::new() } else { format!("{text}\n") };
    file.write_all(contents.as_bytes()).and_then(|_| file.flush()).map_err(|e| e.to_string())?;
    terminal::suspend();
    // Through the shell, so EDITOR may carry arguments ("code --wait").
    let status = crate::support::child::safe_environment(&mut Command::new("sh"))
        .arg("-c")
        .arg(format!("{} \"$1\"", editor_command()))
        .arg("triage")
        .arg(file.path())
        .status();
    terminal::resume();
    match status {
        Ok(s) if s.success() => std::fs::read_to_string(file.path()).map_err(|e| e.to_string()),
        Ok(s) => Err(format!("the editor exited with {s}")),
        Err(e) => Err(e.to_string()),
    }
}
