//! `coverage` of the corpus's v1.0 pages against `../shared/schema/v1.0.csdl.xml` (CSDL read,
//! operations listed, pages read, URLs matched, JSON Lines written to a sink), as a ratio of
//! plain `lint` over the same files, measured in the same run, taking turns (target ≤ 1.5x).
//!
//! Reads `../shared` beside the checkout; when it is not there it says so and measures nothing.
//!
//! Run: `cargo bench --locked --bench coverage`

#![expect(clippy::print_stdout, reason = "a bench binary prints its figures")]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use exemplar_core::Linter;
use exemplar_core::coverage;
use exemplar_core::schema::{self, Spec};
use exemplar_run::report::diagnostics;

const ROUNDS: usize = 11;

fn main() {
    let shared = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    let v1 = shared.join("schema/v1.0.csdl.xml");
    let pages = shared.join("corpus/graph-docs/v1.0");
    if !(v1.is_file() && pages.is_dir()) {
        println!(
            "skipped: {} (the CSDL and the corpus) is not there",
            shared.display()
        );
        return;
    }
    let spec: Spec = format!("v1.0={}", v1.display()).parse().expect("spec");
    let (mut linting, mut covering) = (Vec::new(), Vec::new());
    let mut operations = 0;
    for _ in 0..ROUNDS {
        linting.push(time(|| lint(&pages)));
        covering.push(time(|| operations = cover(&pages, &spec)));
    }
    linting.sort();
    covering.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "coverage of the corpus v1.0 pages ({operations} operations), best of {ROUNDS}: {:.1} ms; lint {:.1} ms; ratio {:.2}x (target ≤ 1.5x; medians {:.1} and {:.1} ms, {:.2}x)",
        ms(covering[0]),
        ms(linting[0]),
        ms(covering[0]) / ms(linting[0]),
        ms(covering[ROUNDS / 2]),
        ms(linting[ROUNDS / 2]),
        ms(covering[ROUNDS / 2]) / ms(linting[ROUNDS / 2]),
    );
}

fn time(mut run: impl FnMut()) -> Duration {
    let start = Instant::now();
    run();
    start.elapsed()
}

/// `exemplar lint --format json` over `dir`, to a sink.
fn lint(dir: &Path) {
    let mut linter = Linter::default();
    let mut sink = std::io::sink();
    exemplar_core::read_docs(&[dir.to_owned()], 2, |page| {
        for d in linter.check(&page.expect("readable")) {
            diagnostics::write_json(&mut sink, &d).expect("sink");
        }
    });
}

/// `exemplar coverage --format json` over `dir`, to a sink; the number of operations.
fn cover(dir: &Path, spec: &Spec) -> usize {
    let schemas = schema::load(std::slice::from_ref(spec), &schema::no_fetching).expect("CSDL");
    let (pages, _) = coverage::read_pages(&[dir.to_owned()], 2);
    let covered = coverage::cover(&schemas, &pages, &[]);
    coverage::render::json(&covered, &mut std::io::sink()).expect("sink");
    covered.summary.operations
}
