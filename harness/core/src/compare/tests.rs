//! Unit tests of the module beside this file.

use super::*;
use crate::model::{Annotation, BlockType};
use serde_json::json;

fn response(status: u16, body: Body, annotate: impl FnOnce(&mut Annotation)) -> Response {
    let mut annotation = Annotation::new(1, BlockType::Response);
    annotate(&mut annotation);
    let headers = [("content-type".to_owned(), "application/json".to_owned())].into();
    Response {
        line: 2,
        status,
        reason: None,
        headers,
        body,
        annotation,
    }
}

fn json_body(value: Value) -> Body {
    Body::Json {
        text: value.to_string(),
        value,
    }
}

fn observed(status: u16, body: &str) -> Observed {
    let headers = [(
        "content-type".to_owned(),
        "application/json; charset=utf-8".to_owned(),
    )]
    .into();
    Observed {
        json_text: None,
        status,
        headers,
        body: ObservedBody::from_bytes(body.as_bytes().to_vec()),
    }
}

fn pointers(found: &[Mismatch]) -> Vec<&str> {
    found.iter().map(|m| m.pointer.as_str()).collect()
}

#[test]
fn equal_answers_have_no_mismatch_and_charset_is_ignored() {
    let doc = response(200, json_body(json!({"a": 1.0, "b": [true]})), |_| {});
    assert!(
        compare(
            &doc,
            &observed(200, r#"{"b": [true], "a": 1}"#),
            &Rules::default(),
            MatchMode::Exact
        )
        .is_empty()
    );
}

#[test]
fn status_headers_and_values_are_reported_at_pointers() {
    let mut doc = response(201, json_body(json!({"name": "x", "n": 1})), |_| {});
    doc.headers.insert("location".into(), "/x".into());
    doc.headers.insert("content-length".into(), "999".into());
    let mut seen = observed(200, r#"{"name": "y", "n": 1}"#);
    seen.headers
        .insert("content-type".into(), "text/plain".into());
    let found = compare(&doc, &seen, &Rules::default(), MatchMode::Exact);
    assert_eq!(
        pointers(&found),
        [
            "/status",
            "/headers/content-type",
            "/headers/location",
            "/body/name"
        ]
    );
}

#[test]
fn extra_keys_pass_only_when_truncated() {
    let strict = response(200, json_body(json!({"a": 1})), |_| {});
    let truncated = response(200, json_body(json!({"a": 1})), |a| a.truncated = true);
    let seen = observed(200, r#"{"a": 1, "extra": 2}"#);
    assert_eq!(
        pointers(&compare(
            &strict,
            &seen,
            &Rules::default(),
            MatchMode::Exact
        )),
        ["/body/extra"]
    );
    assert!(compare(&truncated, &seen, &Rules::default(), MatchMode::Exact).is_empty());
}

#[test]
fn empty_documented_body_expects_an_empty_answer() {
    let doc = response(204, Body::Empty, |_| {});
    assert!(
        compare(
            &doc,
            &observed(204, ""),
            &Rules::default(),
            MatchMode::Exact
        )
        .is_empty()
    );
    assert_eq!(
        pointers(&compare(
            &doc,
            &observed(204, "{}"),
            &Rules::default(),
            MatchMode::Exact
        )),
        ["/body"]
    );
    let empty = response(200, Body::Empty, |a| {
        a.truncated = true;
        a.is_empty = true;
    });
    assert_eq!(
        pointers(&compare(
            &empty,
            &observed(200, "x"),
            &Rules::default(),
            MatchMode::Exact
        )),
        ["/body"]
    );
}

#[test]
fn non_json_answer_to_a_json_doc_is_one_mismatch() {
    let doc = response(200, json_body(json!({"a": 1})), |_| {});
    let found = compare(
        &doc,
        &observed(200, "<html>"),
        &Rules::default(),
        MatchMode::Exact,
    );
    assert_eq!(
        (found[0].pointer.as_str(), found[0].problem),
        ("/body", Problem::NotJson)
    );
    assert_eq!(found[0].actual, "application/json: <html>");
}

#[test]
fn bytes_that_are_not_utf8_where_json_was_promised_are_named_at_their_offset() {
    let doc = response(200, json_body(json!({"a": "é"})), |_| {});
    let mut seen = observed(200, "");
    seen.body = ObservedBody::from_bytes(b"{\"a\": \"\xe9\"}".to_vec());
    let found = compare(&doc, &seen, &Rules::default(), MatchMode::Exact);
    assert_eq!(found[0].problem, Problem::NotJson);
    assert_eq!(
        found[0].actual,
        "application/json: 10 bytes, not UTF-8 at byte 7"
    );
}

#[test]
fn expect_error_bodies_are_held_to_their_shape() {
    let doc = response(
        404,
        json_body(json!({"error": {"code": "NotFound", "message": "x"}})),
        |a| a.expect_error = true,
    );
    let seen = observed(
        404,
        r#"{"error": {"code": "ItemNotFound", "message": "y"}}"#,
    );
    assert!(compare(&doc, &seen, &Rules::default(), MatchMode::Exact).is_empty());
    let wrong = observed(404, r#"{"error": "flat"}"#);
    assert_eq!(
        pointers(&compare(&doc, &wrong, &Rules::default(), MatchMode::Exact)),
        ["/body/error"]
    );
}
