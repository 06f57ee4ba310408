//! Unit tests of the module beside this folder.

use super::*;
use serde_json::json;

fn run(expected: Value, actual: Value, options: Options) -> Vec<(String, Problem)> {
    let mut out = Vec::new();
    diff(&expected, &actual, "", &options, &mut out);
    out.into_iter().map(|m| (m.pointer, m.problem)).collect()
}

#[test]
fn numbers_compare_numerically() {
    assert!(
        run(
            json!({"a": 1.0, "b": 12345678901234567890u64}),
            json!({"a": 1, "b": 12345678901234567890u64}),
            Options::default()
        )
        .is_empty()
    );
    assert_eq!(
        run(json!([1]), json!([2]), Options::default()),
        [("/0".into(), Problem::Differs)]
    );
}

#[test]
fn key_order_never_matters_and_pointers_are_escaped() {
    assert!(
        run(
            json!({"a": 1, "b": 2}),
            json!({"b": 2, "a": 1}),
            Options::default()
        )
        .is_empty()
    );
    assert_eq!(
        run(json!({"a/b~": 1}), json!({}), Options::default()),
        [("/a~1b~0".into(), Problem::Missing)]
    );
}

#[test]
fn types_must_agree_even_in_shape_mode() {
    let shape = Options {
        shape: true,
        ..Options::default()
    };
    assert!(
        run(
            json!({"n": 1, "s": "doc"}),
            json!({"n": 7, "s": "real"}),
            shape
        )
        .is_empty()
    );
    assert_eq!(
        run(json!({"n": 1}), json!({"n": "1"}), shape),
        [("/n".into(), Problem::WrongType)]
    );
    assert!(run(json!({"x": null}), json!({"x": {"deep": 1}}), shape).is_empty());
}

#[test]
fn extra_array_items_need_truncated() {
    assert_eq!(
        run(json!([1]), json!([1, 2]), Options::default()),
        [("/1".into(), Problem::Unexpected)]
    );
    assert!(
        run(
            json!([1]),
            json!([1, 2]),
            Options {
                truncated: true,
                ..Options::default()
            }
        )
        .is_empty()
    );
    assert_eq!(
        run(json!([1, 2]), json!([1]), Options::default()),
        [("/1".into(), Problem::Missing)]
    );
}

#[test]
fn collection_items_match_in_any_order() {
    let options = Options {
        collection: Some("value"),
        ..Options::default()
    };
    let doc = json!({"value": [{"n": "b"}, {"n": "a"}]});
    let mut out = Vec::new();
    diff(
        &doc,
        &json!({"value": [{"n": "a"}, {"n": "b"}]}),
        "/body",
        &options,
        &mut out,
    );
    assert!(out.is_empty(), "{out:?}");
    diff(
        &doc,
        &json!({"value": [{"n": "a"}, {"n": "c"}]}),
        "/body",
        &options,
        &mut out,
    );
    assert_eq!(
        out.iter().map(|m| m.pointer.as_str()).collect::<Vec<_>>(),
        ["/body/value/1/n"]
    );
}
