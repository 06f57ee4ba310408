//! The schema checks of `lint`: every documented JSON body (requests and responses) against its
//! type, each finding at the property's own line and column; and each `resource` block against
//! the CSDL, when both exist. Types come from the CSDL of the page's API version, else from the
//! docs' `resource` blocks.

use std::collections::BTreeMap;

use serde_json::Value;

use super::check::{self, Check, Issue};
use super::types::Model;
use super::{Schemas, check_body, locate, resolve, resource, version_of};
use crate::model::{Body, Code, Diagnostic, DocFile, Example, Severity};

mod beside;
pub use beside::{Beside, Checked};

/// Schema checks over a doc set: [`SchemaLint::learn`] every page's resource blocks first, then
/// [`SchemaLint::check`] each page.
#[derive(Debug, Clone)]
pub struct SchemaLint {
    schemas: Schemas,
    /// The types `resource` blocks document, by the API version of their page: a v1.0 page is
    /// never held against a beta block.
    resources: BTreeMap<Option<String>, Model>,
    /// The types of pages of a version no block documents: none.
    no_resources: Model,
    /// Counts so far.
    pub tally: Tally,
}

/// What one thread of [`SchemaLint::check_some`] found: each page's findings by its index, and
/// its counts.
type Part = (Vec<(usize, Vec<Diagnostic>)>, Tally);

/// What the schema checks covered and found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    /// JSON bodies whose type was found and checked.
    pub bodies: usize,
    /// JSON bodies without a resolvable type (not checked).
    pub unresolved: usize,
    /// Findings per code.
    pub by_code: BTreeMap<Code, usize>,
}

impl SchemaLint {
    /// Checks with the CSDL models of `schemas` (which may be empty: resource blocks only).
    pub fn new(schemas: Schemas) -> SchemaLint {
        SchemaLint {
            schemas,
            resources: BTreeMap::new(),
            no_resources: Model::default(),
            tally: Tally::default(),
        }
    }

    /// Whether any types are known: a CSDL, or a resource block learnt.
    pub fn has_types(&self) -> bool {
        !self.schemas.is_empty() || self.resources.values().any(|m| !m.is_empty())
    }

    /// Learns the types of the page's `resource` blocks.
    pub fn learn(&mut self, doc: &DocFile) {
        for block in &doc.resources {
            if let Body::Json { value, .. } = &block.body {
                let origin = format!("{}:{}", doc.file, block.line);
                let model = self
                    .resources
                    .entry(doc.version.clone())
                    .or_insert_with(|| {
                        let mut model = Model::default();
                        model
                            .aliases
                            .insert("graph".into(), "microsoft.graph".into());
                        model
                    });
                resource::learn(model, &block.annotation, value, origin);
            }
        }
    }

    /// The schema findings of one page, in line order.
    pub fn check(&mut self, doc: &DocFile) -> Vec<Diagnostic> {
        let page = locate::Page::new(doc.text().unwrap_or(""));
        let mut out = Vec::new();
        for block in &doc.resources {
            let (Body::Json { text, value }, Some(name)) =
                (&block.body, &block.annotation.odata_type)
            else {
                continue;
            };
            let Some(csdl) = self
                .schemas
                .for_version(doc.version.as_deref().or_else(|| version_of(&doc.file)))
            else {
                continue;
            };
            let mut learnt = Model::default();
            learnt
                .aliases
                .insert("graph".into(), "microsoft.graph".into());
            let origin = format!("{}:{}", doc.file, block.line);
            resource::learn(&mut learnt, &block.annotation, value, origin);
            let issues = resource::compare(&learnt, csdl, &csdl.qualify(name));
            let issues = (issues.into_iter())
                .map(|(pointer, severity, code, message)| Issue {
                    pointer,
                    severity,
                    code,
                    message,
                })
                .collect();
            out.extend(place(doc, &page, block.line, text, "resource", issues));
        }
        for example in &doc.examples {
            out.extend(self.request(doc, &page, example));
            out.extend(self.response(doc, &page, example));
        }
        out.sort_by_key(|d| (d.line, d.column));
        for d in &out {
            *self.tally.by_code.entry(d.code).or_default() += 1;
        }
        out
    }

    /// The schema findings of each of `docs`, in their order, checked on up to `threads`
    /// threads (see [`Self::check_some`]).
    pub fn check_all(&mut self, docs: &[DocFile], threads: usize) -> Vec<Vec<Diagnostic>> {
        let every: Vec<usize> = (0..docs.len()).collect();
        let mut all = vec![Vec::new(); docs.len()];
        for (i, diagnostics) in self.check_some(docs, &every, threads) {
            all[i] = diagnostics;
        }
        all
    }

    /// The schema findings of the pages `which` (indexes into `docs`; others are passed over),
    /// each with its index, checked on up to `threads` threads: the types are shared (a CSDL's
    /// are built once, on first use, by whichever thread needs them first), each thread counts
    /// apart, and the counts are added up.
    pub fn check_some(
        &mut self,
        docs: &[DocFile],
        which: &[usize],
        threads: usize,
    ) -> Vec<(usize, Vec<Diagnostic>)> {
        /// Pages a thread takes at a time: small, so a slow page does not hold up the rest.
        const BATCH: usize = 8;
        let next = std::sync::atomic::AtomicUsize::new(0);
        let threads = threads.clamp(1, which.len().div_ceil(BATCH).max(1));
        let parts: Vec<Part> = std::thread::scope(|scope| {
            let running: Vec<_> = (0..threads)
                .map(|_| {
                    let mut part = SchemaLint {
                        schemas: self.schemas.clone(),
                        resources: self.resources.clone(),
                        no_resources: Model::default(),
                        tally: Tally::default(),
                    };
                    let next = &next;
                    scope.spawn(move || {
                        let mut found = Vec::new();
                        loop {
                            let batch = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                            let Some(pages) = which.chunks(BATCH).nth(batch) else {
                                break;
                            };
                            for (i, doc) in pages.iter().filter_map(|&i| Some((i, docs.get(i)?))) {
                                found.push((i, part.check(doc)));
                            }
                        }
                        (found, part.tally)
                    })
                })
                .collect();
            (running.into_iter())
                .map(|t| {
                    t.join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
                })
                .collect()
        });
        let mut all = Vec::with_capacity(which.len());
        for (found, tally) in parts {
            all.extend(found);
            self.tally.bodies += tally.bodies;
            self.tally.unresolved += tally.unresolved;
            for (code, n) in tally.by_code {
                *self.tally.by_code.entry(code).or_default() += n;
            }
        }
        all
    }

    /// Whether `doc` can be checked before every page's `resource` blocks are learnt: a CSDL
    /// gives the types of all its examples.
    pub fn alone(&self, doc: &DocFile) -> bool {
        !self.schemas.is_empty() && doc.examples.iter().all(|e| self.model(doc, e).1)
    }

    /// The model for an example: the CSDL of its version, else the resource blocks' types.
    fn model(&self, doc: &DocFile, example: &Example) -> (&Model, bool) {
        let version = (doc.version.as_deref()).or_else(|| version_of(&example.request.path));
        match self.schemas.for_version(version) {
            Some(model) => (model, true),
            // Blocks of pages whose version cannot be told serve the pages of any version
            // that has none of its own.
            None => (self.resources.get(&doc.version))
                .or_else(|| self.resources.get(&None))
                .map_or((&self.no_resources, false), |m| (m, false)),
        }
    }

    fn request(
        &mut self,
        doc: &DocFile,
        page: &locate::Page,
        example: &Example,
    ) -> Vec<Diagnostic> {
        let request = &example.request;
        let Body::Json { value, text } = &request.body else {
            return Vec::new();
        };
        if !matches!(request.method.as_str(), "POST" | "PUT" | "PATCH") || !json(&request.headers) {
            return Vec::new();
        }
        let (model, csdl) = self.model(doc, example);
        let hints = resolve::Hints {
            annotation: example.annotation.odata_type.as_deref(),
            collection: false,
            path: Some(&request.path),
            query: None,
        };
        let check = Check {
            model,
            expanded: true,
            partial: true,
            complete: csdl,
            documented: true,
        };
        let issues = judge(
            &check,
            value,
            hints,
            "value",
            csdl,
            request.method == "POST",
        );
        self.report(doc, page, request.line, text, "request", issues)
    }

    fn response(
        &mut self,
        doc: &DocFile,
        page: &locate::Page,
        example: &Example,
    ) -> Vec<Diagnostic> {
        let Some(response) = &example.response else {
            return Vec::new();
        };
        let Body::Json { value, text } = &response.body else {
            return Vec::new();
        };
        let annotation = &response.annotation;
        // Error answers have no type of the schema.
        if !(200..300).contains(&response.status)
            || annotation.expect_error
            || !json(&response.headers)
        {
            return Vec::new();
        }
        let request = &example.request;
        let (model, csdl) = self.model(doc, example);
        let method = request.method.as_str();
        let hints = resolve::Hints {
            annotation: annotation.odata_type.as_deref(),
            collection: annotation.is_collection,
            path: matches!(method, "GET" | "POST").then_some(request.path.as_str()),
            query: request.query.as_deref(),
        };
        let check = Check {
            model,
            expanded: expands(request.query.as_deref()),
            partial: annotation.truncated,
            complete: csdl,
            documented: true,
        };
        let issues = judge(
            &check,
            value,
            hints,
            &annotation.collection_property,
            csdl,
            method == "POST",
        );
        self.report(doc, page, response.line, text, "response", issues)
    }

    fn report(
        &mut self,
        doc: &DocFile,
        page: &locate::Page,
        fence: u32,
        text: &str,
        what: &str,
        issues: Option<Vec<Issue>>,
    ) -> Vec<Diagnostic> {
        let Some(issues) = issues else {
            self.tally.unresolved += 1;
            return Vec::new();
        };
        self.tally.bodies += 1;
        place(doc, page, fence, text, what, issues)
    }
}

/// The findings `issues` of the body `text` under the fence at line `fence`, each at its
/// property's line and column on the page.
fn place(
    doc: &DocFile,
    page: &locate::Page,
    fence: u32,
    text: &str,
    what: &str,
    issues: Vec<Issue>,
) -> Vec<Diagnostic> {
    if issues.is_empty() {
        return Vec::new();
    }
    let body = page.body(fence, text);
    (issues.into_iter())
        .map(|issue| {
            let (line, column) = body.position(&issue.pointer);
            let at = match issue.pointer.is_empty() {
                true => String::new(),
                false => format!(" at {}", issue.pointer),
            };
            Diagnostic {
                file: doc.file.clone(),
                line,
                column,
                severity: issue.severity,
                code: issue.code,
                message: format!("{what} body{at}: {}", issue.message),
                source_line: page.line(line).map(str::to_owned),
            }
        })
        .collect()
}

/// Whether the headers let the body be JSON: no Content-Type, or a JSON one (a body of
/// `application/zip` written as `[Zip file …]` is not a JSON value to check).
fn json(headers: &crate::model::Headers) -> bool {
    headers
        .get("content-type")
        .is_none_or(|t| t.to_ascii_lowercase().contains("json"))
}

/// Whether a query asks for navigation properties inline.
pub fn expands(query: Option<&str>) -> bool {
    query.is_some_and(|q| q.contains("$expand") || q.contains("%24expand"))
}

/// The problems of `body` against the type it resolves to; `None` when it resolves to none.
/// A POST's answer resolved from the URL of a collection is one of its items. An own
/// `@odata.type` the CSDL does not know is a finding even when nothing else gives a type; a
/// type the CSDL cannot give whole is said once per body.
pub fn judge(
    check: &Check,
    body: &Value,
    hints: resolve::Hints,
    property: &str,
    csdl: bool,
    created: bool,
) -> Option<Vec<Issue>> {
    let Some(mut resolved) = resolve::resolve(check.model, body, hints) else {
        let named = body
            .get("@odata.type")
            .and_then(Value::as_str)
            .filter(|_| csdl)?;
        return Some(vec![Issue {
            pointer: "/@odata.type".into(),
            severity: Severity::Error,
            code: Code::SchemaUnknownType,
            message: format!("`@odata.type` names `{named}`, which the schema does not define"),
        }]);
    };
    if created && resolved.from == "url" {
        resolved.ty.collection = false;
    }
    let check = Check {
        partial: check.partial || resolved.selected,
        ..*check
    };
    let mut issues = check_body(&check, body, &resolved, property, "");
    check::dedup_unreadable(&mut issues);
    Some(issues)
}
