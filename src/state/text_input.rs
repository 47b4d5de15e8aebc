//! The editing keys of every one-line prompt (the search line, a picker's filter, the `:`
//! line, the range prompt). Typed text is routed to its prompt by `flows.rs`.

use crate::command::action::TextKey;

/// The editing keys every one-line prompt shares (others leave the line as it is).
pub(super) fn edit_line(line: &mut String, key: TextKey) {
    match key {
        TextKey::Char(c) => line.push(c),
        TextKey::Backspace => {
            line.pop();
        }
        TextKey::DeleteWord => *line = delete_word(line),
        TextKey::ClearLine => line.clear(),
        _ => {}
    }
}

fn delete_word(s: &str) -> String {
    let trimmed = s.trim_end();
    match trimmed.rfind(char::is_whitespace) {
        Some(i) => trimmed[..=i].to_string(),
        None => String::new(),
    }
}
