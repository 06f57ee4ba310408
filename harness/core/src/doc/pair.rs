//! Pairing responses with requests within one page.
//!
//! A named response pairs with the earlier request of that name (a `name` array: with every
//! request it names, one shared answer); otherwise with the last request that has no response
//! yet. Every response that finds no request, every second response and
//! every request left alone is a finding: nothing is dropped silently.

use super::Finding;
use crate::model::{Code, Example, Response};

/// The examples of one page as they are being paired, in document order.
#[derive(Debug, Default)]
pub struct Pairing {
    examples: Vec<Example>,
    /// Line of the last request-like block annotated `ignored`, since the last real request.
    ignored_request: Option<u32>,
}

impl Pairing {
    /// Adds a request example (with no response yet).
    pub fn request(&mut self, example: Example) {
        self.ignored_request = None;
        self.examples.push(example);
    }

    /// Notes an `ignored` block that holds a request, to explain an unpaired response after it.
    pub fn ignored_request(&mut self, line: u32) {
        self.ignored_request = Some(line);
    }

    /// Pairs a response; `offset` is where its fence starts, for the findings.
    pub fn response(&mut self, response: Response, offset: usize, findings: &mut Vec<Finding>) {
        if response.annotation.names.len() > 1 && self.shared(&response, offset, findings) {
            return;
        }
        let names = &response.annotation.names;
        let by_name = self
            .examples
            .iter()
            .rposition(|e| e.annotation.names.iter().any(|n| names.contains(n)));
        let index = match by_name {
            Some(i) => Some(i),
            None => {
                let by_order = self.examples.iter().rposition(|e| e.response.is_none());
                if let (Some(name), Some(i)) = (names.first(), by_order) {
                    let message = format!(
                        "response name `{name}` matches no request of this page; paired by order with the request at line {}; give both the same name",
                        self.examples[i].request.line
                    );
                    findings.push(Finding::warning(
                        offset,
                        Code::ResponseNameUnmatched,
                        message,
                    ));
                }
                by_order
            }
        };
        let Some(example) = index.map(|i| &mut self.examples[i]) else {
            let hint = match self.ignored_request {
                Some(line) => format!("it follows the `ignored` request at line {line}; annotate this response `ignored` too"),
                None => "annotate the request before it with `\"blockType\": \"request\"`, or this block `ignored`".into(),
            };
            findings.push(Finding::warning(
                offset,
                Code::ResponseWithoutRequest,
                format!("response has no request to pair with: {hint}"),
            ));
            return;
        };
        if let Some(first) = &example.response {
            let message = format!(
                "second response for the request at line {} (its response is at line {}); this one is not checked: give it its own request or annotate it `ignored`",
                example.request.line, first.line
            );
            findings.push(Finding::warning(offset, Code::DuplicateResponse, message));
            return;
        }
        example.response = Some(response);
    }

    /// Gives the request before it (the last of the page) its `simulatedResponse`; one with no
    /// request before it, or a second one, is a finding.
    pub fn simulated(&mut self, response: Response, offset: usize, findings: &mut Vec<Finding>) {
        let Some(example) = self.examples.last_mut() else {
            findings.push(Finding::warning(
                offset,
                Code::ResponseWithoutRequest,
                "simulated response has no request before it to stand in for".into(),
            ));
            return;
        };
        if example.simulated.is_some() {
            let message = format!(
                "second simulated response for the request at line {}; this one is not used",
                example.request.line
            );
            findings.push(Finding::warning(offset, Code::DuplicateResponse, message));
            return;
        }
        example.simulated = Some(Box::new(response));
    }

    /// Pairs a response whose `name` is an array with every request it names that has no
    /// response yet; a name that matches no request is a finding. False when it names none.
    fn shared(&mut self, response: &Response, offset: usize, findings: &mut Vec<Finding>) -> bool {
        let names = &response.annotation.names;
        let named = |e: &Example| e.annotation.names.iter().any(|n| names.contains(n));
        let open: Vec<usize> = (0..self.examples.len())
            .filter(|&i| self.examples[i].response.is_none() && named(&self.examples[i]))
            .collect();
        if open.is_empty() {
            return false;
        }
        for i in open {
            self.examples[i].response = Some(response.clone());
        }
        for name in names {
            let found = self
                .examples
                .iter()
                .any(|e| e.annotation.names.contains(name));
            if !found {
                findings.push(Finding::warning(
                    offset,
                    Code::ResponseNameUnmatched,
                    format!("response name `{name}` matches no request of this page; remove it from the list or name the request so"),
                ));
            }
        }
        true
    }

    /// The paired examples; each request left without a response is a finding at its fence.
    pub fn finish(
        self,
        line_offset: impl Fn(u32) -> usize,
        findings: &mut Vec<Finding>,
    ) -> Vec<Example> {
        for example in self.examples.iter().filter(|e| e.response.is_none()) {
            findings.push(Finding::warning(
                line_offset(example.request.line),
                Code::RequestWithoutResponse,
                "request has no documented response, so `run` cannot check it: add an annotated response block after it".into(),
            ));
        }
        // Held as long as the page is (to the end of a lint): no room for more.
        let mut examples = self.examples;
        examples.shrink_to_fit();
        examples
    }
}
