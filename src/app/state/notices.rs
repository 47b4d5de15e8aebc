//! The status bar's one line of news, and who put it there: a background load may replace
//! its own notices, never what the agent has been told since.

use super::{AppState, Effect};
use crate::api::activity::Activity;

#[derive(Debug, Clone, PartialEq)]
pub enum Notice {
    Info(String),
    Error(String),
}

/// Who put a notice in the status bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeSource {
    /// The agent's own action.
    Agent,
    /// Loading the inbox in the background (failures, going offline, back online).
    Sync,
    /// `R` and its answer.
    Refresh,
    /// Progress reported by the network layer (waits, downloads).
    Activity,
    /// Loads nobody just asked for: the header's metrics, the agents and tags.
    Background,
}

impl AppState {
    /// What the status bar says, if anything.
    pub fn notice(&self) -> Option<&Notice> {
        self.notice.as_ref().map(|(_, n)| n)
    }

    /// Tell the agent something about their own action.
    pub fn say(&mut self, notice: Notice) {
        self.set_notice(NoticeSource::Agent, notice);
    }

    pub fn set_notice(&mut self, source: NoticeSource, notice: Notice) {
        self.notice = Some((source, notice));
    }

    pub(super) fn notice_from(&self, source: NoticeSource) -> bool {
        matches!(self.notice, Some((s, _)) if s == source)
    }

    pub(super) fn clear_notice(&mut self, source: NoticeSource) {
        if self.notice_from(source) {
            self.notice = None;
        }
    }

    /// News from work in the background: shown, unless the agent was just told something
    /// went wrong (a refusal must not vanish under a retry's progress or a metric's failure).
    pub(super) fn say_in_background(&mut self, source: NoticeSource, notice: Notice) {
        if !matches!(self.notice, Some((NoticeSource::Agent, Notice::Error(_)))) {
            self.set_notice(source, notice);
        }
    }

    /// The network layer waits to retry, downloads or decodes: say so.
    pub(super) fn activity(&mut self, activity: Activity) -> Vec<Effect> {
        self.activity_ends = None;
        // Offline, the status bar's own timer says when the next try is: one timer, not two.
        if self.offline_backoff.is_some() && matches!(activity, Activity::Waiting { .. }) {
            return vec![];
        }
        let mb = |b: usize| format!("{:.1} MB", b as f64 / 1_048_576.0);
        let text = match activity {
            Activity::Waiting { delay, reason } => {
                self.activity_ends =
                    jiff::SignedDuration::try_from(delay).ok().and_then(|d| self.now.checked_add(d).ok());
                format!("{reason} — retrying in {}s", delay.as_secs().max(1))
            }
            Activity::Downloading { what, done, total: Some(total) } => {
                format!("downloading {what}: {} of {}", mb(done), mb(total as usize))
            }
            Activity::Downloading { what, done, total: None } => format!("downloading {what}: {}", mb(done)),
            Activity::Decoding { what } => format!("reading {what}…"),
        };
        self.say_in_background(NoticeSource::Activity, Notice::Info(text));
        vec![]
    }
}
