//! The command line: clap definitions and the glue from flags to library calls.
//!
//! The only module that knows about flags, the terminal and the process environment.

mod docs;
mod flags;
mod help;
mod merge;
mod progress;
mod run;
mod snapshots;

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};
use exemplar_core::compare::MatchMode;
use exemplar_run::config::value;
use flags::{
    Level, LintArgs, ListArgs, MergeArgs, OutputArgs, PartitionArgs, ReportCommand, RunFormat,
};

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
pub struct Cli {
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
    /// Check the docs statically: annotations, HTTP blocks, JSON, pairing.
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
    /// Every key of exemplar.toml, with its flag and EXEMPLAR_* variable (also `help config`).
    #[command(long_about = help::config_reference(true))]
    Config,
    /// Every lint code: family, severity, API Doctor's name, an example (also `help codes`).
    #[command(long_about = help::codes_reference())]
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
}

#[derive(Debug, clap::Args)]
struct RunArgs {
    /// Doc files, or directories searched for `*.md` (sorted).
    #[arg(value_name = "PATHS", default_value = ".")]
    paths: Vec<PathBuf>,
    /// Base URL of the server to replay against, such as `http://127.0.0.1:8771` [env:
    /// EXEMPLAR_TARGET] [default: the built-in mock of the docs].
    #[arg(help_heading = "Target and requests", long, value_name = "URL", value_parser = value::target)]
    target: Option<url::Url>,
    /// A placeholder value, such as `--param id=42` (repeatable), also from `EXEMPLAR_PARAM_name`.
    #[arg(
        help = "A placeholder value, such as `--param id=42` (repeatable) [env: EXEMPLAR_PARAM_<name>]",
        help_heading = "Target and requests",
        long = "param",
        value_name = "NAME=VALUE"
    )]
    params: Vec<String>,
    /// A header sent with every request, such as `--header 'Authorization: Bearer ${TOKEN}'`;
    /// `${VAR}` takes a value from the environment and is never shown (repeatable).
    #[arg(
        help_heading = "Target and requests",
        long = "header",
        short = 'H',
        value_name = "NAME: VALUE"
    )]
    headers: Vec<String>,
    /// The config file [default: exemplar.toml in the working directory, if there].
    #[arg(
        help_heading = "Config",
        long,
        value_name = "FILE",
        conflicts_with = "no_config"
    )]
    config: Option<PathBuf>,
    /// Read no config file.
    #[arg(help_heading = "Config", long)]
    no_config: bool,
    /// How many doc files are replayed at once, 1 to 1024; one file's examples always run in
    /// order [env: EXEMPLAR_JOBS] [default: 4].
    #[arg(help_heading = "Target and requests", long, short = 'j', value_name = "N", value_parser = value::jobs)]
    jobs: Option<usize>,
    /// Seconds to wait for each answer [env: EXEMPLAR_TIMEOUT] [default: 30].
    #[arg(help_heading = "Target and requests", long, value_name = "SECONDS", value_parser = value::seconds)]
    timeout: Option<f64>,
    /// Retries after a connection error, 429 or 503 [env: EXEMPLAR_RETRIES] [default: 2].
    #[arg(help_heading = "Target and requests", long, value_name = "N", value_parser = value::retries)]
    retries: Option<u32>,
    /// Largest response body read, in bytes [env: EXEMPLAR_MAX_BODY] [default: 10485760].
    #[arg(help_heading = "Target and requests", long, value_name = "BYTES", value_parser = value::bytes)]
    max_body: Option<usize>,
    /// How documented values are held against the answer [env: EXEMPLAR_MATCH] [default: exact].
    #[arg(
        help_heading = "Comparison",
        long = "match",
        value_name = "MODE",
        value_enum
    )]
    match_mode: Option<Match>,
    /// Ignore the values a selector picks (`.id`, `.value[].id`, `.**.createdDateTime`), or
    /// require a shape: `.id=guid`, `.when=datetime` (repeatable).
    #[arg(help_heading = "Comparison", long = "ignore", value_name = "SELECTOR")]
    ignore: Vec<String>,
    /// The service's types (CSDL, `$metadata`) for `--match schema`, as `VERSION=FILE|URL`
    /// (`v1.0=schema/v1.0.csdl.xml`) or `FILE|URL` (a URL's `/v1.0/` or `/beta/` segment is its
    /// version); repeatable, one per API version; a URL is fetched once, with the run's sign-in.
    #[arg(
        help_heading = "Comparison",
        long = "metadata",
        value_name = "[VERSION=]FILE|URL"
    )]
    metadata: Vec<String>,
    /// Turn off the built-in rules for generated values (GUIDs, date-times, etags, paging links).
    #[arg(help_heading = "Comparison", long)]
    no_default_rules: bool,
    /// Send POST, PUT, PATCH and DELETE to a target that is not on this machine [env: EXEMPLAR_ALLOW_MUTATIONS].
    #[arg(help_heading = "Target and requests", long)]
    allow_mutations: bool,
    /// Also write one JSON object per example to FILE (`-`: standard output, and the human
    /// report goes to stderr).
    #[arg(help_heading = "Reports and output", long, value_name = "FILE")]
    report_json: Option<PathBuf>,
    /// Also write a JUnit XML report to FILE (`-`: standard output).
    #[arg(help_heading = "Reports and output", long, value_name = "FILE")]
    report_junit: Option<PathBuf>,
    /// Also write an HTML report to FILE: one self-contained page with the totals, filters,
    /// and each example's request, bodies side by side with the mismatches marked, snapshot
    /// diff and timing (`-`: standard output).
    #[arg(help_heading = "Reports and output", long, value_name = "FILE")]
    report_html: Option<PathBuf>,
    /// Check each answer against its snapshot, `DIR/<doc path>/<name>.snap` (insta format); new
    /// and changed ones are written as `.snap.new` for review [env: EXEMPLAR_SNAPSHOT_DIR].
    #[arg(help_heading = "Snapshots", long, value_name = "DIR")]
    snapshot_dir: Option<String>,
    /// Write new and changed snapshots as `.snap` and pass (INSTA_UPDATE=always); INSTA_UPDATE
    /// also takes auto, new, unseen and no. With CI=true nothing is ever written.
    #[arg(help_heading = "Snapshots", long)]
    update_snapshots: bool,
    /// Remove snapshots that no example refers to any more.
    #[arg(help_heading = "Snapshots", long)]
    prune: bool,
    /// Run only the examples of doc files added, modified or renamed since the git revision REV,
    /// and those whose snapshots changed.
    #[arg(help_heading = "Selection", long, value_name = "REV")]
    changed_since: Option<String>,
    /// The project root: snapshots are kept under the pages' paths relative to it [default: the
    /// config file's folder, else the git work tree, else the working directory].
    #[arg(help_heading = "Config", long, value_name = "DIR")]
    root: Option<PathBuf>,
    #[command(flatten, next_help_heading = "Selection")]
    selection: SelectionArgs,
    #[command(flatten, next_help_heading = "Selection")]
    partition: PartitionArgs,
    #[command(flatten, next_help_heading = "Reports and output")]
    output: OutputArgs,
    /// Show no progress bar (it is shown only on a terminal, and never when CI is set).
    #[arg(help_heading = "Reports and output", long)]
    no_progress: bool,
    /// The scopes and roles granted, such as `--scopes User.Read,Files.Read`: an example whose
    /// `scopes` annotation names none of them is skipped [env: EXEMPLAR_SCOPES] [default: those
    /// the sign-in's token names (`scp`, `roles`); with neither, nothing is gated by scope].
    #[arg(help_heading = "Sign-in and network", long, value_name = "A,B")]
    scopes: Option<String>,
    /// After `202 Accepted` with Operation-Location or Location, poll that URL (same sign-in,
    /// honouring Retry-After) until the operation succeeds, fails or is canceled; anything but
    /// success fails the example [env: EXEMPLAR_FOLLOW_OPERATIONS].
    #[arg(help_heading = "Sign-in and network", long)]
    follow_operations: bool,
    /// Seconds a followed operation may take before it fails the example [env:
    /// EXEMPLAR_OPERATION_TIMEOUT] [default: 60].
    #[arg(help_heading = "Sign-in and network", long, value_name = "SECONDS", value_parser = value::seconds)]
    operation_timeout: Option<f64>,
    /// A PEM file of CA certificates to trust besides the built-in roots, for a deployment
    /// with a private CA [env: EXEMPLAR_CA_CERT].
    #[arg(help_heading = "Sign-in and network", long, value_name = "FILE")]
    ca_cert: Option<String>,
    /// The proxy requests to the target go through, such as `http://proxy.corp:3128` [env:
    /// EXEMPLAR_PROXY] [default: HTTPS_PROXY, HTTP_PROXY or ALL_PROXY, as curl reads them]. A
    /// target on this machine never goes through a proxy.
    #[arg(help_heading = "Sign-in and network", long, value_name = "URL", value_parser = value::target)]
    proxy: Option<url::Url>,
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
    /// Only examples of this API version, the first segment of the documented path, such as
    /// `v1.0` or `beta` (repeatable: any).
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
    /// How to print what is found (`github`, lint only: workflow commands and a job summary)
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
    pub fn run(self) -> anyhow::Result<u8> {
        match self.command {
            Command::List(args) => docs::list_examples(&args),
            Command::Lint(args) => docs::lint_docs(&args),
            Command::Run(args) => run::run_examples(&args),
            Command::Serve(args) => docs::serve_docs(&args),
            Command::Report(ReportCommand::Merge(args)) => merge::merge_reports(&args),
            Command::Review(args) => snapshots::review(&args),
            Command::Accept(args) => snapshots::settle(&args, true),
            Command::Reject(args) => snapshots::settle(&args, false),
            Command::Config => {
                writeln!(io::stdout(), "{}", help::config_reference(color()))?;
                Ok(exemplar_run::error::EXIT_OK)
            }
            Command::Codes => {
                writeln!(io::stdout(), "{}", help::codes_reference())?;
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
pub struct Usage(String);

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

#[cfg(test)]
mod tests;
