//! Unit tests of the module beside this folder.

use super::*;

/// The routes of pages that each document one request (answered 204), for the mock's tests.
pub(crate) fn table_of(requests: &[&str]) -> Vec<Route> {
    let pages: Vec<_> = requests
        .iter()
        .enumerate()
        .map(|(i, request)| {
            let page = format!(
                "<!-- {{\"blockType\": \"request\"}} -->\n```http\n{request}\n```\n<!-- {{\"blockType\": \"response\"}} -->\n```http\nHTTP/1.1 204 No Content\n```\n"
            );
            exemplar_core::doc::extract(&format!("{i}.md"), &page)
        })
        .collect();
    routes(&pages).0
}

#[test]
fn segments_match_placeholders_guids_and_text() {
    assert!(fits(&segment("{id}"), "42"));
    assert!(fits(
        &segment("87d349ed-44d7-43e1-9a83-5f2406dee5bd"),
        "anything"
    ));
    assert!(fits(
        &segment("Cell(row=<row>,column=<column>)"),
        "Cell(row=1,column=2)"
    ));
    assert!(!fits(
        &segment("Cell(row=<row>,column=<column>)"),
        "Range(address='A1')"
    ));
    assert!(fits(&segment("users"), "Users"));
    assert!(!fits(&segment("{id}"), ""));
}
