//! The shape of a run at a glance, for the top of the page: its examples' outcomes per folder
//! (the stacked bars) and how long the examples that were sent took (the histogram).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::session::{ExampleResult, Outcome};

/// The outcomes of the examples of one folder of pages.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub(crate) struct Folder {
    /// The folder as the pages are shown (`.` for pages shown without one).
    pub folder: String,
    /// Its pages that had an example.
    pub pages: usize,
    /// Examples passed.
    pub passed: usize,
    /// Examples failed.
    pub failed: usize,
    /// Examples skipped.
    pub skipped: usize,
    /// Examples that could not be judged.
    pub error: usize,
}

/// One bar of the timing histogram: the examples sent that took from `from_ms` to under
/// `to_ms` (no end: the last bar), by outcome.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub(crate) struct Bin {
    /// The bar's start.
    pub from_ms: f64,
    /// The bar's end (excluded); none for the last.
    pub to_ms: Option<f64>,
    /// Examples passed.
    pub passed: usize,
    /// Examples failed.
    pub failed: usize,
    /// Examples that could not be judged.
    pub error: usize,
}

/// The bars' edges in milliseconds, in steps of 1, 2, 5: a run of 1 ms examples and one of
/// 30 s examples both get a few bars that mean something.
const EDGES: [f64; 16] = [
    0.0, 1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0, 500.0, 1e3, 2e3, 5e3, 1e4, 2e4, 5e4,
];

/// The folders of `results`, sorted by name.
pub(crate) fn folders(results: &[ExampleResult]) -> Vec<Folder> {
    let mut by: BTreeMap<&str, (Folder, Option<&str>)> = BTreeMap::new();
    for result in results {
        let file = result.file.as_str();
        let folder = file.rfind(['/', '\\']).map_or(".", |at| &file[..at]);
        let (entry, last) = by.entry(folder).or_insert_with(|| {
            let folder = Folder {
                folder: folder.to_owned(),
                ..Folder::default()
            };
            (folder, None)
        });
        // The results come in the selection's order: a page's examples are together.
        if *last != Some(file) {
            entry.pages += 1;
            *last = Some(file);
        }
        match result.outcome {
            Outcome::Passed => entry.passed += 1,
            Outcome::Failed => entry.failed += 1,
            Outcome::Skipped => entry.skipped += 1,
            Outcome::Error => entry.error += 1,
        }
    }
    by.into_values().map(|(folder, _)| folder).collect()
}

/// The timing histogram of the examples that were sent (a skipped one was not: its time says
/// nothing), from the first bar with an example to the last.
pub(crate) fn histogram(results: &[ExampleResult]) -> Vec<Bin> {
    let mut bins: Vec<Bin> = (EDGES.iter().enumerate())
        .map(|(i, from)| Bin {
            from_ms: *from,
            to_ms: EDGES.get(i + 1).copied(),
            ..Bin::default()
        })
        .collect();
    for result in results {
        let ms = result.duration.as_secs_f64() * 1000.0;
        let at = EDGES.iter().rposition(|edge| ms >= *edge).unwrap_or(0);
        let bin = &mut bins[at];
        match result.outcome {
            Outcome::Passed => bin.passed += 1,
            Outcome::Failed => bin.failed += 1,
            Outcome::Error => bin.error += 1,
            Outcome::Skipped => {}
        }
    }
    let used = |b: &Bin| b.passed + b.failed + b.error > 0;
    let (Some(first), Some(last)) = (bins.iter().position(used), bins.iter().rposition(used))
    else {
        return Vec::new();
    };
    bins.truncate(last + 1);
    bins.drain(..first);
    bins
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn result(file: &str, outcome: Outcome, ms: u64) -> ExampleResult {
        let mut result: ExampleResult = serde_json::from_value(serde_json::json!({
            "file": file, "line": 3, "name": null, "outcome": outcome,
            "reason": null, "mismatches": [], "snapshot": "off"
        }))
        .unwrap();
        result.duration = Duration::from_millis(ms);
        result
    }

    #[test]
    fn folders_count_pages_and_outcomes() {
        let results = [
            result("v1.0/api/a.md", Outcome::Passed, 1),
            result("v1.0/api/a.md", Outcome::Failed, 1),
            result("v1.0/api/b.md", Outcome::Skipped, 1),
            result("beta/api/c.md", Outcome::Error, 1),
            result("top.md", Outcome::Passed, 1),
        ];
        let folders = folders(&results);
        let names: Vec<_> = folders.iter().map(|f| f.folder.as_str()).collect();
        assert_eq!(names, [".", "beta/api", "v1.0/api"]);
        let v1 = &folders[2];
        assert_eq!(
            (v1.pages, v1.passed, v1.failed, v1.skipped, v1.error),
            (2, 1, 1, 1, 0)
        );
        assert_eq!((folders[1].pages, folders[1].error), (1, 1));
    }

    #[test]
    fn the_histogram_spans_the_bars_with_examples_and_leaves_out_skipped_ones() {
        let results = [
            result("a.md", Outcome::Passed, 12),
            result("a.md", Outcome::Passed, 19),
            result("a.md", Outcome::Failed, 60),
            result("a.md", Outcome::Error, 250),
            result("a.md", Outcome::Skipped, 0),
        ];
        let bins = histogram(&results);
        let shape: Vec<_> = (bins.iter())
            .map(|b| (b.from_ms, b.to_ms, b.passed, b.failed, b.error))
            .collect();
        assert_eq!(
            shape,
            [
                (10.0, Some(20.0), 2, 0, 0),
                (20.0, Some(50.0), 0, 0, 0),
                (50.0, Some(100.0), 0, 1, 0),
                (100.0, Some(200.0), 0, 0, 0),
                (200.0, Some(500.0), 0, 0, 1),
            ]
        );
        let slow = histogram(&[result("a.md", Outcome::Passed, 90_000)]);
        assert_eq!((slow[0].from_ms, slow[0].to_ms), (5e4, None));
        assert!(histogram(&[result("a.md", Outcome::Skipped, 0)]).is_empty());
    }
}
