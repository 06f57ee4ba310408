//! `exemplar run` as a user meets it: config layers, exit codes, report files, secrets.

use std::path::Path;

use serde_json::json;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{self, exemplar_async, page, stdout};

fn write(dir: &Path, file: &str, text: &str) {
    std::fs::write(dir.join(file), text).unwrap();
}

/// A doc folder with one passing GET, one example needing `--param id`.
fn docs(dir: &Path) {
    std::fs::create_dir_all(dir.join("docs")).unwrap();
    write(
        dir,
        "docs/me.md",
        &page(
            "GET https://graph.microsoft.com/v1.0/me",
            "",
            "HTTP/1.1 200 OK\nContent-type: application/json\n\n{\"displayName\": \"Adele\"}",
        ),
    );
    write(
        dir,
        "docs/user.md",
        &page(
            "GET /users/{id}",
            "",
            "HTTP/1.1 200 OK\nContent-type: application/json\n\n{\"displayName\": \"Bob\"}",
        ),
    );
}

async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1.0/me"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"displayName": "Adele"})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/users/7"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"displayName": "Bob"})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/users/8"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"displayName": "Eve"})))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn exit_codes_follow_the_outcomes() {
    let dir = tempfile::tempdir().unwrap();
    docs(dir.path());
    let server = server().await;
    let passed = exemplar_async(
        dir.path(),
        &["run", "docs", "--target", &server.uri(), "--param", "id=7"],
        &[],
    )
    .await;
    assert_eq!(passed.status.code(), Some(0), "{}", stdout(&passed));
    assert!(
        stdout(&passed)
            .lines()
            .last()
            .unwrap()
            .starts_with("2 passed, 0 failed, 0 skipped in "),
        "{}",
        stdout(&passed)
    );

    let failed = exemplar_async(
        dir.path(),
        &["run", "docs", "--target", &server.uri(), "--param", "id=8"],
        &[],
    )
    .await;
    assert_eq!(failed.status.code(), Some(1));
    assert!(
        stdout(&failed).contains("/body/displayName: expected \"Bob\", got \"Eve\""),
        "{}",
        stdout(&failed)
    );

    let refused = exemplar_async(
        dir.path(),
        &[
            "run",
            "docs",
            "--target",
            "http://127.0.0.1:9",
            "--param",
            "id=7",
            "--retries",
            "0",
        ],
        &[],
    )
    .await;
    assert_eq!(refused.status.code(), Some(3), "{}", stdout(&refused));

    let bad = exemplar_async(dir.path(), &["run", "docs", "--target", "not a url"], &[]).await;
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("target"));
}

#[tokio::test]
async fn config_file_environment_and_flags_layer_in_order() {
    let dir = tempfile::tempdir().unwrap();
    docs(dir.path());
    let server = server().await;
    write(
        dir.path(),
        "exemplar.toml",
        &format!("target = \"{}\"\n[params]\nid = \"8\"\n", server.uri()),
    );
    // The file alone: id=8, which fails.
    let file = exemplar_async(dir.path(), &["run", "docs"], &[]).await;
    assert_eq!(file.status.code(), Some(1), "{}", stdout(&file));
    // The environment wins over the file.
    let env = exemplar_async(dir.path(), &["run", "docs"], &[("EXEMPLAR_PARAM_id", "7")]).await;
    assert_eq!(env.status.code(), Some(0), "{}", stdout(&env));
    // Flags win over the environment.
    let flags = exemplar_async(
        dir.path(),
        &["run", "docs", "--param", "id=8"],
        &[("EXEMPLAR_PARAM_id", "7")],
    )
    .await;
    assert_eq!(flags.status.code(), Some(1));
    // --no-config: none of the file's params, so the example needing `id` is skipped.
    let none = exemplar_async(
        dir.path(),
        &["run", "docs", "--no-config", "--target", &server.uri()],
        &[],
    )
    .await;
    assert!(
        stdout(&none).contains("SKIP  user.md:4 example: placeholder {id} has no value"),
        "{}",
        stdout(&none)
    );
    // An unknown key is an error naming it.
    write(dir.path(), "bad.toml", "taget = \"http://x\"\n");
    let bad = exemplar_async(dir.path(), &["run", "docs", "--config", "bad.toml"], &[]).await;
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&bad.stderr).contains("taget"),
        "{}",
        String::from_utf8_lossy(&bad.stderr)
    );
}

#[tokio::test]
async fn report_files_hold_one_record_per_example() {
    let dir = tempfile::tempdir().unwrap();
    docs(dir.path());
    let server = server().await;
    let args = [
        "run",
        "docs",
        "--target",
        &server.uri(),
        "--report-json",
        "report.jsonl",
        "--report-junit",
        "junit.xml",
    ];
    let out = exemplar_async(dir.path(), &args, &[]).await;
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let json = std::fs::read_to_string(dir.path().join("report.jsonl")).unwrap();
    let rows: Vec<serde_json::Value> = json
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    // The fields of DESIGN §6 as they were, then what `report merge` needs to render the rest.
    assert_eq!(
        design_fields(&rows[0]),
        json!({"file": "me.md", "line": 4, "name": "example", "outcome": "passed", "reason": null, "mismatches": [], "snapshot": "off"})
    );
    assert_eq!(rows[0]["request"]["method"], "GET");
    assert!(rows[0]["duration_ms"].as_f64().is_some());
    // The last line describes the run, for `report merge`.
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[2]["run"]["partition"], serde_json::Value::Null);
    assert_eq!(
        (
            rows[2]["run"]["passed"].clone(),
            rows[2]["run"]["exit_code"].clone()
        ),
        (json!(1), json!(0))
    );
    assert_eq!(rows[1]["outcome"], "skipped");
    assert_eq!(
        rows[1]["reason"],
        "placeholder {id} has no value: give one with --param id=VALUE"
    );
    let junit = std::fs::read_to_string(dir.path().join("junit.xml")).unwrap();
    assert!(
        junit.contains(r#"classname="me.md""#)
            && junit.contains(r#"file="me.md""#)
            && junit.contains(r#"line="4""#),
        "{junit}"
    );
    assert!(junit.contains("<skipped"), "{junit}");
}

/// The fields of `row` that DESIGN §6 names.
fn design_fields(row: &serde_json::Value) -> serde_json::Value {
    let design = [
        "file",
        "line",
        "name",
        "outcome",
        "reason",
        "mismatches",
        "snapshot",
    ];
    let fields: serde_json::Map<_, _> = (row.as_object().unwrap().iter())
        .filter(|(k, _)| design.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    serde_json::Value::Object(fields)
}

#[tokio::test]
async fn a_token_from_the_environment_never_reaches_any_output() {
    const TOKEN: &str = "eyJ0eXAiOiJKV1Qi.secret-token-value";
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("docs")).unwrap();
    write(
        dir.path(),
        "docs/me.md",
        &page(
            "GET /me\nAuthorization: Bearer {token}",
            "",
            "HTTP/1.1 200 OK\nContent-type: application/json\n\n{\"displayName\": \"Adele\"}",
        ),
    );
    let server = MockServer::start().await;
    // The server echoes the token back, and answers something else than documented.
    Mock::given(method("GET"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"displayName": format!("echo {TOKEN}")})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let more = ["--report-json", "r.jsonl", "--report-junit", "j.xml"];
    let out = support::run_with_token(dir.path(), &server.uri(), TOKEN, &more).await;
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let shown = [
        stdout(&out),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        std::fs::read_to_string(dir.path().join("r.jsonl")).unwrap(),
        std::fs::read_to_string(dir.path().join("j.xml")).unwrap(),
    ];
    for text in &shown {
        assert!(
            !text.contains("secret-token-value") && !text.contains("eyJ0eXAiOiJKV1Qi"),
            "token leaked in:\n{text}"
        );
    }
    assert!(
        shown[0].contains("authorization: [redacted]"),
        "{}",
        shown[0]
    );
    assert!(shown[0].contains("echo [redacted]"), "{}", shown[0]);
}

#[tokio::test]
async fn a_page_that_cannot_be_read_is_its_error_and_the_run_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    docs(dir.path());
    std::fs::write(dir.path().join("docs/latin1.md"), b"caf\xe9\n").unwrap();
    let server = server().await;
    let out = exemplar_async(
        dir.path(),
        &["run", "docs", "--target", &server.uri(), "--param", "id=7"],
        &[],
    )
    .await;
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(
        stdout(&out).ends_with("2 passed, 0 failed, 0 skipped in 0.00s\n")
            || stdout(&out).contains("2 passed, 0 failed, 0 skipped"),
        "{}",
        stdout(&out)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        stderr.matches("latin1.md").count(),
        1,
        "the page's error, once: {stderr}"
    );
    assert!(
        stderr.contains("is not UTF-8") && stderr.contains("[not-utf8]"),
        "{stderr}"
    );
}

/// Values of the wrong kind in `exemplar.toml` or an `EXEMPLAR_*` variable are said in plain
/// words: the file and line, the key or variable, what it takes and what was found; an unknown
/// key names the closest known one. Every one exits 2 before anything runs.
/// See: issue 14, "the first hour".
#[tokio::test]
async fn issue_14_config_errors_name_the_key_the_kind_and_what_was_found() {
    let dir = tempfile::tempdir().unwrap();
    docs(dir.path());
    let files = [
        "jobs = \"four\"\n",
        "target = \"http://127.0.0.1:8771\"\njobs = 0\n",
        "timeout = \"30s\"\n",
        "allow_mutations = \"true\"\n",
        "target = \"127.0.0.1:8771\"\n",
        "match = \"fuzzy\"\n",
        "ignore = \".id\"\n",
        "[params]\nid = 42\n",
        "[header]\nAuthorization = \"Bearer x\"\n",
        "colour = true\n",
        "jobs = 4\njobs = 5\n",
    ];
    let mut text = String::new();
    for file in files {
        write(dir.path(), "exemplar.toml", file);
        let out = exemplar_async(dir.path(), &["run", "docs"], &[]).await;
        assert_eq!(out.status.code(), Some(2), "{file}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        text.push_str(&format!("{file}=> {stderr}\n"));
    }
    std::fs::remove_file(dir.path().join("exemplar.toml")).unwrap();
    let variables = [
        ("EXEMPLAR_JOBS", "0"),
        ("EXEMPLAR_TIMEOUT", "soon"),
        ("EXEMPLAR_TARGET", "localhost:8771"),
        ("EXEMPLAR_MATCH", "fuzzy"),
        ("EXEMPLAR_ALLOW_MUTATIONS", "maybe"),
    ];
    for (name, value) in variables {
        let out = exemplar_async(dir.path(), &["run", "docs"], &[(name, value)]).await;
        assert_eq!(out.status.code(), Some(2), "{name}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        text.push_str(&format!("{name}={value}\n=> {stderr}\n"));
    }
    crate::support::settings().bind(|| insta::assert_snapshot!("config_value_errors", text));
}

/// An ignore selector that matched no value in any example is named at the end of the run, from
/// the flag and from the config alike (issue 14).
#[tokio::test]
async fn issue_14_an_ignore_selector_that_matched_nothing_is_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    docs(dir.path());
    write(dir.path(), "exemplar.toml", "ignore = [\".value[].id\"]\n");
    let server = server().await;
    let args = [
        "run",
        "docs",
        "--target",
        &server.uri(),
        "--param",
        "id=7",
        "--ignore",
        ".body.displayName",
        "--ignore",
        ".displayName",
    ];
    let out = exemplar_async(dir.path(), &args, &[]).await;
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let text = stdout(&out);
    let warnings: Vec<&str> = text.lines().filter(|l| l.starts_with("warning:")).collect();
    assert_eq!(
        warnings,
        [
            "warning: ignore rule `.value[].id` matched no value in any example",
            "warning: ignore rule `.body.displayName` matched no value in any example: selectors start at the body, so write `.displayName`",
        ]
    );
}
