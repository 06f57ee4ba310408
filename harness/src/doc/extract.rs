//! Markdown page → examples and diagnostics, with pulldown-cmark's offsets for every location.
//!
//! Walks the page's events once: HTML comments become pending annotations, and the next code
//! block (with only blank lines between) is read as the annotated request, response or other
//! block. A fence left open where a new one starts is reported and reading resumes after it.

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};

use super::Finding;
use super::annotation::{self, Comment};
use super::http::{self, IssueKind, Message};
use super::lenient;
use super::pair::Pairing;
use super::source::{LineIndex, SourceMap, line_offset};
use crate::model::{
    Annotation, BlockType, Body, Diagnostic, DocFile, Example, Headers, Request, Response, Severity,
};

/// Reads every annotated example of one page, with the diagnostics found on the way.
///
/// `file` is the path shown in diagnostics; `source` is the page's text (BOM already removed).
pub fn extract(file: &str, source: &str) -> DocFile {
    let mut page = Page {
        file,
        source,
        index: LineIndex::new(source),
        pending: None,
        pairing: Pairing::default(),
        diagnostics: Vec::new(),
    };
    let mut start = 0;
    while let Some(restart) = page.walk(start) {
        start = restart;
    }
    if let Some(pending) = page.pending.take() {
        page.unattached(&pending, "nothing follows it");
    }
    let mut findings = Vec::new();
    let examples =
        std::mem::take(&mut page.pairing).finish(|line| page.index.line_start(line), &mut findings);
    page.place(0, findings);
    page.diagnostics.sort_by_key(|d| (d.line, d.column));
    DocFile {
        file: file.to_owned(),
        examples,
        diagnostics: page.diagnostics,
    }
}

struct Page<'a> {
    file: &'a str,
    source: &'a str,
    index: LineIndex,
    pending: Option<Pending>,
    pairing: Pairing,
    diagnostics: Vec<Diagnostic>,
}

/// An annotation waiting for its code block.
struct Pending {
    annotation: Annotation,
    /// Offset just past the comment's `-->`.
    end: usize,
    /// Offset of the comment's `<!--`.
    start: usize,
}

/// A code block as read: where it is, its info string and its text.
struct Block {
    range: Range<usize>,
    fenced: bool,
    text: String,
    map: SourceMap,
}

impl Page<'_> {
    /// Walks events from `start`; returns where to resume if a runaway fence was cut short.
    fn walk(&mut self, start: usize) -> Option<usize> {
        let mut block: Option<Block> = None;
        for (event, range) in Parser::new(&self.source[start..]).into_offset_iter() {
            let range = range.start + start..range.end + start;
            match event {
                Event::Start(Tag::HtmlBlock) => self.comments(range),
                Event::Start(Tag::CodeBlock(kind)) => {
                    let fenced = matches!(kind, CodeBlockKind::Fenced(_));
                    block = Some(Block {
                        range,
                        fenced,
                        text: String::new(),
                        map: SourceMap::default(),
                    });
                }
                Event::Text(text) => {
                    if let Some(b) = block.as_mut() {
                        b.map.push(b.text.len(), range.start);
                        if text.contains('\r') {
                            b.text.push_str(&text.replace("\r\n", "\n"));
                        } else {
                            b.text.push_str(&text);
                        }
                    }
                }
                Event::End(TagEnd::CodeBlock) => {
                    if let Some(restart) = block.take().and_then(|b| self.block(b)) {
                        return Some(restart).filter(|&r| r > start);
                    }
                }
                Event::Start(
                    Tag::Paragraph | Tag::Heading { .. } | Tag::Table(_) | Tag::Image { .. },
                )
                | Event::Rule => {
                    if let Some(pending) = self.pending.take() {
                        self.unattached(&pending, "text stands between it and the next code block");
                    }
                }
                _ => {}
            }
        }
        None
    }

    /// Reads the HTML comments of an HTML block; an annotation among them becomes pending.
    fn comments(&mut self, range: Range<usize>) {
        let html = &self.source[range.clone()];
        let mut from = 0;
        while let Some(open) = html[from..].find("<!--").map(|i| from + i) {
            let inner_start = open + 4;
            let Some(close) = html[inner_start..].find("-->").map(|i| inner_start + i) else {
                if html[inner_start..]
                    .to_ascii_lowercase()
                    .contains("blocktype")
                {
                    let finding = Finding::error(
                        open,
                        "invalid-metadata",
                        "annotation comment is never closed: end it with `-->`".into(),
                    );
                    self.place(range.start, vec![finding]);
                }
                return;
            };
            let line = self.index.line(range.start + open);
            let mut findings = Vec::new();
            let comment = annotation::read(&html[inner_start..close], line, &mut findings);
            self.place(range.start + inner_start, findings);
            if let Comment::Annotation(annotation) = comment {
                if let Some(previous) = self.pending.take() {
                    self.unattached(
                        &previous,
                        "another annotation follows it before any code block",
                    );
                }
                self.pending = Some(Pending {
                    annotation,
                    start: range.start + open,
                    end: range.start + close + 3,
                });
            }
            from = close + 3;
        }
    }

    /// Handles one code block; returns where to resume reading when the fence ran away.
    fn block(&mut self, mut block: Block) -> Option<usize> {
        let restart = if block.fenced {
            self.check_fence(&mut block)
        } else {
            None
        };
        let pending = self.pending.take();
        let annotation = match pending {
            Some(p)
                if self.source[p.end..block.range.start]
                    .chars()
                    .all(|c| c.is_whitespace() || c == '>') =>
            {
                p.annotation
            }
            Some(p) => {
                self.unattached(&p, "text stands between it and the next code block");
                self.note_ignored(&block);
                return restart;
            }
            None => return restart,
        };
        let fence_line = self.index.line(block.range.start);
        let mut findings = Vec::new();
        match annotation.block_type {
            BlockType::Request => self.request(annotation, &block, fence_line, &mut findings),
            BlockType::Response => self.response(annotation, &block, fence_line, &mut findings),
            BlockType::Resource | BlockType::Example if looks_like_json(&block.text) => {
                read_body(&block.text, 0, "block", &mut findings);
            }
            BlockType::Ignored => self.note_ignored(&block),
            _ => {}
        }
        self.place_mapped(&block.map, findings);
        restart
    }

    fn note_ignored(&mut self, block: &Block) {
        let first = block
            .text
            .lines()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("");
        if http::request_line(first).is_some() {
            self.pairing
                .ignored_request(self.index.line(block.range.start));
        }
    }

    /// Reports a fence that is never closed; when a new fence opens inside it (the author forgot
    /// the closing one), the block is cut there and the returned offset is where reading resumes.
    fn check_fence(&mut self, block: &mut Block) -> Option<usize> {
        let raw = &self.source[block.range.clone()];
        fn strip(l: &str) -> &str {
            l.trim_start_matches(|c: char| c.is_whitespace() || c == '>')
                .trim_end()
        }
        let opener = strip(raw.lines().next().unwrap_or(""));
        let fence_char = opener.chars().next().unwrap_or('`');
        let width = opener.chars().take_while(|&c| c == fence_char).count();
        let is_fence =
            |l: &str| l.bytes().take_while(|&c| c as char == fence_char).count() >= width;
        let mut lines = raw.lines();
        lines.next();
        let closed = lines
            .next_back()
            .map(strip)
            .is_some_and(|l| is_fence(l) && l.chars().all(|c| c == fence_char));
        let inner = block.text.lines().position(|l| {
            let l = strip(l);
            is_fence(l) && !l.trim_start_matches(fence_char).trim().is_empty()
        });
        let opened_at = block.range.start;
        let Some(inner) = inner else {
            if !closed {
                let message = format!(
                    "code fence is never closed: add a closing {} where the block ends",
                    fence_char.to_string().repeat(width)
                );
                self.place(
                    0,
                    vec![Finding::error(opened_at, "unclosed-fence", message)],
                );
            }
            return None;
        };
        let inner_offset = line_offset(&block.text, inner);
        let inner_line = self.index.line(block.map.source(inner_offset));
        let fence = fence_char.to_string().repeat(width);
        // The heading, comment or quote that shows where the author meant the block to stop.
        let stop = block.text.lines().take(inner).skip(1).position(|l| {
            let t = l.trim_start();
            t.starts_with('#') || t.starts_with("<!--") || t.starts_with('>')
        });
        let Some(stop) = stop.map(|i| i + 1) else {
            // Nothing ends the block before the new fence: the fence line is a stray; drop it.
            let line_len = block.text[inner_offset..]
                .find('\n')
                .map_or(block.text.len() - inner_offset, |i| i + 1);
            block
                .text
                .replace_range(inner_offset..inner_offset + line_len, "");
            let message = format!(
                "code fence line {inner_line} stands inside the block opened here; remove it (a block closes with a bare {fence})"
            );
            self.place(
                0,
                vec![Finding::error(opened_at, "unclosed-fence", message)],
            );
            return None;
        };
        let cut_offset = line_offset(&block.text, stop);
        let resume = self
            .index
            .line_start(self.index.line(block.map.source(cut_offset)));
        let message = format!(
            "code fence is not closed before line {inner_line} opens another one; add a closing {fence} before line {}",
            self.index.line(resume),
        );
        self.place(
            0,
            vec![Finding::error(opened_at, "unclosed-fence", message)],
        );
        block.text.truncate(cut_offset);
        Some(resume)
    }

    fn request(
        &mut self,
        annotation: Annotation,
        block: &Block,
        line: u32,
        findings: &mut Vec<Finding>,
    ) {
        let parsed = match http::parse_request(&block.text) {
            Ok(parsed) => parsed,
            Err(issue) => return findings.push(http_finding(&issue)),
        };
        let message = parsed.message;
        let body = Self::message_findings(&message, findings);
        let (path, query) = http::path_and_query(&parsed.url);
        let request = Request {
            line,
            method: parsed.method,
            url: parsed.url,
            path,
            query,
            headers: headers(&message),
            body,
        };
        self.pairing.request(Example {
            file: self.file.to_owned(),
            annotation,
            request,
            response: None,
        });
    }

    fn response(
        &mut self,
        annotation: Annotation,
        block: &Block,
        line: u32,
        findings: &mut Vec<Finding>,
    ) {
        let parsed = match http::parse_response(&block.text) {
            Ok(parsed) => parsed,
            Err(issue) => return findings.push(http_finding(&issue)),
        };
        if let Some(reason) = &parsed.reason {
            check_reason(parsed.status, reason, parsed.status_offset, findings);
        }
        let message = parsed.message;
        let body = Self::message_findings(&message, findings);
        let response = Response {
            line,
            status: parsed.status,
            reason: parsed.reason,
            headers: headers(&message),
            body,
            annotation,
        };
        let mut pair_findings = Vec::new();
        self.pairing
            .response(response, block.range.start, &mut pair_findings);
        self.place(0, pair_findings);
    }

    /// Turns the tolerated layouts into findings, reads the body and checks Content-Length.
    fn message_findings(message: &Message, findings: &mut Vec<Finding>) -> Body {
        findings.extend(message.issues.iter().map(http_finding));
        let body = read_body(&message.body, message.body_offset, "body", findings);
        check_content_length(message, findings);
        body
    }

    fn unattached(&mut self, pending: &Pending, why: &str) {
        let message = format!(
            "`{}` annotation attaches to no code block: {why}; put the annotation right before its fence",
            BlockType::ALL
                .iter()
                .find(|(_, t)| *t == pending.annotation.block_type)
                .map_or("?", |(n, _)| n)
        );
        self.place(
            0,
            vec![Finding::warning(
                pending.start,
                "annotation-without-fence",
                message,
            )],
        );
    }

    /// Places findings whose offsets are relative to the page text starting at `base`.
    fn place(&mut self, base: usize, findings: Vec<Finding>) {
        self.place_with(findings, |offset| base + offset);
    }

    /// Places findings whose offsets are relative to a block's text, copied through `map`.
    fn place_mapped(&mut self, map: &SourceMap, findings: Vec<Finding>) {
        self.place_with(findings, |offset| map.source(offset));
    }

    fn place_with(&mut self, findings: Vec<Finding>, to_source: impl Fn(usize) -> usize) {
        for f in findings {
            let offset = to_source(f.offset);
            let (line, column) = self.index.position(self.source, offset);
            self.diagnostics.push(Diagnostic {
                file: self.file.to_owned(),
                line,
                column,
                severity: f.severity,
                code: f.code,
                message: f.message,
                source_line: Some(self.index.line_text(self.source, line).to_owned()),
            });
        }
    }
}

fn headers(message: &Message) -> Headers {
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

fn looks_like_json(text: &str) -> bool {
    matches!(text.trim_start().chars().next(), Some('{' | '['))
}

/// Reads a body: JSON (leniently) when it looks like JSON, text otherwise.
fn read_body(text: &str, offset: usize, what: &str, findings: &mut Vec<Finding>) -> Body {
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
                    "lenient-body",
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
                "invalid-body",
                format!("{what} JSON cannot be read: {err}; it is kept as text"),
            ));
            Body::Text {
                text: text.to_owned(),
            }
        }
    }
}

fn http_finding(issue: &http::Issue) -> Finding {
    let (severity, code, message) = match issue.kind {
        IssueKind::Empty => (
            Severity::Error,
            "empty-block",
            "annotated block is empty: write the request or response in it",
        ),
        IssueKind::MissingMethod => (
            Severity::Error,
            "request-missing-method",
            "request line has no method: start it with GET, POST, PUT, PATCH or DELETE",
        ),
        IssueKind::MissingUrl => (
            Severity::Error,
            "request-missing-url",
            "request line has a method but no URL: add the URL after the method",
        ),
        IssueKind::MissingStatus => (
            Severity::Error,
            "response-missing-status",
            "response has no status line: start it with `HTTP/1.1 200 OK`",
        ),
        IssueKind::HoldsRequest => (
            Severity::Error,
            "response-holds-request",
            "response block holds a request line: annotate it `request`, or write the response here",
        ),
        IssueKind::HeaderWithoutSpace => (
            Severity::Warning,
            "lenient-http",
            "header has no space after `:`: write `Name: value`",
        ),
        IssueKind::BlankBeforeHeaders => (
            Severity::Warning,
            "lenient-http",
            "blank line before the headers: remove it, or they read as the body",
        ),
        IssueKind::BodyWithoutBlankLine => (
            Severity::Warning,
            "lenient-http",
            "body starts without a blank line after the headers: add one",
        ),
        IssueKind::ExtraRequestLine => (
            Severity::Warning,
            "lenient-http",
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

fn check_reason(status: u16, reason: &str, offset: usize, findings: &mut Vec<Finding>) {
    let canonical = canonical_reason(status);
    match canonical {
        Some(c) if c.eq_ignore_ascii_case(reason) => {}
        Some(c) => findings.push(Finding::warning(
            offset,
            "reason-phrase-mismatch",
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
            "content-length-mismatch",
            format!("Content-Length says {documented} but the body is {actual} bytes: fix or remove the header (exemplar never sends it)"),
        )),
        Err(_) => findings.push(Finding::warning(*offset, "content-length-mismatch", format!("Content-Length `{value}` is not a number: fix or remove the header"))),
    }
}
