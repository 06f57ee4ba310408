//! Commands that read docs: `list`, `lint` and `serve`.

use std::collections::BTreeMap;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use exemplar_core::schema::{self, Beside as SchemaBeside, Checked, SchemaLint};
use exemplar_core::{Code, DocFile, Linter, Severity, Tally};
use exemplar_mock as mock;
use exemplar_run::config::Env;
use exemplar_run::error::{EXIT_FAILED, EXIT_INVALID, EXIT_OK};
use exemplar_run::report::{diagnostics, github, list};

use super::{
    Format, Level, LintArgs, ListArgs, ReadArgs, ServeArgs, color, fail, jobs, jobs_or_cores, usage,
};

pub(super) fn list_examples(args: &ListArgs) -> anyhow::Result<u8> {
    if args.read.format == Some(Format::Github) {
        return Err(usage(anyhow::anyhow!(
            "list --format github: list prints `human` or `json`; github is for run and lint"
        )));
    }
    let filters = match args.selection.filters() {
        Ok(filters) => filters,
        Err(err) => return Ok(fail(&err, exemplar_run::error::EXIT_INVALID)),
    };
    let shard = list_shard(args).map_err(usage)?;
    let json = args.read.format == Some(Format::Json);
    // Counted before the shard: an empty shard is not a selection of nothing.
    let mut listed = 0;
    let unreadable = for_each_page(&args.read, true, |out, path, doc| {
        let kept: Vec<_> = doc.examples.iter().filter(|e| filters.keeps(e)).collect();
        listed += kept.len();
        if let Some((partition, root)) = &shard {
            if !partition.includes(&exemplar_run::page_key_under(root, path, &doc.file)) {
                return Ok(());
            }
        }
        kept.into_iter().try_for_each(|e| {
            if json {
                list::write_json(out, e)
            } else {
                list::write_human(out, e)
            }
        })
    })?;
    if listed == 0 && !filters.is_empty() && !unreadable {
        let paths: Vec<_> = args
            .read
            .paths
            .iter()
            .map(|p| p.display().to_string())
            .collect();
        let why = format!(
            "no examples selected in {} ({}): check the paths and filters",
            paths.join(", "),
            filters.describe()
        );
        return Ok(fail(&why, exemplar_run::error::EXIT_NOTHING_SELECTED));
    }
    Ok(if unreadable { EXIT_FAILED } else { EXIT_OK })
}

/// The shard `list` shows, with the project root its keys are relative to (found as `run`
/// finds it, so both agree on every page's shard).
fn list_shard(args: &ListArgs) -> anyhow::Result<Option<(exemplar_run::Partition, PathBuf)>> {
    let env: Env = std::env::vars().collect();
    let config = super::run::config_path(None, false);
    let layers = super::run::file_and_env(config.as_deref(), &env)?;
    let Some(partition) = super::shard::resolve(&args.partition, &env, &layers)? else {
        return Ok(None);
    };
    let cwd = std::env::current_dir().context("cannot read the working directory")?;
    let root = exemplar_run::project_root(args.root.as_deref(), config.as_deref(), &cwd);
    let root = root.canonicalize().unwrap_or(root);
    Ok(Some((partition, root)))
}

pub(super) fn lint_docs(args: &LintArgs) -> anyhow::Result<u8> {
    let env: Env = std::env::vars().collect();
    let format = match args.read.format {
        Some(format) => format,
        None if super::github::wanted(None, &env) => Format::Github,
        None => Format::Human,
    };
    let color = color();
    let locate = super::github::locate(&args.read.paths);
    let mut linter = Linter::default();
    let mut shown = Tally::default();
    let mut counts: BTreeMap<Code, (Severity, usize)> = BTreeMap::new();
    // The CSDLs are read while the pages are, and each page is checked against them as soon as
    // both are in; the pages that need every page's resource blocks are checked at the end,
    // beside the other lint checks.
    let metadata = args.metadata.clone();
    let beside = SchemaBeside::start(move || schema_lint(&metadata));
    // Rejected files are lint errors already, shown with the others.
    let unreadable = for_each_page(&args.read, false, |_, _, doc| {
        beside.page(doc);
        Ok(())
    })?;
    let threads = jobs_or_cores(args.read.jobs);
    let linted = beside.finish(threads, |docs| {
        docs.iter().map(|doc| linter.check(doc)).collect::<Vec<_>>()
    });
    let Checked {
        schema,
        found: typed,
        alongside: linted,
        ..
    } = match linted {
        Ok(checked) => checked,
        Err(err) => return Ok(fail(&format!("{err:#}"), EXIT_INVALID)),
    };
    let checks_types = schema.has_types();
    let mut out = BufWriter::new(io::stdout().lock());
    let pages = linted.into_iter().zip(typed);
    let written: io::Result<()> = pages.into_iter().try_for_each(|(mut found, typed)| {
        if checks_types {
            linter.count(&typed);
            found.extend(typed);
            found.sort_by_key(|d| (d.line, d.column));
        }
        let out: &mut dyn Write = &mut out;
        for d in found.iter().filter(|d| keeps(args, d)) {
            match d.severity {
                Severity::Error => shown.errors += 1,
                Severity::Warning => shown.warnings += 1,
            }
            counts.entry(d.code).or_insert((d.severity, 0)).1 += 1;
            match (format, args.summary) {
                (_, true) => {}
                (Format::Json, false) => diagnostics::write_json(out, d)?,
                (Format::Human, false) => diagnostics::write_human(out, d, color)?,
                (Format::Github, false) => {
                    diagnostics::write_human(out, d, color)?;
                    let command = github::diagnostic_command(d, &locate(&d.file));
                    out.write_all(command.as_bytes())?;
                }
            }
        }
        Ok(())
    });
    written.context("cannot write to stdout")?;
    shown.files = linter.tally.files;
    let by_code = diagnostics::by_code(&counts);
    if args.summary {
        diagnostics::write_by_code(&mut out, &by_code).context("cannot write to stdout")?;
    }
    if format != Format::Json || args.summary {
        if checks_types {
            diagnostics::write_schema_summary(&mut out, &schema.tally)
                .context("cannot write to stdout")?;
        }
        diagnostics::write_summary(&mut out, &shown).context("cannot write to stdout")?;
    }
    out.flush().context("cannot write to stdout")?;
    if format == Format::Github {
        if let Some(mut summary) = super::github::step_summary(&env)? {
            summary.write_all(diagnostics::job_summary(&shown, &by_code).as_bytes())?;
        }
    }
    Ok(if unreadable || shown.errors > 0 {
        EXIT_FAILED
    } else {
        EXIT_OK
    })
}

/// Whether `--code` and `--severity` keep the finding `d`.
/// The schema checks of `lint`, with the CSDL of each `--metadata` read (URLs fetched once).
fn schema_lint(metadata: &[String]) -> anyhow::Result<SchemaLint> {
    let specs = (metadata.iter())
        .map(|m| m.parse::<schema::Spec>().map_err(anyhow::Error::msg))
        .collect::<anyhow::Result<Vec<_>>>()
        .context("--metadata")?;
    let schemas =
        exemplar_run::metadata::load(&specs, &exemplar_run::metadata::Fetching::default())?;
    Ok(SchemaLint::new(schemas))
}

fn keeps(args: &LintArgs, d: &exemplar_core::Diagnostic) -> bool {
    (args.codes.is_empty() || args.codes.contains(&d.code))
        && (args.severity == Level::Warning || d.severity == Severity::Error)
}

/// Reads every page under the arguments in order and lets `write` render it (with its path on
/// disk) to stdout. When `listing`, only the examples are read, and pages that are not docs
/// (binary, not UTF-8, too large) are reported on stderr like pages that cannot be read (lint
/// shows them as findings); the result says whether there were any.
fn for_each_page(
    args: &ReadArgs,
    listing: bool,
    mut write: impl FnMut(&mut dyn Write, &Path, DocFile) -> io::Result<()>,
) -> anyhow::Result<bool> {
    let mut out = BufWriter::new(io::stdout().lock());
    let mut unreadable = false;
    let mut result = Ok(());
    let each = |read: Result<(PathBuf, DocFile), exemplar_core::ReadError>| match read {
        Ok((path, doc)) => {
            let rejected = doc.diagnostics.iter().filter(|d| d.rejects_file());
            for rejected in rejected.filter(|_| listing) {
                unreadable = true;
                report_unreadable(&exemplar_run::PageError::Rejected(rejected.clone()));
            }
            if result.is_ok() {
                result = write(&mut out, &path, doc);
            }
        }
        Err(err) => {
            unreadable = true;
            report_unreadable(&err.into());
        }
    };
    // `list` needs only the examples; `lint` (which reports rejected files as findings) all.
    exemplar_core::read_pages(&args.paths, jobs(args), listing, each);
    result
        .and_then(|()| out.flush())
        .context("cannot write to stdout")?;
    Ok(unreadable)
}

#[expect(
    clippy::print_stderr,
    reason = "unreadable paths are reported as they are met"
)]
fn report_unreadable(err: &exemplar_run::PageError) {
    eprintln!("error: {err}");
}

/// Reads every doc (the mock needs them all before it starts); the first page that cannot be
/// read stops it.
pub(super) fn read_all(paths: &[std::path::PathBuf], jobs: usize) -> anyhow::Result<Vec<DocFile>> {
    let mut docs = Vec::new();
    let mut failed = None;
    exemplar_core::read_examples(paths, jobs, |page| match page {
        Ok(doc) => docs.push(doc),
        Err(err) => failed = failed.take().or(Some(err)),
    });
    match failed {
        Some(err) => Err(err.into()),
        None => Ok(docs),
    }
}

/// Ctrl-C, listened for from now on (within a runtime); the future ends when it comes.
fn interrupt() -> io::Result<impl std::future::Future<Output = ()>> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut interrupt = signal(SignalKind::interrupt())?;
        Ok(async move {
            interrupt.recv().await;
        })
    }
    #[cfg(not(unix))]
    {
        Ok(async {
            let _ = tokio::signal::ctrl_c().await;
        })
    }
}

pub(super) fn serve_docs(args: &ServeArgs) -> anyhow::Result<u8> {
    let docs = read_all(&args.paths, jobs_or_cores(None))?;
    let (routes, unservable) = mock::routes(&docs);
    let overview = mock::overview(&docs, &routes);
    let mut err = io::stderr().lock();
    for u in &unservable {
        writeln!(err, "{}", overview.note(u))?;
    }
    let host: std::net::IpAddr = match args.host.as_str() {
        "localhost" => std::net::Ipv6Addr::LOCALHOST
            .to_ipv4_mapped()
            .map_or(std::net::IpAddr::from([127, 0, 0, 1]), std::net::IpAddr::V4),
        host => host
            .parse()
            .with_context(|| format!("--host `{host}` is not an IP address"))
            .map_err(usage)?,
    };
    let address = std::net::SocketAddr::new(host, args.port);
    let listener = std::net::TcpListener::bind(address)
        .with_context(|| format!("cannot listen on {address}"))
        .map_err(usage)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let log: mock::Logger = std::sync::Arc::new(|line| {
            let _ = writeln!(io::stdout().lock(), "{line}");
        });
        let limits = args.limits.limits();
        let server = mock::start_with(routes, listener, Some(log), args.stateful, limits).await;
        // Listening for Ctrl-C before the banner says it stops the server: a Ctrl-C as soon
        // as the banner is read is never the default (killing) one.
        let interrupted = interrupt()?;
        for line in overview.banner(&server.uri()) {
            writeln!(err, "{line}")?;
        }
        writeln!(err, "{}", limits.banner(args.stateful))?;
        interrupted.await;
        drop(server);
        writeln!(err, "stopped")?;
        anyhow::Ok(())
    })?;
    Ok(EXIT_OK)
}
