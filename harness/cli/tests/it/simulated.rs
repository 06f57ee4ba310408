//! `simulatedResponse` blocks (API Doctor's stand-in for the service's answer): the built-in
//! mock answers with them, so a run without a target compares the docs with the simulation.

use exemplar_run::Outcome;

use crate::support;

/// Runs `fixtures/simulated/<file>` against the built-in mock.
async fn run(file: &str) -> support::Report {
    let settings = exemplar_run::config::Settings::resolve(&[], &Default::default()).unwrap();
    let mut options = exemplar_run::RunOptions::new(
        vec![support::fixture(&format!("simulated/{file}"))],
        settings,
    );
    options.root = support::root();
    support::session(options).await
}

#[test]
fn a_simulated_response_pairs_with_the_request_before_it() {
    let text = std::fs::read_to_string(support::fixture("simulated/group-get-missing.md")).unwrap();
    let doc = exemplar_core::extract("group-get-missing.md", &text);
    let [example] = &doc.examples[..] else {
        panic!("{:?}", doc.examples)
    };
    let simulated = example.simulated.as_ref().expect("paired");
    assert_eq!(
        (example.response.as_ref().unwrap().line, simulated.line),
        (28, 42)
    );
    assert!(doc.diagnostics.is_empty(), "{:?}", doc.diagnostics);
}

#[tokio::test]
async fn a_simulated_answer_with_every_documented_property_passes() {
    let report = run("groups-list-complete.md").await;
    assert_eq!(report.count(Outcome::Passed), 1, "{:?}", report.examples);
}

#[tokio::test]
async fn a_simulated_answer_lacking_a_documented_property_fails() {
    let report = run("group-get-missing.md").await;
    assert_eq!(report.count(Outcome::Failed), 1, "{:?}", report.examples);
    let pointers: Vec<_> = (report.examples[0].mismatches.iter())
        .map(|m| m.pointer.clone())
        .collect();
    assert_eq!(pointers, ["/body/description"]);
}

#[tokio::test]
async fn a_simulated_item_lacking_a_documented_property_fails() {
    let report = run("groups-list-nested-missing.md").await;
    assert_eq!(report.count(Outcome::Failed), 1, "{:?}", report.examples);
    let pointers: Vec<_> = (report.examples[0].mismatches.iter())
        .map(|m| m.pointer.clone())
        .collect();
    assert_eq!(pointers, ["/body/value/0/mailEnabled"]);
}

/// API Doctor's `ExampleValidationSelectStatement*.md` shape: two pages document the same
/// request, each with its own `simulatedResponse`; each example is judged against its own.
#[tokio::test]
async fn each_example_is_judged_against_its_own_simulated_answer() {
    let report = run("select").await;
    let verdicts: Vec<(String, Outcome)> = (report.examples.iter())
        .map(|e| (e.file.clone(), e.outcome))
        .collect();
    assert_eq!(
        verdicts,
        [
            (
                "folder-expand-select-failure.md".to_owned(),
                Outcome::Failed
            ),
            ("folder-expand-select.md".to_owned(), Outcome::Passed),
        ],
        "{:?}",
        report.examples
    );
    let pointers: Vec<_> = (report.examples[0].mismatches.iter())
        .map(|m| m.pointer.clone())
        .collect();
    assert_eq!(
        pointers,
        [
            "/body/entries/0/title",
            "/body/entries/1/title",
            "/body/entries/2/title"
        ]
    );
}
