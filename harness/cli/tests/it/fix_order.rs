//! `run --fix` against a service that writes its members in an order of its own (DESIGN §12):
//! an added member goes after its neighbour in that order, and a member elided as `"key": ...`
//! gets the answer's value in place of its marks, not a second entry.

use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::fix::docs;
use crate::support::{self, exemplar_async, stdout};

/// The user of `order.md` as the service writes it: `zone` after `id`, `givenName` after
/// `displayName` (neither where a sorted map would put them), and the `manager` the docs elide.
const ANSWER: &str = r#"{"id": "7", "zone": "EU", "displayName": "Adele Vance", "givenName": "Adele", "surname": "Vance", "mail": "AdeleV@contoso.com", "manager": {"id": "9"}}"#;

async fn service() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1.0/users/7"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(ANSWER, "application/json"))
        .mount(&server)
        .await;
    server
}

async fn run(dir: &std::path::Path, server: &MockServer, flag: &str) -> std::process::Output {
    exemplar_async(dir, &["run", "docs", "--target", &server.uri(), flag], &[]).await
}

#[tokio::test]
async fn added_members_follow_the_services_order_and_elided_values_are_filled() {
    let dir = tempfile::tempdir().unwrap();
    docs(dir.path(), &["order.md"]);
    let server = service().await;
    let page = dir.path().join("docs/order.md");
    let before = std::fs::read_to_string(&page).unwrap();
    let shown = stdout(&run(dir.path(), &server, "--diff").await);
    assert_eq!(std::fs::read_to_string(&page).unwrap(), before);
    let diff = &shown[shown.find("--- a/").unwrap()..shown.find("--diff:").unwrap()];
    support::settings().bind(|| insta::assert_snapshot!("fix_order_diff", diff));
    let fixed = stdout(&run(dir.path(), &server, "--fix").await);
    assert!(fixed.contains("fixed order.md: 3 edits\n"), "{fixed}");
    let after = std::fs::read_to_string(&page).unwrap();
    assert_eq!(after.matches("\"manager\"").count(), 1, "{after}");
    let order: Vec<usize> = [
        "\"id\"",
        "\"zone\"",
        "\"displayName\"",
        "\"givenName\"",
        "\"surname\"",
    ]
    .iter()
    .map(|k| after.find(k).unwrap())
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{after}");
    let again = run(dir.path(), &server, "--fix").await;
    assert!(stdout(&again).contains("1 passed"), "{}", stdout(&again));
    assert_eq!(std::fs::read_to_string(&page).unwrap(), after);
}
