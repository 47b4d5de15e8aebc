//! The application state and `update`: the only place it changes. `update` does no I/O and
//! reads no clock; it returns the `Effect`s for the runtime to carry out.

pub mod changes;
mod command_line;
pub mod composer;
mod directory;
mod drafts;
pub mod filters;
pub mod form;
mod goto;
mod id_index;
pub mod inbox;
pub mod keymap;
mod lifecycle;
mod loading;
mod maybe_sent;
pub mod metrics;
pub mod metrics_pages;
mod names;
mod navigation;
mod net;
mod notices;
pub mod outbox;
pub mod panes;
pub mod picker;
mod search_query;
mod search_text;
mod sending;
mod sidebar;
pub mod sync;
mod text_input;
mod ticket_forms;
pub mod views;
pub mod work;

use std::collections::HashMap;

use jiff::Timestamp;

pub use crate::command::action::TriageKind;
pub use changes::{PendingChange, UndoEntry};
pub use command_line::CommandLine;
pub use composer::{Composer, PendingSend};
pub use directory::Directory;
pub use drafts::Drafts;
pub use inbox::{Inbox, Sort};
pub use metrics::MetricsView;
pub use notices::{Notice, NoticeSource, Notices};
pub use picker::{Choice, Facet, PickOption, Picker};
pub use sync::{InboxSync, Phase};

use crate::command::action::{Action, Layout, Move, TextKey};
use crate::desk::*;
use crate::store::drafts::{DraftKey, DraftKind};
use crate::worker::{Job, ReqId, ReqIds};

/// What `update` asks the runtime to do.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    Job(Job),
    /// Write a draft to disk now.
    SaveDraft(DraftKey, String),
    DeleteDraft(DraftKey),
    /// Mark on disk that the draft's send begins at this time (before the send leaves).
    MarkSending(DraftKey, Timestamp),
    /// The send's outcome is known: the draft is a plain draft again.
    UnmarkSending(DraftKey),
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
    /// Raw mode and the alternate screen again, everything redrawn (after a continue).
    Resume,
    /// Work for the cache (a full-text query answers as `NetEvent::SearchHits`).
    Store(crate::worker::StoreJob),
    /// Send `Action::RetryNow` after this long (one timer: a later one replaces it).
    RetryLater(std::time::Duration),
    /// Send `Action::NoticeDue(seq)` after this long (one timer: a later one replaces it).
    ExpireNotice {
        seq: u64,
        after: std::time::Duration,
    },
    /// Keep the `:` line's history on disk.
    SaveHistory(Vec<String>),
    /// Tickets entered a view that asked to be told (`[notify]`): the bell, or a desktop
    /// notification with this text where the terminal takes one.
    Notify {
        desktop: bool,
        text: String,
    },
    /// Where the agent is in the inbox changed: keep it for the next run.
    SavePlace(crate::store::history::Place),
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
    /// Waiting for the answer to `req` in particular.
    pub fn is_loading_for(&self, req: ReqId) -> bool {
        matches!(self, Loadable::Loading(r) if *r == req)
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
    /// The last notices, with their times (`:messages`).
    Messages,
    /// What the glyphs and colours mean (`?` twice).
    Legend,
    Search,
    Picker(Picker),
    /// The created-date range being typed (`2026-10-01..2026-11-20`, `30d`).
    Range(String),
    /// The `:` command line.
    Command(CommandLine),
    /// A small form (a type's required fields, a new conversation).
    Form(form::Form),
}

#[derive(Debug, Clone, PartialEq)]
pub struct ThreadView {
    pub messages: Loadable<Vec<Message>>,
    pub scroll: usize,
    /// Pinned to the newest message (a thread opens there; scrolling up lets go of it,
    /// scrolling to the end takes it again).
    pub follow: bool,
    /// A refresh in flight while the old messages stay on screen.
    pub refreshing: Option<ReqId>,
    /// Our messages on their way (sending, unconfirmed or failed), shown after the thread.
    pub local: Vec<Message>,
}

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
    pub notices: Notices,
    /// `None`: the sidebar follows the terminal width; `Some(v)`: the user chose.
    pub sidebar_choice: Option<bool>,
    pub layout: Layout,
    pub should_quit: bool,
    /// Triage changes waiting for the server, by request.
    pub pending_changes: HashMap<ReqId, PendingChange>,
    pub undo_stack: Vec<UndoEntry>,
    /// Lines run on the `:` line, oldest first (kept across runs).
    pub command_history: Vec<String>,
    pub composer: Option<Composer>,
    pub drafts: Drafts,
    /// The agent was told a draft is unsaved and quits anyway.
    quit_anyway: bool,
    pub pending_sends: HashMap<ReqId, PendingSend>,
    pub metrics: MetricsView,
    /// While the server cannot be reached: the wait before the next automatic try.
    pub offline_backoff: Option<std::time::Duration>,
    /// The first of those waits (`[sync] offline_retry_secs`).
    pub offline_retry: std::time::Duration,
    /// The inbox came from the cache and the network has not confirmed it yet.
    pub cached: bool,
    /// A change that takes the ticket out of the view moves to the next one (`[ui] after_action`).
    pub after_action_next: bool,
    /// The focused pane fills the body (`z`).
    pub zoomed: bool,
    /// The inbox's optional columns (`[ui] columns`; `None`: all).
    pub columns: Option<Vec<crate::config::Column>>,
    /// The focused sidebar's position in the customer's recent tickets.
    pub sidebar_cursor: usize,
    /// The view, sort and text last saved.
    remembered: crate::store::history::Place,
    ids: ReqIds,
    agents_req: Option<ReqId>,
    tags_req: Option<ReqId>,
    /// Ticket types, files, approvals, attachments, knowledge-base hits.
    pub work: work::WorkState,
    /// The threads held, least recently used first (at most `KEPT_THREADS` of them).
    thread_lru: std::collections::VecDeque<TicketId>,
    /// Work waiting for the server (kept in the cache).
    pub outbox: outbox::OutboxState,
}

/// How many threads are kept in memory (a 10,000-message thread is a few MB).
pub const KEPT_THREADS: usize = 16;

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
            inbox: Inbox::at(now),
            sync: InboxSync::new(InboxQuery::default()),
            threads: HashMap::new(),
            customers: HashMap::new(),
            cached_customers: HashMap::new(),
            customer_tickets: HashMap::new(),
            directory: Directory::default(),
            tags: Vec::new(),
            notices: Notices::default(),
            sidebar_choice: None,
            layout: Layout::default(),
            should_quit: false,
            pending_changes: HashMap::new(),
            undo_stack: Vec::new(),
            command_history: Vec::new(),
            composer: None,
            drafts: Drafts::default(),
            quit_anyway: false,
            pending_sends: HashMap::new(),
            metrics: MetricsView { thena: desk_name == "Thena", ..MetricsView::default() },
            offline_backoff: None,
            offline_retry: loading::FIRST_BACKOFF,
            cached: false,
            after_action_next: true,
            zoomed: false,
            columns: None,
            remembered: Default::default(),
            sidebar_cursor: 0,
            ids: ReqIds::default(),
            agents_req: None,
            tags_req: None,
            work: Default::default(),
            thread_lru: Default::default(),
            outbox: Default::default(),
        }
    }

    fn req(&mut self) -> ReqId {
        self.ids.take()
    }

    /// The first requests: agents and tags for names, and the first inbox page.
    pub fn start(&mut self) -> Vec<Effect> {
        let (agents, tags) = (self.req(), self.req());
        self.agents_req = Some(agents);
        self.tags_req = Some(tags);
        let mut effects = vec![Effect::Job(Job::Agents { req: agents }), Effect::Job(Job::Tags { req: tags })];
        effects.extend(self.load_catalog());
        // From the ledger: what changed over a whole inbox, the rest of a fill, or a fill.
        effects.extend(self.sync_inbox());
        let glance = self.glance_queries().to_vec();
        effects.extend(self.load_series(glance));
        effects
    }

    pub fn selected_thread(&self) -> Option<&ThreadView> {
        self.threads.get(self.inbox.selected.as_ref()?)
    }

    /// Apply one action. Returns whether the screen must be redrawn, and what to do. Each
    /// arm hands the action to the part of the state it concerns.
    pub fn update(&mut self, action: Action) -> (bool, Vec<Effect>) {
        let effects = match action {
            Action::Quit => self.quit(),
            Action::Tick(now) => self.tick(now),
            Action::Sync => self.sync_inbox(),
            Action::Resize(w, h) => self.resize(w, h),
            Action::Layout(layout) => return self.laid_out(layout),
            Action::Move(m) => self.move_cursor(m),
            Action::Open => self.open(),
            Action::Back => self.back(),
            Action::OpenLink => self.link_action(false),
            Action::CopyLink => self.link_action(true),
            Action::StartReply => self.start_compose(DraftKind::Reply),
            Action::StartNote => self.start_compose(DraftKind::Note),
            Action::Compose(input) => self.compose_input(input),
            Action::Paste(text) => self.paste(&text),
            Action::SendDraft => self.send_draft(),
            Action::LeaveComposer => self.close_composer(),
            Action::OpenEditor => self.open_editor(),
            Action::EditorDone(result) => self.editor_done(result),
            Action::FlushDrafts => self.flush_drafts(),
            Action::Warn(text) => self.warn(text),
            Action::DraftSaved(key, result) => self.draft_saved(key, result),
            Action::CacheLoaded { tickets, agents, tags, ledger } => self.cache_loaded(tickets, agents, tags, ledger),
            Action::Suspend => self.suspend(),
            Action::Resumed => vec![Effect::Resume],
            Action::Refetch(ids) => self.refetch(ids),
            Action::OutboxLoaded(queued) => self.outbox_loaded(queued),
            Action::RetryNow => return self.retry_now(),
            Action::NoticeDue(seq) => return (self.notices.expire(seq), vec![]),
            Action::FocusNext => self.cycle_focus(true),
            Action::FocusPrev => self.cycle_focus(false),
            Action::StartSearch => self.start_search(),
            Action::StartCommandLine => self.start_command_line(),
            Action::RunLine(line) => self.run_line(&line),
            Action::Prompt(text) => self.prompt(text),
            Action::EditRange => self.edit_range(),
            Action::OpenFilterMenu => self.open_filter_menu(),
            Action::ClearFilters => self.clear_filters(),
            Action::Escape => self.escape_inbox(),
            Action::MarkAll => self.mark_all(),
            Action::MarkRange => self.mark_range(),
            Action::CycleSort => self.cycle_sort(),
            Action::ReverseSort => self.reverse_sort(),
            Action::ToggleSidebar => self.toggle_sidebar(),
            Action::Refresh => self.refresh(),
            Action::ToggleHelp => self.toggle_help(),
            Action::ShowInbox => self.show_inbox(),
            Action::ShowMetrics => self.show_metrics(),
            Action::MetricsGrain(grain) => self.adjust_metrics(|m| m.grain = grain),
            Action::MetricsShift(by) => self.adjust_metrics(|m| m.shift = (m.shift + by).max(0)),
            Action::MetricsRange => self.adjust_metrics(metrics::next_range),
            Action::MetricsBreakdown => self.adjust_metrics(metrics::next_breakdown),
            Action::MetricsWorking => self.adjust_metrics(|m| m.working = !m.working),
            Action::MetricsPage(forward) => self.metrics_page(forward),
            Action::ToggleMark => self.toggle_mark(),
            Action::CycleView(forward) => self.cycle_view(forward),
            Action::ToggleZoom => self.toggle_zoom(),
            Action::EditTitle => self.edit_title(),
            Action::OpenTriage(kind) => self.open_triage_picker(kind),
            Action::Undo => self.undo(),
            Action::Text(key) => self.text(key),
            Action::Mouse(kind, x, y) => self.mouse_at(kind, x, y),
            Action::Net(event) => return self.net(event),
            Action::ShowMessages => self.show_overlay(Overlay::Messages),
            Action::ShowView(name) => self.show_view_named(&name),
            Action::Goto(number) => self.goto(number),
            Action::Attach(path) => self.attach(path),
            Action::Kb(query) => self.ask_kb(query),
            Action::NewTicket => self.open_new_form(),
            Action::Outbox(act) => self.outbox_verb(act),
        };
        let mut effects = effects;
        effects.extend(self.remember_place());
        (true, effects)
    }
}
