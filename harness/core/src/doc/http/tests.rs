//! Unit tests of the module beside this folder.

use super::*;

#[test]
fn request_with_headers_and_body() {
    let block = parse_request(
        "POST https://x/v1.0/me HTTP/1.1\nContent-type: application/json\n\n{\"a\": 1}\n",
    )
    .unwrap();
    assert_eq!(
        (block.method.as_str(), block.url.as_str()),
        ("POST", "https://x/v1.0/me")
    );
    assert_eq!(
        block.message.headers,
        vec![("Content-type".into(), "application/json".into(), 32)]
    );
    assert_eq!(block.message.body, "{\"a\": 1}");
    assert!(block.message.issues.is_empty());
}

#[test]
fn urls_split_once_into_path_and_query() {
    let split = path_and_query;
    assert_eq!(
        split("https://graph.microsoft.com/v1.0/me?$x=1"),
        ("/v1.0/me".into(), Some("$x=1".into()))
    );
    assert_eq!(split("/me"), ("/me".into(), None));
    assert_eq!(split("me"), ("/me".into(), None));
    assert_eq!(split("HTTPS://graph.microsoft.com"), ("/".into(), None));
    assert_eq!(
        split("https://graph.microsoft.com?$top=1"),
        ("/".into(), Some("$top=1".into()))
    );
    assert_eq!(
        split(" users/{id}?$select=a?b&c= "),
        ("/users/{id}".into(), Some("$select=a?b&c=".into()))
    );
    assert_eq!(split("/me?"), ("/me".into(), Some(String::new())));
}

#[test]
fn urls_keep_their_spaces() {
    let block = parse_request("GET /users?$filter=a eq 'b' and c eq 'd'").unwrap();
    assert_eq!(block.url, "/users?$filter=a eq 'b' and c eq 'd'");
}

#[test]
fn request_line_problems_are_findings() {
    assert_eq!(
        parse_request("https://x/me").unwrap_err().kind,
        IssueKind::MissingMethod
    );
    assert_eq!(
        parse_request("\n\nGET").unwrap_err(),
        Issue {
            offset: 2,
            kind: IssueKind::MissingUrl
        }
    );
    assert_eq!(parse_request("  \n").unwrap_err().kind, IssueKind::Empty);
}

#[test]
fn tolerated_layouts_are_noted() {
    let block = parse_request("PATCH /me\n\nContent-type:application/json\n{\"a\": 1}").unwrap();
    let kinds: Vec<_> = block
        .message
        .issues
        .iter()
        .map(|i| i.kind.clone())
        .collect();
    assert_eq!(
        kinds,
        [
            IssueKind::BlankBeforeHeaders,
            IssueKind::HeaderWithoutSpace,
            IssueKind::BodyWithoutBlankLine
        ]
    );
    assert_eq!(block.message.body, "{\"a\": 1}");
}

#[test]
fn status_lines_in_every_documented_form() {
    assert_eq!(parse_response("HTTP/1.1 200 OK").unwrap().status, 200);
    let created = parse_response("HTTP 201 Created\n").unwrap();
    assert_eq!(
        (created.status, created.reason.as_deref()),
        (201, Some("Created"))
    );
    assert_eq!(parse_response("  HTTP/1.1 204").unwrap().reason, None);
    assert_eq!(
        parse_response("POST /me").unwrap_err().kind,
        IssueKind::HoldsRequest
    );
    assert_eq!(
        parse_response("{}").unwrap_err().kind,
        IssueKind::MissingStatus
    );
}

#[test]
fn extra_request_lines_are_cut_off() {
    let block = parse_request("GET /a\nGET /b").unwrap();
    assert_eq!(block.message.body, "");
    assert_eq!(
        block.message.issues.last().unwrap().kind,
        IssueKind::ExtraRequestLine
    );
}
