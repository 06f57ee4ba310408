//! A run as a library session: options in, events out (DESIGN "Layout and pipeline").
//!
//! `run` starts a session and hands back its events, `select` reads the pages and picks the
//! examples, `example` takes one through plan, replay, judge and snapshot, `drive` orchestrates
//! (`dispatch` runs the scenarios and pages under `--jobs`), and `sink` tells each step as an
//! [`Event`]. `context` holds what they share (the run's context, the stop handle, a page read)
//! and imports nothing else of the session, so the parts depend on it and never on each other
//! in a circle.

mod context;
mod dispatch;
mod drive;
mod event;
mod example;
mod filter;
mod operation;
mod options;
mod partition;
mod run;
mod scenario;
mod select;
mod signed;
mod sink;

pub use context::Stop;
pub(crate) use context::relative_to;
pub use event::{
    End, EndKind, Event, ExampleResult, Exchange, Outcome, PageError, Reason, SentRequest, Started,
    StepFailure, Summary, Unreferenced,
};
pub use exemplar_core::plan::api_version;
pub use filter::{FilterError, Filters};
pub use operation::{Operation, OperationStatus};
pub use options::{RunOptions, project_root};
pub use partition::{Partition, PartitionError, PartitionSpec, page_key_under, shard_of};
pub use run::{Run, RunError, run};
