//! Static checks over a doc set: what extraction found in each page, plus the checks of one
//! example (a no-content status with a body) and those that need the whole set (an example
//! name used twice, one request documented twice with different answers).

use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use crate::model::{Body, Code, Diagnostic, DocFile, Example, Severity};
use crate::version::place;

/// The hasher of the keys requests and answers are told apart by: FNV, as they are hashed in
/// many small pieces (each member's key and value).
type KeyHasher = fnv::FnvHasher;

/// Where something was first seen: file, line, the page's API version.
type Seen = (String, u32, Option<String>);

/// Checks that span files; feed it pages in order.
#[derive(Debug, Default)]
pub struct Linter {
    /// First place each example name was seen, by API version of the page and name: (file,
    /// line, version). Pages of two versions share names and requests by design; a page's
    /// version is told from the page, not from the folder named (see `crate::version`).
    names: HashMap<(Option<String>, String), Seen>,
    /// First place each request was documented, with its answer: (file, line, answer, version);
    /// requests and answers are told apart by a hash of what they say ([`request_key`], JSON
    /// bodies by value).
    requests: HashMap<u64, (String, u32, u64, Option<String>)>,
    /// Counts so far.
    pub tally: Tally,
}

/// How many diagnostics of each severity, over how many files.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    /// Errors.
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
    /// Files checked.
    pub files: usize,
}

impl Linter {
    /// All diagnostics of one page, including the doc-set ones, in line order.
    pub fn check(&mut self, doc: &DocFile) -> Vec<Diagnostic> {
        let mut out = doc.diagnostics.clone();
        for example in &doc.examples {
            for name in &example.annotation.names {
                let line = example.request.line;
                let keyed = (doc.version.clone(), name.clone());
                match self.names.get(&keyed) {
                    Some((file, first, version)) => out.push(Diagnostic {
                        file: doc.file.clone(),
                        line: example.annotation.line,
                        column: 1,
                        severity: Severity::Warning,
                        code: Code::DuplicateName,
                        message: format!("example name `{name}` is already used at {}; give each example its own name", place(file, *first, version.as_deref())),
                        source_line: None,
                    }),
                    None => {
                        let here = (doc.file.clone(), line, doc.version.clone());
                        self.names.insert(keyed, here);
                    }
                }
            }
        }
        for example in &doc.examples {
            out.extend(no_content_with_body(doc, example));
            out.extend(self.conflicting(doc, example));
        }
        out.sort_by_key(|d| (d.line, d.column));
        self.tally.files += 1;
        self.tally.errors += out.iter().filter(|d| d.severity == Severity::Error).count();
        self.tally.warnings += out
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count();
        out
    }
}

impl Linter {
    /// Counts findings made by other checks (the schema's) into the tally.
    pub fn count(&mut self, found: &[Diagnostic]) {
        self.tally.errors += found
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        self.tally.warnings += found
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count();
    }

    /// The same request (method, path with any placeholder, query, body) documented before
    /// with another answer: a reader, or the mock, cannot tell which one holds.
    fn conflicting(&mut self, doc: &DocFile, example: &Example) -> Option<Diagnostic> {
        let response = example.response.as_ref()?;
        let request = &example.request;
        let key = request_key(doc.version.as_deref(), request);
        let mut answer = KeyHasher::default();
        response.status.hash(&mut answer);
        body_key(&response.body, &mut answer);
        let answer = answer.finish();
        let here = (doc.file.clone(), request.line, answer, doc.version.clone());
        let Some((file, line, first, version)) = self.requests.get(&key) else {
            self.requests.insert(key, here);
            return None;
        };
        if *first == here.2 {
            return None;
        }
        let there = place(file, *line, version.as_deref());
        Some(Diagnostic {
            file: doc.file.clone(),
            line: request.line,
            column: 1,
            severity: Severity::Warning,
            code: Code::ConflictingExamples,
            message: format!(
                "{} {} is documented at {there} with another answer; tell them apart (a query, a header, a body) or make the answers agree",
                request.method, request.url
            ),
            source_line: None,
        })
    }
}

/// Headers that say how a request travels, not what it asks.
const TRANSPORT: [&str; 5] = [
    "authorization",
    "content-length",
    "content-type",
    "host",
    "transfer-encoding",
];

/// A 204, 205 or 304 documented with a body, which such an answer never has.
fn no_content_with_body(doc: &DocFile, example: &Example) -> Option<Diagnostic> {
    let response = example.response.as_ref()?;
    let has_body = !matches!(response.body, Body::Empty);
    (matches!(response.status, 204 | 205 | 304) && has_body).then(|| Diagnostic {
        file: doc.file.clone(),
        line: response.line,
        column: 1,
        severity: Severity::Warning,
        code: Code::BodyOnNoContent,
        message: format!(
            "status {} has no body, but one is documented: remove the body or document the status that carries it",
            response.status
        ),
        source_line: None,
    })
}

/// What tells a request apart, hashed: the page's API version, the method, the path with each
/// placeholder as `*`, the query, the headers but those of transport, and the body.
fn request_key(version: Option<&str>, request: &crate::model::Request) -> u64 {
    let mut key = KeyHasher::default();
    version.hash(&mut key);
    request.method.hash(&mut key);
    for segment in request.path.split('/') {
        // Only placeholders stand for any value: two GUIDs are two requests.
        match segment.starts_with(['{', '<']) {
            true => "*".hash(&mut key),
            false => segment.hash(&mut key),
        }
    }
    request.query.as_deref().unwrap_or("").hash(&mut key);
    // Headers tell requests apart too (`Accept-Language: fr`), but not those of transport.
    let headers = (request.headers.iter()).filter(|(name, _)| !TRANSPORT.contains(&name.as_str()));
    headers.for_each(|header| header.hash(&mut key));
    body_key(&request.body, &mut key);
    key.finish()
}

/// A body as compared, into `key`: JSON by value (its objects' keys are sorted), anything else
/// by its text.
fn body_key(body: &Body, key: &mut KeyHasher) {
    match body {
        Body::Empty => {}
        Body::Json { value, .. } => value.hash(key),
        Body::Text { text } => key.write(text.trim().as_bytes()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(file: &str, path: &str, name: &str) -> DocFile {
        let text = format!(
            "<!-- {{\"blockType\": \"request\", \"name\": \"{name}\"}} -->\n```http\nGET {path}\n```\n<!-- {{\"blockType\": \"response\"}} -->\n```http\nHTTP/1.1 200 OK\nContent-Type: application/json\n\n{{\"displayName\": \"{name}\"}}\n```\n"
        );
        crate::doc::extract(file, &text)
    }

    fn conflicts(pages: &[DocFile]) -> usize {
        let mut linter = Linter::default();
        let found = pages.iter().flat_map(|p| linter.check(p));
        found
            .filter(|d| d.code == Code::ConflictingExamples)
            .count()
    }

    /// Pages of two versions share names, whatever folder was named; a message pointing to
    /// another page names its version. See: issue 23, item 3.
    #[test]
    fn versions_come_from_the_page_not_the_folder_named() {
        let versioned = |v: &str, name: &str| DocFile {
            version: Some(v.into()),
            ..page("api/user-get.md", "/users/{id}", name)
        };
        let mut linter = Linter::default();
        let mut found = linter.check(&versioned("v1.0", "get_user"));
        found.extend(linter.check(&versioned("beta", "get_user")));
        assert!(found.is_empty(), "{found:?}");
        found.extend(linter.check(&versioned("beta", "get_user")));
        let messages: Vec<&str> = found.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(found.len(), 1, "{messages:?}");
        assert!(
            messages[0].contains("api/user-get.md:2 (beta)"),
            "{messages:?}"
        );
    }

    /// Requests that differ in a concrete value (two GUIDs) are two requests; only a
    /// placeholder stands for any value. See: issue 23, item 2.
    #[test]
    fn only_placeholders_make_two_requests_one() {
        let (a, b) = (
            "/identity/namedLocations/0824dbaf-6277-4db0-8112-b29fd356f2c4",
            "/identity/namedLocations/1f0fd623-bf8f-4003-9627-32a68c3cdcc1",
        );
        assert_eq!(
            conflicts(&[page("a.md", a, "ip"), page("b.md", b, "country")]),
            0
        );
        assert_eq!(
            conflicts(&[page("a.md", a, "ip"), page("b.md", a, "country")]),
            1
        );
        let (x, y) = ("/users/{id}", "/users/{user-id}");
        assert_eq!(
            conflicts(&[page("a.md", x, "one"), page("b.md", y, "two")]),
            1
        );
    }

    /// Two answers with the same members in another order are one answer; another value (an
    /// array in another order, a number made an object) is another answer.
    #[test]
    fn answers_are_told_apart_by_value_not_by_the_order_of_their_members() {
        let answer = |file: &str, body: &str| {
            let text = format!(
                "<!-- {{\"blockType\": \"request\", \"name\": \"{file}\"}} -->\n```http\nGET /me\n```\n<!-- {{\"blockType\": \"response\"}} -->\n```http\nHTTP/1.1 200 OK\nContent-Type: application/json\n\n{body}\n```\n"
            );
            crate::doc::extract(file, &text)
        };
        let one = answer("a.md", r#"{"id": "1", "tags": ["x", "y"], "size": 2}"#);
        let reordered = answer("b.md", r#"{"size": 2, "tags": ["x", "y"], "id": "1"}"#);
        assert_eq!(conflicts(&[one.clone(), reordered]), 0);
        let other = answer("c.md", r#"{"size": 2, "tags": ["y", "x"], "id": "1"}"#);
        assert_eq!(conflicts(&[one.clone(), other]), 1);
        let nested = answer(
            "d.md",
            r#"{"id": "1", "tags": ["x", "y"], "size": {"n": 2}}"#,
        );
        assert_eq!(conflicts(&[one, nested]), 1);
    }
}
