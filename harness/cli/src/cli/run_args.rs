//! The flags of `exemplar run`.

use std::path::PathBuf;

use exemplar_run::config::value;

use super::*;

/// Replay the examples against a target and compare the answers.
#[derive(Debug, clap::Args)]
pub(crate) struct RunArgs {
    /// Doc files, or directories searched for `*.md` (sorted).
    #[arg(value_name = "PATHS", default_value = ".")]
    pub(crate) paths: Vec<PathBuf>,
    /// Base URL of the server to replay against, such as `http://127.0.0.1:8771` [env:
    /// EXEMPLAR_TARGET] [default: the built-in mock of the docs].
    #[arg(help_heading = "Target and requests", long, value_name = "URL", value_parser = value::target)]
    pub(crate) target: Option<url::Url>,
    /// A placeholder value, such as `--param id=42` (repeatable), also from `EXEMPLAR_PARAM_name`.
    #[arg(
        help = "A placeholder value, such as `--param id=42` (repeatable) [env: EXEMPLAR_PARAM_<name>]",
        help_heading = "Target and requests",
        long = "param",
        value_name = "NAME=VALUE"
    )]
    pub(crate) params: Vec<String>,
    /// A header sent with every request, such as `--header 'Authorization: Bearer ${TOKEN}'`;
    /// `${VAR}` takes a value from the environment and is never shown (repeatable).
    #[arg(
        help_heading = "Target and requests",
        long = "header",
        short = 'H',
        value_name = "NAME: VALUE"
    )]
    pub(crate) headers: Vec<String>,
    /// The config file [default: exemplar.toml in the working directory, if there].
    #[arg(
        help_heading = "Config",
        long,
        value_name = "FILE",
        conflicts_with = "no_config"
    )]
    pub(crate) config: Option<PathBuf>,
    /// Read no config file.
    #[arg(help_heading = "Config", long)]
    pub(crate) no_config: bool,
    /// How many doc files are replayed at once, 1 to 1024; one file's examples always run in
    /// order [env: EXEMPLAR_JOBS] [default: 4].
    #[arg(help_heading = "Target and requests", long, short = 'j', value_name = "N", value_parser = value::jobs)]
    pub(crate) jobs: Option<usize>,
    /// Seconds to wait for each answer [env: EXEMPLAR_TIMEOUT] [default: 30].
    #[arg(help_heading = "Target and requests", long, value_name = "SECONDS", value_parser = value::seconds)]
    pub(crate) timeout: Option<f64>,
    /// Retries after a connection error, 429 or 503 [env: EXEMPLAR_RETRIES] [default: 2].
    #[arg(help_heading = "Target and requests", long, value_name = "N", value_parser = value::retries)]
    pub(crate) retries: Option<u32>,
    /// Requests per second to each target origin, across every job (`10/s`, `600/min`); 429
    /// and 503 answers halve it for the whole run [env: EXEMPLAR_RATE] [default: no cap].
    #[arg(help_heading = "Target and requests", long, value_name = "N/s", value_parser = exemplar_run::config::pace::rate)]
    pub(crate) rate: Option<f64>,
    /// The longest `Retry-After` waited for; a longer one fails the example with the reason
    /// [env: EXEMPLAR_MAX_RETRY_AFTER] [default: 60].
    #[arg(help_heading = "Target and requests", long, value_name = "SECONDS", value_parser = value::seconds)]
    pub(crate) max_retry_after: Option<f64>,
    /// Largest response body read, in bytes [env: EXEMPLAR_MAX_BODY] [default: 10485760].
    #[arg(help_heading = "Target and requests", long, value_name = "BYTES", value_parser = value::bytes)]
    pub(crate) max_body: Option<usize>,
    /// How documented values are held against the answer [env: EXEMPLAR_MATCH] [default: exact].
    #[arg(
        help_heading = "Comparison",
        long = "match",
        value_name = "MODE",
        value_enum
    )]
    pub(crate) match_mode: Option<Match>,
    /// Ignore the values a selector picks (`.id`, `.value[].id`, `.**.createdDateTime`), or
    /// require a shape: `.id=guid`, `.when=datetime` (repeatable).
    #[arg(help_heading = "Comparison", long = "ignore", value_name = "SELECTOR")]
    pub(crate) ignore: Vec<String>,
    /// The service's types (CSDL, `$metadata`) for `--match schema`, as `VERSION=FILE|URL`
    /// (`v1.0=schema/v1.0.csdl.xml`) or `FILE|URL` (a URL's `/v1.0/` or `/beta/` segment is its
    /// version); repeatable, one per API version; a URL is fetched once, with the run's sign-in.
    #[arg(
        help_heading = "Comparison",
        long = "metadata",
        value_name = "[VERSION=]FILE|URL"
    )]
    pub(crate) metadata: Vec<String>,
    /// Turn off the built-in rules for generated values (GUIDs, date-times, etags, paging links).
    #[arg(help_heading = "Comparison", long)]
    pub(crate) no_default_rules: bool,
    /// Send POST, PUT, PATCH and DELETE to a target that is not on this machine [env: EXEMPLAR_ALLOW_MUTATIONS].
    #[arg(help_heading = "Target and requests", long)]
    pub(crate) allow_mutations: bool,
    /// Also write one JSON object per example to FILE (`-`: standard output, and the human
    /// report goes to stderr).
    #[arg(help_heading = "Reports and output", long, value_name = "FILE")]
    pub(crate) report_json: Option<PathBuf>,
    /// Also write a JUnit XML report to FILE (`-`: standard output).
    #[arg(help_heading = "Reports and output", long, value_name = "FILE")]
    pub(crate) report_junit: Option<PathBuf>,
    /// Also write an HTML report to FILE: one self-contained page with the totals, filters,
    /// and each example's request, bodies side by side with the mismatches marked, snapshot
    /// diff and timing (`-`: standard output).
    #[arg(help_heading = "Reports and output", long, value_name = "FILE")]
    pub(crate) report_html: Option<PathBuf>,
    /// Also write a HAR 1.2 file of every request sent and its answer, with timings, which
    /// browsers' developer tools open (`-`: standard output); the JSON report then carries the
    /// answers too, for `report merge --report-har`.
    #[arg(help_heading = "Reports and output", long, value_name = "FILE")]
    pub(crate) report_har: Option<PathBuf>,
    /// Check each answer against its snapshot, `DIR/<doc path>/<name>.snap` (insta format); new
    /// and changed ones are written as `.snap.new` for review [env: EXEMPLAR_SNAPSHOT_DIR].
    #[arg(help_heading = "Snapshots", long, value_name = "DIR")]
    pub(crate) snapshot_dir: Option<String>,
    /// Write new and changed snapshots as `.snap` and pass (INSTA_UPDATE=always); INSTA_UPDATE
    /// also takes auto, new, unseen and no. With CI=true nothing is ever written.
    #[arg(help_heading = "Snapshots", long)]
    pub(crate) update_snapshots: bool,
    /// Remove snapshots that no example refers to any more.
    #[arg(help_heading = "Snapshots", long)]
    pub(crate) prune: bool,
    /// Rewrite the documented responses of failing examples from the target's answers, in
    /// place: the smallest edits, in each page's own formatting; lists each page changed.
    #[arg(help_heading = "Fixing the docs", long, conflicts_with = "diff")]
    pub(crate) fix: bool,
    /// Print the edits `--fix` would make as a unified diff, and write nothing.
    #[arg(help_heading = "Fixing the docs", long)]
    pub(crate) diff: bool,
    /// Run only the examples of doc files added, modified or renamed since the git revision REV,
    /// and those whose snapshots changed.
    #[arg(help_heading = "Selection", long, value_name = "REV")]
    pub(crate) changed_since: Option<String>,
    /// The project root: snapshots are kept under the pages' paths relative to it [default: the
    /// config file's folder, else the git work tree, else the working directory].
    #[arg(help_heading = "Config", long, value_name = "DIR")]
    pub(crate) root: Option<PathBuf>,
    #[command(flatten, next_help_heading = "Selection")]
    pub(crate) selection: SelectionArgs,
    #[command(flatten, next_help_heading = "Selection")]
    pub(crate) partition: PartitionArgs,
    #[command(flatten, next_help_heading = "Reports and output")]
    pub(crate) output: OutputArgs,
    /// Show no progress bar (it is shown only on a terminal, and never when CI is set).
    #[arg(help_heading = "Reports and output", long)]
    pub(crate) no_progress: bool,
    /// The scopes and roles granted, such as `--scopes User.Read,Files.Read`: an example whose
    /// `scopes` annotation names none of them is skipped [env: EXEMPLAR_SCOPES] [default: those
    /// the sign-in's token names (`scp`, `roles`); with neither, nothing is gated by scope].
    #[arg(help_heading = "Sign-in and network", long, value_name = "A,B")]
    pub(crate) scopes: Option<String>,
    /// After `202 Accepted` with Operation-Location or Location, poll that URL (same sign-in,
    /// honouring Retry-After) until the operation succeeds, fails or is canceled; anything but
    /// success fails the example [env: EXEMPLAR_FOLLOW_OPERATIONS].
    #[arg(help_heading = "Sign-in and network", long)]
    pub(crate) follow_operations: bool,
    /// Seconds a followed operation may take before it fails the example [env:
    /// EXEMPLAR_OPERATION_TIMEOUT] [default: 60].
    #[arg(help_heading = "Sign-in and network", long, value_name = "SECONDS", value_parser = value::seconds)]
    pub(crate) operation_timeout: Option<f64>,
    /// A PEM file of CA certificates to trust besides the built-in roots, for a deployment
    /// with a private CA [env: EXEMPLAR_CA_CERT].
    #[arg(help_heading = "Sign-in and network", long, value_name = "FILE")]
    pub(crate) ca_cert: Option<String>,
    /// The proxy requests to the target go through, such as `http://proxy.corp:3128` [env:
    /// EXEMPLAR_PROXY] [default: HTTPS_PROXY, HTTP_PROXY or ALL_PROXY, as curl reads them]. A
    /// target on this machine never goes through a proxy.
    #[arg(help_heading = "Sign-in and network", long, value_name = "URL", value_parser = value::target)]
    pub(crate) proxy: Option<url::Url>,
}
