//! How much the mock takes from its clients (`serve --max-body`, `--max-state`,
//! `--header-timeout`, `--idle-timeout`, `--max-connections`), and the one place a request body
//! is read: counted as it streams in, refused past the limit, never buffered whole first.

use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Limited};
use serde_json::{Value, json};

/// How much the mock takes from its clients before it refuses, forgets or hangs up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest request body read, in bytes; a larger one is answered 413, decided from its
    /// `Content-Length` before reading or while a chunked body streams in [default: 10 MiB].
    pub max_body: u64,
    /// Bytes of created resources the stateful mock keeps (the memory their JSON takes, about);
    /// past it the oldest are evicted, and a GET of one answers 404 saying so [default: 16 MiB].
    pub max_state: u64,
    /// Time a client has to send a request's head (request line and headers), counted from
    /// when the server waits for one, idle keep-alive connections included [default: 10 s].
    pub header_timeout: Duration,
    /// Time a connection may go with no byte read or written (a stalled body, a client that
    /// does not read its answer, an idle keep-alive) before it is closed [default: 60 s].
    pub idle_timeout: Duration,
    /// Connections served at once; past it, new ones wait to be accepted [default: 1024].
    pub max_connections: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_body: 10 * 1024 * 1024,
            max_state: 16 * 1024 * 1024,
            header_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(60),
            max_connections: 1024,
        }
    }
}

impl Limits {
    /// The banner's line of limits: `limits: bodies up to 10485760 bytes (--max-body), …`;
    /// `stateful` adds the budget of what the mock keeps.
    pub fn banner(&self, stateful: bool) -> String {
        let kept = if stateful {
            format!(
                ", {} bytes of created resources kept, oldest evicted past it (--max-state)",
                self.max_state
            )
        } else {
            String::new()
        };
        format!(
            "  limits: bodies up to {} bytes (--max-body){kept}, {} s to send a request head \
             (--header-timeout), {} s idle (--idle-timeout), {} connections at once (--max-connections)",
            self.max_body,
            seconds(self.header_timeout),
            seconds(self.idle_timeout),
            self.max_connections
        )
    }
}

/// `10`, `0.5`: seconds as few digits as they need.
pub(crate) fn seconds(duration: Duration) -> String {
    let text = format!("{:.3}", duration.as_secs_f64());
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// Why a request body was not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unread {
    /// Larger than the limit: by its `Content-Length`, or once this many bytes streamed in.
    TooLarge,
    /// The connection failed while it streamed in.
    Broken,
}

/// The whole body of a request, if it is at most `max` bytes: refused from `Content-Length`
/// before a byte is read, else counted frame by frame as it arrives (at most `max` are held).
pub(crate) async fn read_body(
    headers: &hyper::HeaderMap,
    body: hyper::body::Incoming,
    max: u64,
) -> Result<Vec<u8>, Unread> {
    let declared = headers
        .get(hyper::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|length| length > max) {
        return Err(Unread::TooLarge);
    }
    let limit = usize::try_from(max).unwrap_or(usize::MAX);
    match Limited::new(body, limit).collect().await {
        Ok(collected) => Ok(Bytes::into(collected.to_bytes())),
        Err(error) if error.is::<http_body_util::LengthLimitError>() => Err(Unread::TooLarge),
        Err(_) => Err(Unread::Broken),
    }
}

/// The Graph-style error body of a 413.
pub(crate) fn too_large(max: u64) -> Value {
    json!({"error": {
        "code": "RequestEntityTooLarge",
        "message": format!("the request body is larger than this mock reads: at most {max} bytes (serve --max-body)"),
        "maxBytes": max,
    }})
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_banner_names_each_limit_and_its_flag() {
        let line = Limits::default().banner(true);
        for part in [
            "10485760 bytes (--max-body)",
            "16777216 bytes of created resources",
            "10 s to send a request head",
            "60 s idle",
            "1024 connections",
        ] {
            assert!(line.contains(part), "{part}: {line}");
        }
        assert!(!Limits::default().banner(false).contains("--max-state"));
        assert_eq!(seconds(Duration::from_millis(1500)), "1.5");
    }
}
