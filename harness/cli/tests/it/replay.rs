//! `run` against wiremock: what is sent, how answers are compared, in what order, and how the
//! human report shows it. Answers that go wrong on the way are in `faults`, which shares this
//! file's fixtures.

use exemplar_core::compare::{MatchMode, Problem};
use exemplar_run::Outcome;
use exemplar_run::config::Layer;

use crate::support::Report;
use serde_json::json;
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{self, page, run_page};

/// A documented request with a placeholder, `{id}`.
pub(crate) const GET_USER: &str = "GET https://graph.microsoft.com/v1.0/users/{id}";

/// A 200 answer with the JSON `body`.
pub(crate) fn ok_json(body: serde_json::Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

/// Settings that give the placeholders in `pairs` their values.
pub(crate) fn params(pairs: &[(&str, &str)]) -> Layer {
    Layer {
        params: pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        ..Layer::default()
    }
}

/// How the first example ended, with the pointer and problem of each mismatch.
pub(crate) fn outcome(report: &Report) -> (Outcome, Vec<(String, Problem)>) {
    let example = &report.examples[0];
    (
        example.outcome,
        example
            .mismatches
            .iter()
            .map(|m| (m.pointer.clone(), m.problem))
            .collect(),
    )
}

/// Runs `doc` against a server that answers one GET with `answer`, and returns its outcome.
pub(crate) async fn check(
    doc: &str,
    answer: ResponseTemplate,
    layer: Layer,
) -> (Outcome, Vec<(String, Problem)>) {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(answer)
        .expect(1)
        .mount(&server)
        .await;
    outcome(&run_page(doc, &server.uri(), layer).await)
}

/// The status line and header of a documented JSON answer.
pub(crate) const JSON_200: &str = "HTTP/1.1 200 OK\nContent-type: application/json\n\n";

#[tokio::test]
async fn documented_answer_passes_and_the_request_is_rewritten() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1.0/users/42"))
        .respond_with(ok_json(
            json!({"displayName": "Adele", "id": "87d349ed-44d7-43e1-9a83-5f2406dee5bd"}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let doc = page(
        GET_USER,
        "",
        &format!(
            "{JSON_200}{{\"displayName\": \"Adele\", \"id\": \"11111111-2222-3333-4444-555555555555\"}}"
        ),
    );
    let report = run_page(&doc, &server.uri(), params(&[("id", "42")])).await;
    assert_eq!(outcome(&report), (Outcome::Passed, vec![]));
}

#[tokio::test]
async fn what_is_sent_is_the_documented_request_made_strict() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/base/beta/groups/g%201/members"))
        .and(query_param("$filter", "a eq 'b'"))
        .and(header("content-type", "application/json"))
        .and(header("authorization", "Bearer configured"))
        .and(body_json(
            json!({"@odata.id": "https://graph.microsoft.com/v1.0/users/u-9", "weight": 1.5}),
        ))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let request = "POST https://graph.microsoft.com/beta/groups/{group-id}/members?$filter=a eq 'b'\nContent-type: application/json\nContent-length: 9999\nAuthorization: Bearer {token}\n\n{\n  \"@odata.id\": \"https://graph.microsoft.com/v1.0/users/{user-id}\",\n  \"weight\": 1.5,\n}";
    let doc = page(request, "", "HTTP/1.1 204 No Content");
    let layer = Layer {
        headers: [("Authorization".to_owned(), "Bearer configured".to_owned())].into(),
        ..params(&[("group-id", "g 1"), ("user-id", "u-9")])
    };
    let report = run_page(&doc, &format!("{}/base", server.uri()), layer).await;
    assert_eq!(outcome(&report), (Outcome::Passed, vec![]));
    let received = server.received_requests().await.unwrap();
    let sent = &received[0];
    assert_eq!(
        sent.headers.get("content-length").unwrap(),
        &sent.body.len().to_string()
    );
    assert_eq!(
        String::from_utf8_lossy(&sent.body),
        r#"{"@odata.id":"https://graph.microsoft.com/v1.0/users/u-9","weight":1.5}"#
    );
    let shown = report.examples[0].request.as_ref().unwrap();
    assert_eq!(
        shown.target,
        "/beta/groups/g%201/members?$filter=a%20eq%20%27b%27"
    );
    assert!(
        shown
            .headers
            .contains(&("authorization".into(), "[redacted]".into()))
    );
}

#[tokio::test]
async fn status_is_compared() {
    let doc = page(GET_USER, "", "HTTP/1.1 200 OK");
    assert_eq!(
        check(&doc, ResponseTemplate::new(200), params(&[("id", "1")])).await,
        (Outcome::Passed, vec![])
    );
    let failed = check(&doc, ResponseTemplate::new(404), params(&[("id", "1")])).await;
    assert_eq!(
        failed,
        (Outcome::Failed, vec![("/status".into(), Problem::Differs)])
    );
}

#[tokio::test]
async fn documented_headers_must_be_present_and_content_type_match_by_media_type() {
    let doc = page(
        GET_USER,
        "",
        "HTTP/1.1 200 OK\nContent-Type: application/json\nLocation: /x\nrequest-id: 1\n\n{}",
    );
    let good = ResponseTemplate::new(200)
        .insert_header("location", "/elsewhere")
        .set_body_raw(
            "{}",
            "application/json; charset=utf-8; odata.metadata=minimal",
        );
    assert_eq!(
        check(&doc, good, params(&[("id", "1")])).await,
        (Outcome::Passed, vec![])
    );
    let bad = ResponseTemplate::new(200).set_body_raw("{}", "text/plain");
    let failed = check(&doc, bad, params(&[("id", "1")])).await;
    assert_eq!(
        failed,
        (
            Outcome::Failed,
            vec![
                ("/headers/content-type".into(), Problem::Differs),
                ("/headers/location".into(), Problem::Missing)
            ]
        )
    );
}

#[tokio::test]
async fn json_values_compare_key_by_key_and_numbers_numerically() {
    let doc = page(
        GET_USER,
        "",
        &format!("{JSON_200}{{\"n\": 1.0, \"nested\": {{\"s\": \"x\", \"list\": [1, 2]}}}}"),
    );
    let same = ok_json(json!({"nested": {"list": [1, 2], "s": "x"}, "n": 1}));
    assert_eq!(
        check(&doc, same, params(&[("id", "1")])).await,
        (Outcome::Passed, vec![])
    );
    let differs = ok_json(json!({"n": 2, "nested": {"s": 5, "list": [1]}}));
    let failed = check(&doc, differs, params(&[("id", "1")])).await;
    assert_eq!(
        failed,
        (
            Outcome::Failed,
            vec![
                ("/body/n".into(), Problem::Differs),
                ("/body/nested/list/1".into(), Problem::Missing),
                ("/body/nested/s".into(), Problem::WrongType),
            ]
        )
    );
}

#[tokio::test]
async fn extra_keys_fail_unless_truncated() {
    let body = format!("{JSON_200}{{\"a\": 1}}");
    let answer = || ok_json(json!({"a": 1, "b": 2}));
    let strict = check(&page(GET_USER, "", &body), answer(), params(&[("id", "1")])).await;
    assert_eq!(
        strict,
        (
            Outcome::Failed,
            vec![("/body/b".into(), Problem::Unexpected)]
        )
    );
    let truncated = check(
        &page(GET_USER, ", \"truncated\": true", &body),
        answer(),
        params(&[("id", "1")]),
    )
    .await;
    assert_eq!(truncated, (Outcome::Passed, vec![]));
}

#[tokio::test]
async fn collections_match_their_items_in_any_order() {
    let doc = page(
        GET_USER,
        ", \"isCollection\": true",
        &format!("{JSON_200}{{\"value\": [{{\"n\": \"a\"}}, {{\"n\": \"b\"}}]}}"),
    );
    let reordered = ok_json(json!({"value": [{"n": "b"}, {"n": "a"}]}));
    assert_eq!(
        check(&doc, reordered, params(&[("id", "1")])).await,
        (Outcome::Passed, vec![])
    );
    let wrong = ok_json(json!({"value": [{"n": "b"}, {"n": "c"}]}));
    assert_eq!(
        check(&doc, wrong, params(&[("id", "1")])).await,
        (
            Outcome::Failed,
            vec![("/body/value/1/n".into(), Problem::Differs)]
        )
    );
}

#[tokio::test]
async fn empty_bodies_expect_empty_answers() {
    let doc = page(GET_USER, ", \"isEmpty\": true", "HTTP/1.1 200 OK");
    assert_eq!(
        check(&doc, ResponseTemplate::new(200), params(&[("id", "1")])).await,
        (Outcome::Passed, vec![])
    );
    let failed = check(&doc, ok_json(json!({"a": 1})), params(&[("id", "1")])).await;
    assert_eq!(
        failed,
        (Outcome::Failed, vec![("/body".into(), Problem::Unexpected)])
    );
}

#[tokio::test]
async fn expected_errors_compare_by_shape() {
    let doc = page(
        GET_USER,
        ", \"expectError\": true",
        "HTTP/1.1 404 Not Found\nContent-type: application/json\n\n{\"error\": {\"code\": \"NotFound\", \"message\": \"m\"}}",
    );
    let real = ResponseTemplate::new(404)
        .set_body_json(json!({"error": {"code": "Request_ResourceNotFound", "message": "other"}}));
    assert_eq!(
        check(&doc, real, params(&[("id", "1")])).await,
        (Outcome::Passed, vec![])
    );
    let flat = ResponseTemplate::new(404).set_body_json(json!({"error": "gone"}));
    assert_eq!(
        check(&doc, flat, params(&[("id", "1")])).await,
        (
            Outcome::Failed,
            vec![("/body/error".into(), Problem::WrongType)]
        )
    );
}

#[tokio::test]
async fn generated_values_are_ignored_but_must_keep_their_shape() {
    let doc = page(
        GET_USER,
        "",
        &format!(
            "{JSON_200}{{\"id\": \"11111111-2222-3333-4444-555555555555\", \"createdDateTime\": \"2019-01-01T00:00:00Z\", \"@odata.etag\": \"W/1\"}}"
        ),
    );
    let fresh = ok_json(
        json!({"id": "87d349ed-44d7-43e1-9a83-5f2406dee5bd", "createdDateTime": "2026-11-29T02:41:03.123Z", "@odata.etag": "W/77"}),
    );
    assert_eq!(
        check(&doc, fresh, params(&[("id", "1")])).await,
        (Outcome::Passed, vec![])
    );
    let not_a_guid =
        ok_json(json!({"id": "42", "createdDateTime": "yesterday", "@odata.etag": "W/77"}));
    let failed = check(&doc, not_a_guid, params(&[("id", "1")])).await;
    assert_eq!(
        failed,
        (
            Outcome::Failed,
            vec![
                ("/body/createdDateTime".into(), Problem::Differs),
                ("/body/id".into(), Problem::Differs)
            ]
        )
    );
}

#[tokio::test]
async fn ignore_selectors_hide_values_but_not_keys() {
    let doc = page(
        GET_USER,
        "",
        &format!("{JSON_200}{{\"value\": [{{\"code\": \"A1\", \"name\": \"x\"}}]}}"),
    );
    let layer = Layer {
        ignore: vec![".value[].code".into()],
        ..params(&[("id", "1")])
    };
    let other_code = ok_json(json!({"value": [{"code": "Z9", "name": "x"}]}));
    assert_eq!(
        check(&doc, other_code, layer.clone()).await,
        (Outcome::Passed, vec![])
    );
    let no_code = ok_json(json!({"value": [{"name": "x"}]}));
    assert_eq!(
        check(&doc, no_code, layer).await,
        (
            Outcome::Failed,
            vec![("/body/value/0/code".into(), Problem::Missing)]
        )
    );
}

#[tokio::test]
async fn shape_mode_checks_keys_and_types_only() {
    let doc = page(
        GET_USER,
        "",
        &format!("{JSON_200}{{\"displayName\": \"Sample\", \"age\": 1}}"),
    );
    let layer = Layer {
        match_mode: Some(MatchMode::Shape),
        ..params(&[("id", "1")])
    };
    assert_eq!(
        check(
            &doc,
            ok_json(json!({"displayName": "Real", "age": 40})),
            layer.clone()
        )
        .await,
        (Outcome::Passed, vec![])
    );
    let failed = check(
        &doc,
        ok_json(json!({"displayName": "Real", "age": "40"})),
        layer,
    )
    .await;
    assert_eq!(
        failed,
        (
            Outcome::Failed,
            vec![("/body/age".into(), Problem::WrongType)]
        )
    );
}

#[tokio::test]
async fn unfilled_placeholders_and_unanswered_requests_are_skipped_not_sent() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;
    let doc = page(GET_USER, "", "HTTP/1.1 200 OK");
    let report = run_page(&doc, &server.uri(), Layer::default()).await;
    assert_eq!(report.examples[0].outcome, Outcome::Skipped);
    assert_eq!(
        report.reason(0).as_deref(),
        Some("placeholder {id} has no value: give one with --param id=VALUE")
    );
}

#[tokio::test]
async fn files_run_concurrently_but_each_file_in_document_order() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let steps = |prefix: &str| {
        (1..=5)
            .map(|i| format!("<!-- {{\"blockType\": \"request\", \"name\": \"{prefix}{i}\"}} -->\n```http\nGET /{prefix}/{i}\n```\n<!-- {{\"blockType\": \"response\"}} -->\n```http\nHTTP/1.1 200 OK\n```\n"))
            .collect::<String>()
    };
    let (a, b) = (steps("a"), steps("b"));
    let report = support::run_pages(
        &[("a.md", &a), ("b.md", &b)],
        &server.uri(),
        Layer {
            jobs: Some(2),
            ..Layer::default()
        },
    )
    .await;
    let names: Vec<_> = report
        .examples
        .iter()
        .map(|e| e.name.clone().unwrap())
        .collect();
    assert_eq!(
        names,
        ["a1", "a2", "a3", "a4", "a5", "b1", "b2", "b3", "b4", "b5"]
    );
    let received = server.received_requests().await.unwrap();
    let order_of = |prefix: &str| {
        received
            .iter()
            .map(|r| r.url.path().to_owned())
            .filter(|p| p.starts_with(prefix))
            .collect::<Vec<_>>()
    };
    assert_eq!(order_of("/a/"), ["/a/1", "/a/2", "/a/3", "/a/4", "/a/5"]);
    assert_eq!(order_of("/b/"), ["/b/1", "/b/2", "/b/3", "/b/4", "/b/5"]);
}

#[tokio::test]
async fn the_human_report_shows_failures_with_pointers_and_a_diff() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1.0/users/42"))
        .respond_with(ok_json(
            json!({"displayName": "Bob", "mail": "bob@contoso.com", "extra": true}),
        ))
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let failing = page(
        GET_USER,
        "",
        &format!(
            "{JSON_200}{{\"displayName\": \"Adele\", \"mail\": \"bob@contoso.com\", \"jobTitle\": \"CEO\"}}"
        ),
    );
    let passing = page("DELETE /users/{id}", "", "HTTP/1.1 204 No Content");
    let skipped = page("GET /groups/{group-id}", "", "HTTP/1.1 200 OK");
    let pages = [
        ("users/get.md", failing.as_str()),
        ("users/delete.md", passing.as_str()),
        ("groups/get.md", skipped.as_str()),
    ];
    let report = support::run_pages(&pages, &server.uri(), params(&[("id", "42")])).await;
    support::settings().bind(|| insta::assert_snapshot!(support::render(&report)));
}
