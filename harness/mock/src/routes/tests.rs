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

/// Two examples whose URLs differ in a GUID are two requests, each answered at its own URL; a
/// GUID no example documents still gets an answer. See: issue 23, item 2.
#[test]
fn examples_that_differ_in_a_guid_are_each_answered_at_their_own_url() {
    let (a, b) = (
        "0824dbaf-6277-4db0-8112-b29fd356f2c4",
        "1f0fd623-bf8f-4003-9627-32a68c3cdcc1",
    );
    let page = |guid: &str, name: &str| {
        let text = format!(
            "<!-- {{\"blockType\": \"request\"}} -->\n```http\nGET /v1.0/identity/namedLocations/{guid}\n```\n<!-- {{\"blockType\": \"response\"}} -->\n```http\nHTTP/1.1 200 OK\nContent-Type: application/json\n\n{{\"displayName\": \"{name}\"}}\n```\n"
        );
        exemplar_core::doc::extract(&format!("{name}.md"), &text)
    };
    let (routes, unservable) = routes(&[page(a, "ip"), page(b, "country")]);
    assert!(unservable.is_empty(), "{unservable:?}");
    let index = super::super::index::Index::new(&routes);
    let answer = |guid: &str| {
        let request = Request {
            url: format!("http://localhost/v1.0/identity/namedLocations/{guid}")
                .parse()
                .expect("a url"),
            method: "GET".parse().expect("a method"),
            headers: Default::default(),
            body: Vec::new(),
        };
        index.find(&routes, &request).map(|r| r.file.clone())
    };
    assert_eq!(answer(a).as_deref(), Some("ip.md"));
    assert_eq!(answer(&b.to_uppercase()).as_deref(), Some("country.md"));
    assert!(answer("2f0fd623-bf8f-4003-9627-32a68c3cdcc1").is_some());
}

/// The example whose documented query is all in the request and says the most answers it,
/// whatever their order in the docs. See: issue 23, item 5 (`channel-list-tabs.md:149`).
#[test]
fn the_most_specific_documented_query_in_the_request_answers() {
    let routes = table_of(&[
        "GET /v1.0/teams/{id}/channels/{cid}/tabs?$expand=teamsApp",
        "GET /v1.0/teams/{id}/channels/{cid}/tabs?$expand=teamsApp&$filter=teamsApp/id eq 'x'",
        "GET /v1.0/teams/{id}/channels/{cid}/tabs",
    ]);
    let index = super::super::index::Index::new(&routes);
    let answer = |target: &str| {
        let request = Request {
            url: format!("http://localhost{target}").parse().expect("a url"),
            method: "GET".parse().expect("a method"),
            headers: Default::default(),
            body: Vec::new(),
        };
        index.find(&routes, &request).map(|r| r.file.clone())
    };
    let tabs = "/v1.0/teams/1/channels/2/tabs";
    assert_eq!(
        answer(&format!(
            "{tabs}?$expand=teamsApp&$filter=teamsApp/id%20eq%20'x'"
        ))
        .as_deref(),
        Some("1.md")
    );
    assert_eq!(
        answer(&format!("{tabs}?$expand=teamsApp")).as_deref(),
        Some("0.md")
    );
    assert_eq!(answer(tabs).as_deref(), Some("2.md"));
}
