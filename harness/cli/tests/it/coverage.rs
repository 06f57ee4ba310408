//! `exemplar coverage`: the operations of a CSDL excerpt against pages that document,
//! exemplify or omit them; run reports for outcomes; the gate; unreadable inputs.

use serde_json::Value;

use crate::support::{exemplar, root, settings, stdout};

const DOCS: &str = "fixtures/coverage/docs";
const CSDL: &str = "fixtures/coverage/graph.csdl.xml";

fn json_lines(text: &str) -> Vec<Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect()
}

/// The record of the operation `method template`.
fn record<'a>(lines: &'a [Value], method: &str, template: &str) -> &'a Value {
    lines
        .iter()
        .find(|l| l["method"] == method && l["template"] == template)
        .unwrap_or_else(|| panic!("no operation {method} {template}"))
}

fn example_names(record: &Value) -> Vec<&str> {
    let examples = record["examples"].as_array().expect("examples");
    examples.iter().filter_map(|e| e["name"].as_str()).collect()
}

#[test]
fn the_human_table_gives_totals_and_unmatched_urls() {
    let out = exemplar(&root(), &["coverage", DOCS, "--metadata", CSDL]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    settings().bind(|| insta::assert_snapshot!("coverage_human", stdout(&out)));
}

#[test]
fn json_lines_give_one_record_per_operation_then_the_summary() {
    let out = exemplar(
        &root(),
        &["coverage", DOCS, "--metadata", CSDL, "--format", "json"],
    );
    assert_eq!(out.status.code(), Some(0));
    settings().bind(|| insta::assert_snapshot!("coverage_json", stdout(&out)));
    let lines = json_lines(&stdout(&out));
    let summary = &lines.last().expect("lines")["summary"];
    assert_eq!(summary["operations"], 40);
    assert_eq!(summary["exemplified"], 4);
}

#[test]
fn each_url_form_finds_its_operation() {
    let out = exemplar(
        &root(),
        &["coverage", DOCS, "--metadata", CSDL, "--format", "json"],
    );
    let lines = json_lines(&stdout(&out));
    // A full URL through `/me` (the users set's entity); a `{placeholder | alternative}`.
    let assign = record(&lines, "POST", "/users/{id}/assignLicense");
    assert_eq!(example_names(assign), ["user_assignlicense"]);
    assert_eq!(assign["documented"].as_array().map(Vec::len), Some(3));
    // A type cast after a navigable collection, in another case; a key in parentheses, $count.
    let member_of = record(&lines, "GET", "/users/{id}/memberOf");
    assert_eq!(
        example_names(member_of),
        ["user_list_memberof_groups", "user_count_memberof"]
    );
    // A function with a parameter, qualified with its namespace, on a singleton.
    let report = record(
        &lines,
        "GET",
        "/reports/getOffice365ActiveUserDetail(period={period})",
    );
    assert_eq!(
        example_names(report),
        ["reportroot_getoffice365activeuserdetail"]
    );
    // Syntax lines only: $value on a contained item, an alias, $ref, $value on a single one.
    for (method, template) in [
        ("GET", "/users/{id}/messages/{id}/attachments/{id}"),
        ("POST", "/users/{id}/messages/{id}/send"),
        ("DELETE", "/groups/{id}/members/{id}/$ref"),
        ("GET", "/users/{id}/photo"),
    ] {
        let found = record(&lines, method, template);
        assert_eq!(
            found["documented"].as_array().map(Vec::len),
            Some(1),
            "{template}"
        );
        assert_eq!(found["examples"], serde_json::json!([]), "{template}");
    }
    // Omitted operations stay empty.
    assert_eq!(
        record(&lines, "POST", "/users")["documented"],
        serde_json::json!([])
    );
    let unmatched: Vec<_> = lines.iter().filter_map(|l| l.get("unmatched")).collect();
    assert_eq!(unmatched.len(), 1);
    assert_eq!(
        unmatched[0]["reason"],
        "no `mailboxes` on microsoft.graph.user, after /users/{id}"
    );
}

#[test]
fn a_run_report_fills_the_outcome() {
    let dir = tempfile::tempdir().expect("temp dir");
    let report = dir.path().join("run.json");
    let report = report.to_str().expect("utf-8 path");
    // A real run against the built-in mock of the same pages.
    let run = exemplar(&root(), &["run", DOCS, "--report-json", report]);
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let args = [
        "coverage",
        DOCS,
        "--metadata",
        CSDL,
        "--format",
        "json",
        "--report",
        report,
    ];
    let lines = json_lines(&stdout(&exemplar(&root(), &args)));
    assert_eq!(record(&lines, "GET", "/users/{id}")["outcome"], "passed");
    assert_eq!(record(&lines, "POST", "/users")["outcome"], Value::Null);
    let summary = &lines.last().expect("lines")["summary"];
    assert_eq!(summary["proven"], 4);
    // A newer report where get_user failed: the newest wins.
    let text = std::fs::read_to_string(report).expect("report");
    let failed: String = (text.lines())
        .map(|l| match l.contains("\"get_user\"") {
            true => l.replace("\"outcome\":\"passed\"", "\"outcome\":\"failed\""),
            false => l.to_owned(),
        } + "\n")
        .collect();
    let newer = dir.path().join("newer.json");
    std::fs::write(&newer, failed).expect("write");
    let newer = newer.to_str().expect("utf-8 path");
    let args = [&args[..], &["--report", newer]].concat();
    let lines = json_lines(&stdout(&exemplar(&root(), &args)));
    assert_eq!(record(&lines, "GET", "/users/{id}")["outcome"], "failed");
}

#[test]
fn fail_under_gates_on_the_exemplified_share() {
    let gate = |pct: &str| {
        let out = exemplar(
            &root(),
            &["coverage", DOCS, "--metadata", CSDL, "--fail-under", pct],
        );
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    // 4 of 40 operations have an example: 10%.
    assert_eq!(gate("10").0, Some(0));
    let (code, stderr) = gate("10.1");
    assert_eq!(code, Some(1));
    assert!(
        stderr.contains("10.0% of the operations have an example, under --fail-under 10.1"),
        "{stderr}"
    );
    assert_eq!(gate("101").0, Some(2));
}

#[test]
fn an_unreadable_csdl_or_report_is_exit_2_naming_file_and_line() {
    let broken = "fixtures/coverage/broken.csdl.xml";
    let out = exemplar(&root(), &["coverage", DOCS, "--metadata", broken]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("fixtures/coverage/broken.csdl.xml:"),
        "{stderr}"
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let report = dir.path().join("bad.json");
    std::fs::write(&report, "\n{ not json\n").expect("write");
    let report = report.to_str().expect("utf-8 path");
    let out = exemplar(
        &root(),
        &["coverage", DOCS, "--metadata", CSDL, "--report", report],
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(&format!("{report}:2:")), "{stderr}");
    let missing = exemplar(
        &root(),
        &[
            "coverage",
            DOCS,
            "--metadata",
            CSDL,
            "--report",
            "nope.json",
        ],
    );
    assert_eq!(missing.status.code(), Some(2));
}
