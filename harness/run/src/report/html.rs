//! The HTML report: one self-contained page (style and script inline, nothing fetched) with the
//! totals, filters by outcome and by text, and per example its doc `file:line`, the request sent,
//! the documented and the observed body side by side with each mismatch marked at its pointer,
//! the snapshot diff and the time taken. Written when the run finishes.
//!
//! The results go into the page as JSON in a `<script type="application/json">` (every `<`
//! escaped, so no text from a doc or a server can close it); the script renders them with
//! `textContent` only, and an example's details only when it is opened, so a page of thousands
//! of examples loads at once.

mod data;
mod pretty;
#[cfg(test)]
mod tests;

use std::io::{self, Write};

use super::Reporter;
use crate::session::{Event, ExampleResult, Started, StepFailure, Summary, Unreferenced};
use exemplar_core::secret::Redactor;

const TEMPLATE: &str = include_str!("html/page.html");
const STYLE: &str = include_str!("html/page.css");
const SCRIPT: &str = include_str!("html/page.js");

/// Collects a run's results and writes them as one HTML page when it finishes.
pub struct Html<W: Write> {
    out: W,
    redactor: Redactor,
    started: Option<Started>,
    results: Vec<ExampleResult>,
    /// Pages that could not be read: file and reason.
    pages: Vec<(String, String)>,
    unreferenced: Vec<Unreferenced>,
    /// Scenario teardown steps that failed.
    teardowns: Vec<StepFailure>,
}

impl<W: Write> Html<W> {
    /// A reporter writing to `out`.
    pub fn new(out: W, redactor: Redactor) -> Html<W> {
        Html {
            out,
            redactor,
            started: None,
            results: Vec::new(),
            pages: Vec::new(),
            unreferenced: Vec::new(),
            teardowns: Vec::new(),
        }
    }

    /// The writer, once the run has finished.
    pub fn into_inner(self) -> W {
        self.out
    }

    fn write(&mut self, summary: &Summary) -> io::Result<()> {
        super::in_order(&mut self.results);
        let data = data::Data::new(
            self.started.as_ref(),
            summary,
            &self.pages,
            &self.unreferenced,
            &self.teardowns,
            &self.results,
        );
        let json = serde_json::to_string(&data)?;
        let json = embedded(&self.redactor.scrub(&json));
        let title = format!(
            "exemplar: {} passed, {} failed, {} skipped, {} errors",
            summary.passed, summary.failed, summary.skipped, summary.errors
        );
        let page = TEMPLATE
            .replace("{{title}}", &escape(&title))
            .replace("{{style}}", STYLE)
            .replace("{{script}}", SCRIPT)
            .replace("{{data}}", &json);
        self.out.write_all(page.as_bytes())?;
        self.out.flush()
    }
}

impl<W: Write> Reporter for Html<W> {
    fn event(&mut self, event: &Event) -> io::Result<()> {
        match event {
            Event::Started(started) => self.started = Some(started.clone()),
            Event::Example(result) => self.results.push((**result).clone()),
            Event::PageFailed(error) => self.pages.push((error.file(), error.reason())),
            Event::Unreferenced(orphan) => self.unreferenced.push(orphan.clone()),
            Event::Teardown(step) => self.teardowns.push(step.clone()),
            Event::Finished(summary) => self.write(summary)?,
        }
        Ok(())
    }
}

/// `text` safe anywhere in HTML text or a quoted attribute.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// JSON text safe inside a `<script>` element: `<`, `>` and `&` only ever occur inside JSON
/// strings, where their `\u` escapes mean the same, so nothing can end the element or open a
/// comment in it.
pub(crate) fn embedded(json: &str) -> String {
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}
