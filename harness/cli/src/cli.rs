//! The command line: clap definitions and the glue from flags to library calls.
//!
//! The only module that knows about flags, the terminal and the process environment.

mod coverage;
mod docs;
mod export;
mod flags;
mod help;
mod limits;
mod merge;
mod run;
mod run_args;
mod snapshots;

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};
use exemplar_core::compare::MatchMode;
use exemplar_run::config::value;
use flags::{
    Level, LintArgs, ListArgs, MergeArgs, OutputArgs, PartitionArgs, ReportCommand, RunFormat,
};
use run_args::RunArgs;

/// Contract tests for API documentation: extract the HTTP examples of Graph-style markdown docs,
/// check them, and replay them against a server.
#[derive(Debug, Parser)]
#[command(
    name = "exemplar",
    version,
    about,
    long_about = None,
    propagate_version = true,
    after_help = help::after_help()
)]
pub(crate) struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// List the examples (annotated requests and their responses) the docs hold.
    ///
    /// Takes the selection flags of `run`, so a selection can be checked before it runs; exits 4
    /// when filters select nothing.
    List(ListArgs),
    /// Check the docs statically: examples, links, front matter, outline, tabs and tables.
    ///
    /// Exits 1 when any error is found (among those `--code` and `--severity` keep) or a path
    /// cannot be read, 0 when there are only warnings.
    Lint(LintArgs),
    /// Answer HTTP requests as the docs say: a mock server with a route per documented example.
    ///
    /// Placeholders and GUID-like segments in documented paths match any value; 201 answers
    /// carry fresh ids and creation times. A documented path asked with another method gets 405
    /// with `Allow`; a body that is not JSON where the docs show JSON gets 400 naming the byte
    /// offset; anything else gets a 404 naming the closest documented routes.
    Serve(ServeArgs),
    /// Replay every example against a server and report where it and the docs disagree.
    ///
    /// With no target, the examples run against the built-in mock of the same docs (see `serve`).
    ///
    /// Each example's line is printed as it finishes; Ctrl-C stops sending, lets the requests in
    /// flight end, and still prints the summary and writes the reports.
    ///
    /// Settings come from defaults < exemplar.toml < EXEMPLAR_* variables < flags. Exits 0 when
    /// every example passed, 1 when any failed or a page could not be read, 2 on bad flags or
    /// config (a failed sign-in too), 3 when the target (or the token endpoint) could not be
    /// reached at all, 4 when no example was selected, 130 when interrupted.
    ///
    /// `[auth]` in exemplar.toml (or EXEMPLAR_AUTH_*) signs in to the target: see `exemplar help
    /// config`. The token goes only to the target's origin, never to the built-in mock.
    Run(Box<RunArgs>),
    /// Review pending snapshots one by one: the change, then accept, reject or skip.
    Review(SnapshotArgs),
    /// Accept pending snapshots (all, or those the filters pick): `.snap.new` becomes `.snap`.
    Accept(SnapshotArgs),
    /// Reject pending snapshots (all, or those the filters pick): `.snap.new` is removed.
    Reject(SnapshotArgs),
    /// Work with the reports of runs: `report merge` joins the JSON reports of a run's shards.
    #[command(subcommand)]
    Report(ReportCommand),
    /// Which operations of the service's CSDL the docs document, exemplify, and a run proved.
    ///
    /// Exits 1 when `--fail-under` is not met or a page cannot be read, 2 when a CSDL or report
    /// cannot be read (naming its file and line).
    Coverage(Box<coverage::CoverageArgs>),
    /// Write the examples as the files other tools run: a Hurl file, a Postman collection or
    /// an OpenAPI description (placeholders as their variables, secrets never written).
    Export(Box<export::ExportArgs>),
    /// Every key of exemplar.toml, with its flag and EXEMPLAR_* variable (also `help config`).
    #[command(long_about = help::config_reference(true))]
    Config,
    /// Every lint code: family, severity, API Doctor's name, an example (also `help codes`).
    #[command(long_about = exemplar_core::model::codes_reference())]
    Codes,
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
    /// Remember what POSTs create: a GET of the new id returns it, PATCH merges into it, DELETE
    /// removes it (a later GET is 404), and the collection's list shows it. Off by default.
    #[arg(long)]
    stateful: bool,
    #[command(flatten)]
    limits: limits::LimitArgs,
}

/// The selection flags of `run` and `list`: an example they leave out is not reported.
#[derive(Debug, Clone, Default, clap::Args)]
struct SelectionArgs {
    /// Only examples whose name matches GLOB, such as `get_*` (repeatable: any matches).
    #[arg(long = "name", value_name = "GLOB")]
    names: Vec<String>,
    /// Only examples whose `tags` annotation holds TAG, in any case (repeatable: any).
    #[arg(long = "tag", value_name = "TAG")]
    tags: Vec<String>,
    /// Only examples of this API version, the page's (its `v1.0`/`beta` folder, else its
    /// URLs'), such as `v1.0` or `beta` (repeatable: any).
    #[arg(long = "api-version", value_name = "VERSION")]
    api_versions: Vec<String>,
    /// Only examples with this method, such as `GET` (repeatable: any).
    #[arg(long = "method", value_name = "METHOD")]
    methods: Vec<String>,
}

impl SelectionArgs {
    /// The selection flags, for the library.
    fn selection(&self) -> exemplar_run::options::Selection {
        exemplar_run::options::Selection {
            names: self.names.clone(),
            tags: self.tags.clone(),
            api_versions: self.api_versions.clone(),
            methods: self.methods.clone(),
        }
    }
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
    /// How to print what is found (`github`, lint only: workflow commands, errors then warnings,
    /// 10 of each, GitHub's limit per step; the rest in one notice and the job summary)
    /// [default: github for lint when GITHUB_ACTIONS=true, else human].
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// How many threads read docs at once, 1 to 1024 [default: the number of cores].
    #[arg(long, short = 'j', value_name = "N", value_parser = value::jobs)]
    jobs: Option<usize>,
}

/// What `list` and `lint` print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// Lines for people.
    Human,
    /// JSON Lines, one object per example or finding.
    Json,
    /// Lint: a workflow command per finding (`::error`, `::warning`) and a job summary.
    Github,
}

/// `--match`: the library's [`MatchMode`], with the words and help clap shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Match {
    /// Documented values must be equal (after the rules for generated values).
    Exact,
    /// Only keys and JSON types must agree; values need not (for services with sample data).
    Shape,
    /// The answer must conform to the service's types (needs `--metadata`); documented values
    /// need not match.
    Schema,
}

impl From<Match> for MatchMode {
    fn from(mode: Match) -> MatchMode {
        match mode {
            Match::Exact => MatchMode::Exact,
            Match::Shape => MatchMode::Shape,
            Match::Schema => MatchMode::Schema,
        }
    }
}

impl Cli {
    /// Runs the command and returns the process exit code.
    pub(crate) fn run(self) -> anyhow::Result<u8> {
        let named = match &self.command {
            Command::List(args) => &args.read.paths,
            Command::Lint(args) => &args.read.paths,
            Command::Run(args) => &args.paths,
            Command::Serve(args) => &args.paths,
            _ => &Vec::new(),
        };
        if let Err(err) = exemplar_run::docs::check_paths(named) {
            return Ok(fail(&err, exemplar_run::error::EXIT_INVALID));
        }
        match self.command {
            Command::List(args) => docs::list_examples(&args),
            Command::Lint(args) => docs::lint_docs(&args),
            Command::Run(args) => run::run_examples(&args),
            Command::Serve(args) => docs::serve_docs(&args),
            Command::Export(args) => export::export_examples(&args),
            Command::Report(ReportCommand::Merge(args)) => merge::merge_reports(&args),
            Command::Review(args) => snapshots::review(&args),
            Command::Accept(args) => snapshots::settle(&args, true),
            Command::Reject(args) => snapshots::settle(&args, false),
            Command::Coverage(args) => coverage::cover(&args),
            Command::Config => {
                writeln!(io::stdout(), "{}", help::config_reference(color()))?;
                Ok(exemplar_run::error::EXIT_OK)
            }
            Command::Codes => {
                writeln!(io::stdout(), "{}", exemplar_core::model::codes_reference())?;
                Ok(exemplar_run::error::EXIT_OK)
            }
        }
    }
}

fn jobs_or_cores(jobs: Option<usize>) -> usize {
    jobs.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// A mistake in how exemplar was invoked or configured: exit 2. Anything else that stops a
/// command is not the caller's fault: exit 1.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub(crate) struct Usage(String);

/// Marks `err` as the caller's mistake.
fn usage(err: anyhow::Error) -> anyhow::Error {
    anyhow::Error::new(Usage(format!("{err:#}")))
}

/// Prints a fatal error and gives the exit code to end with.
#[expect(
    clippy::print_stderr,
    reason = "errors that end a command go to stderr"
)]
fn fail(err: &dyn std::fmt::Display, code: u8) -> u8 {
    eprintln!("error: {err}");
    code
}

/// Prints a fatal error with its causes and gives the exit code to end with.
fn fail_with(err: impl Into<anyhow::Error>, code: u8) -> u8 {
    fail(&format_args!("{:#}", err.into()), code)
}

fn color() -> bool {
    io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}
