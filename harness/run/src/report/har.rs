//! The HAR 1.2 report: each request the run sent and the answer it got, with timings, as
//! browsers' developer tools open it; written when the run finishes, secrets scrubbed.

use std::io::{self, Write};

use serde_json::{Value, json};

use super::Reporter;
use super::collect::{Collected, Collector};
use crate::session::{Event, ExampleResult, SentRequest};
use exemplar_core::secret::Redactor;

/// Collects a run's exchanges and writes them as one HAR file when it finishes.
pub struct Har<W: Write> {
    out: W,
    redactor: Redactor,
    collector: Collector,
}

impl<W: Write> Har<W> {
    /// A reporter writing to `out`.
    pub fn new(out: W, redactor: Redactor) -> Har<W> {
        Har {
            out,
            redactor,
            collector: Collector::new(),
        }
    }

    /// The writer, once the run has finished.
    pub fn into_inner(self) -> W {
        self.out
    }
}

impl<W: Write> Reporter for Har<W> {
    fn event(&mut self, event: &Event) -> io::Result<()> {
        if let Some(run) = self.collector.event(event) {
            let har = serde_json::to_string_pretty(&render(&run)).map_err(io::Error::other)?;
            self.out.write_all(self.redactor.scrub(&har).as_bytes())?;
            self.out.write_all(b"\n")?;
            self.out.flush()?;
        }
        Ok(())
    }
}

/// The HAR log: an entry per example whose request was sent, in the selection's order.
pub fn render(run: &Collected<'_>) -> Value {
    let target = run.started.map(|s| s.target.clone()).unwrap_or_default();
    let mut last = "1970-01-01T00:00:00.000Z".to_owned();
    let entries: Vec<Value> = (run.results.iter())
        .filter_map(|result| {
            let request = result.request.as_ref()?;
            if let Some(exchange) = &result.exchange {
                last.clone_from(&exchange.started);
            }
            Some(entry(result, request, &target, &last))
        })
        .collect();
    json!({
        "log": {
            "version": "1.2",
            "creator": {"name": "exemplar", "version": env!("CARGO_PKG_VERSION")},
            "entries": entries,
        }
    })
}

fn entry(result: &ExampleResult, request: &SentRequest, target: &str, started: &str) -> Value {
    let url = match &result.exchange {
        Some(exchange) => exchange.url.clone(),
        None => format!(
            "{}/{}",
            target.trim_end_matches('/'),
            request.target.trim_start_matches('/')
        ),
    };
    let wait = result.exchange.as_ref().map_or(0.0, |e| e.wait_ms);
    let name = result.name.as_deref().unwrap_or("");
    let comment = match &result.reason {
        Some(reason) => format!("{}:{} {name}: {reason}", result.file, result.line),
        None => format!("{}:{} {name}: passed", result.file, result.line),
    };
    json!({
        "startedDateTime": started,
        "time": wait,
        "request": har_request(request, &url),
        "response": har_response(result),
        "cache": {},
        "timings": {"send": 0, "wait": wait, "receive": 0},
        "comment": comment,
    })
}

fn har_request(request: &SentRequest, url: &str) -> Value {
    let query: Vec<Value> = url::Url::parse(url)
        .map(|u| {
            u.query_pairs()
                .map(|(name, value)| json!({"name": name, "value": value}))
                .collect()
        })
        .unwrap_or_default();
    let mut out = json!({
        "method": request.method,
        "url": url,
        "httpVersion": "HTTP/1.1",
        "cookies": [],
        "headers": pairs(&request.headers),
        "queryString": query,
        "headersSize": -1,
        "bodySize": request.body.as_ref().map_or(0, String::len),
    });
    if let Some(body) = &request.body {
        let mime = header(&request.headers, "content-type").unwrap_or("application/json");
        out["postData"] = json!({"mimeType": mime, "text": body, "params": []});
    }
    out
}

/// The answer, or an empty one (status 0, as browsers show a request that got none) with why.
fn har_response(result: &ExampleResult) -> Value {
    let Some(exchange) = &result.exchange else {
        return json!({
            "status": 0, "statusText": "", "httpVersion": "HTTP/1.1", "cookies": [], "headers": [],
            "content": {"size": 0, "mimeType": "x-unknown"}, "redirectURL": "",
            "headersSize": -1, "bodySize": -1,
        });
    };
    let mime = header(&exchange.headers, "content-type").unwrap_or("x-unknown");
    json!({
        "status": exchange.status,
        "statusText": "",
        "httpVersion": "HTTP/1.1",
        "cookies": [],
        "headers": pairs(&exchange.headers),
        "content": {"size": exchange.body.len(), "mimeType": mime, "text": exchange.body},
        "redirectURL": header(&exchange.headers, "location").unwrap_or(""),
        "headersSize": -1,
        "bodySize": exchange.body.len(),
    })
}

fn pairs(headers: &[(String, String)]) -> Vec<Value> {
    (headers.iter())
        .map(|(name, value)| json!({"name": name, "value": value}))
        .collect()
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    (headers.iter())
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}
