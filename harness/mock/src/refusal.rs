//! What the mock answers when it cannot answer as documented, decided from the route table and
//! the request alone: 405 when the path is documented with other methods, 404 naming the
//! closest documented routes, 400 when the docs show a JSON body and the request's is not JSON.
//!
//! Pure: the answers are values (status, `Allow`, a Graph-style error body); `server` sends them.

use serde_json::{Value, json};

use super::parts::request_segments;
use super::routes::Route;
use super::suggest::suggest;

/// An error answer of the mock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Refusal {
    /// No route has the requested path: 404, with the closest routes.
    NotFound {
        /// `METHOD /path?query` as requested.
        request: String,
        /// The closest documented routes, best first.
        closest: Vec<Listed>,
    },
    /// The path is documented, with other methods only: 405.
    MethodNotAllowed {
        /// `METHOD /path?query` as requested.
        request: String,
        /// The methods documented for the path, sorted, each once.
        allow: Vec<String>,
        /// The routes of the path.
        documented: Vec<Listed>,
    },
    /// The docs show a JSON body and the request's is not JSON (or there is none): 400.
    NotJson {
        /// What is wrong, and where.
        problem: String,
        /// `file:line` of the example that shows the body.
        documented_at: String,
    },
}

/// A documented route named in an error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Listed {
    /// `METHOD /path` as documented.
    route: String,
    /// `file:line` of its example.
    documented_at: String,
}

impl Listed {
    fn of(route: &Route) -> Listed {
        Listed {
            route: route.shown_path().to_owned(),
            documented_at: route.origin.clone(),
        }
    }

    fn to_json(&self) -> Value {
        json!({"route": self.route, "documented_at": self.documented_at})
    }
}

/// The answer to `method path` (shown as `request`) that no route matched: 405 when the path
/// is documented with other methods, else 404 with the closest routes.
pub(super) fn refuse_unmatched<'a>(
    routes: impl IntoIterator<Item = &'a Route> + Clone,
    method: &str,
    path: &str,
    request: String,
) -> Refusal {
    let segments = request_segments(path);
    let mut documented: Vec<&Route> = Vec::new();
    for route in routes
        .clone()
        .into_iter()
        .filter(|r| r.path_fits(&segments))
    {
        if !documented
            .iter()
            .any(|d| d.method.eq_ignore_ascii_case(&route.method))
        {
            documented.push(route);
        }
    }
    if documented.is_empty()
        || documented
            .iter()
            .any(|d| d.method.eq_ignore_ascii_case(method))
    {
        let closest = suggest(routes, method, path);
        return Refusal::NotFound {
            request,
            closest: closest.into_iter().map(Listed::of).collect(),
        };
    }
    documented.sort_by(|a, b| a.method.cmp(&b.method));
    Refusal::MethodNotAllowed {
        request,
        allow: documented.iter().map(|r| r.method.to_uppercase()).collect(),
        documented: documented.into_iter().map(Listed::of).collect(),
    }
}

/// The 400 for a request to `route` whose body is not the JSON the docs show, if it is not.
pub(super) fn refuse_body(route: &Route, body: &[u8]) -> Option<Refusal> {
    if !route.expects_json {
        return None;
    }
    let problem = if body.trim_ascii().is_empty() {
        "the body is empty".to_owned()
    } else {
        let err = serde_json::from_slice::<serde::de::IgnoredAny>(body).err()?;
        not_json(body, &err)
    };
    Some(Refusal::NotJson {
        problem,
        documented_at: route.origin.clone(),
    })
}

/// `the body is not JSON at byte offset 1 (line 1, column 2): expected ident`.
fn not_json(body: &[u8], err: &serde_json::Error) -> String {
    let (line, column) = (err.line(), err.column());
    let full = err.to_string();
    let what = full
        .strip_suffix(&format!(" at line {line} column {column}"))
        .unwrap_or(&full);
    if line == 0 {
        return format!("the body is not JSON: {what}");
    }
    // serde_json counts columns in bytes from 1, the error at the last byte it read.
    let line_start: usize = body
        .split(|&b| b == b'\n')
        .take(line - 1)
        .map(|l| l.len() + 1)
        .sum();
    let offset = (line_start + column).saturating_sub(1).min(body.len());
    format!("the body is not JSON at byte offset {offset} (line {line}, column {column}): {what}")
}

impl Refusal {
    /// The HTTP status.
    pub(super) fn status(&self) -> u16 {
        match self {
            Refusal::NotFound { .. } => 404,
            Refusal::MethodNotAllowed { .. } => 405,
            Refusal::NotJson { .. } => 400,
        }
    }

    /// The `Allow` header of a 405: the documented methods, sorted, comma-separated.
    pub(super) fn allow(&self) -> Option<String> {
        match self {
            Refusal::MethodNotAllowed { allow, .. } => Some(allow.join(", ")),
            _ => None,
        }
    }

    /// What the log says after the status.
    pub(super) fn summary(&self) -> String {
        match self {
            Refusal::NotFound { .. } => "no documented route".to_owned(),
            Refusal::MethodNotAllowed { allow, .. } => format!("documented: {}", allow.join(", ")),
            Refusal::NotJson { documented_at, .. } => {
                format!("body not JSON, documented at {documented_at}")
            }
        }
    }

    /// The Graph-style error body: `{"error": {"code", "message", …}}`.
    pub(super) fn body(&self) -> Value {
        match self {
            Refusal::NotFound { request, closest } => {
                let message = match &closest[..] {
                    [] => format!("no documented example answers {request}, nor any like it"),
                    _ => format!(
                        "no documented example answers {request}; closest: {}",
                        named(closest)
                    ),
                };
                let closest: Vec<Value> = closest.iter().map(Listed::to_json).collect();
                json!({"error": {"code": "NoDocumentedRoute", "message": message, "closest": closest}})
            }
            Refusal::MethodNotAllowed {
                request,
                documented,
                ..
            } => {
                let message = format!(
                    "no documented example answers {request}; the path is documented for {}",
                    named(documented)
                );
                let documented: Vec<Value> = documented.iter().map(Listed::to_json).collect();
                json!({"error": {"code": "MethodNotAllowed", "message": message, "documented": documented}})
            }
            Refusal::NotJson {
                problem,
                documented_at,
            } => json!({"error": {
                "code": "BadRequest",
                "message": format!("{problem}; the docs show a JSON body at {documented_at}"),
                "documented_at": documented_at,
            }}),
        }
    }
}

/// `GET /v1.0/users (users.md:12), POST /v1.0/users (users.md:40)`.
fn named(listed: &[Listed]) -> String {
    let named: Vec<String> = listed
        .iter()
        .map(|l| format!("{} ({})", l.route, l.documented_at))
        .collect();
    named.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(requests: &[&str]) -> Vec<Route> {
        super::super::routes::tests::table_of(requests)
    }

    fn unmatched(routes: &[Route], method: &str, path: &str) -> Refusal {
        refuse_unmatched(routes, method, path, format!("{method} {path}"))
    }

    const ME: [&str; 3] = [
        "PATCH /v1.0/me\nContent-Type: application/json\n\n{\"city\": \"Paris\"}",
        "GET /v1.0/me",
        "GET /v1.0/me?$select=city",
    ];

    #[test]
    fn another_method_on_a_documented_path_is_405_with_the_documented_methods() {
        let routes = table(&ME);
        let refusal = unmatched(&routes, "PUT", "/v1.0/Me/");
        assert_eq!(refusal.status(), 405);
        assert_eq!(refusal.allow().as_deref(), Some("GET, PATCH"));
        assert_eq!(
            refusal.body()["error"]["message"],
            "no documented example answers PUT /v1.0/Me/; the path is documented for GET /v1.0/me (1.md:2), PATCH /v1.0/me (0.md:2)"
        );
    }

    #[test]
    fn an_undocumented_path_is_404_naming_the_closest() {
        let routes = table(&ME);
        let refusal = unmatched(&routes, "GET", "/v1.0/mee");
        assert_eq!((refusal.status(), refusal.allow()), (404, None));
        assert_eq!(
            refusal.body()["error"]["message"],
            "no documented example answers GET /v1.0/mee; closest: GET /v1.0/me (1.md:2), PATCH /v1.0/me (0.md:2)"
        );
        let none = unmatched(&routes, "GET", "/v1.0/groups");
        assert_eq!(
            none.body()["error"]["message"],
            "no documented example answers GET /v1.0/groups, nor any like it"
        );
    }

    #[test]
    fn a_body_that_is_not_json_is_400_naming_the_offset() {
        let routes = table(&ME);
        let patch = &routes[0];
        let problem = |body: &str| match refuse_body(patch, body.as_bytes()) {
            Some(Refusal::NotJson { problem, .. }) => problem,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            problem("not json"),
            "the body is not JSON at byte offset 1 (line 1, column 2): expected ident"
        );
        assert_eq!(
            problem("{\n  \"city\": Paris\n}"),
            "the body is not JSON at byte offset 12 (line 2, column 11): expected value"
        );
        assert_eq!(problem(" \n"), "the body is empty");
        assert_eq!(refuse_body(patch, b"{\"city\": \"Rome\"}"), None);
        assert_eq!(
            refuse_body(&routes[1], b"not json"),
            None,
            "GET shows no body"
        );
    }
}
