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
    /// Status, priority and author colours (off in the plain theme).
    pub colored: bool,
}

impl Default for Theme {
    fn default() -> Self {
        Theme::dark()
    }
}

impl Theme {
    /// The theme `[ui]` asks for (`NO_COLOR` wins), with its per-element colours.
    pub fn from_config(ui: &crate::config::Ui, no_color: bool) -> Result<Theme, String> {
        use crate::config::ThemeName;
        let mut theme = match (no_color, ui.theme) {
            (true, _) | (_, ThemeName::None) => Theme::plain(),
            (_, ThemeName::Light) => Theme::light(),
            (_, ThemeName::Dark) => Theme::dark(),
        };
        if no_color || ui.theme == ThemeName::None {
            return Ok(theme);
        }
        for (element, colour) in &ui.colors {
            let colour: Color = colour.parse().map_err(|_| {
                format!("[ui.colors] {element} = {colour:?}: not a colour (a name, \"#rrggbb\" or 0-255)")
            })?;
            let slot = match element.as_str() {
                "text" => &mut theme.text,
                "dim" => &mut theme.dim,
                "title" => &mut theme.title,
                "border" => &mut theme.border,
                "border_focused" => &mut theme.border_focused,
                "selected" => {
                    theme.selected = theme.selected.bg(colour);
                    continue;
                }
                "header" => &mut theme.header,
                "status_bar" => &mut theme.status_bar,
                "error" => &mut theme.error,
                "info" => &mut theme.info,
                "note" => &mut theme.note,
                "code" => &mut theme.code,
                "link" => &mut theme.link,
                "mention" => &mut theme.mention,
                "quote" => &mut theme.quote,
                "tag" => &mut theme.tag,
                "mark" => &mut theme.mark,
                other => return Err(format!("[ui.colors]: unknown element {other:?}")),
            };
            *slot = slot.fg(colour);
        }
        Ok(theme)
    }

    /// No colour at all (`NO_COLOR`, `theme = "none"`): emphasis by weight and reverse video.
    pub fn plain() -> Self {
        let none = Style::new();
        Theme {
            text: none,
            dim: none,
            title: none.add_modifier(Modifier::BOLD),
            border: none,
            border_focused: none.add_modifier(Modifier::BOLD),
            selected: none.add_modifier(Modifier::REVERSED),
            header: none.add_modifier(Modifier::BOLD),
            status_bar: none,
            error: none.add_modifier(Modifier::BOLD),
            info: none,
            note: none.add_modifier(Modifier::ITALIC),
            code: none,
            link: none.add_modifier(Modifier::UNDERLINED),
            mention: none.add_modifier(Modifier::BOLD),
            quote: none.add_modifier(Modifier::ITALIC),
            tag: none,
            control_picture: none,
            mark: none.add_modifier(Modifier::BOLD),
            colored: false,
        }
    }

    /// For light terminal backgrounds.
    pub fn light() -> Self {
        Theme {
            text: Style::new(),
            dim: Style::new().fg(Color::Gray),
            title: Style::new().fg(Color::Black).add_modifier(Modifier::BOLD),
            border: Style::new().fg(Color::Gray),
            border_focused: Style::new().fg(Color::Blue),
            selected: Style::new().bg(Color::Rgb(215, 228, 247)).add_modifier(Modifier::BOLD),
            header: Style::new().fg(Color::Blue).add_modifier(Modifier::BOLD),
            status_bar: Style::new().fg(Color::DarkGray),
            error: Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            info: Style::new().fg(Color::Green),
            note: Style::new().fg(Color::Rgb(150, 100, 0)),
            code: Style::new().fg(Color::Magenta),
            link: Style::new().fg(Color::Blue).add_modifier(Modifier::UNDERLINED),
            mention: Style::new().fg(Color::Blue).add_modifier(Modifier::BOLD),
            quote: Style::new().fg(Color::DarkGray).add_modifier(Modifier::ITALIC),
            tag: Style::new().fg(Color::Magenta),
            control_picture: Style::new().fg(Color::Red),
            mark: Style::new().fg(Color::Magenta).add_modifier(Modifier::BOLD),
            colored: true,
        }
    }

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
            colored: true,
        }
    }

    pub fn status(&self, status: TicketStatus) -> Style {
        if !self.colored {
            return Style::new();
        }
        match status {
            TicketStatus::Open => Style::new().fg(Color::LightGreen),
            TicketStatus::InProgress => Style::new().fg(Color::LightBlue),
            TicketStatus::OnHold => Style::new().fg(Color::Yellow),
            TicketStatus::Closed => Style::new().fg(Color::DarkGray),
            TicketStatus::Unknown => Style::new().fg(Color::Magenta),
        }
    }

    /// The reply clock: green with time left, amber when soon, red when overdue.
    pub fn clock(&self, urgency: crate::desk::sla::Urgency) -> Style {
        use crate::desk::sla::Urgency;
        match (self.colored, urgency) {
            (false, Urgency::Overdue) => Style::new().add_modifier(Modifier::BOLD | Modifier::REVERSED),
            (false, Urgency::Soon) => Style::new().add_modifier(Modifier::BOLD),
            (false, Urgency::Fine) => Style::new(),
            (true, Urgency::Fine) => Style::new().fg(Color::Green),
            (true, Urgency::Soon) => Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            (true, Urgency::Overdue) => Style::new().fg(Color::LightRed).add_modifier(Modifier::BOLD),
        }
    }

    pub fn priority(&self, priority: Priority) -> Style {
        if !self.colored {
            return Style::new().add_modifier(Modifier::BOLD);
        }
        match priority {
            Priority::Critical => Style::new().fg(Color::LightRed).add_modifier(Modifier::BOLD),
            Priority::High => Style::new().fg(Color::LightRed),
            Priority::Medium => Style::new().fg(Color::Yellow),
            Priority::Low => Style::new().fg(Color::DarkGray),
        }
    }

    pub fn author(&self, kind: AuthorKind) -> Style {
        if !self.colored {
            return Style::new().add_modifier(Modifier::BOLD);
        }
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
