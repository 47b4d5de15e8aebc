//! The application state and `update`: the only place it changes. `update` does no I/O and
//! reads no clock; it returns the `Effect`s for the runtime to carry out.

pub mod changes;
mod command_line;
pub mod composer;
mod customers;
mod directory;
mod drafts;
pub mod filters;
mod flows;
pub mod form;
mod id_index;
pub mod inbox;
pub mod keymap;
mod loading;
mod maybe_sent;
pub mod metrics;
pub mod metrics_pages;
mod names;
mod navigation;
mod net;
mod notices;
mod order;
pub mod outbox;
pub mod panes;
pub mod picker;
mod place;
mod search_query;
mod search_text;
mod sending;
mod settings;
pub mod sync;
mod text_input;
mod threads;
mod ticket_forms;
mod undo;
pub mod unread;
mod view;
pub mod views;
pub mod work;

use jiff::Timestamp;

pub use crate::command::action::TriageKind;
pub use changes::{Changes, PendingChange, UndoEntry};
pub use command_line::CommandLine;
pub use composer::{Compose, Composer, PendingSend};
pub use customers::Customers;
pub use directory::Directory;
pub use drafts::Drafts;
pub use inbox::{Inbox, Sort};
pub use metrics::MetricsView;
pub use notices::{Notice, NoticeSource, Notices};
pub use picker::{Choice, Facet, PickOption, Picker};
pub use settings::{Session, Settings};
pub use sync::{InboxSync, Phase};
pub use threads::{KEPT_THREADS, ThreadView, Threads};
pub use view::{Focus, Overlay, Screen, View};

use crate::command::action::{Action, Move, TextKey};
use crate::desk::*;
use crate::store::drafts::{DraftKey, DraftKind};
use crate::worker::{Job, ReqId};

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
    /// A held send's next second (`Action::SendCountdown` after one second; one timer).
    CountDown,
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

/// The state: a router over parts, each owning its data and its requests.
pub struct AppState {
    pub settings: Settings,
    pub session: Session,
    pub view: View,
    pub inbox: Inbox,
    /// How far the inbox is loaded, and what to ask for next.
    pub sync: InboxSync,
    pub threads: Threads,
    pub customers: Customers,
    pub directory: Directory,
    pub compose: Compose,
    pub changes: Changes,
    /// Work waiting for the server (kept in the cache).
    pub outbox: outbox::OutboxState,
    pub metrics: MetricsView,
    /// Ticket types, files, approvals, attachments, knowledge-base hits.
    pub work: work::WorkState,
    pub notices: Notices,
    /// When each ticket was last opened, to know which the customer wrote on since.
    pub unread: unread::Unread,
}

impl AppState {
    pub fn new(
        desk_name: &'static str,
        profile: impl Into<String>,
        capabilities: Capabilities,
        now: Timestamp,
    ) -> Self {
        AppState::with(Settings::defaults(desk_name, profile.into(), capabilities), now)
    }

    /// The state of a console opened with these settings (the console builds them from the
    /// config in one place).
    pub fn with(settings: Settings, now: Timestamp) -> Self {
        let thena = settings.desk_name == "Thena";
        AppState {
            settings,
            session: Session { now, ..Session::default() },
            view: View::default(),
            inbox: Inbox::at(now),
            sync: InboxSync::new(InboxQuery::default()),
            threads: Threads::default(),
            customers: Customers::default(),
            directory: Directory::default(),
            compose: Compose::default(),
            changes: Changes::default(),
            outbox: Default::default(),
            metrics: MetricsView { thena, ..MetricsView::default() },
            work: Default::default(),
            notices: Notices::default(),
            unread: Default::default(),
        }
    }

    /// Tell the agent something about their own action.
    pub fn say(&mut self, notice: Notice) {
        self.notices.set(self.session.now, NoticeSource::Agent, notice);
    }

    /// News from work in the background (see `Notices::in_background`).
    pub(super) fn say_in_background(&mut self, source: NoticeSource, notice: Notice) {
        self.notices.in_background(self.session.now, source, notice);
    }

    fn req(&mut self) -> ReqId {
        self.session.req()
    }

    /// The first requests: agents and tags for names, and the first inbox page.
    pub fn start(&mut self) -> Vec<Effect> {
        let (agents, tags) = (self.req(), self.req());
        self.directory.agents_req = Some(agents);
        self.directory.tags_req = Some(tags);
        let mut effects = vec![Effect::Job(Job::Agents { req: agents }), Effect::Job(Job::Tags { req: tags })];
        effects.extend(self.load_catalog());
        // From the ledger: what changed over a whole inbox, the rest of a fill, or a fill.
        effects.extend(self.sync_inbox());
        let glance = metrics::glance_queries(self.today()).to_vec();
        effects.extend(self.load_series(glance));
        effects
    }

    /// The views and columns the config asks for, less those the desk's data cannot fill
    /// (Thena has no reply clock and no snoozes: no Breaching or Snoozed tab, no reply column).
    pub fn set_views(&mut self, views: Vec<crate::desk::views::View>, columns: Option<Vec<crate::config::Column>>) {
        let clocks = self.settings.capabilities.clocks;
        self.inbox.tabs = views::ViewTabs::new(views.into_iter().filter(|v| clocks || !v.needs_clocks()).collect());
        self.settings.choose_columns(columns);
    }

    /// Today in the agent's time zone.
    pub fn today(&self) -> jiff::civil::Date {
        self.session.now.to_zoned(self.settings.tz.clone()).date()
    }

    pub fn selected_thread(&self) -> Option<&ThreadView> {
        self.threads.held.get(self.inbox.selected.as_ref()?)
    }

    /// Apply one action. Returns whether the screen must be redrawn, and what to do. Each
    /// arm hands the action to the part of the state it concerns.
    pub fn update(&mut self, action: Action) -> (bool, Vec<Effect>) {
        let effects = match action {
            Action::Quit => self.quit(),
            Action::Tick(now) => self.tick(now),
            Action::Sync => self.sync_inbox(),
            Action::LiveCheck => return self.live_check(),
            Action::SendCountdown => self.count_down(),
            Action::Resize(w, h) => self.resize(w, h),
            Action::Layout(layout) => return self.laid_out(layout),
            Action::Move(m) => self.move_cursor(m),
            Action::Open => self.open(),
            Action::Back => self.view.back(),
            Action::OpenLink | Action::CopyLink => self.link_action(action == Action::CopyLink),
            Action::StartReply => self.start_compose(DraftKind::Reply),
            Action::StartNote => self.start_compose(DraftKind::Note),
            Action::Compose(input) => self.compose_input(input),
            Action::Paste(text) => self.paste(&text),
            Action::SendDraft => self.send_draft(None),
            Action::SendThen(status) => self.send_draft(Some(status)),
            Action::InsertSaved(name) => self.insert_saved(&name),
            Action::PickSaved => self.pick_saved(),
            Action::LeaveComposer => self.close_composer(),
            Action::OpenEditor => self.open_editor(),
            Action::EditorDone(result) => self.editor_done(result),
            Action::FlushDrafts => self.flush_drafts(),
            Action::Warn(text) => self.warn(text),
            Action::DraftSaved(key, result) => self.draft_saved(key, result),
            Action::CacheLoaded(cached) => self.cache_loaded(cached),
            Action::Suspend => self.suspend(),
            Action::Resumed => vec![Effect::Resume],
            Action::Refetch(ids) => self.refetch(ids),
            Action::OutboxLoaded(queued) => self.outbox.loaded(queued),
            Action::RetryNow => return self.retry_now(),
            Action::NoticeDue(seq) => return (self.notices.expire(seq), vec![]),
            Action::FocusNext => self.cycle_focus(true),
            Action::FocusPrev => self.cycle_focus(false),
            Action::StartSearch => self.view.start_search(),
            Action::StartCommandLine => self.start_command_line(),
            Action::RunLine(line) => self.run_line(&line),
            Action::Prompt(text) => self.prompt(text),
            Action::EditRange => self.view.open(Overlay::Range(self.inbox.range_text())),
            Action::OpenFilterMenu => self.open_filter_menu(),
            Action::ClearFilters => self.clear_filters(),
            Action::Escape => self.escape_inbox(),
            Action::MarkAll => self.mark_all(),
            Action::MarkRange => self.mark_range(),
            Action::CycleSort => self.resort(false),
            Action::ReverseSort => self.resort(true),
            Action::ToggleSidebar => self.toggle_sidebar(),
            Action::Refresh => self.refresh(),
            Action::ToggleHelp => self.view.toggle_help(),
            Action::ShowInbox => self.view.show_inbox(),
            Action::ShowMetrics => self.show_metrics(),
            Action::MetricsGrain(grain) => self.adjust_metrics(|m| m.grain = grain),
            Action::MetricsShift(by) => self.adjust_metrics(|m| m.shift = (m.shift + by).max(0)),
            Action::MetricsRange => self.adjust_metrics(metrics::next_range),
            Action::MetricsBreakdown => self.adjust_metrics(metrics::next_breakdown),
            Action::MetricsWorking => self.adjust_metrics(|m| m.working = !m.working),
            Action::MetricsPage(forward) => self.metrics_page(forward),
            Action::ToggleMark => self.toggle_mark(),
            Action::CycleView(forward) => self.cycle_view(forward),
            Action::ToggleZoom => self.view.toggle_zoom(),
            Action::EditTitle => self.edit_title(),
            Action::OpenTriage(kind) => self.open_triage_picker(kind),
            Action::Undo => self.undo(),
            Action::Text(key) => self.text(key),
            Action::Mouse(kind, x, y) => self.mouse_at(kind, x, y),
            Action::Net(event) => return self.net(event),
            Action::ShowMessages => self.view.open(Overlay::Messages),
            Action::ShowView(name) => self.show_view_named(&name),
            Action::Goto(number) => self.goto(number),
            Action::Attach(path) => self.attach(path),
            Action::Kb(query) => self.ask_kb(query),
            Action::NewTicket => self.open_new_form(),
            Action::Outbox(act) => self.outbox_verb(act),
        };
        let mut effects = effects;
        effects.extend(self.inbox.moved_place().map(Effect::SavePlace));
        (true, effects)
    }
}
