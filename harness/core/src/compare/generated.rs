//! Values a server generates (ids, timestamps, etags, paging links) and the rules that replace
//! them, on both sides, with a placeholder naming what the value must still look like.

use std::borrow::Cow;

use serde_json::{Map, Value};

use super::selector::Selector;

/// What a generated value must still look like to be replaced by its placeholder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Like {
    /// Anything at all.
    Any,
    /// A GUID (`8-4-4-4-12` hex digits).
    Guid,
    /// An ISO-8601 date-time.
    DateTime,
}

impl Like {
    fn placeholder(self) -> &'static str {
        match self {
            Like::Any => "[ignored]",
            Like::Guid => "[guid]",
            Like::DateTime => "[datetime]",
        }
    }

    fn fits(self, value: &Value) -> bool {
        match (self, value) {
            (Like::Any, _) => true,
            (Like::Guid, Value::String(s)) => is_guid(s),
            (Like::DateTime, Value::String(s)) => is_date_time(s),
            _ => false,
        }
    }
}

impl std::str::FromStr for Like {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "any" => Ok(Like::Any),
            "guid" => Ok(Like::Guid),
            "datetime" | "date-time" => Ok(Like::DateTime),
            other => Err(format!("`{other}` is not `any`, `guid` or `datetime`")),
        }
    }
}

/// One configured rule: the values a selector picks, and what they must look like.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// Which values.
    pub selector: Selector,
    /// What they must still look like.
    pub like: Like,
}

impl std::str::FromStr for Rule {
    type Err = String;

    /// `SELECTOR` or `SELECTOR=guid|datetime|any`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (selector, like) = match s.rsplit_once('=') {
            Some((selector, like)) => (selector, like.parse()?),
            None => (s, Like::Any),
        };
        Ok(Rule {
            selector: selector
                .parse()
                .map_err(|e: super::selector::SelectorError| e.to_string())?,
            like,
        })
    }
}

/// The rules in force: the built-in generated-value rules (unless turned off) and configured ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rules {
    /// Apply the built-in rules: GUIDs, date-times, etags, paging links.
    pub defaults: bool,
    /// Configured rules, applied after the built-in ones.
    pub rules: Vec<Rule>,
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            defaults: true,
            rules: Vec::new(),
        }
    }
}

impl Rules {
    /// Replaces generated values in `value` with their placeholders.
    pub fn normalize(&self, mut value: Value) -> Value {
        if self.defaults {
            builtin(&mut value);
        }
        self.configured(value)
    }

    /// Applies only the configured rules (comparison applies the built-in ones string by string,
    /// see [`normalize_string`]).
    pub fn configured(&self, mut value: Value) -> Value {
        for rule in &self.rules {
            rule.selector.apply(&mut value, &mut |v| {
                if rule.like.fits(v) || is_placeholder(v) {
                    *v = Value::String(rule.like.placeholder().to_owned());
                }
            });
        }
        value
    }
}

fn is_placeholder(value: &Value) -> bool {
    value
        .as_str()
        .is_some_and(|s| s.starts_with('[') && s.ends_with(']') && !s.contains(' '))
}

/// Keys whose values are generated whatever they hold.
const ETAG_KEYS: [&str; 2] = ["@odata.etag", "etag"];
const LINK_KEYS: [&str; 2] = ["@odata.nextlink", "@odata.deltalink"];

fn builtin(value: &mut Value) {
    match value {
        Value::Object(map) => builtin_object(map),
        Value::Array(items) => items.iter_mut().for_each(builtin),
        Value::String(s) => {
            if let Some(replaced) = generated_string(s) {
                *s = replaced;
            }
        }
        _ => {}
    }
}

fn builtin_object(map: &mut Map<String, Value>) {
    for (key, child) in map.iter_mut() {
        match child {
            Value::String(s) => {
                let normal = normalize_string(Some(key), s);
                if normal != s.as_str() {
                    *s = normal.into_owned();
                }
            }
            other => builtin(other),
        }
    }
}

/// The built-in rules for one string value under `key`: etag and paging-link keys become
/// `[etag]` and `[link]`, a date-time `[datetime]`, GUIDs inside `[guid]`.
pub fn normalize_string<'a>(key: Option<&str>, s: &'a str) -> Cow<'a, str> {
    if let Some(key) = key {
        if ETAG_KEYS.iter().any(|k| k.eq_ignore_ascii_case(key)) {
            return Cow::Borrowed("[etag]");
        }
        if LINK_KEYS.iter().any(|k| k.eq_ignore_ascii_case(key)) {
            return Cow::Borrowed("[link]");
        }
    }
    generated_string(s).map_or(Cow::Borrowed(s), Cow::Owned)
}

/// A whole date-time becomes `[datetime]`; GUIDs anywhere in a string become `[guid]`.
fn generated_string(s: &str) -> Option<String> {
    if is_date_time(s) {
        return Some("[datetime]".into());
    }
    // A GUID has a `-` at offset 8: only look where there is one.
    let mut out = String::new();
    let mut last = 0;
    for dash in memchr::memchr_iter(b'-', s.as_bytes()) {
        let Some(start) = dash.checked_sub(8).filter(|&start| start >= last) else {
            continue;
        };
        if s.get(start..start + 36).is_some_and(is_guid) {
            out.push_str(&s[last..start]);
            out.push_str("[guid]");
            last = start + 36;
        }
    }
    (last > 0).then(|| out + &s[last..])
}

/// `8-4-4-4-12` hex digits.
pub fn is_guid(s: &str) -> bool {
    s.len() == 36
        && s.bytes().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
}

/// `YYYY-MM-DDTHH:MM[:SS[.fraction]][Z|±HH:MM]`.
pub fn is_date_time(s: &str) -> bool {
    let b = s.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    if !(b.len() >= 16
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10))
    {
        return false;
    }
    if !(matches!(b[10], b'T' | b't' | b' ') && digits(11..13) && b[13] == b':' && digits(14..16)) {
        return false;
    }
    let mut rest = &s[16..];
    if let Some(after) = rest.strip_prefix(':') {
        if !after
            .get(..2)
            .is_some_and(|d| d.bytes().all(|c| c.is_ascii_digit()))
        {
            return false;
        }
        rest = &after[2..];
        if let Some(fraction) = rest.strip_prefix('.') {
            let n = fraction.bytes().take_while(u8::is_ascii_digit).count();
            if n == 0 {
                return false;
            }
            rest = &fraction[n..];
        }
    }
    match rest.as_bytes() {
        [] | [b'Z' | b'z'] => true,
        [b'+' | b'-', h1, h2, b':', m1, m2] => [h1, h2, m1, m2].iter().all(|d| d.is_ascii_digit()),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn generated_values_become_placeholders() {
        let value = json!({
            "id": "87d349ed-44d7-43e1-9a83-5f2406dee5bd",
            "userId": "87D349ED-44D7-43E1-9A83-5F2406DEE5BD",
            "createdDateTime": "2019-02-04T14:57:30.1234567Z",
            "start": "2017-04-15T12:00:00",
            "@odata.etag": "W/\"1\"",
            "eTag": "\"{A},2\"",
            "@odata.nextLink": "https://graph.microsoft.com/v1.0/users?$skiptoken=X",
            "@odata.id": "https://graph.microsoft.com/v1.0/users/87d349ed-44d7-43e1-9a83-5f2406dee5bd",
            "name": "Adele",
            "outlookId": "AAMkAGViNDU7zAAAAA7zAAAZb2ckAAA="
        });
        assert_eq!(
            Rules::default().normalize(value),
            json!({
                "id": "[guid]", "userId": "[guid]", "createdDateTime": "[datetime]", "start": "[datetime]",
                "@odata.etag": "[etag]", "eTag": "[etag]", "@odata.nextLink": "[link]",
                "@odata.id": "https://graph.microsoft.com/v1.0/users/[guid]",
                "name": "Adele", "outlookId": "AAMkAGViNDU7zAAAAA7zAAAZb2ckAAA="
            })
        );
    }

    #[test]
    fn configured_rules_keep_what_the_value_must_look_like() {
        let rules = Rules {
            defaults: false,
            rules: vec![".id=guid".parse().unwrap(), ".**.when".parse().unwrap()],
        };
        let normal = rules
            .normalize(json!({"id": "87d349ed-44d7-43e1-9a83-5f2406dee5bd", "x": {"when": 5}}));
        assert_eq!(normal, json!({"id": "[guid]", "x": {"when": "[ignored]"}}));
        // A value that does not look like a GUID stays, so the comparison shows it.
        assert_eq!(rules.normalize(json!({"id": "42"})), json!({"id": "42"}));
    }

    #[test]
    fn date_times_and_guids_are_recognised_exactly() {
        assert!(is_date_time("2021-07-16T18:32:44-07:00"));
        assert!(!is_date_time("2021-07-16"));
        assert!(!is_date_time("2021-07-16T18:32:44 and more"));
        assert!(!is_guid("87d349ed-44d7-43e1-9a83-5f2406dee5bZ"));
        assert!("id=uuid".parse::<Rule>().is_err());
    }
}
