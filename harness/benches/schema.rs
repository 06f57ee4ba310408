//! The schema checks' cost: loading the beta CSDL (4 MB; target under 150 ms), and `lint
//! --metadata` over a copy of the Graph corpus against plain `lint` over the same copy, measured
//! in the same run (target: at most 1.5x).
//!
//! Reads `../shared/schema/*.csdl.xml` and `../shared/corpus/graph-docs` beside the checkout;
//! when they are not there it says so and measures nothing.
//!
//! Run: `cargo bench --locked --bench schema`

#![expect(clippy::print_stdout, reason = "a bench binary prints its figures")]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use exemplar::Linter;
use exemplar::report::diagnostics;
use exemplar::schema::{self, Fetching, SchemaLint, Spec};

mod common;

#[global_allocator]
static ALLOCATOR: common::Counting = common::Counting;

const ROUNDS: usize = 7;

fn main() {
    let shared = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared");
    let (beta, v1) = (shared.join("schema/beta.csdl.xml"), shared.join("schema/v1.0.csdl.xml"));
    let corpus = shared.join("corpus/graph-docs");
    if !(beta.is_file() && v1.is_file() && corpus.is_dir()) {
        println!("skipped: {} (the CSDLs and the corpus) is not there", shared.display());
        return;
    }
    let text = std::fs::read_to_string(&beta).expect("beta CSDL");
    let load = best(|| {
        let model = schema::csdl::read("beta.csdl.xml", &text).expect("valid CSDL");
        assert!(model.len() > 1000);
    });
    println!(
        "beta CSDL ({:.1} MB) read into types: {:.1} ms (target < 150 ms)",
        text.len() as f64 / 1e6,
        ms(load)
    );

    let copy = tempfile::tempdir().expect("temp dir");
    let pages = copy_tree(&corpus, copy.path());
    let specs: Vec<Spec> = [("v1.0", &v1), ("beta", &beta)]
        .iter()
        .map(|(v, p)| format!("{v}={}", p.display()).parse().expect("spec"))
        .collect();
    let plain = best(|| lint(copy.path(), None));
    let typed = best(|| lint(copy.path(), Some(&specs)));
    println!(
        "lint over a copy of the corpus ({pages} pages): plain {:.1} ms, --metadata v1.0 + beta {:.1} ms (CSDLs read included)  ratio {:.2}x (target ≤ 1.5x)",
        ms(plain),
        ms(typed),
        typed.as_secs_f64() / plain.as_secs_f64()
    );
}

/// `exemplar lint` as the command does it, output to a sink: every page read, linted (and with
/// `specs`, the CSDLs read and every body checked against its type).
fn lint(dir: &Path, specs: Option<&[Spec]>) {
    let mut linter = Linter::default();
    let schemas = specs.map_or_else(Default::default, |s| {
        schema::load(s, &Fetching::default()).expect("CSDLs")
    });
    let mut schema = SchemaLint::new(schemas);
    let mut docs = Vec::new();
    exemplar::read_docs(&[dir.to_owned()], 2, |page| {
        let doc = page.expect("readable");
        schema.learn(&doc);
        docs.push(doc);
    });
    let mut sink = std::io::sink();
    for doc in &docs {
        let mut found = linter.check(doc);
        if schema.has_types() {
            found.extend(schema.check(doc));
        }
        for d in &found {
            diagnostics::write_json(&mut sink, d).expect("sink");
        }
    }
}

/// Copies the `*.md` files of `from` into `to`, keeping their folders (the API version is one).
fn copy_tree(from: &Path, to: &Path) -> usize {
    let files = common::markdown_files(from);
    for file in &files {
        let target = to.join(file.strip_prefix(from).expect("under the corpus"));
        std::fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
        std::fs::copy(file, target).expect("copy");
    }
    files.len()
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

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}
