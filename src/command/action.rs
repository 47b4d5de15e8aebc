//! Everything that can change the application state. `update` matches exhaustively.

use jiff::Timestamp;

use crate::worker::NetEvent;

/// The picker a triage command opens when a key gives it no value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TriageKind {
    Status,
    Assignee,
    Tag,
    Priority,
    Snooze,
    Type,
}

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
    /// A held send's second passed (the undo-send window counts down).
    SendCountdown,
    /// The live check's timer (`[sync] live_secs`): has anything changed since the mark?
    LiveCheck,
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
    /// A saved reply, its variables filled, into the composer (opened when it is not).
    InsertSaved(String),
    /// The saved replies, to pick one.
    PickSaved,
    /// Send, and once it is sent set the ticket's status (`send closed`).
    SendThen(crate::desk::TicketStatus),
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
    CacheLoaded(Cached),
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
    /// The last notices, with their times (`:messages`).
    ShowMessages,
    /// Show the view of that name (fuzzy).
    ShowView(String),
    /// Select the ticket of this number (`goto 1042`, `:#1042`).
    Goto(u64),
    /// Add a file to the message being written.
    Attach(String),
    /// Ask the knowledge base (the ticket's title when no query is given).
    Kb(Option<String>),
    /// Open a new conversation (the console's form).
    NewTicket,
    /// The outbox: listed, or one entry (by its number) sent anyway, dropped or edited.
    Outbox(Option<(OutboxAct, u64)>),
}

/// What the offline cache held at start.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Cached {
    /// Its first screenful of tickets.
    pub tickets: Vec<crate::desk::Ticket>,
    pub agents: Vec<crate::desk::Agent>,
    pub tags: Vec<crate::desk::TagRef>,
    pub ledger: Option<crate::desk::Ledger>,
    /// When each ticket was last opened here (for Unread).
    pub opened: Vec<(crate::desk::TicketId, jiff::Timestamp)>,
}

/// What the agent does with an outbox entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutboxAct {
    /// What can be done with it (a picker).
    Show,
    /// Send it, even over a conflict.
    Send,
    Drop,
    /// A reply back in the composer.
    Edit,
}
