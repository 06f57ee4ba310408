//! exemplar: contract tests for API documentation.
//!
//! Reads markdown docs in the Microsoft Graph style, extracts every annotated HTTP example,
//! and checks them: statically (`lint`), and against a server (`run`).
//!
//! The pipeline is `discover → extract → pair → …`; every stage is a pure function over data
//! and every finding carries `file:line`.
//!
//! ```
//! let page = "<!-- { \"blockType\": \"request\", \"name\": \"get_me\" } -->\n\
//!             ```http\nGET https://graph.microsoft.com/v1.0/me\n```\n\n\
//!             <!-- { \"blockType\": \"response\" } -->\n\
//!             ```http\nHTTP/1.1 204 No Content\n```\n";
//! let doc = exemplar::extract("me.md", page);
//! let example = &doc.examples[0];
//! assert_eq!((example.name(), example.line()), (Some("get_me"), 2));
//! assert_eq!(example.response.as_ref().map(|r| r.status), Some(204));
//! ```

pub mod changed;
pub mod compare;
pub mod config;
pub mod discover;
pub mod doc;
pub mod error;
pub mod lint;
pub mod mock;
pub mod model;
pub mod plan;
pub mod replay;
pub mod report;
pub mod run;
pub mod scan;
pub mod secret;
pub mod snapshot;

pub use discover::{DocPath, ReadError, discover};
pub use doc::extract;
pub use model::{Diagnostic, DocFile, Example, Severity};
