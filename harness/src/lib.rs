//! exemplar: contract tests for API documentation.
//!
//! Reads markdown docs in the Microsoft Graph style, extracts every annotated HTTP example,
//! and checks them: statically (`lint`), and against a server (`run`).
//!
//! The pipeline is `discover → extract → pair → …`; every stage is a pure function over data
//! and every finding carries `file:line`.

pub mod discover;
pub mod doc;
pub mod error;
pub mod lint;
pub mod model;
pub mod report;
pub mod scan;

pub use discover::{DocPath, discover};
pub use doc::extract;
pub use model::{Diagnostic, DocFile, Example, Severity};
