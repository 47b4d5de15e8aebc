//! The one table of commands: every action of triage is a row with its name, aliases,
//! arguments, help, default keys and its handler. The key map, `?`, the `:` line and the
//! scripting CLI all read it; a command added here is at once bindable, listed in help,
//! completable and (when its handler makes a plan) callable from the shell.

use super::action::{Action, Move};
use super::args::{self, Values};
use super::place::Place::{self, Anywhere, Composer, Inbox, Metrics, Thread, Tickets};
use super::plan::{Plan, Work};
use super::{Words, work};
use crate::desk::series::Grain;
use crate::desk::{Change, TicketStatus};

/// What a command does with the words after its name.
// The rows are one static table, never moved: the action's size costs nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum Run {
    /// A command on tickets: a plan, the same in the console and the shell.
    Plan(fn(&str, &Words) -> Result<Plan, String>),
    /// Reads or asks something of one ticket: the console and the shell.
    Work(fn(&str, &Words) -> Result<Work, String>),
    /// Only in the console, with arguments.
    Console(fn(&str, &Words) -> Result<Action, String>),
    /// Only in the console, without arguments: the action itself.
    Act(Action),
}

/// One command.
#[derive(Debug, Clone)]
pub struct Spec {
    pub name: &'static str,
    pub aliases: Aliases,
    /// What the arguments are, for help and errors.
    pub args: &'static str,
    /// What a missing argument is called ("a status"); empty when none is needed.
    pub needs: &'static str,
    pub values: Values,
    /// A few words (help shows them beside the keys at 80 columns: at most 22 characters).
    pub help: &'static str,
    /// The default keys, with where each is bound.
    pub keys: &'static [(Place, &'static str)],
    pub run: Run,
}

impl PartialEq for Spec {
    /// A command is its name (the table holds each once).
    fn eq(&self, other: &Spec) -> bool {
        self.name == other.name
    }
}

impl Eq for Spec {}

impl Spec {
    /// It runs from the shell: `triage NAME TICKET…`.
    pub fn headless(&self) -> bool {
        matches!(self.run, Run::Plan(_) | Run::Work(_))
    }
}

type Keys = &'static [(Place, &'static str)];
type Aliases = &'static [&'static str];

/// A command's arguments: their form, what a missing one is called, what completes them.
#[derive(Clone, Copy)]
struct Args(&'static str, &'static str, Values);

const NONE: Args = Args("", "", Values::None);

const fn row(name: &'static str, args: Args, help: &'static str, keys: Keys, run: Run) -> Spec {
    let Args(args, needs, values) = args;
    Spec { name, aliases: &[], args, needs, values, help, keys, run }
}

/// A command on tickets.
const fn plan(
    name: &'static str,
    args: Args,
    help: &'static str,
    keys: Keys,
    run: fn(&str, &Words) -> Result<Plan, String>,
) -> Spec {
    row(name, args, help, keys, Run::Plan(run))
}

/// A command on one ticket's work.
const fn work(
    name: &'static str,
    args: Args,
    help: &'static str,
    keys: Keys,
    run: fn(&str, &Words) -> Result<Work, String>,
) -> Spec {
    row(name, args, help, keys, Run::Work(run))
}

/// The console's own command, with arguments.
const fn console(
    name: &'static str,
    args: Args,
    help: &'static str,
    keys: Keys,
    run: fn(&str, &Words) -> Result<Action, String>,
) -> Spec {
    row(name, args, help, keys, Run::Console(run))
}

/// The console's own command, without arguments.
const fn act(name: &'static str, action: Action, help: &'static str, keys: Keys) -> Spec {
    row(name, NONE, help, keys, Run::Act(action))
}

/// The console's own command, without arguments, by another name too.
const fn act_aka(name: &'static str, aliases: Aliases, action: Action, help: &'static str, keys: Keys) -> Spec {
    Spec { name, aliases, args: "", needs: "", values: Values::None, help, keys, run: Run::Act(action) }
}

fn status(to: TicketStatus) -> Result<Plan, String> {
    Ok(Plan::set(Change::Status(to)))
}

fn follow(on: bool, words: &Words) -> Result<Plan, String> {
    let agent = args::agent("me", words)?.ok_or("follow needs your agent (me)")?;
    Ok(Plan::set(Change::Follow { agent, on }))
}

const STATUSES: &str = "open|in_progress|on_hold|closed";
const PRIORITIES: &str = "low|medium|high|critical|none";
const TIMES: &str = "2h|3d|tomorrow 9:00|mon|2026-12-03 09:00";

/// Every command, in the order help lists them.
pub const COMMANDS: &[Spec] = &[
    plan("status", Args(STATUSES, "a status", Values::Statuses), "set the status", &[(Tickets, "s")], |rest, _| {
        status(args::status(rest)?)
    }),
    plan("close", NONE, "status closed", &[], |_, _| status(TicketStatus::Closed)),
    plan("reopen", NONE, "status open", &[], |_, _| status(TicketStatus::Open)),
    plan("hold", NONE, "status on hold", &[], |_, _| status(TicketStatus::OnHold)),
    plan(
        "assign",
        Args("AGENT|me|none", "an agent", Values::Agents),
        "assign to an agent",
        &[(Tickets, "a")],
        |rest, w| Ok(Plan::set(Change::Assignee(args::agent(rest, w)?))),
    ),
    plan(
        "tag",
        Args("NAME|+NAME|-NAME …", "a tag", Values::Tags),
        "add or remove tags",
        &[(Tickets, "t")],
        |rest, w| Ok(Plan::tags(args::tag_edits(rest, w.tags)?)),
    ),
    plan("snooze", Args(TIMES, "a time", Values::Times), "snooze until", &[(Tickets, "Z")], |rest, w| {
        Ok(Plan::set(Change::Snooze(Some(super::when::when(rest, w.now, w.tz)?))))
    }),
    plan("unsnooze", NONE, "wake it now", &[], |_, _| Ok(Plan::set(Change::Snooze(None)))),
    plan("title", Args("TEXT", "a title", Values::Text), "rename the ticket", &[], |rest, _| {
        Ok(Plan::set(Change::Title(args::title(rest)?)))
    }),
    plan("follow", NONE, "follow it yourself", &[(Tickets, "F")], |_, w| follow(true, w)),
    plan("unfollow", NONE, "stop following it", &[], |_, w| follow(false, w)),
    act("edit-title", Action::EditTitle, "edit the title", &[(Thread, "T")]),
    plan(
        "type",
        Args("NAME|none", "a ticket type", Values::Types),
        "set the ticket type",
        &[(Tickets, "Y")],
        |rest, w| Ok(Plan::set(work::ticket_type(rest, w)?)),
    ),
    plan(
        "field",
        Args("LABEL VALUE", "a field and its value", Values::Fields),
        "set a field",
        &[(Tickets, "E")],
        |rest, w| Ok(Plan::set(work::field(rest, w)?)),
    ),
    plan(
        "collaborator",
        Args("TYPE AGENT", "a type and an agent", Values::Collaborators),
        "add a collaborator",
        &[],
        |rest, w| Ok(Plan::set(work::collaborator(rest, w)?)),
    ),
    work("approval", Args("TITLE [@AGENT]", "a title", Values::Text), "ask for an approval", &[], work::approval),
    work("approvals", NONE, "list approvals", &[], |_, _| Ok(Work::Approvals)),
    work("files", NONE, "list the files", &[], |_, _| Ok(Work::Files)),
    work(
        "download",
        Args("N|NAME [DIR]", "a file (its number or name)", Values::Files),
        "save a file",
        &[(Thread, "w")],
        |rest, _| work::download(rest),
    ),
    console(
        "attach",
        Args("PATH", "a file's path", Values::Text),
        "attach a file",
        &[(Composer, "ctrl-o")],
        |rest, _| Ok(Action::Attach(rest.to_string())),
    ),
    console("kb", Args("[QUERY]", "", Values::Text), "knowledge base", &[(Composer, "ctrl-k")], |rest, _| {
        Ok(Action::Kb(Some(rest.to_string()).filter(|q| !q.is_empty())))
    }),
    act("new", Action::NewTicket, "a new conversation", &[(Inbox, "N")]),
    console("outbox", Args("[N | send|drop|edit N]", "", Values::Outbox), "queued offline work", &[], |rest, _| {
        Ok(Action::Outbox(work::outbox(rest)?))
    }),
    Spec {
        name: "priority",
        aliases: &["prio"],
        args: PRIORITIES,
        needs: "a priority",
        values: Values::Priorities,
        help: "set the priority",
        keys: &[(Tickets, "p")],
        run: Run::Plan(|rest, _| Ok(Plan::set(Change::Priority(args::priority(rest)?)))),
    },
    plan("reply", Args("[TEXT]", "", Values::Text), "reply (Ctrl-s sends)", &[(Tickets, "r")], |rest, _| {
        Ok(Plan::message(false, rest))
    }),
    plan("note", Args("[TEXT]", "", Values::Text), "private note", &[(Tickets, "n")], |rest, _| {
        Ok(Plan::message(true, rest))
    }),
    console(
        "saved",
        Args("NAME", "a saved reply's name", Values::Replies),
        "insert a saved reply",
        &[(Composer, "ctrl-t")],
        |rest, w| Ok(Action::InsertSaved(w.library.reply(rest)?.name.clone())),
    ),
    plan("macro", Args("NAME", "a macro's name", Values::Macros), "run a macro", &[], |rest, w| {
        w.library.find_macro(rest)?.plan(w)
    }),
    act("undo", Action::Undo, "undo, several levels", &[(Tickets, "u")]),
    act_aka("open", &["open-link"], Action::OpenLink, "open in the browser", &[(Tickets, "o")]),
    act_aka("copy", &["copy-link"], Action::CopyLink, "copy the link", &[(Tickets, "y")]),
    console("view", Args("NAME", "a view's name", Values::Views), "show a saved view", &[], |rest, _| {
        Ok(Action::ShowView(rest.to_string()))
    }),
    console(
        "goto",
        Args("NUMBER (:1042)", "a ticket number", Values::Number),
        "a ticket by its number",
        &[],
        |rest, _| {
            Ok(Action::Goto(crate::desk::ticket_number(rest).ok_or_else(|| format!("no ticket number in {rest:?}"))?))
        },
    ),
    act("next-view", Action::CycleView(true), "next view", &[(Inbox, "]")]),
    act("prev-view", Action::CycleView(false), "previous view", &[(Inbox, "[")]),
    act("search", Action::StartSearch, "filter by text", &[(Tickets, "/")]),
    act("command-line", Action::StartCommandLine, "a command (Tab lists)", &[(Anywhere, ":")]),
    act("mark", Action::ToggleMark, "mark for bulk action", &[(Inbox, "space"), (Inbox, "x")]),
    act("select", Action::Open, "open the selection", &[(Inbox, "enter"), (Inbox, "l"), (Metrics, "enter")]),
    act("back", Action::Back, "back to the inbox", &[(Thread, "esc"), (Thread, "h")]),
    act("filter", Action::OpenFilterMenu, "filter menu", &[(Inbox, "f")]),
    act("date-range", Action::EditRange, "created-date range", &[(Inbox, "D")]),
    act("clear", Action::Escape, "clear text, then marks", &[(Inbox, "esc")]),
    act("clear-filters", Action::ClearFilters, "clear all filters", &[]),
    act("mark-all", Action::MarkAll, "mark all in view", &[(Inbox, "V")]),
    act("mark-range", Action::MarkRange, "mark a range", &[(Inbox, "v")]),
    act("sort", Action::CycleSort, "cycle the sort", &[(Inbox, "S")]),
    act("reverse", Action::ReverseSort, "reverse the order", &[(Inbox, "O")]),
    act("down", Action::Move(Move::Down), "move down", &[(Anywhere, "j"), (Anywhere, "down")]),
    act("up", Action::Move(Move::Up), "move up", &[(Anywhere, "k"), (Anywhere, "up")]),
    act("top", Action::Move(Move::Top), "go to the top", &[(Anywhere, "g"), (Anywhere, "home")]),
    act("bottom", Action::Move(Move::Bottom), "go to the bottom", &[(Anywhere, "G"), (Anywhere, "end")]),
    act("page-down", Action::Move(Move::PageDown), "page down", &[(Anywhere, "pagedown"), (Anywhere, "ctrl-d")]),
    act("page-up", Action::Move(Move::PageUp), "page up", &[(Anywhere, "pageup"), (Anywhere, "ctrl-u")]),
    act("next-pane", Action::FocusNext, "next pane", &[(Anywhere, "tab")]),
    act("prev-pane", Action::FocusPrev, "previous pane", &[(Anywhere, "shift-tab")]),
    act("sidebar", Action::ToggleSidebar, "toggle the sidebar", &[(Anywhere, "C")]),
    act("zoom", Action::ToggleZoom, "zoom the focused pane", &[(Tickets, "z")]),
    act("inbox", Action::ShowInbox, "inbox screen", &[(Anywhere, "1"), (Metrics, "esc")]),
    act("metrics", Action::ShowMetrics, "metrics screen", &[(Anywhere, "2")]),
    act("by-day", Action::MetricsGrain(Grain::Day), "by day", &[(Metrics, "d")]),
    act("by-week", Action::MetricsGrain(Grain::Week), "by week", &[(Metrics, "w")]),
    act("by-month", Action::MetricsGrain(Grain::Month), "by month", &[(Metrics, "m")]),
    act("window-back", Action::MetricsShift(1), "window back", &[(Metrics, "[")]),
    act("window-forward", Action::MetricsShift(-1), "window forward", &[(Metrics, "]")]),
    act("breakdown", Action::MetricsBreakdown, "cycle the breakdown", &[(Metrics, "b")]),
    act("range", Action::MetricsRange, "range: 7, 30, 90 days", &[(Metrics, "v")]),
    act("working-hours", Action::MetricsWorking, "working-hours times", &[(Metrics, "W")]),
    act("next-page", Action::MetricsPage(true), "SLA, workload pages", &[(Metrics, "tab")]),
    act("prev-page", Action::MetricsPage(false), "the page before", &[(Metrics, "shift-tab")]),
    console(
        "send",
        Args("[STATUS]", "", Values::Statuses),
        "send [then a status]",
        &[(Composer, "ctrl-s"), (Composer, "alt-enter")],
        |rest, _| Ok(if rest.is_empty() { Action::SendDraft } else { Action::SendThen(args::status(rest)?) }),
    ),
    act("leave", Action::LeaveComposer, "leave, keep the draft", &[(Composer, "esc")]),
    act("editor", Action::OpenEditor, "edit in $EDITOR", &[(Composer, "ctrl-e")]),
    act("messages", Action::ShowMessages, "the last 50 notices", &[]),
    act("refresh", Action::Refresh, "refresh now", &[(Anywhere, "R")]),
    act("help", Action::ToggleHelp, "this help", &[(Anywhere, "?")]),
    act("quit", Action::Quit, "quit", &[(Anywhere, "q"), (Anywhere, "ctrl-c")]),
];

/// Keys bound to a command with its argument, by default: send and close, send and hold.
pub const LINE_KEYS: &[(Place, &str, &str)] =
    &[(Composer, "alt-c", "send closed"), (Composer, "alt-h", "send on_hold")];

/// The command named `word` (or one of its aliases).
pub fn lookup(word: &str) -> Option<&'static Spec> {
    COMMANDS.iter().find(|c| c.name == word || c.aliases.contains(&word))
}
