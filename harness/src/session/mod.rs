//! A run as a library session: options in, events out (DESIGN "Layout and pipeline").
//!
//! `select` reads the pages and picks the examples, `example` takes one through plan, replay,
//! judge and snapshot, `drive` orchestrates and tells each step as an [`Event`].

mod drive;
mod event;
mod example;
mod options;
mod select;

pub use drive::{Run, RunError, Stop, run};
pub use event::{
    End, Event, ExampleResult, Outcome, PageError, Reason, SentRequest, Started, Summary,
    Unreferenced,
};
pub use options::{RunOptions, project_root};
