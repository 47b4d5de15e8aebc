//! Popups: the help overlay (the live key map) and pickers.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::format::fit;
use super::theme::Theme;
use crate::state::Picker;
use crate::state::keymap::{Context, Keymap};

pub(super) fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let [row] = area.layout(&Layout::vertical([Constraint::Length(height.min(area.height))]).flex(Flex::Center));
    let [cell] = row.layout(&Layout::horizontal([Constraint::Length(width.min(area.width))]).flex(Flex::Center));
    cell
}

/// The keys that work here: the current context's and the global ones (like gh-dash's
/// context-aware help), so the overlay fits even at 80×24.
pub fn help(frame: &mut Frame, area: Rect, keymap: &Keymap, here: Context, theme: &Theme) {
    // What works here first, then what works anywhere.
    let mut entries = keymap.listing();
    entries.retain(|(c, _, _)| *c == here || *c == Context::Anywhere);
    // A key this place takes for itself does not do its "anywhere" command here.
    let shadowed = |key: &String| {
        here != Context::Anywhere
            && crate::state::keymap::Chord::parse(key).is_ok_and(|chord| keymap.binding(here, chord).is_some())
    };
    for (_, _, keys) in entries.iter_mut().filter(|(c, _, _)| *c == Context::Anywhere) {
        keys.retain(|key| !shadowed(key));
    }
    entries.retain(|(_, _, keys)| !keys.is_empty());
    entries.sort_by_key(|(c, _, _)| *c == Context::Anywhere);
    let count = entries.len() + 3;
    // Too tall for the terminal: two columns side by side, with narrower key columns.
    let two_columns = count as u16 + 2 > area.height && area.width >= 60;
    let key_width = if two_columns { 12 } else { 18 };
    let (width, height) =
        if two_columns { (area.width.min(150), (count as u16).div_ceil(2) + 2) } else { (78, count as u16 + 2) };
    let popup = centered(area, width, height.min(area.height));
    let column_width =
        if two_columns { (popup.width.saturating_sub(2) / 2) as usize } else { popup.width.saturating_sub(2) as usize };
    let mut lines = Vec::new();
    let mut last_context = None;
    for (context, what, keys) in entries {
        if last_context != Some(context) {
            if last_context.is_some() {
                lines.push(Line::default());
            }
            lines.push(Line::from(Span::styled(context.name(), theme.header)));
            last_context = Some(context);
        }
        let described = fit(&what, column_width.saturating_sub(key_width + 5));
        lines.push(Line::from(vec![
            Span::styled(format!("  {:<key_width$} ", whole_keys(&keys, key_width)), theme.title),
            Span::raw(described),
        ]));
    }
    frame.render_widget(Clear, popup);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border_focused)
        .title(Span::styled(" Keys — ? again: the legend · Esc closes ", theme.title));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    if two_columns {
        let right = lines.split_off(lines.len().div_ceil(2));
        let [l, r] = inner.layout(&Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)]));
        frame.render_widget(Paragraph::new(lines), l);
        frame.render_widget(Paragraph::new(right), r);
    } else {
        frame.render_widget(Paragraph::new(lines), inner);
    }
}

pub fn picker(frame: &mut Frame, area: Rect, picker: &Picker, theme: &Theme) {
    let rows = picker.matches.len().clamp(1, 12) as u16;
    let popup = centered(area, 56, rows + 4);
    frame.render_widget(Clear, popup);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border_focused)
        .title(Span::styled(format!(" {} ", picker.title), theme.title))
        .title_bottom(Span::styled(" type to filter · Enter chooses · Esc cancels ", theme.dim));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let width = inner.width as usize;
    let mut lines = vec![Line::from(vec![
        Span::styled("> ", theme.header),
        Span::raw(picker.query.clone()),
        Span::styled("█", theme.dim),
    ])];
    let visible = inner.height.saturating_sub(1) as usize;
    let start = picker.highlight.saturating_sub(visible.saturating_sub(1));
    if picker.matches.is_empty() {
        lines.push(Line::from(Span::styled("nothing matches", theme.dim)));
    }
    for (pos, &i) in picker.matches.iter().enumerate().skip(start).take(visible) {
        let option = &picker.options[i];
        let mark = if option.marked { "✓ " } else { "  " };
        let label = fit(&option.label, width.saturating_sub(4));
        let detail_room = width.saturating_sub(label.chars().count() + 4);
        let mut spans = vec![Span::styled(mark, theme.info), Span::raw(label)];
        if !option.detail.is_empty() && detail_room > 3 {
            spans.push(Span::styled(format!("  {}", fit(&option.detail, detail_room - 2)), theme.dim));
        }
        let line = Line::from(spans);
        lines.push(if pos == picker.highlight { line.style(theme.selected) } else { line });
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// As many of the keys as fit whole (a cut key would read as another key).
fn whole_keys(keys: &[String], width: usize) -> String {
    let mut shown = String::new();
    for key in keys {
        let next = if shown.is_empty() { key.clone() } else { format!("{shown} {key}") };
        if next.chars().count() > width {
            break;
        }
        shown = next;
    }
    if shown.is_empty() { fit(&keys.join(" "), width) } else { shown }
}
