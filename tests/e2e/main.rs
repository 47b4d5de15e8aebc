//! The real binary in a pseudo-terminal against the simulator. One binary, so the crate is
//! linked once for all of them.

#[path = "../common/mod.rs"]
mod common;

mod e2e_cache;
mod e2e_cli;
mod e2e_cli_work;
mod e2e_config;
mod e2e_console;
mod e2e_faults;
mod e2e_hostile;
mod e2e_in_flight;
mod e2e_ledger;
mod e2e_metrics;
mod e2e_outbox;
mod e2e_reply;
mod e2e_secrets;
mod e2e_speed;
mod e2e_terminal;
mod e2e_thena;
mod e2e_triage;
mod e2e_trust;
