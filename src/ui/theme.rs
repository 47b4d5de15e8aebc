//! Every style in one place.

use ratatui::style::{Color, Modifier, Style};

use crate::desk::{AuthorKind, Priority, TicketStatus};

#[derive(Debug, Clone)]
pub struct Theme {
    pub text: Style,
    pub dim: Style,
    pub title: Style,
    pub border: Style,
    pub border_focused: Style,
    pub selected: Style,
    pub header: Style,
    pub status_bar: Style,
    pub error: Style,
    pub info: Style,
    pub note: Style,
    pub code: Style,
    pub link: Style,
    pub mention: Style,
    pub quote: Style,
    pub tag: Style,
    pub control_picture: Style,
    pub mark: Style,
}

impl Default for Theme {
    fn default() -> Self {
        Theme::dark()
    }
}

impl Theme {
    pub fn dark() -> Self {
        Theme {
            text: Style::new(),
            dim: Style::new().fg(Color::DarkGray),
            title: Style::new().add_modifier(Modifier::BOLD),
            border: Style::new().fg(Color::DarkGray),
            border_focused: Style::new().fg(Color::Cyan),
            selected: Style::new().bg(Color::Rgb(40, 50, 70)).add_modifier(Modifier::BOLD),
            header: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            status_bar: Style::new().fg(Color::Gray),
            error: Style::new().fg(Color::LightRed).add_modifier(Modifier::BOLD),
            info: Style::new().fg(Color::LightGreen),
            note: Style::new().fg(Color::Yellow),
            code: Style::new().fg(Color::LightMagenta),
            link: Style::new().fg(Color::LightBlue).add_modifier(Modifier::UNDERLINED),
            mention: Style::new().fg(Color::LightCyan).add_modifier(Modifier::BOLD),
            quote: Style::new().fg(Color::Gray).add_modifier(Modifier::ITALIC),
            tag: Style::new().fg(Color::Magenta),
            control_picture: Style::new().fg(Color::Red).add_modifier(Modifier::DIM),
            mark: Style::new().fg(Color::LightMagenta).add_modifier(Modifier::BOLD),
        }
    }

    pub fn status(&self, status: TicketStatus) -> Style {
        match status {
            TicketStatus::Open => Style::new().fg(Color::LightGreen),
            TicketStatus::InProgress => Style::new().fg(Color::LightBlue),
            TicketStatus::OnHold => Style::new().fg(Color::Yellow),
            TicketStatus::Closed => Style::new().fg(Color::DarkGray),
            TicketStatus::Unknown => Style::new().fg(Color::Magenta),
        }
    }

    pub fn priority(&self, priority: Priority) -> Style {
        match priority {
            Priority::Critical => Style::new().fg(Color::LightRed).add_modifier(Modifier::BOLD),
            Priority::High => Style::new().fg(Color::LightRed),
            Priority::Medium => Style::new().fg(Color::Yellow),
            Priority::Low => Style::new().fg(Color::DarkGray),
        }
    }

    pub fn author(&self, kind: AuthorKind) -> Style {
        match kind {
            AuthorKind::Customer => Style::new().fg(Color::LightYellow).add_modifier(Modifier::BOLD),
            AuthorKind::Agent => Style::new().fg(Color::LightCyan).add_modifier(Modifier::BOLD),
            AuthorKind::Bot => Style::new().fg(Color::Gray).add_modifier(Modifier::BOLD),
        }
    }
}

pub fn status_glyph(status: TicketStatus) -> &'static str {
    match status {
        TicketStatus::Open => "●",
        TicketStatus::InProgress => "◐",
        TicketStatus::OnHold => "◌",
        TicketStatus::Closed => "✓",
        TicketStatus::Unknown => "?",
    }
}

pub fn priority_glyph(priority: Option<Priority>) -> &'static str {
    match priority {
        Some(Priority::Critical) => "!!!",
        Some(Priority::High) => "!! ",
        Some(Priority::Medium) => "!  ",
        Some(Priority::Low) => "·  ",
        None => "   ",
    }
}
