//! `exemplar list` over a large doc tree against a bare pulldown-cmark pass over the same files.
//!
//! Builds two trees in temporary folders from the Graph corpus (or the fixtures when the corpus
//! is not there): one of at least 10,000 annotated pages only, and one with the real mix of the
//! Graph api-reference: 26,054 `.md` files, 14,741 of them small include snippets without
//! annotations, 11,313 pages (copies of the corpus's pages) holding 3,967 examples between
//! them (the pages past that count have their annotations taken out). Then times, in the same
//! run, wall and CPU time (the process's, all threads):
//! - baseline: read each file and walk pulldown-cmark's offset iterator, one thread;
//! - exemplar: discover, read, extract, pair and write every example as JSON Lines (to a sink),
//!   with one thread and with two.
//!
//! It also measures peak heap (a counting allocator) for the same listing over 1,000 and over
//! 10,000 pages: flat memory means the two peaks are about the same.
//!
//! Run: `cargo bench --locked --bench list`

#![expect(clippy::print_stdout, reason = "a bench binary prints its figures")]

use std::path::{Path, PathBuf};
use std::time::Duration;

use exemplar_run::report::list;

mod common;
#[path = "list/mix.rs"]
mod mix;

#[global_allocator]
static ALLOCATOR: common::Counting = common::Counting;

const PAGES: usize = 10_000;
const ROUNDS: usize = 5;

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let corpus = root.join("../shared/corpus/graph-docs");
    let source = if corpus.is_dir() {
        corpus
    } else {
        root.join("fixtures/docs")
    };
    let pages: Vec<PathBuf> = common::markdown_files(&source);
    let big = tempfile::tempdir().expect("temp dir");
    let small = tempfile::tempdir().expect("temp dir");
    let mixed = tempfile::tempdir().expect("temp dir");
    let copies = PAGES.div_ceil(pages.len());
    let total = fill(big.path(), &pages, copies);
    let small_total = fill(small.path(), &pages, copies.div_ceil(10));
    let files = mix::fill(mixed.path(), &pages);
    println!(
        "trees: {total} annotated pages ({copies} copies of {} from {}); the real mix: {files} files, {} examples",
        pages.len(),
        source.display(),
        list_all(mixed.path(), 2)
    );
    measure("annotated pages", big.path(), total, None);
    measure("the real mix", mixed.path(), files, Some((1.0, 0.6)));

    let most = |dir: &Path| {
        (0..3)
            .map(|_| peak(|| list_all(dir, 2)))
            .max()
            .unwrap_or_default()
    };
    let peak_small = most(small.path());
    let peak_big = most(big.path());
    println!(
        "peak heap: {small_total} pages {:.1} MiB, {total} pages {:.1} MiB  ratio {:.2}x",
        common::mib(peak_small),
        common::mib(peak_big),
        peak_big as f64 / peak_small as f64
    );
}

/// Times the bare pass and the listing over `dir` (`total` pages), wall and CPU, and prints them
/// (with the goals of two threads' CPU and wall against the bare pass, when given).
fn measure(name: &str, dir: &Path, total: usize, goal: Option<(f64, f64)>) {
    let bare = common::best(ROUNDS, || common::bare_pass(dir));
    let one = common::best(ROUNDS, || list_all(dir, 1));
    let two = common::best(ROUNDS, || list_all(dir, 2));
    let per_page = |d: Duration| d.as_secs_f64() * 1e6 / total as f64;
    println!("{name}:");
    println!(
        "  bare pulldown-cmark pass: {:>7.1} ms wall {:>7.1} ms CPU  ({:.1} µs/page)",
        common::ms(bare.wall),
        common::ms(bare.cpu),
        per_page(bare.wall)
    );
    for (threads, run) in [(1, one), (2, two)] {
        println!(
            "  exemplar list, {threads} thread{}: {:>6.1} ms wall {:>7.1} ms CPU  ratio {:.2}x wall, {:.2}x CPU",
            if threads == 1 { " " } else { "s" },
            common::ms(run.wall),
            common::ms(run.cpu),
            common::ratio(run.wall, bare.wall),
            common::ratio(run.cpu, bare.cpu)
        );
    }
    if let Some((cpu, wall)) = goal {
        println!(
            "  exemplar list --format json / bare pass: {:.2}x CPU (goal at most {cpu:.1}x), {:.2}x wall (goal at most {wall:.1}x), 2 threads against 1",
            common::ratio(two.cpu, bare.cpu),
            common::ratio(two.wall, bare.wall)
        );
    }
}

/// Copies `pages` into `copies` sub-folders of `dir`; returns how many files it wrote.
fn fill(dir: &Path, pages: &[PathBuf], copies: usize) -> usize {
    let mut written = 0;
    for copy in 0..copies {
        let sub = dir.join(format!("copy{copy:03}"));
        for (i, page) in pages.iter().enumerate() {
            std::fs::create_dir_all(&sub).expect("mkdir");
            let target = sub.join(format!("{i:04}.md"));
            std::fs::copy(page, target).expect("copy page");
            written += 1;
        }
    }
    written
}

fn list_all(dir: &Path, jobs: usize) -> usize {
    let mut sink = std::io::sink();
    let mut examples = 0;
    exemplar_core::read_examples(&[dir.to_owned()], jobs, |page| {
        for example in &page.expect("readable").examples {
            list::write_json(&mut sink, example).expect("sink");
            examples += 1;
        }
    });
    examples
}

fn peak(run: impl FnOnce() -> usize) -> usize {
    common::start();
    std::hint::black_box(run());
    common::stop()
}
