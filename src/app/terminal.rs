//! The terminal's lifecycle in one place: hooks, enter, restore. Whatever is enabled here
//! is disabled on every exit path, a panic in any task included (DESIGN rule 8).

use std::io::{Write, stdout};

use crossterm::{cursor, execute, terminal};

/// Install color-eyre's hooks and a panic hook that restores the terminal, reports, and
/// ends the process: a panic in a spawned task must not leave a zombie UI behind.
/// Call before [`enter`] (ANCHORS-RELIABILITY V6).
pub fn install_hooks() -> color_eyre::Result<()> {
    let (panic_hook, eyre_hook) = color_eyre::config::HookBuilder::default().display_env_section(false).into_hooks();
    eyre_hook.install()?;
    let panic_hook = panic_hook.into_panic_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        panic_hook(info);
        std::process::exit(1);
    }));
    Ok(())
}

/// Raw mode and the alternate screen.
pub fn enter() -> ratatui::DefaultTerminal {
    ratatui::init()
}

/// Leave the alternate screen and raw mode, show the cursor. Safe to call twice.
pub fn restore() {
    let _ = terminal::disable_raw_mode();
    let mut out = stdout();
    let _ = execute!(out, terminal::LeaveAlternateScreen, cursor::Show);
    let _ = out.flush();
}
