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
}

/// A documented segment: a placeholder or GUID matches anything; text around placeholders stays.
pub(super) fn segment(text: &str) -> Vec<Part> {
    if is_guid(text) {
        return vec![Part::Any];
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

/// Whether `text` fits the parts: `Any` takes one or more characters.
pub(super) fn fits(parts: &[Part], text: &str) -> bool {
    match parts.split_first() {
        None => text.is_empty(),
        Some((Part::Text(t), rest)) => {
            text.get(..t.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(t))
                && fits(rest, &text[t.len()..])
        }
        Some((Part::Any, rest)) => (1..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .any(|i| fits(rest, &text[i..])),
    }
}
