//! The JSON report: one object per example (`file`, `line`, `name`, `outcome`, `reason`,
//! `mismatches`, `snapshot`), in the order of the selection, written when the run finishes.

use std::io::{self, Write};

use super::Reporter;
use crate::secret::Redactor;
use crate::session::{Event, ExampleResult, StepFailure};

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
            })),
            Event::Finished(_) => {
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
                self.out.write_all(self.redactor.scrub(&text).as_bytes())?;
                self.out.flush()?;
            }
            _ => {}
        }
        Ok(())
    }
}
