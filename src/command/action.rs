//! Everything that can change the application state. `update` matches exhaustively.

use jiff::Timestamp;

use super::changes::TriageKind;
use crate::command::Ui;
use crate::desk::series::Grain;
use crate::worker::NetEvent;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Move {
    Down,
    Up,
    Top,
    Bottom,
    PageDown,
    PageUp,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MouseKind {
    Click,
    WheelUp,
    WheelDown,
}

/// A key typed into a prompt or picker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextKey {
    Char(char),
    Backspace,
    DeleteWord,
    Enter,
    Esc,
    Up,
    Down,
    /// Tab: complete (the command line) or the next choice (a picker).
    Tab,
    /// Ctrl-u: clear the line (before the cursor, where there is one).
    ClearLine,
    /// Ctrl-a / Home, Ctrl-e / End, ← and →: move the cursor (the command line has one).
    Home,
    End,
    Left,
    Right,
}

/// What the renderer learned about the layout, fed back so `update` can clamp scrolling
/// and page by the visible height without knowing how text wraps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Layout {
    /// Where the panes were drawn (for mouse clicks and the wheel).
    pub inbox: ratatui::layout::Rect,
    pub thread: ratatui::layout::Rect,
    pub sidebar: Option<ratatui::layout::Rect>,
    pub inbox_rows: usize,
    /// The first inbox row on screen (for mouse clicks).
    pub inbox_offset: usize,
    pub thread_rows: usize,
    pub thread_max_scroll: usize,
}

// Actions are moved once through `update`; a boxed worker reply would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    Quit,
    /// The clock, as data: `update` never reads it.
    Tick(Timestamp),
    /// The periodic background sync (`[sync] refresh_secs`): only what changed, quietly.
    Sync,
    Resize(u16, u16),
    Layout(Layout),
    Move(Move),
    Open,
    Back,
    FocusNext,
    FocusPrev,
    StartSearch,
    OpenFilterMenu,
    /// Type the created-date range (Thena's export window).
    EditRange,
    ClearFilters,
    /// Esc in the inbox: the `/` text, else the marks.
    Escape,
    /// Mark every ticket in view (again: clear the marks).
    MarkAll,
    /// Mark every row from the last marked one to the cursor.
    MarkRange,
    CycleSort,
    /// The same sort, the other end first.
    ReverseSort,
    ToggleSidebar,
    Refresh,
    ToggleHelp,
    ShowInbox,
    ShowMetrics,
    MetricsGrain(crate::desk::series::Grain),
    /// Move the metrics window by this many windows back (`[` is +1, `]` is -1).
    MetricsShift(i64),
    MetricsRange,
    MetricsBreakdown,
    MetricsWorking,
    /// The next (true) or previous page of the metrics screen.
    MetricsPage(bool),
    /// `Space`/`x`: mark or unmark the selected ticket (and move down).
    ToggleMark,
    /// The next (true) or previous view tab.
    CycleView(bool),
    /// The focused pane full width, or back to the split.
    ToggleZoom,
    /// The `:` line holding `title ` and the current title, to edit in place.
    EditTitle,
    OpenTriage(TriageKind),
    Undo,
    StartReply,
    StartNote,
    OpenLink,
    CopyLink,
    /// A key typed into the composer.
    Compose(tui_textarea::Input),
    /// Bracketed paste (sanitized before it reaches the composer).
    Paste(String),
    SendDraft,
    LeaveComposer,
    OpenEditor,
    /// The edited text, or why the editor failed.
    EditorDone(Result<String, String>),
    /// The draft-save timer fired.
    FlushDrafts,
    /// Something the runtime wants the user to know (a browser that would not open).
    Warn(String),
    /// A draft was written to disk, or could not be (why).
    DraftSaved(crate::store::drafts::DraftKey, Result<(), String>),
    /// What the offline cache held at start (its first screenful), and how far its
    /// inbox was loaded.
    CacheLoaded {
        tickets: Vec<crate::desk::Ticket>,
        agents: Vec<crate::desk::Agent>,
        tags: Vec<crate::desk::TagRef>,
        ledger: Option<crate::desk::Ledger>,
    },
    /// Cached tickets that could not be read: ask the server for them again.
    Refetch(Vec<crate::desk::TicketId>),
    /// The outbox the cache kept (this console owns it: the first one on the profile).
    OutboxLoaded(Vec<crate::desk::outbox::Queued>),
    /// Ctrl-z (or `kill -TSTP`): give the terminal back and stop until `fg`.
    Suspend,
    /// Continued (`kill -CONT`): take the terminal back and repaint it.
    Resumed,
    /// `:` opens the command line.
    StartCommandLine,
    /// A key bound to a whole command line ran it.
    RunLine(String),
    /// The `:` line with this typed, to finish (a command that needs words).
    Prompt(String),
    /// Time to try loading the inbox again after the network failed.
    RetryNow,
    /// Notice `seq`'s time on screen is up.
    NoticeDue(u64),
    Text(TextKey),
    /// A mouse click or wheel turn at a cell (only with `[ui] mouse = true`).
    Mouse(MouseKind, u16, u16),
    Net(NetEvent),
}

impl From<Ui> for Action {
    /// What the console's own commands do (the table of commands names them).
    fn from(ui: Ui) -> Action {
        match ui {
            Ui::Down => Action::Move(Move::Down),
            Ui::Up => Action::Move(Move::Up),
            Ui::Top => Action::Move(Move::Top),
            Ui::Bottom => Action::Move(Move::Bottom),
            Ui::PageDown => Action::Move(Move::PageDown),
            Ui::PageUp => Action::Move(Move::PageUp),
            Ui::Select => Action::Open,
            Ui::Back => Action::Back,
            Ui::NextPane => Action::FocusNext,
            Ui::PrevPane => Action::FocusPrev,
            Ui::Search => Action::StartSearch,
            Ui::CommandLine => Action::StartCommandLine,
            Ui::Filter => Action::OpenFilterMenu,
            Ui::DateRange => Action::EditRange,
            Ui::ClearFilters => Action::ClearFilters,
            Ui::Escape => Action::Escape,
            Ui::MarkAll => Action::MarkAll,
            Ui::MarkRange => Action::MarkRange,
            Ui::Sort => Action::CycleSort,
            Ui::Reverse => Action::ReverseSort,
            Ui::Sidebar => Action::ToggleSidebar,
            Ui::InboxScreen => Action::ShowInbox,
            Ui::MetricsScreen => Action::ShowMetrics,
            Ui::Mark => Action::ToggleMark,
            Ui::ByDay => Action::MetricsGrain(Grain::Day),
            Ui::ByWeek => Action::MetricsGrain(Grain::Week),
            Ui::ByMonth => Action::MetricsGrain(Grain::Month),
            Ui::WindowBack => Action::MetricsShift(1),
            Ui::WindowForward => Action::MetricsShift(-1),
            Ui::Breakdown => Action::MetricsBreakdown,
            Ui::Range => Action::MetricsRange,
            Ui::WorkingHours => Action::MetricsWorking,
            Ui::NextPage => Action::MetricsPage(true),
            Ui::PrevPage => Action::MetricsPage(false),
            Ui::Zoom => Action::ToggleZoom,
            Ui::EditTitle => Action::EditTitle,
            Ui::NextView => Action::CycleView(true),
            Ui::PrevView => Action::CycleView(false),
            Ui::Send => Action::SendDraft,
            Ui::Leave => Action::LeaveComposer,
            Ui::Editor => Action::OpenEditor,
        }
    }
}
