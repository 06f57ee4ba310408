//! The Hurl export: one entry per example, its documented status, headers and JSON values
//! asserted the way Hurl can (a JSONPath assert per documented value; values a server
//! generates asserted only to exist), each entry under a comment naming its `file:line`.

use std::fmt::Write as _;

use base64::Engine as _;
use serde_json::Value;

use super::Settings;
use super::shared::{Step, by_page, leaves, sends, title, url_under, variables_in, with_variables};
use crate::compare::{NEVER_COMPARED, media_type};
use crate::model::{Body, Example, Response};
use crate::plan::fill_strings;

/// A Hurl file and the variables it needs (`--variable NAME=VALUE`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hurl {
    /// The file's text.
    pub text: String,
    /// The variables its entries use, `baseUrl` first.
    pub variables: Vec<String>,
    /// How many entries it holds: one per example.
    pub entries: usize,
}

/// The Hurl file of `examples`, pages in order.
pub fn render(examples: &[Example], settings: &Settings) -> Hurl {
    let mut variables = vec!["baseUrl".to_owned()];
    for example in examples {
        variables_in(&example.request.url, true, &mut variables);
        for value in example.request.headers.values() {
            variables_in(value, false, &mut variables);
        }
        if let Body::Json { text, .. } = &example.request.body {
            variables_in(text, false, &mut variables);
        }
        for (_, value) in settings.sent_headers() {
            variables_in(&value, false, &mut variables);
        }
    }
    let mut text = header(examples, settings, &variables);
    for (file, page) in by_page(examples) {
        let _ = writeln!(text, "\n# ==== {file}");
        for example in page {
            text.push('\n');
            entry(&mut text, example, settings);
        }
    }
    Hurl {
        text,
        variables,
        entries: examples.len(),
    }
}

/// The file's opening comment: where it comes from and how to run it.
fn header(examples: &[Example], settings: &Settings, variables: &[String]) -> String {
    let base = (settings.target.clone())
        .or_else(|| {
            examples
                .iter()
                .find_map(|e| super::shared::origin(&e.request))
        })
        .unwrap_or_else(|| "http://127.0.0.1:8080".to_owned());
    let mut run = format!("hurl --test --variable baseUrl={base}");
    for name in variables.iter().skip(1) {
        let _ = write!(run, " --variable {name}=VALUE");
    }
    format!(
        "# Exported by exemplar: {} examples. Placeholders are variables; run it with\n# {run} FILE\n",
        examples.len()
    )
}

/// One entry: the comment naming the example, the request, the asserts of its response.
fn entry(out: &mut String, example: &Example, settings: &Settings) {
    let request = &example.request;
    let _ = writeln!(
        out,
        "# {}:{} {}",
        example.file,
        example.line(),
        title(example)
    );
    let url = url_under("{{baseUrl}}", request);
    let _ = writeln!(out, "{} {}", request.method, value_string(&url));
    let sent = settings.sent_headers();
    for (name, value) in &request.headers {
        if sends(name, &sent) {
            let value = with_variables(value, false);
            let _ = writeln!(out, "{}: {}", header_name(name), value_string(&value));
        }
    }
    for (name, value) in &sent {
        let value = with_variables(value, false);
        let _ = writeln!(out, "{name}: {}", value_string(&value));
    }
    body(out, &request.body);
    match &example.response {
        Some(response) => asserts(out, response),
        None => out.push_str("# no documented response: any answer passes\nHTTP *\n"),
    }
}

/// The request body: JSON as JSON (placeholders as variables), other text as a multiline
/// string, or as base64 when Hurl could not take it as written.
fn body(out: &mut String, body: &Body) {
    match body {
        Body::Empty => {}
        Body::Json { value, .. } if value.is_object() || value.is_array() => {
            let mut value = value.clone();
            fill_strings(&mut value, &mut |s| with_variables(s, false));
            let json = serde_json::to_string_pretty(&value).unwrap_or_default();
            let _ = writeln!(out, "{json}");
        }
        Body::Json { text, .. } | Body::Text { text } => {
            let plain = !text.contains("```") && !text.contains('\\') && !text.contains("{{");
            if plain {
                let _ = writeln!(out, "```\n{}\n```", text.trim_end());
            } else {
                out.push_str("# body sent as base64: Hurl cannot take it as written\n");
                let encoded = base64::engine::general_purpose::STANDARD.encode(text.as_bytes());
                let _ = writeln!(out, "base64,{encoded};");
            }
        }
    }
}

/// The documented response as asserts: status, headers, then each documented JSON value.
fn asserts(out: &mut String, response: &Response) {
    let _ = writeln!(out, "HTTP {}", response.status);
    let mut lines = Vec::new();
    for (name, value) in &response.headers {
        if NEVER_COMPARED.contains(&name.as_str()) {
            continue;
        }
        let name = header_name(name);
        if name == "Content-Type" {
            let media = quoted(&media_type(value));
            lines.push(format!("header \"{name}\" contains {media}"));
        } else {
            lines.push(format!("header {} exists", quoted(&name)));
        }
    }
    match &response.body {
        Body::Json { value, .. } => {
            json_asserts(&mut lines, value, response.annotation.expect_error)
        }
        Body::Text { text } => {
            if let Some(first) = text.lines().map(str::trim).find(|l| !l.is_empty()) {
                lines.push(format!("body contains {}", quoted(first)));
            }
        }
        Body::Empty => {}
    }
    if !lines.is_empty() {
        out.push_str("[Asserts]\n");
        lines.iter().for_each(|l| {
            out.push_str(l);
            out.push('\n');
        });
    }
}

/// A JSONPath assert per documented value; an error body (whose ids and dates differ every
/// time) and generated values are held only to exist.
fn json_asserts(lines: &mut Vec<String>, body: &Value, shape_only: bool) {
    for leaf in leaves(body) {
        let path = quoted(&json_path(&leaf.path));
        if leaf.generated || shape_only {
            lines.push(format!("jsonpath {path} exists"));
        } else {
            lines.push(format!("jsonpath {path} == {}", literal(leaf.value)));
        }
    }
}

/// `$.value[0]['@odata.type']`.
pub(crate) fn json_path(path: &[Step]) -> String {
    let mut out = String::from("$");
    for step in path {
        match step {
            Step::Index(i) => {
                let _ = write!(out, "[{i}]");
            }
            Step::Key(k) if is_identifier(k) => {
                let _ = write!(out, ".{k}");
            }
            Step::Key(k) => {
                let _ = write!(out, "['{}']", k.replace('\\', "\\\\").replace('\'', "\\'"));
            }
        }
    }
    out
}

fn is_identifier(key: &str) -> bool {
    let mut chars = key.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// A JSON scalar as a Hurl predicate value.
fn literal(value: &Value) -> String {
    match value {
        Value::String(s) => quoted(s),
        other => other.to_string(),
    }
}

/// A Hurl quoted string; braces are escaped, so no documented text is read as a template.
fn quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '{' => out.push_str("\\u{7b}"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// An unquoted Hurl value (a URL, a header's value): `#` would start a comment.
fn value_string(s: &str) -> String {
    s.replace('\\', "\\\\").replace('#', "\\#")
}

/// A header name as usually written: `content-type` → `Content-Type`.
fn header_name(name: &str) -> String {
    name.split('-')
        .map(|part| {
            let mut chars = part.chars();
            chars.next().map_or_else(String::new, |c| {
                c.to_ascii_uppercase().to_string() + chars.as_str()
            })
        })
        .collect::<Vec<_>>()
        .join("-")
}
