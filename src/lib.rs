//! triage: a keyboard-driven terminal console for support teams.
//!
//! Each folder is a floor of DESIGN.md, top to bottom; a module uses only its own floor and
//! the floors below (`tests/pure/layers.rs` reads the folders and fails on an arrow up).
#![forbid(unsafe_code)]

pub mod api;
pub mod command;
pub mod config;
pub mod console;
pub mod desk;
pub mod shell;
pub mod sim;
pub mod state;
pub mod store;
pub mod support;
pub mod ui;
pub mod worker;
