//! Unit tests of the module beside this folder.

use super::*;

#[test]
fn a_page_is_read_only_when_it_mentions_block_type_in_any_case() {
    assert!(mentions_block_type(
        "<!-- { \"BlockType\": \"request\" } -->"
    ));
    assert!(mentions_block_type("x blocktype"));
    assert!(!mentions_block_type(
        "# Notes\n\n```http\nGET /me\n```\nblock type"
    ));
    assert!(!mentions_block_type("blocktyp"));
    let unannotated = extract("notes.md", "# Notes\n\n```http\nGET /me\n");
    assert_eq!(
        (unannotated.examples.len(), unannotated.diagnostics.len()),
        (0, 0)
    );
}

#[test]
fn only_pages_with_a_request_annotation_are_read_for_their_examples() {
    for request in [
        "<!-- { \"blockType\": \"request\", \"name\": \"a\" } -->",
        "<!-- {\n  \"blockType\":\n    'Request' } -->",
        "<!-- { BLOCKTYPE: REQUEST } -->",
    ] {
        assert!(mentions_request_block(request), "{request}");
    }
    let resource = "<!-- { \"blockType\": \"resource\", \"@odata.type\": \"microsoft.graph.user\" } -->\n```json\n{}\n```\n";
    assert!(!mentions_request_block(resource));
    let page = format!(
        "{resource}<!-- {{ \"blockType\": \"request\" }} -->\n```http\nGET /me\n```\n<!-- {{ \"blockType\": \"response\" }} -->\n```http\nHTTP/1.1 204 No Content\n```\n"
    );
    assert_eq!(extract_examples("p.md", &page), extract("p.md", &page));
    assert_eq!(extract_examples("r.md", resource).examples.len(), 0);
}

#[test]
fn fuzz_crlf_line_end_column_stays_within_its_line() {
    // Found by `cargo fuzz run extract_page` (minimized): a body error at the end of a CRLF
    // line was placed one column past the line, after its `\r`.
    let page =
        "<!-- { \"blockType\": \"request\" } -->\r\n```http\r\nPATCH /me\r\n\r\n{\r\njT\r\n```\r\n";
    let doc = extract("a.md", page);
    let found: Vec<_> = doc
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::InvalidBody)
        .map(|d| (d.line, d.column, d.source_line.as_deref()))
        .collect();
    assert_eq!(found, [(6, 3, Some("jT"))]);
}

#[test]
fn fuzz_stray_carriage_returns_keep_the_column_within_the_line() {
    // Found by `cargo fuzz run extract_page` (minimized): markdown reads a stray `\r` as a
    // line break, lines here do not, so a finding after `\r\r` fell past the shown line.
    let page = format!(
        "<!-- {{ \"blockType\":\"request\" }} -->\n```\n   ```http\n  GET /{}\n `",
        "\r".repeat(14)
    );
    let doc = extract("a.md", &page);
    let found: Vec<_> = doc
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::LenientHttp)
        .map(|d| (d.line, d.column, d.source_line.as_deref()))
        .collect();
    assert_eq!(found, [(4, 8, Some("  GET /"))]);
}

/// The facts read in the examples' pass (which shows them only the events they read) are the
/// facts a pass of their own reads, on every fixture page that annotates something.
#[test]
fn facts_read_beside_the_examples_are_those_read_alone() {
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
    let mut compared = 0;
    for dir in ["docs", "docset", "lintfix", "invalid", "schema"] {
        let mut pages = vec![fixtures.join(dir)];
        while let Some(path) = pages.pop() {
            if path.is_dir() {
                pages.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
                continue;
            }
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            if path.extension().is_none_or(|e| e != "md") || !mentions_block_type(&text) {
                continue;
            }
            let alone = format!("{:?}", crate::docset::facts(&text));
            let (_, beside) = extract_with_facts("page.md", text);
            assert_eq!(format!("{:?}", beside.unwrap()), alone, "{path:?}");
            compared += 1;
        }
    }
    assert!(compared > 20, "{compared} pages compared");
}
