//! The ground floor: helpers every layer may use. Nothing here imports the rest of the crate.

pub mod calendar;
pub mod child;
pub mod fault;
pub mod files;
pub mod fuzzy;
pub mod json;
pub mod logging;
pub mod memory;
pub mod notify;
pub mod pages;
pub mod placeholders;
pub mod sanitize;
pub mod shared;
pub mod text;
