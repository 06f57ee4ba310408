//! A fast reading of the front matter most pages have: `key: value` lines with plain or simply
//! quoted scalars. Anything else (nesting, comments, continued lines, escapes, a value YAML
//! would read as other than a string) is left to the YAML parser, so the findings are the same.

/// The `key: value` pairs of `yaml` (a value of `None` is null) when every line is a simple
/// `key: value`; `None`: ask the parser.
pub(super) fn read(yaml: &str) -> Option<Vec<(&str, Option<&str>)>> {
    let mut map: Vec<(&str, Option<&str>)> = Vec::new();
    for line in yaml.lines() {
        if line.trim().is_empty() {
            continue;
        }
        let (key, value) = line.split_once(':')?;
        if !plain_key(key) {
            return None;
        }
        let value = scalar(value)?;
        if key == "doc_type" && !value.is_some_and(word) {
            return None;
        }
        if map.iter().any(|(k, _)| *k == key) {
            return None;
        }
        map.push((key, value));
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

/// A value after `key:`: null (`None`) when empty or `~`/`null`, a string when plain or
/// simply quoted; `None` outside: ask the parser.
fn scalar(raw: &str) -> Option<Option<&str>> {
    if !raw.is_empty() && !raw.starts_with(' ') {
        return None;
    }
    let value = raw.trim_matches(' ');
    if memchr::memchr3(b'\t', b'\r', b'\\', value.as_bytes()).is_some() {
        return None;
    }
    if value.is_empty() || matches!(value, "~" | "null" | "Null" | "NULL") {
        return Some(None);
    }
    for quote in ['"', '\''] {
        if let Some(rest) = value.strip_prefix(quote) {
            let inner = rest.strip_suffix(quote)?;
            return (!inner.contains(quote)).then_some(Some(inner));
        }
    }
    let first = value.chars().next()?;
    let starts_plain = first.is_alphanumeric() || matches!(first, '(' | '.' | '/' | '_' | '$');
    let plain = starts_plain
        && !comment_or_mapping(value.as_bytes())
        && !value.ends_with(':')
        && !special(value);
    plain.then_some(Some(value))
}

/// Whether `value` holds `: ` (a mapping) or ` #` (a comment).
fn comment_or_mapping(value: &[u8]) -> bool {
    memchr::memchr2_iter(b':', b'#', value).any(|at| match value[at] {
        b':' => value.get(at + 1) == Some(&b' '),
        _ => at > 0 && value[at - 1] == b' ',
    })
}

/// A word YAML reads as a string: letters and digits, starting with a letter.
fn word(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && s.chars().all(|c| c.is_ascii_alphanumeric())
}

/// A scalar YAML could read as other than a string (a bool, a number, a null, …): left to it.
fn special(s: &str) -> bool {
    const WORDS: [&str; 10] = [
        "true", "false", "yes", "no", "on", "off", "y", "n", "null", "~",
    ];
    let starts = |prefix: &str| {
        s.get(..prefix.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(prefix))
    };
    // Told by the first byte: most values (titles, names) start as none of these do.
    match s.as_bytes().first().map(u8::to_ascii_lowercase) {
        Some(b't' | b'f' | b'y' | b'n' | b'o' | b'~') => {
            WORDS.iter().any(|w| s.eq_ignore_ascii_case(w))
        }
        Some(b'.' | b'+' | b'-' | b'0'..=b'9') => {
            starts(".inf")
                || starts(".nan")
                || s.parse::<f64>().is_ok()
                || s.starts_with("0x")
                || s.starts_with("0o")
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_norway::Value;

    /// `: ` and ` #` are found as a look at every two bytes finds them.
    #[test]
    fn mappings_and_comments_are_found_as_every_two_bytes_show_them() {
        for value in [
            "a: b", "a:b", "a #b", "a#b", "#a", "a:", ": ", " #", "", "x:y # z",
        ] {
            let pairs = (value.as_bytes().windows(2)).any(|w| w == b": " || w == b" #");
            assert_eq!(comment_or_mapping(value.as_bytes()), pairs, "{value:?}");
        }
    }

    /// Telling by the first byte finds the scalars the whole test found.
    #[test]
    fn special_scalars_are_told_by_their_first_byte_as_by_every_test() {
        const WORDS: [&str; 10] = [
            "true", "false", "yes", "no", "on", "off", "y", "n", "null", "~",
        ];
        let every = |s: &str| {
            let starts = |p: &str| s.get(..p.len()).is_some_and(|h| h.eq_ignore_ascii_case(p));
            WORDS.iter().any(|w| s.eq_ignore_ascii_case(w))
                || starts(".inf")
                || starts(".nan")
                || s.starts_with(|c: char| c.is_ascii_digit() || c == '.' || c == '+' || c == '-')
                    && s.parse::<f64>().is_ok()
                || s.starts_with("0x")
                || s.starts_with("0o")
        };
        let cases = [
            "",
            "True",
            "FALSE",
            "Yes",
            "no",
            "On",
            "OFF",
            "y",
            "N",
            "null",
            "~",
            "~x",
            ".inf",
            ".NaN",
            "-.inf",
            "+1",
            "-2.5",
            "1e3",
            "0x1f",
            "0o7",
            "07",
            ".",
            "-",
            "inf",
            "nan",
            "Infinity",
            "title",
            "yesterday",
            "nothing",
            "off-line",
            "tr",
            "ü",
            "é1",
        ];
        for s in cases {
            assert_eq!(special(s), every(s), "{s:?}");
        }
    }

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
            let keys: Vec<Option<&str>> = parsed.keys().map(Value::as_str).collect();
            let fast_keys: Vec<Option<&str>> = fast.iter().map(|(k, _)| Some(*k)).collect();
            assert_eq!(fast_keys, keys, "{yaml}");
            for ((_, fast), (_, value)) in fast.iter().zip(&parsed) {
                assert_eq!(fast.is_none(), value.is_null(), "{yaml}");
                assert_eq!(*fast, value.as_str(), "{yaml}");
            }
        }
        assert_eq!(taken, 2, "the two simple cases are taken");
    }
}
