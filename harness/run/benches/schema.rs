//! The schema checks' cost: loading the beta CSDL (4 MB; target under 150 ms), and `lint
//! --metadata` over a copy of the Graph corpus against plain `lint` over the same copy, measured
//! in the same run (target: at most 1.5x).
//!
//! Reads `../shared/schema/*.csdl.xml` and `../shared/corpus/graph-docs` beside the checkout;
//! when they are not there it says so and measures nothing.
//!
//! Run: `cargo bench --locked --bench schema`

#![expect(clippy::print_stdout, reason = "a bench binary prints its figures")]

#[allow(
    dead_code,
    reason = "this bench counts no allocations: it uses only the tree walk"
)]
mod common;

use std::path::{Path, PathBuf};

use std::time::{Duration, Instant};

use exemplar_core::Linter;
use exemplar_core::schema::{self, Beside, SchemaLint, Spec};
use exemplar_run::report::diagnostics;

const ROUNDS: usize = 7;

fn main() {
    let shared = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    let (beta, v1) = (
        shared.join("schema/beta.csdl.xml"),
        shared.join("schema/v1.0.csdl.xml"),
    );
    let corpus = shared.join("corpus/graph-docs");
    if !(beta.is_file() && v1.is_file() && corpus.is_dir()) {
        println!(
            "skipped: {} (the CSDLs and the corpus) is not there",
            shared.display()
        );
        return;
    }
    let text = std::fs::read_to_string(&beta).expect("beta CSDL");
    reading_the_beta_csdl(&text);
    let specs = reading_both_csdls(&v1, &beta);
    for copies in [1, 10] {
        lint_over_copies(&corpus, &specs, copies);
    }
}

/// Reading the beta CSDL into types, and quick-xml's bare pass over it.
fn reading_the_beta_csdl(text: &str) {
    // As `--metadata` does: the text read from the file is kept by the model, not copied.
    let load = best_after(
        || text.to_owned(),
        |text| {
            let model = schema::csdl::read("beta.csdl.xml", text).expect("valid CSDL");
            assert!(model.len() > 1000);
        },
    );
    println!(
        "beta CSDL ({:.1} MB) read into types: {:.1} ms (target < 150 ms)",
        text.len() as f64 / 1e6,
        ms(load)
    );

    let parse = best(|| {
        let mut reader = quick_xml::Reader::from_str(text);
        let mut events = 0usize;
        while !matches!(
            reader.read_event().expect("xml"),
            quick_xml::events::Event::Eof
        ) {
            events += 1;
        }
        assert!(events > 1000);
    });
    println!(
        "  of which quick-xml's pass over every event (nothing built): {:.1} ms",
        ms(parse)
    );
}

/// Reading both CSDLs, as `--metadata` names them; the specs that name them.
fn reading_both_csdls(v1: &Path, beta: &Path) -> Vec<Spec> {
    let specs: Vec<Spec> = [("v1.0", v1), ("beta", beta)]
        .iter()
        .map(|(v, p)| format!("{v}={}", p.display()).parse().expect("spec"))
        .collect();
    let both = best(|| {
        schema::load(&specs, &schema::no_fetching).expect("CSDLs");
    });
    println!(
        "v1.0 + beta CSDLs read (one thread each): {:.1} ms",
        ms(both)
    );
    specs
}

/// `lint` and `lint --metadata` over `copies` copies of the corpus, taking turns.
fn lint_over_copies(corpus: &Path, specs: &[Spec], copies: usize) {
    let tree = tempfile::tempdir().expect("temp dir");
    let pages: usize = (0..copies)
        .map(|c| copy_tree(corpus, &tree.path().join(format!("copy{c:02}"))))
        .sum();
    // Plain and --metadata take turns, so that whatever else the machine does weighs on both.
    let rounds = if copies == 1 { 21 } else { 5 };
    let (plain, typed) = alternating(
        rounds,
        || lint(tree.path(), None),
        || lint(tree.path(), Some(specs)),
    );
    // Types are read from the CSDL on first use: each round gets CSDLs read afresh.
    let load = || schema::load(specs, &schema::no_fetching).expect("CSDLs");
    let checks = best_after(load, |loaded| lint_loaded(tree.path(), loaded));
    let ratio = |of: fn(&[Duration]) -> Duration| ms(of(&typed)) / ms(of(&plain));
    println!(
        "lint over {copies} cop{} of the corpus ({pages} pages), best of {rounds}: plain {:.1} ms; --metadata v1.0 + beta {:.1} ms  ratio {:.2}x (target ≤ 1.5x; medians {:.1} and {:.1} ms, {:.2}x); the checks alone (CSDLs read before) {:.1} ms  ratio {:.2}x",
        if copies == 1 { "y" } else { "ies" },
        ms(plain[0]),
        ms(typed[0]),
        ratio(|t| t[0]),
        ms(median(&plain)),
        ms(median(&typed)),
        ratio(median),
        ms(checks),
        ms(checks) / ms(plain[0])
    );
}

/// `rounds` timings each of `a` and `b`, run in turn, each sorted fastest first.
fn alternating(
    rounds: usize,
    mut a: impl FnMut(),
    mut b: impl FnMut(),
) -> (Vec<Duration>, Vec<Duration>) {
    let time = |run: &mut dyn FnMut()| {
        let start = Instant::now();
        run();
        start.elapsed()
    };
    let (mut of_a, mut of_b): (Vec<_>, Vec<_>) =
        (0..rounds).map(|_| (time(&mut a), time(&mut b))).unzip();
    of_a.sort();
    of_b.sort();
    (of_a, of_b)
}

fn median(sorted: &[Duration]) -> Duration {
    sorted[sorted.len() / 2]
}

/// `exemplar lint` as the command does it, output to a sink: the CSDLs of `specs` read on a
/// thread of their own while every page is read, each page checked against them as soon as both
/// are in, the rest (and every other lint check) at the end.
fn lint(dir: &Path, specs: Option<&[Spec]>) {
    let specs = specs.unwrap_or_default().to_vec();
    checked(dir, move || schema::load(&specs, &schema::no_fetching));
}

/// The same with the CSDLs read already: what the checks themselves cost.
fn lint_loaded(dir: &Path, schemas: schema::Schemas) {
    checked(dir, move || Ok(schemas));
}

fn checked(
    dir: &Path,
    load: impl FnOnce() -> Result<schema::Schemas, schema::MetadataError> + Send + 'static,
) {
    let beside = Beside::start(move || load().map(SchemaLint::new));
    exemplar_core::read_docs(&[dir.to_owned()], 2, |page| {
        beside.page(page.expect("readable"));
    });
    let mut linter = Linter::default();
    let checked = beside.finish(2, |docs| {
        docs.iter().map(|doc| linter.check(doc)).collect::<Vec<_>>()
    });
    let checked = checked.expect("CSDLs");
    let mut sink = std::io::sink();
    for (mut found, typed) in checked.alongside.into_iter().zip(checked.found) {
        found.extend(typed);
        for d in &found {
            diagnostics::write_json(&mut sink, d).expect("sink");
        }
    }
}

/// Copies the `*.md` files of `from` into `to`, keeping their folders (the API version is one).
fn copy_tree(from: &Path, to: &Path) -> usize {
    let pages = common::markdown_files(from);
    for path in &pages {
        let target = to.join(path.strip_prefix(from).expect("under the corpus"));
        std::fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
        std::fs::copy(path, target).expect("copy");
    }
    pages.len()
}

/// The fastest of a few rounds.
fn best(mut run: impl FnMut()) -> Duration {
    (0..ROUNDS)
        .map(|_| {
            let start = Instant::now();
            run();
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}

/// The fastest of a few rounds of `run`, each given what `prepare` made (not timed).
fn best_after<T>(mut prepare: impl FnMut() -> T, mut run: impl FnMut(T)) -> Duration {
    (0..ROUNDS)
        .map(|_| {
            let prepared = prepare();
            let start = Instant::now();
            run(prepared);
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}
