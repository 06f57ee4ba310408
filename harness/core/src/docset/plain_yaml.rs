//! A fast reading of the front matter most pages have: `key: value` lines with plain or simply
//! quoted scalars. Anything else (nesting, comments, continued lines, escapes, a value YAML
//! would read as other than a string) is left to the YAML parser, so the findings are the same.

use serde_norway::{Mapping, Value};

/// The mapping of `yaml` when every line is a simple `key: value`; `None`: ask the parser.
pub(super) fn read(yaml: &str) -> Option<Mapping> {
    let mut map = Mapping::new();
    for line in yaml.lines() {
        if line.trim().is_empty() {
            continue;
        }
        let (key, value) = line.split_once(':')?;
        if !plain_key(key) {
            return None;
        }
        let value = scalar(value)?;
        if key == "doc_type" && !matches!(&value, Value::String(s) if word(s)) {
            return None;
        }
        if map.insert(Value::String(key.to_owned()), value).is_some() {
            return None;
        }
    }
    (!map.is_empty()).then_some(map)
}

/// A key YAML reads as this very string: a letter, then letters, digits, `_`, `.`, `-`.
fn plain_key(key: &str) -> bool {
    let mut chars = key.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
        && !special(key)
}

/// A value after `key:`: null when empty or `~`/`null`, a string when plain or simply quoted.
fn scalar(raw: &str) -> Option<Value> {
    if !raw.is_empty() && !raw.starts_with(' ') {
        return None;
    }
    let value = raw.trim_matches(' ');
    if value.contains(['\t', '\r', '\\']) {
        return None;
    }
    if value.is_empty() || matches!(value, "~" | "null" | "Null" | "NULL") {
        return Some(Value::Null);
    }
    for quote in ['"', '\''] {
        if let Some(rest) = value.strip_prefix(quote) {
            let inner = rest.strip_suffix(quote)?;
            return (!inner.contains(quote)).then(|| Value::String(inner.to_owned()));
        }
    }
    let first = value.chars().next()?;
    let starts_plain = first.is_alphanumeric() || matches!(first, '(' | '.' | '/' | '_' | '$');
    let plain = starts_plain
        && !value.contains(": ")
        && !value.contains(" #")
        && !value.ends_with(':')
        && !special(value);
    plain.then(|| Value::String(value.to_owned()))
}

/// A word YAML reads as a string: letters and digits, starting with a letter.
fn word(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && s.chars().all(|c| c.is_ascii_alphanumeric())
}

/// A scalar YAML could read as other than a string (a bool, a number, a null, …): left to it.
fn special(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    matches!(
        lower.as_str(),
        "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n" | "null" | "~"
    ) || lower.starts_with(".inf")
        || lower.starts_with(".nan")
        || s.starts_with(|c: char| c.is_ascii_digit() || c == '.' || c == '+' || c == '-')
            && s.parse::<f64>().is_ok()
        || s.starts_with("0x")
        || s.starts_with("0o")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every front matter the fast reading takes, it reads as the YAML parser does.
    #[test]
    fn agrees_with_the_parser_or_declines() {
        let cases = [
            "title: \"user: get\"\ndescription: Get a user.\nms.date: 03/12/2024\ndoc_type: apiPageType\n",
            "title: x\nauthor:\ndoc_type: resourcePageType\n",
            "a: 1\nb: 1.5\nc: true\n",
            "title: 'it''s'\n",
            "doc_type: 12\n",
            "title: a # comment\n",
            "description: first\n  continued\n",
            "tags:\n  - a\n",
            "title: x\ntitle: y\n",
            "title: [a, b]\n",
            "version: 1.0\nname: ~\nother: null\n",
        ];
        let mut taken = 0;
        for yaml in cases {
            let Some(fast) = read(yaml) else { continue };
            taken += 1;
            let parsed: Value = serde_norway::from_str(yaml).expect("valid YAML");
            let Value::Mapping(parsed) = parsed else {
                panic!("{yaml}: not a mapping")
            };
            let keys = |m: &Mapping| {
                m.keys()
                    .map(|k| k.as_str().map(str::to_owned))
                    .collect::<Vec<_>>()
            };
            assert_eq!(keys(&fast), keys(&parsed), "{yaml}");
            for (key, value) in &parsed {
                assert_eq!(fast[key].is_null(), value.is_null(), "{yaml}");
            }
            assert_eq!(
                fast.get("doc_type").map(Value::as_str),
                parsed.get("doc_type").map(Value::as_str),
                "{yaml}"
            );
        }
        assert_eq!(taken, 2, "the two simple cases are taken");
    }
}
