//! How a terminal is told that tickets entered a watched view (`[notify]`): a bell, or a desktop notification through the terminal — OSC 9 (iTerm2, WezTerm,
//! ghostty, Windows Terminal) or OSC 777 (foot, urxvt) — only where the terminal is known
//! to take it; elsewhere the bell. The text is ours (a count and a view's name), and still
//! stripped of every control character before it is written.

use super::sanitize;

/// The desktop notification a terminal understands, judged from its environment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Desktop {
    Osc9,
    Osc777,
    None,
}

impl Desktop {
    pub fn detect(term_program: Option<&str>, term: Option<&str>) -> Desktop {
        match (term_program.unwrap_or_default(), term.unwrap_or_default()) {
            ("iTerm.app" | "WezTerm" | "ghostty", _) => Desktop::Osc9,
            (_, t) if t.starts_with("foot") || t.starts_with("rxvt") => Desktop::Osc777,
            _ => Desktop::None,
        }
    }
}

/// The bytes to write: a desktop notification with `text` when asked for and the terminal
/// takes one, else the bell.
pub fn sequence(desktop_wanted: bool, terminal: Desktop, text: &str) -> String {
    let text: String = sanitize::line(text).chars().filter(|c| !c.is_control() && *c != ';').collect();
    match (desktop_wanted, terminal) {
        (true, Desktop::Osc9) => format!("\x1b]9;{text}\x07"),
        (true, Desktop::Osc777) => format!("\x1b]777;notify;triage;{text}\x07"),
        _ => "\x07".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_terminal_decides_and_nothing_escapes() {
        assert_eq!(Desktop::detect(Some("WezTerm"), Some("xterm-256color")), Desktop::Osc9);
        assert_eq!(Desktop::detect(None, Some("foot")), Desktop::Osc777);
        assert_eq!(Desktop::detect(Some("Apple_Terminal"), Some("xterm")), Desktop::None);
        assert_eq!(sequence(true, Desktop::None, "2 new"), "\x07", "unknown terminal: the bell");
        assert_eq!(sequence(false, Desktop::Osc9, "2 new"), "\x07", "the bell when that is what was asked");
        let hostile = sequence(true, Desktop::Osc9, "2 new in \x1b]52;c;x\x07 Mine");
        assert_eq!(hostile.matches('\x1b').count(), 1, "only our own introducer: {hostile:?}");
        assert_eq!(hostile.matches('\x07').count(), 1);
        assert_eq!(sequence(true, Desktop::Osc777, "a;b"), "\x1b]777;notify;triage;ab\x07");
    }
}
