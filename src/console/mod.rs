//! Starting the console: terminal in, event loop, terminal out — on every path.

mod editor;
mod effects;
pub mod run;
mod signals;
pub mod terminal;

use crossterm::event::EventStream;

use crate::state::AppState;

use crate::desk::Desk;
use crate::store::drafts::DraftStore;

/// How the console looks, which keys it takes and how often it syncs (from `[ui]`,
/// `[keys]` and `[sync]`).
pub struct Look {
    pub keymap: crate::state::keymap::Keymap,
    pub theme: crate::ui::theme::Theme,
    pub mouse: bool,
    pub sidebar: Option<bool>,
    pub date_format: Option<String>,
    pub refresh: Option<std::time::Duration>,
    /// How often the live check asks whether anything changed; `None`: never.
    pub live: Option<std::time::Duration>,
    /// The first wait before retrying after the network failed.
    pub offline_retry: std::time::Duration,
    /// The most walks of a first fill at once (`[sync] partitions`).
    pub partitions: usize,
    /// The view tabs (`[[views]]`, or the defaults).
    pub views: Vec<crate::desk::views::View>,
    /// After an action takes the ticket out of the view: the next ticket (true) or stay.
    pub after_action_next: bool,
    /// `[ui] after_send = "next"`: a send moves to the next ticket.
    pub after_send_next: bool,
    /// `[compose] undo_send_secs`: how long a send waits to be taken back.
    pub undo_send_secs: u64,
    /// The inbox's optional columns (`None`: all).
    pub columns: Option<Vec<crate::config::Column>>,
    /// Saved replies and macros.
    pub library: crate::command::library::Library,
}

/// Who is at the keyboard, what they are connected to, and how the console looks.
pub struct Session {
    pub profile: String,
    pub me: Option<String>,
    pub look: Look,
    /// Keep an offline cache for this desk (not for the demo, whose data is new each run).
    pub cache: Option<crate::store::cache::CacheKey>,
}

/// Run the console on `desk` inside the current tokio runtime.
pub async fn open<D: Desk>(desk: D, session: Session) -> color_eyre::Result<run::Ended> {
    let look = session.look;
    let settings = crate::state::Settings {
        me: session.me,
        date_format: look.date_format,
        mouse: look.mouse,
        offline_retry: look.offline_retry,
        library: look.library,
        after_action_next: look.after_action_next,
        after_send_next: look.after_send_next,
        undo_send_secs: look.undo_send_secs,
        ..crate::state::Settings::defaults(desk.name(), session.profile, desk.capabilities())
    };
    let mut state = AppState::with(settings, jiff::Timestamp::now());
    state.view.sidebar_choice = look.sidebar;
    state.sync.pace = crate::state::sync::Pace::new(look.partitions);
    state.set_views(look.views, look.columns);
    state.work.download_dir = crate::support::files::download_dir();
    let drafts = DraftStore::default_location().map(DraftStore::claimed);
    let mut notices = Vec::new();
    if let Some(store) = drafts.as_ref().filter(|d| d.read_only()) {
        // One console keeps the drafts, whatever its workspace, so two never overwrite the
        // same draft (two profiles may name one workspace): say which, and what it costs.
        let who = store.holder().map_or("another triage".to_string(), |pid| format!("another triage (pid {pid})"));
        notices.push(format!(
            "{who} keeps the drafts: here they are shown, not saved, and offline work is not queued — quit it to work here"
        ));
    }
    // Opened before the terminal is taken, so a slow disk never shows a blank screen.
    let cache = session.cache.as_ref().and_then(|key| open_cache(key, &mut notices)).map(run::StartingCache::read);
    let mut term = terminal::enter(look.mouse);
    let io = run::Io {
        input: EventStream::new,
        drafts,
        history: crate::store::history::History::default_location(),
        real_terminal: true,
        theme: look.theme,
        cache,
        // With live checks the check itself syncs now and then (`Live`): one timer, not two.
        refresh: look.refresh.filter(|_| look.live.is_none() || !state.settings.capabilities.live),
        live: look.live,
        notice: Some(notices.join(" · ")).filter(|n| !n.is_empty()),
    };
    let result = run::run(&mut term, state, look.keymap, desk, io).await;
    terminal::restore();
    result
}

/// The desk's cache, or none (with a line in the log) when it cannot be opened.
fn open_cache(key: &crate::store::cache::CacheKey, notices: &mut Vec<String>) -> Option<crate::store::cache::Cache> {
    let path = crate::store::cache::default_path(key)?;
    match crate::store::cache::Cache::open_or_repair(&path) {
        Ok((cache, None)) => Some(cache),
        Ok((cache, Some(aside))) => {
            notices
                .push(format!("the offline cache was damaged: kept as {}, rebuilt from the server", aside.display()));
            Some(cache)
        }
        Err(e) => {
            tracing::warn!(%e, "running without the offline cache");
            None
        }
    }
}
