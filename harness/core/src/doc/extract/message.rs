//! The parts of an HTTP block after parsing: headers merged by name, the body read as JSON or
//! text, and the findings about them (parser issues, reason phrase, Content-Length).

use crate::doc::Finding;
use crate::doc::http::{Issue, IssueKind, Message};
use crate::doc::lenient;
use crate::model::{Annotation, Body, Code, Headers, Response, Severity};

/// Turns the tolerated layouts into findings, reads the body and checks Content-Length.
pub(super) fn read_message(message: &Message, findings: &mut Vec<Finding>) -> Body {
    findings.extend(message.issues.iter().map(http_finding));
    let body = read_body(&message.body, message.body_offset, "body", findings);
    check_content_length(message, findings);
    body
}

/// A response block read (status, headers, body), its findings noted (a wrong reason phrase
/// too); `None` when it is no HTTP response.
pub(super) fn response(
    annotation: Annotation,
    text: &str,
    line: u32,
    findings: &mut Vec<Finding>,
) -> Option<Response> {
    let parsed = match crate::doc::http::parse_response(text) {
        Ok(parsed) => parsed,
        Err(issue) => {
            findings.push(http_finding(&issue));
            return None;
        }
    };
    if let Some(reason) = &parsed.reason {
        check_reason(parsed.status, reason, parsed.status_offset, findings);
    }
    let message = parsed.message;
    let body = read_message(&message, findings);
    let headers = headers(&message);
    if crate::judge::unreadable_body(&headers, &body) && !looks_like_json(&message.body) {
        findings.push(Finding::error(
            message.body_offset,
            Code::InvalidBody,
            "body is not JSON although its Content-Type says so: write the JSON, or the media type it is".to_owned(),
        ));
    }
    Some(Response {
        line,
        status: parsed.status,
        reason: parsed.reason,
        headers,
        body,
        annotation,
    })
}

/// The headers of `message` by lowercase name; repeated ones are joined with `, `.
pub(super) fn headers(message: &Message) -> Headers {
    let mut headers = Headers::new();
    for (name, value, _) in &message.headers {
        headers
            .entry(name.to_ascii_lowercase())
            .and_modify(|v: &mut String| {
                v.push_str(", ");
                v.push_str(value);
            })
            .or_insert_with(|| value.clone());
    }
    headers
}

/// Whether a block's text starts like a JSON object or array.
pub(super) fn looks_like_json(text: &str) -> bool {
    matches!(text.trim_start().chars().next(), Some('{' | '['))
}

/// Reads a body: JSON (leniently) when it looks like JSON, text otherwise.
pub(super) fn read_body(
    text: &str,
    offset: usize,
    what: &str,
    findings: &mut Vec<Finding>,
) -> Body {
    if text.trim().is_empty() {
        return Body::Empty;
    }
    if !looks_like_json(text) {
        return Body::Text {
            text: text.to_owned(),
        };
    }
    match lenient::parse(text) {
        Ok(read) => {
            for t in read.tolerances {
                findings.push(Finding::warning(
                    offset + t.offset,
                    Code::LenientBody,
                    format!("{what} JSON: {}", t.kind.describe()),
                ));
            }
            Body::Json {
                value: read.value,
                text: text.to_owned(),
            }
        }
        Err(err) => {
            findings.push(Finding::error(
                offset + err.offset,
                Code::InvalidBody,
                format!("{what} JSON cannot be read: {err}; it is kept as text"),
            ));
            Body::Text {
                text: text.to_owned(),
            }
        }
    }
}

/// The finding for an issue of the HTTP parser.
pub(super) fn http_finding(issue: &Issue) -> Finding {
    let (severity, code, message) = match issue.kind {
        IssueKind::Empty => (
            Severity::Error,
            Code::EmptyBlock,
            "annotated block is empty: write the request or response in it",
        ),
        IssueKind::MissingMethod => (
            Severity::Error,
            Code::RequestMissingMethod,
            "request line has no method: start it with GET, POST, PUT, PATCH or DELETE",
        ),
        IssueKind::MissingUrl => (
            Severity::Error,
            Code::RequestMissingUrl,
            "request line has a method but no URL: add the URL after the method",
        ),
        IssueKind::MissingStatus => (
            Severity::Error,
            Code::ResponseMissingStatus,
            "response has no status line: start it with `HTTP/1.1 200 OK`",
        ),
        IssueKind::HoldsRequest => (
            Severity::Error,
            Code::ResponseHoldsRequest,
            "response block holds a request line: annotate it `request`, or write the response here",
        ),
        IssueKind::HeaderWithoutSpace => (
            Severity::Warning,
            Code::LenientHttp,
            "header has no space after `:`: write `Name: value`",
        ),
        IssueKind::BlankBeforeHeaders => (
            Severity::Warning,
            Code::LenientHttp,
            "blank line before the headers: remove it, or they read as the body",
        ),
        IssueKind::BodyWithoutBlankLine => (
            Severity::Warning,
            Code::LenientHttp,
            "body starts without a blank line after the headers: add one",
        ),
        IssueKind::ExtraRequestLine => (
            Severity::Warning,
            Code::LenientHttp,
            "block holds a second request line, which is not checked: give each request its own block",
        ),
    };
    Finding {
        offset: issue.offset,
        severity,
        code,
        message: message.to_owned(),
    }
}

/// Warns when a reason phrase is not the standard one of its status.
pub(super) fn check_reason(status: u16, reason: &str, offset: usize, findings: &mut Vec<Finding>) {
    let canonical = canonical_reason(status);
    match canonical {
        Some(c) if c.eq_ignore_ascii_case(reason) => {}
        Some(c) => findings.push(Finding::warning(
            offset,
            Code::ReasonPhraseMismatch,
            format!(
                "reason phrase `{reason}` does not match status {status}: write `{status} {c}`"
            ),
        )),
        None => {}
    }
}

/// The standard reason phrase of a status code, if it has one.
pub fn canonical_reason(status: u16) -> Option<&'static str> {
    Some(match status {
        100 => "Continue",
        101 => "Switching Protocols",
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        203 => "Non-Authoritative Information",
        204 => "No Content",
        205 => "Reset Content",
        206 => "Partial Content",
        207 => "Multi-Status",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        412 => "Precondition Failed",
        413 => "Content Too Large",
        415 => "Unsupported Media Type",
        422 => "Unprocessable Content",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => return None,
    })
}

/// Compares a documented Content-Length with the documented body's size in bytes.
fn check_content_length(message: &Message, findings: &mut Vec<Finding>) {
    let Some((_, value, offset)) = message
        .headers
        .iter()
        .find(|(n, _, _)| n.eq_ignore_ascii_case("content-length"))
    else {
        return;
    };
    let actual = message.body.len();
    // Authors often measured the body with Windows line endings; either count is right.
    let with_crlf = actual + message.body.matches('\n').count();
    match value.trim().parse::<usize>() {
        Ok(documented) if documented == actual || documented == with_crlf => {}
        Ok(documented) => findings.push(Finding::warning(
            *offset,
            Code::ContentLengthMismatch,
            format!("Content-Length says {documented} but the body is {actual} bytes: fix or remove the header (exemplar never sends it)"),
        )),
        Err(_) => findings.push(Finding::warning(*offset, Code::ContentLengthMismatch, format!("Content-Length `{value}` is not a number: fix or remove the header"))),
    }
}
