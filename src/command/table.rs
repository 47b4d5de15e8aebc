//! The one table of commands: every action of triage, with its name, aliases, arguments,
//! where it applies, its default keys and its help line. The key map, `?`, the `:` line and
//! the scripting CLI all read it; a command added here is at once bindable, listed in help,
//! completable and (when it acts on tickets) callable from the shell.

/// Where a command applies (and where its default keys are bound).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Place {
    Anywhere,
    Inbox,
    Thread,
    Metrics,
    Composer,
    /// The inbox and the thread alike: the commands on tickets.
    Tickets,
}

impl Place {
    pub fn name(self) -> &'static str {
        match self {
            Place::Anywhere => "anywhere",
            Place::Inbox => "inbox",
            Place::Thread => "thread",
            Place::Metrics => "metrics",
            Place::Composer => "composer",
            Place::Tickets => "inbox and thread",
        }
    }

    /// A `[keys.NAME]` table's place (`global` is the old name of `anywhere`).
    pub fn parse(name: &str) -> Option<Place> {
        match name {
            "anywhere" | "global" => Some(Place::Anywhere),
            "inbox" => Some(Place::Inbox),
            "thread" => Some(Place::Thread),
            "metrics" => Some(Place::Metrics),
            "composer" => Some(Place::Composer),
            _ => None,
        }
    }

    /// The places a binding here is made in (`Tickets` is two).
    pub fn expand(self) -> &'static [Place] {
        match self {
            Place::Tickets => &[Place::Inbox, Place::Thread],
            Place::Anywhere => &[Place::Anywhere],
            Place::Inbox => &[Place::Inbox],
            Place::Thread => &[Place::Thread],
            Place::Metrics => &[Place::Metrics],
            Place::Composer => &[Place::Composer],
        }
    }
}

/// What a command acts on, and so where it can run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Changes tickets: the marked ones, else the current one; `triage NAME TICKET…` too.
    Triage,
    /// Writes to one ticket (a reply, a note); from the shell too.
    Message,
    /// Only in the console.
    Console,
}

/// A command that only the console has: moving, focusing, the screens and prompts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Ui {
    Down,
    Up,
    Top,
    Bottom,
    PageDown,
    PageUp,
    Select,
    Back,
    NextPane,
    PrevPane,
    Search,
    CommandLine,
    Filter,
    DateRange,
    ClearFilters,
    Escape,
    MarkAll,
    MarkRange,
    Sort,
    Reverse,
    Sidebar,
    InboxScreen,
    MetricsScreen,
    Mark,
    ByDay,
    ByWeek,
    ByMonth,
    WindowBack,
    WindowForward,
    Breakdown,
    Range,
    WorkingHours,
    NextPage,
    PrevPage,
    NextView,
    PrevView,
    EditTitle,
    Zoom,
    Send,
    Leave,
    Editor,
}

/// Which values complete a command's argument.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Values {
    None,
    Statuses,
    Agents,
    Tags,
    Priorities,
    /// When a snooze ends (`2h`, `tomorrow 9:00`, `mon`).
    Times,
    Views,
    Text,
    /// A ticket's number (`1042`, `#1042`).
    Number,
    /// The workspace's ticket types.
    Types,
    /// The current ticket's fields, then the field's options.
    Fields,
    /// Collaborator types, then agents.
    Collaborators,
    /// The current ticket's files.
    Files,
    /// What an outbox entry takes (`send`, `drop`, `edit`), then its number.
    Outbox,
}

/// One command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spec {
    pub name: &'static str,
    pub aliases: &'static [&'static str],
    /// What the arguments are, for help and errors.
    pub args: &'static str,
    pub values: Values,
    /// A few words (help shows them beside the keys at 80 columns: at most 22 characters).
    pub help: &'static str,
    pub kind: Kind,
    /// The console's own command, when it is one.
    pub ui: Option<Ui>,
    /// The default keys, with where each is bound.
    pub keys: &'static [(Place, &'static str)],
}

impl Spec {
    /// It runs from the shell: `triage NAME TICKET…`.
    pub fn headless(&self) -> bool {
        self.kind != Kind::Console
    }
}

type Keys = &'static [(Place, &'static str)];

const fn triage(name: &'static str, args: &'static str, values: Values, help: &'static str, keys: Keys) -> Spec {
    Spec { name, aliases: &[], args, values, help, kind: Kind::Triage, ui: None, keys }
}

const fn console(name: &'static str, help: &'static str, keys: Keys) -> Spec {
    Spec { name, aliases: &[], args: "", values: Values::None, help, kind: Kind::Console, ui: None, keys }
}

const fn ui(name: &'static str, ui: Ui, help: &'static str, keys: Keys) -> Spec {
    Spec { ui: Some(ui), ..console(name, help, keys) }
}

use Place::{Anywhere, Composer, Inbox, Metrics, Thread, Tickets};

/// Every command, in the order help lists them.
pub const COMMANDS: &[Spec] = &[
    triage("status", "open|in_progress|on_hold|closed", Values::Statuses, "set the status", &[(Tickets, "s")]),
    triage("close", "", Values::None, "status closed", &[]),
    triage("reopen", "", Values::None, "status open", &[]),
    triage("hold", "", Values::None, "status on hold", &[]),
    triage("assign", "AGENT|me|none", Values::Agents, "assign to an agent", &[(Tickets, "a")]),
    triage("tag", "NAME|+NAME|-NAME …", Values::Tags, "add or remove tags", &[(Tickets, "t")]),
    triage("snooze", "2h|3d|tomorrow 9:00|mon|2026-12-03 09:00", Values::Times, "snooze until", &[(Tickets, "Z")]),
    triage("unsnooze", "", Values::None, "wake it now", &[]),
    triage("title", "TEXT", Values::Text, "rename the ticket", &[]),
    triage("follow", "", Values::None, "follow it yourself", &[(Tickets, "F")]),
    triage("unfollow", "", Values::None, "stop following it", &[]),
    ui("edit-title", Ui::EditTitle, "edit the title", &[(Thread, "T")]),
    triage("type", "NAME|none", Values::Types, "set the ticket type", &[(Tickets, "Y")]),
    triage("field", "LABEL VALUE", Values::Fields, "set a field", &[(Tickets, "E")]),
    triage("collaborator", "TYPE AGENT", Values::Collaborators, "add a collaborator", &[]),
    Spec { kind: Kind::Message, ..triage("approval", "TITLE [@AGENT]", Values::Text, "ask for an approval", &[]) },
    Spec { kind: Kind::Message, ..triage("approvals", "", Values::None, "list approvals", &[]) },
    Spec { kind: Kind::Message, ..triage("files", "", Values::None, "list the files", &[]) },
    Spec { kind: Kind::Message, ..triage("download", "N|NAME [DIR]", Values::Files, "save a file", &[(Thread, "w")]) },
    Spec { args: "PATH", values: Values::Text, ..console("attach", "attach a file", &[(Composer, "ctrl-o")]) },
    Spec { args: "[QUERY]", values: Values::Text, ..console("kb", "knowledge base", &[(Composer, "ctrl-k")]) },
    console("new", "a new conversation", &[(Inbox, "N")]),
    Spec { args: "[N | send|drop|edit N]", values: Values::Outbox, ..console("outbox", "queued offline work", &[]) },
    Spec {
        aliases: &["prio"],
        ..triage("priority", "low|medium|high|critical|none", Values::Priorities, "set the priority", &[(Tickets, "p")])
    },
    Spec {
        args: "[TEXT]",
        values: Values::Text,
        kind: Kind::Message,
        ..console("reply", "reply (Ctrl-s sends)", &[(Tickets, "r")])
    },
    Spec {
        args: "[TEXT]",
        values: Values::Text,
        kind: Kind::Message,
        ..console("note", "private note", &[(Tickets, "n")])
    },
    console("undo", "undo, several levels", &[(Tickets, "u")]),
    Spec { aliases: &["open-link"], ..console("open", "open in the browser", &[(Tickets, "o")]) },
    Spec { aliases: &["copy-link"], ..console("copy", "copy the link", &[(Tickets, "y")]) },
    Spec { args: "NAME", values: Values::Views, ..console("view", "show a saved view", &[]) },
    Spec { args: "NUMBER (:1042)", values: Values::Number, ..console("goto", "a ticket by its number", &[]) },
    ui("next-view", Ui::NextView, "next view", &[(Inbox, "]")]),
    ui("prev-view", Ui::PrevView, "previous view", &[(Inbox, "[")]),
    ui("search", Ui::Search, "filter by text", &[(Tickets, "/")]),
    ui("command-line", Ui::CommandLine, "a command (Tab lists)", &[(Anywhere, ":")]),
    ui("mark", Ui::Mark, "mark for bulk action", &[(Inbox, "space"), (Inbox, "x")]),
    ui("select", Ui::Select, "open the selection", &[(Inbox, "enter"), (Inbox, "l"), (Metrics, "enter")]),
    ui("back", Ui::Back, "back to the inbox", &[(Thread, "esc"), (Thread, "h")]),
    ui("filter", Ui::Filter, "filter menu", &[(Inbox, "f")]),
    ui("date-range", Ui::DateRange, "created-date range", &[(Inbox, "D")]),
    ui("clear", Ui::Escape, "clear text, then marks", &[(Inbox, "esc")]),
    ui("clear-filters", Ui::ClearFilters, "clear all filters", &[]),
    ui("mark-all", Ui::MarkAll, "mark all in view", &[(Inbox, "V")]),
    ui("mark-range", Ui::MarkRange, "mark a range", &[(Inbox, "v")]),
    ui("sort", Ui::Sort, "cycle the sort", &[(Inbox, "S")]),
    ui("reverse", Ui::Reverse, "reverse the order", &[(Inbox, "O")]),
    ui("down", Ui::Down, "move down", &[(Anywhere, "j"), (Anywhere, "down")]),
    ui("up", Ui::Up, "move up", &[(Anywhere, "k"), (Anywhere, "up")]),
    ui("top", Ui::Top, "go to the top", &[(Anywhere, "g"), (Anywhere, "home")]),
    ui("bottom", Ui::Bottom, "go to the bottom", &[(Anywhere, "G"), (Anywhere, "end")]),
    ui("page-down", Ui::PageDown, "page down", &[(Anywhere, "pagedown"), (Anywhere, "ctrl-d")]),
    ui("page-up", Ui::PageUp, "page up", &[(Anywhere, "pageup"), (Anywhere, "ctrl-u")]),
    ui("next-pane", Ui::NextPane, "next pane", &[(Anywhere, "tab")]),
    ui("prev-pane", Ui::PrevPane, "previous pane", &[(Anywhere, "shift-tab")]),
    ui("sidebar", Ui::Sidebar, "toggle the sidebar", &[(Anywhere, "C")]),
    ui("zoom", Ui::Zoom, "zoom the focused pane", &[(Tickets, "z")]),
    ui("inbox", Ui::InboxScreen, "inbox screen", &[(Anywhere, "1"), (Metrics, "esc")]),
    ui("metrics", Ui::MetricsScreen, "metrics screen", &[(Anywhere, "2")]),
    ui("by-day", Ui::ByDay, "by day", &[(Metrics, "d")]),
    ui("by-week", Ui::ByWeek, "by week", &[(Metrics, "w")]),
    ui("by-month", Ui::ByMonth, "by month", &[(Metrics, "m")]),
    ui("window-back", Ui::WindowBack, "window back", &[(Metrics, "[")]),
    ui("window-forward", Ui::WindowForward, "window forward", &[(Metrics, "]")]),
    ui("breakdown", Ui::Breakdown, "cycle the breakdown", &[(Metrics, "b")]),
    ui("range", Ui::Range, "range: 7, 30, 90 days", &[(Metrics, "v")]),
    ui("working-hours", Ui::WorkingHours, "working-hours times", &[(Metrics, "W")]),
    ui("next-page", Ui::NextPage, "SLA, workload pages", &[(Metrics, "tab")]),
    ui("prev-page", Ui::PrevPage, "the page before", &[(Metrics, "shift-tab")]),
    ui("send", Ui::Send, "send", &[(Composer, "ctrl-s"), (Composer, "alt-enter")]),
    ui("leave", Ui::Leave, "leave, keep the draft", &[(Composer, "esc")]),
    ui("editor", Ui::Editor, "edit in $EDITOR", &[(Composer, "ctrl-e")]),
    console("messages", "the last 50 notices", &[]),
    console("refresh", "refresh now", &[(Anywhere, "R")]),
    console("help", "this help", &[(Anywhere, "?")]),
    console("quit", "quit", &[(Anywhere, "q"), (Anywhere, "ctrl-c")]),
];

/// The command named `word` (or one of its aliases).
pub fn lookup(word: &str) -> Option<&'static Spec> {
    COMMANDS.iter().find(|c| c.name == word || c.aliases.contains(&word))
}
