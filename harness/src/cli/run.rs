//! `exemplar run`: settings from every layer, the doc selection (`--changed-since`), the
//! snapshot bookkeeping, and the reports.

use std::collections::HashSet;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use exemplar::DocFile;
use exemplar::config::{Env, Layer, Settings};
use exemplar::error::{EXIT_FAILED, EXIT_INVALID, EXIT_OK, EXIT_UNREACHABLE};
use exemplar::mock;
use exemplar::report::run::{self as run_report, Redactor};
use exemplar::run::Outcome;

use super::docs::read_all;
use super::{RunArgs, color};

pub(super) fn run_examples(args: &RunArgs) -> anyhow::Result<u8> {
    let env: Env = std::env::vars().collect();
    let settings = match settings(args, &env) {
        Ok(settings) => settings,
        Err(err) => return invalid(&err),
    };
    let walk = exemplar::discover::walk(&args.paths)?;
    let snapshot_dir = settings.snapshots.as_ref().map(|s| s.dir.clone());
    let changed = match &args.changed_since {
        Some(rev) if rev.starts_with('-') => {
            return invalid(&anyhow::anyhow!(
                "--changed-since takes a git revision, not `{rev}`"
            ));
        }
        Some(rev) => match exemplar::changed::since(Path::new("."), rev) {
            Ok(files) => Some(files),
            Err(err) => return invalid(&anyhow::anyhow!("--changed-since {rev}: {err}")),
        },
        None => None,
    };
    let mut selection = Selection {
        changed,
        snapshot_dir: snapshot_dir.clone(),
        referenced: HashSet::new(),
        roots: args.paths.clone(),
        folders: Vec::new(),
        unreadable: Vec::new(),
    };
    let ci = settings.snapshots.as_ref().is_some_and(|s| s.ci);
    let redactor = Redactor::for_headers(&settings.headers);
    let mut out = io::stdout().lock();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let report = match settings.target.clone() {
        Some(target) => {
            writeln!(
                out,
                "exemplar: replaying examples against {}",
                shown_target(&target)
            )?;
            let plan = exemplar::run::Plan {
                target,
                settings,
                sample_values: false,
            };
            let docs =
                walk.map(|found| exemplar::scan::read(&found?).map(|doc| selection.keep(doc)));
            runtime.block_on(exemplar::run::run(docs, plan))?
        }
        None => {
            // No server given: the docs answer for themselves through the built-in mock.
            let docs = read_all(walk, settings.jobs)?;
            let (routes, _) = mock::routes(&docs);
            let docs: Vec<DocFile> = docs.into_iter().map(|doc| selection.keep(doc)).collect();
            let listener = std::net::TcpListener::bind("127.0.0.1:0")
                .context("cannot open a port for the built-in mock")?;
            runtime.block_on(async {
                let server = mock::start(routes, listener, None).await;
                let target = reqwest::Url::parse(&server.uri())?;
                writeln!(out, "exemplar: no --target, so replaying against the built-in mock of these docs at {target}")?;
                let plan = exemplar::run::Plan { target, settings, sample_values: true };
                anyhow::Ok(exemplar::run::run(docs.into_iter().map(Ok), plan).await?)
            })?
        }
    };
    if let Some(dir) = &snapshot_dir {
        unreferenced(&mut out, dir, &selection, args.prune, ci)?;
    }
    let style = run_report::Style {
        color: color(),
        durations: true,
    };
    run_report::write_human(&mut out, &report, style, &redactor)?;
    if let Some(path) = &args.report_json {
        write_file(path, |w| run_report::write_json(w, &report, &redactor))?;
    }
    if let Some(path) = &args.report_junit {
        write_file(path, |w| run_report::write_junit(w, &report, &redactor))?;
    }
    if !selection.unreadable.is_empty() {
        let mut err = io::stderr().lock();
        for d in &selection.unreadable {
            writeln!(
                err,
                "error[{}]: {}:{}: {}",
                d.code, d.file, d.line, d.message
            )?;
        }
        return Ok(EXIT_INVALID);
    }
    Ok(if report.unreachable() {
        EXIT_UNREACHABLE
    } else if report.count(Outcome::Failed) + report.count(Outcome::Error) > 0 {
        EXIT_FAILED
    } else {
        EXIT_OK
    })
}

/// The target as printed: no user, password or query, which may hold credentials.
fn shown_target(target: &reqwest::Url) -> String {
    let mut shown = target.clone();
    let _ = shown.set_username("");
    let _ = shown.set_password(None);
    shown.set_query(None);
    shown.to_string()
}

/// The layers, lowest first: config file, environment, flags.
fn settings(args: &RunArgs, env: &Env) -> anyhow::Result<Settings> {
    let config = match (&args.config, args.no_config) {
        (_, true) => None,
        (Some(path), false) => Some(path.as_path()),
        (None, false) => Some(Path::new(DEFAULT_CONFIG)).filter(|p| p.is_file()),
    };
    let mut layers = file_and_env(config, env)?;
    layers.push(flags(args)?);
    Ok(Settings::resolve(&layers, env)?)
}

/// The config file looked for in the working directory.
pub(super) const DEFAULT_CONFIG: &str = "exemplar.toml";

/// The config file's layer (when there is one) and the environment's, lowest first.
pub(super) fn file_and_env(config: Option<&Path>, env: &Env) -> anyhow::Result<Vec<Layer>> {
    let mut layers = Vec::new();
    if let Some(path) = config {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read config {}", path.display()))?;
        layers.push(Layer::from_toml(&path.display().to_string(), &text)?);
    }
    layers.push(Layer::from_env(env)?);
    Ok(layers)
}

fn flags(args: &RunArgs) -> anyhow::Result<Layer> {
    let mut layer = Layer {
        target: args.target.clone(),
        jobs: args.jobs,
        timeout: args.timeout,
        retries: args.retries,
        max_body: args.max_body,
        match_mode: args.match_mode,
        allow_mutations: args.allow_mutations.then_some(true),
        default_rules: args.no_default_rules.then_some(false),
        ignore: args.ignore.clone(),
        snapshot_dir: args.snapshot_dir.clone(),
        update_snapshots: args.update_snapshots.then(|| "always".to_owned()),
        ..Layer::default()
    };
    for param in &args.params {
        let (name, value) = split_flag(param, '=', "--param", "NAME=VALUE")?;
        layer.params.insert(name, value.to_owned());
    }
    for header in &args.headers {
        let (name, value) = split_flag(header, ':', "--header", "'Name: value'")?;
        layer.headers.insert(name, value.trim().to_owned());
    }
    Ok(layer)
}

/// `name<sep>value` from a flag's value; the error shows the form expected.
fn split_flag<'a>(
    text: &'a str,
    sep: char,
    flag: &str,
    form: &str,
) -> anyhow::Result<(String, &'a str)> {
    let (name, value) = text
        .split_once(sep)
        .with_context(|| format!("{flag} `{text}`: write it {form}"))?;
    Ok((name.trim().to_owned(), value))
}

/// Which examples a run keeps (`--changed-since`), and the snapshots they refer to.
struct Selection {
    /// Files changed since the revision, when filtering.
    changed: Option<HashSet<PathBuf>>,
    snapshot_dir: Option<PathBuf>,
    /// Snapshot files of every example seen.
    referenced: HashSet<PathBuf>,
    /// The PATHS arguments, to find a doc's file from its shown path.
    roots: Vec<PathBuf>,
    /// The snapshot folder of each doc read.
    folders: Vec<PathBuf>,
    /// Files that are not docs exemplar can read.
    unreadable: Vec<exemplar::Diagnostic>,
}

impl Selection {
    /// Notes the doc's snapshots and problems, and drops the examples `--changed-since` leaves out.
    fn keep(&mut self, mut doc: DocFile) -> DocFile {
        self.unreadable
            .extend(doc.diagnostics.iter().filter(|d| d.rejects_file()).cloned());
        let paths = self.snapshot_dir.as_ref().map(|dir| {
            self.folders
                .push(dir.join(doc.file.strip_suffix(".md").unwrap_or(&doc.file)));
            exemplar::snapshot::paths(dir, &doc)
        });
        if let Some(paths) = &paths {
            self.referenced.extend(paths.iter().cloned());
        }
        if let Some(changed) = &self.changed {
            let doc_changed = self.roots.iter().any(|root| {
                let file = if root.is_dir() {
                    root.join(&doc.file)
                } else {
                    root.clone()
                };
                file.canonicalize().is_ok_and(|f| changed.contains(&f))
            });
            let mut index = 0;
            doc.examples.retain(|_| {
                let snapshot_changed = paths
                    .as_ref()
                    .is_some_and(|p| p[index].canonicalize().is_ok_and(|s| changed.contains(&s)));
                index += 1;
                doc_changed || snapshot_changed
            });
        }
        doc
    }
}

/// Lists (or with `--prune`, removes) snapshots no example refers to. Only where the run saw
/// every doc: the whole directory when a PATHS argument is a folder, else the folders of the
/// docs given; never when `--changed-since` picked examples. In CI nothing is removed.
fn unreferenced(
    out: &mut dyn Write,
    dir: &Path,
    selection: &Selection,
    prune: bool,
    ci: bool,
) -> anyhow::Result<()> {
    if selection.changed.is_some() {
        return Ok(());
    }
    let whole = selection.roots.iter().any(|r| r.is_dir());
    let in_scope = |path: &Path| whole || selection.folders.iter().any(|f| path.starts_with(f));
    for path in exemplar::snapshot::unreferenced(dir, &selection.referenced)
        .into_iter()
        .filter(|p| in_scope(p))
    {
        if prune && !ci {
            std::fs::remove_file(&path)
                .with_context(|| format!("cannot remove {}", path.display()))?;
            let _ = std::fs::remove_file(exemplar::snapshot::pending_path(&path));
            writeln!(out, "removed unreferenced snapshot {}", path.display())?;
        } else {
            let hint = if ci {
                "CI: nothing is removed"
            } else {
                "--prune removes it"
            };
            writeln!(
                out,
                "unreferenced snapshot {} (no example refers to it; {hint})",
                path.display()
            )?;
        }
    }
    Ok(())
}

/// Writes a report file whole, so a reader never sees half of one.
fn write_file(
    path: &std::path::Path,
    render: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> anyhow::Result<()> {
    let mut buffer = Vec::new();
    render(&mut buffer)?;
    let temp = path.with_extension("tmp~");
    std::fs::write(&temp, &buffer)
        .and_then(|()| std::fs::rename(&temp, path))
        .with_context(|| format!("cannot write {}", path.display()))
}

#[expect(
    clippy::print_stderr,
    reason = "configuration errors go to stderr before anything runs"
)]
fn invalid(err: &anyhow::Error) -> anyhow::Result<u8> {
    eprintln!("error: {err:#}");
    Ok(EXIT_INVALID)
}
