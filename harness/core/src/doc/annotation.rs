//! Reading the JSON metadata comment (`<!-- { "blockType": "request", … } -->`) before a block.
//!
//! As lenient as API Doctor: key names and enum values in any case, `"true"` for `true`, and the
//! lenient JSON forms; each tolerance becomes a warning finding.

use serde_json::{Map, Value};

use super::Finding;
use super::lenient::{self, Lenient};
use crate::model::{Annotation, BlockType, Code};

/// What an HTML comment turned out to be.
#[derive(Debug)]
pub enum Comment {
    /// Not a block annotation: prose, a `uuid:` note, a page annotation, JSON without `blockType`.
    Other,
    /// A block annotation (possibly read only in part; the findings say so).
    Annotation(Annotation),
}

/// Reads the inside of an HTML comment (between `<!--` and `-->`) found at `line`.
///
/// Offsets in the findings are relative to `inner`.
pub fn read(inner: &str, line: u32, findings: &mut Vec<Finding>) -> Comment {
    let Some(open) = inner.find('{') else {
        return Comment::Other;
    };
    let mentions_block_type = crate::doc::extract::mentions_block_type(inner);
    if !inner[..open].trim().is_empty() && !mentions_block_type {
        return Comment::Other;
    }
    let json = &inner[open..];
    let Lenient { value, tolerances } = match lenient::parse(json) {
        Ok(read) => read,
        Err(err) if mentions_block_type => {
            let message = format!(
                "annotation JSON cannot be read: {err}; fix the JSON so the block is checked"
            );
            findings.push(Finding::error(
                open + err.offset,
                Code::InvalidMetadata,
                message,
            ));
            return recover(json, line).map_or(Comment::Other, Comment::Annotation);
        }
        Err(_) => return Comment::Other,
    };
    let Value::Object(map) = value else {
        return Comment::Other;
    };
    if !mentions_block_type || is_page_annotation(&map) {
        return Comment::Other;
    }
    tolerated(!inner[..open].trim().is_empty(), open, tolerances, findings);
    // Each warning names the text it is about, so it can point at it.
    let mut warn = |about: &str, message: String| {
        let at = json.find(about).map_or(open, |i| open + i);
        findings.push(Finding::warning(at, Code::LenientMetadata, message));
    };
    interpret(map, line, &mut warn).map_or_else(
        |(offset, message)| {
            findings.push(Finding::error(
                open + offset,
                Code::UnknownBlockType,
                message,
            ));
            Comment::Other
        },
        Comment::Annotation,
    )
}

/// A warning for text before the `{` and for each leniency the JSON needed.
fn tolerated(
    text_before: bool,
    open: usize,
    tolerances: Vec<lenient::Tolerance>,
    findings: &mut Vec<Finding>,
) {
    if text_before {
        findings.push(Finding::warning(
            0,
            Code::LenientMetadata,
            "text before the annotation's `{`: remove it".into(),
        ));
    }
    for t in tolerances {
        findings.push(Finding::warning(
            open + t.offset,
            Code::LenientMetadata,
            format!("annotation JSON: {}", t.kind.describe()),
        ));
    }
}

fn is_page_annotation(map: &Map<String, Value>) -> bool {
    Keys::new(map)
        .get("type")
        .0
        .and_then(Value::as_str)
        .is_some_and(|t| t.eq_ignore_ascii_case("#page.annotation"))
}

/// The keys an annotation is read for.
const KEYS: [&str; 10] = [
    "type",
    "blockType",
    "name",
    "@odata.type",
    "@type",
    "isCollection",
    "truncated",
    "isEmpty",
    "expectError",
    "collectionProperty",
];

/// Each of [`KEYS`] as an annotation's map holds it: its value, and how it is spelled when
/// that is another case. The map is gone through once, not once a key.
struct Keys<'a> {
    found: [(Option<&'a Value>, Option<&'a str>); KEYS.len()],
}

impl<'a> Keys<'a> {
    /// The keys of `map`: the one spelled as asked, else the first in another case.
    fn new(map: &'a Map<String, Value>) -> Self {
        let mut found = [(None, None); KEYS.len()];
        for (k, v) in map {
            for (slot, key) in found.iter_mut().zip(KEYS) {
                if k == key {
                    *slot = (Some(v), None);
                } else if slot.0.is_none() && k.eq_ignore_ascii_case(key) {
                    *slot = (Some(v), Some(k.as_str()));
                }
            }
        }
        Keys { found }
    }

    /// The value of `key` (one of [`KEYS`]), with its spelling when it is another case.
    fn get(&self, key: &str) -> (Option<&'a Value>, Option<&'a str>) {
        let at = KEYS.iter().position(|k| *k == key);
        at.map_or((None, None), |at| self.found[at])
    }
}

fn interpret(
    map: Map<String, Value>,
    line: u32,
    warn: &mut dyn FnMut(&str, String),
) -> Result<Annotation, (usize, String)> {
    let keys = Keys::new(&map);
    let get = |key: &str, warn: &mut dyn FnMut(&str, String)| {
        let (value, spelled) = keys.get(key);
        if let Some(spelled) = spelled {
            warn(
                spelled,
                format!("key `{spelled}` read as `{key}`: write it `{key}`"),
            );
        }
        value
    };
    let block_type = match get("blockType", warn) {
        Some(Value::String(s)) => block_type(s, warn)?,
        other => {
            return Err((
                0,
                format!("`blockType` must be a string, found {}", describe(other)),
            ));
        }
    };
    let names = names(get("name", warn), warn);
    let declared = get("@odata.type", warn)
        .or_else(|| get("@type", warn))
        .and_then(Value::as_str)
        .map(str::to_owned);
    let (odata_type, collection_type) = match declared {
        Some(t) => split_collection(&t),
        None => (None, false),
    };
    let mut flag = |key: &str| {
        let value = get(key, warn);
        flag(value, key, warn)
    };
    let is_collection = flag("isCollection") || collection_type;
    let truncated = flag("truncated");
    let is_empty = flag("isEmpty");
    let expect_error = flag("expectError");
    let collection_property = keys.get("collectionProperty").0.and_then(Value::as_str);
    let collection_property = collection_property.unwrap_or("value").to_owned();
    Ok(Annotation {
        line,
        block_type,
        names,
        odata_type,
        is_collection,
        collection_property,
        truncated,
        is_empty,
        expect_error,
        raw: map,
    })
}

/// `name` as a string or an array of strings (one response answering several requests).
fn names(value: Option<&Value>, warn: &mut dyn FnMut(&str, String)) -> Vec<String> {
    match value {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect(),
        Some(other) => {
            warn(
                "name",
                format!("`name` should be a string or an array of strings, found {other}"),
            );
            Vec::new()
        }
    }
}

fn block_type(
    text: &str,
    warn: &mut dyn FnMut(&str, String),
) -> Result<BlockType, (usize, String)> {
    if let Some((_, t)) = BlockType::ALL.iter().find(|(name, _)| *name == text) {
        return Ok(*t);
    }
    if let Some((name, t)) = BlockType::ALL
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(text.trim()))
    {
        warn(
            text,
            format!("blockType `{text}` read as `{name}`: write it `{name}`"),
        );
        return Ok(*t);
    }
    let known: Vec<_> = BlockType::ALL.iter().map(|(n, _)| *n).collect();
    Err((
        0,
        format!(
            "unknown blockType `{text}`; use one of {}",
            known.join(", ")
        ),
    ))
}

/// `Collection(microsoft.graph.user)` is the type `microsoft.graph.user`, as a collection.
fn split_collection(declared: &str) -> (Option<String>, bool) {
    let trimmed = declared.trim();
    let inner = trimmed
        .get(..11)
        .filter(|p| p.eq_ignore_ascii_case("collection("))
        .and_then(|_| trimmed[11..].strip_suffix(')'));
    match inner {
        Some(inner) => (Some(inner.to_owned()), true),
        None => (Some(trimmed.to_owned()), false),
    }
}

fn flag(value: Option<&Value>, key: &str, warn: &mut dyn FnMut(&str, String)) -> bool {
    match value {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s))
            if s.eq_ignore_ascii_case("true") || s.eq_ignore_ascii_case("false") =>
        {
            warn(
                key,
                format!("`{key}` is the string \"{s}\": write it without quotes"),
            );
            s.eq_ignore_ascii_case("true")
        }
        Some(other) => {
            warn(
                key,
                format!("`{key}` should be true or false, found {other}; read as false"),
            );
            false
        }
    }
}

fn describe(value: Option<&Value>) -> String {
    value.map_or_else(|| "nothing".to_owned(), Value::to_string)
}

/// Reads `blockType` and `name` out of metadata whose JSON is broken beyond repair, so the block
/// is still examined.
fn recover(json: &str, line: u32) -> Option<Annotation> {
    let string_after = |key: &str| {
        let lower = json.to_ascii_lowercase();
        let at = lower.find(&key.to_ascii_lowercase())? + key.len();
        let rest = json[at..]
            .trim_start_matches(['"', '\''])
            .trim_start()
            .strip_prefix(':')?
            .trim_start();
        let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        rest[1..].split(quote).next().map(str::to_owned)
    };
    let kind = string_after("blockType")?;
    let (_, block_type) = BlockType::ALL
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(&kind))?;
    let mut map = Map::new();
    map.insert("blockType".into(), Value::String(kind));
    let names: Vec<String> = string_after("\"name").into_iter().collect();
    Some(Annotation {
        names,
        raw: map,
        ..Annotation::new(line, *block_type)
    })
}

#[cfg(test)]
mod tests;
