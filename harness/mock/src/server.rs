//! The mock's server side: answers from the route table, the refusals (404, 405, 400) decided
//! in `refusal`, the 413 of a body over the limit, and fresh values (`fresh`) for 201s; the
//! connections themselves are `listen`'s.
//!
//! Answers carry the documented status, headers and strict JSON. Nothing of a request is kept
//! once it is answered (but what the stateful store keeps, within its budget), so memory stays
//! flat however many come. With `listen` and `fresh`, the only part of the mock that touches
//! the outside world (a listener, the clock, randomness).

use std::net::SocketAddr;
use std::sync::Arc;

use super::routes::Request;
use bytes::Bytes;
use http_body_util::Full;
use serde_json::Value;

use super::fresh::fresh;
use super::index::Index;
use super::limits::{self, Limits, Unread};
use super::listen;
use super::refusal::{Refusal, refuse_body, refuse_unmatched};
use super::routes::Route;
use super::state::{State, Stateful};
use super::tally::{Kind, Tally};

use exemplar_core::model::{Body, Response};

/// Receives one line per request served, for a log.
pub type Logger = Arc<dyn Fn(String) + Send + Sync>;

/// A running mock: it answers until dropped.
#[derive(Debug)]
pub struct MockServer {
    address: SocketAddr,
    accepting: tokio::task::JoinHandle<()>,
    ticking: tokio::task::JoinHandle<()>,
    tally: Arc<Tally>,
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
        self.ticking.abort();
        self.tally.note("refused or dropped in all", true);
    }
}

/// Starts a mock on `listener` answering with `routes`; `log` gets a line per request.
///
/// Routes are found through an index, not tried one by one; each connection is served on
/// its own task, within the default [`Limits`]. Must be called within a tokio runtime.
pub async fn start(
    routes: Vec<Route>,
    listener: std::net::TcpListener,
    log: Option<Logger>,
) -> MockServer {
    start_with(routes, listener, log, false, Limits::default()).await
}

/// Like [`start`]; when `stateful`, the mock remembers what POSTs create (DESIGN §9): a GET of
/// the new id returns it, PATCH merges, DELETE removes it, and the collection's list shows it.
/// `limits` bound what it reads, keeps and waits for; what they refuse is logged once per
/// kind, then counted (every 10 s and when the server is dropped).
pub async fn start_with(
    routes: Vec<Route>,
    listener: std::net::TcpListener,
    log: Option<Logger>,
    stateful: bool,
    limits: Limits,
) -> MockServer {
    let address = listener
        .local_addr()
        .unwrap_or_else(|_| SocketAddr::from(([127, 0, 0, 1], 0)));
    let tally = Arc::new(Tally::new(log.clone()));
    let served = Arc::new(Served {
        index: Index::new(&routes),
        routes,
        log,
        state: stateful.then(|| State::with_budget(limits.max_state)),
        limits,
        tally: Arc::clone(&tally),
    });
    let accepting = tokio::spawn(listen::accept(listener, served));
    let noting = Arc::clone(&tally);
    let ticking = tokio::spawn(async move {
        let mut every = tokio::time::interval(NOTE_EVERY);
        every.tick().await;
        loop {
            every.tick().await;
            noting.note("refused or dropped in the last 10 s", false);
        }
    });
    MockServer {
        address,
        accepting,
        ticking,
        tally,
    }
}

/// How often the counts of what was refused are logged (when they grew).
const NOTE_EVERY: std::time::Duration = std::time::Duration::from_secs(10);

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
pub(super) struct Served {
    routes: Vec<Route>,
    index: Index,
    log: Option<Logger>,
    /// What POSTs created, with `--stateful`.
    state: Option<State>,
    /// What the mock reads, keeps and waits for.
    pub(super) limits: Limits,
    /// What those limits refused, by kind.
    pub(super) tally: Arc<Tally>,
}

impl Served {
    /// Reads the whole request (a body over the limit is refused as it comes), answers it,
    /// and forgets it.
    pub(super) async fn serve(
        &self,
        request: hyper::Request<hyper::body::Incoming>,
    ) -> hyper::Response<Full<Bytes>> {
        let (parts, body) = request.into_parts();
        let body = limits::read_body(&parts.headers, body, self.limits.max_body).await;
        let url = format!("http://mock{}", parts.uri);
        if body == Err(Unread::TooLarge) {
            return self.too_large(&parts.method, &url).into_response();
        }
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
            let stateful = state.handle(request, documented, created.map(fresh));
            let max = self.limits.max_state;
            self.tally.count(Kind::Evicted, state.take_evicted(), || {
                format!("evicting: created resources passed {max} bytes (--max-state), the oldest are dropped and a GET of one answers 404 saying so; later evictions are counted, not logged")
            });
            match stateful {
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

    /// The 413 for a body over `--max-body`; the connection is closed after it, unread.
    fn too_large(&self, method: &hyper::Method, url: &str) -> Answer {
        let max = self.limits.max_body;
        let path = url.trim_start_matches("http://mock");
        let path = path.split('?').next().unwrap_or(path);
        self.tally.count(Kind::TooLarge, 1, || {
            format!("refused: {method} {path} -> 413, body over {max} bytes (--max-body); later ones are counted, not logged")
        });
        let body = serde_json::to_vec(&limits::too_large(max)).unwrap_or_default();
        Answer::new(413)
            .header("connection", "close")
            .body(body, "application/json")
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
