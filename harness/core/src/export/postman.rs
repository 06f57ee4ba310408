//! The Postman collection (v2.1) export: a folder per page, a request per example, test scripts
//! asserting the documented status, headers and values, `{{baseUrl}}` and each placeholder as a
//! collection variable.

use serde_json::{Value, json};

use super::Settings;
use super::shared::{
    Step, by_page, leaves, origin, sends, title, url_under, variables_in, with_variables,
};
use crate::compare::{NEVER_COMPARED, media_type};
use crate::model::{Body, Example, Response};
use crate::plan::fill::sample_value;
use crate::plan::fill_strings;

/// The schema every v2.1 collection names.
pub const SCHEMA: &str = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json";

/// The collection of `examples`, named `name`.
pub fn render(examples: &[Example], settings: &Settings, name: &str) -> Value {
    let base = (settings.target.clone())
        .or_else(|| examples.iter().find_map(|e| origin(&e.request)))
        .unwrap_or_else(|| "http://127.0.0.1:8080".to_owned());
    let mut names = Vec::new();
    for example in examples {
        variables_in(&example.request.url, true, &mut names);
        example
            .request
            .headers
            .values()
            .for_each(|v| variables_in(v, false, &mut names));
        if let Body::Json { text, .. } = &example.request.body {
            variables_in(text, false, &mut names);
        }
    }
    let sent = settings.sent_headers();
    sent.iter()
        .for_each(|(_, v)| variables_in(v, false, &mut names));
    let mut variables = vec![json!({"key": "baseUrl", "value": base})];
    for name in &names {
        // Secrets stay empty: they are given when the collection runs, never written here.
        let secret = sent.iter().any(|(_, v)| v.contains(&format!("{{{name}}}")));
        let value = if secret {
            String::new()
        } else {
            sample_value(name)
        };
        variables.push(json!({"key": name, "value": value}));
    }
    let folders: Vec<Value> = by_page(examples)
        .into_iter()
        .map(|(file, page)| {
            let items: Vec<Value> = page.into_iter().map(|e| item(e, &sent)).collect();
            json!({"name": file, "item": items})
        })
        .collect();
    json!({
        "info": {
            "name": name,
            "description": format!("Exported by exemplar: {} examples of {} pages.", examples.len(), folders.len()),
            "schema": SCHEMA,
        },
        "item": folders,
        "variable": variables,
    })
}

/// One request with its test script.
fn item(example: &Example, sent: &[(String, String)]) -> Value {
    let request = &example.request;
    let mut headers: Vec<Value> = (request.headers.iter())
        .filter(|(name, _)| sends(name, sent))
        .map(|(name, value)| json!({"key": name, "value": with_variables(value, false)}))
        .collect();
    headers.extend(
        (sent.iter())
            .map(|(name, value)| json!({"key": name, "value": with_variables(value, false)})),
    );
    let mut out = json!({
        "name": title(example),
        "request": {
            "method": request.method,
            "header": headers,
            "url": url_under("{{baseUrl}}", request),
            "description": format!("{}:{}", example.file, example.line()),
        },
        // exemplar never follows a redirect: the documented 3xx is the answer.
        "protocolProfileBehavior": {"followRedirects": false},
        "event": [{
            "listen": "test",
            "script": {"type": "text/javascript", "exec": tests(example)},
        }],
    });
    if let Some(body) = body(&request.body) {
        out["request"]["body"] = body;
    }
    out
}

/// The request body in raw mode, JSON placeholders as variables.
fn body(body: &Body) -> Option<Value> {
    match body {
        Body::Empty => None,
        Body::Json { value, .. } => {
            let mut value = value.clone();
            fill_strings(&mut value, &mut |s| with_variables(s, false));
            let raw = serde_json::to_string_pretty(&value).unwrap_or_default();
            Some(json!({"mode": "raw", "raw": raw, "options": {"raw": {"language": "json"}}}))
        }
        Body::Text { text } => Some(json!({"mode": "raw", "raw": text})),
    }
}

/// The test script's lines: the example named, then a test per documented fact.
fn tests(example: &Example) -> Vec<String> {
    let mut lines = vec![format!(
        "// {}:{} {}",
        example.file,
        example.line(),
        title(example)
    )];
    let Some(response) = &example.response else {
        lines.push("// no documented response: nothing is asserted".to_owned());
        return lines;
    };
    let status = response.status;
    lines.push(format!(
        "pm.test(\"status {status}\", function () {{ pm.response.to.have.status({status}); }});"
    ));
    header_tests(&mut lines, response);
    match &response.body {
        Body::Json { value, .. } => body_tests(&mut lines, value, response.annotation.expect_error),
        Body::Text { text } => {
            if let Some(first) = text.lines().map(str::trim).find(|l| !l.is_empty()) {
                lines.push(
                    "// the documented body is not JSON: only its first line is asserted"
                        .to_owned(),
                );
                lines.push(format!(
                    "pm.test(\"body has {}\", function () {{ pm.expect(pm.response.text()).to.include({}); }});",
                    js_text(first),
                    Value::from(first)
                ));
            }
        }
        Body::Empty => {}
    }
    lines
}

fn header_tests(lines: &mut Vec<String>, response: &Response) {
    for (name, value) in &response.headers {
        if NEVER_COMPARED.contains(&name.as_str()) {
            continue;
        }
        let key = Value::from(name.as_str());
        if name == "content-type" {
            let media = Value::from(media_type(value));
            lines.push(format!(
                "pm.test(\"header {name}\", function () {{ pm.expect((pm.response.headers.get({key}) || \"\").toLowerCase()).to.include({media}); }});"
            ));
        } else {
            lines.push(format!(
                "pm.test(\"header {name}\", function () {{ pm.expect(pm.response.headers.has({key})).to.equal(true); }});"
            ));
        }
    }
}

/// A test per documented value; generated values (and an error body's) only to exist.
fn body_tests(lines: &mut Vec<String>, body: &Value, shape_only: bool) {
    lines.push(
        "var body; try { body = pm.response.json(); } catch (e) { body = undefined; }".to_owned(),
    );
    for leaf in leaves(body) {
        let access = js_access(&leaf.path);
        let name = js_text(&super::hurl::json_path(&leaf.path));
        if leaf.generated || shape_only {
            lines.push(format!(
                "pm.test(\"{name} exists\", function () {{ pm.expect({access}).to.not.equal(undefined); }});"
            ));
        } else {
            lines.push(format!(
                "pm.test(\"{name}\", function () {{ pm.expect({access}).to.eql({}); }});",
                leaf.value
            ));
        }
    }
}

/// `body["value"][0]["id"]`.
fn js_access(path: &[Step]) -> String {
    let mut out = String::from("body");
    for step in path {
        match step {
            Step::Index(i) => out.push_str(&format!("[{i}]")),
            Step::Key(k) => out.push_str(&format!("[{}]", Value::from(k.as_str()))),
        }
    }
    out
}

/// Text for inside a JavaScript string in double quotes.
fn js_text(s: &str) -> String {
    let quoted = Value::from(s).to_string();
    quoted[1..quoted.len() - 1].to_owned()
}
