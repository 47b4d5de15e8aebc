//! triage: a keyboard-driven terminal console for support teams.
#![forbid(unsafe_code)]

pub mod api;
pub mod app;
pub mod cache;
pub mod calendar;
pub mod cli;
pub mod commands;
pub mod config;
pub mod connect;
pub mod console;
pub mod desk;
pub mod drafts;
pub mod export;
pub mod history;
pub mod logging;
pub mod scripting;
pub mod sim;
pub mod stats;
pub mod stats_line;
pub mod support;
pub mod ui;
pub mod worker;
