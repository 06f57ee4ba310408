//! `--follow-operations`: a documented `202 Accepted` is compared as documented, then the
//! operation it names is polled (honouring `Retry-After`) until it succeeds, fails or times out.

use exemplar_run::config::Layer;
use exemplar_run::{OperationStatus, Outcome};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{page, run_page};

fn doc() -> String {
    page(
        "POST https://graph.microsoft.com/v1.0/me/drive/items/1/copy\nContent-Type: application/json\n\n{ \"name\": \"copy.txt\" }",
        "",
        "HTTP/1.1 202 Accepted\nLocation: https://graph.microsoft.com/monitor/1",
    )
}

/// An API whose POST starts an operation at `/monitor/1`, which answers `states` in turn
/// (each once, the last one from then on), always with `Retry-After: 0`.
async fn api(states: &[serde_json::Value]) -> MockServer {
    let server = MockServer::start().await;
    let location = format!("{}/monitor/1", server.uri());
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(202).insert_header("location", location.as_str()))
        .expect(1)
        .mount(&server)
        .await;
    let (last, first) = states.split_last().unwrap();
    for (i, state) in first.iter().enumerate() {
        Mock::given(method("GET"))
            .and(path("/monitor/1"))
            .respond_with(
                ResponseTemplate::new(200)
                    .insert_header("retry-after", "0")
                    .set_body_json(state),
            )
            .up_to_n_times(1)
            .with_priority(1 + i as u8)
            .mount(&server)
            .await;
    }
    Mock::given(method("GET"))
        .and(path("/monitor/1"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("retry-after", "0")
                .set_body_json(last),
        )
        .with_priority(100)
        .mount(&server)
        .await;
    server
}

fn following(timeout: Option<f64>) -> Layer {
    Layer {
        follow_operations: Some(true),
        operation_timeout: timeout,
        ..Layer::default()
    }
}

#[tokio::test]
async fn an_operation_that_succeeds_is_polled_to_its_end_and_reported() {
    let running = json!({ "status": "inProgress", "percentageComplete": 40 });
    let server = api(&[running.clone(), running, json!({ "status": "Succeeded" })]).await;
    let report = run_page(&doc(), &server.uri(), following(None)).await;
    let example = &report.examples[0];
    assert_eq!(example.outcome, Outcome::Passed, "{:?}", example.reason);
    let operation = example.operation.as_ref().unwrap();
    assert_eq!(
        (operation.status, operation.polls, &operation.error),
        (OperationStatus::Succeeded, 3, &None)
    );
    let line = crate::support::render(&report);
    assert!(
        line.starts_with("PASS  page.md:4 example: operation succeeded after 3 polls in "),
        "{line}"
    );
    let json = serde_json::to_value(example).unwrap();
    assert_eq!(json["operation"]["status"], "succeeded");
    assert_eq!(json["operation"]["polls"], 3);
}

#[tokio::test]
async fn an_operation_that_fails_fails_the_example_naming_its_error() {
    let failed = json!({ "status": "failed", "error": { "code": "nameAlreadyExists", "message": "copy.txt exists" } });
    let server = api(&[json!({ "status": "running" }), failed]).await;
    let report = run_page(&doc(), &server.uri(), following(None)).await;
    let example = &report.examples[0];
    assert_eq!(example.outcome, Outcome::Failed);
    let reason = report.reason(0).unwrap();
    assert!(
        reason.starts_with("operation failed after 2 polls in "),
        "{reason}"
    );
    assert!(
        reason.ends_with(": nameAlreadyExists: copy.txt exists"),
        "{reason}"
    );
}

#[tokio::test]
async fn an_operation_that_never_ends_times_out_as_a_failure() {
    let server = api(&[json!({ "status": "running" })]).await;
    let report = run_page(&doc(), &server.uri(), following(Some(0.3))).await;
    let example = &report.examples[0];
    assert_eq!(example.outcome, Outcome::Failed);
    assert_eq!(
        example.operation.as_ref().unwrap().status,
        OperationStatus::TimedOut
    );
    assert!(
        report
            .reason(0)
            .unwrap()
            .starts_with("operation still running (--operation-timeout) after ")
    );
}

#[tokio::test]
async fn without_the_flag_the_202_is_only_compared() {
    let server = api(&[json!({ "status": "running" })]).await;
    let report = run_page(&doc(), &server.uri(), Layer::default()).await;
    assert_eq!(
        (report.examples[0].outcome, &report.examples[0].operation),
        (Outcome::Passed, &None)
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}
