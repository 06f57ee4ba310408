//! `outline-*`: the headings `document-outline.json` requires of a page type (title patterns
//! with `*`, level, required, nested headers, OR conditions): missing, misspelt, in another
//! case, or out of order.

use serde_json::Value;

use super::closest::closest;
use super::facts::Heading;
use super::{DocSetConfig, Page, finding};
use crate::model::{Code, Diagnostic};

/// Checks the page's headings against the rules of its page type into `out`.
pub(super) fn check(
    page: &Page<'_>,
    config: &DocSetConfig,
    doc_type: Option<&str>,
    out: &mut Vec<Diagnostic>,
) {
    let Some((_, rules)) = config
        .outline
        .iter()
        .find(|(t, _)| Some(t.as_str()) == doc_type)
    else {
        return;
    };
    let headings = &page.facts.headings;
    let mut last = 0;
    for rule in rules.as_array().into_iter().flatten() {
        rule_check(page, rule, headings, &mut last, out);
    }
}

/// One rule against `headings` (a section); `last` is the index of the heading matched before.
fn rule_check(
    page: &Page<'_>,
    rule: &Value,
    headings: &[Heading],
    last: &mut usize,
    out: &mut Vec<Diagnostic>,
) {
    if rule["condition"]
        .as_str()
        .is_some_and(|c| c.eq_ignore_ascii_case("OR"))
    {
        return any_of(page, rule, headings, last, out);
    }
    let (Some(title), Some(level)) = (rule["title"].as_str(), rule["level"].as_u64()) else {
        return;
    };
    let required = rule["required"].as_bool().unwrap_or(false);
    let level = level as u8;
    let at_level = |h: &&Heading| h.level == level;
    let Some(index) = headings
        .iter()
        .position(|h| h.level == level && matches(title, &h.text, false))
    else {
        if let Some(h) = headings
            .iter()
            .filter(at_level)
            .find(|h| matches(title, &h.text, true))
        {
            let message = format!(
                "heading `{}` should read `{title}` (its case differs)",
                h.text
            );
            out.push(finding(page, h.line, 1, Code::OutlineHeadingCase, message));
        } else if required {
            missing(page, title, level, headings, out);
        }
        return;
    };
    let heading = &headings[index];
    if index < *last {
        let message = format!(
            "heading `{}` is out of order: the page type puts it after `{}`",
            heading.text, headings[*last].text
        );
        out.push(finding(
            page,
            heading.line,
            1,
            Code::OutlineHeadingOrder,
            message,
        ));
    }
    *last = index;
    let end = (headings[index + 1..].iter().position(|h| h.level <= level))
        .map_or(headings.len(), |p| index + 1 + p);
    let mut inner = 0;
    for child in rule["headers"].as_array().into_iter().flatten() {
        rule_check(page, child, &headings[index + 1..end], &mut inner, out);
    }
}

/// An OR condition: the first argument that holds wins; when none does, the one that came
/// nearest (a heading to rename) speaks.
fn any_of(
    page: &Page<'_>,
    rule: &Value,
    headings: &[Heading],
    last: &mut usize,
    out: &mut Vec<Diagnostic>,
) {
    let arguments = rule["arguments"].as_array().map_or(&[][..], Vec::as_slice);
    let mut tries = Vec::new();
    for argument in arguments {
        let (mut found, mut at) = (Vec::new(), *last);
        rule_check(page, argument, headings, &mut at, &mut found);
        if found.is_empty() {
            *last = at;
            return;
        }
        tries.push(found);
    }
    // None holds: the argument that came nearest speaks.
    let suggests =
        |found: &Vec<Diagnostic>| found.iter().any(|d| d.message.contains("should read"));
    let nearest = tries
        .iter()
        .position(suggests)
        .or((!tries.is_empty()).then_some(0));
    out.extend(nearest.map(|i| tries.swap_remove(i)).unwrap_or_default());
}

fn missing(
    page: &Page<'_>,
    title: &str,
    level: u8,
    headings: &[Heading],
    out: &mut Vec<Diagnostic>,
) {
    let hashes = "#".repeat(level as usize);
    let same_level = headings.iter().filter(|h| h.level == level);
    let near = match title.contains('*') {
        true => None,
        false => closest(title, same_level.map(|h| h.text.as_str())),
    };
    let (line, message) = match near.and_then(|n| headings.iter().find(|h| h.text == n)) {
        Some(h) => (
            h.line,
            format!(
                "heading `{}` should read `{title}`: the page type requires `{hashes} {title}`",
                h.text
            ),
        ),
        None => {
            let line = headings.first().map_or(1, |h| h.line);
            (
                line,
                format!("the page type requires a heading `{hashes} {title}`, and there is none"),
            )
        }
    };
    out.push(finding(page, line, 1, Code::OutlineMissingHeading, message));
}

/// Whether `text` matches the title `pattern`, where `*` stands for any text.
fn matches(pattern: &str, text: &str, ignore_case: bool) -> bool {
    let (pattern, text) = match ignore_case {
        true => (pattern.to_lowercase(), text.to_lowercase()),
        false => (pattern.to_owned(), text.to_owned()),
    };
    let mut parts = pattern.split('*');
    let first = parts.next().unwrap_or("");
    let Some(mut rest) = text.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    let Some((end, middle)) = parts.split_last() else {
        return rest.is_empty();
    };
    for part in middle {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    rest.ends_with(end)
}

#[cfg(test)]
mod tests {
    use super::matches;

    #[test]
    fn titles_match_with_wildcards() {
        assert!(matches("* enum type", "status enum type", false));
        assert!(!matches("* enum type", "status Enum type", false));
        assert!(matches("* enum type", "status Enum type", true));
        assert!(matches("Members", "Members", false));
        assert!(!matches("Members", "Members list", false));
    }
}
