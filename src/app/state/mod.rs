//! The application state and `update`: the only place it changes. `update` does no I/O and
//! reads no clock; it returns the `Effect`s for the runtime to carry out.

pub mod changes;
pub mod composer;
mod directory;
pub mod filters;
pub mod inbox;
mod loading;
pub mod metrics;
mod navigation;
mod net;
pub mod picker;
pub mod sync;
mod text_input;

use std::collections::{HashMap, HashSet};

use jiff::Timestamp;

pub use changes::{PendingChange, TriageKind, UndoEntry};
pub use composer::{Composer, PendingSend};
pub use directory::Directory;
pub use inbox::{Inbox, Sort};
pub use metrics::MetricsView;
pub use picker::{Choice, Facet, PickOption, Picker};
pub use sync::{InboxSync, Phase};

use super::action::{Action, Layout, Move, TextKey};
use crate::desk::*;
use crate::drafts::{DraftKey, DraftKind};
use crate::worker::{Job, ReqId, ReqIds};
use loading::REFRESHING;

/// What `update` asks the runtime to do.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    Job(Job),
    /// Write a draft to disk now.
    SaveDraft(DraftKey, String),
    DeleteDraft(DraftKey),
    /// A draft changed: save it within a second unless it changes again.
    ScheduleDraftSave,
    /// Suspend the console and edit this text in `$EDITOR`.
    OpenEditor(String),
    /// Open an http(s) URL in the browser.
    OpenUrl(String),
    /// Put text on the clipboard (OSC 52).
    Copy(String),
    /// Stop the process (Ctrl-z) with the terminal restored; redraw fully on return.
    Suspend,
    /// Work for the cache (a full-text query answers as `NetEvent::SearchHits`).
    Store(crate::worker::StoreJob),
    /// Send `Action::RetryNow` after this long (one timer: a later one replaces it).
    RetryLater(std::time::Duration),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Loadable<T> {
    Loading(ReqId),
    Ready(T),
    Failed(String),
}

impl<T> Loadable<T> {
    pub fn ready(&self) -> Option<&T> {
        match self {
            Loadable::Ready(t) => Some(t),
            _ => None,
        }
    }
    pub fn is_loading(&self) -> bool {
        matches!(self, Loadable::Loading(_))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Inbox,
    Thread,
    Sidebar,
    Composer,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Inbox,
    Metrics,
}

/// A popup or prompt that takes the keyboard.
#[derive(Debug, Clone, PartialEq)]
pub enum Overlay {
    Help,
    Search,
    Picker(Picker),
    /// The created-date range being typed (`2026-10-01..2026-11-20`, `30d`).
    Range(String),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Notice {
    Info(String),
    Error(String),
}

/// Who put a notice in the status bar: a background load may replace its own notices,
/// never what the agent has been told since.
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
}

#[derive(Debug, Clone, PartialEq)]
pub struct ThreadView {
    pub messages: Loadable<Vec<Message>>,
    pub scroll: usize,
    /// A refresh in flight while the old messages stay on screen.
    pub refreshing: Option<ReqId>,
    /// Our messages on their way (sending, unconfirmed or failed), shown after the thread.
    pub local: Vec<Message>,
}

/// Terminals at least this wide show the customer sidebar without asking.
pub const SIDEBAR_MIN_WIDTH: u16 = 120;

pub struct AppState {
    pub desk_name: &'static str,
    pub profile: String,
    pub capabilities: Capabilities,
    /// The agent's email (for "mine").
    pub me: Option<String>,
    pub size: (u16, u16),
    pub now: Timestamp,
    /// Where timestamps are shown (the system zone; UTC in tests).
    pub tz: jiff::tz::TimeZone,
    /// strftime for message times (`[ui] date_format`).
    pub date_format: Option<String>,
    /// Mouse capture is on (`[ui] mouse`).
    pub mouse: bool,
    pub screen: Screen,
    pub focus: Focus,
    pub overlay: Option<Overlay>,
    pub inbox: Inbox,
    /// How far the inbox is loaded, and what to ask for next.
    pub sync: InboxSync,
    pub threads: HashMap<TicketId, ThreadView>,
    pub customers: HashMap<String, Loadable<Customer>>,
    /// From the offline cache: shown until (or unless) `customers` has the live one.
    pub cached_customers: HashMap<String, Customer>,
    pub customer_tickets: HashMap<String, Loadable<Vec<Ticket>>>,
    pub directory: Directory,
    pub tags: Vec<TagRef>,
    notice: Option<(NoticeSource, Notice)>,
    /// `None`: the sidebar follows the terminal width; `Some(v)`: the user chose.
    pub sidebar_choice: Option<bool>,
    pub layout: Layout,
    pub should_quit: bool,
    /// Triage changes waiting for the server, by request.
    pub pending_changes: HashMap<ReqId, PendingChange>,
    pub undo_stack: Vec<UndoEntry>,
    pub composer: Option<Composer>,
    /// Every unsent draft, by ticket and kind (loaded from disk at start).
    pub drafts: HashMap<DraftKey, String>,
    dirty_drafts: HashSet<DraftKey>,
    pub pending_sends: HashMap<ReqId, PendingSend>,
    pub metrics: MetricsView,
    /// While the server cannot be reached: the wait before the next automatic try.
    pub offline_backoff: Option<std::time::Duration>,
    /// The inbox came from the cache and the network has not confirmed it yet.
    pub cached: bool,
    ids: ReqIds,
    agents_req: Option<ReqId>,
    tags_req: Option<ReqId>,
}

impl AppState {
    pub fn new(
        desk_name: &'static str,
        profile: impl Into<String>,
        capabilities: Capabilities,
        now: Timestamp,
    ) -> Self {
        AppState {
            desk_name,
            profile: profile.into(),
            capabilities,
            me: None,
            size: (80, 24),
            now,
            tz: jiff::tz::TimeZone::system(),
            date_format: None,
            mouse: false,
            screen: Screen::Inbox,
            focus: Focus::Inbox,
            overlay: None,
            inbox: Inbox::default(),
            sync: InboxSync::new(InboxQuery::default()),
            threads: HashMap::new(),
            customers: HashMap::new(),
            cached_customers: HashMap::new(),
            customer_tickets: HashMap::new(),
            directory: Directory::default(),
            tags: Vec::new(),
            notice: None,
            sidebar_choice: None,
            layout: Layout::default(),
            should_quit: false,
            pending_changes: HashMap::new(),
            undo_stack: Vec::new(),
            composer: None,
            drafts: HashMap::new(),
            dirty_drafts: HashSet::new(),
            pending_sends: HashMap::new(),
            metrics: MetricsView::default(),
            offline_backoff: None,
            cached: false,
            ids: ReqIds::default(),
            agents_req: None,
            tags_req: None,
        }
    }

    fn req(&mut self) -> ReqId {
        self.ids.take()
    }

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

    fn notice_from(&self, source: NoticeSource) -> bool {
        matches!(self.notice, Some((s, _)) if s == source)
    }

    fn clear_notice(&mut self, source: NoticeSource) {
        if self.notice_from(source) {
            self.notice = None;
        }
    }

    /// The first requests: agents and tags for names, and the first inbox page.
    pub fn start(&mut self) -> Vec<Effect> {
        let (agents, tags) = (self.req(), self.req());
        self.agents_req = Some(agents);
        self.tags_req = Some(tags);
        let mut effects = vec![Effect::Job(Job::Agents { req: agents }), Effect::Job(Job::Tags { req: tags })];
        // From the ledger: what changed over a whole inbox, the rest of a fill, or a fill.
        effects.extend(self.sync_inbox());
        let glance = self.glance_queries().to_vec();
        effects.extend(self.load_series(glance));
        effects
    }

    pub fn sidebar_visible(&self) -> bool {
        self.sidebar_choice.unwrap_or(self.size.0 >= SIDEBAR_MIN_WIDTH)
    }

    pub fn selected_thread(&self) -> Option<&ThreadView> {
        self.threads.get(self.inbox.selected.as_ref()?)
    }

    /// Apply one action. Returns whether the screen must be redrawn, and what to do.
    pub fn update(&mut self, action: Action) -> (bool, Vec<Effect>) {
        let effects = match action {
            Action::Quit => {
                // Nothing typed is lost on the way out.
                self.should_quit = true;
                let _ = self.remember_draft_for_quit();
                self.flush_drafts()
            }
            Action::Tick(now) => {
                // Ages on screen move on.
                self.now = now;
                vec![]
            }
            Action::Sync => self.sync_inbox(),
            Action::Resize(w, h) => {
                self.size = (w, h);
                self.after_selection_change()
            }
            Action::Layout(layout) => {
                self.layout = layout;
                if let Some(view) = self.inbox.selected.clone().and_then(|id| self.threads.get_mut(&id)) {
                    view.scroll = view.scroll.min(layout.thread_max_scroll);
                }
                // Render clamps too, so a layout report alone never needs a redraw.
                return (false, vec![]);
            }
            Action::Move(m) => self.move_cursor(m),
            Action::Open => self.open(),
            Action::Back => {
                self.focus = Focus::Inbox;
                vec![]
            }
            Action::OpenLink | Action::CopyLink => {
                let link = self.inbox.selected_ticket().and_then(|t| t.link.clone());
                // Only web links leave the console: no file:, javascript: or custom schemes.
                match link.filter(|l| crate::support::text::host_of(l).is_some()) {
                    Some(url) if action == Action::OpenLink => {
                        self.say(Notice::Info(format!("opening {url}")));
                        vec![Effect::OpenUrl(url)]
                    }
                    Some(url) => {
                        self.say(Notice::Info(format!("copied {url}")));
                        vec![Effect::Copy(url)]
                    }
                    None => {
                        self.say(Notice::Info("this ticket has no web link".into()));
                        vec![]
                    }
                }
            }
            Action::StartReply => self.start_compose(DraftKind::Reply),
            Action::StartNote => self.start_compose(DraftKind::Note),
            Action::Compose(input) => self.compose_input(input),
            Action::Paste(text) => self.paste(&text),
            Action::SendDraft => self.send_draft(),
            Action::LeaveComposer => self.close_composer(),
            Action::OpenEditor => self.open_editor(),
            Action::EditorDone(result) => self.editor_done(result),
            Action::FlushDrafts => self.flush_drafts(),
            Action::Warn(text) => {
                self.say(Notice::Error(text));
                vec![]
            }
            Action::CacheLoaded { tickets, agents, tags, ledger } => {
                // Loaded in parts (a screenful, then the rest): the first part selects.
                if let Some(ledger) = ledger {
                    self.sync = InboxSync::new(InboxQuery::default()).with_ledger(ledger);
                }
                if !tickets.is_empty() {
                    let first_part = self.inbox.tickets.is_empty();
                    self.cached = true;
                    self.inbox.merge(tickets);
                    if first_part {
                        self.inbox.select_at(0);
                    }
                }
                if !agents.is_empty() {
                    self.directory = Directory::new(agents);
                }
                if !tags.is_empty() {
                    self.tags = tags;
                }
                return (true, vec![]);
            }
            Action::Suspend => {
                // Drafts first: a stopped process may never be continued.
                let _ = self.remember_draft_for_quit();
                let mut effects = self.flush_drafts();
                effects.push(Effect::Suspend);
                effects
            }
            Action::RetryNow => {
                if self.offline_backoff.is_none() {
                    return (false, vec![]);
                }
                self.sync_inbox()
            }
            Action::Activity(activity) => {
                use crate::api::activity::Activity;
                let mb = |b: f64| format!("{:.1} MB", b / 1_048_576.0);
                self.set_notice(
                    NoticeSource::Activity,
                    Notice::Info(match activity {
                        Activity::Waiting { delay, reason } => {
                            format!("{reason} — retrying in {}s", delay.as_secs().max(1))
                        }
                        Activity::Downloading { what, done, total: Some(total) } => {
                            format!("downloading {what}: {} of {}", mb(done as f64), mb(total as f64))
                        }
                        Activity::Downloading { what, done, total: None } => {
                            format!("downloading {what}: {}", mb(done as f64))
                        }
                        Activity::Decoding { what } => format!("reading {what}…"),
                    }),
                );
                vec![]
            }
            Action::FocusNext | Action::FocusPrev => {
                let panes: Vec<Focus> = [Focus::Inbox, Focus::Thread]
                    .into_iter()
                    .chain(self.sidebar_visible().then_some(Focus::Sidebar))
                    .collect();
                let at = panes.iter().position(|p| *p == self.focus).unwrap_or(0);
                let n = panes.len();
                self.focus = panes[if action == Action::FocusNext { (at + 1) % n } else { (at + n - 1) % n }];
                self.open_effects()
            }
            Action::StartSearch => {
                self.focus = Focus::Inbox;
                self.overlay = Some(Overlay::Search);
                vec![]
            }
            Action::EditRange => {
                let text = self.inbox.query.created.map_or(String::new(), |(from, to)| match to {
                    Some(to) => format!("{from}..{to}"),
                    None => format!("{from}.."),
                });
                self.overlay = Some(Overlay::Range(text));
                vec![]
            }
            Action::OpenFilterMenu => {
                self.overlay = Some(Overlay::Picker(filters::facet_picker(self)));
                vec![]
            }
            Action::ClearFilters => {
                self.overlay = None;
                self.notice = None;
                self.inbox.marked.clear();
                self.inbox.set_search(String::new());
                if self.inbox.query.is_empty() {
                    self.after_selection_change()
                } else {
                    self.inbox.query = InboxQuery::default();
                    self.reload_inbox()
                }
            }
            Action::CycleSort => {
                self.inbox.set_sort(self.inbox.sort.next());
                self.say(Notice::Info(format!("sorted by {}", self.inbox.sort.label())));
                self.after_selection_change()
            }
            Action::ToggleSidebar => {
                self.sidebar_choice = Some(!self.sidebar_visible());
                if self.focus == Focus::Sidebar && !self.sidebar_visible() {
                    self.focus = Focus::Inbox;
                }
                self.after_selection_change()
            }
            Action::Refresh => {
                self.set_notice(NoticeSource::Refresh, Notice::Info(REFRESHING.into()));
                self.metrics.cache.clear();
                let mut queries = self.glance_queries().to_vec();
                if self.screen == Screen::Metrics {
                    queries.extend(self.metrics_queries());
                }
                let mut effects = self.load_series(queries);
                effects.extend(self.refresh_inbox());
                if let Some(id) = self.inbox.selected.clone() {
                    effects.extend(self.load_thread(id, false, true));
                }
                effects
            }
            Action::ToggleHelp => {
                self.overlay = if self.overlay == Some(Overlay::Help) { None } else { Some(Overlay::Help) };
                vec![]
            }
            Action::ShowInbox => {
                self.screen = Screen::Inbox;
                vec![]
            }
            Action::ShowMetrics if !self.capabilities.reporting => {
                self.say(Notice::Error(format!("{} has no reporting", self.desk_name)));
                vec![]
            }
            Action::ShowMetrics => self.show_metrics(),
            Action::MetricsGrain(grain) => self.adjust_metrics(|m| m.grain = grain),
            Action::MetricsShift(by) => self.adjust_metrics(|m| m.shift = (m.shift + by).max(0)),
            Action::MetricsRange => self.adjust_metrics(|m| {
                let at = metrics::RANGES.iter().position(|r| *r == m.range_days).unwrap_or(0);
                m.range_days = metrics::RANGES[(at + 1) % metrics::RANGES.len()];
            }),
            Action::MetricsBreakdown => self.adjust_metrics(|m| {
                use crate::desk::series::Dimension;
                m.breakdown = match m.breakdown {
                    None => Some(Dimension::AssigneeId),
                    Some(Dimension::AssigneeId) => Some(Dimension::CustomerId),
                    Some(Dimension::CustomerId) => Some(Dimension::TagId),
                    Some(Dimension::TagId) => Some(Dimension::SourceType),
                    Some(Dimension::SourceType) => None,
                };
            }),
            Action::MetricsWorking => self.adjust_metrics(|m| m.working = !m.working),
            Action::ToggleMark => {
                if let Some(id) = self.inbox.selected.clone()
                    && !self.inbox.marked.remove(&id)
                {
                    self.inbox.marked.insert(id);
                }
                let next = self.inbox.cursor + 1;
                if self.inbox.select_at(next) { self.after_selection_change() } else { vec![] }
            }
            Action::OpenTriage(kind) => self.open_triage_picker(kind),
            Action::Undo => self.undo(),
            Action::Text(key) => self.text(key),
            Action::Mouse(kind, x, y) => self.mouse_at(kind, x, y),
            Action::Net(event) => self.net(event),
        };
        (true, effects)
    }
}
