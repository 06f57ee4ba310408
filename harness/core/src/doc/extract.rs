//! Markdown page → examples and diagnostics, with pulldown-cmark's offsets for every location.
//!
//! Walks the page's events once: HTML comments become pending annotations, and the next code
//! block (with only blank lines between) is read as the annotated request, response or other
//! block. A fence left open where a new one starts is reported and reading resumes after it.

use std::ops::Range;

use pulldown_cmark::{BrokenLink, CodeBlockKind, Event, Parser, Tag, TagEnd};

use super::Finding;
use super::annotation::{self, Comment};
use super::http;
use super::pair::Pairing;
use super::source::{LineIndex, SourceMap};
use crate::docset::facts::{self, Facts, OPTIONS};
use crate::model::{Annotation, BlockType, Code, Diagnostic, DocFile, Example, Request, Resource};

mod fence;
mod mentions;
mod message;
mod place;

pub use message::canonical_reason;

pub(crate) use mentions::{mentions_block_type, mentions_request_block};

use message::{headers, http_finding, looks_like_json, read_body, read_message, response};

/// Reads every annotated example of one page, with the diagnostics found on the way.
///
/// `file` is the path shown in diagnostics; `source` is the page's text (BOM already removed).
pub fn extract(file: &str, source: &str) -> DocFile {
    if !mentions_block_type(source) {
        return unannotated(file);
    }
    let mut doc = read(file, source, &LineIndex::new(source), &mut None);
    doc.source = Some(std::sync::Arc::new(source.to_owned()));
    doc
}

/// [`extract`], and the page's doc-set facts read in the same markdown pass when the page
/// annotates something (`lint` needs both: such a page is parsed once, not twice). A page
/// that annotates nothing is not parsed here: its facts are `None`, for the caller to read
/// from its text only if its checks need them (pages of skipped folders never are).
///
/// The page's text becomes the doc's [`DocFile::source`] as it is, without a copy.
pub fn extract_with_facts(file: &str, source: String) -> (DocFile, Option<Facts>) {
    if !mentions_block_type(&source) {
        let doc = DocFile {
            source: Some(std::sync::Arc::new(source)),
            ..unannotated(file)
        };
        return (doc, None);
    }
    // One index of the lines for both readers.
    let index = LineIndex::new(&source);
    let mut reader = Some(facts::Reader::new(&source, &index));
    let mut doc = read(file, &source, &index, &mut reader);
    let facts = match reader {
        Some(reader) => reader.finish(),
        None => crate::docset::facts(&source),
    };
    doc.source = Some(std::sync::Arc::new(source));
    (doc, Some(facts))
}

/// A page that annotates nothing (most pages of a docs tree: include snippets, concept pages):
/// a scan for the word decides, and such a page is never parsed for examples.
fn unannotated(file: &str) -> DocFile {
    DocFile {
        file: file.to_owned(),
        ..DocFile::default()
    }
}

/// Reads the page (one that mentions a block type), feeding the markdown events to `facts`
/// too; on a runaway fence (the page is then walked in pieces) `facts` is emptied, and the
/// caller reads them in a pass of their own.
fn read<'a>(
    file: &str,
    source: &'a str,
    index: &'a LineIndex,
    facts: &mut Option<facts::Reader<'a>>,
) -> DocFile {
    let mut page = Page {
        file,
        source,
        index,
        pending: None,
        pairing: Pairing::default(),
        diagnostics: Vec::new(),
        resources: Vec::new(),
    };
    let mut start = 0;
    while let Some(restart) = page.walk(start, facts.as_mut()) {
        *facts = None;
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
    let version = crate::version::page_version(file, &examples);
    let mut examples = examples;
    for example in &mut examples {
        example.version.clone_from(&version);
    }
    DocFile {
        file: file.to_owned(),
        version,
        examples,
        diagnostics: page.diagnostics,
        resources: page.resources,
        source: None,
    }
}

/// The examples of one page, for a reader that needs only them (`list`, `run`): a page whose
/// annotations hold no request (or that has none) is not parsed, and comes back empty.
pub fn extract_examples(file: &str, source: &str) -> DocFile {
    if mentions_request_block(source) {
        return extract(file, source);
    }
    DocFile {
        file: file.to_owned(),
        ..DocFile::default()
    }
}

struct Page<'a> {
    file: &'a str,
    source: &'a str,
    index: &'a LineIndex,
    pending: Option<Pending>,
    pairing: Pairing,
    diagnostics: Vec<Diagnostic>,
    resources: Vec<Resource>,
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
    /// Each event goes to `facts` too (read from the page's start).
    fn walk(&mut self, start: usize, mut facts: Option<&mut facts::Reader<'_>>) -> Option<usize> {
        let mut block: Option<Block> = None;
        let mut undefined = Vec::new();
        let mut callback = |broken: BrokenLink<'_>| {
            facts::undefined_reference(&mut undefined, &broken);
            None
        };
        let source = &self.source[start..];
        let parser = Parser::new_with_broken_link_callback(source, OPTIONS, Some(&mut callback));
        for (event, range) in parser.into_offset_iter() {
            // A code block's lines are no heading, cell or link, and other text is read only
            // in a heading or a cell: the facts need not see the rest.
            if let Some(facts) = facts.as_mut() {
                let text = matches!(event, Event::Text(_));
                if !text || (block.is_none() && facts.takes_text()) {
                    facts.event(&event, range.start);
                }
            }
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
                        b.push(&text, range.start);
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
        if let Some(facts) = facts {
            facts.undefined(undefined);
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
                        Code::InvalidMetadata,
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
            BlockType::Response | BlockType::SimulatedResponse => {
                let simulated = annotation.block_type == BlockType::SimulatedResponse;
                self.response(annotation, &block, fence_line, &mut findings, simulated);
            }
            BlockType::Resource if looks_like_json(&block.text) => {
                let body = read_body(&block.text, 0, "block", &mut findings);
                (self.resources).push(Resource {
                    line: fence_line,
                    annotation,
                    body,
                });
            }
            BlockType::Example if looks_like_json(&block.text) => {
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
        let body = read_message(&message, findings);
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
            simulated: None,
            version: None,
        });
    }

    /// A `response` block, or (when `simulated`) a `simulatedResponse` block: the answer the
    /// mock gives the request before it.
    fn response(
        &mut self,
        annotation: Annotation,
        block: &Block,
        line: u32,
        findings: &mut Vec<Finding>,
        simulated: bool,
    ) {
        let Some(response) = response(annotation, &block.text, line, findings) else {
            return;
        };
        let mut pair_findings = Vec::new();
        let offset = block.range.start;
        match simulated {
            true => self.pairing.simulated(response, offset, &mut pair_findings),
            false => self.pairing.response(response, offset, &mut pair_findings),
        }
        self.place(0, pair_findings);
    }
}

#[cfg(test)]
mod tests;
