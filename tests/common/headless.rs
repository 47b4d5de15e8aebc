//! The real event loop (`app::run::run`) without a pty: scripted terminal events in, a
//! `TestBackend` screen out, a desk (the simulator's, usually) behind it. Key → effect →
//! worker → reply → frame, all of it, in-process: what a pty test checks, minus the binary.

use std::io;

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use futures::StreamExt;
use futures::channel::mpsc;
use futures::stream::BoxStream;
use ratatui::Terminal;
use ratatui::backend::{Backend, ClearType, TestBackend, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};
use tokio::sync::watch;
use triage::console::run::{self, Io};
use triage::desk::Desk;
use triage::state::AppState;
use triage::state::keymap::Keymap;

/// A TestBackend that publishes each flushed frame as text.
struct Screen {
    backend: TestBackend,
    frames: watch::Sender<String>,
}

impl Backend for Screen {
    type Error = <TestBackend as Backend>::Error;

    fn draw<'a, I: Iterator<Item = (u16, u16, &'a Cell)>>(&mut self, content: I) -> Result<(), Self::Error> {
        self.backend.draw(content)
    }
    fn hide_cursor(&mut self) -> Result<(), Self::Error> {
        self.backend.hide_cursor()
    }
    fn show_cursor(&mut self) -> Result<(), Self::Error> {
        self.backend.show_cursor()
    }
    fn get_cursor_position(&mut self) -> Result<Position, Self::Error> {
        self.backend.get_cursor_position()
    }
    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> Result<(), Self::Error> {
        self.backend.set_cursor_position(position)
    }
    fn clear(&mut self) -> Result<(), Self::Error> {
        self.backend.clear()
    }
    fn clear_region(&mut self, clear_type: ClearType) -> Result<(), Self::Error> {
        self.backend.clear_region(clear_type)
    }
    fn size(&self) -> Result<Size, Self::Error> {
        self.backend.size()
    }
    fn window_size(&mut self) -> Result<WindowSize, Self::Error> {
        self.backend.window_size()
    }
    fn flush(&mut self) -> Result<(), Self::Error> {
        self.backend.flush()?;
        self.frames.send_replace(self.backend.to_string());
        Ok(())
    }
}

/// The keyboard and the screen of a console running headless.
pub struct Console {
    keys: mpsc::UnboundedSender<io::Result<Event>>,
    screen: watch::Receiver<String>,
}

impl Console {
    /// Type `text`, one key per character.
    pub fn type_text(&self, text: &str) {
        text.chars().for_each(|c| self.key(KeyCode::Char(c)));
    }

    pub fn key(&self, code: KeyCode) {
        self.chord(code, KeyModifiers::NONE);
    }

    pub fn chord(&self, code: KeyCode, modifiers: KeyModifiers) {
        let _ = self.keys.unbounded_send(Ok(Event::Key(KeyEvent::new(code, modifiers))));
    }

    /// The last frame drawn.
    pub fn screen(&self) -> String {
        self.screen.borrow().clone()
    }

    /// The first frame (from now) that shows `text`; panics with the screen after `WAIT`.
    pub async fn wait_for(&mut self, text: &str) -> String {
        self.wait_until(text, |s| s.contains(text)).await
    }

    /// The first frame that no longer shows `text`.
    pub async fn wait_gone(&mut self, text: &str) -> String {
        self.wait_until(&format!("{text:?} gone"), |s| !s.contains(text)).await
    }

    async fn wait_until(&mut self, what: &str, done: impl FnMut(&String) -> bool) -> String {
        let found = match tokio::time::timeout(super::WAIT, self.screen.wait_for(done)).await {
            Ok(Ok(frame)) => Some(frame.clone()),
            _ => None,
        };
        found.unwrap_or_else(|| panic!("never on screen: {what}; the screen:\n{}", self.screen()))
    }
}

/// Run the console on `desk` at `state.view.size`, with `script` at the keyboard. The console
/// quits when the script drops its keyboard (or presses `q`); the script's result comes back.
pub async fn drive<D, F, Fut, T>(state: AppState, desk: D, script: F) -> T
where
    D: Desk,
    F: FnOnce(Console) -> Fut,
    Fut: Future<Output = T>,
{
    drive_with_keys(state, Keymap::default(), desk, script).await
}

/// As [`drive`], with this key map.
pub async fn drive_with_keys<D, F, Fut, T>(state: AppState, keymap: Keymap, desk: D, script: F) -> T
where
    D: Desk,
    F: FnOnce(Console) -> Fut,
    Fut: Future<Output = T>,
{
    let (keys, events) = mpsc::unbounded();
    let (frames, screen) = watch::channel(String::new());
    let (width, height) = state.view.size;
    let mut terminal = Terminal::new(Screen { backend: TestBackend::new(width, height), frames }).unwrap();
    let mut events = Some(events);
    let io = Io {
        notice: None,
        // Called again only after the terminal was handed away, which a headless run never does.
        input: move || -> BoxStream<'static, io::Result<Event>> {
            events.take().map_or_else(|| futures::stream::pending().boxed(), StreamExt::boxed)
        },
        drafts: None,
        history: None,
        real_terminal: false,
        cache: None,
        refresh: None,
        live: None,
        theme: triage::ui::theme::Theme::default(),
    };
    let console = run::run(&mut terminal, state, keymap, desk, io);
    let (ran, out) = tokio::join!(console, script(Console { keys, screen }));
    ran.expect("the console ends cleanly");
    out
}
