//! One request planned: the documented example, the target and the params in, the exact
//! request to send (or the reason not to send it) out.

use percent_encoding::utf8_percent_encode;
use url::Url;

use super::fill::{
    VALUE, alternatives, fill_braces, fill_placeholders, fill_strings, sample_value,
};
use super::is_loopback;
use super::params::{HeaderValue, Params};
use crate::model::{Body, Example};

/// Methods that change data: never sent to a real service without `--allow-mutations`.
pub(super) const MUTATIONS: [&str; 4] = ["POST", "PUT", "PATCH", "DELETE"];

/// Headers never sent as documented: the client computes them.
const NOT_SENT: [&str; 3] = ["content-length", "host", "transfer-encoding"];

/// What planning needs besides the example.
#[derive(Debug, Clone)]
pub struct Context<'a> {
    /// The server's base URL.
    pub target: &'a Url,
    /// Placeholder values.
    pub params: &'a Params,
    /// Headers sent with every request (they replace documented ones of the same name).
    pub headers: &'a [(String, HeaderValue)],
    /// Send mutations even to a non-loopback target.
    pub allow_mutations: bool,
    /// Requests go through a proxy that is not on this machine: the target counts as remote.
    pub remote_proxy: bool,
    /// Fill placeholders that have no value with a sample value (against the built-in mock).
    pub sample_values: bool,
    /// Values that win over params: a scenario's captures over its step's params.
    pub vars: Option<&'a std::collections::BTreeMap<String, String>>,
}

/// A request ready to send.
#[derive(Debug, Clone, PartialEq)]
pub struct Planned {
    /// Method.
    pub method: String,
    /// Full URL.
    pub url: Url,
    /// The URL's path and query, as shown in reports (no host or port).
    pub shown: String,
    /// Headers to send, in order.
    pub headers: Vec<(String, HeaderValue)>,
    /// Body bytes, if any.
    pub body: Option<Vec<u8>>,
}

/// Why an example is not sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Skip {
    /// The docs pair no response with the request.
    #[error("no documented response to compare with")]
    NoResponse,
    /// A mutation to a target that is not on this machine, without `--allow-mutations`.
    #[error("{method} to a non-loopback target needs --allow-mutations")]
    NeedsAllowMutations {
        /// The method.
        method: String,
    },
    /// The built-in mock cannot answer this example as documented (the run has no target).
    #[error("not servable by the mock: {why}")]
    NotServable {
        /// Why, as the mock says it.
        why: String,
    },
    /// A setup step of the example's scenario failed, so it was not sent.
    #[error("setup step {step} failed: {why}")]
    SetupFailed {
        /// The step's example name.
        step: String,
        /// What went wrong.
        why: String,
    },
    /// The example needs a scope (or role) the sign-in did not grant.
    #[error("needs scope {needed} (granted: {granted})")]
    NeedsScope {
        /// The scopes the example names, any one of which would do (`A or B`).
        needed: String,
        /// The scopes granted, comma-separated (`none` when none).
        granted: String,
    },
    /// The example is documented for other API versions than the target's.
    #[error("documented for api version {documented}, not {target}")]
    ApiVersion {
        /// The versions its `apiVersions` names (`v1.0 or beta`).
        documented: String,
        /// The version segment of the target's URL.
        target: String,
    },
    /// A placeholder that no param fills.
    #[error("placeholder {{{spec}}}{place} has no value: give one with --param {key}=VALUE")]
    Unfilled {
        /// The placeholder as written, without braces (`id | userPrincipalName`).
        spec: String,
        /// Where it stands.
        place: Place,
        /// The param that would fill it.
        key: String,
    },
}

/// Where a placeholder stands in a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// In the URL.
    Url,
    /// In a header's value.
    Header(String),
    /// In the body.
    Body,
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Place::Url => Ok(()),
            Place::Header(name) => write!(f, " in header `{name}`"),
            Place::Body => f.write_str(" in the body"),
        }
    }
}

impl Skip {
    fn unfilled(spec: &str, place: Place) -> Skip {
        let key = alternatives(spec).next().unwrap_or(spec).to_owned();
        Skip::Unfilled {
            spec: spec.trim().to_owned(),
            place,
            key,
        }
    }
}

/// Plans `example`; `Err` is the reason it is skipped.
pub fn plan(example: &Example, ctx: &Context) -> Result<Planned, Skip> {
    let request = &example.request;
    if example.response.is_none() {
        return Err(Skip::NoResponse);
    }
    if MUTATIONS.contains(&request.method.as_str())
        && !ctx.allow_mutations
        && (!is_loopback(ctx.target) || ctx.remote_proxy)
    {
        return Err(Skip::NeedsAllowMutations {
            method: request.method.clone(),
        });
    }
    let fill = |key: &str| {
        let var = ctx.vars.and_then(|vars| vars.get(key));
        var.map(String::as_str)
            .or_else(|| ctx.params.get(&example.file, example.name(), key))
            .map(str::to_owned)
    };
    let (url, shown) = url(example, ctx, &fill)?;
    let (headers, mut unfilled) = headers(example, ctx, &fill);
    let (body, in_body) = body(&request.body, &fill);
    unfilled.extend(in_body);
    // Against the built-in mock, anything goes; a real service must never get `{id}` as data.
    if let Some((spec, place)) = unfilled.into_iter().next().filter(|_| !ctx.sample_values) {
        return Err(Skip::unfilled(&spec, place));
    }
    Ok(Planned {
        method: request.method.clone(),
        url,
        shown,
        headers,
        body,
    })
}

/// The URL to send to, and as shown (without the target's own query, which may hold a key):
/// the documented path and query, placeholders filled.
fn url(
    example: &Example,
    ctx: &Context,
    fill: &dyn Fn(&str) -> Option<String>,
) -> Result<(Url, String), Skip> {
    let mut unfilled = Vec::new();
    let mut fill_url = |spec: &str| {
        let value = alternatives(spec)
            .find_map(fill)
            .or_else(|| ctx.sample_values.then(|| sample_value(spec)));
        match value {
            Some(v) => Some(utf8_percent_encode(&v, VALUE).to_string()),
            None => {
                unfilled.push(spec.to_owned());
                None
            }
        }
    };
    let request = &example.request;
    let path = fill_placeholders(&request.path, &mut fill_url);
    let query = request
        .query
        .as_deref()
        .map(|q| fill_placeholders(q, &mut fill_url));
    if let Some(first) = unfilled.first() {
        return Err(Skip::unfilled(first, Place::Url));
    }
    let url = join(ctx.target, &path, query.as_deref());
    // Built again without the target's query only when it has one.
    let shown = match ctx.target.query() {
        None => shown(ctx.target, &url),
        Some(_) => {
            let mut bare = ctx.target.clone();
            bare.set_query(None);
            shown(&bare, &join(&bare, &path, query.as_deref()))
        }
    };
    Ok((url, shown))
}

/// The target with `path` appended to the target's own path, and `query` to its query; the
/// URL type percent-encodes what needs it (spaces, quotes).
fn join(target: &Url, path: &str, query: Option<&str>) -> Url {
    let mut url = target.clone();
    let base = target.path().trim_end_matches('/');
    url.set_path(&format!("{base}{path}"));
    // A target's own query (an API key, a function code) goes with every request.
    let query = match (target.query(), query) {
        (Some(own), Some(documented)) => Some(format!("{own}&{documented}")),
        (own, documented) => own.map(str::to_owned).or(documented.map(str::to_owned)),
    };
    url.set_query(query.as_deref());
    url.set_fragment(None);
    url
}

/// The URL relative to the target: path and query, without the target's own path prefix.
fn shown(target: &Url, url: &Url) -> String {
    let full = &url[url::Position::BeforePath..];
    let prefix = target.path().trim_end_matches('/');
    full.strip_prefix(prefix)
        .filter(|rest| rest.starts_with('/'))
        .unwrap_or(full)
        .to_owned()
}

/// Placeholders left without a value, each with where it stands.
type Unfilled = Vec<(String, Place)>;

/// The headers to send; the placeholders left without a value, with their header.
fn headers(
    example: &Example,
    ctx: &Context,
    fill: &dyn Fn(&str) -> Option<String>,
) -> (Vec<(String, HeaderValue)>, Unfilled) {
    let mut unfilled = Vec::new();
    let configured = |name: &str| {
        ctx.headers
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case(name))
    };
    let mut headers = Vec::new();
    for (name, value) in &example.request.headers {
        // A documented `Authorization: Bearer {token}` is only ever a stand-in.
        if NOT_SENT.contains(&name.as_str()) || name == "authorization" || configured(name) {
            continue;
        }
        let mut missing = false;
        let value = fill_braces(value, &mut |spec| {
            let found = alternatives(spec).find_map(fill);
            if found.is_none() {
                unfilled.push((spec.to_owned(), Place::Header(name.clone())));
            }
            missing |= found.is_none();
            found
        });
        if !missing {
            headers.push((
                name.clone(),
                HeaderValue {
                    value,
                    secret: false,
                },
            ));
        }
    }
    if matches!(example.request.body, Body::Json { .. })
        && !example.request.headers.contains_key("content-type")
    {
        headers.push((
            "content-type".into(),
            HeaderValue {
                value: "application/json".into(),
                secret: false,
            },
        ));
    }
    headers.extend(ctx.headers.iter().cloned());
    (headers, unfilled)
}

/// The body to send, placeholders filled; the names of those left without a value.
fn body(body: &Body, fill: &dyn Fn(&str) -> Option<String>) -> (Option<Vec<u8>>, Unfilled) {
    let mut unfilled = Vec::new();
    let mut fill_text = |text: &str| {
        fill_braces(text, &mut |spec| {
            let found = alternatives(spec).find_map(fill);
            if found.is_none() {
                unfilled.push((spec.to_owned(), Place::Body));
            }
            found
        })
    };
    let bytes = match body {
        Body::Empty => None,
        Body::Json { value, .. } => {
            let mut value = value.clone();
            fill_strings(&mut value, &mut fill_text);
            serde_json::to_vec(&value).ok()
        }
        Body::Text { text } => Some(fill_text(text).into_bytes()),
    };
    (bytes, unfilled)
}

#[cfg(test)]
mod tests;
