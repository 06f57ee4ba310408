//! The data every stage passes on: examples read from the docs and the diagnostics about them.
//!
//! No I/O happens here; these are plain values with provenance (`file:line`).

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

mod catalog;
mod diagnostic;

pub use catalog::{CodeInfo, codes_reference};
pub use diagnostic::{Code, Diagnostic, Severity};

/// The kinds of annotated block the Graph docs use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum BlockType {
    /// An HTTP request example.
    Request,
    /// The documented response to a request.
    Response,
    /// A resource (entity) definition.
    Resource,
    /// A JSON example that is not an exchange.
    Example,
    /// A block the author excluded from checks.
    Ignored,
    /// A block of SDK samples.
    Samples,
    /// A response the test tool simulates.
    SimulatedResponse,
    /// Parameters for tests.
    TestParams,
    /// A permissions table.
    Permissions,
}

impl BlockType {
    /// Every block type with its canonical spelling.
    pub const ALL: [(&'static str, BlockType); 9] = [
        ("request", BlockType::Request),
        ("response", BlockType::Response),
        ("resource", BlockType::Resource),
        ("example", BlockType::Example),
        ("ignored", BlockType::Ignored),
        ("samples", BlockType::Samples),
        ("simulatedResponse", BlockType::SimulatedResponse),
        ("testParams", BlockType::TestParams),
        ("permissions", BlockType::Permissions),
    ];
}

/// The metadata of an annotated block, read from the HTML comment before it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Annotation {
    /// 1-based line of the comment's opening `<!--`.
    pub line: u32,
    /// What kind of block follows.
    pub block_type: BlockType,
    /// The example names (`name` may be a string or an array).
    pub names: Vec<String>,
    /// `@odata.type` (or `@type`), without a `Collection(…)` wrapper.
    pub odata_type: Option<String>,
    /// The response is a collection (`isCollection`, or a `Collection(…)` type).
    pub is_collection: bool,
    /// The property holding a collection's items (`collectionProperty`, default `value`).
    pub collection_property: String,
    /// The documented body shows only some of the properties.
    pub truncated: bool,
    /// The response body is documented as empty.
    pub is_empty: bool,
    /// The example documents an error answer.
    pub expect_error: bool,
    /// Every key as written, including those exemplar does not interpret.
    pub raw: serde_json::Map<String, Value>,
}

impl Annotation {
    /// An annotation of `block_type` at `line` with every key at its default.
    pub fn new(line: u32, block_type: BlockType) -> Self {
        Annotation {
            line,
            block_type,
            names: Vec::new(),
            odata_type: None,
            is_collection: false,
            collection_property: "value".into(),
            truncated: false,
            is_empty: false,
            expect_error: false,
            raw: serde_json::Map::new(),
        }
    }
}

/// A request or response body as documented.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Body {
    /// No body.
    Empty,
    /// A JSON body, read leniently, with the text as written.
    Json {
        /// The value read.
        value: Value,
        /// The text as written in the doc.
        text: String,
    },
    /// Any other body (text, CSV, binary placeholders), kept as written.
    Text {
        /// The text as written in the doc.
        text: String,
    },
}

impl Body {
    /// The JSON value, when the body is one.
    pub fn json(&self) -> Option<&Value> {
        match self {
            Body::Json { value, .. } => Some(value),
            _ => None,
        }
    }

    /// The body as a JSON value for machine-readable output: the value, the text, or null.
    pub fn to_json(&self) -> Value {
        match self {
            Body::Empty => Value::Null,
            Body::Json { value, .. } => value.clone(),
            Body::Text { text } => Value::String(text.clone()),
        }
    }
}

/// Headers keyed by lowercase name, in sorted order for stable output.
pub type Headers = BTreeMap<String, String>;

/// A documented HTTP request.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Request {
    /// 1-based line of the opening fence.
    pub line: u32,
    /// The method, upper case.
    pub method: String,
    /// The URL as written after the method, without a trailing `HTTP/x` version.
    pub url: String,
    /// The documented path, origin and query removed: `/v1.0/me` for `https://…/v1.0/me?$x=1`.
    pub path: String,
    /// What follows the URL's first `?`, without it; `None` when the URL has no `?`.
    pub query: Option<String>,
    /// Documented headers.
    pub headers: Headers,
    /// Documented body.
    pub body: Body,
}

/// A documented HTTP response.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Response {
    /// 1-based line of the opening fence.
    pub line: u32,
    /// The status code.
    pub status: u16,
    /// The reason phrase as written, if any.
    pub reason: Option<String>,
    /// Documented headers.
    pub headers: Headers,
    /// Documented body.
    pub body: Body,
    /// The response block's annotation.
    pub annotation: Annotation,
}

/// One documented exchange: an annotated request and the response paired with it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Example {
    /// The doc path as shown to the user.
    pub file: String,
    /// The request block's annotation.
    pub annotation: Annotation,
    /// The request.
    pub request: Request,
    /// The paired response, if the docs have one.
    pub response: Option<Response>,
    /// A `simulatedResponse` block after the request: the stand-in for the service's real
    /// answer, which the built-in mock answers with (DESIGN §9).
    /// Boxed: few examples have one, and an example is held for every page until a lint ends.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub simulated: Option<Box<Response>>,
    /// Its page's API version, told from the page (`crate::version::page_version`): the same
    /// whatever folder was named on the command line.
    #[serde(skip)]
    pub version: Option<String>,
}

impl Example {
    /// The example's name: the first `name` of its request annotation.
    pub fn name(&self) -> Option<&str> {
        self.annotation.names.first().map(String::as_str)
    }

    /// 1-based line of the request's opening fence.
    pub fn line(&self) -> u32 {
        self.request.line
    }
}

/// Everything read from one doc file: its examples and the diagnostics found on the way.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct DocFile {
    /// The doc path as shown to the user.
    pub file: String,
    /// The examples, in document order.
    pub examples: Vec<Example>,
    /// Diagnostics, in document order.
    pub diagnostics: Vec<Diagnostic>,
    /// The `resource` blocks with a JSON body, in document order (types for the schema checks).
    #[serde(skip)]
    pub resources: Vec<Resource>,
    /// The page's text, when the whole page was read: where schema findings are placed.
    #[serde(skip)]
    pub source: Option<std::sync::Arc<String>>,
    /// The page's API version, told from the page (`crate::version::page_version`), when read
    /// from disk.
    #[serde(skip)]
    pub version: Option<String>,
}

impl DocFile {
    /// The page's text, when the whole page was read.
    pub fn text(&self) -> Option<&str> {
        self.source.as_deref().map(String::as_str)
    }
}

/// A `resource` block: a type documented by example (DESIGN §8).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Resource {
    /// 1-based line of the opening fence.
    pub line: u32,
    /// The block's annotation (`@odata.type`, `optionalProperties`, `keyProperty`, …).
    pub annotation: Annotation,
    /// The JSON value, and the text as written.
    pub body: Body,
}
