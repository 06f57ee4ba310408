//! The command line as a user meets it: output formats, paths and exit codes.

use crate::support::{self, exemplar, stdout};

#[test]
fn list_json_has_the_documented_fields_with_paths_relative_to_the_argument() {
    let out = exemplar(&support::root(), &["list", "--format", "json", "fixtures"]);
    // fixtures/invalid holds a binary page and one that is not UTF-8: each named once on
    // stderr, and the listing goes on.
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(stderr.lines().count(), 2, "{stderr}");
    assert!(
        stderr.contains("invalid/binary-file.md: ") && stderr.contains("invalid/not-utf8.md: "),
        "{stderr}"
    );
    let rows: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let user = rows
        .iter()
        .find(|r| r["name"] == "get_user")
        .expect("get_user listed");
    assert_eq!(user["file"], "docs/get-user.md");
    assert_eq!(user["line"], 19);
    assert_eq!(user["method"], "GET");
    assert_eq!(user["url"], "https://graph.microsoft.com/v1.0/users/{id}");
    let response = &user["response"];
    assert_eq!(response["line"], 32);
    assert_eq!(response["status"], 200);
    assert_eq!(response["headers"]["content-type"], "application/json");
    assert_eq!(response["body"]["displayName"], "Adele Vance");
    assert_eq!(response["truncated"], true);
    assert_eq!(response["odata_type"], "microsoft.graph.user");
    assert_eq!(response["is_collection"], false);
    let keys: Vec<_> = user.as_object().unwrap().keys().cloned().collect();
    assert_eq!(
        keys,
        [
            "body", "file", "headers", "line", "method", "name", "response", "url"
        ]
    );
    let lonely = rows
        .iter()
        .find(|r| r["name"] == "list_children")
        .expect("unpaired listed");
    assert!(lonely["response"].is_null());
}

#[test]
fn list_of_a_single_file_names_the_file_itself() {
    let out = exemplar(&support::root(), &["list", "fixtures/docs/get-user.md"]);
    assert_eq!(
        stdout(&out),
        "get-user.md:19  GET https://graph.microsoft.com/v1.0/users/{id}  -> 200  [get_user]\n"
    );
}

#[test]
fn lint_exits_zero_on_warnings_one_on_errors_and_on_missing_paths() {
    let warnings = exemplar(&support::root(), &["lint", "fixtures/docs"]);
    assert_eq!(warnings.status.code(), Some(0));
    assert!(
        stdout(&warnings).ends_with("0 errors, 0 warnings in 11 files\n"),
        "{}",
        stdout(&warnings)
    );

    let errors = exemplar(
        &support::root(),
        &["lint", "fixtures/invalid/unknown-block-type.md"],
    );
    assert_eq!(errors.status.code(), Some(1));

    // A path that is not there is that path's error, its OS reason said once.
    let missing = exemplar(&support::root(), &["lint", "no/such/dir"]);
    assert_eq!(missing.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&missing.stderr);
    assert_eq!(
        stderr.trim_end(),
        "error: no/such/dir: No such file or directory (os error 2)"
    );
}

#[test]
fn lint_json_lines_carry_location_severity_and_code() {
    let out = exemplar(
        &support::root(),
        &[
            "lint",
            "--format",
            "json",
            "fixtures/invalid/reason-phrase-mismatch.md",
        ],
    );
    let row: serde_json::Value =
        serde_json::from_str(stdout(&out).lines().next().unwrap()).unwrap();
    assert_eq!(
        row,
        serde_json::json!({
            "file": "reason-phrase-mismatch.md", "line": 10, "column": 1, "severity": "warning",
            "code": "reason-phrase-mismatch",
            "message": "reason phrase `Accpted` does not match status 202: write `202 Accepted`"
        })
    );
}

#[test]
fn bad_flags_are_exit_two_with_help() {
    let out = exemplar(&support::root(), &["list", "--format", "yaml"]);
    assert_eq!(out.status.code(), Some(2));
    let help = exemplar(&support::root(), &["--help"]);
    let text = stdout(&help);
    assert!(text.contains("list") && text.contains("lint"), "{text}");
}

/// A reader that goes away (`exemplar list | head -1`) ends the output quietly, as ripgrep does.
#[test]
fn a_closed_pipe_ends_quietly() {
    // More output than a pipe holds, so the writer meets the closed end.
    let dir = tempfile::tempdir().unwrap();
    let page = support::page("GET /users/{id}", "", "HTTP/1.1 204 No Content");
    for n in 0..2000 {
        std::fs::write(dir.path().join(format!("p{n:04}.md")), &page).unwrap();
    }
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_exemplar"))
        .args(["list", ".", "--jobs", "1"])
        .current_dir(dir.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    let mut stdout = std::io::BufReader::new(child.stdout.take().unwrap());
    std::io::BufRead::read_line(&mut stdout, &mut first).unwrap();
    assert!(first.contains("  -> "), "{first}");
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}
