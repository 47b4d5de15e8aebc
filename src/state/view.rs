//! What the agent looks at: the screen, the focused pane, the popup that takes the keyboard,
//! the terminal's size and how the renderer laid it out, and the `:` line's history.

use super::command_line::CommandLine;
use super::form;
use super::picker::Picker;
use crate::command::action::Layout;

/// The view part: everything about where the agent is, nothing about the tickets.
#[derive(Debug, Clone, PartialEq)]
pub struct View {
    pub size: (u16, u16),
    pub screen: Screen,
    pub focus: Focus,
    pub overlay: Option<Overlay>,
    /// `None`: the sidebar follows the terminal width; `Some(v)`: the user chose.
    pub sidebar_choice: Option<bool>,
    pub layout: Layout,
    /// The focused pane fills the body (`z`).
    pub zoomed: bool,
    /// Lines run on the `:` line, oldest first (kept across runs).
    pub command_history: Vec<String>,
}

impl Default for View {
    fn default() -> Self {
        View {
            size: (80, 24),
            screen: Screen::Inbox,
            focus: Focus::Inbox,
            overlay: None,
            sidebar_choice: None,
            layout: Layout::default(),
            zoomed: false,
            command_history: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Inbox,
    Thread,
    Sidebar,
    Composer,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Inbox,
    Metrics,
}

/// A popup or prompt that takes the keyboard.
#[derive(Debug, Clone, PartialEq)]
pub enum Overlay {
    Help,
    /// The last notices, with their times (`:messages`).
    Messages,
    /// What the glyphs and colours mean (`?` twice).
    Legend,
    Search,
    Picker(Picker),
    /// The created-date range being typed (`2026-10-01..2026-11-20`, `30d`).
    Range(String),
    /// The `:` command line.
    Command(CommandLine),
    /// A small form (a type's required fields, a new conversation).
    Form(form::Form),
}
