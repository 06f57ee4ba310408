//! The report of `exemplar run`: for people (failures in detail, a diff of the canonical JSON,
//! the summary line), as JSON Lines, and as JUnit XML. Every renderer scrubs secrets.

use std::io::{self, Write};
use std::time::Duration;

use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};
use serde_json::Value;

use crate::run::{ExampleReport, Outcome, RunReport};
pub use crate::secret::Redactor;

/// How the human report looks.
#[derive(Debug, Clone, Copy, Default)]
pub struct Style {
    /// ANSI colours.
    pub color: bool,
    /// Show durations (off for stable snapshots).
    pub durations: bool,
}

/// Writes the human report: a line per example, failures in detail, the summary line last.
pub fn write_human(
    out: &mut dyn Write,
    report: &RunReport,
    style: Style,
    redactor: &Redactor,
) -> io::Result<()> {
    let mut text = String::new();
    let paint = |code: &str, s: &str| {
        if style.color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_owned()
        }
    };
    for example in &report.examples {
        let (label, code) = match example.outcome {
            Outcome::Passed => ("PASS ", "32"),
            Outcome::Failed => ("FAIL ", "1;31"),
            Outcome::Skipped => ("SKIP ", "33"),
            Outcome::Error => ("ERROR", "1;31"),
        };
        text.push_str(&format!("{} {}", paint(code, label), title(example)));
        if style.durations && example.request.is_some() {
            text.push_str(&format!(" ({})", millis(example.duration)));
        }
        if let (Outcome::Skipped | Outcome::Error | Outcome::Failed, Some(reason)) =
            (example.outcome, &example.reason)
        {
            text.push_str(&format!(": {reason}"));
        }
        text.push('\n');
    }
    let failed: Vec<_> = report
        .examples
        .iter()
        .filter(|e| e.outcome == Outcome::Failed)
        .collect();
    if !failed.is_empty() {
        text.push_str("\nfailures:\n");
        for example in failed {
            failure(&mut text, example, style);
        }
    }
    text.push('\n');
    text.push_str(&summary(report, style.durations));
    text.push('\n');
    out.write_all(redactor.scrub(&text).as_bytes())
}

/// `N passed, N failed, N skipped` (errors count as failed), with the duration when asked.
pub fn summary(report: &RunReport, durations: bool) -> String {
    let failed = report.count(Outcome::Failed) + report.count(Outcome::Error);
    let mut line = format!(
        "{} passed, {failed} failed, {} skipped",
        report.count(Outcome::Passed),
        report.count(Outcome::Skipped)
    );
    if durations {
        line.push_str(&format!(" in {:.2}s", report.duration.as_secs_f64()));
    }
    line
}

fn title(example: &ExampleReport) -> String {
    match &example.name {
        Some(name) => format!("{}:{} {name}", example.file, example.line),
        None => format!("{}:{}", example.file, example.line),
    }
}

fn millis(d: Duration) -> String {
    format!("{} ms", d.as_millis())
}

fn failure(text: &mut String, example: &ExampleReport, style: Style) {
    text.push_str(&format!("\n--- {}\n", title(example)));
    if let Some(request) = &example.request {
        text.push_str(&format!("    {} {}\n", request.method, request.target));
        for (name, value) in &request.headers {
            text.push_str(&format!("    {name}: {value}\n"));
        }
    }
    if !example.mismatches.is_empty() {
        text.push('\n');
    }
    for mismatch in &example.mismatches {
        text.push_str(&format!("    {}\n", mismatch.describe()));
    }
    if let Some((expected, actual)) = &example.bodies {
        let pretty = |v: &Value| serde_json::to_string_pretty(v).unwrap_or_default() + "\n";
        text.push_str(&diff(
            "documented",
            &pretty(expected),
            "observed",
            &pretty(actual),
            style.color,
        ));
    }
    if let Some((old, new)) = &example.snapshot_change {
        let (what, old) = if old.is_empty() {
            ("new snapshot", String::new())
        } else {
            ("snapshot changed", format!("{old}\n"))
        };
        text.push_str(&format!("\n    {what}:\n"));
        text.push_str(&diff(
            "stored snapshot",
            &old,
            "new snapshot",
            &format!("{new}\n"),
            style.color,
        ));
    }
}

/// A unified diff of two texts (canonical JSON: sorted keys, pretty), indented for the report.
pub fn diff(old_name: &str, old: &str, new_name: &str, new: &str, color: bool) -> String {
    let diff = similar::TextDiff::from_lines(old, new);
    let mut out = format!("\n    --- {old_name}\n    +++ {new_name}\n");
    for hunk in diff.unified_diff().context_radius(3).iter_hunks() {
        out.push_str(&format!("    {}\n", hunk.header()));
        for change in hunk.iter_changes() {
            let (sign, code) = match change.tag() {
                similar::ChangeTag::Delete => ('-', "31"),
                similar::ChangeTag::Insert => ('+', "32"),
                similar::ChangeTag::Equal => (' ', ""),
            };
            let line = format!("{sign}{}", change.value().trim_end_matches('\n'));
            if color && !code.is_empty() {
                out.push_str(&format!("    \x1b[{code}m{line}\x1b[0m\n"));
            } else {
                out.push_str(&format!("    {line}\n"));
            }
        }
    }
    out
}

/// Writes one JSON object per example: `file, line, name, outcome, reason, mismatches`.
pub fn write_json(out: &mut dyn Write, report: &RunReport, redactor: &Redactor) -> io::Result<()> {
    let mut text = String::new();
    for example in &report.examples {
        text.push_str(&serde_json::to_string(example)?);
        text.push('\n');
    }
    out.write_all(redactor.scrub(&text).as_bytes())
}

/// Writes JUnit XML: a suite per doc file, a test case per example with `file` and `line`.
pub fn write_junit(out: &mut dyn Write, report: &RunReport, redactor: &Redactor) -> io::Result<()> {
    let mut junit = Report::new("exemplar");
    junit.set_time(report.duration);
    let mut suites: Vec<TestSuite> = Vec::new();
    for example in &report.examples {
        if suites
            .last()
            .is_none_or(|s| s.name.as_str() != example.file)
        {
            suites.push(TestSuite::new(example.file.as_str()));
        }
        let status = match example.outcome {
            Outcome::Passed => TestCaseStatus::success(),
            Outcome::Skipped => {
                let mut status = TestCaseStatus::skipped();
                status.set_message(example.reason.clone().unwrap_or_default());
                status
            }
            Outcome::Failed | Outcome::Error => {
                let kind = if example.outcome == Outcome::Failed {
                    NonSuccessKind::Failure
                } else {
                    NonSuccessKind::Error
                };
                let mut status = TestCaseStatus::non_success(kind);
                status.set_message(example.reason.clone().unwrap_or_default());
                let details: Vec<String> =
                    example.mismatches.iter().map(|m| m.describe()).collect();
                status.set_description(details.join("\n"));
                status
            }
        };
        let name = example
            .name
            .clone()
            .unwrap_or_else(|| format!("line {}", example.line));
        let mut case = TestCase::new(name, status);
        case.set_classname(example.file.as_str());
        case.set_time(example.duration);
        case.extra
            .insert("file".into(), example.file.as_str().into());
        case.extra
            .insert("line".into(), example.line.to_string().into());
        if let Some(suite) = suites.last_mut() {
            suite.add_test_case(case);
        }
    }
    junit.add_test_suites(suites);
    let xml = junit.to_string().map_err(io::Error::other)?;
    out.write_all(redactor.scrub(&xml).as_bytes())
}
