//! The lenient JSON reader: never panics, locates everything within the input, keeps its
//! tolerances in text order, and reads strict JSON to the value serde_json reads.

#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let strict = serde_json::from_str::<Value>(text).ok();
    match exemplar_core::parse_json_leniently(text) {
        Ok(read) => {
            let mut last = 0;
            for t in &read.tolerances {
                assert!(t.offset < text.len(), "tolerance {t:?} past the end");
                assert!(
                    text.is_char_boundary(t.offset),
                    "tolerance {t:?} inside a character"
                );
                assert!(
                    t.offset >= last,
                    "tolerances out of text order: {:?}",
                    read.tolerances
                );
                last = t.offset;
            }
            if let Some(strict) = &strict {
                assert_eq!(&read.value, strict);
                assert!(read.tolerances.is_empty());
            }
        }
        Err(err) => {
            assert!(err.offset <= text.len(), "error {err:?} past the end");
            assert!(
                text.is_char_boundary(err.offset),
                "error {err:?} inside a character"
            );
            assert!(!err.message.is_empty());
            assert!(strict.is_none(), "strict JSON refused: {err:?}");
        }
    }
    // `parse` hands strict JSON to serde_json; a trailing no-break space (which serde_json
    // refuses) makes the lenient reader itself read it, to the same value, tolerating only that.
    if let Some(strict) = strict {
        let padded = format!("{text}\u{a0}");
        let read = exemplar_core::parse_json_leniently(&padded)
            .unwrap_or_else(|err| panic!("strict JSON with a trailing nbsp refused: {err:?}"));
        assert_eq!(read.value, strict);
        let kinds: Vec<_> = read
            .tolerances
            .iter()
            .map(|t| (t.offset, format!("{:?}", t.kind)))
            .collect();
        assert_eq!(kinds, [(text.len(), "UnicodeSpace".to_owned())]);
    }
});
