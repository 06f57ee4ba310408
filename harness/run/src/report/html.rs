//! The HTML report: one self-contained page (style and script inline, nothing fetched) with the
//! totals, a bar of the outcomes, the totals per folder and a timing histogram, filters by
//! outcome and by text, and per example (failures and errors first) its doc `file:line`, the
//! request sent, the documented and the observed body side by side with each mismatch marked at
//! its pointer (bodies over 64 KiB cut, with a note), the snapshot diff and the time taken; with
//! `--metadata`, the coverage of the service's operations. Written when the run finishes.
//!
//! The results go into the page as JSON in a `<script type="application/json">` (every `<`
//! escaped, so no text from a doc or a server can close it); the script renders them with
//! `textContent` only, and an example's details only when it is opened, so a page of thousands
//! of examples loads at once.

mod coverage;
mod cut;
mod data;
mod overview;
mod pretty;
#[cfg(test)]
mod tests;

use std::io::{self, Write};

use super::Reporter;
use super::collect::{Collected, Collector};
use crate::session::Event;
use exemplar_core::secret::Redactor;

const TEMPLATE: &str = include_str!("html/page.html");
const STYLE: &str = include_str!("html/page.css");
const SCRIPT: &str = include_str!("html/page.js");

/// Collects a run's results and writes them as one HTML page when it finishes.
pub struct Html<W: Write> {
    out: W,
    redactor: Redactor,
    collector: Collector,
    coverage: Option<coverage::Source>,
}

impl<W: Write> Html<W> {
    /// A reporter writing to `out`.
    pub fn new(out: W, redactor: Redactor) -> Html<W> {
        Html {
            out,
            redactor,
            collector: Collector::new(),
            coverage: None,
        }
    }

    /// With a coverage section when `options` give `--metadata` (DESIGN §11): the CSDLs and
    /// pages are read now, the coverage computed with the run's outcomes when it finishes.
    pub fn with_coverage(
        mut self,
        options: &crate::RunOptions,
    ) -> Result<Html<W>, crate::metadata::MetadataFailure> {
        self.coverage = coverage::Source::load(options)?;
        Ok(self)
    }

    /// The writer, once the run has finished.
    pub fn into_inner(self) -> W {
        self.out
    }
}

impl<W: Write> Reporter for Html<W> {
    fn event(&mut self, event: &Event) -> io::Result<()> {
        if let Some(run) = self.collector.event(event) {
            let page = render(&run, &self.redactor, self.coverage.as_ref())?;
            self.out.write_all(page.as_bytes())?;
            self.out.flush()?;
        }
        Ok(())
    }
}

/// The page: the template with the style, the script and the run's data (scrubbed) filled in.
fn render(
    run: &Collected<'_>,
    redactor: &Redactor,
    coverage: Option<&coverage::Source>,
) -> io::Result<String> {
    let json = serde_json::to_string(&data::Data::new(run, redactor, coverage))?;
    let json = embedded(&redactor.scrub(&json));
    let summary = run.summary;
    let title = format!(
        "exemplar: {} passed, {} failed, {} skipped, {} errors",
        summary.passed, summary.failed, summary.skipped, summary.errors
    );
    Ok(TEMPLATE
        .replace("{{title}}", &escape(&title))
        .replace("{{style}}", STYLE)
        .replace("{{script}}", SCRIPT)
        .replace("{{data}}", &json))
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
