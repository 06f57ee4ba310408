//! The JUnit XML report: a suite per doc file (and per scenario), a test case per example with
//! its `file` and `line` (and per failed teardown step), written when the run finishes.

use std::io::{self, Write};

use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};

use super::Reporter;
use super::collect::{Collected, Collector};
use crate::session::{Event, ExampleResult, Outcome, StepFailure};
use exemplar_core::secret::Redactor;

/// Collects a run's results and writes them as JUnit XML when it finishes.
pub struct Junit<W: Write> {
    out: W,
    redactor: Redactor,
    collector: Collector,
}

impl<W: Write> Junit<W> {
    /// A reporter writing to `out`.
    pub fn new(out: W, redactor: Redactor) -> Junit<W> {
        Junit {
            out,
            redactor,
            collector: Collector::new(),
        }
    }

    /// The writer, once the run has finished.
    pub fn into_inner(self) -> W {
        self.out
    }
}

impl<W: Write> Reporter for Junit<W> {
    fn event(&mut self, event: &Event) -> io::Result<()> {
        if let Some(run) = self.collector.event(event) {
            let xml = render(&run).to_string().map_err(io::Error::other)?;
            self.out.write_all(self.redactor.scrub(&xml).as_bytes())?;
            self.out.flush()?;
        }
        Ok(())
    }
}

/// The report: a suite per page not read, per doc file and per scenario, in the order of the
/// selection; a scenario's failed teardown steps join its suite.
fn render(run: &Collected<'_>) -> Report {
    let mut junit = Report::new("exemplar");
    junit.set_time(run.summary.duration);
    let mut suites: Vec<TestSuite> = (run.pages.iter())
        .map(|p| page(&p.file, &p.reason))
        .collect();
    for example in run.results {
        // A scenario's examples make a suite of their own (`scenario:<name>`).
        let suite_name = match &example.scenario {
            Some(scenario) => format!("scenario:{scenario}"),
            None => example.file.clone(),
        };
        if suites.last().is_none_or(|s| s.name.as_str() != suite_name) {
            suites.push(TestSuite::new(suite_name));
        }
        if let Some(suite) = suites.last_mut() {
            suite.add_test_case(case(example));
        }
    }
    for step in run.teardowns {
        let suite_name = format!("scenario:{}", step.scenario);
        match suites.iter_mut().find(|s| s.name.as_str() == suite_name) {
            Some(suite) => {
                suite.add_test_case(teardown(step));
            }
            None => {
                let mut suite = TestSuite::new(suite_name);
                suite.add_test_case(teardown(step));
                suites.push(suite);
            }
        }
    }
    junit.add_test_suites(suites);
    junit
}

/// The suite of a page that could not be read: one case, in error.
fn page(file: &str, reason: &str) -> TestSuite {
    let mut status = TestCaseStatus::non_success(NonSuccessKind::Error);
    status.set_message(reason);
    let mut case = TestCase::new("page", status);
    case.set_classname(file);
    case.extra.insert("file".into(), file.into());
    let mut suite = TestSuite::new(file);
    suite.add_test_case(case);
    suite
}

/// A failed teardown step: a failed case `teardown: NAME` with its `file` and `line`.
fn teardown(step: &StepFailure) -> TestCase {
    let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
    status.set_message(step.reason.as_str());
    let mut case = TestCase::new(format!("teardown: {}", step.name), status);
    case.set_classname(step.file.as_str());
    case.extra.insert("file".into(), step.file.as_str().into());
    case.extra
        .insert("line".into(), step.line.to_string().into());
    case
}

fn case(example: &ExampleResult) -> TestCase {
    let reason = example
        .reason
        .as_ref()
        .map(ToString::to_string)
        .unwrap_or_default();
    let status = match example.outcome {
        Outcome::Passed => TestCaseStatus::success(),
        Outcome::Skipped => {
            let mut status = TestCaseStatus::skipped();
            status.set_message(reason);
            status
        }
        Outcome::Failed | Outcome::Error => {
            let kind = if example.outcome == Outcome::Failed {
                NonSuccessKind::Failure
            } else {
                NonSuccessKind::Error
            };
            let mut status = TestCaseStatus::non_success(kind);
            status.set_message(reason);
            let details: Vec<String> = example.mismatches.iter().map(|m| m.describe()).collect();
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
    case
}
