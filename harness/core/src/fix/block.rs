//! The edits of one example's response block: where the block is in the page, its status line,
//! its headers, and (through [`super::body`]) its JSON body; then a check that they suffice.

use std::ops::Range;

use super::edit::{Edit, apply, line_end, next_line};
use crate::compare::{
    self, MatchMode, Mismatch, NEVER_COMPARED, Observed, ObservedBody, Problem, Rules,
};
use crate::doc::extract::canonical_reason;
use crate::doc::http::{ResponseBlock, parse_response};
use crate::model::{Body, Example, Response};

/// Why an example's failure cannot be fixed by editing its page.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Unfixable {
    /// The example documents no response.
    #[error("no documented response to fix")]
    NoResponse,
    /// The response block is not where the docs said, or is indented or quoted.
    #[error("the response block at line {line} is indented, quoted or gone; fix it by hand")]
    Block {
        /// The block's fence line.
        line: u32,
    },
    /// A difference an edit of the JSON cannot mend (a body that is not JSON, a schema finding).
    #[error("{0}: not fixable by editing the documented JSON")]
    Mismatch(String),
    /// The edits would not make the example pass.
    #[error("the edited block would still differ: {0}")]
    Remaining(String),
}

/// Whether `mismatches` (of `response` against `observed`) are all of the kinds [`edits`]
/// mends, and there is at least one: the status, a missing or differing header, values and
/// members of a JSON body.
pub fn fixable(response: &Response, observed: &Observed, mismatches: &[Mismatch]) -> bool {
    !mismatches.is_empty()
        && mismatches.iter().all(mendable)
        && (json_bodies(response, observed)
            || !mismatches.iter().any(|m| m.pointer.starts_with("/body")))
}

fn json_bodies(response: &Response, observed: &Observed) -> bool {
    matches!(
        (&response.body, &observed.body),
        (Body::Json { .. }, ObservedBody::Json(_))
    )
}

fn mendable(m: &Mismatch) -> bool {
    match m.problem {
        Problem::NotJson | Problem::Schema => false,
        _ if m.pointer == "/status" || m.pointer.starts_with("/headers/") => true,
        Problem::Differs | Problem::WrongType => m.pointer.starts_with("/body"),
        Problem::Missing | Problem::Unexpected => m.pointer.starts_with("/body/"),
    }
}

/// The edits of `page` (the example's page, as read, without a BOM) that make `example` pass
/// against `observed` under `rules` and `mode`; none when it passes already. Values the rules
/// treat as generated keep their documented sample.
pub fn edits(
    page: &str,
    example: &Example,
    observed: &Observed,
    rules: &Rules,
    mode: MatchMode,
) -> Result<Vec<Edit>, Unfixable> {
    edits_in_order(page, example, observed, rules, mode, None)
}

/// [`edits`], with the answer's body as the service wrote it (`answer`): an added member then
/// goes after its neighbour in the service's order, not after the last documented member.
pub fn edits_in_order(
    page: &str,
    example: &Example,
    observed: &Observed,
    rules: &Rules,
    mode: MatchMode,
    answer: Option<&str>,
) -> Result<Vec<Edit>, Unfixable> {
    let response = example.response.as_ref().ok_or(Unfixable::NoResponse)?;
    let mismatches = compare::compare(response, observed, rules, mode);
    if mismatches.is_empty() {
        return Ok(Vec::new());
    }
    let json = json_bodies(response, observed);
    let unmendable = |m: &&Mismatch| !mendable(m) || (!json && m.pointer.starts_with("/body"));
    if let Some(m) = mismatches.iter().find(unmendable) {
        return Err(Unfixable::Mismatch(m.describe()));
    }
    let line = response.line;
    let range = block(page, line).ok_or(Unfixable::Block { line })?;
    let text = &page[range.clone()];
    let parsed = parse_response(text).map_err(|_| Unfixable::Block { line })?;
    let mut out: Vec<Edit> = status(text, &parsed, observed.status).into_iter().collect();
    out.extend(headers(text, &parsed, observed));
    if let (Body::Json { value, .. }, ObservedBody::Json(actual)) = (&response.body, &observed.body)
        && mismatches.iter().any(|m| m.pointer.starts_with("/body"))
    {
        let body = &parsed.message;
        let annotation = &response.annotation;
        let found = super::body::edits(&body.body, value, actual, annotation, rules, mode, answer)?;
        out.extend(found.into_iter().map(|e| e.shifted(body.body_offset)));
    }
    let out: Vec<Edit> = out.into_iter().map(|e| e.shifted(range.start)).collect();
    verify(page, example, observed, rules, mode, &out)?;
    Ok(out)
}

/// The text of the fenced block whose opening fence is on 1-based `line`: from the line after
/// the fence to the start of the closing fence. `None` when the fence is indented or quoted.
pub(crate) fn block(page: &str, line: u32) -> Option<Range<usize>> {
    let mut starts = std::iter::once(0).chain(page.match_indices('\n').map(|(i, _)| i + 1));
    let fence_at = starts.nth(line.checked_sub(1)? as usize)?;
    let fence_line = &page[fence_at..line_end(page, fence_at)];
    let marker = fence_line
        .chars()
        .next()
        .filter(|c| matches!(c, '`' | '~'))?;
    let width = fence_line.chars().take_while(|&c| c == marker).count();
    if width < 3 {
        return None;
    }
    let start = next_line(page, fence_at);
    let mut at = start;
    while at < page.len() {
        let text = &page[at..line_end(page, at)];
        let run = text
            .trim_start()
            .chars()
            .take_while(|&c| c == marker)
            .count();
        if run >= width && text.trim_start()[run..].trim().is_empty() {
            return Some(start..at);
        }
        at = next_line(page, at);
    }
    None
}

/// The status line's code (and its reason phrase, when one is written) changed to `status`.
fn status(text: &str, parsed: &ResponseBlock, status: u16) -> Option<Edit> {
    if parsed.status == status {
        return None;
    }
    let at = parsed.status_offset;
    let line = &text[at..line_end(text, at)];
    let code = line.find(&parsed.status.to_string())?;
    let end = line.trim_end().len();
    let new = match (&parsed.reason, canonical_reason(status)) {
        (Some(_), Some(reason)) => format!("{status} {reason}"),
        _ => status.to_string(),
    };
    let end = if parsed.reason.is_some() {
        end
    } else {
        code + 3
    };
    Some(Edit::new(at + code..at + end, new))
}

/// Documented headers the answer does not have removed; a differing Content-Type rewritten.
fn headers(text: &str, parsed: &ResponseBlock, observed: &Observed) -> Vec<Edit> {
    let mut out = Vec::new();
    for (name, value, at) in &parsed.message.headers {
        let lower = name.to_ascii_lowercase();
        if NEVER_COMPARED.contains(&lower.as_str()) {
            continue;
        }
        match observed.headers.get(&lower) {
            None => out.push(Edit::new(*at..next_line(text, *at), "")),
            Some(actual)
                if lower == "content-type"
                    && compare::media_type(actual) != compare::media_type(value) =>
            {
                let start = at + text[*at..].find(value.as_str()).unwrap_or(0);
                out.push(Edit::new(start..line_end(text, *at), actual.clone()));
            }
            Some(_) => {}
        }
    }
    out
}

/// Checks that the edited page's example passes; the first difference left otherwise.
fn verify(
    page: &str,
    example: &Example,
    observed: &Observed,
    rules: &Rules,
    mode: MatchMode,
    edits: &[Edit],
) -> Result<(), Unfixable> {
    let edited = apply(page, edits);
    let doc = crate::doc::extract::extract_examples(&example.file, &edited);
    let again = doc
        .examples
        .iter()
        .find(|e| e.line() == example.line())
        .and_then(|e| e.response.as_ref());
    let Some(response) = again else {
        return Err(Unfixable::Remaining("the example is gone".into()));
    };
    match compare::compare(response, observed, rules, mode).first() {
        Some(left) => Err(Unfixable::Remaining(left.describe())),
        None => Ok(()),
    }
}
