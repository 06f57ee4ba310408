//! exemplar's integration tests: one binary, one module per area.
#![expect(
    clippy::unwrap_used,
    reason = "test helpers fail loudly on broken fixtures"
)]

mod auth;
mod browser;
mod cli;
mod corpus;
mod doc;
mod docset;
mod faults;
mod github;
mod html_report;
mod network;
mod operations;
mod private;
mod readme;
mod replay;
mod report_files;
mod run_cli;
mod run_paths;
mod scenario;
mod schema;
mod scopes;
mod secrets;
mod selection;
mod serve;
mod session;
mod shards;
mod simulated;
mod snapshot_files;
mod snapshots;
mod stateful;
mod support;
