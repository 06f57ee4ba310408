//! The flags of sharding, merging and CI output: `--partition`, `report merge`, `--format
//! github`, `--quiet`, and `lint`'s filters, with the parsers of their values.

use std::path::PathBuf;

use clap::{Subcommand, ValueEnum};
use exemplar_run::config::value;

use exemplar_core::Code;
use exemplar_run::PartitionSpec;

use super::{ReadArgs, SelectionArgs};

#[derive(Debug, Subcommand)]
pub(super) enum ReportCommand {
    /// Join the JSON reports of a run's shards (`run --partition … --report-json`) into one
    /// summary, JUnit and HTML report and exit code, as one unsharded run would give them.
    ///
    /// Each report's last line names its shard, so a shard given twice is counted once (with a
    /// warning) and a missing one is named and fails the verdict (exit 1). Exits as the whole
    /// run would: 0 all passed, 1 a failure, 3 a shard could not reach its target, 130 a shard
    /// was interrupted.
    Merge(MergeArgs),
}

#[derive(Debug, clap::Args)]
pub(super) struct MergeArgs {
    /// The shards' JSON reports (`--report-json` of each run).
    #[arg(value_name = "REPORT.json", required = true)]
    pub(super) reports: Vec<PathBuf>,
    /// Also write the merged JUnit XML report to FILE (`-`: standard output).
    #[arg(long, value_name = "FILE")]
    pub(super) report_junit: Option<PathBuf>,
    /// Also write the merged JSON report to FILE (`-`: standard output).
    #[arg(long, value_name = "FILE")]
    pub(super) report_json: Option<PathBuf>,
    /// Also write the merged HTML report to FILE: one self-contained page (`-`: standard
    /// output).
    #[arg(long, value_name = "FILE")]
    pub(super) report_html: Option<PathBuf>,
    /// Also write the merged HAR 1.2 file (the shards must have run with `--report-har`, so
    /// their JSON reports carry the answers) (`-`: standard output).
    #[arg(long, value_name = "FILE")]
    pub(super) report_har: Option<PathBuf>,
    #[command(flatten)]
    pub(super) output: OutputArgs,
}

/// How a run's results are shown, for `run` and `report merge`.
#[derive(Debug, clap::Args)]
pub(super) struct OutputArgs {
    /// Print only the failures and the summary, no line per passed or skipped example.
    #[arg(long, short = 'q')]
    pub(super) quiet: bool,
    /// Add GitHub Actions annotations and a job summary (`github`) to the report for people
    /// [default: github when GITHUB_ACTIONS=true, else human].
    #[arg(long, value_name = "FORMAT", value_enum)]
    pub(super) format: Option<RunFormat>,
}

/// What `run` and `report merge` print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(super) enum RunFormat {
    /// Lines for people.
    Human,
    /// Lines for people, a workflow command per failure (`::error file=…,line=…`), and a
    /// markdown job summary appended to $GITHUB_STEP_SUMMARY when it is set.
    Github,
}

/// The shard to run or list.
#[derive(Debug, clap::Args)]
pub(super) struct PartitionArgs {
    /// Run only one shard of the pages: `hash:K/N` (shard K of N, from 1; a page's shard is a
    /// hash of its path under the project root, so adding a page moves no other), or `auto`:
    /// the CI's job index and total (GitLab CI_NODE_INDEX/CI_NODE_TOTAL, Buildkite
    /// BUILDKITE_PARALLEL_JOB/_COUNT, CircleCI CIRCLE_NODE_INDEX/_TOTAL, Kubernetes
    /// JOB_COMPLETION_INDEX with --partition-total).
    #[arg(long, value_name = "hash:K/N|auto", value_parser = spec)]
    pub(super) partition: Option<PartitionSpec>,
    /// The same as `--partition hash:K/N`.
    #[arg(long, value_name = "K/N", value_parser = spec, conflicts_with = "partition")]
    pub(super) shard: Option<PartitionSpec>,
    /// How many shards `--partition auto` splits into where the CI gives only the index
    /// (Kubernetes indexed jobs) [env: EXEMPLAR_PARTITION_TOTAL].
    #[arg(long, value_name = "N", value_parser = value::partition_total)]
    pub(super) partition_total: Option<u32>,
}

#[derive(Debug, clap::Args)]
pub(super) struct ListArgs {
    #[command(flatten)]
    pub(super) read: ReadArgs,
    #[command(flatten, next_help_heading = "Selection")]
    pub(super) selection: SelectionArgs,
    #[command(flatten, next_help_heading = "Selection")]
    pub(super) partition: PartitionArgs,
    /// The project root, which shard keys are relative to [default: as `run`: the folder of
    /// exemplar.toml in the working directory, else the git work tree, else the working
    /// directory].
    #[arg(long, value_name = "DIR")]
    pub(super) root: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub(super) struct LintArgs {
    #[command(flatten)]
    pub(super) read: ReadArgs,
    /// Show only findings of these codes, such as `--code lenient-body,duplicate-name`
    /// (repeatable; `exemplar help codes` lists them).
    #[arg(long = "code", value_name = "CODE", value_delimiter = ',', value_parser = code)]
    pub(super) codes: Vec<Code>,
    /// Show only findings of this severity or worse.
    #[arg(long, value_name = "LEVEL", value_enum, default_value_t = Level::Warning)]
    pub(super) severity: Level,
    /// Print one line per code with its count, most frequent first, instead of each finding.
    #[arg(long)]
    pub(super) summary: bool,
    /// The service's types (CSDL, `$metadata`) to check every documented JSON body against, as
    /// `VERSION=FILE|URL` (`v1.0=schema/v1.0.csdl.xml`) or `FILE|URL` (a URL's `/v1.0/` or
    /// `/beta/` segment is its version; a file without one serves every version); repeatable,
    /// one per API version; a URL is fetched once [default: the docs' `resource` blocks are the
    /// types].
    #[arg(long = "metadata", value_name = "[VERSION=]FILE|URL")]
    pub(super) metadata: Vec<String>,
    /// Also report each page annotation's `suppressions` that silence nothing
    /// (`unused-suppression`).
    #[arg(long)]
    pub(super) list_suppressions: bool,
    /// Check only the pages changed since this git revision (committed or not) and the pages
    /// that link into them.
    #[arg(long, value_name = "REF")]
    pub(super) changed_since: Option<String>,
    /// Apply the fixes of the findings that have one (links, Properties rows, block members).
    #[arg(long)]
    pub(super) fix: bool,
    /// Print the edits `--fix` would make as a unified diff, and write nothing.
    #[arg(long)]
    pub(super) diff: bool,
    /// The config file, for its `[lint]` and `metadata` [default: exemplar.toml here, if any].
    #[arg(long, value_name = "FILE")]
    pub(super) config: Option<PathBuf>,
}

/// `lint --severity`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(super) enum Level {
    /// Warnings and errors.
    Warning,
    /// Errors only.
    Error,
}

/// `--partition` and `--shard`: `hash:K/N`, `K/N` or `auto`.
fn spec(text: &str) -> Result<PartitionSpec, String> {
    PartitionSpec::parse(text).map_err(|e| e.to_string())
}

/// `lint --code`: one of the codes of the README's table.
fn code(text: &str) -> Result<Code, String> {
    let text = text.trim();
    Code::ALL
        .into_iter()
        .find(|c| c.as_str() == text)
        .ok_or_else(|| {
            let close = Code::ALL
                .into_iter()
                .filter(|c| c.as_str().contains(text) || text.contains(c.as_str()))
                .map(|c| format!("`{c}`"))
                .collect::<Vec<_>>();
            let hint = if close.is_empty() {
                "; `exemplar lint` names each finding's code in brackets".to_owned()
            } else {
                format!("; did you mean {}?", close.join(" or "))
            };
            format!("no lint code `{text}`{hint}")
        })
}
