//! `exemplar lint` with every doc-set family (links, front matter, outline, tabs, tables,
//! request) over a docs-shaped tree of the real size, against a bare pulldown-cmark pass over
//! the same files, in the same run.
//!
//! The tree is the Graph api-reference's own file list (`ALL-PATHS.txt`, 26,054 `.md` files):
//! each path the corpus holds gets its page; each other page (`api/`, `resources/`, …) gets a
//! corpus page of the same folder and version in turn, so it is as large and as linked as the
//! real ones; each include gets a small SDK snippet without annotations; the `config/` files
//! are the corpus's. As in the real docs, almost every link resolves. Wall and CPU time (the
//! process's, all threads), best of five rounds, the three timed in turn each round:
//! - baseline: read each file and walk pulldown-cmark's offset iterator, one thread;
//! - exemplar lint (every family), one thread and two;
//! - for reference only, the baseline on two threads: its CPU time grows with two cores busy
//!   on this machine (shared caches, or a core's two threads), and so does a lint's on two.
//!
//! Run: `cargo bench --locked --bench docset` (needs `../shared/corpus/graph-docs`);
//! `DOCSET_PROFILE=N` builds the tree and only lints it N times (on `DOCSET_JOBS` threads, 2
//! unless said), for a profiler;
//! `DOCSET_BARE=N` makes only the bare pass, N times, to profile the baseline alike;
//! `DOCSET_TREE=dir` builds the tree in `dir` once and lints it there on later runs;
//! `DOCSET_PARTS=1` times the parts of the reading instead (one thread).

#![expect(clippy::print_stdout, reason = "a bench binary prints its figures")]

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use exemplar_run::docs;

mod common;

#[global_allocator]
static ALLOCATOR: common::Counting = common::Counting;

/// Rounds of each timing (the best is kept).
const ROUNDS: usize = 5;

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let corpus = root.join("../shared/corpus/graph-docs");
    if !corpus.is_dir() {
        println!(
            "docset bench: {} is missing, nothing measured",
            corpus.display()
        );
        return;
    }
    // `DOCSET_TREE=dir`: the tree is built there once and kept (building it takes seconds).
    let kept = std::env::var_os("DOCSET_TREE").map(PathBuf::from);
    let temp = tempfile::tempdir().expect("temp dir");
    let tree = kept.as_deref().unwrap_or(temp.path());
    if kept.is_none() || !tree.join("v1.0").is_dir() {
        let (pages, snippets) = build(&corpus, tree);
        println!(
            "tree: {pages} pages and {snippets} snippet includes ({} files)",
            pages + snippets
        );
    }
    // `DOCSET_PROFILE=N`: only lint, N times on two threads or `DOCSET_JOBS` (for `perf record`).
    if let Some(n) = number("DOCSET_PROFILE") {
        let jobs = number("DOCSET_JOBS").unwrap_or(2);
        let found: usize = (0..n).map(|_| lint(tree, jobs)).sum();
        println!("profiled {n} lints ({found} findings)");
        return;
    }
    // `DOCSET_BARE=N`: only the bare pass, N times on one thread (the baseline, for a profiler).
    if let Some(n) = number("DOCSET_BARE") {
        let events: usize = (0..n).map(|_| common::bare_pass(tree)).sum();
        println!("bare pass {n} times ({events} events)");
        return;
    }
    // `DOCSET_PARTS=1`: the reading's parts, one thread, to see where a lint's time goes.
    if std::env::var_os("DOCSET_PARTS").is_some() {
        parts(tree);
        return;
    }
    compare(tree);
}

/// Times the bare pass and the lints in turn, and prints the figures and the peak heap of one
/// lint.
fn compare(tree: &Path) {
    // The bare pass and the lints are timed in turn, round after round: this machine's speed
    // drifts from one second to the next, and a ratio of runs far apart would measure that.
    let (mut one, mut two) = (0, 0);
    let best = common::best_of_each(
        ROUNDS,
        &mut [
            &mut || common::bare_pass(tree),
            &mut || {
                one = lint(tree, 1);
                one
            },
            &mut || {
                two = lint(tree, 2);
                two
            },
            &mut || common::bare_pass_on(tree, 2),
        ],
    );
    let bare = best[0];
    println!(
        "  bare pulldown-cmark pass:      {:>8.1} ms wall {:>8.1} ms CPU",
        common::ms(bare.wall),
        common::ms(bare.cpu)
    );
    // Not the baseline: what two busy cores cost on this machine, which two threads pay too.
    let both = best[3];
    println!(
        "  (the same pass on 2 threads:   {:>8.1} ms wall {:>8.1} ms CPU  ratio {:.2}x wall, {:.2}x CPU)",
        common::ms(both.wall),
        common::ms(both.cpu),
        common::ratio(both.wall, bare.wall),
        common::ratio(both.cpu, bare.cpu)
    );
    for (jobs, run, found) in [(1, best[1], one), (2, best[2], two)] {
        println!(
            "  exemplar lint, every family, {jobs} thread{}: {:>8.1} ms wall {:>8.1} ms CPU  ratio {:.2}x wall, {:.2}x CPU  ({found} findings)",
            if jobs == 1 { " " } else { "s" },
            common::ms(run.wall),
            common::ms(run.cpu),
            common::ratio(run.wall, bare.wall),
            common::ratio(run.cpu, bare.cpu)
        );
    }
    common::start();
    std::hint::black_box(lint(tree, 2));
    println!(
        "  peak heap of one lint: {:.1} MiB",
        common::mib(common::stop())
    );
}

/// The number the environment variable `name` holds.
fn number(name: &str) -> Option<usize> {
    std::env::var(name).ok().and_then(|n| n.parse().ok())
}

/// Writes every `.md` path of `ALL-PATHS.txt` (and the `config/` files) under `tree`: the
/// corpus's page where it has one, else a corpus page of the same folder in turn, or a snippet
/// for an include; returns (pages, includes).
fn build(corpus: &Path, tree: &Path) -> (usize, usize) {
    let list = std::fs::read_to_string(corpus.join("ALL-PATHS.txt")).expect("ALL-PATHS.txt");
    let mut stand_ins: HashMap<String, (Vec<PathBuf>, usize)> = HashMap::new();
    for page in common::markdown_files(corpus) {
        let relative = page.strip_prefix(corpus).expect("under corpus");
        stand_ins.entry(folder(relative)).or_default().0.push(page);
    }
    let (mut pages, mut snippets) = (0, 0);
    for (i, line) in list.lines().enumerate() {
        let relative = Path::new(line.trim());
        let target = tree.join(relative);
        std::fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
        let source = corpus.join(relative);
        if line.contains("/config/") {
            let _ = std::fs::copy(&source, &target);
            continue;
        }
        if !line.ends_with(".md") {
            std::fs::write(&target, "").expect("write file");
            continue;
        }
        let text = match std::fs::read_to_string(&source) {
            Ok(text) => text,
            Err(_) if line.contains("includes/") => {
                snippets += 1;
                std::fs::write(&target, common::snippet(i)).expect("snippet");
                continue;
            }
            Err(_) => stand_in(&mut stand_ins, relative),
        };
        std::fs::write(&target, text).expect("write page");
        pages += 1;
    }
    (pages, snippets)
}

/// The folder a page's stand-ins come from: its first two segments (`beta/api`).
fn folder(relative: &Path) -> String {
    let parts: Vec<_> = relative
        .iter()
        .take(2)
        .map(|p| p.to_string_lossy())
        .collect();
    parts.join("/")
}

/// The next corpus page of `relative`'s folder (any page when the folder has none).
fn stand_in(stand_ins: &mut HashMap<String, (Vec<PathBuf>, usize)>, relative: &Path) -> String {
    let key = folder(relative);
    let key = match stand_ins.contains_key(&key) {
        true => key,
        false => "v1.0/resources".to_owned(),
    };
    let (list, next) = stand_ins.get_mut(&key).expect("a folder of pages");
    *next += 1;
    std::fs::read_to_string(&list[*next % list.len()]).unwrap_or_default()
}

/// Times the parts of the reading on one thread, each over the whole tree: the walk, loading,
/// a parse of every file, and exemplar's reading for `list`, for `lint` without doc-set facts,
/// and for `lint` with them.
fn parts(tree: &Path) {
    use exemplar_core::discover::walk;
    use exemplar_core::doc::source::{Loaded, load};
    use exemplar_core::scan::{self, Reading};
    let paths = vec![tree.to_owned()];
    let show = |name: &str, t: common::Times| {
        println!(
            "  {name:<34} {:>8.1} ms wall {:>8.1} ms CPU",
            common::ms(t.wall),
            common::ms(t.cpu)
        );
    };
    let loaded = || (walk(&paths).flatten()).filter_map(|d| load(&d.path, &d.display).ok());
    let read = |reading| (walk(&paths).flatten()).filter_map(move |d| scan::read(&d, reading).ok());
    show(
        "bare pulldown-cmark pass",
        common::best(ROUNDS, || common::bare_pass(tree)),
    );
    show("walk", common::best(ROUNDS, || walk(&paths).count()));
    show("walk, load", common::best(ROUNDS, || loaded().count()));
    let parse = |l: Loaded| match l {
        Loaded::Text(text) => pulldown_cmark::Parser::new(&text)
            .into_offset_iter()
            .count(),
        Loaded::Rejected(_) => 0,
    };
    show(
        "walk, load, parse",
        common::best(ROUNDS, || loaded().map(parse).sum()),
    );
    show(
        "read for list (examples)",
        common::best(ROUNDS, || read(Reading::Examples).count()),
    );
    show(
        "read for lint, no doc-set facts",
        common::best(ROUNDS, || read(Reading::Everything).count()),
    );
    show(
        "read for lint, with facts",
        common::best(ROUNDS, || read(Reading::Lint).count()),
    );
}

fn lint(dir: &Path, jobs: usize) -> usize {
    let linted = docs::lint(&common::lint_options(dir, jobs), |_| {}).expect("lint");
    linted.findings.len()
}
