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
    let mentions_block_type = inner.to_ascii_lowercase().contains("blocktype");
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
    lookup(map, "type")
        .0
        .and_then(Value::as_str)
        .is_some_and(|t| t.eq_ignore_ascii_case("#page.annotation"))
}

/// Finds a key case-insensitively; the flag says whether it was spelled another way.
fn lookup<'a>(map: &'a Map<String, Value>, key: &str) -> (Option<&'a Value>, Option<&'a str>) {
    if let Some(v) = map.get(key) {
        return (Some(v), None);
    }
    map.iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(key))
        .map_or((None, None), |(k, v)| (Some(v), Some(k.as_str())))
}

fn interpret(
    map: Map<String, Value>,
    line: u32,
    warn: &mut dyn FnMut(&str, String),
) -> Result<Annotation, (usize, String)> {
    let get = |key: &str, warn: &mut dyn FnMut(&str, String)| {
        let (value, spelled) = lookup(&map, key);
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
    let collection_property = lookup(&map, "collectionProperty")
        .0
        .and_then(Value::as_str)
        .unwrap_or("value")
        .to_owned();
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
mod tests {
    use super::*;

    fn annotation(text: &str) -> (Option<Annotation>, Vec<Finding>) {
        let mut findings = Vec::new();
        match read(text, 1, &mut findings) {
            Comment::Annotation(a) => (Some(a), findings),
            Comment::Other => (None, findings),
        }
    }

    #[test]
    fn strict_request_annotation_reads_without_findings() {
        let (a, f) = annotation(r#" { "blockType": "request", "name": ["get_user", "alt"] } "#);
        let a = a.expect("annotation");
        assert_eq!(
            (a.block_type, a.names.as_slice()),
            (
                BlockType::Request,
                ["get_user".to_owned(), "alt".to_owned()].as_slice()
            )
        );
        assert!(f.is_empty());
    }

    #[test]
    fn response_keys_and_collection_types() {
        let (a, f) = annotation(
            r#"{"blockType": "response", "truncated": true, "@odata.type": "Collection(microsoft.graph.user)"}"#,
        );
        let a = a.expect("annotation");
        assert!(a.truncated && a.is_collection);
        assert_eq!(a.odata_type.as_deref(), Some("microsoft.graph.user"));
        assert!(f.is_empty());
    }

    #[test]
    fn every_leniency_is_a_warning() {
        let (a, f) = annotation("{ blocktype: 'Response', \"isCollection\": \"true\", }");
        let a = a.expect("annotation");
        assert!(a.is_collection);
        assert_eq!(f.len(), 6, "{f:?}");
        assert!(f.iter().all(|f| f.code == "lenient-metadata"));
    }

    #[test]
    fn comments_that_are_not_annotations() {
        assert!(annotation(" uuid: 1234 2019-02-04 ").0.is_none());
        assert!(
            annotation(r##"{"type": "#page.annotation", "blockType": "x"}"##)
                .0
                .is_none()
        );
        assert!(annotation(r#"{"id": "commented-out sample"}"#).0.is_none());
        assert!(annotation(" markdownlint-disable MD024 ").0.is_none());
    }

    #[test]
    fn unknown_block_type_is_an_error() {
        let (a, f) = annotation(r#"{"blockType": "reqest"}"#);
        assert!(a.is_none());
        assert_eq!(f[0].code, "unknown-block-type");
    }

    #[test]
    fn broken_json_still_yields_the_block_type() {
        let (a, f) = annotation(r#"{"blockType": "request", "name": "x", "sampleKeys": [{id}}]"#);
        assert_eq!(a.expect("recovered").names, ["x"]);
        assert_eq!(f[0].code, "invalid-metadata");
    }
}
