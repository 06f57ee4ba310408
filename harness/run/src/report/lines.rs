//! The JSON report: one object per example (`file`, `line`, `name`, `outcome`, `reason`,
//! `mismatches`, `snapshot`, and what the other reports need: `request`, `bodies`,
//! `snapshot_change`, `duration_ms`), in the order of the selection, then one `{"run": …}` line
//! with the run's totals and shard, so `report merge` can tell complete, duplicated and missing
//! shards. Written when the run finishes.

use std::io::{self, Write};

use serde::{Deserialize, Serialize};

use super::Reporter;
use super::collect::{Collected, Collector};
use crate::session::{EndKind, Event, Summary};
use exemplar_core::secret::Redactor;

/// The last line of a JSON report: `{"run": {…}}`, how the run that wrote it went.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunRecord {
    /// The run.
    pub run: RunTotals,
}

/// A run's totals and shard, as the JSON report's last line holds them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunTotals {
    /// The shard, `K/N`, when the run was one.
    pub partition: Option<String>,
    /// Examples selected.
    pub selected: usize,
    /// Passed.
    pub passed: usize,
    /// Failed.
    pub failed: usize,
    /// Skipped.
    pub skipped: usize,
    /// Could not be judged.
    pub errors: usize,
    /// Pages that could not be read.
    pub pages_failed: usize,
    /// How the run ended: `completed`, `interrupted`, `unreachable` or `sign-in`.
    pub end: EndKind,
    /// Why the run stopped early, when it did.
    pub message: Option<String>,
    /// The run's exit code.
    pub exit_code: u8,
    /// Interrupted (Ctrl-C): examples were left out.
    pub interrupted: bool,
    /// Wall-clock time of the run.
    pub duration_ms: f64,
    /// Answers 429 or 503 the target throttled the run with (absent when none).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub throttled: u64,
    /// How long those answers held requests back, in milliseconds (absent when none).
    #[serde(default, skip_serializing_if = "is_zero_f64")]
    pub throttle_wait_ms: f64,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

fn is_zero_f64(n: &f64) -> bool {
    *n == 0.0
}

impl RunRecord {
    /// The record of the run `summary` ends.
    pub fn of(summary: &Summary) -> RunRecord {
        RunRecord {
            run: RunTotals {
                partition: summary.partition.map(|p| p.to_string()),
                selected: summary.selected,
                passed: summary.passed,
                failed: summary.failed,
                skipped: summary.skipped,
                errors: summary.errors,
                pages_failed: summary.pages_failed,
                end: summary.end.kind(),
                message: summary.end.message(),
                exit_code: summary.exit_code(),
                interrupted: summary.end.kind() == EndKind::Interrupted,
                duration_ms: summary.duration.as_secs_f64() * 1000.0,
                throttled: summary.throttled.count,
                throttle_wait_ms: summary.throttled.waited.as_secs_f64() * 1000.0,
            },
        }
    }
}

/// Collects a run's results and writes them as JSON Lines when it finishes.
pub struct JsonLines<W: Write> {
    out: W,
    redactor: Redactor,
    collector: Collector,
    paths: Option<Paths>,
}

/// Maps a page as shown to its path under the project root.
pub type Paths = Box<PathOf>;

/// What [`Paths`] boxes.
pub type PathOf = dyn Fn(&str) -> Option<String>;

impl<W: Write> JsonLines<W> {
    /// A reporter writing to `out`.
    pub fn new(out: W, redactor: Redactor) -> JsonLines<W> {
        JsonLines {
            out,
            redactor,
            collector: Collector::new(),
            paths: None,
        }
    }

    /// Records each page's path under the project root as `path` too, mapped by `paths`, so
    /// `report merge` can name pages the same whatever folder the run was given.
    pub fn with_paths(mut self, paths: Paths) -> JsonLines<W> {
        self.paths = Some(paths);
        self
    }

    /// The writer, once the run has finished.
    pub fn into_inner(self) -> W {
        self.out
    }
}

impl<W: Write> Reporter for JsonLines<W> {
    fn event(&mut self, event: &Event) -> io::Result<()> {
        if let Some(run) = self.collector.event(event) {
            let text = render(&run, self.paths.as_deref())?;
            self.out.write_all(self.redactor.scrub(&text).as_bytes())?;
            self.out.flush()?;
        }
        Ok(())
    }
}

/// The report: the pages not read, the examples, the failed teardown steps, then the run line.
fn render(run: &Collected<'_>, paths: Option<&PathOf>) -> io::Result<String> {
    let mut text = String::new();
    let path = |file: &str| paths.and_then(|p| p(file));
    // A page that could not be read is an error of that page, with the fields of an example's
    // record, so every consumer of the report sees it.
    for page in run.pages {
        let mut record = serde_json::json!({
            "file": page.file,
            "line": 1,
            "name": null,
            "outcome": "error",
            "reason": page.reason,
            "mismatches": [],
            "snapshot": "off",
            "page": true,
        });
        if let Some(path) = path(&page.file) {
            record["path"] = path.into();
        }
        text.push_str(&record.to_string());
        text.push('\n');
    }
    let mut last: Option<(&str, Option<String>)> = None;
    for result in run.results {
        text.push_str(&serde_json::to_string(result)?);
        // Results come page by page: each page's path is found once.
        if last.as_ref().is_none_or(|(file, _)| *file != result.file) {
            last = Some((&result.file, path(&result.file)));
        }
        if let Some((_, Some(path))) = &last {
            // Last, after the fields of the record, which keep their order.
            text.pop();
            text.push_str(",\"path\":");
            text.push_str(&serde_json::to_string(&path)?);
            text.push('}');
        }
        text.push('\n');
    }
    for step in run.teardowns {
        // The fields of an example's record too, so every consumer can read it.
        let mut record = serde_json::to_value(step)?;
        record["mismatches"] = serde_json::json!([]);
        record["snapshot"] = "off".into();
        if let Some(path) = path(&step.file) {
            record["path"] = path.into();
        }
        text.push_str(&record.to_string());
        text.push('\n');
    }
    text.push_str(&serde_json::to_string(&RunRecord::of(run.summary))?);
    text.push('\n');
    Ok(text)
}
