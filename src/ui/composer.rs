//! The composer under the thread: a reply, or a private note in the note colour so the two
//! are never mistaken for each other; its attached files; and, beside it, the
//! knowledge-base hits to link.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::format::fit;
use super::theme::Theme;
use crate::desk::extras::human_size;
use crate::state::work::KbPanel;
use crate::state::{AppState, Focus, Loadable};
use crate::store::drafts::DraftKind;

pub fn draw(frame: &mut Frame, area: Rect, state: &AppState, theme: &Theme) {
    let Some(composer) = &state.compose.open else { return };
    let area = match &state.work.kb {
        Some(kb) if area.width >= 60 => {
            let [left, right] = area.layout(&Layout::horizontal([Constraint::Percentage(55), Constraint::Fill(1)]));
            kb_panel(frame, right, kb, theme);
            left
        }
        // Narrow: the hits above the draft, so both stay in view.
        Some(kb) => {
            let [top, bottom] = area.layout(&Layout::vertical([Constraint::Percentage(60), Constraint::Min(3)]));
            kb_panel(frame, top, kb, theme);
            bottom
        }
        None => area,
    };
    // Too small for a frame: the text alone, so what is typed is seen.
    if area.height < 4 {
        frame.render_widget(&composer.textarea, area);
        return;
    }
    let focused = state.view.focus == Focus::Composer;
    let customer = state.inbox.ticket(&composer.key.ticket).map(|t| t.customer_name.clone()).unwrap_or_default();
    let (title, style) = match composer.key.kind {
        DraftKind::Reply => {
            (format!(" Reply to {customer} "), if focused { theme.border_focused } else { theme.border })
        }
        DraftKind::Note => (" Private note · not sent to the customer ".to_string(), theme.note),
    };
    let hints = if focused {
        // Cut from the end, never the send key (right-aligned, a long hint lost its start).
        super::format::hint_that_fits(
            &["C-s send", "C-t saved", "C-o attach", "C-k kb", "Esc keep"],
            area.width.saturating_sub(2) as usize,
        )
    } else {
        " r returns to the draft ".to_string()
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(style)
        .title(Span::styled(title, style.patch(theme.title)))
        .title_bottom(Line::from(Span::styled(hints, theme.dim)).right_aligned());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let files = state.work.attachments.get(&composer.key).filter(|f| !f.is_empty());
    let text_area = match files {
        Some(files) if inner.height > 2 => {
            let [text, list] = inner.layout(&Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]));
            let names: Vec<String> = files.iter().map(|f| format!("{} ({})", f.name, human_size(f.size))).collect();
            let listed = format!("attached: {}", names.join(", "));
            let line = Line::from(Span::styled(fit(&listed, list.width as usize), theme.dim));
            frame.render_widget(Paragraph::new(line), list);
            text
        }
        _ => inner,
    };
    frame.render_widget(&composer.textarea, text_area);
}

/// The hits: title, then the url and a snippet, the chosen one highlighted.
fn kb_panel(frame: &mut Frame, area: Rect, kb: &KbPanel, theme: &Theme) {
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border_focused)
        .title(Span::styled(format!(" Knowledge base: {} ", kb.query), theme.title))
        .title_bottom(Line::from(Span::styled(" ↑↓ choose · Enter links · Esc closes ", theme.dim)).right_aligned());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = inner.width as usize;
    let mut lines = Vec::new();
    match &kb.hits {
        Loadable::Loading(_) => lines.push(Line::from(Span::styled("asking the knowledge base…", theme.dim))),
        Loadable::Failed(e) => lines.push(Line::from(Span::styled(fit(e, width), theme.error))),
        Loadable::Ready(hits) if hits.is_empty() => {
            lines.push(Line::from(Span::styled("no articles match", theme.dim)))
        }
        Loadable::Ready(hits) => {
            for (i, hit) in hits.iter().enumerate() {
                let title = Line::from(Span::styled(fit(&format!("{}. {}", i + 1, hit.title), width), theme.header));
                lines.push(if i == kb.cursor { title.style(theme.selected) } else { title });
                if let Some(url) = &hit.url {
                    lines.push(Line::from(Span::styled(fit(&format!("   {url}"), width), theme.mention)));
                }
                lines.push(Line::from(Span::styled(fit(&format!("   {}", hit.snippet), width), theme.dim)));
            }
        }
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

#[cfg(test)]
mod tests {
    use crate::ui::format::hint_that_fits;

    #[test]
    fn the_send_key_is_the_last_hint_to_go() {
        let parts = ["C-s send", "C-o attach", "C-k kb", "Esc keep"];
        assert_eq!(hint_that_fits(&parts, 80), " C-s send · C-o attach · C-k kb · Esc keep ");
        assert_eq!(hint_that_fits(&parts, 30), " C-s send · C-o attach ");
        assert_eq!(hint_that_fits(&parts, 12), " C-s send ");
    }
}
