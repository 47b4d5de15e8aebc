//! Starting the console: terminal in, event loop, terminal out — on every path.

use std::sync::Arc;

use crossterm::event::EventStream;

use crate::app::state::AppState;
use crate::app::{run, terminal};
use crate::connect::Look;
use crate::desk::Desk;
use crate::drafts::DraftStore;

/// Who is at the keyboard, what they are connected to, and how the console looks.
pub struct Session {
    pub profile: String,
    pub me: Option<String>,
    pub look: Look,
}

/// Run the console on `desk` inside the current tokio runtime.
pub async fn open<D: Desk>(desk: D, session: Session) -> color_eyre::Result<()> {
    let mut state = AppState::new(desk.name(), session.profile, desk.capabilities(), jiff::Timestamp::now());
    state.me = session.me;
    state.sidebar_choice = session.look.sidebar;
    state.date_format = session.look.date_format;
    state.mouse = session.look.mouse;
    let mut term = terminal::enter(session.look.mouse);
    let io = run::Io {
        input: EventStream::new,
        drafts: DraftStore::default_location(),
        real_terminal: true,
        theme: session.look.theme,
    };
    let result = run::run(&mut term, state, session.look.keymap, Arc::new(desk), io).await;
    terminal::restore();
    result
}
