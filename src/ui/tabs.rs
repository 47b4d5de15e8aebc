//! The view tabs above the inbox: each view with its count, the current one highlighted, a
//! "+N" on a view that gained tickets since it was last shown. A count is exact only when the
//! whole inbox is loaded; until then it is shown as "≥N". When the strip is wider than the
//! terminal, counts are abbreviated (`2.0k`) and the hint goes, rather than a count cut in two;
//! narrower still, the strip shows the tabs around the current one, `‹` and `›` saying more
//! are there.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::format::thousands;
use super::theme::Theme;
use crate::state::AppState;

const HINT: &str = "  [ ] views";

pub fn draw(frame: &mut Frame, area: Rect, state: &AppState, theme: &Theme) {
    if area.height == 0 {
        return;
    }
    let width = area.width as usize;
    let full = strip(state, theme, thousands);
    let spans = if line_width(&full) + HINT.len() <= width {
        let mut spans = full;
        spans.push(Span::styled(HINT, theme.dim));
        spans
    } else if line_width(&full) <= width {
        full
    } else {
        around_current(strip(state, theme, abbreviated), state.inbox.tabs.current, width, theme)
    };
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The tabs (two spans each, after the leading space) that fit in `width` around the
/// current one: the current tab is always on screen.
fn around_current<'a>(spans: Vec<Span<'a>>, current: usize, width: usize, theme: &Theme) -> Vec<Span<'a>> {
    if line_width(&spans) <= width {
        return spans;
    }
    let tabs: Vec<&[Span<'a>]> = spans[1..].chunks(2).collect();
    let size = |range: std::ops::Range<usize>| tabs[range].iter().map(|t| line_width(t)).sum::<usize>() + 2;
    let (mut from, mut to) = (current, current + 1);
    loop {
        if to < tabs.len() && size(from..to + 1) <= width {
            to += 1;
        } else if from > 0 && size(from - 1..to) <= width {
            from -= 1;
        } else {
            break;
        }
    }
    let more = |yes: bool, mark: &'static str| Span::styled(if yes { mark } else { " " }, theme.dim);
    let mut shown = vec![more(from > 0, "‹")];
    shown.extend(tabs[from..to].iter().flat_map(|t| t.iter().cloned()));
    shown.push(more(to < tabs.len(), "›"));
    shown
}

fn strip<'a>(state: &AppState, theme: &Theme, count_of: fn(u64) -> String) -> Vec<Span<'a>> {
    let tabs = &state.inbox.tabs;
    let whole = state.sync.complete();
    let mut spans = vec![Span::raw(" ")];
    for (i, view) in tabs.views.iter().enumerate() {
        let count = count_of(tabs.counts.get(i).copied().unwrap_or(0) as u64);
        let count = if whole { count } else { format!("≥{count}") };
        let style = if i == tabs.current { theme.selected } else { theme.dim };
        spans.push(Span::styled(format!(" {} {count} ", view.name), style));
        match tabs.fresh.get(i).copied().unwrap_or(0) {
            0 => spans.push(Span::raw(" ")),
            n => spans.push(Span::styled(format!("+{n} "), theme.info)),
        }
    }
    spans
}

fn line_width(spans: &[Span]) -> usize {
    spans.iter().map(Span::width).sum()
}

/// `950`, `2.0k`, `12k`, `1.2M`: a count in at most four characters.
pub fn abbreviated(n: u64) -> String {
    match n {
        0..1_000 => n.to_string(),
        1_000..9_950 => format!("{:.1}k", n as f64 / 1_000.0),
        9_950..999_500 => format!("{}k", (n as f64 / 1_000.0).round()),
        _ => format!("{:.1}M", n as f64 / 1_000_000.0),
    }
}

#[cfg(test)]
mod tests {
    use super::abbreviated;

    #[test]
    fn counts_in_four_characters() {
        let seen: Vec<String> = [950, 1_000, 2_000, 9_949, 12_345, 120_000, 1_234_567].map(abbreviated).into();
        assert_eq!(seen, ["950", "1.0k", "2.0k", "9.9k", "12k", "120k", "1.2M"]);
    }
}
