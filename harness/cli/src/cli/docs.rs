//! Commands that read docs: `list`, `lint` and `serve`. Flags become the library's options; what
//! the library hands back is rendered here.

use std::io::{self, BufWriter, Write};

use anyhow::Context;
use exemplar_run::config::Env;
use exemplar_run::docs::{self, LintOptions, ListOptions};
use exemplar_run::error::{EXIT_INVALID, EXIT_OK};
use exemplar_run::report::{actions, annotate, diagnostics, list};
use exemplar_run::serve::{self, ServeOptions};

use super::{Format, Level, LintArgs, ListArgs, ServeArgs, color, fail, fail_with, usage};

pub(super) fn list_examples(args: &ListArgs) -> anyhow::Result<u8> {
    if args.read.format == Some(Format::Github) {
        return Err(usage(anyhow::anyhow!(
            "list --format github: list prints `human` or `json`; github is for run and lint"
        )));
    }
    let filters = match args.selection.selection().filters() {
        Ok(filters) => filters,
        Err(err) => return Ok(fail(&err, EXIT_INVALID)),
    };
    let env: Env = std::env::vars().collect();
    let shard = super::run::shard(&args.partition);
    let shard = exemplar_run::options::list_shard(&shard, args.root.as_deref(), &env, || {
        std::env::current_dir()
    });
    let options = ListOptions {
        paths: args.read.paths.clone(),
        jobs: super::jobs_or_cores(args.read.jobs),
        filters,
        shard: shard.map_err(|err| usage(err.into()))?,
    };
    let json = args.read.format == Some(Format::Json);
    let mut out = BufWriter::new(io::stdout().lock());
    let listed = docs::list(&options, report_unreadable, |example| match json {
        true => list::write_json(&mut out, example),
        false => list::write_human(&mut out, example),
    });
    let listed = (listed.and_then(|listed| out.flush().map(|()| listed)))
        .context("cannot write to stdout")?;
    if let Some(why) = &listed.nothing_selected {
        return Ok(fail(why, listed.exit_code()));
    }
    Ok(listed.exit_code())
}

pub(super) fn lint_docs(args: &LintArgs) -> anyhow::Result<u8> {
    let env: Env = std::env::vars().collect();
    let format = match args.read.format {
        Some(format) => format,
        None if actions::wanted(None, &env) => Format::Github,
        None => Format::Human,
    };
    let config = match docs::lint_config(args.config.as_deref(), &args.metadata, &env) {
        Ok(config) => config,
        Err(err) => return Ok(fail_with(err, EXIT_INVALID)),
    };
    let options = LintOptions {
        paths: args.read.paths.clone(),
        jobs: super::jobs_or_cores(args.read.jobs),
        codes: args.codes.clone(),
        errors_only: args.severity == Level::Error,
        metadata: config.metadata,
        doc_set: docs::DocSetOptions {
            fallback: config.fallback,
            list_suppressions: args.list_suppressions,
            ..Default::default()
        },
        changed_since: args.changed_since.clone(),
    };
    let fix = exemplar_run::fix::Mode::of(args.fix, args.diff);
    let (fixes, linted) = match docs::lint_fix(&options, fix, color(), report_unreadable) {
        Ok(linted) => linted,
        Err(err) => return Ok(fail_with(err, EXIT_INVALID)),
    };
    let mut out = BufWriter::new(io::stdout().lock());
    let (mut stderr, json_lines) = (io::stderr().lock(), format == Format::Json);
    let fixes_to: &mut dyn Write = if json_lines { &mut stderr } else { &mut out };
    fixes_to.write_all(fixes.as_bytes())?;
    // A reader that went away (`| head -1`) ends the output, not the verdict (DESIGN §6).
    match render(&mut out, args, format, &linted) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {}
        written => written.context("cannot write to stdout")?,
    }
    if format == Format::Github {
        linted.write_step_summary(&env)?;
    }
    Ok(linted.exit_code())
}

/// Each finding kept (not with `--summary`), then the counts.
fn render(
    out: &mut impl Write,
    args: &LintArgs,
    format: Format,
    linted: &docs::Linted,
) -> io::Result<()> {
    let (color, locate) = (color(), actions::locate(&args.read.paths));
    for d in linted.findings.iter().filter(|_| !args.summary) {
        match format {
            Format::Json => diagnostics::write_json(out, d)?,
            Format::Human | Format::Github => diagnostics::write_human(out, d, color)?,
        }
    }
    if format == Format::Github && !args.summary {
        let (commands, _) = annotate::annotations(&linted.findings, |f| locate(f));
        out.write_all(commands.as_bytes())?;
    }
    if args.summary {
        diagnostics::write_by_code(out, &linted.by_code)?;
    }
    if format != Format::Json || args.summary {
        diagnostics::write_totals(out, linted.schema.as_ref(), &linted.shown)?;
    }
    out.flush()
}

#[expect(
    clippy::print_stderr,
    reason = "unreadable paths are reported as they are met"
)]
pub(super) fn report_unreadable(err: &exemplar_run::PageError) {
    eprintln!("error: {err}");
}

pub(super) fn serve_docs(args: &ServeArgs) -> anyhow::Result<u8> {
    let options = ServeOptions {
        paths: args.paths.clone(),
        jobs: super::jobs_or_cores(None),
        host: args.host.clone(),
        port: args.port,
        stateful: args.stateful,
        limits: args.limits.limits(),
    };
    let log: exemplar_mock::Logger = std::sync::Arc::new(|line| {
        let _ = writeln!(io::stdout().lock(), "{line}");
    });
    let mut err = io::stderr().lock();
    match serve::serve(&options, log, |line| writeln!(err, "{line}")) {
        Ok(()) => Ok(EXIT_OK),
        Err(e) if e.is_usage() => Err(usage(e.into())),
        Err(e) => Err(e.into()),
    }
}
