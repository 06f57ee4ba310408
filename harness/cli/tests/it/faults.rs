//! `run` against answers that go wrong on the way: too slow, refused for now, not JSON, too
//! large, redirected elsewhere, compressed, or not UTF-8.

use std::time::Duration;

use exemplar_core::compare::Problem;
use exemplar_run::Outcome;
use exemplar_run::config::Layer;
use serde_json::json;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::replay::{GET_USER, JSON_200, check, outcome, params};
use crate::support::{Report, page, run_page};

/// Runs one GET example against `answer` and returns how it ended and why.
async fn ended(doc: &str, answer: ResponseTemplate, layer: Layer) -> (Outcome, Option<String>) {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(answer)
        .mount(&server)
        .await;
    let report = run_page(doc, &server.uri(), layer).await;
    (report.examples[0].outcome, report.reason(0))
}

#[tokio::test]
async fn a_timeout_is_an_error_with_the_flag_named() {
    let doc = page(GET_USER, "", "HTTP/1.1 200 OK");
    let slow = ResponseTemplate::new(200).set_delay(Duration::from_secs(3));
    let layer = Layer {
        timeout: Some(0.3),
        ..params(&[("id", "1")])
    };
    assert_eq!(
        ended(&doc, slow, layer).await,
        (
            Outcome::Error,
            Some("no answer within 0.3s (--timeout)".into())
        )
    );
}

#[tokio::test]
async fn too_many_requests_is_retried_after_the_server_says() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "1"))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    let doc = page(GET_USER, "", "HTTP/1.1 200 OK");
    let started = std::time::Instant::now();
    let report = run_page(
        &doc,
        &server.uri(),
        Layer {
            retries: Some(2),
            ..params(&[("id", "1")])
        },
    )
    .await;
    assert_eq!(outcome(&report), (Outcome::Passed, vec![]));
    assert!(
        started.elapsed() >= Duration::from_millis(900),
        "Retry-After was not honoured"
    );
}

#[tokio::test]
async fn unavailable_is_retried_then_given_up() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .expect(3)
        .mount(&server)
        .await;
    let doc = page(GET_USER, "", "HTTP/1.1 200 OK");
    let report = run_page(
        &doc,
        &server.uri(),
        Layer {
            retries: Some(2),
            ..params(&[("id", "1")])
        },
    )
    .await;
    assert_eq!(
        outcome(&report),
        (Outcome::Failed, vec![("/status".into(), Problem::Differs)])
    );
}

#[tokio::test]
async fn a_non_json_answer_to_a_json_doc_is_a_mismatch() {
    let doc = page(GET_USER, "", &format!("{JSON_200}{{\"a\": 1}}"));
    let html = ResponseTemplate::new(200).set_body_raw("<html>oops</html>", "application/json");
    assert_eq!(
        check(&doc, html, params(&[("id", "1")])).await,
        (Outcome::Failed, vec![("/body".into(), Problem::NotJson)])
    );
}

#[tokio::test]
async fn a_body_over_the_cap_is_an_error() {
    let doc = page(GET_USER, "", &format!("{JSON_200}{{\"a\": 1}}"));
    let big = ResponseTemplate::new(200).set_body_string("x".repeat(5000));
    let layer = Layer {
        max_body: Some(1024),
        ..params(&[("id", "1")])
    };
    let expected = (
        Outcome::Error,
        Some("response body is larger than 1024 bytes (--max-body)".into()),
    );
    assert_eq!(ended(&doc, big, layer).await, expected);
}

#[tokio::test]
async fn redirects_are_not_followed_so_no_token_leaves_for_another_origin() {
    let elsewhere = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&elsewhere)
        .await;
    let server = MockServer::start().await;
    let to = format!("{}/steal", elsewhere.uri());
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(302).insert_header("location", to.as_str()))
        .expect(1)
        .mount(&server)
        .await;
    let doc = page(
        "GET /me/drive/items/{item-id}/content",
        "",
        "HTTP/1.1 302 Found\nLocation: https://files.example.com/x",
    );
    let layer = Layer {
        headers: [("Authorization".to_owned(), "Bearer t0ken-value".to_owned())].into(),
        ..params(&[("item-id", "1")])
    };
    let report = run_page(&doc, &server.uri(), layer).await;
    assert_eq!(outcome(&report), (Outcome::Passed, vec![]));
    assert!(elsewhere.received_requests().await.unwrap().is_empty());
}

/// Compressed answers are decoded before they are compared, whatever the encoding.
#[tokio::test]
async fn a_gzip_encoded_answer_is_decoded_before_it_is_compared() {
    let body = serde_json::to_vec(&json!({"displayName": "Adele"})).unwrap();
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    std::io::Write::write_all(&mut encoder, &body).unwrap();
    let gzipped = encoder.finish().unwrap();
    let answer = ResponseTemplate::new(200)
        .insert_header("content-encoding", "gzip")
        .insert_header("content-type", "application/json")
        .set_body_bytes(gzipped);
    let doc = page(
        "GET /me",
        "",
        &format!("{JSON_200}{{\"displayName\": \"Adele\"}}"),
    );
    assert_eq!(
        check(&doc, answer, Layer::default()).await,
        (Outcome::Passed, vec![])
    );
}

/// An encoded answer that is not JSON where JSON was documented names its encoding.
#[tokio::test]
async fn a_compressed_answer_that_is_not_json_names_its_encoding() {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    std::io::Write::write_all(&mut encoder, b"<html>oops</html>").unwrap();
    let answer = ResponseTemplate::new(200)
        .insert_header("content-encoding", "gzip")
        .insert_header("content-type", "text/html")
        .set_body_bytes(encoder.finish().unwrap());
    let report = answered_me(answer, "{\"displayName\": \"Adele\"}").await;
    let mismatch = &report.examples[0].mismatches[1];
    assert_eq!(mismatch.problem, Problem::NotJson);
    assert_eq!(
        mismatch.actual,
        "text/html, gzip-encoded: <html>oops</html>"
    );
}

/// Bytes that are not UTF-8 where JSON was promised are a mismatch at their offset, never read
/// lossily into a passing answer.
#[tokio::test]
async fn an_answer_that_is_not_utf8_is_a_mismatch_at_its_byte_offset() {
    let answer = ResponseTemplate::new(200)
        .insert_header("content-type", "application/json")
        .set_body_bytes(b"{\"displayName\": \"Ad\xe9le\"}".to_vec());
    let report = answered_me(answer, "{\"displayName\": \"Adéle\"}").await;
    let example = &report.examples[0];
    assert_eq!(example.outcome, Outcome::Failed);
    assert_eq!(example.mismatches[0].problem, Problem::NotJson);
    assert_eq!(
        example.mismatches[0].actual,
        "application/json: 24 bytes, not UTF-8 at byte 19"
    );
}

/// The report of `GET /me`, documented as a 200 with the JSON `documented`, when the server
/// gives `answer`.
async fn answered_me(answer: ResponseTemplate, documented: &str) -> Report {
    let doc = page("GET /me", "", &format!("{JSON_200}{documented}"));
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(answer)
        .mount(&server)
        .await;
    run_page(&doc, &server.uri(), Layer::default()).await
}
