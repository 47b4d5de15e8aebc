//! What the console was opened with and does not change while it runs (the desk, the
//! profile, `[ui]` and `[sync]`), and the session's clock, request ids and quitting.

use jiff::Timestamp;

use crate::desk::Capabilities;
use crate::worker::ReqIds;

pub struct Settings {
    pub desk_name: &'static str,
    pub profile: String,
    pub capabilities: Capabilities,
    /// The agent's email (for "mine").
    pub me: Option<String>,
    /// Where timestamps are shown (the system zone; UTC in tests).
    pub tz: jiff::tz::TimeZone,
    /// strftime for message times (`[ui] date_format`).
    pub date_format: Option<String>,
    /// Mouse capture is on (`[ui] mouse`).
    pub mouse: bool,
    /// A change that takes the ticket out of the view moves to the next one (`[ui] after_action`).
    pub after_action_next: bool,
    /// A send moves to the next ticket (`[ui] after_send = "next"`).
    pub after_send_next: bool,
    /// How long a send waits to be taken back with `u` (`[compose] undo_send_secs`; 0: none).
    pub undo_send_secs: u64,
    /// The inbox's optional columns (`[ui] columns`; `None`: all).
    pub columns: Option<Vec<crate::config::Column>>,
    /// The first wait before retrying after the network failed (`[sync] offline_retry_secs`).
    pub offline_retry: std::time::Duration,
    /// Saved replies and macros.
    pub library: crate::command::library::Library,
}

impl Settings {
    /// A console's settings before the config has its say (tests, benches, the defaults).
    pub fn defaults(desk_name: &'static str, profile: String, capabilities: Capabilities) -> Settings {
        Settings {
            desk_name,
            profile,
            capabilities,
            me: None,
            tz: jiff::tz::TimeZone::system(),
            date_format: None,
            mouse: false,
            after_action_next: true,
            after_send_next: false,
            undo_send_secs: 0,
            columns: None,
            offline_retry: super::loading::FIRST_BACKOFF,
            library: Default::default(),
        }
    }
}

/// The run itself: the clock (time arrives as an action), the request ids every part draws
/// from, and whether the console is ending.
#[derive(Debug, Default)]
pub struct Session {
    pub now: Timestamp,
    pub ids: ReqIds,
    pub should_quit: bool,
    /// The agent was told a draft is unsaved and quits anyway.
    pub quit_anyway: bool,
}

impl Settings {
    /// The inbox's optional columns as the config chose them, less the reply clock's where
    /// the desk has no clocks.
    pub fn choose_columns(&mut self, chosen: Option<Vec<crate::config::Column>>) {
        use crate::config::Column;
        self.columns = match (self.capabilities.clocks, chosen) {
            (true, chosen) => chosen,
            (false, chosen) => {
                let all = vec![Column::Customer, Column::Assignee, Column::Tags];
                Some(chosen.unwrap_or(all).into_iter().filter(|c| *c != Column::Reply).collect())
            }
        };
    }
}

impl Session {
    /// A new request id, unique for the run.
    pub fn req(&mut self) -> crate::worker::ReqId {
        self.ids.take()
    }
}
