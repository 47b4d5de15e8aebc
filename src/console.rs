//! Starting the console: terminal in, event loop, terminal out — on every path.

use std::sync::Arc;

use crossterm::event::EventStream;

use crate::app::keymap::Keymap;
use crate::app::state::AppState;
use crate::app::{run, terminal};
use crate::desk::Desk;
use crate::drafts::DraftStore;

/// Who is at the keyboard and what they are connected to.
pub struct Session {
    pub profile: String,
    pub me: Option<String>,
}

/// Run the console on `desk` inside the current tokio runtime.
pub async fn open<D: Desk>(desk: D, session: Session) -> color_eyre::Result<()> {
    let mut state = AppState::new(desk.name(), session.profile, desk.capabilities(), jiff::Timestamp::now());
    state.me = session.me;
    let mut term = terminal::enter();
    let io = run::Io { input: EventStream::new, drafts: DraftStore::default_location(), real_terminal: true };
    let result = run::run(&mut term, state, Keymap::default(), Arc::new(desk), io).await;
    terminal::restore();
    result
}
