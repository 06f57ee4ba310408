//! `report merge`: the JSON reports of a run's shards read back and joined into the events of
//! one run, so the same reporters render the whole as they render a run. Which shards are there
//! is checked from each report's last line: a shard given twice counts once, a missing one is
//! named (and fails the verdict), a report without that line cannot be checked.

use std::collections::BTreeMap;
use std::time::Duration;

use super::collect::PageFailure;
use super::lines::{RunRecord, RunTotals};
use crate::error::{EXIT_FAILED, EXIT_OK};
use crate::session::{EndKind, Event, ExampleResult, Outcome, PageError, StepFailure, Summary};

/// One shard's JSON report, read.
#[derive(Debug, Clone, PartialEq)]
pub struct ShardReport {
    /// The report's name, as given.
    pub name: String,
    /// Its examples.
    pub examples: Vec<ExampleResult>,
    /// Pages its run could not read.
    pub pages: Vec<PageFailure>,
    /// Scenario teardown steps that failed.
    pub teardowns: Vec<StepFailure>,
    /// Its last line, when it has one.
    pub run: Option<RunTotals>,
    /// Each page as the records show it, with its path under the project root (`path`).
    pub paths: BTreeMap<String, String>,
}

/// A line of a report that is not a record exemplar writes.
#[derive(Debug, thiserror::Error)]
#[error("{name}:{line}: not a record of an exemplar JSON report: {message}")]
pub struct MergeError {
    /// The report.
    pub name: String,
    /// The 1-based line.
    pub line: usize,
    /// What is wrong with it.
    pub message: String,
}

/// A problem with the set of shards, for the person merging.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// A report without its run line: completeness cannot be checked.
    Unchecked(String),
    /// The same shard given twice; the second is left out.
    Duplicate {
        /// The shard, `K/N`.
        shard: String,
        /// The report kept.
        kept: String,
        /// The report left out.
        dropped: String,
    },
    /// A shard of the split with no report: its examples are not in the verdict.
    Missing(String),
    /// Reports of splits into different numbers of shards.
    Mixed(Vec<String>),
    /// A shard's run stopped early: interrupted, or the target could not be reached.
    Stopped {
        /// The report.
        name: String,
        /// How it ended, with why.
        end: String,
        /// The exit code of its run.
        code: u8,
    },
}

impl std::fmt::Display for Notice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Notice::Unchecked(name) => write!(
                f,
                "warning: {name} has no run line (an older exemplar, or a report cut short): \
                 whether every shard is here cannot be checked"
            ),
            Notice::Duplicate {
                shard,
                kept,
                dropped,
            } => write!(
                f,
                "warning: shard {shard} is given twice ({kept} and {dropped}); {dropped} is left out"
            ),
            Notice::Missing(shard) => write!(
                f,
                "error: shard {shard} is missing: its examples are not in this verdict"
            ),
            Notice::Mixed(splits) => write!(
                f,
                "error: the reports come from different splits ({}): merge the shards of one run",
                splits.join(", ")
            ),
            Notice::Stopped { name, end, .. } => write!(f, "error: the run of {name} {end}"),
        }
    }
}

/// The merged run: its events in the order of one unsharded run, what is wrong with the set,
/// and the exit code of the whole.
#[derive(Debug)]
pub struct Merged {
    /// Pages that could not be read, each example, then the summary.
    pub events: Vec<Event>,
    /// Problems with the set of shards.
    pub notices: Vec<Notice>,
    /// The exit code of the whole: the summary's, a stopped shard's, or 1 for a missing shard.
    pub exit_code: u8,
    /// Each page as the reports show it, with its path under the project root, where they say.
    pub paths: BTreeMap<String, String>,
}

/// Reads one JSON report; `name` names it in errors.
pub fn read(name: &str, text: &str) -> Result<ShardReport, MergeError> {
    let mut report = ShardReport {
        name: name.to_owned(),
        examples: Vec::new(),
        pages: Vec::new(),
        teardowns: Vec::new(),
        run: None,
        paths: BTreeMap::new(),
    };
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let fail = |message: String| MergeError {
            name: name.to_owned(),
            line: i + 1,
            message,
        };
        let value: serde_json::Value =
            serde_json::from_str(line).map_err(|e| fail(e.to_string()))?;
        if let (Some(file), Some(path)) = (value.get("file"), value.get("path")) {
            if let (Some(file), Some(path)) = (file.as_str(), path.as_str()) {
                report.paths.insert(file.to_owned(), path.to_owned());
            }
        }
        if value.get("run").is_some() {
            let record: RunRecord =
                serde_json::from_value(value).map_err(|e| fail(e.to_string()))?;
            report.run = Some(record.run);
        } else if value.get("step").is_some() {
            report.teardowns.push(teardown(&value).ok_or_else(|| {
                fail("a scenario step's record lacks `scenario`, `file`, `line` or `name`".into())
            })?);
        } else if value.get("page").and_then(|p| p.as_bool()) == Some(true) {
            let text = |key: &str| value.get(key).and_then(|v| v.as_str()).unwrap_or_default();
            report.pages.push(PageFailure {
                file: text("file").to_owned(),
                reason: text("reason").to_owned(),
            });
        } else {
            let example = serde_json::from_value(value).map_err(|e| fail(e.to_string()))?;
            report.examples.push(example);
        }
    }
    Ok(report)
}

/// A failed teardown step's record, read back.
fn teardown(value: &serde_json::Value) -> Option<StepFailure> {
    let text = |key: &str| value.get(key).and_then(|v| v.as_str()).map(str::to_owned);
    Some(StepFailure {
        scenario: text("scenario")?,
        step: "teardown",
        file: text("file")?,
        line: u32::try_from(value.get("line")?.as_u64()?).ok()?,
        name: text("name")?,
        outcome: Outcome::Failed,
        reason: text("reason").unwrap_or_default(),
        order: (usize::MAX, 0),
    })
}

/// Joins the shards' reports into one run.
pub fn merge(reports: Vec<ShardReport>) -> Merged {
    let (reports, mut notices) = check(reports);
    let mut summary = Summary::default();
    let mut events = Vec::new();
    let mut examples = Vec::new();
    let mut teardowns = Vec::new();
    let mut paths = BTreeMap::new();
    for report in reports {
        paths.extend(report.paths);
        for PageFailure { file, reason } in report.pages {
            summary.pages_failed += 1;
            events.push(Event::PageFailed(PageError::Reported { file, reason }));
        }
        if let Some(run) = &report.run {
            summary.duration = summary
                .duration
                .max(Duration::from_secs_f64(run.duration_ms.max(0.0) / 1000.0));
            if let Some(end) = stopped(run) {
                notices.push(Notice::Stopped {
                    name: report.name.clone(),
                    end,
                    code: run.exit_code,
                });
            }
        }
        examples.extend(report.examples);
        teardowns.extend(report.teardowns);
    }
    examples.sort_by(|a, b| (a.order, &a.file, a.line).cmp(&(b.order, &b.file, b.line)));
    summary.selected = examples.len();
    for example in examples {
        summary.count(example.outcome);
        events.push(Event::Example(Box::new(example)));
    }
    for step in teardowns {
        summary.teardown_failed += 1;
        events.push(Event::Teardown(step));
    }
    let exit_code = exit_code(&summary, &notices);
    events.push(Event::Finished(summary));
    Merged {
        events,
        notices,
        exit_code,
        paths,
    }
}

/// How a shard's run stopped early, with why, as a notice says it; `None` when it completed.
fn stopped(run: &RunTotals) -> Option<String> {
    let why = (run.message.as_ref())
        .map(|m| format!(": {m}"))
        .unwrap_or_default();
    match run.end {
        EndKind::Completed => None,
        EndKind::Interrupted => Some(format!("was interrupted{why}")),
        EndKind::Unreachable => Some(format!("could not reach the target{why}")),
        EndKind::SignIn => Some(format!("could not sign in{why}")),
    }
}

/// A stopped shard's code wins (the first named: unreachable, a failed sign-in, interrupted);
/// a missing shard or mixed splits fail a verdict that would pass.
fn exit_code(summary: &Summary, notices: &[Notice]) -> u8 {
    let stopped = notices.iter().find_map(|n| match n {
        Notice::Stopped { code, .. } if *code != EXIT_OK => Some(*code),
        _ => None,
    });
    let incomplete = notices
        .iter()
        .any(|n| matches!(n, Notice::Missing(_) | Notice::Mixed(_)));
    match (stopped, summary.exit_code()) {
        (Some(code), _) => code,
        (None, EXIT_OK) if incomplete => EXIT_FAILED,
        (None, code) => code,
    }
}

/// Leaves out a shard given twice, and names the missing ones and the reports that cannot be
/// checked.
fn check(reports: Vec<ShardReport>) -> (Vec<ShardReport>, Vec<Notice>) {
    let mut notices = Vec::new();
    let mut seen: BTreeMap<(u32, u32), String> = BTreeMap::new();
    let mut kept = Vec::new();
    for report in reports {
        let Some(run) = &report.run else {
            notices.push(Notice::Unchecked(report.name.clone()));
            kept.push(report);
            continue;
        };
        let Some(shard) = run.partition.as_deref().and_then(split) else {
            kept.push(report);
            continue;
        };
        match seen.get(&shard) {
            Some(first) => notices.push(Notice::Duplicate {
                shard: format!("{}/{}", shard.0, shard.1),
                kept: first.clone(),
                dropped: report.name.clone(),
            }),
            None => {
                seen.insert(shard, report.name.clone());
                kept.push(report);
            }
        }
    }
    let totals: std::collections::BTreeSet<u32> = seen.keys().map(|(_, n)| *n).collect();
    if totals.len() > 1 {
        notices.push(Notice::Mixed(
            totals.iter().map(|n| format!("{n} shards")).collect(),
        ));
    } else if let Some(&total) = totals.first() {
        for index in (1..=total).filter(|k| !seen.contains_key(&(*k, total))) {
            notices.push(Notice::Missing(format!("{index}/{total}")));
        }
    }
    (kept, notices)
}

/// A report's `K/N`, read as `--shard` reads it.
fn split(shard: &str) -> Option<(u32, u32)> {
    match crate::session::PartitionSpec::parse(shard) {
        Ok(crate::session::PartitionSpec::Hash(p)) => Some((p.index, p.total)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(name: &str, partition: Option<&str>, passed: usize) -> ShardReport {
        let example = |i: usize| -> ExampleResult {
            serde_json::from_value(serde_json::json!({
                "file": format!("{name}-{i}.md"), "line": 3, "name": null, "outcome": "passed",
                "reason": null, "mismatches": [], "snapshot": "off"
            }))
            .unwrap()
        };
        ShardReport {
            name: name.to_owned(),
            examples: (0..passed).map(example).collect(),
            pages: Vec::new(),
            teardowns: Vec::new(),
            paths: BTreeMap::new(),
            run: partition.map(|p| RunTotals {
                partition: Some(p.to_owned()),
                selected: passed,
                passed,
                failed: 0,
                skipped: 0,
                errors: 0,
                pages_failed: 0,
                end: EndKind::Completed,
                message: None,
                exit_code: 0,
                interrupted: false,
                duration_ms: 1.0,
                throttled: 0,
                throttle_wait_ms: 0.0,
            }),
        }
    }

    fn messages(merged: &Merged) -> Vec<String> {
        merged.notices.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn a_missing_shard_is_named_and_fails_the_verdict() {
        let merged = merge(vec![
            report("a", Some("1/3"), 2),
            report("c", Some("3/3"), 1),
        ]);
        assert_eq!(
            messages(&merged),
            ["error: shard 2/3 is missing: its examples are not in this verdict"]
        );
        assert_eq!(merged.exit_code, EXIT_FAILED);
    }

    #[test]
    fn a_duplicated_shard_counts_once() {
        let merged = merge(vec![
            report("a", Some("1/2"), 2),
            report("b", Some("2/2"), 1),
            report("again", Some("2/2"), 1),
        ]);
        assert_eq!(
            messages(&merged),
            ["warning: shard 2/2 is given twice (b and again); again is left out"]
        );
        assert_eq!(merged.exit_code, EXIT_OK);
        let Some(Event::Finished(summary)) = merged.events.last() else {
            panic!("no summary")
        };
        assert_eq!((summary.selected, summary.passed), (3, 3));
    }

    #[test]
    fn a_report_without_its_run_line_merges_with_a_warning() {
        let merged = merge(vec![report("old", None, 1)]);
        assert_eq!(merged.exit_code, EXIT_OK);
        assert!(messages(&merged)[0].starts_with("warning: old has no run line"));
    }

    #[test]
    fn a_line_that_is_not_a_record_is_named() {
        let err = read("r.json", "{\"run\": {\"partition\": null}}\n\nnot json\n").unwrap_err();
        assert!(err.to_string().starts_with("r.json:1: "), "{err}");
        let err = read("r.json", "\n\nnot json\n").unwrap_err();
        assert!(err.to_string().starts_with("r.json:3: "), "{err}");
    }
}
