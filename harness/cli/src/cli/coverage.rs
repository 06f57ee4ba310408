//! `exemplar coverage`: flags to options, one library call, the table or JSON Lines, the gate.

use std::io::{self, BufWriter, Write};
use std::path::PathBuf;

use clap::ValueEnum;
use exemplar_core::coverage::{join::percent, render};
use exemplar_run::coverage::{CoverageOptions, coverage};
use exemplar_run::error::{EXIT_FAILED, EXIT_INVALID, EXIT_OK};

use super::{fail, jobs_or_cores};

#[derive(Debug, clap::Args)]
pub(super) struct CoverageArgs {
    /// Doc files, or directories searched for `*.md` (sorted).
    #[arg(value_name = "PATHS", default_value = ".")]
    paths: Vec<PathBuf>,
    /// The service's CSDL ($metadata), as `VERSION=FILE|URL` or `FILE|URL`; repeatable, one per
    /// API version. Its operations are what coverage counts.
    #[arg(long, value_name = "[VERSION=]FILE|URL", required = true)]
    metadata: Vec<String>,
    /// A run's JSON report (`run --report-json`): the outcome of the examples it ran
    /// (repeatable; a later report is newer).
    #[arg(long = "report", value_name = "RUN.json")]
    reports: Vec<PathBuf>,
    /// How to print the coverage [default: human].
    #[arg(long, value_enum, default_value = "human")]
    format: CoverageFormat,
    /// Exit 1 when the share of operations with an example is below PCT (0 to 100).
    #[arg(long, value_name = "PCT")]
    fail_under: Option<f64>,
    /// Name the operations that had an example at the git revision REF and have none now.
    #[arg(long, value_name = "REF")]
    changed_since: Option<String>,
    /// How many threads read docs at once [default: the number of cores].
    #[arg(long, short = 'j', value_name = "N", value_parser = exemplar_run::config::value::jobs)]
    jobs: Option<usize>,
}

/// What `coverage` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum CoverageFormat {
    /// A table of totals per version and namespace.
    Human,
    /// JSON Lines: one object per operation, then `{"summary": …}`.
    Json,
}

pub(super) fn cover(args: &CoverageArgs) -> anyhow::Result<u8> {
    if args.fail_under.is_some_and(|p| !(0.0..=100.0).contains(&p)) {
        return Ok(fail(
            &"--fail-under takes a percentage from 0 to 100",
            EXIT_INVALID,
        ));
    }
    let options = CoverageOptions {
        paths: args.paths.clone(),
        metadata: args.metadata.clone(),
        reports: args.reports.clone(),
        jobs: jobs_or_cores(args.jobs),
        changed_since: args.changed_since.clone(),
    };
    let covered = match coverage(&options) {
        Ok(covered) => covered,
        Err(err) => return Ok(fail(&err, EXIT_INVALID)),
    };
    for unreadable in &covered.unreadable {
        fail(unreadable, EXIT_FAILED);
    }
    let mut out = BufWriter::new(io::stdout().lock());
    match args.format {
        CoverageFormat::Human => render::human(&covered.coverage, &mut out)?,
        CoverageFormat::Json => render::json(&covered.coverage, &mut out)?,
    }
    if let Some(rev) = &args.changed_since {
        let json = args.format == CoverageFormat::Json;
        render::lost(&covered.coverage, &covered.lost, rev, json, &mut out)?;
    }
    out.flush()?;
    let summary = &covered.coverage.summary;
    let share = percent(summary.exemplified, summary.operations);
    if let Some(under) = args.fail_under.filter(|under| share < *under) {
        let why =
            format!("{share:.1}% of the operations have an example, under --fail-under {under}");
        return Ok(fail(&why, EXIT_FAILED));
    }
    Ok(if covered.unreadable.is_empty() {
        EXIT_OK
    } else {
        EXIT_FAILED
    })
}
