//! The HTML report's overview and coverage section from real runs: `run --metadata …
//! --report-html` counts the service's operations as `exemplar coverage` does, proven by the
//! run's own outcomes; without `--metadata` there is no section; `report merge --report-html`
//! gives the overview a run gives.

use std::path::Path;

use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{exemplar, exemplar_async, root, stdout};

const DOCS: &str = "fixtures/coverage/docs";
pub(crate) const CSDL: &str = "fixtures/coverage/graph.csdl.xml";

/// The JSON data a report page embeds.
fn data(report: &Path) -> Value {
    let page = std::fs::read_to_string(report).expect("the report");
    let start = r#"<script type="application/json" id="data">"#;
    let from = page.find(start).expect("no data element") + start.len();
    let to = from + page[from..].find("</script>").expect("data not closed");
    serde_json::from_str(&page[from..to]).expect("the data is not JSON")
}

/// A service where `get_user` passes and every other request is answered 404.
pub(crate) async fn service() -> MockServer {
    let server = MockServer::start().await;
    let user = json!({"id": "87d349ed-44d7-43e1-9a83-5f2406dee5bd", "displayName": "Adele"});
    Mock::given(method("GET"))
        .and(path("/v1.0/users/87d349ed-44d7-43e1-9a83-5f2406dee5bd"))
        .respond_with(ResponseTemplate::new(200).set_body_json(user))
        .mount(&server)
        .await;
    server
}

/// Runs the coverage fixtures against `server` with `more` flags, in the repository root.
pub(crate) async fn run(server: &MockServer, more: &[&str]) -> std::process::Output {
    let uri = server.uri();
    let args = [&["run", DOCS, "--target", &uri, "--no-progress"], more].concat();
    exemplar_async(&root(), &args, &[]).await
}

#[tokio::test]
async fn the_coverage_section_counts_operations_proven_by_this_run() {
    let dir = tempfile::tempdir().unwrap();
    let (html, json) = (dir.path().join("r.html"), dir.path().join("r.json"));
    let server = service().await;
    let flags = ["--metadata", CSDL, "--report-html", html.to_str().unwrap()];
    let out = run(
        &server,
        &[&flags[..], &["--report-json", json.to_str().unwrap()]].concat(),
    )
    .await;
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let data = data(&html);
    let section = &data["coverage"];
    // 40 operations in one namespace, 8 documented, 4 exemplified; only `GET /users/{id}`
    // passed (the service answers the others 404, and one example is skipped).
    let expected = json!({
        "version": null, "namespace": "microsoft.graph", "operations": 40,
        "documented": 8, "exemplified": 4, "proven": 1,
        "documented_pct": 20.0, "exemplified_pct": 10.0, "proven_pct": 2.5
    });
    assert_eq!(section["rows"], json!([expected]), "{section:#}");
    assert_eq!(section["summary"]["proven"], 1);
    assert_eq!(section["summary"]["operations"], 40);
    assert_eq!(section["unmatched"], 1);
    // The same counts as `exemplar coverage` gives for the run's JSON report.
    let args = [
        "coverage",
        DOCS,
        "--metadata",
        CSDL,
        "--format",
        "json",
        "--report",
    ];
    let coverage = exemplar(&root(), &[&args[..], &[json.to_str().unwrap()]].concat());
    let last = stdout(&coverage).lines().last().map(str::to_owned);
    let summary: Value = serde_json::from_str(&last.expect("a summary line")).unwrap();
    for key in ["operations", "documented", "exemplified", "proven"] {
        assert_eq!(section["summary"][key], summary["summary"][key], "{key}");
    }
}

#[tokio::test]
async fn without_metadata_there_is_no_coverage_section() {
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("r.html");
    let server = service().await;
    run(&server, &["--report-html", html.to_str().unwrap()]).await;
    let data = data(&html);
    assert_eq!(data.get("coverage"), None);
    assert!(data["examples"].as_array().is_some_and(|e| !e.is_empty()));
}

#[tokio::test]
async fn an_unreadable_csdl_for_the_section_fails_before_any_request() {
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("r.html");
    let server = service().await;
    let broken = "fixtures/coverage/broken.csdl.xml";
    let out = run(
        &server,
        &[
            "--metadata",
            broken,
            "--report-html",
            html.to_str().unwrap(),
        ],
    )
    .await;
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("broken.csdl.xml:"), "{stderr}");
    let sent = server.received_requests().await.unwrap_or_default();
    assert!(sent.is_empty(), "{} requests sent", sent.len());
}

#[tokio::test]
async fn a_merged_report_has_the_overview_of_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let (html, json) = (dir.path().join("r.html"), dir.path().join("r.json"));
    let merged = dir.path().join("m.html");
    let server = service().await;
    let flags = [
        "--report-html",
        html.to_str().unwrap(),
        "--report-json",
        json.to_str().unwrap(),
    ];
    run(&server, &flags).await;
    let args = [
        "report",
        "merge",
        json.to_str().unwrap(),
        "--report-html",
        merged.to_str().unwrap(),
    ];
    let out = exemplar(&root(), &args);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let (ran, merged) = (data(&html), data(&merged));
    assert_eq!(merged["folders"], ran["folders"]);
    assert_eq!(
        merged["folders"],
        json!([{"folder": "v1.0/api", "pages": 4,
                "passed": 1, "failed": 3, "skipped": 1, "error": 0}])
    );
    let order = |data: &Value| -> Vec<(String, String)> {
        (data["examples"].as_array().unwrap().iter())
            .map(|e| {
                (
                    e["outcome"].to_string(),
                    format!("{}:{}", e["file"], e["line"]),
                )
            })
            .collect()
    };
    assert_eq!(order(&merged), order(&ran));
    assert_eq!(order(&ran)[0].0, "\"failed\"", "{:?}", order(&ran));
    let sent = |data: &Value| -> u64 {
        (data["histogram"].as_array().unwrap().iter())
            .map(|b| b["passed"].as_u64().unwrap() + b["failed"].as_u64().unwrap())
            .sum()
    };
    assert_eq!((sent(&ran), sent(&merged)), (4, 4));
}
