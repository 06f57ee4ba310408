//! Key-by-key comparison of two JSON values, reporting each difference at a JSON pointer.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Number, Value};

use super::generated::normalize_string;

/// One difference between what the docs say and what the server answered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mismatch {
    /// JSON pointer into `{status, headers, body}`, such as `/body/value/0/id`.
    pub pointer: String,
    /// What kind of difference.
    pub problem: Problem,
    /// The documented value (null when the docs have none there).
    pub expected: Value,
    /// The observed value (null when the server sent none there).
    pub actual: Value,
}

/// The kinds of difference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Problem {
    /// Both have a value; they differ.
    Differs,
    /// Documented, but not in the answer.
    Missing,
    /// In the answer, but not documented (and the docs are not marked truncated).
    Unexpected,
    /// The JSON types differ (number against string, object against array, …).
    WrongType,
    /// JSON was documented; the answer is not JSON.
    NotJson,
    /// The answer does not conform to the service's types (`--match schema`): `expected` says
    /// how, `actual` is the value there.
    Schema,
}

impl Mismatch {
    /// A mismatch at `pointer`.
    pub fn new(pointer: &str, problem: Problem, expected: Value, actual: Value) -> Self {
        Mismatch {
            pointer: pointer.to_owned(),
            problem,
            expected,
            actual,
        }
    }

    /// One line saying what differs, for people.
    pub fn describe(&self) -> String {
        let (pointer, expected, actual) = (&self.pointer, &self.expected, &self.actual);
        match self.problem {
            Problem::Differs => format!("{pointer}: expected {expected}, got {actual}"),
            Problem::Missing => format!("{pointer}: missing, expected {expected}"),
            Problem::Unexpected => format!(
                "{pointer}: not documented, got {actual} (mark the response `truncated` if the docs show only part)"
            ),
            Problem::WrongType => format!(
                "{pointer}: expected {} {expected}, got {} {actual}",
                kind(expected),
                kind(actual)
            ),
            Problem::NotJson => format!("{pointer}: expected JSON, got {actual}"),
            Problem::Schema => match expected {
                Value::String(why) => format!("{pointer}: {why}"),
                other => format!("{pointer}: {other}"),
            },
        }
    }
}

/// How the comparison treats extra data and values.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options<'a> {
    /// Extra keys and array items in the answer are allowed.
    pub truncated: bool,
    /// Only keys and types must agree, not values.
    pub shape: bool,
    /// The top-level property holding a collection, whose items match in any order.
    pub collection: Option<&'a str>,
    /// Apply the built-in generated-value rules to strings that differ.
    pub generated: bool,
}

/// Appends every difference between `expected` and `actual` below `pointer` to `out`.
pub fn diff(
    expected: &Value,
    actual: &Value,
    pointer: &str,
    options: &Options,
    out: &mut Vec<Mismatch>,
) {
    let mut path = pointer.to_owned();
    diff_at(None, expected, actual, &mut path, options, out);
}

/// [`diff`] for a value under object key `key` (some generated-value rules go by key). `path`
/// is the pointer so far; children push onto it and pop off, so no pointer is built unless a
/// mismatch is reported.
fn diff_at(
    key: Option<&str>,
    expected: &Value,
    actual: &Value,
    path: &mut String,
    options: &Options,
    out: &mut Vec<Mismatch>,
) {
    match (expected, actual) {
        (Value::Object(exp), Value::Object(act)) => diff_objects(exp, act, path, options, out),
        (Value::Array(exp), Value::Array(act)) => diff_arrays(exp, act, path, options, out),
        _ => diff_values(key, expected, actual, path, options, out),
    }
}

/// Compares two objects key by key; the collection property at the top matches in any order.
fn diff_objects(
    exp: &Map<String, Value>,
    act: &Map<String, Value>,
    path: &mut String,
    options: &Options,
    out: &mut Vec<Mismatch>,
) {
    let top = path.as_str() == "/body";
    let child_options = Options {
        collection: None,
        ..*options
    };
    for (key, e) in exp {
        let len = push_key(path, key);
        match act.get(key) {
            None => out.push(at(path, Problem::Missing, e, &Value::Null)),
            Some(a) if top && options.collection == Some(key.as_str()) => {
                items_any_order(e, a, path, options, out)
            }
            Some(a) => diff_at(Some(key), e, a, path, &child_options, out),
        }
        path.truncate(len);
    }
    if !options.truncated {
        for (key, a) in act.iter().filter(|(k, _)| !exp.contains_key(*k)) {
            let len = push_key(path, key);
            out.push(at(path, Problem::Unexpected, &Value::Null, a));
            path.truncate(len);
        }
    }
}

/// Compares two arrays item by item, at the same index.
fn diff_arrays(
    exp: &[Value],
    act: &[Value],
    path: &mut String,
    options: &Options,
    out: &mut Vec<Mismatch>,
) {
    for (i, e) in exp.iter().enumerate() {
        let len = push_index(path, i);
        match act.get(i) {
            Some(a) => diff_at(None, e, a, path, options, out),
            None => out.push(at(path, Problem::Missing, e, &Value::Null)),
        }
        path.truncate(len);
    }
    if !options.truncated {
        for (i, a) in act.iter().enumerate().skip(exp.len()) {
            let len = push_index(path, i);
            out.push(at(path, Problem::Unexpected, &Value::Null, a));
            path.truncate(len);
        }
    }
}

/// Compares two values that are not both objects or both arrays.
fn diff_values(
    key: Option<&str>,
    expected: &Value,
    actual: &Value,
    path: &str,
    options: &Options,
    out: &mut Vec<Mismatch>,
) {
    match (expected, actual) {
        // Docs often show null for a value the server fills in; in shape mode null fits any type.
        (Value::Null, _) if options.shape => {}
        (e, a) if kind(e) != kind(a) => out.push(at(path, Problem::WrongType, e, a)),
        _ if options.shape => {}
        (Value::Number(e), Value::Number(a)) if numbers_equal(e, a) => {}
        (Value::String(e), Value::String(a)) if e == a => {}
        (Value::String(e), Value::String(a)) if options.generated => {
            // Generated values are compared as what they must look like, not as written.
            let (e, a) = (normalize_string(key, e), normalize_string(key, a));
            if e != a {
                out.push(Mismatch::new(
                    path,
                    Problem::Differs,
                    e.into_owned().into(),
                    a.into_owned().into(),
                ));
            }
        }
        (e, a) if e != a || matches!(e, Value::Number(_)) => {
            out.push(at(path, Problem::Differs, e, a))
        }
        _ => {}
    }
}

/// A mismatch at `path` between copies of `expected` and `actual`.
fn at(path: &str, problem: Problem, expected: &Value, actual: &Value) -> Mismatch {
    Mismatch::new(path, problem, expected.clone(), actual.clone())
}

/// Appends `/key` (escaped) to `path`; returns the length to truncate back to.
fn push_key(path: &mut String, key: &str) -> usize {
    let len = path.len();
    path.push('/');
    if key.contains(['~', '/']) {
        path.push_str(&escape(key));
    } else {
        path.push_str(key);
    }
    len
}

fn push_index(path: &mut String, index: usize) -> usize {
    use std::fmt::Write;
    let len = path.len();
    let _ = write!(path, "/{index}");
    len
}

/// A collection's documented items must each match a distinct returned item, in any order.
/// An item with no match is compared with the returned item at its index, to say what differs.
fn items_any_order(
    expected: &Value,
    actual: &Value,
    pointer: &str,
    options: &Options,
    out: &mut Vec<Mismatch>,
) {
    let item_options = Options {
        collection: None,
        ..*options
    };
    let (Value::Array(exp), Value::Array(act)) = (expected, actual) else {
        return diff(expected, actual, pointer, &item_options, out);
    };
    // First every documented item takes a returned item it matches; then each one left is shown
    // against the next returned item left, so the report says what differs.
    let (mut used, unmatched) = match_items(exp, act, &item_options);
    for i in unmatched {
        match (0..act.len()).find(|&j| !used[j]) {
            Some(j) => {
                used[j] = true;
                diff(
                    &exp[i],
                    &act[j],
                    &format!("{pointer}/{j}"),
                    &item_options,
                    out,
                );
            }
            None => out.push(Mismatch::new(
                &format!("{pointer}/{i}"),
                Problem::Missing,
                exp[i].clone(),
                Value::Null,
            )),
        }
    }
    if !options.truncated {
        for (j, a) in act.iter().enumerate().filter(|(j, _)| !used[*j]) {
            out.push(Mismatch::new(
                &format!("{pointer}/{j}"),
                Problem::Unexpected,
                Value::Null,
                a.clone(),
            ));
        }
    }
}

/// Gives each documented item the first unused returned item it matches; returns which returned
/// items are used and the indices of the documented items left unmatched.
fn match_items(exp: &[Value], act: &[Value], options: &Options) -> (Vec<bool>, Vec<usize>) {
    let matches = |e: &Value, a: &Value| {
        let mut scratch = Vec::new();
        diff(e, a, "", options, &mut scratch);
        scratch.is_empty()
    };
    let mut used = vec![false; act.len()];
    let mut unmatched = Vec::new();
    for (i, e) in exp.iter().enumerate() {
        match (0..act.len()).find(|&j| !used[j] && matches(e, &act[j])) {
            Some(j) => used[j] = true,
            None => unmatched.push(i),
        }
    }
    (used, unmatched)
}

/// Numbers are equal by value: `1.0 == 1`, and large integers exactly.
pub fn numbers_equal(a: &Number, b: &Number) -> bool {
    match (a.as_i64(), b.as_i64(), a.as_u64(), b.as_u64()) {
        (Some(x), Some(y), _, _) => x == y,
        (_, _, Some(x), Some(y)) => x == y,
        _ => a.as_f64() == b.as_f64(),
    }
}

/// The JSON type of a value, for messages and type checks.
pub fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Escapes a key for a JSON pointer (`~` → `~0`, `/` → `~1`).
pub fn escape(key: &str) -> std::borrow::Cow<'_, str> {
    match key.contains(['~', '/']) {
        true => key.replace('~', "~0").replace('/', "~1").into(),
        false => key.into(),
    }
}

#[cfg(test)]
mod tests;
