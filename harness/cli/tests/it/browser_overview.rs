//! The HTML report's overview in a real browser (see `browser.rs`): failures and errors listed
//! first, a stacked bar of the outcomes sized by their counts, the per-folder totals, the
//! timing histogram, the note under a body cut past 64 KiB, and the coverage section of
//! `run --metadata`.

use std::time::Duration;

use serde_json::{Value, json};

use crate::browser::{Browser, with_browser};
use exemplar_core::compare::{Mismatch, Problem};
use exemplar_run::{ExampleResult, Outcome};

/// Made-up example `line` of `file`: `outcome`, taking `ms`.
fn example(file: &str, line: u32, outcome: Outcome, ms: u64) -> ExampleResult {
    let mut result: ExampleResult = serde_json::from_value(json!({
        "file": file, "line": line, "name": format!("ex_{line}"), "outcome": outcome,
        "reason": null, "mismatches": [], "snapshot": "off"
    }))
    .unwrap();
    result.duration = Duration::from_millis(ms);
    result.order = (usize::from(file.contains("/b/")), line as usize);
    result
}

/// A run in two folders, passes first in the selection: 3 passed, 1 failed (its observed body
/// 200 KB), 1 error, 1 skipped.
fn report() -> Vec<u8> {
    use exemplar_run::report::{Html, Reporter};
    use exemplar_run::{Event, Summary};
    let body: serde_json::Map<String, Value> = (0..2000)
        .map(|i| (format!("p{i:08}"), json!("x".repeat(86))))
        .collect();
    let mut failed = example("api/a/p2.md", 30, Outcome::Failed, 30);
    let mut observed = body.clone();
    observed.insert("p00000001".into(), json!("other"));
    failed.mismatches = vec![Mismatch::new(
        "/body/p00000001",
        Problem::Differs,
        json!("x".repeat(86)),
        json!("other"),
    )];
    failed.bodies = Some((Value::Object(body), Value::Object(observed)));
    let results = [
        example("api/a/p1.md", 10, Outcome::Passed, 3),
        example("api/a/p1.md", 20, Outcome::Passed, 4),
        failed,
        example("api/b/p3.md", 40, Outcome::Error, 300),
        example("api/b/p3.md", 50, Outcome::Skipped, 0),
        example("api/b/p4.md", 60, Outcome::Passed, 3),
    ];
    let mut html = Html::new(Vec::new(), Default::default());
    let mut summary = Summary {
        selected: results.len(),
        ..Summary::default()
    };
    for result in results {
        match result.outcome {
            Outcome::Passed => summary.passed += 1,
            Outcome::Failed => summary.failed += 1,
            Outcome::Skipped => summary.skipped += 1,
            Outcome::Error => summary.errors += 1,
        }
        html.event(&Event::Example(Box::new(result))).unwrap();
    }
    html.event(&Event::Finished(summary)).unwrap();
    html.into_inner()
}

#[cfg_attr(
    not(has_browser),
    ignore = "needs chromium and chromedriver (apt-get install chromium chromium-driver)"
)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_overview_leads_with_failures_and_shows_the_runs_shape() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("overview.html");
    std::fs::write(&page, report()).unwrap();
    let server = crate::html_overview::service().await;
    let covered = dir.path().join("covered.html");
    let flags = ["--metadata", crate::html_overview::CSDL, "--report-html"];
    crate::html_overview::run(
        &server,
        &[&flags[..], &[covered.to_str().unwrap()]].concat(),
    )
    .await;
    with_browser(move |browser| async move {
        browser.open(&page).await;
        failures_and_errors_come_first(&browser).await;
        the_bar_is_sized_by_the_outcomes(&browser).await;
        folders_and_times_are_shown(&browser).await;
        the_cut_body_says_how_much_was_cut(&browser).await;
        browser.open(&covered).await;
        the_coverage_section_gives_the_shares(&browser).await;
    })
    .await;
}

async fn failures_and_errors_come_first(browser: &Browser) {
    browser.text("#examples .ex").await;
    let order = browser
        .script(
            "return [...document.querySelectorAll('#examples .ex .loc')].map(e => e.textContent)",
        )
        .await;
    assert_eq!(
        order,
        json!([
            "api/a/p2.md:30",
            "api/b/p3.md:40",
            "api/a/p1.md:10",
            "api/a/p1.md:20",
            "api/b/p3.md:50",
            "api/b/p4.md:60"
        ])
    );
    assert_eq!(browser.displayed("#overview").await, [true]);
    assert_eq!(
        browser.displayed("#coverage").await,
        [false],
        "a section without --metadata"
    );
}

async fn the_bar_is_sized_by_the_outcomes(browser: &Browser) {
    let segments = browser
        .script("return [...document.querySelectorAll('#bar .seg')].map(s => [s.className, s.getBoundingClientRect().width])")
        .await;
    let segments: Vec<(String, f64)> = serde_json::from_value(segments).unwrap();
    let names: Vec<&str> = segments.iter().map(|(c, _)| c.as_str()).collect();
    assert_eq!(
        names,
        ["seg failed", "seg error", "seg skipped", "seg passed"]
    );
    let (one, passed) = (segments[0].1, segments[3].1);
    assert!(one > 10.0, "a failure's segment is {one} px wide");
    assert!(
        (passed / one - 3.0).abs() < 0.05,
        "3 passed: {passed} px, 1 failed: {one} px"
    );
    let label = browser
        .script("return document.getElementById('bar').getAttribute('aria-label')")
        .await;
    assert_eq!(label, "Outcomes: 1 failed, 1 error, 1 skipped, 3 passed");
}

async fn folders_and_times_are_shown(browser: &Browser) {
    let rows = browser
        .script("return [...document.querySelectorAll('#folders tbody tr')].map(r => r.innerText.split('\\t').map(s => s.trim()).filter(Boolean).join(' '))")
        .await;
    assert_eq!(rows, json!(["api/a 2 2 1 0 0", "api/b 2 1 0 1 1"]));
    let bars = browser
        .script("return [...document.querySelectorAll('#timing .col')].map(c => [c.querySelector('.edge').textContent, c.querySelector('.n').textContent, c.querySelector('.stack').getBoundingClientRect().height])")
        .await;
    let bars: Vec<(String, String, f64)> = serde_json::from_value(bars).unwrap();
    let edges: Vec<&str> = bars.iter().map(|b| b.0.as_str()).collect();
    assert_eq!(
        edges,
        [
            "2–5 ms",
            "5–10 ms",
            "10–20 ms",
            "20–50 ms",
            "50–100 ms",
            "100–200 ms",
            "200–500 ms"
        ]
    );
    let counts: Vec<&str> = bars.iter().map(|b| b.1.as_str()).collect();
    assert_eq!(counts, ["3", "", "", "1", "", "", "1"]);
    let (three, one) = (bars[0].2, bars[3].2);
    assert!(
        one > 5.0 && (three / one - 3.0).abs() < 0.1,
        "{three} px for 3, {one} px for 1"
    );
}

async fn the_cut_body_says_how_much_was_cut(browser: &Browser) {
    let note = browser.text(".ex.failed .observed .cut").await;
    assert!(
        note.starts_with("… 141 KiB more cut (1,376 lines)"),
        "{note}"
    );
    assert!(note.ends_with("the first 64 KiB of a body."), "{note}");
    let mark = browser.text(".ex.failed .observed .l.mark").await;
    assert!(mark.contains(r#""p00000001": "other""#), "{mark}");
}

async fn the_coverage_section_gives_the_shares(browser: &Browser) {
    browser.text("#coverage tfoot tr").await;
    let cells = browser
        .script(
            "return [...document.querySelectorAll('#coverage tfoot td')].map(c => c.textContent)",
        )
        .await;
    assert_eq!(
        cells,
        json!(["all", "", "40", "20.0 % (8)", "10.0 % (4)", "2.5 % (1)"])
    );
    let row = browser.text("#coverage tbody tr").await;
    assert!(row.contains("microsoft.graph"), "{row}");
    assert_eq!(browser.displayed("#coverage").await, [true]);
}
