//! `report merge --format github` names each page by its path under the project root, whatever
//! folder the shard ran in and whatever path it was given.

use std::path::Path;
use std::process::{Command, Output};

use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::page;

fn exemplar(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_exemplar"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("GITHUB_ACTIONS")
        .env_remove("GITHUB_STEP_SUMMARY")
        .env_remove("CI")
        .output()
        .unwrap()
}

#[tokio::test]
async fn merged_annotations_name_pages_under_the_project_root_not_the_shard_path() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"id": "2"})))
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let api = dir.path().join("docs/api");
    std::fs::create_dir_all(&api).unwrap();
    let documented = page(
        "GET https://graph.microsoft.com/v1.0/me",
        "",
        "HTTP/1.1 200 OK\nContent-type: application/json\n\n{\"id\": \"1\"}",
    );
    std::fs::write(api.join("user-get.md"), documented).unwrap();
    // The shard runs inside docs/, given `api`, with the project root one folder up.
    let ran = exemplar(
        &dir.path().join("docs"),
        &[
            "run",
            "api",
            "--root",
            "..",
            "--target",
            &server.uri(),
            "--partition",
            "1/1",
            "--report-json",
            "../shard.json",
            "--format",
            "human",
        ],
    );
    assert_eq!(ran.status.code(), Some(1), "{ran:?}");
    let merged = exemplar(
        dir.path(),
        &["report", "merge", "shard.json", "--format", "github"],
    );
    assert_eq!(merged.status.code(), Some(1), "{merged:?}");
    let out = String::from_utf8_lossy(&merged.stdout);
    let annotation = out
        .lines()
        .find(|l| l.starts_with("::error "))
        .unwrap_or_else(|| panic!("no annotation in {out}"));
    assert!(
        annotation.starts_with("::error file=docs/api/user-get.md,line=5,"),
        "{annotation}"
    );
}
