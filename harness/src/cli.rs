//! The command line: clap definitions and the glue from flags to library calls.
//!
//! The only module that knows about flags, the terminal and the process environment.

use std::collections::HashSet;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::{Parser, Subcommand, ValueEnum};
use exemplar::DocFile;
use exemplar::config::{Env, Layer, Settings};
use exemplar::error::{EXIT_FAILED, EXIT_INVALID, EXIT_OK, EXIT_UNREACHABLE};
use exemplar::lint::Linter;
use exemplar::mock;
use exemplar::report::run::{self as run_report, Redactor};
use exemplar::report::{diagnostics, list};
use exemplar::run::Outcome;
use exemplar::scan::scan;

/// Contract tests for API documentation: extract the HTTP examples of Graph-style markdown docs,
/// check them, and replay them against a server.
#[derive(Debug, Parser)]
#[command(name = "exemplar", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// List the examples (annotated requests and their responses) the docs hold.
    List(ReadArgs),
    /// Check the docs statically: annotations, HTTP blocks, JSON, pairing.
    ///
    /// Exits 1 when any error is found, 0 when there are only warnings, 2 when a path cannot be read.
    Lint(ReadArgs),
    /// Answer HTTP requests as the docs say: a mock server with a route per documented example.
    ///
    /// Placeholders and GUID-like segments in documented paths match any value; 201 answers
    /// carry fresh ids and creation times; anything else gets a 404 naming the closest routes.
    Serve(ServeArgs),
    /// Replay every example against a server and report where it and the docs disagree.
    ///
    /// With no target, the examples run against the built-in mock of the same docs (see `serve`).
    ///
    /// Settings come from defaults < exemplar.toml < EXEMPLAR_* variables < flags. Exits 0 when
    /// every example passed, 1 when any failed, 2 on bad flags, config or docs, 3 when the target
    /// could not be reached at all.
    Run(Box<RunArgs>),
    /// Review pending snapshots one by one: the change, then accept, reject or skip.
    Review(SnapshotArgs),
    /// Accept pending snapshots (all, or those the filters pick): `.snap.new` becomes `.snap`.
    Accept(SnapshotArgs),
    /// Reject pending snapshots (all, or those the filters pick): `.snap.new` is removed.
    Reject(SnapshotArgs),
}

#[derive(Debug, clap::Args)]
struct ServeArgs {
    /// Doc files, or directories searched for `*.md` (sorted).
    #[arg(value_name = "PATHS", default_value = ".")]
    paths: Vec<PathBuf>,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    host: String,
    /// Port to listen on (0 picks a free one).
    #[arg(long, short = 'p', default_value_t = 8080)]
    port: u16,
}

#[derive(Debug, clap::Args)]
struct RunArgs {
    /// Doc files, or directories searched for `*.md` (sorted).
    #[arg(value_name = "PATHS", default_value = ".")]
    paths: Vec<PathBuf>,
    /// Base URL of the server to replay against [env: EXEMPLAR_TARGET].
    #[arg(long, value_name = "URL")]
    target: Option<String>,
    /// A placeholder value, such as `--param id=42` (repeatable) [env: EXEMPLAR_PARAM_<name>].
    #[arg(long = "param", value_name = "NAME=VALUE")]
    params: Vec<String>,
    /// A header sent with every request, such as `--header 'Authorization: Bearer ${TOKEN}'`;
    /// `${VAR}` takes a value from the environment and is never shown (repeatable).
    #[arg(long = "header", short = 'H', value_name = "NAME: VALUE")]
    headers: Vec<String>,
    /// The config file [default: exemplar.toml in the working directory, if there].
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    config: Option<PathBuf>,
    /// Read no config file.
    #[arg(long)]
    no_config: bool,
    /// Doc files replayed at once; one file's examples always run in order [env: EXEMPLAR_JOBS] [default: 4].
    #[arg(long, short = 'j', value_name = "N")]
    jobs: Option<usize>,
    /// Seconds to wait for each answer [env: EXEMPLAR_TIMEOUT] [default: 30].
    #[arg(long, value_name = "SECONDS")]
    timeout: Option<f64>,
    /// Retries after a connection error, 429 or 503 [env: EXEMPLAR_RETRIES] [default: 2].
    #[arg(long, value_name = "N")]
    retries: Option<u32>,
    /// Largest response body read, in bytes [env: EXEMPLAR_MAX_BODY] [default: 10485760].
    #[arg(long, value_name = "BYTES")]
    max_body: Option<usize>,
    /// `exact`: documented values must be equal; `shape`: only keys and types [env: EXEMPLAR_MATCH].
    #[arg(long = "match", value_name = "MODE")]
    match_mode: Option<exemplar::compare::MatchMode>,
    /// Ignore the values a selector picks (`.id`, `.value[].id`, `.**.createdDateTime`), or
    /// require a shape: `.id=guid`, `.when=datetime` (repeatable).
    #[arg(long = "ignore", value_name = "SELECTOR")]
    ignore: Vec<String>,
    /// Turn off the built-in rules for generated values (GUIDs, date-times, etags, paging links).
    #[arg(long)]
    no_default_rules: bool,
    /// Send POST, PUT, PATCH and DELETE to a target that is not on this machine [env: EXEMPLAR_ALLOW_MUTATIONS].
    #[arg(long)]
    allow_mutations: bool,
    /// Also write one JSON object per example to FILE.
    #[arg(long, value_name = "FILE")]
    report_json: Option<PathBuf>,
    /// Also write a JUnit XML report to FILE.
    #[arg(long, value_name = "FILE")]
    report_junit: Option<PathBuf>,
    /// Check each answer against its snapshot, `DIR/<doc path>/<name>.snap` (insta format); new
    /// and changed ones are written as `.snap.new` for review [env: EXEMPLAR_SNAPSHOT_DIR].
    #[arg(long, value_name = "DIR")]
    snapshot_dir: Option<String>,
    /// Write new and changed snapshots as `.snap` and pass (INSTA_UPDATE=always); INSTA_UPDATE
    /// also takes auto, new, unseen and no. With CI=true nothing is ever written.
    #[arg(long)]
    update_snapshots: bool,
    /// Remove snapshots that no example refers to any more.
    #[arg(long)]
    prune: bool,
    /// Run only the examples of doc files added, modified or renamed since the git revision REV,
    /// and those whose snapshots changed.
    #[arg(long, value_name = "REV")]
    changed_since: Option<String>,
}

#[derive(Debug, clap::Args)]
struct SnapshotArgs {
    /// Only these: doc paths under the snapshot directory (`v1.0/api/user-get.md`, a folder) or
    /// example names.
    #[arg(value_name = "FILTER")]
    filters: Vec<String>,
    /// The snapshot directory [default: `snapshot_dir` of exemplar.toml or EXEMPLAR_SNAPSHOT_DIR].
    #[arg(long, value_name = "DIR")]
    snapshot_dir: Option<String>,
}

#[derive(Debug, clap::Args)]
struct ReadArgs {
    /// Doc files, or directories searched for `*.md` (sorted).
    #[arg(value_name = "PATHS", default_value = ".")]
    paths: Vec<PathBuf>,
    /// Output format: `human` for people, `json` for JSON Lines.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Threads reading docs [default: the number of cores].
    #[arg(long, short = 'j', value_name = "N")]
    jobs: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Human,
    Json,
}

impl Cli {
    /// Runs the command and returns the process exit code.
    pub fn run(self) -> anyhow::Result<u8> {
        match self.command {
            Command::List(args) => list_examples(&args),
            Command::Lint(args) => lint_docs(&args),
            Command::Run(args) => run_examples(&args),
            Command::Serve(args) => serve_docs(&args),
            Command::Review(args) => review(&args),
            Command::Accept(args) => settle(&args, true),
            Command::Reject(args) => settle(&args, false),
        }
    }
}

fn run_examples(args: &RunArgs) -> anyhow::Result<u8> {
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
    let mut layers = Vec::new();
    let config = match (&args.config, args.no_config) {
        (_, true) => None,
        (Some(path), false) => Some(path.clone()),
        (None, false) => Some(PathBuf::from("exemplar.toml")).filter(|p| p.is_file()),
    };
    if let Some(path) = config {
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read config {}", path.display()))?;
        layers.push(Layer::from_toml(&path.display().to_string(), &text)?);
    }
    layers.push(Layer::from_env(env)?);
    layers.push(flags(args)?);
    Ok(Settings::resolve(&layers, env)?)
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
        let (name, value) = param
            .split_once('=')
            .with_context(|| format!("--param `{param}`: write it NAME=VALUE"))?;
        layer
            .params
            .insert(name.trim().to_owned(), value.to_owned());
    }
    for header in &args.headers {
        let (name, value) = header
            .split_once(':')
            .with_context(|| format!("--header `{header}`: write it 'Name: value'"))?;
        layer
            .headers
            .insert(name.trim().to_owned(), value.trim().to_owned());
    }
    Ok(layer)
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
        let unreadable = ["not-utf8", "binary-file", "file-too-large"];
        self.unreadable.extend(
            doc.diagnostics
                .iter()
                .filter(|d| unreadable.contains(&d.code))
                .cloned(),
        );
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

/// The snapshot directory for review/accept/reject: the flag, else the configuration.
fn snapshot_dir(args: &SnapshotArgs) -> anyhow::Result<PathBuf> {
    if let Some(dir) = &args.snapshot_dir {
        return Ok(dir.into());
    }
    // Only the snapshot directory is needed: header values (and the variables they name) are not.
    let env: Env = std::env::vars().collect();
    let mut layers = vec![];
    if Path::new("exemplar.toml").is_file() {
        layers.push(Layer::from_toml(
            "exemplar.toml",
            &std::fs::read_to_string("exemplar.toml")?,
        )?);
    }
    layers.push(Layer::from_env(&env)?);
    let dir = layers.iter().rev().find_map(|l| l.snapshot_dir.clone());
    dir.map(PathBuf::from).context(
        "no snapshot directory: give --snapshot-dir DIR or set `snapshot_dir` in exemplar.toml",
    )
}

fn settle(args: &SnapshotArgs, accept: bool) -> anyhow::Result<u8> {
    let dir = snapshot_dir(args)?;
    let pending = exemplar::snapshot::pending(&dir, &args.filters);
    let mut out = io::stdout().lock();
    for path in &pending {
        if accept {
            let kept = exemplar::snapshot::accept(path)
                .with_context(|| format!("cannot accept {}", path.display()))?;
            writeln!(out, "accepted {}", kept.display())?;
        } else {
            exemplar::snapshot::reject(path)
                .with_context(|| format!("cannot reject {}", path.display()))?;
            writeln!(out, "rejected {}", path.display())?;
        }
    }
    writeln!(
        out,
        "{} snapshot{} {}",
        pending.len(),
        if pending.len() == 1 { "" } else { "s" },
        if accept { "accepted" } else { "rejected" }
    )?;
    Ok(EXIT_OK)
}

fn review(args: &SnapshotArgs) -> anyhow::Result<u8> {
    let dir = snapshot_dir(args)?;
    let pending = exemplar::snapshot::pending(&dir, &args.filters);
    let color = color();
    let mut out = io::stdout().lock();
    let mut input = io::stdin().lock();
    let (mut accepted, mut rejected, mut skipped) = (0, 0, 0);
    for (i, path) in pending.iter().enumerate() {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let (header, new) = exemplar::snapshot::split_header(&text);
        let stored = PathBuf::from(path.to_string_lossy().trim_end_matches(".new"));
        let old = exemplar::snapshot::read_content(&stored)
            .map(|c| c + "\n")
            .unwrap_or_default();
        writeln!(
            out,
            "\nsnapshot {} of {}: {}",
            i + 1,
            pending.len(),
            stored.display()
        )?;
        for line in header.lines() {
            writeln!(out, "  {line}")?;
        }
        let title = if old.is_empty() { "(new)" } else { "stored" };
        write!(out, "{}", run_report::diff(title, &old, "new", new, color))?;
        let choice = loop {
            write!(out, "\naccept (a), reject (r) or skip (s)? ")?;
            out.flush()?;
            let mut line = String::new();
            if io::BufRead::read_line(&mut input, &mut line)? == 0 {
                break 's';
            }
            match line.trim() {
                "a" | "accept" => break 'a',
                "r" | "reject" => break 'r',
                "s" | "skip" | "" => break 's',
                _ => writeln!(out, "type a, r or s")?,
            }
        };
        match choice {
            'a' => {
                exemplar::snapshot::accept(path)?;
                accepted += 1;
            }
            'r' => {
                exemplar::snapshot::reject(path)?;
                rejected += 1;
            }
            _ => skipped += 1,
        }
    }
    writeln!(
        out,
        "\n{accepted} accepted, {rejected} rejected, {skipped} skipped"
    )?;
    Ok(EXIT_OK)
}

/// Reads every doc (the mock needs them all before it starts).
fn read_all(walk: exemplar::discover::Walk, jobs: usize) -> anyhow::Result<Vec<DocFile>> {
    let mut docs = Vec::new();
    let mut failed = None;
    scan(walk, jobs, |page| match page {
        Ok(doc) => docs.push(doc),
        Err(err) => failed = failed.take().or(Some(err)),
    });
    match failed {
        Some(err) => Err(err.into()),
        None => Ok(docs),
    }
}

fn serve_docs(args: &ServeArgs) -> anyhow::Result<u8> {
    let docs = read_all(exemplar::discover::walk(&args.paths)?, jobs_or_cores(None))?;
    let (routes, unservable) = mock::routes(&docs);
    let mut err = io::stderr().lock();
    for u in &unservable {
        writeln!(err, "not served: {}:{}: {}", u.file, u.line, u.reason)?;
    }
    let host: std::net::IpAddr = match args.host.as_str() {
        "localhost" => std::net::Ipv6Addr::LOCALHOST
            .to_ipv4_mapped()
            .map_or(std::net::IpAddr::from([127, 0, 0, 1]), std::net::IpAddr::V4),
        host => host
            .parse()
            .with_context(|| format!("--host `{host}` is not an IP address"))?,
    };
    let address = std::net::SocketAddr::new(host, args.port);
    let listener = std::net::TcpListener::bind(address)
        .with_context(|| format!("cannot listen on {address}"))?;
    let count = routes.len();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let log: mock::Logger = std::sync::Arc::new(|line| {
            let _ = writeln!(io::stdout().lock(), "{line}");
        });
        let server = mock::start(routes, listener, Some(log)).await;
        writeln!(
            err,
            "serving {count} documented routes from {} files at {} (Ctrl-C stops)",
            docs.len(),
            server.uri()
        )?;
        tokio::signal::ctrl_c().await?;
        drop(server);
        writeln!(err, "stopped")?;
        anyhow::Ok(())
    })?;
    Ok(EXIT_OK)
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

fn jobs(args: &ReadArgs) -> usize {
    jobs_or_cores(args.jobs)
}

fn jobs_or_cores(jobs: Option<usize>) -> usize {
    jobs.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

fn color() -> bool {
    io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

fn list_examples(args: &ReadArgs) -> anyhow::Result<u8> {
    let unreadable = for_each_page(args, |out, doc| {
        doc.examples.iter().try_for_each(|e| match args.format {
            Format::Json => list::write_json(out, e),
            Format::Human => list::write_human(out, e),
        })
    })?;
    Ok(if unreadable { EXIT_INVALID } else { EXIT_OK })
}

fn lint_docs(args: &ReadArgs) -> anyhow::Result<u8> {
    let color = color();
    let mut linter = Linter::default();
    let unreadable = for_each_page(args, |out, doc| {
        linter
            .check(doc)
            .iter()
            .try_for_each(|d| match args.format {
                Format::Json => diagnostics::write_json(out, d),
                Format::Human => diagnostics::write_human(out, d, color),
            })
    })?;
    if args.format == Format::Human {
        let mut out = io::stdout().lock();
        diagnostics::write_summary(&mut out, &linter.tally).context("cannot write to stdout")?;
    }
    Ok(if unreadable {
        EXIT_INVALID
    } else if linter.tally.errors > 0 {
        EXIT_FAILED
    } else {
        EXIT_OK
    })
}

/// Reads every page under the arguments in order and lets `write` render it to stdout.
/// Unreadable paths are reported on stderr as they come; the result says whether there were any.
fn for_each_page(
    args: &ReadArgs,
    mut write: impl FnMut(&mut dyn Write, &DocFile) -> io::Result<()>,
) -> anyhow::Result<bool> {
    let docs = exemplar::discover::walk(&args.paths)?;
    let mut out = BufWriter::new(io::stdout().lock());
    let mut unreadable = false;
    let mut result = Ok(());
    scan(docs, jobs(args), |scanned| match scanned {
        Ok(doc) if result.is_ok() => result = write(&mut out, &doc),
        Ok(_) => {}
        Err(err) => {
            unreadable = true;
            report_unreadable(&err);
        }
    });
    result
        .and_then(|()| out.flush())
        .context("cannot write to stdout")?;
    Ok(unreadable)
}

#[expect(
    clippy::print_stderr,
    reason = "unreadable paths are reported as they are met"
)]
fn report_unreadable(err: &exemplar::discover::ReadError) {
    eprintln!("error: {err}");
}
