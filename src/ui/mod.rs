//! Drawing: a pure function of `&AppState` (plus render-only caches in `UiState`).

pub mod bars;
pub mod blocks;
pub mod chart;
pub mod composer;
pub mod form;
pub mod format;
pub mod hints;
pub mod inbox;
mod inbox_row;
pub mod layout;
pub mod legend;
pub mod lint;
pub mod markup;
pub mod messages;
pub mod metrics;
pub mod metrics_pages;
pub mod popup;
pub mod sidebar;
pub mod tabs;
pub mod theme;
pub mod thread;
pub mod wrap;

use ratatui::Frame;

use crate::command::action::Layout;
use crate::state::keymap::Keymap;
use crate::state::{AppState, Overlay, Screen};

/// What rendering keeps between frames: never domain state.
#[derive(Default)]
pub struct UiState {
    pub theme: theme::Theme,
    inbox_offset: usize,
    thread_cache: thread::ThreadCache,
    /// The pane hints as last laid out (the key map does not change while the console runs).
    hints: hints::Cache,
}

impl UiState {
    pub fn with_theme(theme: theme::Theme) -> Self {
        UiState { theme, ..UiState::default() }
    }
}

/// Draw the whole screen; returns what `update` needs to know about the layout.
pub fn render(frame: &mut Frame, state: &AppState, keymap: &Keymap, ui: &mut UiState) -> Layout {
    let area = frame.area();
    let panes =
        layout::panes(area, state.view.pane_mode(), state.view.sidebar_visible(), !state.inbox.tabs.views.is_empty());
    let theme = ui.theme.clone();
    if state.view.screen == Screen::Metrics {
        let [header, body, status] = area.layout(&ratatui::layout::Layout::vertical([
            ratatui::layout::Constraint::Length(1),
            ratatui::layout::Constraint::Fill(1),
            ratatui::layout::Constraint::Length(1),
        ]));
        bars::metrics_header(frame, header, state, &theme);
        metrics::draw(frame, body, state, keymap, &theme);
        bars::status(frame, status, state, &theme);
        if state.view.overlay == Some(Overlay::Legend) {
            legend::draw(frame, area, &theme);
        }
        if state.view.overlay == Some(Overlay::Help) {
            popup::help(frame, area, keymap, crate::state::keymap::context_of(state), &theme);
        }
        if state.view.overlay == Some(Overlay::Messages) {
            messages::draw(frame, area, state, &theme);
        }
        return state.view.layout;
    }
    bars::header(frame, panes.header, state, &theme);
    tabs::draw(frame, panes.tabs, state, &theme);
    let inbox_rows = match panes.inbox.width {
        0 => state.view.layout.inbox_rows,
        _ => inbox::draw(frame, panes.inbox, state, &theme, &mut ui.inbox_offset),
    };
    let thread_area = match &state.compose.open {
        // On a tiny terminal the draft takes the whole pane: what is typed stays in view.
        Some(_) if panes.thread.height < 10 => {
            composer::draw(frame, panes.thread, state, &theme);
            ratatui::layout::Rect::default()
        }
        Some(_) => {
            let height = (panes.thread.height / 2).clamp(5.min(panes.thread.height), 12);
            let [top, bottom] = panes.thread.layout(&ratatui::layout::Layout::vertical([
                ratatui::layout::Constraint::Fill(1),
                ratatui::layout::Constraint::Length(height),
            ]));
            composer::draw(frame, bottom, state, &theme);
            top
        }
        None => panes.thread,
    };
    // A hidden pane keeps what it last reported (its scroll is not clamped to nothing).
    let (thread_rows, thread_max_scroll) = match thread_area.width {
        0 => (state.view.layout.thread_rows, state.view.layout.thread_max_scroll),
        _ => thread::draw(frame, thread_area, state, &theme, &mut ui.thread_cache),
    };
    if let Some(side) = panes.sidebar {
        sidebar::draw(frame, side, state, &theme);
    }
    let focused = if state.view.focus == crate::state::Focus::Inbox { panes.inbox } else { thread_area };
    if focused.width > 0 {
        hints::draw(frame, focused, state, keymap, &theme, &mut ui.hints);
    }
    bars::status(frame, panes.status, state, &theme);
    match &state.view.overlay {
        Some(Overlay::Help) => popup::help(frame, area, keymap, crate::state::keymap::context_of(state), &theme),
        Some(Overlay::Legend) => legend::draw(frame, area, &theme),
        Some(Overlay::Messages) => messages::draw(frame, area, state, &theme),
        Some(Overlay::Picker(p)) => popup::picker(frame, area, p, &theme),
        Some(Overlay::Form(f)) => form::draw(frame, area, f, &theme),
        Some(Overlay::Search | Overlay::Range(_) | Overlay::Command(_)) | None => {}
    }
    Layout {
        inbox: panes.inbox,
        thread: panes.thread,
        sidebar: panes.sidebar,
        inbox_rows,
        inbox_offset: ui.inbox_offset,
        thread_rows,
        thread_max_scroll,
    }
}
