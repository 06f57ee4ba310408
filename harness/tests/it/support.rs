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

/// A page with one example: the request block and the response block, annotated.
pub fn page(request: &str, response_meta: &str, response: &str) -> String {
    format!(
        "# Test page\n\n<!-- {{ \"blockType\": \"request\", \"name\": \"example\" }} -->\n```http\n{request}\n```\n\n<!-- {{ \"blockType\": \"response\"{response_meta} }} -->\n```http\n{response}\n```\n"
    )
}

/// Runs the examples of `page` against `target` with settings from `layer` (target filled in).
pub async fn run_page(
    page: &str,
    target: &str,
    layer: exemplar::config::Layer,
) -> exemplar::run::RunReport {
    run_pages(&[("page.md", page)], target, layer).await
}

/// Runs several pages, in order.
pub async fn run_pages(
    pages: &[(&str, &str)],
    target: &str,
    layer: exemplar::config::Layer,
) -> exemplar::run::RunReport {
    let layer = exemplar::config::Layer {
        target: Some(target.to_owned()),
        retries: layer.retries.or(Some(0)),
        ..layer
    };
    let settings =
        exemplar::config::Settings::resolve(&[layer], &Default::default()).expect("settings");
    let docs = pages
        .iter()
        .map(|(file, text)| Ok::<_, exemplar::ReadError>(exemplar::extract(file, text)));
    let plan = exemplar::run::Plan {
        target: settings.target.clone().expect("target"),
        settings,
        sample_values: false,
    };
    exemplar::run::run(docs, plan).await.expect("run")
}

/// The plain human report, as a snapshot shows it.
pub fn render(report: &exemplar::run::RunReport) -> String {
    let mut out = Vec::new();
    let style = exemplar::report::run::Style {
        color: false,
        durations: false,
    };
    exemplar::report::run::write_human(&mut out, report, style, &Default::default())
        .expect("render");
    String::from_utf8(out).expect("utf-8")
}

/// Runs the binary from an async test without blocking the server's runtime.
pub async fn exemplar_async(dir: &std::path::Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let dir = dir.to_owned();
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    let env: Vec<(String, String)> = env
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    tokio::task::spawn_blocking(move || {
        Command::new(env!("CARGO_BIN_EXE_exemplar"))
            .args(&args)
            .current_dir(&dir)
            .env("NO_COLOR", "1")
            .env_remove("EXEMPLAR_TARGET")
            .env_remove("CI")
            .env_remove("INSTA_UPDATE")
            .envs(env)
            .output()
            .expect("run exemplar")
    })
    .await
    .expect("join")
}
