//! The HTTP block parsers, request and response on the same text: never panic, every offset
//! is within the text and in text order, and what they return is found where they say.

#![no_main]

use libfuzzer_sys::fuzz_target;

const METHODS: [&str; 8] = [
    "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE",
];

/// Checks a parsed block's headers, body and issues against the text they came from; a macro
/// because the message type is not nameable outside the crate.
macro_rules! check_message {
    ($text:expr, $message:expr) => {{
        let (text, message) = ($text, &$message);
        let mut last = 0;
        for issue in &message.issues {
            check_offset(text, issue.offset, issue);
            assert!(
                issue.offset >= last,
                "issues out of text order: {message:?}"
            );
            last = issue.offset;
        }
        let mut last = None;
        for (name, value, offset) in &message.headers {
            assert!(*offset < text.len() && last < Some(*offset), "{message:?}");
            assert!(text[*offset..].starts_with(name.as_str()), "{message:?}");
            assert!(!name.is_empty() && !name.contains(':'), "{message:?}");
            assert!(value == value.trim(), "{message:?}");
            last = Some(*offset);
        }
        check_offset(text, message.body_offset, message);
        assert!(
            text[message.body_offset..].starts_with(&message.body),
            "{message:?}"
        );
        assert_eq!(message.body, message.body.trim(), "{message:?}");
        if let Some(&(_, _, offset)) = message.headers.last() {
            assert!(
                message.body.is_empty() || message.body_offset > offset,
                "{message:?}"
            );
        }
    }};
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let request = exemplar_core::parse_request_block(text);
    let response = exemplar_core::parse_response_block(text);
    match &request {
        Ok(block) => {
            assert!(METHODS.contains(&block.method.as_str()), "{block:?}");
            assert!(
                !block.url.is_empty() && block.url == block.url.trim(),
                "{block:?}"
            );
            check_message!(text, block.message);
            // The first line is a request line, so it cannot also be a status line.
            let issue = response
                .as_ref()
                .expect_err("a request read as a response too");
            assert_eq!(format!("{:?}", issue.kind), "HoldsRequest");
        }
        Err(issue) => check_offset(text, issue.offset, issue),
    }
    match &response {
        Ok(block) => {
            assert!((100..600).contains(&block.status), "{block:?}");
            assert!(block.status_offset < text.len(), "{block:?}");
            let line = &text[block.status_offset..];
            assert!(
                line.trim_start()
                    .get(..4)
                    .is_some_and(|p| p.eq_ignore_ascii_case("http"))
            );
            if let Some(reason) = &block.reason {
                assert!(!reason.is_empty() && reason == reason.trim(), "{block:?}");
            }
            check_message!(text, block.message);
        }
        Err(issue) => check_offset(text, issue.offset, issue),
    }
});

fn check_offset(text: &str, offset: usize, what: &impl std::fmt::Debug) {
    assert!(offset <= text.len(), "{what:?} past the end");
    assert!(text.is_char_boundary(offset), "{what:?} inside a character");
}
