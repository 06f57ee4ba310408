//! Placeholders: `{name}`, `{a | b}` and `<name>` in documented text, filled from values. Pure.

use percent_encoding::{AsciiSet, CONTROLS};
use serde_json::Value;

/// Bytes percent-encoded in a placeholder value: everything that would change the URL's shape.
pub(crate) const VALUE: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'/')
    .add(b'?')
    .add(b'&')
    .add(b'<')
    .add(b'>')
    .add(b'`')
    .add(b'{')
    .add(b'}');

/// The names in `{id | userPrincipalName}`.
pub fn alternatives(spec: &str) -> impl Iterator<Item = &str> {
    spec.split('|').map(str::trim).filter(|s| !s.is_empty())
}

/// A stand-in for a placeholder with no value, for the built-in mock: any segment matches there.
pub fn sample_value(spec: &str) -> String {
    alternatives(spec)
        .next()
        .unwrap_or("value")
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect::<String>()
        + "-sample"
}

/// Replaces `{name}` and `<name>` placeholders with what `value` gives; left as written when it
/// gives nothing.
pub fn fill_placeholders(text: &str, value: &mut dyn FnMut(&str) -> Option<String>) -> String {
    fill_with(text, &['{', '<'], value)
}

/// Like [`fill_placeholders`] for `{name}` only: in bodies and headers `<…>` is usually markup.
pub fn fill_braces(text: &str, value: &mut dyn FnMut(&str) -> Option<String>) -> String {
    fill_with(text, &['{'], value)
}

fn fill_with(
    text: &str,
    opening: &[char],
    value: &mut dyn FnMut(&str) -> Option<String>,
) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find(opening) {
        let close_char = if rest.as_bytes()[open] == b'{' {
            '}'
        } else {
            '>'
        };
        let Some(len) = rest[open + 1..].find(close_char) else {
            break;
        };
        let spec = &rest[open + 1..open + 1 + len];
        let is_name = !spec.trim().is_empty()
            && spec
                .chars()
                .all(|c| c.is_alphanumeric() || " |-_.".contains(c));
        out.push_str(&rest[..open]);
        match is_name.then(|| value(spec)).flatten() {
            Some(v) => out.push_str(&v),
            None => out.push_str(&rest[open..open + len + 2]),
        }
        rest = &rest[open + len + 2..];
    }
    out.push_str(rest);
    out
}

/// Fills placeholders in every string of `value` with `fill`.
pub fn fill_strings(value: &mut Value, fill: &mut dyn FnMut(&str) -> String) {
    match value {
        Value::String(s) if s.contains('{') => *s = fill(s),
        Value::Array(items) => items.iter_mut().for_each(|v| fill_strings(v, fill)),
        Value::Object(map) => map.values_mut().for_each(|v| fill_strings(v, fill)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_of_both_kinds_are_filled_and_others_left() {
        let mut value = |spec: &str| (spec == "row").then(|| "5".to_owned());
        assert_eq!(
            fill_placeholders("Cell(row=<row>,column=<column>) {\"json\": 1}", &mut value),
            "Cell(row=5,column=<column>) {\"json\": 1}"
        );
    }
}
