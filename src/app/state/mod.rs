//! The application state and `update`: the only place it changes. `update` does no I/O and
//! reads no clock; it returns the `Effect`s for the runtime to carry out.

pub mod changes;
pub mod composer;
mod directory;
pub mod filters;
pub mod inbox;
pub mod metrics;
mod navigation;
mod net;
pub mod picker;
mod text_input;

use std::collections::{HashMap, HashSet};

use jiff::Timestamp;

pub use changes::{PendingChange, TriageKind, UndoEntry};
pub use composer::{Composer, PendingSend};
pub use directory::Directory;
pub use inbox::{Inbox, Paging, Sort};
pub use metrics::MetricsView;
pub use picker::{Choice, Facet, PickOption, Picker};

use super::action::{Action, Layout, Move, TextKey};
use crate::desk::*;
use crate::drafts::{DraftKey, DraftKind};
use crate::worker::{Job, ReqId};
use net::REFRESHING;

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
    /// Ask the cache's full-text index (the answer comes back as `SearchHits`).
    Search(String),
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

#[derive(Debug, Clone, PartialEq)]
pub struct ThreadView {
    pub messages: Loadable<Vec<Message>>,
    pub scroll: usize,
    /// A refresh in flight while the old messages stay on screen.
    pub refreshing: Option<ReqId>,
    /// Our messages on their way (sending, unconfirmed or failed), shown after the thread.
    pub local: Vec<Message>,
}

/// A sync re-reads this much before the high-water mark: clocks and commits are not exact.
pub const SYNC_MARGIN: jiff::SignedDuration = jiff::SignedDuration::from_secs(120);

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
    pub threads: HashMap<TicketId, ThreadView>,
    pub customers: HashMap<String, Loadable<Customer>>,
    /// From the offline cache: shown until (or unless) `customers` has the live one.
    pub cached_customers: HashMap<String, Customer>,
    pub customer_tickets: HashMap<String, Loadable<Vec<Ticket>>>,
    pub directory: Directory,
    pub tags: Vec<TagRef>,
    pub notice: Option<Notice>,
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
    next_req: ReqId,
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
            next_req: 1,
            agents_req: None,
            tags_req: None,
        }
    }

    fn req(&mut self) -> ReqId {
        self.next_req += 1;
        self.next_req
    }

    /// The first requests: agents and tags for names, and the first inbox page.
    pub fn start(&mut self) -> Vec<Effect> {
        let (agents, tags) = (self.req(), self.req());
        self.agents_req = Some(agents);
        self.tags_req = Some(tags);
        let mut effects = vec![Effect::Job(Job::Agents { req: agents }), Effect::Job(Job::Tags { req: tags })];
        // From a warm cache only what changed is fetched; otherwise the first fill.
        effects.extend(if self.cached { self.sync_inbox() } else { self.reload_inbox() });
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
                match link.filter(|l| crate::ui::markup::host_of(l).is_some()) {
                    Some(url) if action == Action::OpenLink => {
                        self.notice = Some(Notice::Info(format!("opening {url}")));
                        vec![Effect::OpenUrl(url)]
                    }
                    Some(url) => {
                        self.notice = Some(Notice::Info(format!("copied {url}")));
                        vec![Effect::Copy(url)]
                    }
                    None => {
                        self.notice = Some(Notice::Info("this ticket has no web link".into()));
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
                self.notice = Some(Notice::Error(text));
                vec![]
            }
            Action::CacheLoaded { tickets, agents, tags } => {
                // Loaded in parts (a screenful, then the rest): the first part selects.
                if !tickets.is_empty() {
                    let first_part = self.inbox.tickets.is_empty();
                    self.cached = true;
                    self.inbox.merge(tickets);
                    self.inbox.paging.complete = true;
                    self.inbox.paging.total = Some(self.inbox.tickets.len() as u64);
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
            Action::CachedCustomer(customer) => {
                self.cached_customers.insert(customer.id.clone(), customer);
                vec![]
            }
            Action::CachedThread { ticket, req, messages } => {
                if let Some(view) = self.threads.get_mut(&ticket).filter(|v| v.messages == Loadable::Loading(req)) {
                    view.messages = Loadable::Ready(messages);
                    view.refreshing = Some(req);
                }
                vec![]
            }
            Action::SearchHits { text, hits } => {
                if text == self.inbox.search {
                    self.inbox.set_hits(hits);
                    return (true, self.after_selection_change());
                }
                return (false, vec![]);
            }
            Action::Suspend => {
                // Drafts first: a stopped process may never be continued.
                let _ = self.remember_draft_for_quit();
                let mut effects = self.flush_drafts();
                effects.push(Effect::Suspend);
                effects
            }
            Action::RetryNow => {
                if self.offline_backoff.is_none() || self.inbox.paging.loading() {
                    return (false, vec![]);
                }
                if self.inbox.paging.complete {
                    return (true, self.sync_inbox());
                }
                match self.inbox.paging.next.clone().filter(|_| !self.inbox.tickets.is_empty()) {
                    Some(cursor) => {
                        let req = self.req();
                        self.inbox.paging.req = Some(req);
                        vec![Effect::Job(Job::Inbox { req, query: self.inbox.query.clone(), cursor: Some(cursor) })]
                    }
                    None => self.reload_inbox(),
                }
            }
            Action::Activity(activity) => {
                use crate::api::activity::Activity;
                let mb = |b: f64| format!("{:.1} MB", b / 1_048_576.0);
                self.notice = Some(Notice::Info(match activity {
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
                }));
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
                self.notice = Some(Notice::Info(format!("sorted by {}", self.inbox.sort.label())));
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
                self.notice = Some(Notice::Info(REFRESHING.into()));
                self.metrics.cache.clear();
                let mut queries = self.glance_queries().to_vec();
                if self.screen == Screen::Metrics {
                    queries.extend(self.metrics_queries());
                }
                let mut effects = self.load_series(queries);
                // Loaded: only what changed. Still loading (or failed): start over.
                let complete = self.inbox.paging.complete && !self.inbox.paging.loading();
                effects.extend(if complete { self.sync_inbox() } else { self.reload_inbox() });
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
                self.notice = Some(Notice::Error(format!("{} has no reporting", self.desk_name)));
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
