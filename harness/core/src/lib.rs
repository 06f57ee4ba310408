//! exemplar's pure core: contract tests for API documentation, without a network stack.
//!
//! Reads markdown docs in the Microsoft Graph style, extracts every annotated HTTP example, and
//! checks them: statically (`lint`), and against a server (`run`). The pipeline:
//!
//! ```text
//! discover → extract → pair → select → plan → replay → judge → snapshot → events → reporters
//! ```
//!
//! Every stage but replay (and the snapshot store, the mock server, reading files) is a pure
//! function over data; every finding carries `file:line`. This crate holds the pure stages:
//! reading docs, pairing, planning, comparing, judging, the schema and the lint rules. It never
//! links tokio, reqwest or hyper: an editor extension or a checker of its own can depend on it
//! alone. The run (replay, sessions, reports) is `exemplar-run`; the mock server `exemplar-mock`.
//!
//! ```
//! let page = "<!-- { \"blockType\": \"request\", \"name\": \"get_me\" } -->\n\
//!             ```http\nGET https://graph.microsoft.com/v1.0/me\n```\n\n\
//!             <!-- { \"blockType\": \"response\" } -->\n\
//!             ```http\nHTTP/1.1 204 No Content\n```\n";
//! let doc = exemplar_core::extract("me.md", page);
//! let example = &doc.examples[0];
//! assert_eq!((example.name(), example.line()), (Some("get_me"), 2));
//! assert_eq!(example.response.as_ref().map(|r| r.status), Some(204));
//! ```

// What is `pub` here is what the crate offers; everything else is `pub(crate)`.
#![warn(unreachable_pub)]

pub mod compare;
pub mod coverage;
pub mod date;
pub mod discover;
pub mod doc;
pub mod docset;
pub mod export;
pub mod fix;
pub mod judge;
pub mod lint;
pub mod model;
pub mod plan;
pub mod scan;
pub mod schema;
pub mod secret;
pub mod version;

use std::path::{Path, PathBuf};

pub use compare::{Observed, ObservedBody};
pub use discover::ReadError;
pub use doc::extract;
pub use doc::http::{parse_request as parse_request_block, parse_response as parse_response_block};
pub use doc::lenient::{Lenient, Tolerance, parse as parse_json_leniently};
pub use doc::source::MAX_DOC_BYTES;
pub use judge::{Verdict, judge};
pub use lint::{Linter, Tally};
pub use model::{Code, Diagnostic, DocFile, Example, Severity};
pub use plan::{
    Context as PlanContext, HeaderValue, Params, Place, Planned, Skip, is_loopback, plan,
};
pub use secret::{Learnt, Redactor};

/// Reads every doc under `paths` (files, or folders searched for `*.md`, sorted) on up to
/// `jobs` threads, and hands each page to `each` in path order. A page that cannot be read is
/// an `Err` in its place; a file that is not a doc (binary, not UTF-8, too large) is a page
/// whose only diagnostic says so.
pub fn read_docs(paths: &[PathBuf], jobs: usize, mut each: impl FnMut(Result<DocFile, ReadError>)) {
    let reading = scan::Reading::Everything;
    scan::scan(discover::walk(paths), jobs, reading, |read| {
        each(read.map(|r| r.doc))
    });
}

/// Like [`read_docs`] for a reader that needs only the examples (as `list` and `run` do): a
/// page without a request annotation is not parsed, and comes back with no examples and no
/// findings. Several times faster on a real docs tree, where most pages document no request.
pub fn read_examples(
    paths: &[PathBuf],
    jobs: usize,
    mut each: impl FnMut(Result<DocFile, ReadError>),
) {
    let reading = scan::Reading::Examples;
    scan::scan(discover::walk(paths), jobs, reading, |read| {
        each(read.map(|r| r.doc))
    });
}

/// Like [`read_examples`] (or [`read_docs`] when `examples_only` is false), with each page's
/// path on disk beside it: what `list --partition` needs to find a page's key under the root.
pub fn read_pages(
    paths: &[PathBuf],
    jobs: usize,
    examples_only: bool,
    mut each: impl FnMut(Result<(PathBuf, DocFile), ReadError>),
) {
    let reading = if examples_only {
        scan::Reading::Examples
    } else {
        scan::Reading::Everything
    };
    scan::scan(discover::walk(paths), jobs, reading, |read| {
        each(read.map(|r| (r.source.path, r.doc)))
    });
}

/// Reads one doc file; `shown` is the path its findings name.
pub fn read_doc(path: &Path, shown: &str) -> Result<DocFile, ReadError> {
    let found = discover::DocPath {
        path: path.to_owned(),
        display: shown.to_owned(),
    };
    scan::read(&found, scan::Reading::Everything).map(|r| r.doc)
}
