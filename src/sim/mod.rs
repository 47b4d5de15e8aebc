//! The simulator: Unthread under `/api` and Thena's export under `/v1`, over one generated
//! dataset, behaving like the real services (API-NOTES) rather than like our client.

mod dataset;
pub mod db;
mod error;
pub mod faults;
pub mod hostile;
mod ids;
mod injected;
mod markdown;
pub mod model;
pub mod query;
mod records;
mod reporting;
mod routes;
mod server;
mod thena;
mod threads;
mod vocabulary;
pub mod work;

pub use dataset::{DatasetSpec, generate, working_seconds};
pub use faults::{Fault, FaultRule, Faults};
pub use reporting::NO_VALUE_KEY;
pub use server::{LoggedRequest, SimOptions, SimState, Simulator};
pub use thena::{ThenaStyle, urgency};
