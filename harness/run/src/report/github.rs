//! `--format github`: GitHub Actions workflow commands (`::error file=…,line=…,title=…::…`) for
//! each failed example and each lint finding, and a markdown job summary (totals, then the
//! failures with their `file:line` and first mismatch) for `$GITHUB_STEP_SUMMARY`.

use std::io::{self, Write};

use super::Reporter;
use crate::session::{Event, ExampleResult, Outcome, Summary};
use exemplar_core::model::Diagnostic;
use exemplar_core::secret::Redactor;

/// Failures listed in the job summary at most; the rest are counted.
const SUMMARY_ROWS: usize = 50;

/// Maps a doc file as a report shows it (relative to its PATHS argument) to the path GitHub
/// knows it by (relative to the repository).
pub type Locate = Box<dyn Fn(&str) -> String>;

/// Writes workflow commands to `out` as examples fail, and the job summary to `summary`.
pub struct Github<'a> {
    out: Box<dyn Write + 'a>,
    summary: Option<Box<dyn Write + 'a>>,
    redactor: Redactor,
    locate: Locate,
    failures: Vec<ExampleResult>,
}

impl<'a> Github<'a> {
    /// A reporter writing commands to `out` and, when given, the job summary to `summary`.
    pub fn new(
        out: impl Write + 'a,
        summary: Option<Box<dyn Write + 'a>>,
        redactor: Redactor,
        locate: Locate,
    ) -> Github<'a> {
        Github {
            out: Box::new(out),
            summary,
            redactor,
            locate,
            failures: Vec::new(),
        }
    }

    fn write(&mut self, text: &str) -> io::Result<()> {
        self.out.write_all(self.redactor.scrub(text).as_bytes())?;
        self.out.flush()
    }
}

impl Reporter for Github<'_> {
    fn event(&mut self, event: &Event) -> io::Result<()> {
        match event {
            Event::Example(example) if is_failure(example) => {
                let command = example_command(example, &(self.locate)(&example.file));
                self.failures.push((**example).clone());
                self.write(&command)
            }
            Event::PageFailed(error) => {
                let file = (self.locate)(&error.file());
                self.write(&command(
                    "error",
                    &file,
                    1,
                    None,
                    "page not read",
                    &error.reason(),
                ))
            }
            Event::Finished(summary) => {
                super::in_order(&mut self.failures);
                let text = job_summary(summary, &self.failures, &self.locate);
                if let Some(out) = &mut self.summary {
                    out.write_all(self.redactor.scrub(&text).as_bytes())?;
                    out.flush()?;
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }
}

fn is_failure(example: &ExampleResult) -> bool {
    matches!(example.outcome, Outcome::Failed | Outcome::Error)
}

/// The command of a failed example, at its request line (the line after the opening fence).
fn example_command(example: &ExampleResult, file: &str) -> String {
    let name = example.name.as_deref().unwrap_or("example");
    let reason = example
        .reason
        .as_ref()
        .map(ToString::to_string)
        .unwrap_or_else(|| "failed".to_owned());
    let title = format!("{name}: {reason}");
    let mut message: Vec<String> = example.mismatches.iter().map(|m| m.describe()).collect();
    if message.is_empty() {
        message.push(reason);
    }
    command(
        "error",
        file,
        example.line + 1,
        None,
        &title,
        &message.join("\n"),
    )
}

/// The command of a lint finding: `::error` for errors, `::warning` for warnings.
pub fn diagnostic_command(d: &Diagnostic, file: &str) -> String {
    command(
        d.severity.as_str(),
        file,
        d.line,
        Some(d.column),
        d.code.as_str(),
        &d.message,
    )
}

/// `::level file=…,line=…[,col=…],title=…::message`, every part escaped.
fn command(
    level: &str,
    file: &str,
    line: u32,
    column: Option<u32>,
    title: &str,
    message: &str,
) -> String {
    let column = column.map(|c| format!(",col={c}")).unwrap_or_default();
    format!(
        "::{level} file={},line={line}{column},title={}::{}\n",
        escape_property(file),
        escape_property(title),
        escape_data(message)
    )
}

/// A command's message: `%`, CR and LF escaped, as the runner reads them back.
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A command's property value: as a message, and `:` and `,` too (they end the value).
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// The markdown job summary: the totals, then a row per failure (file:line, example, first
/// mismatch or why).
pub fn job_summary(summary: &Summary, failures: &[ExampleResult], locate: &Locate) -> String {
    let icon = if summary.exit_code() == 0 {
        "✅"
    } else {
        "❌"
    };
    let mut text = format!(
        "## {icon} exemplar: {}\n\n",
        super::human::summary_line(summary, false)
    );
    if summary.pages_failed > 0 {
        text.push_str(&format!(
            "{} page(s) could not be read.\n\n",
            summary.pages_failed
        ));
    }
    if failures.is_empty() {
        return text;
    }
    text.push_str("| | where | example | first mismatch |\n|---|---|---|---|\n");
    for example in failures.iter().take(SUMMARY_ROWS) {
        let label = match example.outcome {
            Outcome::Error => "ERROR",
            _ => "FAIL",
        };
        let first = example.mismatches.first().map_or_else(
            || {
                example
                    .reason
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default()
            },
            |m| m.describe(),
        );
        text.push_str(&format!(
            "| {label} | `{}:{}` | {} | {} |\n",
            locate(&example.file),
            example.line,
            cell(example.name.as_deref().unwrap_or("")),
            cell(&first)
        ));
    }
    if failures.len() > SUMMARY_ROWS {
        text.push_str(&format!(
            "\n… and {} more failures (see the job's log or the reports).\n",
            failures.len() - SUMMARY_ROWS
        ));
    }
    text.push('\n');
    text
}

/// A markdown table cell: on one line, pipes escaped, code spans kept apart from the text.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace(['\r', '\n'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_escape_what_the_runner_would_read_as_syntax() {
        assert_eq!(escape_data("100% done\r\nnext"), "100%25 done%0D%0Anext");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
        assert_eq!(
            command("error", "docs/a,b.md", 7, Some(2), "t: x", "m1\nm2"),
            "::error file=docs/a%2Cb.md,line=7,col=2,title=t%3A x::m1%0Am2\n"
        );
    }
}
