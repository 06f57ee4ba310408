//! The JUnit XML report: a suite per doc file (and per scenario), a test case per example with
//! its `file` and `line` (and per failed teardown step), written when the run finishes.

use std::io::{self, Write};

use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};

use super::Reporter;
use crate::session::{Event, ExampleResult, Outcome, StepFailure, Summary};
use exemplar_core::secret::Redactor;

/// Collects a run's results and writes them as JUnit XML when it finishes.
pub struct Junit<W: Write> {
    out: W,
    redactor: Redactor,
    results: Vec<ExampleResult>,
    /// Pages that could not be read: a suite each, with one errored case.
    pages: Vec<(String, String)>,
    /// Scenario teardown steps that failed: a failed case each, in the scenario's suite.
    teardowns: Vec<StepFailure>,
}

impl<W: Write> Junit<W> {
    /// A reporter writing to `out`.
    pub fn new(out: W, redactor: Redactor) -> Junit<W> {
        Junit {
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

    fn write(&mut self, summary: &Summary) -> io::Result<()> {
        super::in_order(&mut self.results);
        let mut junit = Report::new("exemplar");
        junit.set_time(summary.duration);
        let mut suites: Vec<TestSuite> = self
            .pages
            .iter()
            .map(|(file, reason)| page(file, reason))
            .collect();
        for example in &self.results {
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
        for step in &self.teardowns {
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
        let xml = junit.to_string().map_err(io::Error::other)?;
        self.out.write_all(self.redactor.scrub(&xml).as_bytes())?;
        self.out.flush()
    }
}

impl<W: Write> Reporter for Junit<W> {
    fn event(&mut self, event: &Event) -> io::Result<()> {
        match event {
            Event::Example(result) => self.results.push((**result).clone()),
            Event::PageFailed(error) => self.pages.push((error.file(), error.reason())),
            Event::Teardown(step) => self.teardowns.push(step.clone()),
            Event::Finished(summary) => self.write(summary)?,
            _ => {}
        }
        Ok(())
    }
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
