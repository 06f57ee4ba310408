//! `run --fix` safety (DESIGN §12): nothing the run redacts reaches a page, and a page changed
//! on disk since the run read it is not written.

use std::path::PathBuf;

use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use crate::fix::{answer, docs};
use crate::support::{self, stdout};

#[tokio::test]
async fn an_answer_echoing_a_secret_is_not_written_into_the_page() {
    let token = "eyJ0eXAiOiJKV1QiLCJub25jZSI6InNlY3JldCJ9";
    let server = MockServer::start().await;
    let echoed =
        json!({"tokenType": "Bearer", "audience": "https://graph.microsoft.com", "raw": token});
    answer(&server, "GET", "/v1.0/me/tokenInfo", 200, echoed).await;
    let dir = tempfile::tempdir().unwrap();
    docs(dir.path(), &["secret.md"]);
    let before = std::fs::read(dir.path().join("docs/secret.md")).unwrap();
    for flag in ["--fix", "--diff"] {
        let out = support::run_with_token(dir.path(), &server.uri(), token, &[flag]).await;
        let text = stdout(&out);
        assert!(
            text.contains("not fixed secret.md:4 get_token_info: the answer holds a secret the run redacts; it is never written into a page\n"),
            "{text}"
        );
        let wrote = text
            .lines()
            .any(|l| l.starts_with("fixed ") || l.starts_with("+++"));
        assert!(!text.contains(token) && !wrote, "{text}");
        assert!(!text.contains("fixable with --fix"), "{text}");
        assert_eq!(
            std::fs::read(dir.path().join("docs/secret.md")).unwrap(),
            before
        );
    }
}

/// Answers as the service now does, after changing the page on disk (an author's edit landing
/// while the run goes).
struct EditsThePage(PathBuf);

impl Respond for EditsThePage {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let mut text = std::fs::read_to_string(&self.0).unwrap();
        text.push_str("\nAn author's new paragraph.\n");
        std::fs::write(&self.0, text).unwrap();
        let body = json!({"tokenType": "PoP", "audience": "https://graph.microsoft.com"});
        ResponseTemplate::new(200).set_body_json(body)
    }
}

#[tokio::test]
async fn a_page_changed_since_the_run_read_it_is_not_written() {
    let dir = tempfile::tempdir().unwrap();
    docs(dir.path(), &["secret.md"]);
    let page = dir.path().join("docs/secret.md");
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1.0/me/tokenInfo"))
        .respond_with(EditsThePage(page.clone()))
        .mount(&server)
        .await;
    let out = support::exemplar_async(
        dir.path(),
        &["run", "docs", "--target", &server.uri(), "--fix"],
        &[],
    )
    .await;
    let text = stdout(&out);
    assert!(
        text.contains("not fixed secret.md: the page changed on disk since the run read it\n"),
        "{text}"
    );
    let now = std::fs::read_to_string(&page).unwrap();
    assert!(
        now.contains("\"Bearer\"") && now.ends_with("An author's new paragraph.\n"),
        "{now}"
    );
}
