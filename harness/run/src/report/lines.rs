//! The JSON report: one object per example (`file`, `line`, `name`, `outcome`, `reason`,
//! `mismatches`, `snapshot`, and what the other reports need: `request`, `bodies`,
//! `snapshot_change`, `duration_ms`), in the order of the selection, then one `{"run": …}` line
//! with the run's totals and shard, so `report merge` can tell complete, duplicated and missing
//! shards. Written when the run finishes.

use std::io::{self, Write};

use serde::{Deserialize, Serialize};

use super::Reporter;
use crate::session::{End, Event, ExampleResult, StepFailure, Summary};
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
    /// `completed`, `interrupted`, `unreachable` or `sign-in` (the sign-in failed).
    pub end: String,
    /// Why the run stopped early, when it did.
    pub message: Option<String>,
    /// The run's exit code.
    pub exit_code: u8,
    /// Interrupted (Ctrl-C): examples were left out.
    pub interrupted: bool,
    /// Wall-clock time of the run.
    pub duration_ms: f64,
}

impl RunRecord {
    /// The record of the run `summary` ends.
    pub fn of(summary: &Summary) -> RunRecord {
        let (end, message) = match &summary.end {
            End::Completed => ("completed", None),
            End::Interrupted => ("interrupted", None),
            End::Unreachable(error) => ("unreachable", Some(error.to_string())),
            End::SignIn(error) => ("sign-in", Some(error.to_string())),
        };
        RunRecord {
            run: RunTotals {
                partition: summary.partition.map(|p| p.to_string()),
                selected: summary.selected,
                passed: summary.passed,
                failed: summary.failed,
                skipped: summary.skipped,
                errors: summary.errors,
                pages_failed: summary.pages_failed,
                end: end.to_owned(),
                message,
                exit_code: summary.exit_code(),
                interrupted: summary.end == End::Interrupted,
                duration_ms: summary.duration.as_secs_f64() * 1000.0,
            },
        }
    }
}

/// Collects a run's results and writes them as JSON Lines when it finishes.
pub struct JsonLines<W: Write> {
    out: W,
    redactor: Redactor,
    results: Vec<ExampleResult>,
    /// A record per page that could not be read, written first.
    pages: Vec<serde_json::Value>,
    /// A record per scenario teardown step that failed, written after the examples.
    teardowns: Vec<StepFailure>,
}

impl<W: Write> JsonLines<W> {
    /// A reporter writing to `out`.
    pub fn new(out: W, redactor: Redactor) -> JsonLines<W> {
        JsonLines {
            out,
            redactor,
            results: Vec::new(),
            pages: Vec::new(),
            teardowns: Vec::new(),
        }
    }

    /// The writer, once the run has finished.
    pub fn into_inner(self) -> W {
        self.out
    }
}

impl<W: Write> Reporter for JsonLines<W> {
    fn event(&mut self, event: &Event) -> io::Result<()> {
        match event {
            Event::Example(result) => self.results.push((**result).clone()),
            Event::Teardown(step) => self.teardowns.push(step.clone()),
            // A page that could not be read is an error of that page, with the fields of an
            // example's record, so every consumer of the report sees it.
            Event::PageFailed(error) => self.pages.push(serde_json::json!({
                "file": error.file(),
                "line": 1,
                "name": null,
                "outcome": "error",
                "reason": error.reason(),
                "mismatches": [],
                "snapshot": "off",
                "page": true,
            })),
            Event::Finished(summary) => {
                super::in_order(&mut self.results);
                let mut text = String::new();
                for page in &self.pages {
                    text.push_str(&page.to_string());
                    text.push('\n');
                }
                for result in &self.results {
                    text.push_str(&serde_json::to_string(result)?);
                    text.push('\n');
                }
                self.teardowns.sort_by_key(|t| t.order);
                for step in &self.teardowns {
                    // The fields of an example's record too, so every consumer can read it.
                    let mut record = serde_json::to_value(step)?;
                    record["mismatches"] = serde_json::json!([]);
                    record["snapshot"] = "off".into();
                    text.push_str(&record.to_string());
                    text.push('\n');
                }
                text.push_str(&serde_json::to_string(&RunRecord::of(summary))?);
                text.push('\n');
                self.out.write_all(self.redactor.scrub(&text).as_bytes())?;
                self.out.flush()?;
            }
            _ => {}
        }
        Ok(())
    }
}
