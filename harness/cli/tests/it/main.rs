//! exemplar's integration tests: one binary, one module per area.
#![expect(
    clippy::unwrap_used,
    reason = "test helpers fail loudly on broken fixtures"
)]

mod abuse;
mod auth;
mod browser;
mod browser_overview;
mod cli;
mod corpus;
mod coverage;
mod coverage_changed;
mod coverage_forms;
mod doc;
mod docset;
mod exits;
mod export;
mod fault_suite;
mod faults;
mod fix;
mod fix_order;
mod fix_safety;
mod github;
mod html_overview;
mod html_report;
mod lint_config;
mod lint_fix;
mod merge_paths;
mod network;
mod operations;
mod page_versions;
mod private;
mod read_once;
mod readme;
mod replay;
mod report_files;
mod resource_types;
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
mod table_csdl;
mod throttle;
