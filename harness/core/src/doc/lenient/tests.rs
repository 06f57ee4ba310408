//! Unit tests of the module beside this file.

use super::*;
use serde_json::json;

fn kinds(text: &str) -> (Value, Vec<Tolerated>) {
    let read = parse(text).expect("lenient parse");
    (read.value, read.tolerances.iter().map(|t| t.kind).collect())
}

#[test]
fn strict_json_needs_no_tolerance() {
    let (value, found) =
        kinds(r#"{"a": [1, 2.5, -3e2, "x\u00e9\n"], "b": {"c": null, "d": true}}"#);
    assert_eq!(
        value,
        json!({"a": [1, 2.5, -300.0, "xé\n"], "b": {"c": null, "d": true}})
    );
    assert!(found.is_empty());
}

#[test]
fn trailing_commas_are_tolerated_and_located() {
    let text = "{\n  \"a\": 1,\n}";
    let read = parse(text).expect("parse");
    assert_eq!(read.value, json!({"a": 1}));
    assert_eq!(
        read.tolerances,
        vec![Tolerance {
            offset: text.find(',').unwrap(),
            kind: Tolerated::TrailingComma
        }]
    );
}

#[test]
fn comments_quotes_and_bare_keys_are_tolerated() {
    let (value, found) = kinds("{ // note\n blockType: 'request', /* x */ \"n\": 1 # end\n}");
    assert_eq!(value, json!({"blockType": "request", "n": 1}));
    assert_eq!(
        found,
        vec![
            Tolerated::LineComment,
            Tolerated::UnquotedKey,
            Tolerated::SingleQuote,
            Tolerated::BlockComment,
            Tolerated::HashComment
        ]
    );
}

#[test]
fn ellipsis_marks_are_skipped() {
    let (value, found) = kinds("{\"value\": [ {\"id\": 1}, ... ], ..., \"x\": ...}");
    assert_eq!(value, json!({"value": [{"id": 1}]}));
    assert_eq!(found, vec![Tolerated::Ellipsis; 3]);
}

#[test]
fn bare_words_become_strings_and_odd_literals_values() {
    let (value, found) = kinds("{\"a\": <guid>, \"b\": True, \"c\": 2018-04-30}");
    assert_eq!(value, json!({"a": "<guid>", "b": true, "c": "2018-04-30"}));
    assert_eq!(found, vec![Tolerated::BareWord; 3]);
}

#[test]
fn nbsp_and_missing_comma_are_tolerated() {
    let (value, found) = kinds("{\u{a0}\"a\": 1\n \"b\": 2}");
    assert_eq!(value, json!({"a": 1, "b": 2}));
    assert_eq!(
        found,
        vec![Tolerated::UnicodeSpace, Tolerated::MissingComma]
    );
}

#[test]
fn unreadable_json_is_an_error_with_an_offset() {
    let err = parse("{\"a\": \"open\n}").expect_err("unterminated");
    assert_eq!(err.offset, 6);
    assert!(parse("{\"a\" 1}").is_err());
    assert!(parse("{} {}").is_err());
    assert!(parse("").is_err());
    assert!(parse(&"[".repeat(10_000)).is_err());
}

#[test]
fn fuzz_trailing_comma_before_a_comment_keeps_text_order() {
    // Found by `cargo fuzz run lenient_json` (minimized); tolerances were out of order.
    let (value, found) = kinds("{\"bd\": e,#\n}");
    assert_eq!(value, json!({"bd": "e"}));
    assert_eq!(
        found,
        [
            Tolerated::BareWord,
            Tolerated::TrailingComma,
            Tolerated::HashComment
        ]
    );
    let read = parse("[1, /* x */ ]").expect("parse");
    let offsets: Vec<_> = read.tolerances.iter().map(|t| t.offset).collect();
    assert_eq!(offsets, [2, 4]);
}

#[test]
fn numbers_compare_as_json_numbers() {
    assert_eq!(
        kinds("[1.0, 12345678901234567890]").0,
        json!([1.0, 12345678901234567890u64])
    );
}

#[test]
fn an_escape_json_does_not_know_is_read_as_its_character_and_located() {
    let text = r#"{"a": "x\qy", "b": "it\'s", "c": 'it\'s'}"#;
    let read = parse(text).expect("lenient parse");
    assert_eq!(read.value, json!({"a": "xqy", "b": "it's", "c": "it's"}));
    let escapes: Vec<usize> = (read.tolerances.iter())
        .filter(|t| t.kind == Tolerated::UnknownEscape)
        .map(|t| t.offset)
        .collect();
    // `\q`, and `\'` in double quotes; in single quotes `\'` is how the string holds one.
    assert_eq!(
        escapes,
        [text.find("\\q").unwrap(), text.find("\\'").unwrap()]
    );
}

#[test]
fn half_a_surrogate_pair_is_read_as_the_replacement_character_and_located() {
    let (value, found) =
        kinds(r#"{"a": "\ud83d\ude00", "b": "\ud83d", "c": "\ud83d\u0041", "d": "\ude00x"}"#);
    assert_eq!(
        value,
        json!({"a": "😀", "b": "\u{fffd}", "c": "\u{fffd}A", "d": "\u{fffd}x"})
    );
    assert_eq!(found, [Tolerated::LoneSurrogate; 3]);
}
