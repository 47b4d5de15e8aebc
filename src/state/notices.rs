//! The status bar's one line of news, and who put it there: a background load may replace
//! its own notices, never what the agent has been told since.

use std::collections::VecDeque;
use std::time::Duration;

use jiff::Timestamp;

use super::Effect;
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

/// How long a notice stays: news for a glance, an error long enough to be read (a newer
/// notice replaces either at once).
const INFO_LIFETIME: Duration = Duration::from_secs(5);
const ERROR_LIFETIME: Duration = Duration::from_secs(30);
/// Notices `:messages` lists.
const KEPT: usize = 50;

/// The notices part: the one on screen (who said it, and its number), the last 50 with the
/// minute they were said, and when the network's wait ends.
#[derive(Debug, Default)]
pub struct Notices {
    current: Option<(NoticeSource, Notice, u64)>,
    said: u64,
    /// The notice whose expiry is scheduled.
    timed: u64,
    pub history: VecDeque<(Timestamp, Notice)>,
    /// When the network layer's wait (its line in the status bar) is over.
    pub(super) activity_ends: Option<Timestamp>,
}

impl Notices {
    /// The timer for a notice said since the last one was set, if any (the loop asks after
    /// every action, so no part has to remember to).
    pub fn timer(&mut self) -> Option<Effect> {
        let (source, notice, seq) = self.current.as_ref().filter(|(_, _, seq)| *seq != self.timed)?;
        self.timed = *seq;
        // "refreshing…" stays while the refresh runs: its answer ("up to date") replaces it.
        let long = matches!(notice, Notice::Error(_)) || *source == NoticeSource::Refresh;
        let after = if long { ERROR_LIFETIME } else { INFO_LIFETIME };
        Some(Effect::ExpireNotice { seq: *seq, after })
    }

    /// Notice `seq`'s time is up: it goes, unless another replaced it.
    pub(super) fn expire(&mut self, seq: u64) -> bool {
        let due = self.current.as_ref().is_some_and(|(_, _, shown)| *shown == seq);
        if due {
            self.current = None;
        }
        due
    }
}

impl Notices {
    /// What the status bar says, if anything.
    pub fn shown(&self) -> Option<&Notice> {
        self.current.as_ref().map(|(_, n, _)| n)
    }

    /// Show `notice` (and keep it for `:messages`), said at `now`.
    pub fn set(&mut self, now: jiff::Timestamp, source: NoticeSource, notice: Notice) {
        self.said += 1;
        if self.history.len() == KEPT {
            self.history.pop_front();
        }
        self.history.push_back((now, notice.clone()));
        self.current = Some((source, notice, self.said));
    }

    /// News from work in the background: shown, unless the agent was just told something
    /// went wrong (a refusal must not vanish under a retry's progress or a metric's failure).
    pub fn in_background(&mut self, now: jiff::Timestamp, source: NoticeSource, notice: Notice) {
        if !matches!(self.current, Some((NoticeSource::Agent, Notice::Error(_), _))) {
            self.set(now, source, notice);
        }
    }

    pub fn from(&self, source: NoticeSource) -> bool {
        matches!(self.current, Some((s, _, _)) if s == source)
    }

    pub fn clear(&mut self, source: NoticeSource) {
        if self.from(source) {
            self.current = None;
        }
    }

    /// Nothing on the status bar's line (a view or the filters cleared).
    pub fn clear_all(&mut self) {
        self.current = None;
    }

    /// The network layer waits to retry, downloads or decodes: say so. Offline, the status
    /// bar's own timer says when the next try is: one timer, not two.
    pub fn activity(&mut self, now: jiff::Timestamp, activity: Activity, offline: bool) {
        self.activity_ends = None;
        if offline && matches!(activity, Activity::Waiting { .. }) {
            return;
        }
        let mb = |b: usize| format!("{:.1} MB", b as f64 / 1_048_576.0);
        let text = match activity {
            Activity::Waiting { delay, reason } => {
                self.activity_ends = jiff::SignedDuration::try_from(delay).ok().and_then(|d| now.checked_add(d).ok());
                format!("{reason} — retrying in {}s", delay.as_secs().max(1))
            }
            Activity::Downloading { what, done, total: Some(total) } => {
                format!("downloading {what}: {} of {}", mb(done), mb(total as usize))
            }
            Activity::Downloading { what, done, total: None } => format!("downloading {what}: {}", mb(done)),
            Activity::Decoding { what } => format!("reading {what}…"),
        };
        self.in_background(now, NoticeSource::Activity, Notice::Info(text));
    }
}
