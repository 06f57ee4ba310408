//! `run --report-html`: the page's embedded data for a small run, and secrets kept out of it.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{self, exemplar_async, page, stdout};

const TOKEN: &str = "eyJ0eXAiOiJKV1Qi.html-secret-token";

/// Doc pages with one example each: one passes, one POST passes, one fails (a differing, a
/// missing and an undocumented property), one is skipped (no value for `{id}`); one page is
/// not UTF-8.
fn docs(dir: &Path) {
    let json = "HTTP/1.1 200 OK\nContent-type: application/json\n\n";
    let pages = [
        (
            "docs/a-me.md",
            page(
                "GET /v1.0/me",
                "",
                &format!("{json}{{\"displayName\": \"Adele\"}}"),
            ),
        ),
        (
            "docs/b-user.md",
            page(
                "GET /v1.0/users/7",
                "",
                &format!(
                    "{json}{{\"displayName\": \"Bob\", \"jobTitle\": \"Dev\", \"mail\": \"bob@contoso.com\"}}"
                ),
            ),
        ),
        (
            "docs/c-create.md",
            page(
                "POST /v1.0/groups\nContent-type: application/json\n\n{\"displayName\": \"</script><b>Ops</b>\"}",
                "",
                "HTTP/1.1 201 Created\nContent-type: application/json\n\n{\"id\": \"g1\"}",
            ),
        ),
        (
            "docs/d-other.md",
            page("GET /v1.0/users/{id}", "", &format!("{json}{{}}")),
        ),
    ];
    for (file, text) in pages {
        std::fs::create_dir_all(dir.join(file).parent().unwrap()).unwrap();
        std::fs::write(dir.join(file), text).unwrap();
    }
    std::fs::write(
        dir.join("docs/e-broken.md"),
        b"# Broken\n\xff\xfe not UTF-8\n",
    )
    .unwrap();
}

async fn server() -> MockServer {
    let server = MockServer::start().await;
    let answers = [
        ("GET", "/v1.0/me", 200, json!({"displayName": "Adele"})),
        (
            "GET",
            "/v1.0/users/7",
            200,
            json!({"displayName": "Robert", "mail": "bob@contoso.com", "officeLocation": "12/1110"}),
        ),
        ("POST", "/v1.0/groups", 201, json!({"id": "g1"})),
    ];
    for (verb, route, status, body) in answers {
        Mock::given(method(verb))
            .and(path(route))
            .respond_with(ResponseTemplate::new(status).set_body_json(body))
            .mount(&server)
            .await;
    }
    server
}

/// Runs the docs of [`docs`] against a server with `--report-html`, a token sent in a header:
/// the server (kept alive while the report is used) and the report's path.
pub async fn generate(dir: &Path) -> (MockServer, PathBuf) {
    docs(dir);
    let server = server().await;
    let more = [
        "--header",
        "X-Trace: ${GRAPH_TOKEN}",
        "--report-html",
        "report.html",
    ];
    let out = support::run_with_token(dir, &server.uri(), TOKEN, &more).await;
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    (server, dir.join("report.html"))
}

/// The text of the JSON data a report page embeds.
fn embedded(page: &str) -> &str {
    let start = r#"<script type="application/json" id="data">"#;
    let from = page.find(start).expect("no data element") + start.len();
    let to = from + page[from..].find("</script>").expect("data not closed");
    &page[from..to]
}

#[tokio::test]
async fn the_html_report_embeds_every_example_with_its_request_bodies_and_marks() {
    let dir = tempfile::tempdir().unwrap();
    let (_server, report) = generate(dir.path()).await;
    let page = std::fs::read_to_string(report).unwrap();
    assert!(!page.contains("html-secret-token") && !page.contains("eyJ0eXAiOiJKV1Qi"));
    assert!(!page.contains("<b>Ops"), "a doc's markup reached the page");
    let outside = page.replace(embedded(&page), "");
    assert!(!outside.contains("://"), "the page links out:\n{outside}");
    let data: Value = serde_json::from_str(embedded(&page)).expect("the data is not JSON");
    crate::support::settings().bind(|| {
        insta::assert_json_snapshot!("html_report_data", data, {
            ".target" => "[target]",
            ".totals.duration_ms" => "[ms]",
            ".examples[].duration_ms" => "[ms]",
            ".histogram" => "[bars of times]",
        });
    });
}

#[tokio::test]
async fn an_html_report_path_that_cannot_be_written_fails_before_any_request() {
    let dir = tempfile::tempdir().unwrap();
    docs(dir.path());
    let server = MockServer::start().await;
    let args = [
        "run",
        "docs",
        "--target",
        &server.uri(),
        "--report-html",
        "no/such/r.html",
    ];
    let out = exemplar_async(dir.path(), &args, &[]).await;
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--report-html no/such/r.html"));
    assert!(
        server
            .received_requests()
            .await
            .unwrap_or_default()
            .is_empty()
    );
}
