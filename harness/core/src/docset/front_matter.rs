//! `front-matter-*`: the YAML front matter, read by a YAML parser (serde_norway): it parses,
//! holds every required key, and names one of API Doctor's page types in `doc_type`.

use super::closest::closest;
use super::{DocSetConfig, Page, finding, suggest};
use crate::model::{Code, Diagnostic};

/// API Doctor's page types, beside those `document-outline.json` names.
const PAGE_TYPES: [&str; 4] = [
    "apiPageType",
    "resourcePageType",
    "conceptualPageType",
    "enumPageType",
];

/// Checks the front matter into `out`; returns the page's `doc_type` when it is a known one.
pub(super) fn check(
    page: &Page<'_>,
    config: &DocSetConfig,
    out: &mut Vec<Diagnostic>,
) -> Option<String> {
    let Some(front) = &page.facts.front_matter else {
        if !config.required_keys.is_empty() {
            let message = format!(
                "the page has no YAML front matter: open it with `---`, the keys {}, and `---`",
                config.required_keys.join(", ")
            );
            out.push(finding(page, 1, 1, Code::FrontMatterMissing, message));
        }
        return None;
    };
    if !front.closed {
        out.push(finding(
            page,
            1,
            1,
            Code::FrontMatterInvalid,
            "the front matter is never closed: end it with a line `---`".into(),
        ));
        return None;
    }
    let value: serde_norway::Value = match serde_norway::from_str(&front.text) {
        Ok(value) => value,
        Err(err) => {
            let (line, column) = err
                .location()
                .map_or((0, 1), |l| (l.line() as u32 - 1, l.column() as u32));
            let message = format!(
                "the front matter is not valid YAML: {}",
                plain(&err.to_string())
            );
            out.push(finding(
                page,
                front.line + line,
                column,
                Code::FrontMatterInvalid,
                message,
            ));
            return None;
        }
    };
    let Some(map) = value.as_mapping() else {
        out.push(finding(
            page,
            front.line,
            1,
            Code::FrontMatterInvalid,
            "the front matter is not a set of `key: value` lines".into(),
        ));
        return None;
    };
    let keys: Vec<&str> = map.keys().filter_map(|k| k.as_str()).collect();
    let line_of = |key: &str| key_line(&front.text, key).map_or(front.line, |l| front.line + l);
    for key in &config.required_keys {
        let present = map.get(key.as_str()).is_some_and(|v| !v.is_null());
        if !present {
            let near = closest(
                key,
                keys.iter()
                    .copied()
                    .filter(|k| !config.required_keys.contains(&k.to_string())),
            );
            let message = format!(
                "the front matter has no `{key}`, which every page needs{}",
                suggest(near)
            );
            out.push(finding(
                page,
                near.map_or(front.line - 1, line_of),
                1,
                Code::FrontMatterMissingKey,
                message,
            ));
        }
    }
    let doc_type = map.get("doc_type")?.as_str()?.trim();
    let known = PAGE_TYPES
        .iter()
        .copied()
        .chain(config.outline.iter().map(|(t, _)| t.as_str()));
    let known: Vec<&str> = known.collect();
    if known.contains(&doc_type) {
        return Some(doc_type.to_owned());
    }
    let near = closest(doc_type, known.iter().copied());
    let message = format!(
        "`doc_type: {doc_type}` is not a page type API Doctor knows ({}), so it would skip this page's checks{}",
        PAGE_TYPES.join(", "),
        suggest(near)
    );
    out.push(finding(
        page,
        line_of("doc_type"),
        1,
        Code::FrontMatterUnknownDocType,
        message,
    ));
    None
}

/// The 0-based line of `key:` at the start of a line of the YAML.
fn key_line(yaml: &str, key: &str) -> Option<u32> {
    yaml.lines()
        .position(|l| {
            l.strip_prefix(key)
                .is_some_and(|r| r.trim_start().starts_with(':'))
        })
        .map(|i| i as u32)
}

/// The parser's message without its own location (the finding has it).
fn plain(message: &str) -> &str {
    message.split(" at line ").next().unwrap_or(message)
}
