//! The command line (clap derive). Every flag is documented here, environment included.

use std::net::SocketAddr;

use clap::{Args, Parser, Subcommand};

pub use crate::config::{Backend, ConnectionArgs};
use crate::sim::ThenaStyle;

#[derive(Debug, Parser)]
#[command(
    name = "triage",
    version,
    about = "A keyboard-driven terminal console for support teams (Unthread and Thena).",
    after_help = "Environment:\n  UNTHREAD_API_KEY   Unthread service-account key\n  UNTHREAD_BASE_URL  Unthread API base (default https://api.unthread.io/api)\n  THENA_API_KEY      Thena API key (with --backend thena)\n  THENA_WORKSPACE    Thena workspace: https://{workspace}.thena.ai/\n  THENA_BASE_URL     Thena base URL (instead of THENA_WORKSPACE)\n  TRIAGE_ME          your agent email\n  TRIAGE_KEY_CMD_TIMEOUT  seconds api_key_cmd may take (10)\n\nCommands on tickets (TICKET is 1042, #1042 or an id; each takes --help):\n  triage status|close|reopen|hold|assign|tag|snooze|unsnooze|title|follow|unfollow|type|field|collaborator|\n         priority|reply|note|approval|approvals|files|download TICKET… [ARGS] [--json]\n  triage macro NAME TICKET…   runs a [[macros]] entry · triage reply 1042 --saved NAME sends a saved reply\n  e.g. triage close 1042 1043 · triage assign 1042 me · triage tag 1042 +Bug -Spam\n       triage snooze '#1042' tomorrow 9:00 · triage reply 1042 --body-file - --attach log.txt\n       triage field 1042 Severity High · triage download 1042 1 --dir /tmp\n  triage new --customer NAME --title T --body-file F opens a conversation.\nExit codes: 0 done · 1 failure · 2 usage or invalid input · 3 not found · 4 key missing or\nrejected · 5 unreachable, timed out or rate limited.\n\nRun `triage demo` to try the console on a simulated workspace, no account needed."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub connection: ConnectionArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Open the console on a simulated workspace (no account, no network needed).
    Demo(DemoArgs),
    /// Run the simulator alone, for other clients and tests.
    Sim(SimArgs),
    /// Print the metrics panels as text (or JSON) for a shell or a status bar.
    Stats(StatsArgs),
    /// The config file: where it is, or a commented example.
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Shell completions for bash, zsh or fish, on stdout.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// List conversations, every page (an aligned table on a terminal, tab-separated lines
    /// in a pipe, or JSON).
    List(ListArgs),
    /// One ticket with its messages.
    Show(ShowArgs),
    /// Open a conversation for a customer: in its Slack channel, or internal (triage).
    /// Prints the new number (or the ticket, with --json).
    New(NewArgs),
    /// A command on tickets: status, close, reopen, hold, assign, tag, snooze, unsnooze,
    /// title, follow, unfollow, type, field, collaborator, priority (prio), reply, note,
    /// approval, approvals, files, download. `triage close 1042 1043`, `triage assign 1042 me`, `triage tag '#1042' +Bug`,
    /// `triage reply 1042 --body-file -`. Each takes `--help`.
    #[command(external_subcommand)]
    Run(Vec<String>),
    /// Write the conversations (or Thena requests) created from --from to --to, with the
    /// Thena export's column names, to stdout or a file.
    Export(ExportArgs),
}

#[derive(Debug, Args, Clone)]
pub struct ExportArgs {
    #[arg(long, value_enum, default_value_t = ExportFormat::Csv)]
    pub format: ExportFormat,
    /// Write here instead of stdout.
    #[arg(long)]
    pub output: Option<std::path::PathBuf>,
}

#[derive(Debug, Args, Clone, Default)]
pub struct ListArgs {
    /// A saved view of config.toml (or a default one: Mine, Unassigned, Breaching, Snoozed,
    /// All open, All), by name (fuzzy).
    #[arg(long)]
    pub view: Option<String>,
    /// open, in_progress, on_hold or closed.
    #[arg(long)]
    pub status: Option<String>,
    /// An agent's name (fuzzy), me or none.
    #[arg(long)]
    pub assignee: Option<String>,
    /// Customers whose name holds this (case-insensitive).
    #[arg(long)]
    pub customer: Option<String>,
    /// A tag's name.
    #[arg(long)]
    pub tag: Option<String>,
    /// Stop after this many.
    #[arg(long)]
    pub limit: Option<usize>,
    /// JSON (an array), optionally only these fields: --json=number,title,status.
    #[arg(long, num_args = 0..=1, require_equals = true, default_missing_value = "", value_name = "FIELDS")]
    pub json: Option<String>,
    /// One JSON object per line.
    #[arg(long)]
    pub jsonl: bool,
}

#[derive(Debug, Args, Clone)]
pub struct ShowArgs {
    /// A number (1042 or #1042) or a conversation id.
    pub ticket: String,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args, Clone)]
#[command(group(clap::ArgGroup::new("text").required(true).args(["body", "body_file"])))]
pub struct NewArgs {
    /// The customer's name (fuzzy, never a guess between two).
    #[arg(long)]
    pub customer: String,
    #[arg(long)]
    pub title: String,
    /// The first message (markdown).
    #[arg(long)]
    pub body: Option<String>,
    /// The first message from a file, or - for stdin.
    #[arg(long, value_name = "FILE")]
    pub body_file: Option<String>,
    /// slack: in the customer's channel; triage: internal only, in its triage channel.
    #[arg(long = "type", value_enum, default_value_t = NewKind::Slack)]
    pub kind: NewKind,
    /// An agent's name (fuzzy), me or none.
    #[arg(long)]
    pub assign: Option<String>,
    /// low, medium, high, critical (or 3, 5, 7, 9).
    #[arg(long)]
    pub priority: Option<String>,
    /// A ticket type's name (fuzzy); its required fields must come with --field.
    #[arg(long, value_name = "NAME")]
    pub ticket_type: Option<String>,
    /// A field of the ticket type, LABEL=VALUE (repeatable).
    #[arg(long = "field", value_name = "LABEL=VALUE")]
    pub fields: Vec<String>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum NewKind {
    Slack,
    Triage,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    Csv,
    Json,
    Jsonl,
}

#[derive(Debug, Args, Clone)]
pub struct StatsArgs {
    /// Length of the window in days.
    #[arg(long, default_value_t = 30)]
    pub days: i64,
    /// Bucket size.
    #[arg(long, value_enum, default_value_t = GrainArg::Day)]
    pub grain: GrainArg,
    /// Last day of the window (YYYY-MM-DD); today when omitted.
    #[arg(long)]
    pub end: Option<jiff::civil::Date>,
    /// Working-hours variants of the time metrics.
    #[arg(long)]
    pub working: bool,
    /// JSON instead of text.
    #[arg(long)]
    pub json: bool,
    /// One line for a status bar instead of the panels: `{open} open · {breaching} breaching
    /// · {sla}% in SLA`. Placeholders: {open} {in_progress} {on_hold} (that status exactly),
    /// {active} (not closed), {mine}, {unassigned}, {breaching}, {sla} (percent of the last
    /// 30 days first answered within the reply SLA), {created_today}, {resolved_today}.
    /// From the console's last count in the offline cache when it is under 3 minutes old.
    #[arg(long)]
    pub format: Option<String>,
    /// With --format: count from the server now, not from the cache.
    #[arg(long)]
    pub refresh: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum GrainArg {
    Day,
    Week,
    Month,
}

#[derive(Debug, Args, Clone)]
pub struct DemoArgs {
    #[command(flatten)]
    pub data: SimDataArgs,
}

#[derive(Debug, Args, Clone)]
pub struct SimArgs {
    /// Address to listen on (port 0 picks a free one).
    #[arg(long, default_value = "127.0.0.1:8787")]
    pub addr: SocketAddr,
    #[command(flatten)]
    pub data: SimDataArgs,
    /// Accept only this key (as X-Api-Key and as Thena's Bearer token); any non-empty key otherwise.
    #[arg(long)]
    pub api_key: Option<String>,
    /// Answer this share of requests (0.0-1.0) with a server error.
    #[arg(long, default_value_t = 0.0)]
    pub fail_rate: f64,
    /// Allow this many requests per second, then answer 429 with Retry-After.
    #[arg(long)]
    pub rate_limit: Option<f64>,
    /// The shape of the Thena export.
    #[arg(long, value_enum, default_value_t = ThenaStyle::Seed)]
    pub thena_style: ThenaStyle,
    /// Put terminal attacks (escape sequences, bidi, invisibles) into the data.
    #[arg(long)]
    pub hostile: bool,
}

/// The simulated workspace: shared by `sim` and `demo`.
#[derive(Debug, Args, Clone)]
pub struct SimDataArgs {
    /// How many conversations to generate.
    #[arg(long, default_value_t = 2000)]
    pub conversations: usize,
    /// Seed of the generated dataset (same seed, same data).
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Delay every answer by this many milliseconds.
    #[arg(long, default_value_t = 0)]
    pub latency_ms: u64,
}

#[derive(Debug, Subcommand, Clone)]
pub enum ConfigCommand {
    /// Print where the config file is read from.
    Path,
    /// Write the commented example config there (never over an existing file without --force).
    Init {
        #[arg(long)]
        force: bool,
    },
}
