//! Which panes are on screen: the inbox and the thread side by side when there is room, one
//! of them full width on a narrow terminal or when the agent zooms; the customer sidebar
//! beside them on a wide one.

use super::{Effect, Focus, Overlay, Screen, View};

/// Narrower than this, one pane at a time (the thread opens full width).
pub const SPLIT_MIN_WIDTH: u16 = 100;
/// The sidebar joins the two panes from this width (unless the agent chose with `C`).
pub const SIDEBAR_MIN_WIDTH: u16 = 200;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaneMode {
    Both,
    InboxOnly,
    ThreadOnly,
}

impl View {
    pub fn pane_mode(&self) -> PaneMode {
        if !self.zoomed && self.size.0 >= SPLIT_MIN_WIDTH {
            return PaneMode::Both;
        }
        match self.focus {
            Focus::Inbox => PaneMode::InboxOnly,
            Focus::Thread | Focus::Composer | Focus::Sidebar => PaneMode::ThreadOnly,
        }
    }

    pub fn sidebar_visible(&self) -> bool {
        self.pane_mode() == PaneMode::Both && self.sidebar_choice.unwrap_or(self.size.0 >= SIDEBAR_MIN_WIDTH)
    }

    /// Show `overlay` over the screen.
    pub fn open(&mut self, overlay: Overlay) -> Vec<Effect> {
        self.overlay = Some(overlay);
        vec![]
    }

    /// `?` opens the keys, then the legend, then closes.
    pub fn toggle_help(&mut self) -> Vec<Effect> {
        self.overlay = match self.overlay {
            Some(Overlay::Help) => Some(Overlay::Legend),
            Some(Overlay::Legend) => None,
            _ => Some(Overlay::Help),
        };
        vec![]
    }

    pub fn back(&mut self) -> Vec<Effect> {
        self.focus = Focus::Inbox;
        vec![]
    }

    /// `/`: the search line, over the inbox.
    pub fn start_search(&mut self) -> Vec<Effect> {
        self.focus = Focus::Inbox;
        self.open(Overlay::Search)
    }

    pub fn show_inbox(&mut self) -> Vec<Effect> {
        self.screen = Screen::Inbox;
        vec![]
    }

    /// `z`: the focused pane full width, or back to the split.
    pub fn toggle_zoom(&mut self) -> Vec<Effect> {
        self.zoomed = !self.zoomed;
        if self.focus == Focus::Sidebar {
            self.focus = Focus::Thread;
        }
        vec![]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(width: u16) -> View {
        View { size: (width, 40), ..View::default() }
    }

    #[test]
    fn narrow_shows_one_pane_and_zoom_shows_the_focused_one() {
        let mut s = view(80);
        assert_eq!(s.pane_mode(), PaneMode::InboxOnly);
        s.focus = Focus::Thread;
        assert_eq!(s.pane_mode(), PaneMode::ThreadOnly);
        let mut wide = view(160);
        assert_eq!((wide.pane_mode(), wide.sidebar_visible()), (PaneMode::Both, false));
        let _ = wide.toggle_zoom();
        assert_eq!(wide.pane_mode(), PaneMode::InboxOnly);
        assert!(view(220).sidebar_visible());
    }
}
