//! `exemplar lint` with every doc-set family (links, front matter, outline, tabs, tables,
//! request) over a docs-shaped tree of the real size, against a bare pulldown-cmark pass over
//! the same files, in the same run.
//!
//! The tree has 26,054 `.md` files like the Graph api-reference: 11,313 pages (copies of the
//! corpus's v1.0 and beta doc sets, each copy with its own `config/`, so the links between
//! pages resolve as they do in the corpus) and 14,741 small SDK snippet includes without
//! annotations (the ones the pages include, then more). Wall and CPU time (the process's, all
//! threads), best of a few rounds:
//! - baseline: read each file and walk pulldown-cmark's offset iterator, one thread;
//! - exemplar lint (every family), one thread and two.
//!
//! Run: `cargo bench --locked --bench docset` (needs `../shared/corpus/graph-docs`).

#![expect(clippy::print_stdout, reason = "a bench binary prints its figures")]

use std::path::{Path, PathBuf};
use std::time::Duration;

use exemplar_run::docs::{self, DocSetOptions, LintOptions};

mod common;

#[global_allocator]
static ALLOCATOR: common::Counting = common::Counting;

const PAGES: usize = 11_313;
const SNIPPETS: usize = 14_741;
const ROUNDS: usize = 3;

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
    let tree = tempfile::tempdir().expect("temp dir");
    let (pages, snippets) = build(&corpus, tree.path());
    println!(
        "tree: {pages} pages and {snippets} snippet includes ({} files)",
        pages + snippets
    );
    let bare = common::best(ROUNDS, || bare_pass(tree.path()));
    println!(
        "  bare pulldown-cmark pass:      {:>8.1} ms wall {:>8.1} ms CPU",
        ms(bare.wall),
        ms(bare.cpu)
    );
    for jobs in [1, 2] {
        let run = common::best(ROUNDS, || lint(tree.path(), jobs));
        println!(
            "  exemplar lint, every family, {jobs} thread{}: {:>8.1} ms wall {:>8.1} ms CPU  ratio {:.2}x wall, {:.2}x CPU",
            if jobs == 1 { " " } else { "s" },
            ms(run.wall),
            ms(run.cpu),
            ratio(run.wall, bare.wall),
            ratio(run.cpu, bare.cpu)
        );
    }
    common::start();
    std::hint::black_box(lint(tree.path(), 2));
    println!(
        "  peak heap of one lint: {:.1} MiB",
        common::mib(common::stop())
    );
}

/// Copies the corpus's doc sets until there are `PAGES` pages, writes the snippets they
/// include, then more snippets up to `SNIPPETS`; returns (pages, snippets).
fn build(corpus: &Path, tree: &Path) -> (usize, usize) {
    let sources: Vec<PathBuf> = common::markdown_files(corpus);
    let (mut pages, mut snippets) = (0, 0);
    let mut copy = 0;
    while pages < PAGES {
        let base = tree.join(format!("copy{copy:02}"));
        for version in ["v1.0", "beta"] {
            let config = corpus.join(version).join("config");
            let target = base.join(version).join("config");
            std::fs::create_dir_all(&target).expect("mkdir");
            for entry in std::fs::read_dir(&config).expect("config").flatten() {
                std::fs::copy(entry.path(), target.join(entry.file_name())).expect("copy config");
            }
        }
        for source in sources.iter().take(PAGES - pages) {
            let relative = source.strip_prefix(corpus).expect("under corpus");
            let target = base.join(relative);
            std::fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
            let text = std::fs::read_to_string(source).unwrap_or_default();
            if snippets < SNIPPETS {
                snippets += included_snippets(&text, &target);
            }
            std::fs::write(&target, text).expect("write page");
            pages += 1;
        }
        copy += 1;
    }
    let extra = tree.join("copy00/v1.0/includes/snippets/extra");
    std::fs::create_dir_all(&extra).expect("mkdir");
    for i in snippets..SNIPPETS {
        std::fs::write(extra.join(format!("snippet-{i:05}.md")), snippet(i)).expect("snippet");
    }
    (pages, snippets.max(SNIPPETS))
}

/// Writes each `includes/snippets/…` file `text` includes (relative to `page`) that is not
/// there yet; returns how many it wrote.
fn included_snippets(text: &str, page: &Path) -> usize {
    let mut written = 0;
    for (i, part) in text.split("](").enumerate().skip(1) {
        let Some(dest) = part
            .split(')')
            .next()
            .filter(|d| d.contains("includes/snippets/"))
        else {
            continue;
        };
        let path = page.parent().expect("parent").join(dest);
        if path.exists() || !dest.ends_with(".md") {
            continue;
        }
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, snippet(i)).expect("snippet");
        written += 1;
    }
    written
}

/// A small SDK snippet include, as the real ones are: a comment and a code block.
fn snippet(i: usize) -> String {
    format!(
        "---\ndescription: \"Automatically generated file. DO NOT MODIFY\"\n---\n\n```csharp\n\n// Code snippets are only available for the latest version.\nvar graphClient = new GraphServiceClient(requestAdapter);\n\nvar result = await graphClient.Users[\"{{user-id}}\"].GetAsync();\n// {i}\n```\n"
    )
}

/// The floor: find the same files, read each, walk pulldown-cmark's events.
fn bare_pass(dir: &Path) -> usize {
    let mut events = 0;
    for path in common::markdown_files(dir) {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        events += pulldown_cmark::Parser::new(&text)
            .into_offset_iter()
            .count();
    }
    events
}

fn lint(dir: &Path, jobs: usize) -> usize {
    let options = LintOptions {
        paths: vec![dir.to_owned()],
        jobs,
        codes: Vec::new(),
        errors_only: false,
        metadata: Vec::new(),
        doc_set: DocSetOptions::default(),
        changed_since: None,
    };
    let linted = docs::lint(&options, |_| {}).expect("lint");
    linted.findings.len()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn ratio(a: Duration, b: Duration) -> f64 {
    a.as_secs_f64() / b.as_secs_f64()
}
