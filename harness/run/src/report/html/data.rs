//! The data the HTML page renders, embedded in it as JSON: totals, pages not read, unreferenced
//! snapshots, and a record per example with what a person needs to see why it failed.

use serde::Serialize;
use serde_json::Value;

use super::cut::{self, Cut};
use super::overview::{Bin, Folder};
use super::pretty::Pretty;
use crate::report::collect::{Collected, PageFailure};
use crate::session::{End, EndKind, ExampleResult, Outcome, SentRequest, StepFailure, Summary};
use exemplar_core::compare::Mismatch;
use exemplar_core::secret::Redactor;

/// Everything the page shows.
#[derive(Debug, Serialize)]
pub(crate) struct Data<'a> {
    /// The target as shown (no credentials), when the run said.
    pub target: Option<&'a str>,
    /// The totals.
    pub totals: Totals,
    /// Pages that could not be read.
    pub pages: &'a [PageFailure],
    /// Snapshots no example refers to.
    pub unreferenced: Vec<Orphan>,
    /// Scenario teardown steps that failed.
    pub teardowns: &'a [StepFailure],
    /// The outcomes per folder of pages, sorted by folder.
    pub folders: Vec<Folder>,
    /// How long the examples sent took.
    pub histogram: Vec<Bin>,
    /// The most of one body shown, in bytes.
    pub body_limit: usize,
    /// The coverage of the service's operations, with `--metadata`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub coverage: Option<super::coverage::Section>,
    /// The examples: failed and errors first, then the others, each in the selection's order.
    pub examples: Vec<Record<'a>>,
}

/// The totals of the run.
#[derive(Debug, Serialize)]
pub(crate) struct Totals {
    selected: usize,
    passed: usize,
    failed: usize,
    skipped: usize,
    error: usize,
    pages_failed: usize,
    teardown_failed: usize,
    /// `completed`, `interrupted`, `unreachable: …` or `sign-in failed: …`.
    end: String,
    exit_code: u8,
    duration_ms: f64,
}

/// A snapshot no example refers to.
#[derive(Debug, Serialize)]
pub(crate) struct Orphan {
    path: String,
    removed: bool,
}

/// One example as the page shows it.
#[derive(Debug, Serialize)]
pub(crate) struct Record<'a> {
    file: &'a str,
    line: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    scenario: Option<&'a str>,
    outcome: Outcome,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<String>,
    /// A followed operation's end (`succeeded after 3 polls in 4.1 s`).
    #[serde(skip_serializing_if = "Option::is_none")]
    operation: Option<String>,
    duration_ms: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    request: Option<Request<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    mismatches: Vec<Found>,
    #[serde(skip_serializing_if = "Option::is_none")]
    bodies: Option<[Side; 2]>,
    snapshot: crate::snapshot::Status,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    snapshot_diff: Vec<(char, String)>,
    /// `run --fix` can mend the docs of this failure.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    fixable: bool,
}

/// The request sent, as the session kept it (secret headers already `[redacted]`).
#[derive(Debug, Serialize)]
struct Request<'a> {
    method: &'a str,
    target: &'a str,
    headers: &'a [(String, String)],
    #[serde(skip_serializing_if = "Option::is_none")]
    body: Option<String>,
    /// What was cut from the body, past the limit.
    #[serde(skip_serializing_if = "Option::is_none")]
    body_cut: Option<Cut>,
}

impl<'a> Request<'a> {
    fn of(sent: &'a SentRequest, redactor: &Redactor) -> Request<'a> {
        let body = (sent.body.as_deref()).map(|body| cut::text(body, redactor));
        let (body, body_cut) = body.map_or((None, None), |(b, c)| (Some(b), c));
        Request {
            method: &sent.method,
            target: &sent.target,
            headers: &sent.headers,
            body,
            body_cut,
        }
    }
}

/// A mismatch: where, what kind, and the sentence the other reports say.
#[derive(Debug, Serialize)]
struct Found {
    pointer: String,
    problem: exemplar_core::compare::Problem,
    text: String,
}

/// One body (documented or observed), as lines, with the mismatches marked on them.
#[derive(Debug, Serialize)]
struct Side {
    lines: Vec<String>,
    /// `[line, mismatch, exact]`: the 0-based line a mismatch (its index) is marked on, and
    /// whether that line holds the pointer's value or only its nearest ancestor.
    marks: Vec<(usize, usize, bool)>,
    /// What was cut from the body, past the limit (marks on lines cut are dropped).
    #[serde(skip_serializing_if = "Option::is_none")]
    cut: Option<Cut>,
}

impl Totals {
    pub(crate) fn of(summary: &Summary) -> Totals {
        Totals {
            selected: summary.selected,
            passed: summary.passed,
            failed: summary.failed,
            skipped: summary.skipped,
            error: summary.errors,
            pages_failed: summary.pages_failed,
            teardown_failed: summary.teardown_failed,
            end: ended(&summary.end),
            exit_code: summary.exit_code(),
            duration_ms: millis(summary.duration),
        }
    }
}

/// How the run ended, as the page words it: `completed`, `interrupted`, `unreachable: …` or
/// `sign-in failed: …`.
fn ended(end: &End) -> String {
    let kind = match end.kind() {
        EndKind::Completed => "completed",
        EndKind::Interrupted => "interrupted",
        EndKind::Unreachable => "unreachable",
        EndKind::SignIn => "sign-in failed",
    };
    match end.message() {
        Some(why) => format!("{kind}: {why}"),
        None => kind.to_owned(),
    }
}

impl<'a> Data<'a> {
    /// The page's data for a finished run, long bodies cut (scrubbed by `redactor` first), and
    /// the coverage section when `coverage` says what to cover.
    pub(crate) fn new(
        run: &Collected<'a>,
        redactor: &Redactor,
        coverage: Option<&super::coverage::Source>,
    ) -> Data<'a> {
        let failures = |r: &&ExampleResult| matches!(r.outcome, Outcome::Failed | Outcome::Error);
        let (first, rest): (Vec<_>, Vec<_>) = run.results.iter().partition(failures);
        Data {
            target: run.started.map(|s| s.target.as_str()),
            totals: Totals::of(run.summary),
            pages: run.pages,
            unreferenced: (run.unreferenced.iter())
                .map(|u| Orphan {
                    path: u.path.display().to_string(),
                    removed: u.removed,
                })
                .collect(),
            teardowns: run.teardowns,
            folders: super::overview::folders(run.results),
            histogram: super::overview::histogram(run.results),
            body_limit: cut::LIMIT,
            coverage: coverage.map(|source| source.section(run.results)),
            examples: (first.into_iter().chain(rest))
                .map(|result| Record::of(result, redactor))
                .collect(),
        }
    }
}

impl<'a> Record<'a> {
    fn of(result: &'a ExampleResult, redactor: &Redactor) -> Record<'a> {
        Record {
            file: &result.file,
            line: result.line,
            name: result.name.as_deref(),
            scenario: result.scenario.as_deref(),
            outcome: result.outcome,
            reason: result.reason.as_ref().map(ToString::to_string),
            operation: result.operation.as_ref().map(|o| format!("operation {o}")),
            duration_ms: millis(result.duration),
            request: (result.request.as_ref()).map(|sent| Request::of(sent, redactor)),
            mismatches: result.mismatches.iter().map(Found::of).collect(),
            bodies: (result.bodies.as_ref()).map(|(documented, observed)| {
                [
                    Side::of(documented, &result.mismatches, redactor),
                    Side::of(observed, &result.mismatches, redactor),
                ]
            }),
            snapshot: result.snapshot,
            snapshot_diff: (result.snapshot_change.as_ref())
                .map(|(old, new)| diff_lines(old, new, redactor))
                .unwrap_or_default(),
            fixable: result.fixable,
        }
    }
}

impl Found {
    fn of(mismatch: &Mismatch) -> Found {
        Found {
            pointer: mismatch.pointer.clone(),
            problem: mismatch.problem,
            text: mismatch.describe(),
        }
    }
}

impl Side {
    /// `body` as lines, marked with each mismatch that points into the body, cut past the
    /// limit.
    fn of(body: &Value, mismatches: &[Mismatch], redactor: &Redactor) -> Side {
        let mut pretty = Pretty::of(body);
        let cut = cut::lines(&mut pretty.lines, redactor);
        let shown = pretty.lines.len();
        let marks = mismatches
            .iter()
            .enumerate()
            .filter_map(|(i, m)| {
                let inside = m.pointer.strip_prefix("/body")?;
                if !(inside.is_empty() || inside.starts_with('/')) {
                    return None;
                }
                let (line, exact) = pretty.line_of(inside)?;
                (line < shown).then_some((line, i, exact))
            })
            .collect();
        Side {
            lines: pretty.lines,
            marks,
            cut,
        }
    }
}

/// The unified diff of the stored and the new snapshot: `(tag, line)` with `@` for a hunk's
/// header, `-` removed, `+` added, ` ` context. A diff over [`cut::LIMIT`] is cut there (scrubbed
/// first), and a last `@` line says how much was cut.
fn diff_lines(old: &str, new: &str, redactor: &Redactor) -> Vec<(char, String)> {
    let diff = similar::TextDiff::from_lines(old, new);
    let (mut tags, mut lines) = (Vec::new(), Vec::new());
    for hunk in diff.unified_diff().context_radius(3).iter_hunks() {
        tags.push('@');
        lines.push(hunk.header().to_string());
        for change in hunk.iter_changes() {
            tags.push(match change.tag() {
                similar::ChangeTag::Delete => '-',
                similar::ChangeTag::Insert => '+',
                similar::ChangeTag::Equal => ' ',
            });
            lines.push(change.value().trim_end_matches('\n').to_owned());
        }
    }
    let cut = cut::lines(&mut lines, redactor);
    let mut out: Vec<(char, String)> = tags.into_iter().zip(lines).collect();
    if let Some(cut) = cut {
        let note = format!(
            "… {} more bytes cut ({} lines): this report shows the first {} KiB of a diff",
            cut.bytes,
            cut.lines,
            cut.limit / 1024
        );
        out.push(('@', note));
    }
    out
}

/// A duration in milliseconds, to a tenth.
fn millis(duration: std::time::Duration) -> f64 {
    (duration.as_secs_f64() * 10_000.0).round() / 10.0
}
