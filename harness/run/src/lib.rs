//! exemplar's run: configuration, sign-in, replay against a target (the only network client),
//! the session that drives a run, the snapshot store and the reports.
//!
//! A run is a session: [`run`] takes [`RunOptions`] and yields [`Event`]s, which reporters
//! ([`report`]) render. The pure stages it drives are in `exemplar-core`, the mock it starts
//! when no target is given in `exemplar-mock`.

// What is `pub` here is what the crate offers; everything else is `pub(crate)`.
#![warn(unreachable_pub)]

pub mod auth;
pub(crate) mod changed;
pub mod config;
pub mod coverage;
pub(crate) mod decode;
pub mod docs;
pub mod error;
pub mod export;
pub mod fix;
pub mod metadata;
pub mod options;
pub(crate) mod proxy;
pub(crate) mod replay;
pub mod report;
pub mod serve;
pub(crate) mod session;
pub mod snapshot;
pub(crate) mod throttle;

pub use changed::GitError;
pub use proxy::proxy_for;
pub use replay::{ReplayError, Replayer, client_builder};
pub use session::{
    End, EndKind, Event, ExampleResult, Exchange, FilterError, Filters, Operation, OperationStatus,
    Outcome, PageError, Reason, Run, RunError, RunOptions, SentRequest, Started, StepFailure, Stop,
    Summary, Unreferenced, api_version, project_root, run,
};
pub use session::{Partition, PartitionError, PartitionSpec, page_key_under, shard_of};
pub use throttle::Throttled;
