//! `exemplar list` over a large doc tree against a bare pulldown-cmark pass over the same files.
//!
//! Builds a tree of at least 10,000 pages in a temporary folder (the Graph corpus copied over and
//! over, or the fixtures when the corpus is not there), then times, in the same run:
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
use std::time::{Duration, Instant};

use exemplar::report::list;

mod common;

#[global_allocator]
static ALLOCATOR: common::Counting = common::Counting;

const PAGES: usize = 10_000;
const ROUNDS: usize = 5;

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let corpus = root.join("../shared/corpus/graph-docs");
    let source = if corpus.is_dir() {
        corpus
    } else {
        root.join("fixtures/docs")
    };
    let pages: Vec<PathBuf> = markdown_files(&source);
    let big = tempfile::tempdir().expect("temp dir");
    let small = tempfile::tempdir().expect("temp dir");
    let copies = PAGES.div_ceil(pages.len());
    let total = fill(big.path(), &pages, copies);
    let small_total = fill(small.path(), &pages, copies.div_ceil(10));
    println!(
        "tree: {total} pages ({copies} copies of {} from {})",
        pages.len(),
        source.display()
    );

    let bare = best(|| bare_pass(big.path()));
    let one = best(|| list_all(big.path(), 1));
    let two = best(|| list_all(big.path(), 2));
    let per_page = |d: Duration| d.as_secs_f64() * 1e6 / total as f64;
    println!(
        "bare pulldown-cmark pass: {:>8.1} ms  ({:.1} µs/page)",
        ms(bare),
        per_page(bare)
    );
    println!(
        "exemplar list, 1 thread:  {:>8.1} ms  ({:.1} µs/page)  ratio {:.2}x",
        ms(one),
        per_page(one),
        ratio(one, bare)
    );
    println!(
        "exemplar list, 2 threads: {:>8.1} ms  ({:.1} µs/page)  ratio {:.2}x",
        ms(two),
        per_page(two),
        ratio(two, bare)
    );

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

/// Copies `pages` into `copies` sub-folders of `dir`; returns how many files it wrote.
fn fill(dir: &Path, pages: &[PathBuf], copies: usize) -> usize {
    let mut written = 0;
    for copy in 0..copies {
        let sub = dir.join(format!("copy{copy:03}"));
        for (i, page) in pages.iter().enumerate() {
            std::fs::create_dir_all(&sub).expect("mkdir");
            std::fs::copy(page, sub.join(format!("{i:04}.md"))).expect("copy page");
            written += 1;
        }
    }
    written
}

/// The floor: find the same files, read each, walk pulldown-cmark's events.
fn bare_pass(dir: &Path) -> usize {
    let mut events = 0;
    for path in markdown_files(dir) {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        events += pulldown_cmark::Parser::new(&text)
            .into_offset_iter()
            .count();
    }
    events
}

/// Every `*.md` file under `dir`, in sorted order.
fn markdown_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("read dir").flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "md") {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

fn list_all(dir: &Path, jobs: usize) -> usize {
    let mut sink = std::io::sink();
    let mut examples = 0;
    exemplar::read_docs(&[dir.to_owned()], jobs, |page| {
        for example in &page.expect("readable").examples {
            list::write_json(&mut sink, example).expect("sink");
            examples += 1;
        }
    });
    examples
}

/// The fastest of a few rounds, after one warm-up round (which also fills the page cache).
fn best(mut run: impl FnMut() -> usize) -> Duration {
    std::hint::black_box(run());
    (0..ROUNDS)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(run());
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn peak(run: impl FnOnce() -> usize) -> usize {
    common::start();
    std::hint::black_box(run());
    common::stop()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn ratio(a: Duration, b: Duration) -> f64 {
    a.as_secs_f64() / b.as_secs_f64()
}
