//! What was said on the wire for one example, kept when a HAR report is asked for: the full
//! URL, when the request left, how long the answer took, and the answer itself.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use exemplar_core::compare::{Observed, ObservedBody};
use exemplar_core::secret::is_sensitive;

/// One request's answer with its timing; secrets in it are scrubbed by the report writing it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Exchange {
    /// The URL sent to, without user or password.
    pub url: String,
    /// When the request was sent, RFC 3339 in UTC with milliseconds.
    pub started: String,
    /// Milliseconds from sending to the whole answer read.
    pub wait_ms: f64,
    /// The answer's status code.
    pub status: u16,
    /// The answer's headers (credentials as `[redacted]`).
    pub headers: Vec<(String, String)>,
    /// The answer's body as text (bytes that are not UTF-8 are replaced).
    pub body: String,
}

impl Exchange {
    /// The exchange of an answer `observed` to `url`, sent at `sent` and read in `took`.
    pub fn new(url: &url::Url, sent: SystemTime, took: Duration, observed: &Observed) -> Self {
        let mut url = url.clone();
        let _ = url.set_username("");
        let _ = url.set_password(None);
        let headers = (observed.headers.iter())
            .map(|(name, value)| {
                let shown = if is_sensitive(name) {
                    "[redacted]"
                } else {
                    value
                };
                (name.clone(), shown.to_owned())
            })
            .collect();
        let body = match &observed.body {
            ObservedBody::Empty => String::new(),
            ObservedBody::Json(value) => value.to_string(),
            ObservedBody::Text(text) => text.clone(),
            ObservedBody::Bytes(bytes) => String::from_utf8_lossy(bytes).into_owned(),
        };
        Exchange {
            url: url.to_string(),
            started: rfc3339(sent),
            wait_ms: took.as_secs_f64() * 1000.0,
            status: observed.status,
            headers,
            body,
        }
    }
}

/// `2024-05-01T12:00:00.123Z`.
fn rfc3339(at: SystemTime) -> String {
    let since = at.duration_since(UNIX_EPOCH).unwrap_or_default();
    exemplar_core::date::rfc3339(since, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_written_as_rfc3339() {
        let at = UNIX_EPOCH + Duration::from_millis(1_709_251_199_007);
        assert_eq!(rfc3339(at), "2024-02-29T23:59:59.007Z");
        assert_eq!(rfc3339(UNIX_EPOCH), "1970-01-01T00:00:00.000Z");
    }
}
