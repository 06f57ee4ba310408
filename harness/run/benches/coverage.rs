//! `exemplar coverage` of a v1.0-sized docs tree against the real v1.0 CSDL
//! (`../shared/schema/v1.0.csdl.xml`: read, operations listed, pages read, URLs matched, JSON
//! Lines written to a sink), as a ratio of `exemplar lint` over the same files, measured in the
//! same run, taking turns (target < 1.5x).
//!
//! The tree has 8,786 `.md` files like Microsoft Graph's v1.0 api-reference: 3,815 pages (copies
//! of the corpus's v1.0 pages, each copy a `v1.0/` folder with its own `config/`, so the page
//! version comes from the path) and 4,971 small SDK snippet includes without annotations (the
//! share of pages and snippets of the whole api-reference). Best of a few rounds, wall and CPU:
//! - `exemplar lint DIR` (every check it runs by default there: examples and the doc set);
//! - `exemplar lint` with the example checks only (the core `Linter`), for scale;
//! - `exemplar coverage DIR --metadata v1.0=…`.
//!
//! Reads `../shared` beside the checkout; when it is not there it says so and measures nothing.
//!
//! Run: `cargo bench --locked --bench coverage`

#![expect(clippy::print_stdout, reason = "a bench binary prints its figures")]

use std::path::{Path, PathBuf};

use exemplar_core::Linter;
use exemplar_run::coverage::{CoverageOptions, coverage};
use exemplar_run::docs;
use exemplar_run::report::diagnostics;

mod common;

#[global_allocator]
static ALLOCATOR: common::Counting = common::Counting;

const PAGES: usize = 3_815;
const SNIPPETS: usize = 4_971;
const ROUNDS: usize = 3;
const JOBS: usize = 2;

fn main() {
    let shared = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    let v1 = shared.join("schema/v1.0.csdl.xml");
    let corpus = shared.join("corpus/graph-docs/v1.0");
    if !(v1.is_file() && corpus.is_dir()) {
        println!(
            "skipped: {} (the CSDL and the corpus) is not there",
            shared.display()
        );
        return;
    }
    let tree = tempfile::tempdir().expect("temp dir");
    let (pages, snippets) = build(&corpus, tree.path());
    println!(
        "tree: {pages} v1.0 pages and {snippets} snippet includes ({} files); CSDL {}",
        pages + snippets,
        v1.display()
    );
    let metadata = format!("v1.0={}", v1.display());
    let mut operations = 0;
    let lint = common::best(ROUNDS, || lint(tree.path()));
    let examples = common::best(ROUNDS, || example_lint(tree.path()));
    let covering = common::best(ROUNDS, || {
        operations = cover(tree.path(), &metadata);
        operations
    });
    let line = |what: &str, t: common::Times| {
        println!(
            "  {what:<34} {:>8.1} ms wall {:>8.1} ms CPU",
            common::ms(t.wall),
            common::ms(t.cpu)
        );
    };
    line("exemplar lint (default checks):", lint);
    line("exemplar lint (example checks):", examples);
    line(&format!("exemplar coverage ({operations} ops):"), covering);
    println!(
        "  coverage / lint: {:.2}x wall, {:.2}x CPU (target < 1.5x); against the example checks alone: {:.2}x wall, {:.2}x CPU",
        common::ratio(covering.wall, lint.wall),
        common::ratio(covering.cpu, lint.cpu),
        common::ratio(covering.wall, examples.wall),
        common::ratio(covering.cpu, examples.cpu),
    );
    common::start();
    std::hint::black_box(cover(tree.path(), &metadata));
    println!(
        "  peak heap of one coverage: {:.1} MiB",
        common::mib(common::stop())
    );
}

/// Copies the corpus's v1.0 pages (and its `config/`) into `copyNN/v1.0/` folders until there
/// are `PAGES` pages, then writes `SNIPPETS` snippet includes; returns (pages, snippets).
fn build(corpus: &Path, tree: &Path) -> (usize, usize) {
    let sources: Vec<PathBuf> = (common::markdown_files(corpus).into_iter())
        .filter(|p| !p.starts_with(corpus.join("includes")))
        .collect();
    let (mut pages, mut copy) = (0, 0);
    while pages < PAGES {
        let base = tree.join(format!("copy{copy:02}/v1.0"));
        let config = base.join("config");
        std::fs::create_dir_all(&config).expect("mkdir");
        for entry in std::fs::read_dir(corpus.join("config"))
            .expect("config")
            .flatten()
        {
            std::fs::copy(entry.path(), config.join(entry.file_name())).expect("copy config");
        }
        for source in sources.iter().take(PAGES - pages) {
            let target = base.join(source.strip_prefix(corpus).expect("under corpus"));
            std::fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
            std::fs::copy(source, &target).expect("copy page");
            pages += 1;
        }
        copy += 1;
    }
    let snippets = tree.join("copy00/v1.0/includes/snippets/csharp");
    std::fs::create_dir_all(&snippets).expect("mkdir");
    for i in 0..SNIPPETS {
        std::fs::write(
            snippets.join(format!("snippet-{i:05}.md")),
            common::snippet(i),
        )
        .expect("snippet");
    }
    (pages, SNIPPETS)
}

/// `exemplar lint DIR --format json` to a sink: the findings.
fn lint(dir: &Path) -> usize {
    let linted = docs::lint(&common::lint_options(dir, JOBS), |_| {}).expect("lint");
    let mut sink = std::io::sink();
    for d in &linted.findings {
        diagnostics::write_json(&mut sink, d).expect("sink");
    }
    linted.findings.len()
}

/// The example checks of `lint` over `dir`, as JSON Lines to a sink: the findings.
fn example_lint(dir: &Path) -> usize {
    let mut linter = Linter::default();
    let mut sink = std::io::sink();
    let mut found = 0;
    exemplar_core::read_docs(&[dir.to_owned()], JOBS, |page| {
        for d in linter.check(&page.expect("readable")) {
            diagnostics::write_json(&mut sink, &d).expect("sink");
            found += 1;
        }
    });
    found
}

/// `exemplar coverage DIR --metadata v1.0=… --format json` to a sink: the operations.
fn cover(dir: &Path, metadata: &str) -> usize {
    let options = CoverageOptions {
        paths: vec![dir.to_owned()],
        metadata: vec![metadata.to_owned()],
        jobs: JOBS,
        ..CoverageOptions::default()
    };
    let covered = coverage(&options).expect("coverage");
    let sink = &mut std::io::sink();
    exemplar_core::coverage::render::json(&covered.coverage, sink).expect("sink");
    covered.coverage.summary.operations
}
