//! Commands that read docs: `list`, `lint` and `serve`.

use std::io::{self, BufWriter, Write};

use anyhow::Context;
use exemplar::error::{EXIT_FAILED, EXIT_INVALID, EXIT_OK};
use exemplar::report::{diagnostics, list};
use exemplar::schema::{self, SchemaLint};
use exemplar::{DocFile, Linter, mock};

use super::{
    Format, LintArgs, ListArgs, ReadArgs, ServeArgs, color, fail, jobs, jobs_or_cores, usage,
};

pub(super) fn list_examples(args: &ListArgs) -> anyhow::Result<u8> {
    let filters = match args.selection.filters() {
        Ok(filters) => filters,
        Err(err) => return Ok(fail(&err, exemplar::error::EXIT_INVALID)),
    };
    let mut listed = 0;
    let unreadable = for_each_page(&args.read, true, |out, doc| {
        let kept = doc.examples.iter().filter(|e| filters.keeps(e));
        kept.inspect(|_| listed += 1)
            .try_for_each(|e| match args.read.format {
                Format::Json => list::write_json(out, e),
                Format::Human => list::write_human(out, e),
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
        return Ok(fail(&why, exemplar::error::EXIT_NOTHING_SELECTED));
    }
    Ok(if unreadable { EXIT_FAILED } else { EXIT_OK })
}

pub(super) fn lint_docs(args: &LintArgs) -> anyhow::Result<u8> {
    let color = color();
    let format = args.read.format;
    let mut linter = Linter::default();
    // The CSDLs are read while the pages are; the schema checks need every page's resource
    // blocks before any body is checked: the pages are read first, then checked in order.
    let metadata = args.metadata.clone();
    let loading = std::thread::spawn(move || schema_lint(&metadata));
    let mut pages = Vec::new();
    let unreadable = for_each_page(&args.read, false, |_, doc| {
        pages.push(doc);
        Ok(())
    })?;
    let loaded = loading
        .join()
        .unwrap_or_else(|_| Err(anyhow::anyhow!("reading --metadata stopped unexpectedly")));
    let mut schema = match loaded {
        Ok(schema) => schema,
        Err(err) => return Ok(fail(&format!("{err:#}"), EXIT_INVALID)),
    };
    pages.iter().for_each(|doc| schema.learn(doc));
    let checks_types = schema.has_types();
    let mut out = BufWriter::new(io::stdout().lock());
    for doc in &pages {
        let mut found = linter.check(doc);
        if checks_types {
            let typed = schema.check(doc);
            linter.count(&typed);
            found.extend(typed);
            found.sort_by_key(|d| (d.line, d.column));
        }
        found.iter().try_for_each(|d| match format {
            Format::Json => diagnostics::write_json(&mut out, d),
            Format::Human => diagnostics::write_human(&mut out, d, color),
        })?;
    }
    if format == Format::Human {
        if checks_types {
            diagnostics::write_schema_summary(&mut out, &schema.tally)?;
        }
        diagnostics::write_summary(&mut out, &linter.tally)?;
    }
    out.flush().context("cannot write to stdout")?;
    Ok(if unreadable || linter.tally.errors > 0 {
        EXIT_FAILED
    } else {
        EXIT_OK
    })
}

/// The schema checks of `lint`, with the CSDL of each `--metadata` read (URLs fetched once).
fn schema_lint(metadata: &[String]) -> anyhow::Result<SchemaLint> {
    let specs = (metadata.iter())
        .map(|m| m.parse::<schema::Spec>().map_err(anyhow::Error::msg))
        .collect::<anyhow::Result<Vec<_>>>()
        .context("--metadata")?;
    let schemas = schema::load(&specs, &schema::Fetching::default())?;
    Ok(SchemaLint::new(schemas))
}

/// Reads every page under the arguments in order and lets `write` render it to stdout. When
/// `listing`, only the examples are read, and pages that are not docs (binary, not UTF-8, too
/// large) are reported on stderr like pages that cannot be read (lint shows them as findings);
/// the result says whether there were any.
fn for_each_page(
    args: &ReadArgs,
    listing: bool,
    mut write: impl FnMut(&mut dyn Write, DocFile) -> io::Result<()>,
) -> anyhow::Result<bool> {
    let mut out = BufWriter::new(io::stdout().lock());
    let mut unreadable = false;
    let mut result = Ok(());
    let mut each = |read: Result<DocFile, exemplar::ReadError>| match read {
        Ok(doc) => {
            let rejected = doc.diagnostics.iter().filter(|d| d.rejects_file());
            for rejected in rejected.filter(|_| listing) {
                unreadable = true;
                report_unreadable(&exemplar::PageError::Rejected(rejected.clone()));
            }
            if result.is_ok() {
                result = write(&mut out, doc);
            }
        }
        Err(err) => {
            unreadable = true;
            report_unreadable(&err.into());
        }
    };
    // `list` needs only the examples; `lint` (which reports rejected files as findings) all.
    if listing {
        exemplar::read_examples(&args.paths, jobs(args), &mut each);
    } else {
        exemplar::read_docs(&args.paths, jobs(args), &mut each);
    }
    result
        .and_then(|()| out.flush())
        .context("cannot write to stdout")?;
    Ok(unreadable)
}

#[expect(
    clippy::print_stderr,
    reason = "unreadable paths are reported as they are met"
)]
fn report_unreadable(err: &exemplar::PageError) {
    eprintln!("error: {err}");
}

/// Reads every doc (the mock needs them all before it starts); the first page that cannot be
/// read stops it.
pub(super) fn read_all(paths: &[std::path::PathBuf], jobs: usize) -> anyhow::Result<Vec<DocFile>> {
    let mut docs = Vec::new();
    let mut failed = None;
    exemplar::read_examples(paths, jobs, |page| match page {
        Ok(doc) => docs.push(doc),
        Err(err) => failed = failed.take().or(Some(err)),
    });
    match failed {
        Some(err) => Err(err.into()),
        None => Ok(docs),
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
        let server = mock::start_with(routes, listener, Some(log), args.stateful).await;
        for line in overview.banner(&server.uri()) {
            writeln!(err, "{line}")?;
        }
        tokio::signal::ctrl_c().await?;
        drop(server);
        writeln!(err, "stopped")?;
        anyhow::Ok(())
    })?;
    Ok(EXIT_OK)
}
