//! Page extraction: never panics, and every diagnostic and example points at a line (and
//! column) of the page it was read from.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(page) = std::str::from_utf8(data) else {
        return;
    };
    let doc = exemplar_core::extract("fuzz.md", page);
    // Lines as editors number them: the text after the last newline is a line, even if empty.
    let lines: Vec<&str> = page.split('\n').collect();
    let line_of = |line: u32, what: &dyn std::fmt::Debug| -> &str {
        assert!(
            line >= 1 && line as usize <= lines.len(),
            "line {line} outside the page's {} lines: {what:?}",
            lines.len()
        );
        lines[line as usize - 1].trim_end_matches('\r')
    };
    let mut last = (1, 1);
    for d in &doc.diagnostics {
        assert_eq!(d.file, "fuzz.md");
        let text = line_of(d.line, d);
        let columns = text.chars().count() as u32 + 1;
        assert!(
            d.column >= 1 && d.column <= columns,
            "column outside its line: {d:?}"
        );
        if let Some(shown) = &d.source_line {
            assert_eq!(
                shown, text,
                "source line is not the diagnostic's line: {d:?}"
            );
        }
        assert!(
            (d.line, d.column) >= last,
            "diagnostics out of order: {:?}",
            doc.diagnostics
        );
        last = (d.line, d.column);
        assert!(!d.message.is_empty(), "{d:?}");
    }
    let mut last = 0;
    for example in &doc.examples {
        assert_eq!(example.file, "fuzz.md");
        let line = example.line();
        line_of(line, &example.request);
        assert!(
            line > last,
            "examples out of document order: {:?}",
            doc.examples
        );
        last = line;
        if let Some(response) = &example.response {
            line_of(response.line, response);
            assert!(
                response.line > line,
                "response before its request: {example:?}"
            );
        }
    }
});
