use serde_json::json;

use super::*;
use crate::compare::{MatchMode, Observed, ObservedBody, Rules};
use crate::model::Headers;

const REQUEST: &str =
    "<!-- { \"blockType\": \"request\", \"name\": \"get_me\" } -->\n```http\nGET /me\n```\n\n";

fn page(response: &str, annotation: &str) -> String {
    format!(
        "{REQUEST}<!-- {{ \"blockType\": \"response\"{annotation} }} -->\n```http\n{response}\n```\n"
    )
}

fn observed(status: u16, headers: &[(&str, &str)], body: serde_json::Value) -> Observed {
    let headers: Headers = headers
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect();
    Observed {
        json_text: None,
        status,
        headers,
        body: ObservedBody::Json(body),
    }
}

fn fixed(page: &str, observed: &Observed) -> String {
    fixed_in_order(page, observed, None)
}

fn fixed_in_order(page: &str, observed: &Observed, answer: Option<&str>) -> String {
    let doc = crate::extract("me.md", page);
    let example = &doc.examples[0];
    let (rules, mode) = (Rules::default(), MatchMode::Exact);
    let found = edits_in_order(page, example, observed, &rules, mode, answer).unwrap();
    apply(page, &found)
}

#[test]
fn a_changed_value_is_replaced_where_it_stands_keeping_comments_and_marks() {
    let body = "HTTP/1.1 200 OK\nContent-Type: application/json\n\n{\n    // who\n    'name': 'Ada', /* kept */\n    \"age\": 36,\n    ...\n}";
    let page = page(body, ", \"truncated\": true");
    let answer = observed(
        200,
        &[("content-type", "application/json")],
        json!({"name": "Bob", "age": 36.0, "x": 1}),
    );
    let fixed = fixed(&page, &answer);
    assert_eq!(fixed, page.replace("'Ada'", "'Bob'"));
}

#[test]
fn status_headers_and_members_are_mended_in_the_blocks_layout() {
    let body = "HTTP/1.1 200 OK\nContent-Type: application/json\nETag: x\n\n{\n\t\"a\": 1,\n\t\"gone\": true,\n\t\"id\": \"8a1d5a4f-0000-4000-8000-000000000001\"\n}";
    let page = page(body, "").replace('\n', "\r\n");
    let answer = observed(
        201,
        &[("content-type", "application/json")],
        json!({"a": 1, "b": {"c": [1]}, "id": "8a1d5a4f-0000-4000-8000-00000000ffff"}),
    );
    let fixed = fixed(&page, &answer);
    let want = page
        .replace("200 OK", "201 Created")
        .replace("ETag: x\r\n", "")
        .replace("\t\"gone\": true,\r\n", "")
        .replace(
            "0001\"\r\n",
            "0001\",\r\n\t\"b\": {\r\n\t\t\"c\": [\r\n\t\t\t1\r\n\t\t]\r\n\t}\r\n",
        );
    assert_eq!(fixed, want);
}

#[test]
fn a_passing_example_has_no_edits_and_text_bodies_are_not_fixable() {
    let page = page("HTTP/1.1 200 OK\n\n{\"n\": 1.0}", "");
    let doc = crate::extract("me.md", &page);
    let answer = observed(200, &[], json!({"n": 1}));
    let found = edits(
        &page,
        &doc.examples[0],
        &answer,
        &Rules::default(),
        MatchMode::Exact,
    );
    assert_eq!(found, Ok(Vec::new()));
    let page = self::page("HTTP/1.1 200 OK\n\nplain words", "");
    let doc = crate::extract("me.md", &page);
    let found = edits(
        &page,
        &doc.examples[0],
        &answer,
        &Rules::default(),
        MatchMode::Exact,
    );
    assert!(matches!(found, Err(Unfixable::Mismatch(_))), "{found:?}");
}

#[test]
fn a_last_member_removed_takes_the_comma_before_it() {
    let page = page("HTTP/1.1 200 OK\n\n{\n  \"a\": 1,\n  \"b\": 2\n}", "");
    let fixed = fixed(&page, &observed(200, &[], json!({"a": 1})));
    assert_eq!(
        fixed,
        page.replace("  \"a\": 1,\n  \"b\": 2\n", "  \"a\": 1\n")
    );
}

#[test]
fn an_added_member_goes_after_its_neighbour_in_the_answers_order() {
    let page = page(
        "HTTP/1.1 200 OK\n\n{\n  \"z\": 1,\n  \"a\": 2,\n  \"m\": 3\n}",
        "",
    );
    // The service answers in its own order: `new` follows `z`, `first` comes before every
    // documented member (the parsed value sorts its keys; the text keeps the order).
    let text = r#"{"first": 0, "z": 1, "new": true, "a": 2, "m": 3}"#;
    let answer = observed(200, &[], serde_json::from_str(text).unwrap());
    let fixed = fixed_in_order(&page, &answer, Some(text));
    let want = page
        .replace("{\n  \"z\"", "{\n  \"first\": 0,\n  \"z\"")
        .replace("\"z\": 1,\n", "\"z\": 1,\n  \"new\": true,\n");
    assert_eq!(fixed, want);
}

#[test]
fn an_elided_value_takes_the_answer_in_place_of_its_marks() {
    // `"key": ...` reads as no member: outside a truncated response the answer's value is
    // unexpected, and the smallest edit is to write it where the `...` stands.
    let page = page(
        "HTTP/1.1 200 OK\n\n{\n  \"a\": 1,\n  \"b\": ...,\n  \"c\": 3\n}",
        "",
    );
    let answer = observed(200, &[], json!({"a": 1, "b": {"x": "y"}, "c": 3}));
    let fixed = fixed(&page, &answer);
    let want = page.replace("\"b\": ...,", "\"b\": {\n    \"x\": \"y\"\n  },");
    assert_eq!(fixed, want);
    assert_eq!(fixed.matches("\"b\"").count(), 1);
}

#[test]
fn an_elided_value_in_a_truncated_response_stays() {
    let page = page(
        "HTTP/1.1 200 OK\n\n{\n  \"a\": 1,\n  \"b\": ...\n}",
        ", \"truncated\": true",
    );
    let answer = observed(200, &[], json!({"a": 2, "b": 5}));
    assert_eq!(fixed(&page, &answer), page.replace("\"a\": 1", "\"a\": 2"));
}
