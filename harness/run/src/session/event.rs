//! What a run tells its reporters, in the order things happen: it started (with the selection's
//! size), a page could not be read, an example finished, a snapshot is unreferenced, it finished
//! (with the totals). Plain data; reporters render it.

use std::path::PathBuf;
use std::time::Duration;

use serde::{Deserialize, Serialize, Serializer};
use serde_json::Value;

use crate::error::{
    EXIT_FAILED, EXIT_INTERRUPTED, EXIT_NOTHING_SELECTED, EXIT_OK, EXIT_UNREACHABLE,
};
use crate::replay::ReplayError;
use crate::snapshot;
use exemplar_core::compare::Mismatch;
use exemplar_core::discover::ReadError;
use exemplar_core::model::Diagnostic;
use exemplar_core::plan::Skip;

mod end;
mod exchange;
mod record;

pub use end::{End, EndKind};
pub use exchange::Exchange;

/// One thing that happened in a run.
#[derive(Debug)]
pub enum Event {
    /// The selection is known and requests are about to be sent.
    Started(Started),
    /// A page could not be read; the run goes on without it.
    PageFailed(PageError),
    /// An example finished.
    Example(Box<ExampleResult>),
    /// A scenario's teardown step failed; the examples' outcomes stand (DESIGN §3).
    Teardown(StepFailure),
    /// A stored snapshot that no example refers to any more (removed with `--prune`).
    Unreferenced(Unreferenced),
    /// The run ended; nothing follows.
    Finished(Summary),
}

/// The start of a run.
#[derive(Debug, Clone)]
pub struct Started {
    /// The target as shown: no user, password or query, which may hold credentials.
    pub target: String,
    /// The target is the built-in mock of the docs read.
    pub mock: bool,
    /// Examples selected to run.
    pub examples: usize,
    /// Pages those examples come from.
    pub pages: usize,
    /// The proxy requests go through, as shown (no credentials).
    pub proxy: Option<String>,
}

/// A page that could not be read as a doc.
#[derive(Debug, thiserror::Error)]
pub enum PageError {
    /// The file system refused it (missing, permission denied, a folder named `x.md`).
    #[error(transparent)]
    Unreadable(#[from] ReadError),
    /// It is not a doc exemplar can read: binary, not UTF-8, too large.
    #[error("{}: {} [{}]", .0.file, .0.message, .0.code)]
    Rejected(Diagnostic),
    /// Read back from a JSON report (`report merge`): the page and why, as the run said them.
    #[error("{file}: {reason}")]
    Reported {
        /// The page as shown.
        file: String,
        /// Why it could not be read.
        reason: String,
    },
}

impl PageError {
    /// The page as shown: the path given or found, or the doc path of a rejected page.
    pub fn file(&self) -> String {
        match self {
            PageError::Unreadable(error) => error.path.display().to_string(),
            PageError::Rejected(diagnostic) => diagnostic.file.clone(),
            PageError::Reported { file, .. } => file.clone(),
        }
    }

    /// Why, without the page's name.
    pub fn reason(&self) -> String {
        match self {
            PageError::Unreadable(error) => format!("cannot read the page: {}", error.error),
            PageError::Rejected(d) => format!("{} [{}]", d.message, d.code),
            PageError::Reported { reason, .. } => reason.clone(),
        }
    }
}

/// How one example ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// The server answered as documented.
    Passed,
    /// The answer differs from the docs or from its snapshot.
    Failed,
    /// Not sent; the reason says why.
    Skipped,
    /// Sent, but no answer could be judged (timeout, body too large, a snapshot not readable).
    Error,
}

/// Why an example did not pass.
#[derive(Debug, Clone, PartialEq)]
pub enum Reason {
    /// It was not sent.
    Skipped(Skip),
    /// The answer differs: so many mismatches, and the snapshot's verdict when it fails too.
    Failed {
        /// Mismatches against the docs.
        mismatches: usize,
        /// The snapshot check failed too.
        snapshot: Option<snapshot::Failure>,
    },
    /// No answer could be had.
    Replay(ReplayError),
    /// The answer was as documented, but the operation it started did not succeed.
    Operation(super::operation::Operation),
    /// The snapshot store could not be read or written.
    Snapshot {
        /// The snapshot file.
        path: PathBuf,
        /// What the file system said.
        message: String,
    },
    /// The documented response body cannot be read as the JSON it should be: nothing to judge
    /// an answer against (lint's `invalid-body` at that response).
    UnreadableBody {
        /// The response block's line.
        line: u32,
    },
    /// Read back from a JSON report (`report merge`): the reason as the run said it.
    Reported(String),
}

impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Reason::Skipped(skip) => skip.fmt(f),
            Reason::Failed {
                mismatches: 0,
                snapshot: Some(why),
            } => why.fmt(f),
            Reason::Failed {
                mismatches,
                snapshot,
            } => {
                let plural = if *mismatches == 1 { "" } else { "es" };
                write!(f, "{mismatches} mismatch{plural}")?;
                snapshot.as_ref().map_or(Ok(()), |why| write!(f, "; {why}"))
            }
            Reason::Replay(error) => error.fmt(f),
            Reason::Operation(operation) => operation.fmt(f),
            Reason::Snapshot { path, message } => {
                write!(f, "snapshot {}: {message}", path.display())
            }
            Reason::UnreadableBody { line } => write!(
                f,
                "the documented response (line {line}) has a body that is not the JSON its \
                 Content-Type promises: fix the lint error `invalid-body` there"
            ),
            Reason::Reported(text) => f.write_str(text),
        }
    }
}

/// A request as sent, for the report: secrets already replaced by `[redacted]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentRequest {
    /// Method.
    pub method: String,
    /// Path and query relative to the target.
    pub target: String,
    /// Headers as sent (secrets redacted).
    pub headers: Vec<(String, String)>,
    /// The body as sent, as text (bytes that are not UTF-8 are replaced); reports scrub it.
    pub body: Option<String>,
}

/// What happened to one example. Serialised, it is a line of the JSON report, and read back
/// by `report merge`: what the other reports need is written too (fields an older report lacks
/// read as empty).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExampleResult {
    /// Doc file, as shown.
    pub file: String,
    /// Line of the request's opening fence.
    pub line: u32,
    /// Example name.
    pub name: Option<String>,
    /// The outcome.
    pub outcome: Outcome,
    /// Why it did not pass.
    #[serde(serialize_with = "displayed", deserialize_with = "record::reported")]
    pub reason: Option<Reason>,
    /// Every difference found.
    pub mismatches: Vec<Mismatch>,
    /// The request sent, if one was.
    #[serde(default)]
    pub request: Option<SentRequest>,
    /// Documented and observed JSON bodies after normalisation, when they differ.
    #[serde(default)]
    pub bodies: Option<(Value, Value)>,
    /// What the snapshot check found.
    pub snapshot: snapshot::Status,
    /// The stored and the new snapshot content, when they differ.
    #[serde(default)]
    pub snapshot_change: Option<(String, String)>,
    /// How the operation a `202 Accepted` started ended, when it was followed.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub operation: Option<super::operation::Operation>,
    /// Time spent on the example.
    #[serde(rename = "duration_ms", with = "record::millis", default)]
    pub duration: Duration,
    /// Where it stands in the selection: page, then example; reports sort by it. The page is
    /// counted over every page read, so the shards of one doc set agree on it.
    #[serde(default)]
    pub order: (usize, usize),
    /// The scenario it ran in (`[[scenario]]`), if any.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub scenario: Option<String>,
    /// A failure `--fix` can mend: the example and the answer (kept in memory, never written).
    #[serde(skip)]
    pub fix: Option<Box<crate::fix::Answer>>,
    /// `--fix` would mend the docs of this failure (reports say so; `report merge` reads it).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub fixable: bool,
    /// The answer on the wire and its timing, kept when the run records exchanges (HAR).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub exchange: Option<Exchange>,
}

/// A scenario step that failed outside the examples under test: a teardown step. Serialised,
/// it is a line of the JSON report (with `"step": "teardown"`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StepFailure {
    /// The scenario.
    pub scenario: String,
    /// `teardown`.
    pub step: &'static str,
    /// The step's doc file, as shown.
    pub file: String,
    /// Line of its request's fence.
    pub line: u32,
    /// The step's example name.
    pub name: String,
    /// Always `failed`.
    pub outcome: Outcome,
    /// What went wrong.
    pub reason: String,
    /// Where it stands among the results: after its scenario's examples.
    #[serde(skip)]
    pub order: (usize, usize),
}

fn displayed<S: Serializer>(reason: &Option<Reason>, s: S) -> Result<S::Ok, S::Error> {
    match reason {
        Some(reason) => s.collect_str(reason),
        None => s.serialize_none(),
    }
}

/// A snapshot no example of the run refers to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreferenced {
    /// The `.snap` file.
    pub path: PathBuf,
    /// It was removed (`--prune`, outside CI).
    pub removed: bool,
    /// Running in CI, where nothing is removed.
    pub ci: bool,
}

/// The totals of a run.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// Examples selected to run.
    pub selected: usize,
    /// Examples that passed.
    pub passed: usize,
    /// Examples that failed.
    pub failed: usize,
    /// Examples skipped.
    pub skipped: usize,
    /// Examples that could not be judged.
    pub errors: usize,
    /// Pages that could not be read.
    pub pages_failed: usize,
    /// Scenario teardown steps that failed (they fail the run, not an example).
    pub teardown_failed: usize,
    /// How the run ended.
    pub end: End,
    /// The run selected by `--changed-since`.
    pub changed_since: bool,
    /// Configured ignore selectors that picked no value in any body (a typo, or a selector
    /// written from the response rather than from its body: `.body.id` for `.id`).
    pub unused_ignores: Vec<String>,
    /// Wall-clock time of the run.
    pub duration: Duration,
    /// The shard this run is (`--partition`), when it is one.
    pub partition: Option<super::partition::Partition>,
    /// Examples the other shards run (none of them is this run's).
    pub elsewhere: usize,
    /// How often the target throttled the run (429, 503) and how long it held it back.
    pub throttled: crate::Throttled,
}

impl Default for Summary {
    fn default() -> Summary {
        Summary::new(0, false)
    }
}

impl Summary {
    /// An empty summary of a run that selected `selected` examples.
    pub(crate) fn new(selected: usize, changed_since: bool) -> Summary {
        Summary {
            selected,
            passed: 0,
            failed: 0,
            skipped: 0,
            errors: 0,
            pages_failed: 0,
            teardown_failed: 0,
            end: End::Completed,
            changed_since,
            unused_ignores: Vec::new(),
            duration: Duration::ZERO,
            partition: None,
            elsewhere: 0,
            throttled: crate::Throttled::default(),
        }
    }

    /// Counts one finished example.
    pub(crate) fn count(&mut self, outcome: Outcome) {
        *match outcome {
            Outcome::Passed => &mut self.passed,
            Outcome::Failed => &mut self.failed,
            Outcome::Skipped => &mut self.skipped,
            Outcome::Error => &mut self.errors,
        } += 1;
    }

    /// Examples that finished, whatever their outcome.
    pub fn finished(&self) -> usize {
        self.passed + self.failed + self.skipped + self.errors
    }

    /// Nothing was selected, and that is worth failing for (not `--changed-since`).
    pub fn nothing_selected(&self) -> bool {
        self.selected == 0 && self.pages_failed == 0
    }

    /// Examples were selected but every one was skipped: nothing was judged (DESIGN §6).
    pub fn nothing_judged(&self) -> bool {
        self.skipped > 0 && self.passed + self.failed + self.errors == 0
    }

    /// The process exit code for this end (DESIGN §6).
    pub fn exit_code(&self) -> u8 {
        match &self.end {
            End::Interrupted => EXIT_INTERRUPTED,
            End::Unreachable(_) => EXIT_UNREACHABLE,
            End::SignIn(error) => error.exit_code(),
            // An empty shard is not a wrong path: the other shards hold the examples.
            End::Completed
                if self.nothing_selected() && !self.changed_since && self.elsewhere == 0 =>
            {
                EXIT_NOTHING_SELECTED
            }
            End::Completed
                if self.failed + self.errors + self.pages_failed + self.teardown_failed > 0 =>
            {
                EXIT_FAILED
            }
            End::Completed if self.nothing_judged() => EXIT_NOTHING_SELECTED,
            End::Completed => EXIT_OK,
        }
    }
}

#[cfg(test)]
mod tests;
