//! The view tabs above the inbox: each view with its count, the current one highlighted, a
//! "+N" on a view that gained tickets since it was last shown. A count is exact only when the
//! whole inbox is loaded; until then it is shown as "≥N".

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::theme::Theme;
use crate::app::state::AppState;

pub fn draw(frame: &mut Frame, area: Rect, state: &AppState, theme: &Theme) {
    if area.height == 0 {
        return;
    }
    let tabs = &state.inbox.tabs;
    let whole = state.sync.complete();
    let mut spans = vec![Span::raw(" ")];
    for (i, view) in tabs.views.iter().enumerate() {
        let count = tabs.counts.get(i).copied().unwrap_or(0);
        let count = super::format::thousands(count as u64);
        let count = if whole { count } else { format!("≥{count}") };
        let style = if i == tabs.current { theme.selected } else { theme.dim };
        spans.push(Span::styled(format!(" {} {count} ", view.name), style));
        match tabs.fresh.get(i).copied().unwrap_or(0) {
            0 => spans.push(Span::raw(" ")),
            n => spans.push(Span::styled(format!("+{n} "), theme.info)),
        }
    }
    spans.push(Span::styled("  [ ] views", theme.dim));
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
