use std::time::Duration;

use serde_json::{Value, json};

use super::*;
use crate::session::{ExampleResult, Outcome, Reason, SentRequest, Summary};
use exemplar_core::compare::{Mismatch, Problem};

fn result(outcome: Outcome) -> ExampleResult {
    ExampleResult {
        file: "docs/user-get.md".into(),
        line: 12,
        name: Some("get_user".into()),
        outcome,
        reason: None,
        mismatches: Vec::new(),
        request: Some(SentRequest {
            method: "GET".into(),
            target: "/v1.0/users/42".into(),
            headers: vec![("accept".into(), "application/json".into())],
            body: None,
        }),
        bodies: None,
        snapshot: crate::snapshot::Status::Off,
        snapshot_change: None,
        duration: Duration::from_micros(1500),
        order: (0, 0),
        scenario: None,
        fix: None,
        fixable: false,
        exchange: None,
        operation: None,
    }
}

fn failed(documented: Value, observed: Value, mismatches: Vec<Mismatch>) -> ExampleResult {
    let mut failed = result(Outcome::Failed);
    failed.reason = Some(Reason::Failed {
        mismatches: mismatches.len(),
        snapshot: None,
    });
    failed.mismatches = mismatches;
    failed.bodies = Some((documented, observed));
    failed
}

/// The page written for `results`, with `redactor`.
fn page(results: Vec<ExampleResult>, redactor: Redactor) -> String {
    let mut html = Html::new(Vec::new(), redactor);
    let mut summary = Summary::new(results.len(), false);
    for result in results {
        summary.count(result.outcome);
        html.event(&Event::Example(Box::new(result))).unwrap();
    }
    html.event(&Event::Finished(summary)).unwrap();
    String::from_utf8(html.into_inner()).unwrap()
}

/// The JSON data embedded in `page`.
fn data(page: &str) -> Value {
    let start = r#"<script type="application/json" id="data">"#;
    let from = page.find(start).expect("no data element") + start.len();
    let to = from + page[from..].find("</script>").expect("data not closed");
    serde_json::from_str(&page[from..to]).expect("the data is not JSON")
}

#[test]
fn text_is_escaped_for_html() {
    assert_eq!(
        escape(r#"<a href="x" title='y'>&</a>"#),
        "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;"
    );
    assert_eq!(
        embedded(r#"{"a":"</script><!-- & -->"}"#).find(['<', '>', '&']),
        None
    );
}

#[test]
fn a_script_end_in_a_body_cannot_end_the_data() {
    let evil = "</script><script>alert(1)</script><!--";
    let mut example = failed(
        json!({"note": "fine"}),
        json!({"note": evil}),
        vec![Mismatch::new(
            "/body/note",
            Problem::Differs,
            json!("fine"),
            json!(evil),
        )],
    );
    example.name = Some(evil.into());
    let page = page(vec![example], Redactor::default());
    assert!(!page.contains("<script>alert"), "{page}");
    assert!(!page.contains("<!--"));
    assert_eq!(page.matches("</script>").count(), 2, "data and code only");
    let data = data(&page);
    assert_eq!(data["examples"][0]["name"], evil);
    let observed = &data["examples"][0]["bodies"][1]["lines"][1];
    assert_eq!(
        observed.as_str().unwrap(),
        format!("  \"note\": {}", json!(evil))
    );
}

#[test]
fn a_secret_in_a_header_or_a_body_never_reaches_the_page() {
    let secret = "s3cr3t-t0ken-value";
    let mut example = result(Outcome::Passed);
    if let Some(request) = &mut example.request {
        request
            .headers
            .push(("x-trace".into(), format!("id {secret}")));
        request.body = Some(format!(r#"{{"password": "{secret}"}}"#));
    }
    let page = page(vec![example], Redactor::new([secret.to_owned()]));
    assert!(!page.contains(secret), "the secret is in the page");
    let data = data(&page);
    let request = &data["examples"][0]["request"];
    assert_eq!(request["headers"][1], json!(["x-trace", "id [redacted]"]));
    assert_eq!(request["body"], r#"{"password": "[redacted]"}"#);
}

#[test]
fn each_mismatch_is_marked_on_the_line_of_its_pointer() {
    let example = failed(
        json!({"id": 1, "name": "a"}),
        json!({"id": "1", "extra": true}),
        vec![
            Mismatch::new("/body/id", Problem::WrongType, json!(1), json!("1")),
            Mismatch::new("/body/name", Problem::Missing, json!("a"), Value::Null),
            Mismatch::new("/body/extra", Problem::Unexpected, Value::Null, json!(true)),
            Mismatch::new("/status", Problem::Differs, json!(200), json!(201)),
        ],
    );
    let data = data(&page(vec![example], Redactor::default()));
    let bodies = &data["examples"][0]["bodies"];
    // Documented: {, "id", "name", }; observed: {, "extra", "id", }.
    assert_eq!(
        bodies[0]["marks"],
        json!([[1, 0, true], [2, 1, true], [0, 2, false]])
    );
    assert_eq!(
        bodies[1]["marks"],
        json!([[2, 0, true], [0, 1, false], [1, 2, true]])
    );
    let found = &data["examples"][0]["mismatches"];
    assert_eq!(found[3]["pointer"], "/status");
    assert_eq!(found[3]["text"], "/status: expected 200, got 201");
}

#[test]
fn the_snapshot_change_is_a_unified_diff() {
    let mut example = result(Outcome::Failed);
    example.snapshot = crate::snapshot::Status::Changed;
    example.snapshot_change = Some(("a\nb\nc\n".into(), "a\nB\nc\n".into()));
    let data = data(&page(vec![example], Redactor::default()));
    assert_eq!(
        data["examples"][0]["snapshot_diff"],
        json!([
            ["@", "@@ -1,3 +1,3 @@"],
            [" ", "a"],
            ["-", "b"],
            ["+", "B"],
            [" ", "c"]
        ])
    );
}

#[test]
fn a_snapshot_diff_over_64_kib_is_cut_with_a_note() {
    let mut example = result(Outcome::Failed);
    example.snapshot = crate::snapshot::Status::Changed;
    let new: String = (0..3000)
        .map(|i| format!("line {i:05} of a long new snapshot\n"))
        .collect();
    example.snapshot_change = Some(("short\n".into(), new));
    let data = data(&page(vec![example], Redactor::default()));
    let diff = data["examples"][0]["snapshot_diff"].as_array().unwrap();
    let kept: usize = diff.iter().map(|l| l[1].as_str().unwrap().len() + 1).sum();
    assert!(kept < 66_000, "{kept} bytes kept");
    let note = diff.last().unwrap();
    assert_eq!(note[0], "@");
    assert!(
        note[1]
            .as_str()
            .unwrap()
            .contains("this report shows the first 64 KiB of a diff"),
        "{note}"
    );
}

#[test]
fn a_failed_teardown_is_listed_and_counted() {
    let mut html = Html::new(Vec::new(), Redactor::default());
    let mut summary = Summary::new(0, false);
    summary.teardown_failed = 1;
    let step = crate::session::StepFailure {
        scenario: "users".into(),
        step: "teardown",
        file: "docs/user-delete.md".into(),
        line: 30,
        name: "delete_user".into(),
        outcome: Outcome::Failed,
        reason: "expected status 204, got 500".into(),
        order: (0, 1),
    };
    html.event(&Event::Teardown(step)).unwrap();
    html.event(&Event::Finished(summary)).unwrap();
    let data = data(&String::from_utf8(html.into_inner()).unwrap());
    assert_eq!(data["totals"]["teardown_failed"], 1);
    assert_eq!(data["teardowns"][0]["name"], "delete_user");
    assert_eq!(
        data["teardowns"][0]["reason"],
        "expected status 204, got 500"
    );
}

#[test]
fn failures_and_errors_come_first_then_the_others_in_the_selections_order() {
    let outcomes = [
        Outcome::Passed,
        Outcome::Failed,
        Outcome::Skipped,
        Outcome::Error,
        Outcome::Passed,
    ];
    let results = (outcomes.iter().enumerate())
        .map(|(i, outcome)| {
            let mut one = result(*outcome);
            one.line = 10 * (i as u32 + 1);
            one.order = (0, i);
            one
        })
        .collect();
    let data = data(&page(results, Redactor::default()));
    let shown: Vec<_> = (data["examples"].as_array().unwrap().iter())
        .map(|e| (e["outcome"].as_str().unwrap(), e["line"].as_u64().unwrap()))
        .collect();
    assert_eq!(
        shown,
        [
            ("failed", 20),
            ("error", 40),
            ("passed", 10),
            ("skipped", 30),
            ("passed", 50)
        ]
    );
    assert_eq!(
        data["folders"],
        json!([{"folder": "docs", "pages": 1, "passed": 2, "failed": 1, "skipped": 1, "error": 1}])
    );
    assert_eq!(
        data["histogram"],
        json!([{"from_ms": 1.0, "to_ms": 2.0, "passed": 2, "failed": 1, "error": 1}])
    );
}

/// An object of `n` properties of 100 bytes each (as pretty lines: 2 + 12 + 86 + `,`).
fn big(n: usize, prefix: &str) -> Value {
    let props = (0..n).map(|i| {
        (
            format!("p{i:08}"),
            json!(format!("{prefix}{}", "x".repeat(86 - prefix.len()))),
        )
    });
    Value::Object(props.collect())
}

#[test]
fn a_body_over_64_kib_is_cut_with_a_note_of_what_was_cut() {
    // 2,000 lines of about 100 bytes: 200 KB documented and observed.
    let documented = big(2000, "");
    let mut observed = documented.clone();
    observed["p00000003"] = json!("early");
    observed["p00001900"] = json!("late");
    let example = failed(
        documented,
        observed,
        vec![
            Mismatch::new(
                "/body/p00000003",
                Problem::Differs,
                json!("x"),
                json!("early"),
            ),
            Mismatch::new(
                "/body/p00001900",
                Problem::Differs,
                json!("x"),
                json!("late"),
            ),
        ],
    );
    let data = data(&page(vec![example], Redactor::default()));
    assert_eq!(data["body_limit"], 65536);
    let side = &data["examples"][0]["bodies"][0];
    let lines = side["lines"].as_array().unwrap();
    let kept: usize = lines.iter().map(|l| l.as_str().unwrap().len() + 1).sum();
    assert!((65_000..=65_540).contains(&kept), "{kept} bytes kept");
    let cut = &side["cut"];
    assert_eq!(cut["limit"], 65536);
    let whole: usize = serde_json::to_string_pretty(&big(2000, "")).unwrap().len() + 1;
    assert_eq!(cut["bytes"].as_u64().unwrap() as usize + 65536, whole);
    assert_eq!(cut["lines"].as_u64().unwrap() as usize + lines.len(), 2002);
    // The mismatch past the cut is listed, but not marked on a line that is not there.
    assert_eq!(
        data["examples"][0]["bodies"][1]["marks"],
        json!([[4, 0, true]])
    );
    assert_eq!(
        data["examples"][0]["mismatches"][1]["pointer"],
        "/body/p00001900"
    );
}

#[test]
fn a_secret_at_the_cut_of_a_long_request_body_never_reaches_the_page() {
    let secret = "s3cr3t-t0ken-value";
    let mut example = result(Outcome::Passed);
    let body = format!("{}{secret}{}", "a".repeat(65_530), "b".repeat(1000));
    if let Some(request) = &mut example.request {
        request.body = Some(body);
    }
    let page = page(vec![example], Redactor::new([secret.to_owned()]));
    assert!(
        !page.contains("s3cr3t"),
        "a part of the secret is in the page"
    );
    let request = &data(&page)["examples"][0]["request"];
    assert!(request["body"].as_str().unwrap().ends_with("a[redac…"));
    assert_eq!(request["body_cut"]["bytes"], 65_530 + 10 + 1000 - 65_536);
}
