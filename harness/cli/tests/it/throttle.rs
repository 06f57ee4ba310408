//! Throttling: `--rate` caps requests per second across every job, and a target that answers
//! 429 slows the whole run down; a `Retry-After` past `--max-retry-after` fails the example.
//! The target is a local server that counts requests per one-second window and answers 429
//! past a limit, as Graph does per app and tenant.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use exemplar_run::Outcome;
use exemplar_run::config::Layer;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use crate::support::{self, Report};

/// Answers 200 to `limit` requests per one-second window (counted from the first request),
/// 429 with `Retry-After` past it; remembers when each request came and how each was answered.
struct Limited {
    limit: usize,
    retry_after: &'static str,
    seen: Mutex<Vec<(Instant, u16)>>,
}

impl Respond for Limited {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let mut seen = self.seen.lock().unwrap();
        let now = Instant::now();
        let start = seen.first().map_or(now, |(t, _)| *t);
        let window = |t: Instant| (t - start).as_secs();
        let in_window = (seen.iter())
            .filter(|(t, status)| *status == 200 && window(*t) == window(now))
            .count();
        let status = if in_window < self.limit { 200 } else { 429 };
        seen.push((now, status));
        match status {
            200 => ResponseTemplate::new(200).set_body_json(serde_json::json!({"id": "1"})),
            _ => ResponseTemplate::new(429).insert_header("retry-after", self.retry_after),
        }
    }
}

/// `pages` pages of `each` examples each, all answered `{"id": "1"}`.
fn pages(pages: usize, each: usize) -> Vec<(String, String)> {
    let example = |p: usize, i: usize| {
        format!(
            "<!-- {{ \"blockType\": \"request\", \"name\": \"get_{p}_{i}\" }} -->\n```http\nGET /v1.0/items/{i}\n```\n\n<!-- {{ \"blockType\": \"response\" }} -->\n```http\nHTTP/1.1 200 OK\nContent-Type: application/json\n\n{{ \"id\": \"1\" }}\n```\n\n"
        )
    };
    (0..pages)
        .map(|p| {
            let text: String = (0..each).map(|i| example(p, i)).collect();
            (format!("page-{p}.md"), format!("# Page {p}\n\n{text}"))
        })
        .collect()
}

/// Runs `pages` against a [`Limited`] server with `layer`; the report, the server's log.
async fn run(limited: Limited, pages: &[(String, String)], layer: Layer) -> (Report, Vec<u16>) {
    let server = MockServer::start().await;
    let limited = std::sync::Arc::new(limited);
    Mock::given(wiremock::matchers::any())
        .respond_with(Shared(std::sync::Arc::clone(&limited)))
        .mount(&server)
        .await;
    let pages: Vec<(&str, &str)> = pages.iter().map(|(f, t)| (&f[..], &t[..])).collect();
    let report = support::run_pages(&pages, &server.uri(), layer).await;
    let statuses = limited
        .seen
        .lock()
        .unwrap()
        .iter()
        .map(|(_, s)| *s)
        .collect();
    (report, statuses)
}

struct Shared(std::sync::Arc<Limited>);

impl Respond for Shared {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        self.0.respond(request)
    }
}

#[tokio::test]
async fn a_rate_keeps_the_run_under_the_targets_limit() {
    let limited = Limited {
        limit: 10,
        retry_after: "1",
        seen: Mutex::default(),
    };
    let layer = Layer {
        rate: Some("8/s".into()),
        jobs: Some(4),
        ..Layer::default()
    };
    let started = Instant::now();
    let (report, statuses) = run(limited, &pages(4, 4), layer).await;
    let elapsed = started.elapsed();
    assert_eq!(report.count(Outcome::Passed), 16, "{:?}", report.examples);
    assert!(statuses.iter().all(|s| *s == 200), "{statuses:?}");
    assert_eq!(statuses.len(), 16);
    // 16 requests at 8 a second: the last leaves 15/8 s after the first.
    assert!(elapsed >= Duration::from_millis(1875), "{elapsed:?}");
    assert_eq!(report.summary.throttled.count, 0);
}

#[tokio::test]
async fn a_throttled_run_slows_down_as_a_whole_and_completes() {
    let limited = Limited {
        limit: 5,
        retry_after: "1",
        seen: Mutex::default(),
    };
    let layer = Layer {
        jobs: Some(4),
        retries: Some(3),
        ..Layer::default()
    };
    let (report, statuses) = run(limited, &pages(4, 4), layer).await;
    assert_eq!(report.count(Outcome::Passed), 16, "{:?}", report.examples);
    let throttled = statuses.iter().filter(|s| **s == 429).count() as u64;
    assert!(throttled > 0, "{statuses:?}");
    assert_eq!(report.summary.throttled.count, throttled);
    assert!(report.summary.throttled.waited >= Duration::from_secs(1));
    // Halved and held back: far fewer 429s than requests past the limit without it.
    assert!(throttled <= 8, "{statuses:?}");
}

#[tokio::test]
async fn a_retry_after_past_the_bound_fails_the_example_with_the_reason() {
    let limited = Limited {
        limit: 0,
        retry_after: "120",
        seen: Mutex::default(),
    };
    let layer = Layer {
        max_retry_after: Some(5.0),
        retries: Some(3),
        ..Layer::default()
    };
    let (report, statuses) = run(limited, &pages(1, 1), layer).await;
    assert_eq!(statuses, [429], "sent once, not retried");
    assert_eq!(report.count(Outcome::Error), 1);
    let reason = report.reason(0).unwrap_or_default();
    assert!(
        reason.contains("retry after 120s, over --max-retry-after 5s"),
        "{reason}"
    );
}

#[test]
fn the_summary_says_how_often_the_run_was_throttled() {
    let dir = tempfile::tempdir().unwrap();
    let page = support::page("GET /v1.0/me", "", "HTTP/1.1 200 OK");
    std::fs::write(dir.path().join("me.md"), page).unwrap();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime.block_on(async {
        let server = MockServer::start().await;
        Mock::given(wiremock::matchers::any())
            .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "0"))
            .up_to_n_times(1)
            .mount(&server)
            .await;
        Mock::given(wiremock::matchers::any())
            .respond_with(ResponseTemplate::new(200))
            .mount(&server)
            .await;
        server
    });
    let target = server.uri();
    let output = support::exemplar(
        dir.path(),
        &["run", ".", "--target", &target, "--rate", "50/s"],
    );
    let text = support::stdout(&output);
    assert!(
        text.contains("note: the target throttled the run once (429/503)"),
        "{text}"
    );
    assert!(text.contains("\n1 passed, 0 failed, 0 skipped"), "{text}");
}
