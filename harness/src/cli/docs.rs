//! Commands that read docs: `list`, `lint` and `serve`.

use std::io::{self, BufWriter, Write};

use anyhow::Context;
use exemplar::error::{EXIT_FAILED, EXIT_OK};
use exemplar::report::{diagnostics, list};
use exemplar::{DocFile, Linter, mock};

use super::{Format, ReadArgs, ServeArgs, color, jobs, jobs_or_cores, usage};

pub(super) fn list_examples(args: &ReadArgs) -> anyhow::Result<u8> {
    let unreadable = for_each_page(args, true, |out, doc| {
        doc.examples.iter().try_for_each(|e| match args.format {
            Format::Json => list::write_json(out, e),
            Format::Human => list::write_human(out, e),
        })
    })?;
    Ok(if unreadable { EXIT_FAILED } else { EXIT_OK })
}

pub(super) fn lint_docs(args: &ReadArgs) -> anyhow::Result<u8> {
    let color = color();
    let mut linter = Linter::default();
    // Rejected files are lint errors already, shown with the others.
    let unreadable = for_each_page(args, false, |out, doc| {
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
    Ok(if unreadable || linter.tally.errors > 0 {
        EXIT_FAILED
    } else {
        EXIT_OK
    })
}

/// Reads every page under the arguments in order and lets `write` render it to stdout. When
/// `listing`, only the examples are read, and pages that are not docs (binary, not UTF-8, too
/// large) are reported on stderr like pages that cannot be read (lint shows them as findings);
/// the result says whether there were any.
fn for_each_page(
    args: &ReadArgs,
    listing: bool,
    mut write: impl FnMut(&mut dyn Write, &DocFile) -> io::Result<()>,
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
                result = write(&mut out, &doc);
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
