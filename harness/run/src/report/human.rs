//! The report for people: a line per example as it finishes, then the failures in detail (each
//! mismatch at its pointer, a diff of the canonical JSON, the snapshot change), then the
//! summary line.

use std::io::{self, Write};
use std::time::Duration;

use serde_json::Value;

use super::Reporter;
use crate::session::{
    End, Event, ExampleResult, Outcome, Started, StepFailure, Summary, Unreferenced,
};
use exemplar_core::secret::Redactor;

/// How the human report looks.
#[derive(Debug, Clone, Copy, Default)]
pub struct Style {
    /// ANSI colours.
    pub color: bool,
    /// Show durations (off for stable snapshots).
    pub durations: bool,
}

/// Streams a run for people to `out`; pages that cannot be read go to `err`.
pub struct Human<'a> {
    out: Box<dyn Write + 'a>,
    err: Box<dyn Write + 'a>,
    style: Style,
    redactor: Redactor,
    /// What was asked for, named when nothing was selected: the paths and the filters.
    asked: String,
    failures: Vec<ExampleResult>,
    /// Only failures and the summary (`--quiet`).
    quiet: bool,
    slowest: super::slowest::Slowest,
}

impl<'a> Human<'a> {
    /// A reporter writing to `out` and `err`; `asked` names the paths and filters of the run.
    pub fn new(
        out: impl Write + 'a,
        err: impl Write + 'a,
        style: Style,
        redactor: Redactor,
        asked: String,
    ) -> Human<'a> {
        Human {
            out: Box::new(out),
            err: Box::new(err),
            style,
            redactor,
            asked,
            failures: Vec::new(),
            quiet: false,
            slowest: Default::default(),
        }
    }

    /// Prints only the failures and the summary (`--quiet`): no line for passed or skipped
    /// examples.
    pub fn quiet(mut self, quiet: bool) -> Human<'a> {
        self.quiet = quiet;
        self
    }

    fn write(&mut self, text: &str) -> io::Result<()> {
        self.out.write_all(self.redactor.scrub(text).as_bytes())?;
        self.out.flush()
    }

    fn paint(&self, code: &str, text: &str) -> String {
        if self.style.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }

    fn example(&mut self, example: &ExampleResult) -> io::Result<()> {
        let (label, code) = match example.outcome {
            Outcome::Passed => ("PASS ", "32"),
            Outcome::Failed => ("FAIL ", "1;31"),
            Outcome::Skipped => ("SKIP ", "33"),
            Outcome::Error => ("ERROR", "1;31"),
        };
        let mut line = format!("{} {}", self.paint(code, label), title(example));
        if self.style.durations && example.request.is_some() {
            line.push_str(&format!(" ({})", millis(example.duration)));
        }
        if let Some(reason) = example
            .reason
            .as_ref()
            .filter(|_| example.outcome != Outcome::Passed)
        {
            line.push_str(&format!(": {reason}"));
        }
        if let Some(operation) = example.operation.as_ref().filter(|o| o.succeeded()) {
            line.push_str(&format!(": {operation}"));
        }
        line.push('\n');
        if example.outcome == Outcome::Failed {
            self.failures.push(example.clone());
        }
        if example.request.is_some() {
            self.slowest.push(example.duration, || title(example));
        }
        if self.quiet && matches!(example.outcome, Outcome::Passed | Outcome::Skipped) {
            return Ok(());
        }
        self.write(&line)
    }

    /// Why the run ended as it did, when that is worth a line before the summary.
    fn ending(&self, summary: &Summary) -> String {
        let mut out = String::new();
        match &summary.end {
            End::Unreachable(error) => out.push_str(&format!(
                "error: the target cannot be reached: {error}; stopped before judging any example\n"
            )),
            End::SignIn(error) => out.push_str(&format!(
                "error: cannot sign in: {error}; no example was sent\n"
            )),
            End::Interrupted => out.push_str(&format!(
                "interrupted: {} of {} examples not run\n",
                summary.selected - summary.finished().min(summary.selected),
                summary.selected
            )),
            End::Completed if summary.nothing_selected() && summary.changed_since => {
                out.push_str(&format!(
                    "note: nothing changed in {}; no example to run\n",
                    self.asked
                ));
            }
            End::Completed if summary.nothing_selected() && summary.elsewhere > 0 => {
                let shard = summary.partition.map(|p| p.to_string()).unwrap_or_default();
                out.push_str(&format!(
                    "note: shard {shard} holds none of the {} examples in {}; nothing to run\n",
                    summary.elsewhere, self.asked
                ));
            }
            End::Completed if summary.nothing_selected() => out.push_str(&format!(
                "error: no examples selected in {}: check the paths and filters\n",
                self.asked
            )),
            End::Completed if summary.nothing_judged() => out.push_str(&format!(
                "error: every example selected in {} was skipped: nothing was judged\n",
                self.asked
            )),
            End::Completed => {}
        }
        out
    }

    fn finished(&mut self, summary: &Summary) -> io::Result<()> {
        let mut text = String::new();
        super::in_order(&mut self.failures);
        if !self.failures.is_empty() {
            text.push_str("\nfailures:\n");
            for example in &self.failures {
                failure(&mut text, example, self.style);
            }
        }
        text.push('\n');
        text.push_str(&self.ending(summary));
        // Only where bodies were judged: otherwise no selector could have picked anything.
        if summary.passed + summary.failed > 0 {
            for selector in &summary.unused_ignores {
                text.push_str(&unused_ignore(selector));
            }
        }
        if let Some(note) = throttled(summary) {
            text.push_str(&note);
        }
        text.push_str(&summary_line(summary, self.style.durations));
        text.push('\n');
        if self.style.durations {
            for line in self.slowest.lines(summary.duration) {
                text.push_str(&line);
                text.push('\n');
            }
        }
        self.write(&text)
    }
}

impl Reporter for Human<'_> {
    fn event(&mut self, event: &Event) -> io::Result<()> {
        match event {
            Event::Started(started) if started.examples == 0 => Ok(()),
            Event::Started(started) => self.write(&header(started)),
            Event::PageFailed(error) => {
                let line = format!("error: {error}\n");
                self.err.write_all(self.redactor.scrub(&line).as_bytes())
            }
            Event::Example(example) => self.example(example),
            Event::Teardown(step) => {
                let label = self.paint("1;31", "FAIL ");
                self.write(&format!("{label} {}\n", teardown(step)))
            }
            Event::Unreferenced(snapshot) => self.write(&unreferenced(snapshot)),
            Event::Finished(summary) => self.finished(summary),
        }
    }
}

fn header(started: &Started) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let what = format!(
        "{} from {}",
        plural(started.examples, "example"),
        plural(started.pages, "page")
    );
    if started.mock {
        format!(
            "exemplar: no --target, so replaying {what} against the built-in mock of these docs at {}\n",
            started.target
        )
    } else {
        let through = started
            .proxy
            .as_ref()
            .map(|p| format!(" through proxy {p}"))
            .unwrap_or_default();
        format!(
            "exemplar: replaying {what} against {}{through}\n",
            started.target
        )
    }
}

fn unused_ignore(selector: &str) -> String {
    let hint = match selector.strip_prefix(".body") {
        Some(rest) if rest.starts_with(['.', '[']) => {
            format!(": selectors start at the body, so write `{rest}`")
        }
        _ => String::new(),
    };
    format!("warning: ignore rule `{selector}` matched no value in any example{hint}\n")
}

fn unreferenced(snapshot: &Unreferenced) -> String {
    let path = snapshot.path.display();
    if snapshot.removed {
        return format!("removed unreferenced snapshot {path}\n");
    }
    let hint = if snapshot.ci {
        "CI: nothing is removed"
    } else {
        "--prune removes it"
    };
    format!("unreferenced snapshot {path} (no example refers to it; {hint})\n")
}

/// `N passed, N failed, N skipped`, then `, N errors` when some examples could not be judged
/// and the duration when asked.
/// The note of a run the target throttled: how often, and how long it was held back.
pub(crate) fn throttled(summary: &Summary) -> Option<String> {
    let crate::Throttled { count, waited } = summary.throttled;
    let times = if count == 1 { "once" } else { "times" };
    let count = if count == 1 {
        String::new()
    } else {
        format!("{count} ")
    };
    (summary.throttled.count > 0).then(|| {
        format!(
            "note: the target throttled the run {count}{times} (429/503); requests were held back {:.1}s in all\n",
            waited.as_secs_f64()
        )
    })
}

pub(crate) fn summary_line(summary: &Summary, durations: bool) -> String {
    let mut line = format!(
        "{} passed, {} failed, {} skipped",
        summary.passed, summary.failed, summary.skipped
    );
    if summary.errors > 0 {
        line.push_str(&format!(", {} errors", summary.errors));
    }
    if summary.teardown_failed > 0 {
        let plural = if summary.teardown_failed == 1 {
            ""
        } else {
            "s"
        };
        line.push_str(&format!(
            ", {} teardown step{plural} failed",
            summary.teardown_failed
        ));
    }
    if durations {
        line.push_str(&format!(" in {:.2}s", summary.duration.as_secs_f64()));
    }
    line
}

fn title(example: &ExampleResult) -> String {
    let scenario = (example.scenario.as_ref())
        .map(|s| format!("scenario {s}: "))
        .unwrap_or_default();
    match &example.name {
        Some(name) => format!("{scenario}{}:{} {name}", example.file, example.line),
        None => format!("{scenario}{}:{}", example.file, example.line),
    }
}

/// A failed teardown step, on a line of its own.
fn teardown(step: &StepFailure) -> String {
    format!(
        "teardown of scenario {}: {}:{} {}: {}",
        step.scenario, step.file, step.line, step.name, step.reason
    )
}

fn millis(d: Duration) -> String {
    format!("{} ms", d.as_millis())
}

fn failure(text: &mut String, example: &ExampleResult, style: Style) {
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
    if example.fixable {
        text.push_str("    fixable with --fix (--diff shows the edits)\n");
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
