//! `exemplar report merge`: the shards' JSON reports read back, joined, and replayed as one
//! run's events into the reporters a run uses, so the summary, the JUnit report and the exit
//! code are those one unsharded run would give.

use std::io::{self, Write};

use anyhow::Context;
use exemplar_run::config::Env;
use exemplar_run::error::EXIT_INVALID;
use exemplar_run::report::merge::{self, ShardReport};
use exemplar_run::report::{Outputs, Reporters};

use super::{MergeArgs, RunFormat, color, fail_with};

pub(super) fn merge_reports(args: &MergeArgs) -> anyhow::Result<u8> {
    let env: Env = std::env::vars().collect();
    let reports = match read(args) {
        Ok(reports) => reports,
        Err(err) => return Ok(fail_with(err, EXIT_INVALID)),
    };
    let outputs = Outputs {
        json: args.report_json.clone(),
        junit: args.report_junit.clone(),
        html: args.report_html.clone(),
        har: args.report_har.clone(),
        quiet: args.output.quiet,
        color: color(),
        github: args.output.format.map(|f| f == RunFormat::Github),
    };
    let merged = merge::merge(reports);
    // Pages by their path under the project root, as the reports record it; else as shown.
    let paths = merged.paths.clone();
    let locate = Box::new(move |shown: &str| paths.get(shown).cloned().unwrap_or(shown.into()));
    let redactor = exemplar_core::Redactor::default();
    let reporters = match Reporters::open(&outputs, &env, redactor, locate) {
        Ok(reporters) => reporters,
        Err(err) => return Ok(fail_with(err, EXIT_INVALID)),
    };
    let asked: Vec<_> = args
        .reports
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    let mut reporters = reporters.with_human(asked.join(", "), |out| out);
    let mut err = io::stderr().lock();
    for notice in &merged.notices {
        writeln!(err, "{notice}")?;
    }
    for event in &merged.events {
        reporters.event(event)?;
    }
    reporters.finish()?;
    Ok(merged.exit_code)
}

/// Every report given, read whole; the first that cannot be read or holds a line that is not a
/// record stops the merge.
fn read(args: &MergeArgs) -> anyhow::Result<Vec<ShardReport>> {
    args.reports
        .iter()
        .map(|path| {
            let name = path.display().to_string();
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read report {name}"))?;
            Ok(merge::read(&name, &text)?)
        })
        .collect()
}
