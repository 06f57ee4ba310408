//! Comparing what a server answered with what the docs say: findings as data, each at a JSON
//! pointer into `{status, headers, body}`.

pub mod generated;
pub mod json;
pub mod selector;

pub use generated::{Like, Rule, Rules};
pub use json::{Mismatch, Problem};
pub use selector::Selector;

use serde_json::Value;

use crate::model::{Body, Headers, Response};

/// Headers that are never compared: they differ on every answer or are transport details.
pub const NEVER_COMPARED: [&str; 5] = [
    "content-length",
    "date",
    "request-id",
    "client-request-id",
    "transfer-encoding",
];

/// How strictly documented values are held against observed ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MatchMode {
    /// Every documented value must be equal (after the generated-value rules).
    #[default]
    Exact,
    /// Keys and JSON types must agree; values need not (for real services with sample values).
    Shape,
    /// The answer must conform to the service's types (`--metadata`); documented values need
    /// not match. Status and documented headers are compared as always.
    Schema,
}

/// A match mode that is none of the modes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("match mode `{0}` is not `exact`, `shape` or `schema`")]
pub struct UnknownMode(pub String);

impl std::str::FromStr for MatchMode {
    type Err = UnknownMode;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "exact" => Ok(MatchMode::Exact),
            "shape" => Ok(MatchMode::Shape),
            "schema" => Ok(MatchMode::Schema),
            other => Err(UnknownMode(other.to_owned())),
        }
    }
}

/// A response as a server gave it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Observed {
    /// Status code.
    pub status: u16,
    /// Headers keyed by lowercase name.
    pub headers: Headers,
    /// The body, read once into what it is.
    pub body: ObservedBody,
    /// A JSON object body's text as the service wrote it, when kept: the order of its members,
    /// which the parsed value does not keep (`--fix` inserts an added member after its
    /// neighbour in that order).
    pub json_text: Option<std::sync::Arc<str>>,
}

/// An answer's body, parsed once when it is read and handed on as it is.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum ObservedBody {
    /// No body, or only white space.
    #[default]
    Empty,
    /// A body that parses as JSON.
    Json(Value),
    /// Text that is not JSON.
    Text(String),
    /// Bytes that are not UTF-8.
    Bytes(Vec<u8>),
}

impl ObservedBody {
    /// Reads `bytes` as what they are: empty, JSON, text, or bytes.
    pub fn from_bytes(bytes: Vec<u8>) -> ObservedBody {
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return ObservedBody::Empty;
        }
        match String::from_utf8(bytes) {
            Ok(text) => match serde_json::from_str(&text) {
                Ok(value) => ObservedBody::Json(value),
                Err(_) => ObservedBody::Text(text),
            },
            Err(err) => ObservedBody::Bytes(err.into_bytes()),
        }
    }

    /// The body as text (bytes that are not UTF-8 shown with replacement characters).
    pub fn text(&self) -> std::borrow::Cow<'_, str> {
        match self {
            ObservedBody::Empty => "".into(),
            ObservedBody::Json(value) => value.to_string().into(),
            ObservedBody::Text(text) => text.trim().into(),
            ObservedBody::Bytes(bytes) => String::from_utf8_lossy(bytes),
        }
    }
}

/// Everything that differs between the documented and the observed response.
pub fn compare(
    expected: &Response,
    observed: &Observed,
    rules: &Rules,
    mode: MatchMode,
) -> Vec<Mismatch> {
    let mut out = Vec::new();
    if expected.status != observed.status {
        out.push(Mismatch::new(
            "/status",
            Problem::Differs,
            expected.status.into(),
            observed.status.into(),
        ));
    }
    compare_headers(&expected.headers, &observed.headers, &mut out);
    compare_body(expected, observed, rules, mode, &mut out);
    out
}

fn compare_headers(expected: &Headers, observed: &Headers, out: &mut Vec<Mismatch>) {
    for (name, value) in expected
        .iter()
        .filter(|(n, _)| !NEVER_COMPARED.contains(&n.as_str()))
    {
        let pointer = format!("/headers/{}", json::escape(name));
        match observed.get(name) {
            None => out.push(Mismatch::new(
                &pointer,
                Problem::Missing,
                value.as_str().into(),
                Value::Null,
            )),
            Some(actual) if name == "content-type" && media_type(actual) != media_type(value) => {
                out.push(Mismatch::new(
                    &pointer,
                    Problem::Differs,
                    media_type(value).into(),
                    media_type(actual).into(),
                ));
            }
            Some(_) => {}
        }
    }
}

/// `application/json; charset=utf-8` → `application/json`.
pub fn media_type(value: &str) -> String {
    value
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

fn compare_body(
    expected: &Response,
    observed: &Observed,
    rules: &Rules,
    mode: MatchMode,
    out: &mut Vec<Mismatch>,
) {
    let annotation = &expected.annotation;
    let actual = &observed.body;
    match &expected.body {
        Body::Empty if annotation.is_empty || !annotation.truncated => {
            if *actual != ObservedBody::Empty {
                out.push(Mismatch::new(
                    "/body",
                    Problem::Unexpected,
                    Value::Null,
                    preview(&actual.text()),
                ));
            }
        }
        Body::Empty => {}
        Body::Json { value, .. } => {
            let ObservedBody::Json(actual) = actual else {
                let (problem, got) = if *actual == ObservedBody::Empty {
                    (Problem::Missing, preview(""))
                } else {
                    (Problem::NotJson, not_json(actual, &observed.headers))
                };
                return out.push(Mismatch::new("/body", problem, value.clone(), got));
            };
            if mode != MatchMode::Schema {
                compare_json(value, actual, annotation, rules, mode, out);
            }
        }
        Body::Text { text } if mode == MatchMode::Exact && !same_text(text, actual) => {
            out.push(Mismatch::new(
                "/body",
                Problem::Differs,
                text.trim().into(),
                preview(&actual.text()),
            ));
        }
        Body::Text { .. } => {}
    }
}

fn compare_json(
    value: &Value,
    actual: &Value,
    annotation: &crate::model::Annotation,
    rules: &Rules,
    mode: MatchMode,
    out: &mut Vec<Mismatch>,
) {
    // Error bodies carry request ids and dates: hold them to their shape only.
    let mode = if annotation.expect_error {
        MatchMode::Shape
    } else {
        mode
    };
    let collection = annotation
        .is_collection
        .then_some(annotation.collection_property.as_str());
    let options = json::Options {
        truncated: annotation.truncated,
        shape: mode == MatchMode::Shape,
        collection,
        generated: rules.defaults,
    };
    if rules.rules.is_empty() {
        json::diff(value, actual, "/body", &options, out);
    } else {
        let (expected, actual) = (
            rules.configured(value.clone()),
            rules.configured(actual.clone()),
        );
        json::diff(&expected, &actual, "/body", &options, out);
    }
}

/// A documented text body against the answer: the same text, or the same JSON when the answer
/// is JSON.
fn same_text(documented: &str, actual: &ObservedBody) -> bool {
    match actual {
        ObservedBody::Json(value) => {
            serde_json::from_str::<Value>(documented.trim()).is_ok_and(|v| v == *value)
        }
        other => documented.trim() == other.text(),
    }
}

/// What came where JSON was promised: its Content-Type, and the text (cut), or where the bytes
/// stop being UTF-8 (never read lossily).
fn not_json(actual: &ObservedBody, headers: &Headers) -> Value {
    let mut kind = headers
        .get("content-type")
        .map_or_else(|| "no Content-Type".to_owned(), |t| media_type(t));
    if let Some(encoding) = headers.get("content-encoding") {
        kind.push_str(&format!(", {encoding}-encoded"));
    }
    let what = match actual {
        ObservedBody::Bytes(bytes) => {
            let at = std::str::from_utf8(bytes).map_or_else(|e| e.valid_up_to(), |_| bytes.len());
            format!("{} bytes, not UTF-8 at byte {at}", bytes.len())
        }
        other => match preview(&other.text()) {
            Value::String(text) => text,
            other => other.to_string(),
        },
    };
    Value::String(format!("{kind}: {what}"))
}

/// An observed text cut to a length a report can show.
fn preview(text: &str) -> Value {
    const MAX: usize = 2000;
    match text.char_indices().nth(MAX) {
        Some((cut, _)) => Value::String(format!("{}…", &text[..cut])),
        None => Value::String(text.to_owned()),
    }
}

#[cfg(test)]
mod tests;
