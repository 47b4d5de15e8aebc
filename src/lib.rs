//! triage: a keyboard-driven terminal console for support teams.
#![forbid(unsafe_code)]

pub mod api;
pub mod cli;
pub mod commands;
pub mod sanitize;
pub mod sim;
pub mod desk;
pub mod worker;
pub mod app;
pub mod ui;
pub mod console;
