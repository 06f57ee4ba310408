//! The pattern of a documented path: each segment literal text or placeholders, and whether a
//! requested segment fits it. Pure.

use exemplar_core::compare::generated::is_guid;

/// A piece of a documented segment: literal text (lower case) or a placeholder.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) enum Part {
    /// Literal text, lower case.
    Text(String),
    /// A placeholder: one or more characters.
    Any,
    /// A documented GUID (lower case): that value first; any value when no route has it.
    Guid(String),
}

/// A documented segment: a placeholder matches anything, a GUID itself (anything, failing
/// that); text around placeholders stays.
pub(super) fn segment(text: &str) -> Vec<Part> {
    if is_guid(text) {
        return vec![Part::Guid(text.to_ascii_lowercase())];
    }
    let mut parts = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find(['{', '<']) {
        let close = if rest.as_bytes()[open] == b'{' {
            '}'
        } else {
            '>'
        };
        let Some(len) = rest[open..].find(close) else {
            break;
        };
        if open > 0 {
            parts.push(Part::Text(decode(&rest[..open]).to_lowercase()));
        }
        parts.push(Part::Any);
        rest = &rest[open + len + 1..];
    }
    if !rest.is_empty() {
        // Lower case: paths match case-insensitively, and routes that differ only in case are one.
        parts.push(Part::Text(decode(rest).to_lowercase()));
    }
    parts
}

/// The pairs of a documented query, sorted by key.
pub(super) fn query_parts(query: &str) -> Vec<(String, Vec<Part>)> {
    let mut pairs: Vec<_> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(key), segment(value))
        })
        .collect();
    pairs.sort_by(|a, b| a.0.cmp(&b.0));
    pairs
}

fn decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8_lossy()
        .replace('+', " ")
}

/// The decoded segments of a requested path, as routes compare them.
pub(super) fn request_segments(path: &str) -> Vec<String> {
    path.trim_end_matches('/')
        .split('/')
        .skip(1)
        .map(decode)
        .collect()
}

/// Whether `text` fits the parts: `Any` (and a documented GUID) takes one or more characters.
pub(super) fn fits(parts: &[Part], text: &str) -> bool {
    fits_as(parts, text, false)
}

/// Whether `text` fits the parts with each documented GUID as written: two examples that differ
/// in a concrete value are two requests (only placeholders stand for any value).
pub(super) fn fits_exactly(parts: &[Part], text: &str) -> bool {
    fits_as(parts, text, true)
}

fn fits_as(parts: &[Part], text: &str, exact: bool) -> bool {
    match parts.split_first() {
        None => text.is_empty(),
        Some((Part::Text(t) | Part::Guid(t), rest))
            if exact || matches!(parts.first(), Some(Part::Text(_))) =>
        {
            text.get(..t.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(t))
                && fits_as(rest, &text[t.len()..], exact)
        }
        Some((_, rest)) => (1..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .any(|i| fits_as(rest, &text[i..], exact)),
    }
}
