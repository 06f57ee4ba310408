//! The mock's server side: an HTTP/1 server (hyper) answering from the route table, the
//! refusals (404, 405, 400) decided in `refusal`, fresh ids and creation times for 201s, and the
//! clock they come from.
//!
//! Answers carry the documented status, headers and strict JSON. Nothing of a request is kept
//! once it is answered, so memory stays flat however many come. This is the only part of the
//! mock that touches the outside world (a listener, the clock, randomness).

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;

use super::routes::Request;
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::rt::TokioIo;
use serde_json::Value;

use super::index::Index;
use super::refusal::{Refusal, refuse_body, refuse_unmatched};
use super::routes::Route;
use super::state::{State, Stateful};
use exemplar_core::compare::generated::{is_date_time, is_guid};
use exemplar_core::model::{Body, Response};

/// Receives one line per request served, for a log.
pub type Logger = Arc<dyn Fn(String) + Send + Sync>;

/// A running mock: it answers until dropped.
#[derive(Debug)]
pub struct MockServer {
    address: SocketAddr,
    accepting: tokio::task::JoinHandle<()>,
}

impl MockServer {
    /// The base URL it answers at, `http://127.0.0.1:PORT`.
    pub fn uri(&self) -> String {
        format!("http://{}", self.address)
    }

    /// The address it listens on.
    pub fn address(&self) -> SocketAddr {
        self.address
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        self.accepting.abort();
    }
}

/// Starts a mock on `listener` answering with `routes`; `log` gets a line per request.
///
/// Routes are found through an index, not tried one by one; each connection is served on
/// its own task. Must be called within a tokio runtime.
pub async fn start(
    routes: Vec<Route>,
    listener: std::net::TcpListener,
    log: Option<Logger>,
) -> MockServer {
    start_with(routes, listener, log, false).await
}

/// Like [`start`]; when `stateful`, the mock remembers what POSTs create (DESIGN §9): a GET of
/// the new id returns it, PATCH merges, DELETE removes it, and the collection's list shows it.
pub async fn start_with(
    routes: Vec<Route>,
    listener: std::net::TcpListener,
    log: Option<Logger>,
    stateful: bool,
) -> MockServer {
    let address = listener
        .local_addr()
        .unwrap_or_else(|_| SocketAddr::from(([127, 0, 0, 1], 0)));
    let served = Arc::new(Served {
        index: Index::new(&routes),
        routes,
        log,
        state: stateful.then(State::default),
    });
    let accepting = tokio::spawn(accept(listener, served));
    MockServer { address, accepting }
}

/// Accepts connections until dropped; a connection that fails is that connection's end only.
async fn accept(listener: std::net::TcpListener, served: Arc<Served>) {
    let listener = match listener
        .set_nonblocking(true)
        .and_then(|()| tokio::net::TcpListener::from_std(listener))
    {
        Ok(listener) => listener,
        Err(_) => return,
    };
    let mut connections = tokio::task::JoinSet::new();
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        let served = Arc::clone(&served);
        let service = hyper::service::service_fn(move |request| {
            let served = Arc::clone(&served);
            async move { Ok::<_, Infallible>(served.serve(request).await) }
        });
        connections.spawn(async move {
            let connection = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service);
            let _ = connection.await;
        });
        while connections.try_join_next().is_some() {}
    }
}

/// An answer: status, headers, body.
#[derive(Debug, Clone, PartialEq)]
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Answer {
    fn new(status: u16) -> Answer {
        Answer {
            status,
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    fn header(mut self, name: &str, value: &str) -> Answer {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    fn body(self, body: Vec<u8>, content_type: &str) -> Answer {
        let mut answer = self.header("content-type", content_type);
        answer.body = body;
        answer
    }

    fn into_response(self) -> hyper::Response<Full<Bytes>> {
        let mut response = hyper::Response::new(Full::new(Bytes::from(self.body)));
        *response.status_mut() =
            hyper::StatusCode::from_u16(self.status).unwrap_or(hyper::StatusCode::OK);
        for (name, value) in self.headers {
            if let (Ok(name), Ok(value)) = (
                hyper::header::HeaderName::from_bytes(name.as_bytes()),
                hyper::header::HeaderValue::from_str(&value),
            ) {
                response.headers_mut().append(name, value);
            }
        }
        response
    }
}

/// The route table and its index: the answer to every request.
struct Served {
    routes: Vec<Route>,
    index: Index,
    log: Option<Logger>,
    /// What POSTs created, with `--stateful`.
    state: Option<State>,
}

impl Served {
    /// Reads the whole request, answers it, and forgets it.
    async fn serve(
        &self,
        request: hyper::Request<hyper::body::Incoming>,
    ) -> hyper::Response<Full<Bytes>> {
        let (parts, body) = request.into_parts();
        let body = body.collect().await.map(|b| b.to_bytes().to_vec());
        let url = format!("http://mock{}", parts.uri);
        let (Ok(body), Ok(url)) = (body, url::Url::parse(&url)) else {
            return Answer::new(400).into_response();
        };
        let request = Request {
            url,
            method: parts.method,
            headers: parts.headers,
            body,
        };
        self.respond(&request).into_response()
    }

    fn respond(&self, request: &Request) -> Answer {
        let route = self.index.find(&self.routes, request);
        if let Some(refusal) = route.and_then(|route| refuse_body(route, &request.body)) {
            return refuse(&refusal, request, self.log.as_ref());
        }
        let mut body = None;
        if let Some(state) = &self.state {
            let documented = route.map(|r| (r.response.status, r.response.body.json()));
            // Fresh values only for what a POST creates: the store keeps nothing else.
            let created = (route.filter(|r| r.response.status == 201 && request.method == "POST"))
                .and_then(|r| r.response.body.json());
            match state.handle(request, documented, created.map(fresh)) {
                Stateful::Answer(status, value) => {
                    self.log_line(request, status, "remembered");
                    return remembered(status, value);
                }
                Stateful::Documented(value) => body = value,
                Stateful::Pass => {}
            }
        }
        let Some(route) = route else {
            let method = request.method.as_str();
            let shown = format!("{method} {}", target(request));
            let refusal = refuse_unmatched(&self.routes, method, request.url.path(), shown);
            return refuse(&refusal, request, self.log.as_ref());
        };
        let response = &route.response;
        self.log_line(request, response.status, &route.origin);
        template(response, body)
    }

    fn log_line(&self, request: &Request, status: u16, why: &str) {
        if let Some(log) = &self.log {
            log(format!(
                "{} {} -> {status} ({why})",
                request.method,
                target(request)
            ));
        }
    }
}

/// An answer from the stateful store: JSON, or no body.
fn remembered(status: u16, body: Option<Value>) -> Answer {
    let answer = Answer::new(status);
    match body {
        Some(body) => {
            let bytes = serde_json::to_vec(&body).unwrap_or_default();
            answer.body(bytes, "application/json")
        }
        None => answer,
    }
}

/// The documented answer: status, headers and body, with fresh values in a 201's body; `body`
/// in place of the documented JSON when given (the stateful mock's).
fn template(response: &Response, body: Option<Value>) -> Answer {
    let mut template = Answer::new(response.status);
    for (name, value) in response.headers.iter().filter(|(n, _)| {
        !matches!(
            n.as_str(),
            "content-length" | "transfer-encoding" | "content-type"
        )
    }) {
        template = template.header(name, value);
    }
    let content_type = response.headers.get("content-type").map(String::as_str);
    match &response.body {
        Body::Empty => {
            if let Some(content_type) = content_type {
                template = template.header("content-type", content_type);
            }
            template
        }
        Body::Json { value, .. } => {
            let value = if let Some(body) = body {
                body
            } else if response.status == 201 {
                fresh(value)
            } else {
                value.clone()
            };
            let bytes = serde_json::to_vec(&value).unwrap_or_default();
            template.body(bytes, content_type.unwrap_or("application/json"))
        }
        Body::Text { text } => template.body(
            text.clone().into_bytes(),
            content_type.unwrap_or("text/plain"),
        ),
    }
}

fn target(request: &Request) -> String {
    request.url[url::Position::BeforePath..].to_owned()
}

/// The error answer of `refusal`, logged.
fn refuse(refusal: &Refusal, request: &Request, log: Option<&Logger>) -> Answer {
    if let Some(log) = log {
        log(format!(
            "{} {} -> {} ({})",
            request.method,
            target(request),
            refusal.status(),
            refusal.summary()
        ));
    }
    let body = serde_json::to_vec(&refusal.body()).unwrap_or_default();
    let mut answer = Answer::new(refusal.status()).body(body, "application/json");
    if let Some(allow) = refusal.allow() {
        answer = answer.header("allow", &allow);
    }
    answer
}

/// The documented body with fresh generated values: a new GUID for each documented GUID id,
/// and the current time for documented creation date-times.
fn fresh(value: &Value) -> Value {
    let now = now_rfc3339();
    let mut value = value.clone();
    refresh(&mut value, None, &now);
    value
}

fn refresh(value: &mut Value, key: Option<&str>, now: &str) {
    match value {
        Value::Object(map) => map.iter_mut().for_each(|(k, v)| refresh(v, Some(k), now)),
        Value::Array(items) => items.iter_mut().for_each(|v| refresh(v, None, now)),
        Value::String(s) => {
            let Some(key) = key else { return };
            let id_like = key == "id" || key.ends_with("Id");
            if id_like && is_guid(s) {
                *s = new_guid();
            } else if key.to_ascii_lowercase().contains("creat") && is_date_time(s) {
                *s = now.to_owned();
            }
        }
        _ => {}
    }
}

/// A random (version 4) GUID.
pub(crate) fn new_guid() -> String {
    let n = fastrand::u128(..);
    let n = (n & !(0xf << 76) | (0x4 << 76)) & !(0x3 << 62) | (0x2 << 62);
    let hex = format!("{n:032x}");
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

/// The current UTC time as `YYYY-MM-DDTHH:MM:SSZ`.
pub(super) fn now_rfc3339() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (days, rest) = (secs / 86_400, secs % 86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn fresh_values_keep_their_kind() {
        let doc = json!({"id": "cc38598c-598c-cc38-8c59-38cc8c5938cc", "createdDateTime": "2019-01-01T00:00:00Z", "name": "kept", "skuId": "not-a-guid"});
        let (a, b) = (fresh(&doc), fresh(&doc));
        assert!(is_guid(a["id"].as_str().unwrap()));
        assert_ne!(a["id"], doc["id"]);
        assert_ne!(a["id"], b["id"]);
        assert!(is_date_time(a["createdDateTime"].as_str().unwrap()));
        assert_ne!(a["createdDateTime"], doc["createdDateTime"]);
        assert_eq!((&a["name"], &a["skuId"]), (&doc["name"], &doc["skuId"]));
    }

    #[test]
    fn the_clock_formats_as_a_date_time() {
        assert!(is_date_time(&now_rfc3339()), "{}", now_rfc3339());
        assert!(is_guid(&new_guid()));
    }
}
