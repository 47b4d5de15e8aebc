//! triage: a keyboard-driven terminal console for support teams.
#![forbid(unsafe_code)]

pub mod api;
pub mod cli;
pub mod commands;
pub mod sanitize;
pub mod sim;
