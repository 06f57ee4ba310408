//! `exemplar report merge`: the shards' JSON reports read back, joined, and replayed as one
//! run's events into the reporters a run uses, so the summary, the JUnit report and the exit
//! code are those one unsharded run would give.

use std::io::{self, Write};

use anyhow::Context;
use exemplar_run::config::Env;
use exemplar_run::error::EXIT_INVALID;
use exemplar_run::report::merge::{self, ShardReport};
use exemplar_run::report::{
    Github, Har, Html, Human, JsonLines, Junit, ReportFile, Reporter, Style,
};

use super::{MergeArgs, RunFormat, color, fail};

pub(super) fn merge_reports(args: &MergeArgs) -> anyhow::Result<u8> {
    let env: Env = std::env::vars().collect();
    let reports = match read(args) {
        Ok(reports) => reports,
        Err(err) => return Ok(fail(&format!("{err:#}"), EXIT_INVALID)),
    };
    let open = |path: Option<&std::path::Path>, flag: &str| {
        path.map(|path| {
            ReportFile::open(path)
                .with_context(|| format!("{flag} {}: cannot write", path.display()))
        })
        .transpose()
    };
    let (junit, json, html) = match (
        open(args.report_junit.as_deref(), "--report-junit"),
        open(args.report_json.as_deref(), "--report-json"),
        open(args.report_html.as_deref(), "--report-html"),
    ) {
        (Ok(junit), Ok(json), Ok(html)) => (junit, json, html),
        (Err(err), _, _) | (_, Err(err), _) | (_, _, Err(err)) => {
            return Ok(fail(&format!("{err:#}"), EXIT_INVALID));
        }
    };
    let mut har = match open(args.report_har.as_deref(), "--report-har") {
        Ok(file) => file.map(|f| Har::new(f, exemplar_core::Redactor::default())),
        Err(err) => return Ok(fail(&format!("{err:#}"), EXIT_INVALID)),
    };
    let merged = merge::merge(reports);
    let on_stdout = [
        args.report_junit.as_deref(),
        args.report_json.as_deref(),
        args.report_html.as_deref(),
        args.report_har.as_deref(),
    ]
    .iter()
    .flatten()
    .any(|p| exemplar_run::report::names_stdout(p));
    let out: Box<dyn Write> = if on_stdout {
        Box::new(io::stderr())
    } else {
        Box::new(io::stdout())
    };
    let style = Style {
        color: color() && !on_stdout,
        durations: true,
    };
    let asked = args
        .reports
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ");
    let redactor = exemplar_core::Redactor::default();
    let mut reporters: Vec<Box<dyn Reporter>> = vec![Box::new(
        Human::new(out, io::stderr(), style, redactor.clone(), asked).quiet(args.output.quiet),
    )];
    let asked_github = args.output.format.map(|f| f == RunFormat::Github);
    if super::github::wanted(asked_github, &env) {
        let summary = super::github::step_summary(&env)?;
        let locate: exemplar_run::report::github::Locate = Box::new(str::to_owned);
        reporters.push(Box::new(Github::new(
            io::stdout(),
            summary,
            redactor.clone(),
            locate,
        )));
    }
    let mut junit = junit.map(|f| Junit::new(f, redactor.clone()));
    let mut json = json.map(|f| JsonLines::new(f, redactor.clone()));
    let mut html = html.map(|f| Html::new(f, redactor.clone()));
    let mut err = io::stderr().lock();
    for notice in &merged.notices {
        writeln!(err, "{notice}")?;
    }
    for event in &merged.events {
        for reporter in &mut reporters {
            reporter.event(event)?;
        }
        if let Some(junit) = &mut junit {
            junit
                .event(event)
                .context("cannot write the JUnit report")?;
        }
        if let Some(json) = &mut json {
            json.event(event).context("cannot write the JSON report")?;
        }
        if let Some(html) = &mut html {
            html.event(event).context("cannot write the HTML report")?;
        }
        if let Some(har) = &mut har {
            har.event(event).context("cannot write the HAR report")?;
        }
    }
    if let Some(junit) = junit {
        (junit.into_inner().finish()).context("cannot write the JUnit report")?;
    }
    if let Some(json) = json {
        (json.into_inner().finish()).context("cannot write the JSON report")?;
    }
    if let Some(html) = html {
        (html.into_inner().finish()).context("cannot write the HTML report")?;
    }
    if let Some(har) = har {
        (har.into_inner().finish()).context("cannot write the HAR report")?;
    }
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
