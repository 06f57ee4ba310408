//! Reporters: events or data in, text out to any `impl Write`. Nothing here decides an outcome;
//! every reporter scrubs secrets from what it writes.

pub mod actions;
pub mod annotate;
mod collect;
pub mod diagnostics;
mod fanout;
mod file;
pub mod github;
pub mod har;
mod html;
mod human;
mod junit;
mod lines;
pub mod list;
pub mod merge;
pub mod progress;
mod slowest;

pub use collect::{Collected, Collector, PageFailure};
pub use fanout::{OpenError, Outputs, Reporters, WriteError};
pub use file::{ReportFile, names_stdout};
pub use github::Github;
pub use har::Har;
pub use html::Html;
pub use human::{Human, Style, diff};
pub use junit::Junit;
pub use lines::{JsonLines, PathOf, Paths, RunRecord, RunTotals};
pub use slowest::{LONG_RUN, Slowest};

use crate::session::Event;

/// A consumer of a run's events.
pub trait Reporter {
    /// Takes one event, as it happens.
    fn event(&mut self, event: &Event) -> std::io::Result<()>;
}

/// Results in the order of the selection (page, then example), however they finished.
fn in_order(results: &mut [crate::session::ExampleResult]) {
    results.sort_by_key(|r| r.order);
}
