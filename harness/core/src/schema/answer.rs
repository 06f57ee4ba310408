//! `run --match schema`: an answer's body held against the service's types instead of the
//! documented values; each problem a [`Mismatch`] at its JSON pointer under `/body`.

use serde_json::Value;

use super::check::Check;
use super::lint::{expands, judge};
use super::{Schemas, resolve, version_of};
use crate::compare::{Mismatch, Problem};
use crate::model::Example;

/// The schema problems of the JSON `body` answered to `example`, at pointers under `/body`. An
/// answer whose type resolves to none (no `@odata.type`, context or URL the CSDL knows) is not
/// checked: no problems. Error answers (not 2xx) have no schema type and are not checked.
pub fn answer(example: &Example, status: u16, body: &Value, schemas: &Schemas) -> Vec<Mismatch> {
    let request = &example.request;
    let Some(model) = schemas.for_version(
        example
            .version
            .as_deref()
            .or_else(|| version_of(&request.path)),
    ) else {
        return Vec::new();
    };
    if !(200..300).contains(&status) {
        return Vec::new();
    }
    let response = example.response.as_ref();
    let annotation = response.map(|r| &r.annotation);
    let method = request.method.as_str();
    let hints = resolve::Hints {
        annotation: annotation.and_then(|a| a.odata_type.as_deref()),
        collection: annotation.is_some_and(|a| a.is_collection),
        path: matches!(method, "GET" | "POST").then_some(request.path.as_str()),
        query: request.query.as_deref(),
    };
    // A live answer is whole: nothing is `truncated` about it, and missing properties are
    // never held against a CSDL type.
    let check = Check {
        model,
        expanded: expands(request.query.as_deref()),
        partial: true,
        complete: true,
        documented: false,
    };
    let property = annotation.map_or("value", |a| a.collection_property.as_str());
    let issues = judge(&check, body, hints, property, true, method == "POST").unwrap_or_default();
    issues
        .into_iter()
        .map(|issue| {
            let actual = body.pointer(&issue.pointer).cloned().unwrap_or(Value::Null);
            let pointer = format!("/body{}", issue.pointer);
            Mismatch::new(
                &pointer,
                Problem::Schema,
                Value::String(format!("{}: {}", issue.code, issue.message)),
                actual,
            )
        })
        .collect()
}
