//! What the exports share: placeholders as variables, the documented URL under a base, the
//! documented values of a JSON body one by one, and which of them a server generates.

use std::collections::BTreeMap;

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
use serde_json::Value;

use crate::compare::generated::normalize_string;
use crate::model::{Example, Request};
use crate::plan::fill::{alternatives, fill_braces, fill_placeholders};

/// Bytes encoded in an exported URL: those no tool reads as part of one. Braces stay, since
/// they hold the variables.
const URL_UNSAFE: &AsciiSet = &CONTROLS.add(b' ').add(b'"').add(b'<').add(b'>').add(b'`');

/// One step of the way to a value in a JSON body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// An object's key.
    Key(String),
    /// An array's index.
    Index(usize),
}

/// A documented value of a JSON body, with the way to it.
#[derive(Debug, Clone, PartialEq)]
pub struct Leaf<'a> {
    /// The steps from the body's root.
    pub path: Vec<Step>,
    /// The value: a string, number, boolean or null.
    pub value: &'a Value,
    /// A value the server generates (an id, a date-time, an etag, a paging link): only its
    /// presence can be asserted.
    pub generated: bool,
}

/// The name of the variable a placeholder becomes: its first alternative, with what no tool
/// takes in a name replaced by `_` (`{id | userPrincipalName}` → `id`).
pub fn variable_name(spec: &str) -> String {
    let first = alternatives(spec).next().unwrap_or("value");
    first
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// `text` with each `{placeholder}` (and `<placeholder>` when `angles`) as `{{name}}`.
pub(crate) fn with_variables(text: &str, angles: bool) -> String {
    let mut variable = |spec: &str| Some(format!("{{{{{}}}}}", variable_name(spec)));
    if angles {
        fill_placeholders(text, &mut variable)
    } else {
        fill_braces(text, &mut variable)
    }
}

/// The names of the variables `text` uses once placeholders are variables, in order.
pub(crate) fn variables_in(text: &str, angles: bool, out: &mut Vec<String>) {
    let mut found = |spec: &str| {
        let name = variable_name(spec);
        if !out.contains(&name) {
            out.push(name);
        }
        None
    };
    if angles {
        fill_placeholders(text, &mut found);
    } else {
        fill_braces(text, &mut found);
    }
}

/// The documented path and query under `base`, placeholders as `{{name}}` variables.
pub(crate) fn url_under(base: &str, request: &Request) -> String {
    let mut url = format!("{}{}", base.trim_end_matches('/'), request.path);
    if let Some(query) = &request.query {
        url.push('?');
        url.push_str(query);
    }
    let url = with_variables(&url, true);
    utf8_percent_encode(&url, URL_UNSAFE).to_string()
}

/// The documented origin (`https://graph.microsoft.com`) of an absolute URL.
pub(crate) fn origin(request: &Request) -> Option<String> {
    let url = url::Url::parse(request.url.split_whitespace().next()?).ok()?;
    url.host_str()?;
    Some(url.origin().ascii_serialization())
}

/// The path of an OpenAPI operation: the documented path with each placeholder a path
/// parameter (a repeated name numbered `id2`), and those parameters in order.
pub fn path_template(request: &Request) -> (String, Vec<String>) {
    let mut names: Vec<String> = Vec::new();
    let mut parameter = |spec: &str| {
        let base = variable_name(spec);
        let mut name = base.clone();
        let mut n = 1;
        while names.contains(&name) {
            n += 1;
            name = format!("{base}{n}");
        }
        names.push(name.clone());
        Some(format!("{{{name}}}"))
    };
    let path = fill_placeholders(&request.path, &mut parameter);
    (path, names)
}

/// Every documented value of `body` (not empty objects or arrays), depth first, in document
/// order, each marked when a server generates it.
pub fn leaves(body: &Value) -> Vec<Leaf<'_>> {
    let mut out = Vec::new();
    walk(body, None, &mut Vec::new(), &mut out);
    out
}

fn walk<'a>(value: &'a Value, key: Option<&str>, path: &mut Vec<Step>, out: &mut Vec<Leaf<'a>>) {
    match value {
        Value::Object(map) => map.iter().for_each(|(k, v)| {
            path.push(Step::Key(k.clone()));
            walk(v, Some(k), path, out);
            path.pop();
        }),
        Value::Array(items) => items.iter().enumerate().for_each(|(i, v)| {
            path.push(Step::Index(i));
            walk(v, key, path, out);
            path.pop();
        }),
        Value::String(s) => out.push(Leaf {
            path: path.clone(),
            value,
            generated: normalize_string(key, s) != s.as_str(),
        }),
        _ => out.push(Leaf {
            path: path.clone(),
            value,
            generated: false,
        }),
    }
}

/// The examples grouped by page, pages in the order first met.
pub(crate) fn by_page(examples: &[Example]) -> Vec<(&str, Vec<&Example>)> {
    let mut order: Vec<&str> = Vec::new();
    let mut pages: BTreeMap<&str, Vec<&Example>> = BTreeMap::new();
    for example in examples {
        if !pages.contains_key(example.file.as_str()) {
            order.push(&example.file);
        }
        pages.entry(&example.file).or_default().push(example);
    }
    (order.into_iter())
        .map(|file| (file, pages.remove(file).unwrap_or_default()))
        .collect()
}

/// The example's name as shown: its annotation's, else `file:line`.
pub(crate) fn title(example: &Example) -> String {
    example.name().map_or_else(
        || format!("{}:{}", example.file, example.line()),
        str::to_owned,
    )
}

/// Whether a documented request header is sent as documented: not one the client computes,
/// and not one the settings send instead.
pub(crate) fn sends(name: &str, settings: &[(String, String)]) -> bool {
    !["content-length", "host", "transfer-encoding"].contains(&name)
        && !settings.iter().any(|(n, _)| n.eq_ignore_ascii_case(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_become_variables_and_repeats_are_numbered() {
        let doc = crate::extract(
            "p.md",
            "<!-- {\"blockType\":\"request\",\"name\":\"a\"} -->\n```http\n\
             GET https://graph.microsoft.com/v1.0/users/{id | userPrincipalName}/x/{id}?$filter=a eq 'b'\n```\n",
        );
        let request = &doc.examples[0].request;
        assert_eq!(
            url_under("{{baseUrl}}", request),
            "{{baseUrl}}/v1.0/users/{{id}}/x/{{id}}?$filter=a%20eq%20'b'"
        );
        let (path, names) = path_template(request);
        assert_eq!(path, "/v1.0/users/{id}/x/{id2}");
        assert_eq!(names, ["id", "id2"]);
    }

    #[test]
    fn generated_values_are_marked() {
        let body = serde_json::json!({"id": "87d349ed-44d7-43e1-9a83-5f2406dee5bd", "n": [1, {}]});
        let found: Vec<_> = leaves(&body).iter().map(|l| l.generated).collect();
        assert_eq!(found, [true, false]);
    }
}
