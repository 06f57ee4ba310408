//! `run --fix` and `--diff` (DESIGN §12): the docs follow the service, with the smallest edits
//! in each page's own layout, on `fixtures/fix/` pages (comments, `...` marks, four spaces and
//! tabs, CRLF and a BOM).

use std::path::Path;

use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{self, exemplar_async, stdout};

/// The fixture pages `names` copied into `dir/docs`.
pub(crate) fn docs(dir: &Path, names: &[&str]) {
    std::fs::create_dir_all(dir.join("docs")).unwrap();
    for name in names {
        std::fs::copy(
            support::fixture(&format!("fix/{name}")),
            dir.join("docs").join(name),
        )
        .unwrap();
    }
}

/// `path` on `server` answers `status` with the JSON `body`.
pub(crate) async fn answer(
    server: &MockServer,
    verb: &str,
    at: &str,
    status: u16,
    body: serde_json::Value,
) {
    Mock::given(method(verb))
        .and(path(at))
        .respond_with(ResponseTemplate::new(status).set_body_json(body))
        .mount(server)
        .await;
}

/// A service that moved on from the docs of `spaces.md` and `tabs-crlf-bom.md`.
async fn service() -> MockServer {
    let server = MockServer::start().await;
    let user = json!({
        "displayName": "Adele Vance", "jobTitle": "Store Manager", "officeLocation": "18/2111",
        "employeeId": "2000", "quota": 1, "businessPhones": ["+1 425 555 0109"], "mail": "adele@contoso.com"
    });
    answer(&server, "GET", "/v1.0/users/42", 200, user).await;
    let group = json!({
        "id": "0d9a3c2e-8f57-4b0e-a1d6-5d2f3b9e7c41", "displayName": "Library Assist",
        "createdDateTime": "2024-05-01T08:00:00Z", "visibility": "Private", "mailEnabled": false
    });
    answer(&server, "POST", "/v1.0/groups", 201, group).await;
    let messages = json!({"value": [{
        "subject": "Quarterly numbers", "importance": "high",
        "flag": {"flagStatus": "notFlagged"}, "hasAttachments": true
    }]});
    answer(&server, "GET", "/v1.0/me/messages", 200, messages).await;
    server
}

const PAGES: [&str; 2] = ["spaces.md", "tabs-crlf-bom.md"];

fn read(dir: &Path, name: &str) -> Vec<u8> {
    std::fs::read(dir.join("docs").join(name)).unwrap()
}

async fn run(dir: &Path, target: &str, more: &[&str]) -> std::process::Output {
    let mut args = vec!["run", "docs", "--target", target, "--ignore", ".employeeId"];
    args.extend(more);
    exemplar_async(dir, &args, &[]).await
}

/// The diff part of `--diff`'s output: from the first page's header to the closing count.
fn diffs(out: &str) -> String {
    let start = out.find("--- a/").expect("a diff");
    let end = out
        .find("--diff:")
        .map(|at| at + out[at..].find('\n').unwrap_or(0));
    out[start..=end.expect("the count")].to_owned()
}

#[tokio::test]
async fn diff_shows_each_kind_of_edit_and_writes_nothing() {
    let server = service().await;
    let dir = tempfile::tempdir().unwrap();
    docs(dir.path(), &PAGES);
    let before: Vec<_> = PAGES.iter().map(|p| read(dir.path(), p)).collect();
    let out = run(dir.path(), &server.uri(), &["--diff"]).await;
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    let after: Vec<_> = PAGES.iter().map(|p| read(dir.path(), p)).collect();
    assert_eq!(before, after, "--diff wrote a page");
    support::settings().bind(|| insta::assert_snapshot!("fix_diff", diffs(&text)));
}

#[tokio::test]
async fn fixed_pages_pass_the_next_run_and_a_second_fix_changes_nothing() {
    let server = service().await;
    let dir = tempfile::tempdir().unwrap();
    docs(dir.path(), &PAGES);
    let out = run(dir.path(), &server.uri(), &["--fix"]).await;
    let text = stdout(&out);
    assert!(text.contains("fixed spaces.md: 5 edits\n"), "{text}");
    assert!(text.contains("fixed tabs-crlf-bom.md: 3 edits\n"), "{text}");
    let last = text.lines().last().unwrap_or_default();
    assert!(last.starts_with("0 passed, 3 failed, 0 skipped"), "{text}");

    let crlf = read(dir.path(), "tabs-crlf-bom.md");
    assert!(crlf.starts_with("\u{feff}".as_bytes()), "the BOM is kept");
    let lone = crlf
        .windows(2)
        .filter(|w| w[1] == b'\n' && w[0] != b'\r')
        .count();
    assert_eq!(lone, 0, "every line still ends with CRLF");
    let spaces = String::from_utf8(read(dir.path(), "spaces.md")).unwrap();
    // Generated values, ignored values and `1.0` keep the documented sample.
    for kept in [
        "b320ee12-b1cd-4cca-b648-a437be61c5cd",
        "2018-12-22T00:51:37Z",
        "\"1000\"",
        "1.0,",
    ] {
        assert!(spaces.contains(kept), "{kept} is gone:\n{spaces}");
    }

    let again = run(dir.path(), &server.uri(), &[]).await;
    assert_eq!(again.status.code(), Some(0), "{}", stdout(&again));
    let pages: Vec<_> = PAGES.iter().map(|p| read(dir.path(), p)).collect();
    let second = run(dir.path(), &server.uri(), &["--fix"]).await;
    assert!(!stdout(&second).contains("fixed"), "{}", stdout(&second));
    let after: Vec<_> = PAGES.iter().map(|p| read(dir.path(), p)).collect();
    assert_eq!(pages, after, "a second --fix changed a page");
}

#[tokio::test]
async fn the_reports_say_which_failures_are_fixable() {
    let server = service().await;
    let dir = tempfile::tempdir().unwrap();
    docs(dir.path(), &["spaces.md"]);
    let out = run(dir.path(), &server.uri(), &["--report-html", "report.html"]).await;
    let text = stdout(&out);
    assert_eq!(
        text.matches("    fixable with --fix (--diff shows the edits)\n")
            .count(),
        2,
        "{text}"
    );
    let html = std::fs::read_to_string(dir.path().join("report.html")).unwrap();
    assert_eq!(html.matches("\"fixable\":true").count(), 2);
    assert!(html.contains("fixable with --fix"));
}
