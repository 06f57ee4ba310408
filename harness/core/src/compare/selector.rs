//! Selectors in the style of insta's redactions: `.id`, `.value[].id`, `.**.createdDateTime`,
//! `.value[0]`, `.*`, `["@odata.etag"]`.

use std::fmt;

use serde_json::Value;

/// A parsed selector: a path of segments from the root of a JSON body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selector {
    text: String,
    segments: Vec<Segment>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Key(String),
    AnyKey,
    Deep,
    Index(usize),
    AllItems,
}

/// Why a selector could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("selector `{text}`: {reason}")]
pub struct SelectorError {
    text: String,
    reason: String,
}

impl std::str::FromStr for Selector {
    type Err = SelectorError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let fail = |reason: &str| SelectorError {
            text: text.to_owned(),
            reason: reason.to_owned(),
        };
        let mut segments = Vec::new();
        let mut rest = text.trim();
        if !rest.starts_with(['.', '[']) {
            return Err(fail("start it with `.` (as in `.id`) or `[`"));
        }
        while !rest.is_empty() {
            if let Some(after) = rest.strip_prefix(".**") {
                segments.push(Segment::Deep);
                rest = after;
            } else if let Some(after) = rest.strip_prefix(".*") {
                segments.push(Segment::AnyKey);
                rest = after;
            } else if let Some(after) = rest.strip_prefix('.') {
                let end = after.find(['.', '[']).unwrap_or(after.len());
                if end == 0 {
                    return Err(fail("a `.` must be followed by a key"));
                }
                segments.push(Segment::Key(after[..end].to_owned()));
                rest = &after[end..];
            } else if let Some(after) = rest.strip_prefix('[') {
                let end = after.find(']').ok_or_else(|| fail("`[` is never closed"))?;
                let inside = after[..end].trim();
                segments.push(if inside.is_empty() {
                    Segment::AllItems
                } else if let Some(key) = inside.strip_prefix('"').and_then(|k| k.strip_suffix('"'))
                {
                    Segment::Key(key.to_owned())
                } else {
                    Segment::Index(
                        inside
                            .parse()
                            .map_err(|_| fail("use `[]`, `[N]` or `[\"key\"]`"))?,
                    )
                });
                rest = &after[end + 1..];
            } else {
                return Err(fail("expected `.` or `[`"));
            }
        }
        Ok(Selector {
            text: text.trim().to_owned(),
            segments,
        })
    }
}

impl fmt::Display for Selector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Selector {
    /// Calls `f` on every value the selector picks out of `value`.
    pub fn apply(&self, value: &mut Value, f: &mut dyn FnMut(&mut Value)) {
        apply(&self.segments, value, f);
    }

    /// Whether the selector picks any value out of `value`.
    pub fn picks_any(&self, value: &Value) -> bool {
        picks_any(&self.segments, value)
    }
}

fn picks_any(segments: &[Segment], value: &Value) -> bool {
    let Some((first, rest)) = segments.split_first() else {
        return true;
    };
    match (first, value) {
        (Segment::Key(key), Value::Object(map)) => map.get(key).is_some_and(|c| picks_any(rest, c)),
        (Segment::AnyKey, Value::Object(map)) => map.values().any(|c| picks_any(rest, c)),
        (Segment::Index(i), Value::Array(items)) => {
            items.get(*i).is_some_and(|c| picks_any(rest, c))
        }
        (Segment::AllItems, Value::Array(items)) => items.iter().any(|c| picks_any(rest, c)),
        (Segment::Deep, value) => {
            picks_any(rest, value)
                || match value {
                    Value::Object(map) => map.values().any(|c| picks_any(segments, c)),
                    Value::Array(items) => items.iter().any(|c| picks_any(segments, c)),
                    _ => false,
                }
        }
        _ => false,
    }
}

fn apply(segments: &[Segment], value: &mut Value, f: &mut dyn FnMut(&mut Value)) {
    let Some((first, rest)) = segments.split_first() else {
        return f(value);
    };
    match (first, value) {
        (Segment::Key(key), Value::Object(map)) => {
            if let Some(child) = map.get_mut(key) {
                apply(rest, child, f);
            }
        }
        (Segment::AnyKey, Value::Object(map)) => {
            map.values_mut().for_each(|child| apply(rest, child, f))
        }
        (Segment::Index(i), Value::Array(items)) => {
            if let Some(child) = items.get_mut(*i) {
                apply(rest, child, f);
            }
        }
        (Segment::AllItems, Value::Array(items)) => {
            items.iter_mut().for_each(|child| apply(rest, child, f))
        }
        (Segment::Deep, value) => {
            apply(rest, value, f);
            match value {
                Value::Object(map) => map.values_mut().for_each(|child| apply(segments, child, f)),
                Value::Array(items) => items.iter_mut().for_each(|child| apply(segments, child, f)),
                _ => {}
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn picks_any_agrees_with_what_apply_reaches() {
        let value = json!({"value": [{"id": 1}, {"name": "x"}], "deep": {"a": {"id": 2}}});
        for (selector, picks) in [
            (".value[].id", true),
            (".value[1].id", false),
            (".**.id", true),
            (".*.a", true),
            (".body.value", false),
            (".value[5]", false),
        ] {
            let parsed: Selector = selector.parse().unwrap();
            assert_eq!(parsed.picks_any(&value), picks, "{selector}");
            let mut reached = false;
            parsed.apply(&mut value.clone(), &mut |_| reached = true);
            assert_eq!(reached, picks, "{selector}");
        }
    }

    fn pick(selector: &str, mut value: Value) -> Value {
        let selector: Selector = selector.parse().unwrap();
        selector.apply(&mut value, &mut |v| *v = json!("X"));
        value
    }

    #[test]
    fn selectors_pick_what_insta_would() {
        let doc =
            json!({"id": 1, "value": [{"id": 2, "d": {"createdDateTime": 3}}], "@odata.etag": 4});
        assert_eq!(pick(".id", doc.clone())["id"], "X");
        assert_eq!(pick(".value[].id", doc.clone())["value"][0]["id"], "X");
        assert_eq!(
            pick(".value[0].d.createdDateTime", doc.clone())["value"][0]["d"]["createdDateTime"],
            "X"
        );
        assert_eq!(
            pick(".**.createdDateTime", doc.clone())["value"][0]["d"]["createdDateTime"],
            "X"
        );
        assert_eq!(pick("[\"@odata.etag\"]", doc.clone())["@odata.etag"], "X");
        assert_eq!(
            pick(".*", json!({"a": 1, "b": 2})),
            json!({"a": "X", "b": "X"})
        );
        assert_eq!(pick(".missing", doc.clone()), doc);
    }

    #[test]
    fn bad_selectors_say_why() {
        assert!(
            "id".parse::<Selector>()
                .unwrap_err()
                .to_string()
                .contains("start it with")
        );
        assert!(".a[".parse::<Selector>().is_err());
        assert!(".a[x]".parse::<Selector>().is_err());
        assert!(".a..b".parse::<Selector>().is_err());
    }
}
