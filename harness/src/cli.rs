//! The command line: clap definitions and the glue from flags to library calls.
//!
//! The only module that knows about flags, the terminal and the process environment.

use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::PathBuf;

use anyhow::Context;
use clap::{Parser, Subcommand, ValueEnum};
use exemplar::DocFile;
use exemplar::error::{EXIT_FAILED, EXIT_INVALID, EXIT_OK};
use exemplar::lint::Linter;
use exemplar::report::{diagnostics, list};
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
        }
    }
}

fn jobs(args: &ReadArgs) -> usize {
    args.jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
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
