//! Pure tests: `update` and its sub-states, properties, the layer rule. One binary, so the
//! crate is linked once for all of them.

#[path = "../common/mod.rs"]
mod common;

mod composer_update;
mod inbox_merge;
mod inbox_text;
mod layers;
mod metrics_pages;
mod outbox_update;
mod parts;
mod properties;
mod queue_update;
mod request_rate;
mod shape;
mod triage_update;
mod update;
