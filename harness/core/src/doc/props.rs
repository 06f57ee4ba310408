//! Property tests: the lenient readers never panic, and strict input reads back unchanged.

use super::{http, lenient};
use proptest::prelude::*;
use serde_json::Value;

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        (-1e12f64..1e12).prop_map(Value::from),
        ".*".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(".{0,8}", inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Markdown built from the pieces real pages are made of, in any order.
fn page() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("<!-- { \"blockType\": \"request\", \"name\": \"n\" } -->\n".to_owned()),
        Just("<!-- { \"blockType\": \"response\", truncated: true, } -->\n".to_owned()),
        Just("<!-- {\n".to_owned()),
        Just("-->\n".to_owned()),
        Just("```http\n".to_owned()),
        Just("``` http\n".to_owned()),
        Just("```\n".to_owned()),
        Just("~~~\n".to_owned()),
        Just("> ".to_owned()),
        Just("1. ".to_owned()),
        Just("GET https://graph.microsoft.com/v1.0/me\n".to_owned()),
        Just("HTTP/1.1 200 OK\n".to_owned()),
        Just("Content-Length: 12\n".to_owned()),
        Just("\n".to_owned()),
        Just("\r\n".to_owned()),
        Just("{ \"a\": [1, ...], }\n".to_owned()),
        Just("# Heading\n".to_owned()),
        ".{0,20}",
    ];
    prop::collection::vec(piece, 0..40).prop_map(|p| p.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn strict_json_reads_back_unchanged(value in json_value()) {
        let text = serde_json::to_string_pretty(&value).unwrap();
        let read = lenient::parse_leniently(&text).unwrap();
        prop_assert_eq!(read.value, value);
        prop_assert!(read.tolerances.is_empty());
    }

    #[test]
    fn lenient_reader_never_panics_and_offsets_stay_in_bounds(text in ".{0,200}") {
        match lenient::parse(&text) {
            Ok(read) => prop_assert!(read.tolerances.iter().all(|t| t.offset <= text.len())),
            Err(err) => prop_assert!(err.offset <= text.len()),
        }
    }

    #[test]
    fn http_parsers_never_panic(text in "(GET |HTTP/1.1 |[A-Za-z-]{1,8}: ?|\n|\r\n|\\{|.{0,10})*") {
        let _ = http::parse_request(&text);
        let _ = http::parse_response(&text);
    }

    #[test]
    fn extraction_never_panics_and_every_finding_is_on_a_line_of_the_page(source in page()) {
        let doc = crate::extract("p.md", &source);
        let lines = source.lines().count().max(1) as u32;
        for d in &doc.diagnostics {
            prop_assert!(d.line >= 1 && d.line <= lines + 1, "{:?} outside {} lines", d, lines);
        }
        for e in &doc.examples {
            prop_assert!(e.request.line >= 1 && e.request.line <= lines);
        }
    }
}
