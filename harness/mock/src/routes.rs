//! The route table of the mock: which documented example answers which request.
//!
//! Every example with a response becomes a route: its method and documented path, where
//! `{placeholders}`, `<placeholders>` and GUID-like segments match any segment; the query counts
//! only where two examples differ by nothing else. Pure: no server, no clock, no randomness.

use serde_json::Value;

use super::parts::{Part, fits, fits_exactly, query_parts, segment};
use exemplar_core::model::{Body, DocFile, Example, Response};

/// A request the mock answers, read whole.
#[derive(Debug, Clone)]
pub(crate) struct Request {
    /// The URL asked for (the mock's own origin, the path and query asked).
    pub(crate) url: url::Url,
    /// The method.
    pub(crate) method: hyper::Method,
    /// The headers.
    pub(crate) headers: hyper::HeaderMap,
    /// The body.
    pub(crate) body: Vec<u8>,
}

/// An example that cannot be served, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unservable {
    /// Doc file.
    pub file: String,
    /// Line of the request's fence.
    pub line: u32,
    /// The page's API version, where neither the file as shown nor the URL says it.
    pub version: Option<String>,
    /// Why.
    pub reason: String,
}

/// One route of the mock.
#[derive(Debug, Clone)]
pub struct Route {
    pub(super) method: String,
    pub(super) segments: Vec<Vec<Part>>,
    /// Query pairs that must be present, where examples differ by query.
    query: Option<Vec<(String, Vec<Part>)>>,
    /// Request headers that must be present, where examples differ by them.
    headers: Option<Vec<(String, String)>>,
    /// The JSON body a request must carry, where examples differ by body.
    body: Option<Value>,
    /// Served only when no sibling with constraints matched.
    fallback: bool,
    /// Answers only a request naming this example in [`PIN_HEADER`]: the route of an example
    /// judged against its own `simulatedResponse` while another example answers its request.
    pin: Option<String>,
    /// The documented request has a JSON body, so a request must carry one.
    pub(super) expects_json: bool,
    /// The documented answer.
    pub(super) response: Response,
    /// `METHOD /path?query` as documented.
    pub shown: String,
    /// `file:line` of the example.
    pub(crate) origin: String,
    /// The example's doc file.
    file: String,
    /// Its page's API version.
    version: Option<String>,
    /// The line of the example's request.
    line: u32,
}

/// The routes for every example of `docs`, and the examples that cannot be served.
pub fn routes<'a>(docs: impl IntoIterator<Item = &'a DocFile>) -> (Vec<Route>, Vec<Unservable>) {
    let mut table = Table::default();
    let (routes, examples): (Vec<Route>, Vec<&Example>) = docs
        .into_iter()
        .flat_map(|d| &d.examples)
        .filter_map(|example| table.servable(example))
        .unzip();
    // Where examples share method and path, what differs between them (query, headers, body)
    // tells them apart; the first of them also answers anything the others do not match.
    for group in same_path_groups(&routes) {
        if let [only] = group[..] {
            table.kept.push(routes[only].clone());
            continue;
        }
        let members: Vec<(&Route, &Example)> =
            group.iter().map(|&j| (&routes[j], examples[j])).collect();
        table.tell_apart(&members);
    }
    table.kept.extend(table.fallbacks);
    let pinned = pinned(&examples, &routes, &table.elsewhere);
    table.kept.extend(pinned);
    (table.kept, table.unservable)
}

/// The request header that names the example a request is for (see [`pin`]).
pub const PIN_HEADER: &str = "x-exemplar-example";

/// What [`PIN_HEADER`] carries for the example at `file:line`: visible ASCII, whatever the
/// file's name.
pub fn pin(file: &str, line: u32) -> String {
    let file: String = url::form_urlencoded::byte_serialize(file.as_bytes()).collect();
    format!("{file}:{line}")
}

/// Pinned routes for the examples with their own `simulatedResponse` that another example's
/// route answers for: API Doctor judges each example against its own simulated answer, so a
/// request naming the example gets it. The table of the others is left as it was.
fn pinned(examples: &[&Example], routes: &[Route], elsewhere: &[(String, u32)]) -> Vec<Route> {
    let answered_elsewhere =
        |r: &Route| (elsewhere.iter()).any(|(f, l)| *f == r.file && *l == r.line);
    (examples.iter().zip(routes))
        .filter(|(e, r)| e.simulated.is_some() && answered_elsewhere(r))
        .map(|(_, r)| Route {
            pin: Some(pin(&r.file, r.line)),
            ..r.clone()
        })
        .collect()
}

/// The table being built: the routes kept, the fallbacks of shared paths, what cannot be served.
#[derive(Default)]
struct Table {
    kept: Vec<Route>,
    fallbacks: Vec<Route>,
    unservable: Vec<Unservable>,
    /// The examples whose request another example's route answers, by file and line.
    elsewhere: Vec<(String, u32)>,
}

impl Table {
    /// The route of `example`, or `None` (noted as unservable) when it has no response.
    fn servable<'a>(&mut self, example: &'a Example) -> Option<(Route, &'a Example)> {
        // A `simulatedResponse` stands in for the service's answer: the mock gives it.
        let Some(response) = example.simulated.as_deref().or(example.response.as_ref()) else {
            (self.unservable).push(Unservable::of(example, "no documented response".into()));
            return None;
        };
        if matches!(response.status, 204 | 304) && !matches!(response.body, Body::Empty) {
            let reason = format!(
                "a {} answer carries no body, but one is documented",
                response.status
            );
            self.unservable.push(Unservable::of(example, reason));
        }
        Some((route(example, response), example))
    }

    /// Adds routes that share method and path, constrained by whatever differs between them.
    fn tell_apart(&mut self, members: &[(&Route, &Example)]) {
        let features: Vec<Features> = members.iter().map(|(_, e)| Features::of(e)).collect();
        let first_features = &features[0];
        let (by_query, by_headers, by_body) = (
            features.iter().any(|f| f.query != first_features.query),
            features.iter().any(|f| f.headers != first_features.headers),
            features.iter().any(|f| f.body != first_features.body),
        );
        let mut first = members[0].0.clone();
        first.fallback = true;
        self.fallbacks.push(first);
        for ((route, _), f) in members.iter().zip(features) {
            let mut route = (*route).clone();
            route.query = by_query.then_some(f.query);
            route.headers = by_headers.then_some(f.headers);
            route.body = if by_body { f.body } else { None };
            self.keep(route);
        }
    }

    /// Keeps `route`, unless a kept route already answers the same requests.
    fn keep(&mut self, route: Route) {
        let twin = self.kept.iter().find(|k| {
            same_path(k, &route)
                && k.query == route.query
                && k.headers == route.headers
                && k.body == route.body
        });
        // A twin that documents the same answer answers for both: both are served.
        let conflict = twin
            .filter(|t| {
                t.response.status != route.response.status || t.response.body != route.response.body
            })
            .map(|t| t.origin.clone());
        match conflict {
            Some(origin) => {
                self.elsewhere.push((route.file.clone(), route.line));
                self.unservable.push(Unservable {
                    file: route.file.clone(),
                    line: route.line,
                    version: route.version.clone(),
                    reason: format!("the same request as {origin} is answered by that example"),
                });
            }
            None => self.kept.push(route),
        }
    }
}

/// Indices of the routes that share method and path, each group in the order of its first route.
fn same_path_groups(routes: &[Route]) -> Vec<Vec<usize>> {
    let mut groups = Vec::new();
    let mut done = vec![false; routes.len()];
    for i in 0..routes.len() {
        if done[i] {
            continue;
        }
        let group: Vec<usize> = (i..routes.len())
            .filter(|&j| !done[j] && same_path(&routes[i], &routes[j]))
            .collect();
        group.iter().for_each(|&j| done[j] = true);
        groups.push(group);
    }
    groups
}

fn same_path(a: &Route, b: &Route) -> bool {
    a.method == b.method && a.segments == b.segments
}

/// What a request of an example carries besides its method and path.
struct Features {
    query: Vec<(String, Vec<Part>)>,
    headers: Vec<(String, String)>,
    body: Option<Value>,
}

/// Headers that say nothing about which example a request is.
const ANY_REQUEST: [&str; 5] = [
    "content-type",
    "content-length",
    "authorization",
    "host",
    "accept",
];

impl Features {
    fn of(example: &Example) -> Features {
        let headers = example
            .request
            .headers
            .iter()
            .filter(|(n, _)| !ANY_REQUEST.contains(&n.as_str()))
            .map(|(n, v)| (n.clone(), v.clone()))
            .collect();
        let body = match &example.request.body {
            Body::Json { value, .. } => Some(value.clone()),
            _ => None,
        };
        Features {
            query: query_parts(example.request.query.as_deref().unwrap_or("")),
            headers,
            body,
        }
    }
}

fn route(example: &Example, response: &Response) -> Route {
    let request = &example.request;
    let segments = request
        .path
        .trim_end_matches('/')
        .split('/')
        .skip(1)
        .map(segment)
        .collect();
    let shown = match &request.query {
        Some(query) => format!("{} {}?{query}", request.method, request.path),
        None => format!("{} {}", request.method, request.path),
    };
    Route {
        method: request.method.clone(),
        segments,
        query: None,
        headers: None,
        body: None,
        fallback: false,
        pin: None,
        expects_json: matches!(request.body, Body::Json { .. }),
        response: response.clone(),
        shown,
        origin: super::place::place(example),
        file: example.file.clone(),
        version: super::place::unsaid_version(example),
        line: example.line(),
    }
}

impl Route {
    /// Whether `request`, whose path has the decoded `segments`, is one this route answers;
    /// `exact`: each documented GUID only as written.
    pub(super) fn matches(&self, segments: &[String], request: &Request, exact: bool) -> bool {
        let fit = if exact { fits_exactly } else { fits };
        let path_fits = segments.len() == self.segments.len()
            && self.segments.iter().zip(segments).all(|(p, s)| fit(p, s));
        request.method.as_str().eq_ignore_ascii_case(&self.method)
            && path_fits
            && self.pin_fits(request)
            && self.query_fits(request)
            && self.headers_fit(request)
            && self.body_fits(request)
    }

    /// Whether the decoded `segments` of a request are this route's path.
    pub(super) fn path_fits(&self, segments: &[String]) -> bool {
        segments.len() == self.segments.len()
            && self.segments.iter().zip(segments).all(|(p, s)| fits(p, s))
    }

    /// `METHOD /path` as documented, without the query.
    pub(super) fn shown_path(&self) -> &str {
        self.shown
            .split_once('?')
            .map_or(self.shown.as_str(), |(path, _)| path)
    }

    /// A pinned route answers only the request that names its example.
    fn pin_fits(&self, request: &Request) -> bool {
        let Some(pin) = &self.pin else {
            return true;
        };
        let sent = request
            .headers
            .get(PIN_HEADER)
            .and_then(|v| v.to_str().ok());
        sent == Some(pin.as_str())
    }

    /// Every query pair this route requires is in the request.
    fn query_fits(&self, request: &Request) -> bool {
        let Some(query) = &self.query else {
            return true;
        };
        let pairs: Vec<(String, String)> = request
            .url
            .query_pairs()
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        let found = |(key, value): &(String, Vec<Part>)| {
            pairs
                .iter()
                .any(|(k, v)| k.eq_ignore_ascii_case(key) && (value.is_empty() || fits(value, v)))
        };
        query.iter().all(found)
    }

    /// Every header this route requires is sent with the documented value.
    fn headers_fit(&self, request: &Request) -> bool {
        let Some(headers) = &self.headers else {
            return true;
        };
        let sent = |name: &str| request.headers.get(name).and_then(|v| v.to_str().ok());
        headers.iter().all(|(name, value)| {
            sent(name).is_some_and(|v| v.trim().eq_ignore_ascii_case(value.trim()))
        })
    }

    /// The request carries the JSON body this route requires, if it requires one.
    fn body_fits(&self, request: &Request) -> bool {
        match &self.body {
            Some(body) => {
                serde_json::from_slice::<Value>(&request.body).is_ok_and(|sent| sent == *body)
            }
            None => true,
        }
    }

    /// Routes with fewer wildcards, and those that look at more than the path, are tried first;
    /// fallbacks last; among routes alike, the one that requires more query parameters (the
    /// most specific of those whose parameters are all in the request).
    pub(super) fn priority(&self) -> (u8, std::cmp::Reverse<usize>) {
        let wildcards = self
            .segments
            .iter()
            .filter(|s| s.contains(&Part::Any))
            .count()
            .min(50) as u8;
        let pairs = self.query.as_ref().map_or(0, Vec::len);
        let constraints = u8::from(pairs > 0)
            + u8::from(self.headers.as_ref().is_some_and(|h| !h.is_empty()))
            + u8::from(self.body.is_some());
        let base = 10 + 4 * wildcards - constraints;
        // A route pinned to one example (its own simulated answer) is tried before all.
        let base = if self.pin.is_some() {
            0
        } else if self.fallback {
            base.saturating_add(3)
        } else {
            base
        };
        (base, std::cmp::Reverse(pairs))
    }
}

#[cfg(test)]
pub(super) mod tests;
