//! Following a long-running operation (`--follow-operations`): after a `202 Accepted` with
//! `Operation-Location` or `Location`, poll that URL with the same sign-in (the token only if it
//! is on the target's origin), honouring `Retry-After`, until the operation ends: a `status` of
//! succeeded, failed, canceled or cancelled in the body (any case), or, for an answer without a
//! `status`, anything but another 202. Bounded by `--operation-timeout`.

use std::time::{Duration, Instant};

use reqwest::Url;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::context::Shared;
use exemplar_core::compare::{Observed, ObservedBody};
use exemplar_core::plan::Planned;

/// The wait between polls when the answer has no `Retry-After`.
const POLL_EVERY: Duration = Duration::from_secs(1);
/// The shortest wait between polls (`Retry-After: 0` does not mean a busy loop).
const POLL_AT_LEAST: Duration = Duration::from_millis(20);
/// The longest `Retry-After` honoured between polls.
const POLL_AT_MOST: Duration = Duration::from_secs(30);

/// How a followed operation ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OperationStatus {
    /// It succeeded.
    Succeeded,
    /// It failed.
    Failed,
    /// It was canceled.
    Canceled,
    /// It had not ended within `--operation-timeout`.
    TimedOut,
}

/// A followed operation's end, for the report: `succeeded after 3 polls in 4.1 s`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Operation {
    /// How it ended.
    pub status: OperationStatus,
    /// Polls sent.
    pub polls: u32,
    /// Seconds from the 202 to the end.
    pub seconds: f64,
    /// The operation's error, as its last answer names it.
    pub error: Option<String>,
}

impl Operation {
    /// Whether it ended well.
    pub fn succeeded(&self) -> bool {
        self.status == OperationStatus::Succeeded
    }
}

impl std::fmt::Display for Operation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let word = match self.status {
            OperationStatus::Succeeded => "succeeded",
            OperationStatus::Failed => "failed",
            OperationStatus::Canceled => "canceled",
            OperationStatus::TimedOut => "still running (--operation-timeout)",
        };
        let plural = if self.polls == 1 { "" } else { "s" };
        write!(
            f,
            "operation {word} after {} poll{plural} in {:.1} s",
            self.polls, self.seconds
        )?;
        match &self.error {
            Some(error) => write!(f, ": {error}"),
            None => Ok(()),
        }
    }
}

/// The URL a `202 Accepted` names for its operation, resolved against the request's URL.
pub(crate) fn location(sent: &Url, answer: &Observed) -> Option<Url> {
    if answer.status != 202 {
        return None;
    }
    let named =
        (answer.headers.get("operation-location")).or_else(|| answer.headers.get("location"))?;
    sent.join(named.trim()).ok()
}

/// Polls `url` until the operation ends or `timeout` passes; `first` is the 202.
pub(crate) async fn follow(
    shared: &Shared,
    url: Url,
    first: &Observed,
    timeout: Duration,
) -> Operation {
    let started = Instant::now();
    let deadline = started + timeout;
    let mut polls = 0;
    let mut wait = retry_after(first);
    let shown = url.path().to_owned();
    let poll = Planned {
        method: "GET".into(),
        url,
        shown,
        headers: Vec::new(),
        body: None,
    };
    let end = |status, polls, error| Operation {
        status,
        polls,
        seconds: started.elapsed().as_secs_f64(),
        error,
    };
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return end(OperationStatus::TimedOut, polls, None);
        }
        tokio::time::sleep(wait.min(left)).await;
        if Instant::now() >= deadline {
            return end(OperationStatus::TimedOut, polls, None);
        }
        polls += 1;
        let answer = match super::signed::send(shared, &poll).await {
            Ok(answer) => answer,
            Err(error) => return end(OperationStatus::Failed, polls, Some(error.to_string())),
        };
        if let Some((status, error)) = ended(&answer) {
            return end(status, polls, error);
        }
        wait = retry_after(&answer);
    }
}

/// The end an answer tells, with the error it names; `None` while the operation runs.
fn ended(answer: &Observed) -> Option<(OperationStatus, Option<String>)> {
    let body = match &answer.body {
        ObservedBody::Json(value) => Some(value),
        _ => None,
    };
    let status = body.and_then(|b| b.get("status")).and_then(Value::as_str);
    let failure = || {
        body.and_then(error)
            .or_else(|| Some(format!("HTTP {}", answer.status)))
    };
    match status.map(str::to_ascii_lowercase).as_deref() {
        Some("succeeded") => Some((OperationStatus::Succeeded, None)),
        Some("failed") => Some((OperationStatus::Failed, failure())),
        Some("canceled" | "cancelled") => Some((OperationStatus::Canceled, body.and_then(error))),
        Some(_) => None,
        None if answer.status == 202 => None,
        None if answer.status < 400 => Some((OperationStatus::Succeeded, None)),
        None => Some((OperationStatus::Failed, failure())),
    }
}

/// The operation's error: `error` as a string, or its `code` and `message`.
fn error(body: &Value) -> Option<String> {
    let error = body.get("error")?;
    if let Some(text) = error.as_str() {
        return Some(text.to_owned());
    }
    let field = |key: &str| error.get(key).and_then(Value::as_str);
    match (field("code"), field("message")) {
        (Some(code), Some(message)) => Some(format!("{code}: {message}")),
        (code, message) => code
            .or(message)
            .map(str::to_owned)
            .or_else(|| Some(error.to_string())),
    }
}

/// The wait an answer asks for before the next poll, within bounds.
fn retry_after(answer: &Observed) -> Duration {
    let asked = (answer.headers.get("retry-after"))
        .and_then(|v| crate::replay::retry_after_value(v, POLL_AT_MOST));
    asked.unwrap_or(POLL_EVERY).max(POLL_AT_LEAST)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: u16, body: &str) -> Observed {
        Observed {
            json_text: None,
            status,
            headers: Default::default(),
            body: ObservedBody::from_bytes(body.as_bytes().to_vec()),
        }
    }

    #[test]
    fn a_status_in_the_body_ends_the_operation_in_any_case() {
        assert_eq!(ended(&answer(200, r#"{"status":"inProgress"}"#)), None);
        assert_eq!(ended(&answer(202, "")), None);
        assert_eq!(
            ended(&answer(200, r#"{"status":"Succeeded"}"#)),
            Some((OperationStatus::Succeeded, None))
        );
        assert_eq!(
            ended(&answer(
                200,
                r#"{"status":"failed","error":{"code":"quotaLimit","message":"no room"}}"#
            )),
            Some((OperationStatus::Failed, Some("quotaLimit: no room".into())))
        );
        assert_eq!(
            ended(&answer(200, r#"{"status":"CANCELLED"}"#)).map(|e| e.0),
            Some(OperationStatus::Canceled)
        );
        assert_eq!(
            ended(&answer(303, "")),
            Some((OperationStatus::Succeeded, None))
        );
        assert_eq!(
            ended(&answer(404, "")),
            Some((OperationStatus::Failed, Some("HTTP 404".into())))
        );
    }

    #[test]
    fn the_end_reads_as_a_sentence() {
        let op = Operation {
            status: OperationStatus::Succeeded,
            polls: 3,
            seconds: 4.12,
            error: None,
        };
        assert_eq!(op.to_string(), "operation succeeded after 3 polls in 4.1 s");
    }
}
