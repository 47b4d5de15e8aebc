//! The clients, the sync and the worker's pages against the simulator on 127.0.0.1:0. One
//! binary, so the crate is linked once for all of them.

#[path = "../common/mod.rs"]
mod common;

mod loop_headless;
mod sim_reference;
mod sync;
mod sync_integrity;
mod ticket_console;
mod ticket_work;
mod wire_errors;
mod wire_shapes;
mod wire_thena_reporting;
mod wire_unthread;
