//! Sending planned requests: the only module that touches the network.
//!
//! Redirects are never followed; connection errors, 429 and 503 are retried with exponential
//! backoff and jitter (honouring `Retry-After` up to `--max-retry-after`); requests are paced
//! per origin by the [`Throttle`], which a 429 or 503 slows for the whole run; bodies are read
//! up to a limit.

use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, RETRY_AFTER};

use exemplar_core::compare::{Observed, ObservedBody};
use exemplar_core::model::Headers;
use exemplar_core::plan::Planned;

use crate::error::root_cause;
use crate::throttle::{Throttle, Throttled};

/// The longest a `Retry-After` is waited for by default (`--max-retry-after`).
pub(crate) const DEFAULT_MAX_RETRY_AFTER: Duration = Duration::from_secs(60);

/// Longer `Retry-After` values are read as this (a day): the bound fails them anyway.
const RETRY_AFTER_READ_CAP: Duration = Duration::from_secs(86_400);

/// Why a request got no answer that can be compared.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ReplayError {
    /// The server could not be reached (refused, reset, DNS).
    #[error("cannot connect to {url}: {message}")]
    Connect {
        /// The URL tried.
        url: String,
        /// What the client said.
        message: String,
    },
    /// No answer in time.
    #[error("no answer within {seconds}s (--timeout)")]
    Timeout {
        /// The timeout, in seconds.
        seconds: f64,
    },
    /// The answer's body is over the limit.
    #[error("response body is larger than {limit} bytes (--max-body)")]
    BodyTooLarge {
        /// The limit in bytes.
        limit: usize,
    },
    /// The answer's `Content-Encoding` could not be undone.
    #[error(transparent)]
    Decode(#[from] crate::decode::DecodeError),
    /// Signing the request in failed, or the target refused a renewed token too, as the
    /// sign-in tells it (replay sends what it is given and knows nothing of tokens).
    #[error("sign-in: {0}")]
    SignIn(String),
    /// The CA certificates given to trust cannot be used.
    #[error("request failed: CA certificates: {0}")]
    CaCerts(String),
    /// The target asked to wait longer than `--max-retry-after` before trying again.
    #[error("throttled: the target asked to retry after {seconds}s, over --max-retry-after {max}s")]
    RetryAfterTooLong {
        /// What `Retry-After` asked, in seconds.
        seconds: f64,
        /// The bound, in seconds.
        max: f64,
    },
    /// Anything else the client reported.
    #[error("request failed: {0}")]
    Other(String),
}

impl ReplayError {
    /// Whether the target was never reached: refused, DNS, TLS before any answer.
    pub fn is_connect(&self) -> bool {
        matches!(self, ReplayError::Connect { .. })
    }
}

/// Sends requests with one shared client.
#[derive(Debug, Clone)]
pub struct Replayer {
    client: reqwest::Client,
    retries: u32,
    timeout: Duration,
    max_body: usize,
    /// First backoff step; doubled on each retry.
    backoff: Duration,
    /// The pace of each origin, shared by every clone.
    throttle: Arc<Throttle>,
    /// The longest `Retry-After` waited for.
    max_retry_after: Duration,
}

impl Replayer {
    /// A replayer with a per-request `timeout`, `retries` retries and a `max_body` limit,
    /// through `proxy` when one is given and through none otherwise (the environment's proxy
    /// variables are read once, by [`crate::proxy_for`], not by the client behind its back).
    pub fn new(
        timeout: Duration,
        retries: u32,
        max_body: usize,
        proxy: Option<&reqwest::Url>,
    ) -> Result<Replayer, ReplayError> {
        Replayer::trusting(timeout, retries, max_body, proxy, &[])
    }

    /// Like [`Replayer::new`], also trusting the CA certificates of `pem` (PEM, any number)
    /// besides the built-in roots.
    pub fn trusting(
        timeout: Duration,
        retries: u32,
        max_body: usize,
        proxy: Option<&reqwest::Url>,
        pem: &[u8],
    ) -> Result<Replayer, ReplayError> {
        let mut builder = client_builder().no_proxy();
        if !pem.is_empty() {
            let certs = reqwest::Certificate::from_pem_bundle(pem)
                .map_err(|e| ReplayError::CaCerts(root_cause(&e)))?;
            if certs.is_empty() {
                return Err(ReplayError::CaCerts("no PEM certificate found".into()));
            }
            builder = builder.tls_certs_merge(certs);
        }
        if let Some(proxy) = proxy {
            let proxy = reqwest::Proxy::all(proxy.as_str())
                .map_err(|e| ReplayError::Other(format!("proxy {proxy}: {e}")))?;
            builder = builder.proxy(proxy);
        }
        let client = builder
            .redirect(reqwest::redirect::Policy::none())
            .timeout(timeout)
            .user_agent(concat!("exemplar/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| ReplayError::Other(e.to_string()))?;
        Ok(Replayer {
            client,
            retries,
            timeout,
            max_body,
            backoff: Duration::from_millis(100),
            throttle: Arc::new(Throttle::new(None)),
            max_retry_after: DEFAULT_MAX_RETRY_AFTER,
        })
    }

    /// This replayer, capping each origin at `rate` requests per second (when given) and
    /// waiting at most `max_retry_after` for a `Retry-After`.
    pub fn paced(mut self, rate: Option<f64>, max_retry_after: Duration) -> Replayer {
        self.throttle = Arc::new(Throttle::new(rate));
        self.max_retry_after = max_retry_after;
        self
    }

    /// How often the target throttled the run so far, and how long it was held back.
    pub fn throttled(&self) -> Throttled {
        self.throttle.tally()
    }

    /// The HTTP client, for the sign-in's token requests (same proxy, roots and timeout).
    pub fn client(&self) -> &reqwest::Client {
        &self.client
    }

    /// Sends `request`, retrying as configured, and reads the answer.
    pub async fn send(&self, request: &Planned) -> Result<Observed, ReplayError> {
        let origin = request.url[..url::Position::BeforePath].to_owned();
        let mut attempt = 0;
        loop {
            let last = attempt >= self.retries;
            self.throttle.wait(&origin).await;
            match self.attempt(request).await {
                Ok((observed, retry_after)) if matches!(observed.status, 429 | 503) => {
                    if let Some(wait) = retry_after.filter(|d| *d > self.max_retry_after) {
                        return Err(ReplayError::RetryAfterTooLong {
                            seconds: wait.as_secs_f64(),
                            max: self.max_retry_after.as_secs_f64(),
                        });
                    }
                    // The whole run waits, not only this request: the throttle holds it back.
                    let hold = retry_after.unwrap_or_else(|| self.backoff(attempt));
                    self.throttle.throttled(&origin, hold);
                    if last {
                        return Ok(observed);
                    }
                }
                Err(ReplayError::Connect { .. }) if !last => {
                    tokio::time::sleep(self.backoff(attempt)).await
                }
                result => {
                    if result.is_ok() {
                        self.throttle.eased(&origin);
                    }
                    return result.map(|(observed, _)| observed);
                }
            }
            attempt += 1;
        }
    }

    fn backoff(&self, attempt: u32) -> Duration {
        let step = self.backoff * 2u32.saturating_pow(attempt.min(10));
        step + Duration::from_millis(fastrand::u64(0..=step.as_millis() as u64 / 2))
    }

    async fn attempt(
        &self,
        request: &Planned,
    ) -> Result<(Observed, Option<Duration>), ReplayError> {
        let method = reqwest::Method::from_bytes(request.method.as_bytes())
            .map_err(|e| ReplayError::Other(e.to_string()))?;
        let mut builder = self.client.request(method, request.url.clone());
        for (name, value) in &request.headers {
            builder = builder.header(name.as_str(), value.value.as_str());
        }
        // Answers are decoded here, so their encoding stays known (and is named in reports).
        if !(request.headers.iter()).any(|(n, _)| n.eq_ignore_ascii_case("accept-encoding")) {
            builder = builder.header("accept-encoding", crate::decode::ACCEPTED);
        }
        if let Some(body) = &request.body {
            builder = builder.body(body.clone());
        }
        let mut response = builder.send().await.map_err(|e| self.classify(e))?;
        let status = response.status().as_u16();
        let headers = headers(response.headers());
        let retry_after = retry_after(response.headers());
        let mut body = Vec::new();
        while let Some(chunk) = (response.chunk().await).map_err(|e| self.cut(e, body.len()))? {
            if body.len() + chunk.len() > self.max_body {
                return Err(ReplayError::BodyTooLarge {
                    limit: self.max_body,
                });
            }
            body.extend_from_slice(&chunk);
        }
        if let Some(encoding) = headers.get("content-encoding") {
            body = crate::decode::decode(encoding, body, self.max_body)?;
        }
        // An object's text is kept for the order of its members (`--fix`).
        let json_text = (body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{'))
            .then(|| std::str::from_utf8(&body).ok().map(std::sync::Arc::from))
            .flatten();
        Ok((
            Observed {
                status,
                headers,
                body: ObservedBody::from_bytes(body),
                json_text,
            },
            retry_after,
        ))
    }

    /// An error while the body streams: the answer was cut short, said so with how much came.
    fn cut(&self, error: reqwest::Error, received: usize) -> ReplayError {
        match self.classify(error) {
            ReplayError::Other(cause) => ReplayError::Other(format!(
                "the answer's body was cut short after {received} bytes: {cause}"
            )),
            other => other,
        }
    }

    fn classify(&self, error: reqwest::Error) -> ReplayError {
        if error.is_timeout() {
            ReplayError::Timeout {
                seconds: self.timeout.as_secs_f64(),
            }
        } else if error.is_connect() {
            let url = error
                .url()
                .map_or_else(String::new, |u| u[..url::Position::BeforePath].to_owned());
            let mut message = root_cause(&error);
            if message.contains("certificate") {
                message.push_str(" (a private CA? trust it with --ca-cert FILE)");
            }
            ReplayError::Connect { url, message }
        } else {
            ReplayError::Other(root_cause(&error))
        }
    }
}

fn headers(map: &HeaderMap) -> Headers {
    let mut headers = Headers::new();
    for (name, value) in map {
        let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
        headers
            .entry(HeaderName::as_str(name).to_owned())
            .and_modify(|v: &mut String| {
                v.push_str(", ");
                v.push_str(&value);
            })
            .or_insert(value);
    }
    headers
}

/// `Retry-After` in seconds (HTTP dates are treated as "soon": the backoff applies).
fn retry_after(map: &HeaderMap) -> Option<Duration> {
    retry_after_value(map.get(RETRY_AFTER)?.to_str().ok()?, RETRY_AFTER_READ_CAP)
}

/// A `Retry-After` value in seconds, at most `cap`; none for an HTTP date or anything else.
pub(crate) fn retry_after_value(value: &str, cap: Duration) -> Option<Duration> {
    let seconds = value.trim().parse::<f64>().ok()?;
    // Clamp before converting: a huge value must not panic, and the cap applies anyway.
    Duration::try_from_secs_f64(seconds.clamp(0.0, cap.as_secs_f64())).ok()
}

/// A client builder with exemplar's TLS in place: rustls on ring, installed as the process's
/// provider (reqwest is built without aws-lc-rs, whose C build cost minutes of every cold build).
/// Every client of the run is built from it, and so can a test's.
pub fn client_builder() -> reqwest::ClientBuilder {
    // Installing it again, or after another provider, changes nothing.
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
}
