//! `exemplar run`: plan, replay and compare every example, files concurrently, each file's
//! examples in document order (pages create, then read).

use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::Url;
use serde::Serialize;
use serde_json::Value;
use tokio::sync::Semaphore;

use crate::compare::{self, MatchMode, Mismatch, Observed, Rules};
use crate::config::Settings;
use crate::discover::ReadError;
use crate::model::{Body, DocFile, Example};
use crate::plan::{self, Planned};
use crate::replay::{ReplayError, Replayer};
use crate::secret::Redactor;
use crate::snapshot;

/// How one example ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// The server answered as documented.
    Passed,
    /// The answer differs from the docs.
    Failed,
    /// Not sent; the reason says why.
    Skipped,
    /// Sent, but no answer could be compared (connection, timeout, body too large).
    Error,
}

/// A request as sent, for the report: secrets already replaced by `[redacted]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SentRequest {
    /// Method.
    pub method: String,
    /// Path and query relative to the target.
    pub target: String,
    /// Headers as sent (secrets redacted).
    pub headers: Vec<(String, String)>,
}

/// What happened to one example.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExampleReport {
    /// Doc file.
    pub file: String,
    /// Line of the request's opening fence.
    pub line: u32,
    /// Example name.
    pub name: Option<String>,
    /// The outcome.
    pub outcome: Outcome,
    /// Why it was skipped or errored, or a summary of the failure.
    pub reason: Option<String>,
    /// Every difference found.
    pub mismatches: Vec<Mismatch>,
    /// The request sent, if one was.
    #[serde(skip)]
    pub request: Option<SentRequest>,
    /// Documented and observed JSON bodies after normalisation, when they differ.
    #[serde(skip)]
    pub bodies: Option<(Value, Value)>,
    /// The target could not be reached for this example.
    #[serde(skip)]
    pub unreachable: bool,
    /// What the snapshot check found.
    pub snapshot: snapshot::Status,
    /// The stored and the new snapshot content, when they differ.
    #[serde(skip)]
    pub snapshot_change: Option<(String, String)>,
    /// Time spent on the example.
    #[serde(skip)]
    pub duration: Duration,
}

/// The outcome of a whole run, examples in doc order.
#[derive(Debug, Clone, Default)]
pub struct RunReport {
    /// One entry per example.
    pub examples: Vec<ExampleReport>,
    /// Wall-clock time of the run.
    pub duration: Duration,
}

impl RunReport {
    /// Examples with `outcome`.
    pub fn count(&self, outcome: Outcome) -> usize {
        self.examples
            .iter()
            .filter(|e| e.outcome == outcome)
            .count()
    }

    /// Every request that was sent failed to connect: the target is not there at all.
    pub fn unreachable(&self) -> bool {
        let sent: Vec<_> = self
            .examples
            .iter()
            .filter(|e| e.request.is_some())
            .collect();
        !sent.is_empty() && sent.iter().all(|e| e.unreachable)
    }
}

/// What a run needs besides the docs.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The server's base URL.
    pub target: Url,
    /// The settings.
    pub settings: Settings,
    /// Fill placeholders without a value with samples (for the built-in mock).
    pub sample_values: bool,
}

/// Why a run stopped before its end.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// A doc could not be read.
    #[error(transparent)]
    Read(#[from] ReadError),
    /// The HTTP client could not be set up, or a replay task died.
    #[error(transparent)]
    Replay(#[from] ReplayError),
}

/// Runs every example of `docs` against the target.
///
/// Docs are pulled from the iterator only when a job is free, so no more than `jobs` pages are
/// held at once: memory grows with the report, not with the doc set.
pub async fn run(
    docs: impl IntoIterator<Item = Result<DocFile, ReadError>>,
    plan: Plan,
) -> Result<RunReport, RunError> {
    let started = Instant::now();
    let settings = &plan.settings;
    let replayer = Replayer::new(settings.timeout, settings.retries, settings.max_body)?;
    let redactor = Arc::new(Redactor::for_headers(&plan.settings.headers));
    let plan = Arc::new(plan);
    let permits = Arc::new(Semaphore::new(plan.settings.jobs));
    let mut tasks = tokio::task::JoinSet::new();
    let mut files = Vec::new();
    for (index, doc) in docs.into_iter().enumerate() {
        let permit = Arc::clone(&permits)
            .acquire_owned()
            .await
            .map_err(|e| ReplayError::Other(e.to_string()))?;
        let doc = doc?;
        if doc.examples.is_empty() {
            continue;
        }
        let (plan, replayer, redactor) =
            (Arc::clone(&plan), replayer.clone(), Arc::clone(&redactor));
        tasks.spawn(async move {
            let _permit = permit;
            let mut reports = Vec::with_capacity(doc.examples.len());
            let snapshots = plan
                .settings
                .snapshots
                .as_ref()
                .map(|store| snapshot::paths(&store.dir, &doc));
            for (i, example) in doc.examples.iter().enumerate() {
                let snapshot = snapshots.as_ref().map(|paths| paths[i].as_path());
                reports.push(run_example(example, &plan, &replayer, &redactor, snapshot).await);
            }
            (index, reports)
        });
        // Collect what has finished so far, so the join set stays small.
        while let Some(done) = tasks.try_join_next() {
            files.push(done.map_err(|e| ReplayError::Other(format!("a replay task failed: {e}")))?);
        }
    }
    while let Some(done) = tasks.join_next().await {
        files.push(done.map_err(|e| ReplayError::Other(format!("a replay task failed: {e}")))?);
    }
    files.sort_by_key(|(index, _)| *index);
    let examples = files.into_iter().flat_map(|(_, reports)| reports).collect();
    Ok(RunReport {
        examples,
        duration: started.elapsed(),
    })
}

async fn run_example(
    example: &Example,
    plan: &Plan,
    replayer: &Replayer,
    redactor: &Redactor,
    snapshot: Option<&std::path::Path>,
) -> ExampleReport {
    let started = Instant::now();
    let mut report = ExampleReport {
        file: example.file.clone(),
        line: example.line(),
        name: example.name().map(str::to_owned),
        outcome: Outcome::Skipped,
        reason: None,
        mismatches: Vec::new(),
        request: None,
        bodies: None,
        unreachable: false,
        snapshot: snapshot::Status::Off,
        snapshot_change: None,
        duration: Duration::ZERO,
    };
    let settings = &plan.settings;
    let context = plan::Context {
        target: &plan.target,
        params: &settings.params,
        headers: &settings.headers,
        allow_mutations: settings.allow_mutations,
        sample_values: plan.sample_values,
    };
    let planned = match plan::plan(example, &context) {
        Ok(planned) => planned,
        Err(reason) => {
            report.reason = Some(reason);
            return report;
        }
    };
    report.request = Some(sent(&planned));
    match replayer.send(&planned).await {
        Ok(observed) => {
            judge(
                example,
                &observed,
                &settings.rules,
                settings.match_mode,
                &mut report,
            );
            if let (Some(store), Some(path)) = (&settings.snapshots, snapshot) {
                let content = snapshot::content(example, &observed, &settings.rules, redactor);
                check_snapshot(store, path, example, &content, &mut report);
            }
        }
        Err(error) => {
            report.outcome = Outcome::Error;
            report.unreachable = matches!(error, ReplayError::Connect { .. });
            report.reason = Some(error.to_string());
        }
    }
    report.duration = started.elapsed();
    report
}

fn judge(
    example: &Example,
    observed: &Observed,
    rules: &Rules,
    mode: MatchMode,
    report: &mut ExampleReport,
) {
    let Some(expected) = &example.response else {
        return;
    };
    report.mismatches = compare::compare(expected, observed, rules, mode);
    if report.mismatches.is_empty() {
        report.outcome = Outcome::Passed;
        return;
    }
    report.outcome = Outcome::Failed;
    let n = report.mismatches.len();
    report.reason = Some(format!("{n} mismatch{}", if n == 1 { "" } else { "es" }));
    if let (Body::Json { value, .. }, Ok(actual)) = (
        &expected.body,
        serde_json::from_str::<Value>(&observed.body),
    ) {
        report.bodies = Some((rules.normalize(value.clone()), rules.normalize(actual)));
    }
}

/// Holds the answer to its snapshot; a snapshot that is pending or changed fails the example.
fn check_snapshot(
    store: &snapshot::Store,
    path: &std::path::Path,
    example: &Example,
    content: &str,
    report: &mut ExampleReport,
) {
    match store.check(path, example, content) {
        Ok(check) => {
            report.snapshot = check.status;
            report.snapshot_change = check.change;
            if let Some(why) = check.failure {
                report.outcome = Outcome::Failed;
                report.reason = Some(match report.reason.take() {
                    Some(reason) => format!("{reason}; {why}"),
                    None => why,
                });
            }
        }
        Err(error) => {
            report.outcome = Outcome::Error;
            report.reason = Some(format!("snapshot {}: {error}", path.display()));
        }
    }
}

fn sent(planned: &Planned) -> SentRequest {
    let headers = planned
        .headers
        .iter()
        .map(|(name, value)| {
            let shown = if value.secret || crate::secret::is_sensitive(name) {
                "[redacted]".to_owned()
            } else {
                value.value.clone()
            };
            (name.to_ascii_lowercase(), shown)
        })
        .collect();
    SentRequest {
        method: planned.method.clone(),
        target: planned.shown.clone(),
        headers,
    }
}
