//! Shared test plumbing: where fixtures and snapshots live, and running the binary.

use std::path::PathBuf;
use std::process::{Command, Output};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A path under `fixtures/`.
pub fn fixture(path: &str) -> PathBuf {
    root().join("fixtures").join(path)
}

/// The Graph docs corpus beside the checkout, when it is there.
pub fn corpus() -> Option<PathBuf> {
    let path = root().join("../shared/corpus/graph-docs");
    path.is_dir().then_some(path)
}

/// insta settings: every snapshot in the top-level `snapshots/`, named without the module.
pub fn settings() -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(root().join("snapshots"));
    settings.set_prepend_module_to_snapshot(false);
    settings
}

/// Runs the `exemplar` binary with `args` in `dir`.
pub fn exemplar(dir: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_exemplar"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("run exemplar")
}

/// Standard output as text.
pub fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("utf-8 stdout")
}
