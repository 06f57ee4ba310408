//! The edits of a documented JSON body: each difference the comparison finds, mended where it
//! stands in the text.

use std::collections::BTreeMap;

use serde_json::Value;

use super::block::Unfixable;
use super::container::{Container, Pending};
use super::edit::{Edit, line_start};
use super::render::{Style, quote_of};
use crate::compare::json::{self, Options};
use crate::compare::{MatchMode, Mismatch, Problem, Rules};
use crate::doc::lenient::{Span, layout};
use crate::model::Annotation;

/// The edits of the body `text` (documented as `documented`) that make it agree with `actual`.
pub(super) fn edits(
    text: &str,
    documented: &Value,
    actual: &Value,
    annotation: &Annotation,
    rules: &Rules,
    mode: MatchMode,
    answer: Option<&str>,
) -> Result<Vec<Edit>, Unfixable> {
    let order = answer.and_then(|a| layout(a).ok());
    let spans = layout(text).map_err(|e| Unfixable::Mismatch(format!("body JSON: {e}")))?;
    let style = Style::of(text);
    let mut out = Vec::new();
    let mut pending: BTreeMap<String, Pending> = BTreeMap::new();
    for m in differences(documented, actual, annotation, rules, mode) {
        let pointer = &m.pointer["/body".len()..];
        let (parent, _) = pointer.rsplit_once('/').unwrap_or(("", ""));
        match m.problem {
            Problem::Differs | Problem::WrongType => {
                let span = find(&spans, pointer)?;
                let range = span.value.clone().ok_or_else(|| missing(pointer))?;
                let value = actual.pointer(pointer).ok_or_else(|| missing(pointer))?;
                let indent = indent(text, span.start);
                let style = style.quoted(quote_of(&text[range.clone()]).unwrap_or('"'));
                out.push(Edit::new(range, style.value(value, indent)));
            }
            Problem::Missing => {
                let changes = pending.entry(parent.into()).or_default();
                changes.removed.push(pointer.to_owned());
            }
            Problem::Unexpected if let Some(dots) = elided(text, &spans, pointer) => {
                // `"key": ...` reads as no member at all: the answer's value takes the `...`.
                let value = actual.pointer(pointer).ok_or_else(|| missing(pointer))?;
                let span = find(&spans, pointer)?;
                let quote = quote_of(&text[span.start..]).unwrap_or('"');
                out.push(Edit::new(
                    dots,
                    style.quoted(quote).value(value, indent(text, span.start)),
                ));
            }
            Problem::Unexpected => {
                let changes = pending.entry(parent.into()).or_default();
                changes.added.push(pointer.to_owned());
            }
            _ => return Err(Unfixable::Mismatch(m.describe())),
        }
    }
    for (parent, changes) in pending {
        let container = Container::new(text, &spans, &parent, &style, order.as_deref())?;
        let value = actual.pointer(&parent).ok_or_else(|| missing(&parent))?;
        out.extend(container.edits(&changes, value)?);
    }
    Ok(out)
}

/// The edits of the JSON `text` (read as `documented`) that add the members `actual` has
/// beyond it, each after its neighbour in the order of `order` (a JSON text of the same
/// members), in the text's own layout.
pub(crate) fn added_member(
    text: &str,
    documented: &Value,
    actual: &Value,
    order: &str,
) -> Result<Vec<Edit>, Unfixable> {
    let annotation = Annotation::new(0, crate::model::BlockType::Resource);
    let rules = Rules {
        defaults: false,
        rules: Vec::new(),
    };
    edits(
        text,
        documented,
        actual,
        &annotation,
        &rules,
        MatchMode::Exact,
        Some(order),
    )
}

/// The differences to mend: the comparison's, with collection items held by position (a fix that
/// makes every item agree at its index makes them agree in any order too).
fn differences(
    documented: &Value,
    actual: &Value,
    annotation: &Annotation,
    rules: &Rules,
    mode: MatchMode,
) -> Vec<Mismatch> {
    let shape = mode == MatchMode::Shape || annotation.expect_error;
    let options = Options {
        truncated: annotation.truncated,
        shape,
        collection: None,
        generated: rules.defaults,
    };
    let mut out = Vec::new();
    if rules.rules.is_empty() {
        json::diff(documented, actual, "/body", &options, &mut out);
    } else {
        let (documented, actual) = (
            rules.configured(documented.clone()),
            rules.configured(actual.clone()),
        );
        json::diff(&documented, &actual, "/body", &options, &mut out);
    }
    out
}

/// The `...` of a member written `"key": ...` at `pointer`, when there is one.
fn elided(text: &str, spans: &[Span], pointer: &str) -> Option<std::ops::Range<usize>> {
    let span = spans
        .iter()
        .find(|s| s.pointer == pointer && s.value.is_none())?;
    let end = span.comma.unwrap_or(text.len());
    let at = span.start + text[span.start..end].find("...")?;
    text[span.start..at]
        .trim_end()
        .ends_with(':')
        .then_some(at..at + 3)
}

/// The span at `pointer`.
pub(super) fn find<'a>(spans: &'a [Span], pointer: &str) -> Result<&'a Span, Unfixable> {
    spans
        .iter()
        .find(|s| s.pointer == pointer)
        .ok_or_else(|| missing(pointer))
}

/// The white space before the line holding `at`, when only white space stands before `at`.
pub(super) fn indent(text: &str, at: usize) -> &str {
    let before = &text[line_start(text, at)..at];
    let len = before.len() - before.trim_start_matches([' ', '\t']).len();
    &before[..len]
}

fn missing(pointer: &str) -> Unfixable {
    Unfixable::Mismatch(format!("/body{pointer}: not found in the documented text"))
}
