//! `exemplar list`: one line per example, as JSON Lines or for people.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::Value;

use exemplar_core::model::{Example, Headers};

/// The JSON Lines record of one example, with the field names of the design.
#[derive(Debug, Serialize)]
pub struct Listed<'a> {
    file: &'a str,
    line: u32,
    /// The page's API version (DESIGN §10), whatever folder was named.
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<&'a str>,
    name: Option<&'a str>,
    method: &'a str,
    url: &'a str,
    headers: &'a Headers,
    body: Value,
    response: Option<ListedResponse<'a>>,
}

#[derive(Debug, Serialize)]
struct ListedResponse<'a> {
    line: u32,
    status: u16,
    headers: &'a Headers,
    body: Value,
    truncated: bool,
    odata_type: Option<&'a str>,
    is_collection: bool,
}

impl<'a> Listed<'a> {
    /// The record for `example`.
    pub fn new(example: &'a Example) -> Self {
        let request = &example.request;
        Listed {
            file: &example.file,
            line: request.line,
            version: example.version.as_deref(),
            name: example.name(),
            method: &request.method,
            url: &request.url,
            headers: &request.headers,
            body: request.body.to_json(),
            response: example.response.as_ref().map(|r| ListedResponse {
                line: r.line,
                status: r.status,
                headers: &r.headers,
                body: r.body.to_json(),
                truncated: r.annotation.truncated,
                odata_type: r.annotation.odata_type.as_deref(),
                is_collection: r.annotation.is_collection,
            }),
        }
    }
}

/// Writes one example as a JSON line.
pub fn write_json(out: &mut (impl Write + ?Sized), example: &Example) -> io::Result<()> {
    serde_json::to_writer(&mut *out, &Listed::new(example))?;
    out.write_all(b"\n")
}

/// Writes one example as `file:line  METHOD url  -> status`.
pub fn write_human(out: &mut (impl Write + ?Sized), example: &Example) -> io::Result<()> {
    let request = &example.request;
    let status = example
        .response
        .as_ref()
        .map_or_else(|| "(no response)".to_owned(), |r| r.status.to_string());
    let name = example
        .name()
        .map(|n| format!("  [{n}]"))
        .unwrap_or_default();
    writeln!(
        out,
        "{}:{}  {} {}  -> {status}{name}",
        example.file, request.line, request.method, request.url
    )
}
