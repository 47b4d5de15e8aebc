//! The shell: the command line (clap), which subcommand runs, how a profile connects, and the
//! headless commands (scripting, stats, export). The only floor that wires the others.

pub mod cli;
pub mod connect;
pub mod dispatch;
pub mod export;
pub mod scripting;
pub mod stats;
pub mod stats_line;
