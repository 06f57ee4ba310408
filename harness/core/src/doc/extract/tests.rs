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
