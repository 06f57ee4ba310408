//! Shared test plumbing: where fixtures and snapshots live, and running the binary.

use std::path::PathBuf;
use std::process::{Command, Output};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A path under `fixtures/`.
pub fn fixture(path: &str) -> PathBuf {
    root().join("fixtures").join(path)
}

/// The Graph docs corpus beside the checkout. Tests that need it are marked
/// `#[cfg_attr(not(has_shared), ignore = …)]`: ignored, visibly, where `../shared` is missing,
/// and run (and so failing here) under `CI=true`, where it is always there.
pub fn corpus() -> PathBuf {
    let path = root().join("../shared/corpus/graph-docs");
    assert!(
        path.is_dir(),
        "{} is missing: the corpus tests need ../shared beside the checkout",
        path.display()
    );
    path
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
pub async fn run_page(page: &str, target: &str, layer: exemplar_run::config::Layer) -> Report {
    run_pages(&[("page.md", page)], target, layer).await
}

/// Runs several pages, in order, through the library session.
pub async fn run_pages(
    pages: &[(&str, &str)],
    target: &str,
    layer: exemplar_run::config::Layer,
) -> Report {
    let layer = exemplar_run::config::Layer {
        target: Some(target.to_owned()),
        retries: layer.retries.or(Some(0)),
        ..layer
    };
    let settings =
        exemplar_run::config::Settings::resolve(&[layer], &Default::default()).expect("settings");
    let dir = tempfile::tempdir().expect("temp dir");
    for (file, text) in pages {
        let path = dir.path().join(file);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("folder");
        std::fs::write(path, text).expect("page");
    }
    let mut options = exemplar_run::RunOptions::new(vec![dir.path().to_owned()], settings);
    options.root = dir.path().to_owned();
    session(options).await
}

/// Runs a session to its end from an async test, off the test's runtime.
pub async fn session(options: exemplar_run::RunOptions) -> Report {
    tokio::task::spawn_blocking(move || Report::collect(exemplar_run::run(options).expect("run")))
        .await
        .expect("join")
}

/// What a session told, gathered: its start, each example in selection order, its summary.
#[derive(Debug)]
pub struct Report {
    /// The start.
    pub started: Option<exemplar_run::Started>,
    /// Every example, in the order of the selection.
    pub examples: Vec<exemplar_run::ExampleResult>,
    /// Pages that could not be read.
    pub pages_failed: Vec<String>,
    /// Snapshots said to be unreferenced.
    pub unreferenced: Vec<exemplar_run::Unreferenced>,
    /// Scenario teardown steps that failed.
    pub teardowns: Vec<exemplar_run::StepFailure>,
    /// The summary.
    pub summary: exemplar_run::Summary,
    /// The kinds of event in the order they came.
    pub kinds: Vec<&'static str>,
}

impl Report {
    /// Gathers every event of `events`.
    pub fn collect(events: impl IntoIterator<Item = exemplar_run::Event>) -> Report {
        use exemplar_run::Event;
        let (mut started, mut examples, mut pages_failed, mut unreferenced, mut kinds) =
            (None, Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let (mut summary, mut teardowns) = (None, Vec::new());
        for event in events {
            match event {
                Event::Started(s) => {
                    kinds.push("started");
                    started = Some(s)
                }
                Event::PageFailed(e) => {
                    kinds.push("page-failed");
                    pages_failed.push(e.to_string())
                }
                Event::Example(e) => {
                    kinds.push("example");
                    examples.push(*e)
                }
                Event::Teardown(t) => {
                    kinds.push("teardown");
                    teardowns.push(t)
                }
                Event::Unreferenced(u) => {
                    kinds.push("unreferenced");
                    unreferenced.push(u)
                }
                Event::Finished(s) => {
                    kinds.push("finished");
                    summary = Some(s)
                }
            }
        }
        examples.sort_by_key(|e| e.order);
        Report {
            started,
            examples,
            pages_failed,
            unreferenced,
            teardowns,
            summary: summary.expect("a run always finishes"),
            kinds,
        }
    }

    /// Examples with `outcome`.
    pub fn count(&self, outcome: exemplar_run::Outcome) -> usize {
        self.examples
            .iter()
            .filter(|e| e.outcome == outcome)
            .count()
    }

    /// The reason of example `i`, as reports show it.
    pub fn reason(&self, i: usize) -> Option<String> {
        self.examples[i].reason.as_ref().map(ToString::to_string)
    }
}

/// The plain human report, as a snapshot shows it: examples in selection order, no durations,
/// no header line.
pub fn render(report: &Report) -> String {
    use exemplar_run::report::Reporter;
    let mut out = Vec::new();
    let style = exemplar_run::report::Style {
        color: false,
        durations: false,
    };
    {
        let mut human = exemplar_run::report::Human::new(
            &mut out,
            std::io::sink(),
            style,
            Default::default(),
            String::new(),
        );
        // The start names the target's port: left out, like durations.
        let mut events = Vec::new();
        for example in &report.examples {
            events.push(exemplar_run::Event::Example(Box::new(example.clone())));
        }
        events.push(exemplar_run::Event::Finished(report.summary.clone()));
        for event in &events {
            human.event(event).expect("render");
        }
    }
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

/// Runs `docs` in `dir` against `target` with `more` arguments, sending
/// `Authorization: Bearer ${GRAPH_TOKEN}` with `token` as `GRAPH_TOKEN`.
pub async fn run_with_token(
    dir: &std::path::Path,
    target: &str,
    token: &str,
    more: &[&str],
) -> Output {
    let mut args = vec![
        "run",
        "docs",
        "--target",
        target,
        "--header",
        "Authorization: Bearer ${GRAPH_TOKEN}",
    ];
    args.extend(more);
    exemplar_async(dir, &args, &[("GRAPH_TOKEN", token)]).await
}

/// Runs the binary in `dir` (no colour, stderr dropped), reads what it prints until `enough`
/// holds for it (or the output ends), sends it Ctrl-C (SIGINT), and returns its exit code and all
/// it printed. Blocking: call it from `spawn_blocking`.
pub fn interrupt_when(
    dir: &std::path::Path,
    args: &[&str],
    enough: impl Fn(&str) -> bool,
) -> (Option<i32>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_exemplar"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut stdout = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut seen = String::new();
    while !enough(&seen) {
        let mut line = String::new();
        if std::io::BufRead::read_line(&mut stdout, &mut line).unwrap() == 0 {
            break;
        }
        seen.push_str(&line);
    }
    let killed = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    std::io::Read::read_to_string(&mut stdout, &mut seen).unwrap();
    (child.wait().unwrap().code(), seen)
}
