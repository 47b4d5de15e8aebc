//! The terminal's lifecycle in one place: hooks, enter, restore. Whatever is enabled here
//! is disabled on every exit path, a panic in any task included (DESIGN rule 8).

use std::io::{Write, stdout};

use crossterm::{cursor, event, execute, terminal};

/// Install color-eyre's hooks and a panic hook that restores the terminal, reports, and
/// ends the process: a panic in a spawned task must not leave a zombie UI behind.
/// Call before [`enter`] (ANCHORS-RELIABILITY V6).
pub fn install_hooks() -> color_eyre::Result<()> {
    // No colours in the report: it goes to a terminal we just restored, and a log or a
    // bug report should carry no escape sequences.
    let (panic_hook, eyre_hook) = color_eyre::config::HookBuilder::default()
        .display_env_section(false)
        .theme(color_eyre::config::Theme::new())
        .into_hooks();
    eyre_hook.install()?;
    let panic_hook = panic_hook.into_panic_hook();
    std::panic::set_hook(Box::new(move |info| {
        // Hold stdout from here to the exit: a frame the UI thread is writing finishes
        // first, and none starts after the terminal is restored (the report stays clean).
        let _screen = stdout().lock();
        restore();
        panic_hook(info);
        std::process::exit(1);
    }));
    Ok(())
}

/// Raw mode, the alternate screen, bracketed paste and (when asked for) the mouse.
pub fn enter(mouse: bool) -> ratatui::DefaultTerminal {
    let terminal = ratatui::init();
    let _ = execute!(stdout(), event::EnableBracketedPaste);
    if mouse {
        let _ = execute!(stdout(), event::EnableMouseCapture);
    }
    terminal
}

/// Leave the alternate screen and raw mode, disable paste, show the cursor. Safe to call
/// twice.
pub fn restore() {
    let _ = terminal::disable_raw_mode();
    let mut out = stdout();
    // Mouse capture is disabled whether or not it was enabled: it costs nothing.
    let _ = execute!(
        out,
        event::DisableMouseCapture,
        event::DisableBracketedPaste,
        terminal::LeaveAlternateScreen,
        cursor::Show
    );
    let _ = out.flush();
}

/// Give the terminal to another program (`$EDITOR`).
pub fn suspend() {
    restore();
}

/// Stop this process until it is continued. SIGSTOP rather than SIGTSTP: the kernel ignores
/// SIGTSTP in an orphaned process group (a console started by a launcher), SIGSTOP never.
pub fn stop_self() {
    #[cfg(unix)]
    let _ = nix::sys::signal::raise(nix::sys::signal::Signal::SIGSTOP);
}

/// Take the terminal back after [`suspend`]; the caller redraws everything.
pub fn resume() {
    let _ = terminal::enable_raw_mode();
    let _ = execute!(stdout(), terminal::EnterAlternateScreen, event::EnableBracketedPaste, cursor::Hide);
}
