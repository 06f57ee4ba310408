//! `exemplar run`: the flags become [`RunFlags`], which the library resolves into options; the
//! session runs, its events go to the reporters, and its summary becomes the exit code.
//! Nothing is decided here.

use std::io::{self, Write};
use std::path::Path;

use anyhow::Context;

use exemplar_run::Event;
use exemplar_run::config::{Env, Layer};
use exemplar_run::error::{EXIT_FAILED, EXIT_INTERRUPTED, EXIT_INVALID};
use exemplar_run::fix::Fixer;
use exemplar_run::options::{self, RunFlags, ShardFlags};
use exemplar_run::report::{Outputs, Reporter, Reporters, actions};

use super::{RunArgs, RunFormat, color, fail_with};
use exemplar_run::report::progress::{self, Progress, Through};

pub(super) fn run_examples(args: &RunArgs) -> anyhow::Result<u8> {
    let env: Env = std::env::vars().collect();
    let cwd = std::env::current_dir();
    let resolved = cwd
        .map_err(options::OptionsError::WorkingDirectory)
        .and_then(|cwd| options::resolve(&flags(args), &env, &cwd));
    let resolved = match resolved {
        Ok(resolved) => resolved,
        Err(err) => return Ok(fail_with(err, EXIT_INVALID)),
    };
    let (mut options, locate) = (resolved.options, actions::locate(&args.paths));
    // The answers on the wire are kept only for a HAR.
    options.record_exchanges = args.report_har.is_some();
    let reporters = Reporters::open(&outputs(args), &env, options.redactor(), locate)
        .map(|r| r.with_paths(actions::under_root(&options.root, &args.paths)));
    let reporters = match reporters.and_then(|r| r.with_coverage(&options)) {
        Ok(reporters) => reporters,
        Err(err) => return Ok(fail_with(err, EXIT_INVALID)),
    };
    let stderr_terminal = io::IsTerminal::is_terminal(&io::stderr());
    let ci = env.get("CI").map(String::as_str);
    let mut progress = progress::wanted(stderr_terminal, ci, args.no_progress).then(Progress::new);
    let bar = progress.clone();
    let mut reporters = reporters.with_human(resolved.asked, |out| match &bar {
        Some(bar) => bar.through(out),
        None => Through::direct(out),
    });
    let mut fixer = fixer(args, &options);
    let run = match exemplar_run::run(options) {
        Ok(run) => run,
        Err(err) => return Ok(super::fail(&err, err.exit_code())),
    };
    interrupt_on_ctrl_c(run.stopper());
    let mut code = EXIT_FAILED;
    for event in run {
        // The bar first: cleared before the summary is printed.
        if let Some(progress) = &mut progress {
            progress.event(&event);
        }
        // Before the human report, whose summary line comes last.
        if let Some(fixer) = &mut fixer {
            fixer.event(&event).context("cannot fix the docs")?;
        }
        reporters.event(&event)?;
        if let Event::Finished(summary) = &event {
            code = summary.exit_code();
            break;
        }
    }
    reporters.finish()?;
    Ok(code)
}

/// The fixer of `--fix` and `--diff`, writing what it did to standard output (to standard error
/// when a report takes standard output).
fn fixer(args: &RunArgs, options: &exemplar_run::RunOptions) -> Option<Fixer<'static>> {
    let mode = exemplar_run::fix::Mode::of(args.fix, args.diff)?;
    let reports = [&args.report_json, &args.report_junit, &args.report_html];
    if reports.iter().any(|r| r.as_deref() == Some(Path::new("-"))) {
        return Some(Fixer::new(io::stderr(), options, mode, color()));
    }
    Some(Fixer::new(io::stdout(), options, mode, color()))
}

/// Where the reports go and how the report for people looks.
fn outputs(args: &RunArgs) -> Outputs {
    Outputs {
        json: args.report_json.clone(),
        junit: args.report_junit.clone(),
        html: args.report_html.clone(),
        har: args.report_har.clone(),
        quiet: args.output.quiet,
        color: color(),
        github: args.output.format.map(|f| f == RunFormat::Github),
    }
}

/// The first Ctrl-C stops the run gracefully (summary and reports still written); a second one
/// ends the process at once.
fn interrupt_on_ctrl_c(stop: exemplar_run::Stop) {
    let mut pressed = false;
    let handler = move || {
        if pressed {
            std::process::exit(EXIT_INTERRUPTED.into());
        }
        pressed = true;
        let _ = writeln!(
            io::stderr(),
            "\ninterrupted: finishing the requests in flight (Ctrl-C again to quit now)"
        );
        stop.stop();
    };
    // Without a handler Ctrl-C still ends the run, only less gracefully.
    let _ = ctrlc::set_handler(handler);
}

/// What the flags said, for the library to resolve.
fn flags(args: &RunArgs) -> RunFlags {
    let layer = Layer {
        target: args.target.as_ref().map(|url| url.as_str().to_owned()),
        jobs: args.jobs,
        timeout: args.timeout,
        retries: args.retries,
        max_body: args.max_body,
        rate: args.rate.map(|r| format!("{r}/s")),
        max_retry_after: args.max_retry_after,
        match_mode: args.match_mode.map(Into::into),
        allow_mutations: args.allow_mutations.then_some(true),
        default_rules: args.no_default_rules.then_some(false),
        ignore: args.ignore.clone(),
        metadata: args.metadata.clone(),
        snapshot_dir: args.snapshot_dir.clone(),
        update_snapshots: args.update_snapshots.then(|| "always".to_owned()),
        scopes: (args.scopes.as_deref()).map(exemplar_run::config::value::scopes),
        follow_operations: args.follow_operations.then_some(true),
        operation_timeout: args.operation_timeout,
        ca_cert: args.ca_cert.clone(),
        proxy: args.proxy.as_ref().map(|url| url.as_str().to_owned()),
        ..Layer::default()
    };
    RunFlags {
        paths: args.paths.clone(),
        config: args.config.clone(),
        no_config: args.no_config,
        layer,
        params: args.params.clone(),
        headers: args.headers.clone(),
        root: args.root.clone(),
        changed_since: args.changed_since.clone(),
        prune: args.prune,
        shard: shard(&args.partition),
        selection: args.selection.selection(),
    }
}

/// `--partition` (or `--shard`) and `--partition-total`.
pub(super) fn shard(args: &super::PartitionArgs) -> ShardFlags {
    ShardFlags {
        spec: args.partition.or(args.shard),
        total: args.partition_total,
    }
}
