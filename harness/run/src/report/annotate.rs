//! GitHub's annotations for lint findings within what a step shows: GitHub keeps at most 10
//! error and 10 warning annotations of a step (and 50 of a job), so errors come first, then
//! warnings, each up to that limit; the rest are counted in one notice and listed in the job
//! summary, where a reader finds every finding.

use exemplar_core::{Diagnostic, Severity};

use super::github::{diagnostic_command, escape_data};

/// Annotations GitHub shows per step for each of errors and warnings.
pub const PER_STEP: usize = 10;

/// The workflow commands for `findings` (errors first, then warnings, at most [`PER_STEP`] of
/// each, then one notice counting the rest), and the findings left out; `locate` maps a page
/// as shown to its repository path.
pub fn annotations(
    findings: &[Diagnostic],
    locate: impl Fn(&str) -> String,
) -> (String, Vec<&Diagnostic>) {
    let mut commands = String::new();
    let mut left = Vec::new();
    for severity in [Severity::Error, Severity::Warning] {
        let of = findings.iter().filter(|d| d.severity == severity);
        for (n, d) in of.enumerate() {
            match n < PER_STEP {
                true => commands.push_str(&diagnostic_command(d, &locate(&d.file))),
                false => left.push(d),
            }
        }
    }
    if !left.is_empty() {
        let text = format!(
            "{} more findings are not annotated (GitHub shows {PER_STEP} errors and {PER_STEP} \
             warnings per step); the job summary lists them",
            left.len()
        );
        commands.push_str(&format!(
            "::notice title=exemplar lint::{}\n",
            escape_data(&text)
        ));
    }
    (commands, left)
}

/// The job summary's list of the findings not annotated.
pub fn not_annotated(left: &[&Diagnostic]) -> String {
    if left.is_empty() {
        return String::new();
    }
    let mut text = format!("### Not annotated ({})\n\n", left.len());
    for d in left {
        let message = d.message.replace('|', "\\|").replace('\n', " ");
        text.push_str(&format!(
            "- `{}:{}` {} `{}`: {message}\n",
            d.file,
            d.line,
            d.severity.as_str(),
            d.code
        ));
    }
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use exemplar_core::Code;

    fn finding(line: u32, severity: Severity) -> Diagnostic {
        Diagnostic {
            file: "p.md".into(),
            line,
            column: 1,
            severity,
            code: Code::LenientBody,
            message: "m".into(),
            source_line: None,
        }
    }

    /// See: issue 23, item 6.
    #[test]
    fn errors_come_first_and_each_kind_stops_at_the_step_limit() {
        let mut findings: Vec<Diagnostic> =
            (1..=30).map(|n| finding(n, Severity::Warning)).collect();
        findings.extend((31..=42).map(|n| finding(n, Severity::Error)));
        let (commands, left) = annotations(&findings, str::to_owned);
        let lines: Vec<&str> = commands.lines().collect();
        assert_eq!(lines.len(), 21);
        assert!(lines[..10].iter().all(|l| l.starts_with("::error ")));
        assert!(lines[10..20].iter().all(|l| l.starts_with("::warning ")));
        assert!(lines[20].starts_with("::notice ") && lines[20].contains("22 more"));
        assert_eq!(left.len(), 22);
        assert!(not_annotated(&left).contains("- `p.md:41` error"));
    }
}
