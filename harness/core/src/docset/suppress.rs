//! A page annotation's `suppressions` (API Doctor's texts, `Error: SUBJECT: DETAIL`): each
//! silences the page's findings it names. SUBJECT is the page (its file name) or an example
//! (`name`, or `name/property`): then only findings within that example, about that property.

use super::Page;
use crate::model::{Code, Diagnostic, Severity};

/// Whether a suppression of the page silences `d`.
pub(super) fn silenced(page: &Page<'_>, d: &Diagnostic) -> bool {
    page.facts
        .suppressions
        .iter()
        .any(|(text, _)| matches(page, text, d))
}

/// The page's suppressions that silence none of `findings` (all its findings, before they
/// were silenced), as warnings.
pub fn unused_suppressions(page: &Page<'_>, findings: &[Diagnostic]) -> Vec<Diagnostic> {
    let unused = page
        .facts
        .suppressions
        .iter()
        .filter(|(text, _)| !findings.iter().any(|d| matches(page, text, d)));
    unused
        .map(|(text, line)| Diagnostic {
            file: page.shown.to_owned(),
            line: *line,
            column: 1,
            severity: Severity::Warning,
            code: Code::UnusedSuppression,
            message: format!("suppression `{text}` silences nothing: remove it"),
            source_line: None,
        })
        .collect()
}

fn matches(page: &Page<'_>, text: &str, d: &Diagnostic) -> bool {
    let text = text.trim();
    let text = ["Error:", "Warning:"]
        .iter()
        .find_map(|p| text.strip_prefix(p))
        .unwrap_or(text)
        .trim();
    let (subject, detail) = text.split_once(':').unwrap_or((text, ""));
    let (subject, detail) = (subject.trim(), detail.trim());
    let detail_fits = detail.is_empty()
        || d.message.contains(detail)
        || quoted(&d.message).any(|q| detail.contains(q));
    let name = page.path.rsplit('/').next().unwrap_or("");
    if subject.eq_ignore_ascii_case(name)
        || subject.eq_ignore_ascii_case(name.trim_end_matches(".md"))
    {
        return detail_fits;
    }
    let (example, property) = subject.split_once('/').unwrap_or((subject, ""));
    let examples = &page.doc.examples;
    let Some(i) = examples
        .iter()
        .position(|e| e.annotation.names.iter().any(|n| n == example))
    else {
        return false;
    };
    let start = examples[i].annotation.line;
    let end = examples.get(i + 1).map_or(u32::MAX, |e| e.annotation.line);
    let property = property.rsplit(['/', '.']).next().unwrap_or("");
    (start..end).contains(&d.line)
        && (property.is_empty() || d.message.contains(property))
        && detail_fits
}

/// The parts of a message written between backticks.
fn quoted(message: &str) -> impl Iterator<Item = &str> {
    message
        .split('`')
        .skip(1)
        .step_by(2)
        .filter(|q| !q.is_empty())
}
