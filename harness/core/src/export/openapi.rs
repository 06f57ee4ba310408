//! The OpenAPI 3.1 export: a path per documented route (placeholders as path parameters), an
//! operation per method with the request and response examples named after the examples, and
//! component schemas from the CSDL when one is given, else from the documented bodies.

mod schema;

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::Settings;
use super::shared::{origin, path_template, title, variable_name};
use crate::compare::media_type;
use crate::model::{Body, Example, Request, Response};
use crate::schema::Schemas;

/// Methods an OpenAPI path item can hold.
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// The OpenAPI description of `examples`, titled `name`; `schemas` gives the types when a CSDL
/// was read.
pub fn render(examples: &[Example], settings: &Settings, name: &str, schemas: &Schemas) -> Value {
    let mut paths: BTreeMap<String, Map<String, Value>> = BTreeMap::new();
    // Paths that differ only in their parameters' names are one path: the first names stay.
    let mut shapes: BTreeMap<String, (String, Vec<String>)> = BTreeMap::new();
    let mut components = schema::Components::new(schemas);
    let mut notes = Vec::new();
    let mut operation_ids = Vec::new();
    for example in examples {
        let method = example.request.method.to_ascii_lowercase();
        if !METHODS.contains(&method.as_str()) {
            notes.push(format!(
                "{}:{} {}: not exported: OpenAPI has no method {}",
                example.file,
                example.line(),
                title(example),
                example.request.method
            ));
            continue;
        }
        let (path, names) = path_template(&example.request);
        let shape = path_shape(&path);
        let (path, names) = shapes.entry(shape).or_insert((path, names)).clone();
        let item = paths.entry(path).or_insert_with(|| path_item(&names));
        let operation = item.entry(method).or_insert_with(|| {
            let id = operation_id(example, &mut operation_ids);
            json!({"operationId": id, "summary": title(example), "responses": {}})
        });
        add_example(operation, example, &mut components);
    }
    let mut out = json!({
        "openapi": "3.1.0",
        "info": {
            "title": name,
            "version": "1.0.0",
            "description": description(examples.len(), &notes),
        },
        "servers": servers(examples, settings),
        "paths": paths,
    });
    let mut parts = Map::new();
    let found = components.finish();
    if !found.is_empty() {
        parts.insert("schemas".into(), Value::Object(found));
    }
    security(settings, &mut parts, &mut out);
    if !parts.is_empty() {
        out["components"] = Value::Object(parts);
    }
    if !notes.is_empty() {
        out["x-exemplar-not-exported"] = json!(notes);
    }
    out
}

/// How many examples the description holds, and those it could not.
fn description(count: usize, notes: &[String]) -> String {
    let mut text = format!("Exported by exemplar from {count} documented examples.");
    for note in notes {
        text.push_str("\n\n");
        text.push_str(note);
    }
    text
}

/// The target when given, else each documented origin.
fn servers(examples: &[Example], settings: &Settings) -> Value {
    let mut urls: Vec<String> = settings.target.iter().cloned().collect();
    if urls.is_empty() {
        for found in examples.iter().filter_map(|e| origin(&e.request)) {
            if !urls.contains(&found) {
                urls.push(found);
            }
        }
    }
    if urls.is_empty() {
        urls.push("/".to_owned());
    }
    Value::Array(urls.into_iter().map(|url| json!({"url": url})).collect())
}

/// Sign-in as a bearer scheme; other secret headers as API keys in their header.
fn security(settings: &Settings, parts: &mut Map<String, Value>, out: &mut Value) {
    let mut schemes = Map::new();
    for (name, value) in settings.sent_headers() {
        if name.eq_ignore_ascii_case("authorization") && value.contains("{token}") {
            schemes.insert("bearer".into(), json!({"type": "http", "scheme": "bearer"}));
        } else if value.contains('{') {
            let key = variable_name(&name);
            schemes.insert(key, json!({"type": "apiKey", "in": "header", "name": name}));
        }
    }
    if schemes.is_empty() {
        return;
    }
    let required: Vec<Value> = schemes.keys().map(|k| json!({ k.clone(): [] })).collect();
    out["security"] = Value::Array(required);
    parts.insert("securitySchemes".into(), Value::Object(schemes));
}

/// `/users/{}/x`: a path with its parameters' names left out.
fn path_shape(path: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for c in path.chars() {
        match c {
            '{' => {
                inside = true;
                out.push('{');
            }
            '}' => {
                inside = false;
                out.push('}');
            }
            _ if inside => {}
            c => out.push(c),
        }
    }
    out
}

fn path_item(names: &[String]) -> Map<String, Value> {
    let mut item = Map::new();
    if !names.is_empty() {
        let parameters: Vec<Value> = names
            .iter()
            .map(|n| json!({"name": n, "in": "path", "required": true, "schema": {"type": "string"}}))
            .collect();
        item.insert("parameters".into(), Value::Array(parameters));
    }
    item
}

/// A unique operation id from the example's name (`get_user`, `get_user_2`).
fn operation_id(example: &Example, taken: &mut Vec<String>) -> String {
    let base = variable_name(&title(example).replace(['.', ':', '/'], "_"));
    let mut id = base.clone();
    let mut n = 1;
    while taken.contains(&id) {
        n += 1;
        id = format!("{base}_{n}");
    }
    taken.push(id.clone());
    id
}

/// Adds the example's query parameters, request body and response to `operation`.
fn add_example(operation: &mut Value, example: &Example, components: &mut schema::Components) {
    let name = title(example);
    let summary = format!("{}:{}", example.file, example.line());
    query_parameters(operation, &example.request);
    if let Some((media, value)) = content(&example.request.headers, &example.request.body) {
        let body = &mut operation["requestBody"];
        if body.is_null() {
            *body = json!({"content": {}});
        }
        let entry = &mut body["content"][&media];
        if entry.is_null() {
            *entry = json!({"examples": {}});
        }
        insert_example(&mut entry["examples"], &name, &summary, value);
    }
    let (status, description) = match &example.response {
        Some(r) => (
            r.status.to_string(),
            r.reason
                .clone()
                .unwrap_or_else(|| "Documented response".into()),
        ),
        None => ("default".to_owned(), "No documented response".to_owned()),
    };
    let response = &mut operation["responses"][&status];
    if response.is_null() {
        *response = json!({"description": description});
    }
    let Some(documented) = &example.response else {
        return;
    };
    if let Some((media, value)) = content(&documented.headers, &documented.body) {
        let entry = &mut response["content"][&media];
        if entry.is_null() {
            *entry = json!({"examples": {}});
            if let Some(schema) = response_schema(documented, &value, example, components) {
                entry["schema"] = schema;
            }
        }
        insert_example(&mut entry["examples"], &name, &summary, value);
    }
}

fn response_schema(
    response: &Response,
    value: &Value,
    example: &Example,
    components: &mut schema::Components,
) -> Option<Value> {
    let version = crate::plan::api_version(&example.request.path);
    components.for_body(&response.annotation, value, version)
}

/// A body's media type and value: JSON as a value, other text as a string.
fn content(headers: &crate::model::Headers, body: &Body) -> Option<(String, Value)> {
    let declared = headers.get("content-type").map(|v| media_type(v));
    match body {
        Body::Empty => None,
        Body::Json { value, .. } => Some((
            declared.unwrap_or_else(|| "application/json".into()),
            value.clone(),
        )),
        Body::Text { text } => Some((
            declared.unwrap_or_else(|| "text/plain".into()),
            Value::from(text.as_str()),
        )),
    }
}

/// Adds a named example under `examples`, its name made unique.
fn insert_example(examples: &mut Value, name: &str, summary: &str, value: Value) {
    let mut key = name.to_owned();
    let mut n = 1;
    while !examples[&key].is_null() {
        n += 1;
        key = format!("{name}_{n}");
    }
    examples[&key] = json!({"summary": summary, "value": value});
}

/// Each query option of the documented URL as a query parameter, its documented value as the
/// example.
fn query_parameters(operation: &mut Value, request: &Request) {
    let Some(query) = &request.query else {
        return;
    };
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let parameters = operation
            .as_object_mut()
            .map(|o| o.entry("parameters").or_insert_with(|| json!([])));
        let Some(Value::Array(parameters)) = parameters else {
            continue;
        };
        if parameters.iter().any(|p| p["name"] == key) {
            continue;
        }
        parameters.push(json!({
            "name": key, "in": "query", "required": false,
            "schema": {"type": "string"}, "example": value,
        }));
    }
}
