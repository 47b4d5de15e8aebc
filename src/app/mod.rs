//! The application: actions, the pure state machine, the key map and the event loop.

pub mod action;
mod editor;
mod effects;
pub mod keymap;
pub mod run;
mod signals;
pub mod state;
pub mod terminal;
