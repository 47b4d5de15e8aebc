//! The render lint (debug and test builds): after every draw, no cell may hold a control,
//! bidi or invisible character. It backs up the sanitizer: a leak fails loudly in tests.

use ratatui::buffer::Buffer;

use crate::support::sanitize::is_forbidden;

/// Cells whose symbol contains a forbidden character, as (x, y, symbol).
pub fn forbidden_cells(buffer: &Buffer) -> Vec<(u16, u16, String)> {
    let area = buffer.area;
    let mut bad = Vec::new();
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            let symbol = buffer[(x, y)].symbol();
            if symbol.chars().any(is_forbidden) {
                bad.push((x, y, symbol.escape_unicode().to_string()));
            }
        }
    }
    bad
}
