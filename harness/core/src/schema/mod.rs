//! The service's types (DESIGN §8): CSDL ($metadata) read into a model, `resource` blocks read
//! as types, a body's type resolved, and values held against it, each problem at its pointer.
//!
//! Pure but for [`load()`], which reads the `--metadata` files and URLs.

pub mod answer;
pub mod callable;
pub mod check;
pub mod csdl;
pub mod edm;
mod lazy;
pub mod lint;
pub mod load;
pub mod locate;
pub mod resolve;
pub mod resource;
pub mod types;

use std::sync::Arc;

use serde_json::Value;

pub use answer::answer;
pub use check::{Check, Issue};
pub use csdl::CsdlError;
pub use lint::{Beside, Checked, SchemaLint, Tally};
pub use load::{Fetch, MetadataError, Spec, is_url, load, no_fetching, version_of};
pub use resolve::{Hints, Resolved, resolve};
pub use types::{Model, TypeRef};

/// The CSDL models of a run, one per API version.
#[derive(Debug, Clone, Default)]
pub struct Schemas {
    models: Arc<Vec<Versioned>>,
}

/// One CSDL and the API version it is for.
#[derive(Debug, Clone)]
pub struct Versioned {
    /// `v1.0`, `beta`; none: every version.
    pub version: Option<String>,
    /// The file or URL it was read from.
    pub location: String,
    /// Its types.
    pub model: Model,
}

impl Schemas {
    /// Schemas made of models already read (for tests and library users).
    pub fn new(models: Vec<Versioned>) -> Schemas {
        Schemas {
            models: Arc::new(models),
        }
    }

    /// Every model, in the order given.
    pub fn iter(&self) -> impl Iterator<Item = &Versioned> {
        self.models.iter()
    }

    /// No CSDL was given.
    pub fn is_empty(&self) -> bool {
        self.models.is_empty()
    }

    /// The model for `version` (`v1.0`): the one given for it, else one given without a version.
    pub fn for_version(&self, version: Option<&str>) -> Option<&Model> {
        let models = self.models.as_slice();
        let exact = version.and_then(|v| models.iter().find(|m| m.version.as_deref() == Some(v)));
        exact
            .or_else(|| models.iter().find(|m| m.version.is_none()))
            .map(|m| &m.model)
    }
}

/// Every problem of `body` (a response's, or a request's when `request`) against `resolved`,
/// pointers starting at `at`. A collection is checked under its collection property
/// (`value`), or as an array when the body is one.
pub fn check_body(
    check: &Check,
    body: &Value,
    resolved: &Resolved,
    property: &str,
    at: &str,
) -> Vec<Issue> {
    let ty = &resolved.ty;
    if ty.collection {
        return match body {
            Value::Array(_) => check.value(body, ty, true, at),
            Value::Object(map) => match map.get(property) {
                Some(items) => check.value(
                    items,
                    ty,
                    true,
                    &format!("{at}/{}", crate::compare::json::escape(property)),
                ),
                // A collection documented by one of its items.
                None => check.value(body, &ty.item(), true, at),
            },
            _ => check.value(body, ty, true, at),
        };
    }
    let structured = check.model.structured(&ty.name);
    match body.get("value") {
        Some(value) if structured.is_none() => check.value(value, ty, true, &format!("{at}/value")),
        // `{"value": [...]}` of a type without a `value` property: a collection of it, whatever
        // the annotation forgot to say.
        Some(items @ Value::Array(_))
            if structured.is_some_and(|s| check.model.property(s, "value").is_none()) =>
        {
            let many = TypeRef {
                collection: true,
                ..ty.clone()
            };
            check.value(items, &many, true, &format!("{at}/value"))
        }
        _ => check.value(body, ty, true, at),
    }
}
