//! `exemplar run`: flags and config become [`RunOptions`], the session runs, its events go to the
//! reporters, and its summary becomes the exit code. Nothing is decided here.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use exemplar_run::config::{Env, Layer, Settings};
use exemplar_run::error::{EXIT_INTERRUPTED, EXIT_INVALID};
use exemplar_run::report::{
    Github, Har, Html, Human, JsonLines, Junit, ReportFile, Reporter, Style,
};
use exemplar_run::{Event, RunOptions};

use super::progress::{self, Progress, Through};
use super::{RunArgs, RunFormat, color, fail};

pub(super) fn run_examples(args: &RunArgs) -> anyhow::Result<u8> {
    let env: Env = std::env::vars().collect();
    let (options, asked) = match options(args, &env) {
        Ok(options) => options,
        Err(err) => return Ok(fail(&format!("{err:#}"), EXIT_INVALID)),
    };
    let (mut json, mut junit, mut html) = match reports(args, &options) {
        Ok(reports) => reports,
        Err(err) => return Ok(fail(&format!("{err:#}"), EXIT_INVALID)),
    };
    let mut har = match open_report(args.report_har.as_deref(), "--report-har") {
        Ok(file) => file.map(|f| Har::new(f, options.redactor())),
        Err(err) => return Ok(fail(&format!("{err:#}"), EXIT_INVALID)),
    };
    let github = match github(args, &options, &env) {
        Ok(github) => github,
        Err(err) => return Ok(fail(&format!("{err:#}"), EXIT_INVALID)),
    };
    let stderr_terminal = io::IsTerminal::is_terminal(&io::stderr());
    let ci = env.get("CI").map(String::as_str);
    let mut progress = progress::wanted(stderr_terminal, ci, args.no_progress).then(Progress::new);
    let mut human = Some(human(args, &options, asked, progress.as_ref()));
    let mut github = github;
    let run = match exemplar_run::run(options) {
        Ok(run) => run,
        Err(err) => return Ok(fail(&err, err.exit_code())),
    };
    interrupt_on_ctrl_c(run.stopper());
    let mut code = exemplar_run::error::EXIT_FAILED;
    for event in run {
        let finished = matches!(event, Event::Finished(_));
        if let Event::Finished(summary) = &event {
            code = summary.exit_code();
        }
        // The bar first: cleared before the summary is printed.
        if let Some(progress) = &mut progress {
            progress.event(&event);
        }
        // A reader that went away (`| head`) ends the human report quietly; the run, its
        // reports and its exit code go on.
        if let Some(reporter) = &mut human {
            match reporter.event(&event) {
                Err(e) if e.kind() == io::ErrorKind::BrokenPipe => human = None,
                other => other?,
            }
        }
        if let Some(github) = &mut github {
            github
                .event(&event)
                .context("cannot write GitHub's annotations")?;
        }
        if let Some(json) = &mut json {
            json.event(&event).context("cannot write the JSON report")?;
        }
        if let Some(junit) = &mut junit {
            junit
                .event(&event)
                .context("cannot write the JUnit report")?;
        }
        if let Some(html) = &mut html {
            html.event(&event).context("cannot write the HTML report")?;
        }
        if let Some(har) = &mut har {
            har.event(&event).context("cannot write the HAR report")?;
        }
        if finished {
            break;
        }
    }
    if let Some(json) = json {
        json.into_inner()
            .finish()
            .context("cannot write the JSON report")?;
    }
    if let Some(junit) = junit {
        junit
            .into_inner()
            .finish()
            .context("cannot write the JUnit report")?;
    }
    if let Some(html) = html {
        html.into_inner()
            .finish()
            .context("cannot write the HTML report")?;
    }
    if let Some(har) = har {
        (har.into_inner().finish()).context("cannot write the HAR report")?;
    }
    Ok(code)
}

type Reports = (
    Option<JsonLines<ReportFile>>,
    Option<Junit<ReportFile>>,
    Option<Html<ReportFile>>,
);

/// The report files, opened before anything runs so a path that cannot be written fails first.
fn reports(args: &RunArgs, options: &RunOptions) -> anyhow::Result<Reports> {
    let json = open_report(args.report_json.as_deref(), "--report-json")?;
    let junit = open_report(args.report_junit.as_deref(), "--report-junit")?;
    let html = open_report(args.report_html.as_deref(), "--report-html")?;
    Ok((
        json.map(|f| JsonLines::new(f, options.redactor())),
        junit.map(|f| Junit::new(f, options.redactor())),
        html.map(|f| Html::new(f, options.redactor())),
    ))
}

/// GitHub's annotations (on stdout, beside the human report) and job summary, when asked or
/// under GitHub Actions.
fn github(
    args: &RunArgs,
    options: &RunOptions,
    env: &Env,
) -> anyhow::Result<Option<Github<'static>>> {
    let asked = args.output.format.map(|f| f == RunFormat::Github);
    if !super::github::wanted(asked, env) {
        return Ok(None);
    }
    let summary = super::github::step_summary(env)?;
    let locate = super::github::locate(&args.paths);
    Ok(Some(Github::new(
        io::stdout(),
        summary,
        options.redactor(),
        locate,
    )))
}

/// The human report: on stdout, or on stderr when a report takes stdout (it stays parseable);
/// through the progress bar when there is one.
fn human(
    args: &RunArgs,
    options: &RunOptions,
    asked: String,
    progress: Option<&Progress>,
) -> Human<'static> {
    let reports = [
        &args.report_json,
        &args.report_junit,
        &args.report_html,
        &args.report_har,
    ];
    let on_stdout = (reports.iter())
        .filter_map(|p| p.as_deref())
        .any(exemplar_run::report::names_stdout);
    let style = Style {
        color: color() && !on_stdout,
        durations: true,
    };
    let out: Box<dyn Write> = if on_stdout {
        Box::new(io::stderr())
    } else {
        Box::new(io::stdout())
    };
    let (out, err) = match progress {
        Some(bar) => (
            bar.through(out),
            bar.through(Box::new(io::stderr()) as Box<dyn Write>),
        ),
        None => (
            Through::direct(out),
            Through::direct(Box::new(io::stderr()) as Box<dyn Write>),
        ),
    };
    Human::new(out, err, style, options.redactor(), asked).quiet(args.output.quiet)
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

fn open_report(path: Option<&Path>, flag: &str) -> anyhow::Result<Option<ReportFile>> {
    path.map(|path| {
        ReportFile::open(path).with_context(|| format!("{flag} {}: cannot write", path.display()))
    })
    .transpose()
}

/// The options of the run, and the paths and filters as a person asked for them.
fn options(args: &RunArgs, env: &Env) -> anyhow::Result<(RunOptions, String)> {
    let config = config_path(args.config.as_deref(), args.no_config);
    let mut layers = file_and_env(config.as_deref(), env)?;
    layers.push(flags(args)?);
    let settings = Settings::resolve(&layers, env)?;
    let partition = super::shard::resolve(&args.partition, env, &layers)?;
    let cwd = std::env::current_dir().context("cannot read the working directory")?;
    let mut options = RunOptions::new(args.paths.clone(), settings);
    options.root = exemplar_run::project_root(args.root.as_deref(), config.as_deref(), &cwd);
    options.changed_since = args.changed_since.clone();
    options.prune = args.prune;
    options.partition = partition;
    options.filters = args.selection.filters()?;
    options.record_exchanges = args.report_har.is_some();
    // `--proxy` (or `proxy`) wins over the environment's; a target on this machine never
    // goes through a proxy either way.
    options.proxy = (options.settings.target.as_ref())
        .filter(|t| !exemplar_core::is_loopback(t))
        .and_then(|t| {
            options
                .settings
                .proxy
                .clone()
                .or_else(|| exemplar_run::proxy_for(t, env))
        });
    if options.settings.match_mode == exemplar_core::compare::MatchMode::Schema {
        options.settings.schemas = exemplar_run::metadata::for_run(&options)?;
    }
    let mut asked = args
        .paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ");
    if !options.filters.is_empty() {
        asked.push_str(&format!(" ({})", options.filters.describe()));
    }
    if let Some(rev) = &args.changed_since {
        asked.push_str(&format!(" (--changed-since {rev})"));
    }
    Ok((options, asked))
}

/// The config file: `--config`, else `exemplar.toml` in the working directory when there.
pub(super) fn config_path(flag: Option<&Path>, no_config: bool) -> Option<PathBuf> {
    match (flag, no_config) {
        (_, true) => None,
        (Some(path), false) => Some(path.to_owned()),
        (None, false) => Some(PathBuf::from(DEFAULT_CONFIG)).filter(|p| p.is_file()),
    }
}

/// The config file looked for in the working directory.
pub(super) const DEFAULT_CONFIG: &str = "exemplar.toml";

/// The config file's layer (when there is one) and the environment's, lowest first. A relative
/// `snapshot_dir` in the file is relative to the file's folder.
pub(super) fn file_and_env(config: Option<&Path>, env: &Env) -> anyhow::Result<Vec<Layer>> {
    let mut layers = Vec::new();
    if let Some(path) = config {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read config {}", path.display()))?;
        let mut layer = Layer::from_toml(&path.display().to_string(), &text)?;
        let folder = path.parent().unwrap_or(Path::new(""));
        layer.snapshot_dir = layer
            .snapshot_dir
            .map(|dir| folder.join(dir).display().to_string());
        // A CSDL file named in the config is found beside it, as the snapshots are.
        for spec in &mut layer.metadata {
            if let Ok(parsed) = spec.parse::<exemplar_core::schema::Spec>() {
                if !parsed.location.starts_with("http") {
                    let file = folder.join(&parsed.location).display().to_string();
                    *spec = parsed
                        .version
                        .map_or(file.clone(), |v| format!("{v}={file}"));
                }
            }
        }
        layer.ca_cert = (layer.ca_cert).map(|file| folder.join(file).display().to_string());
        layers.push(layer);
    }
    layers.push(Layer::from_env(env)?);
    Ok(layers)
}

fn flags(args: &RunArgs) -> anyhow::Result<Layer> {
    let mut layer = Layer {
        target: args.target.as_ref().map(|url| url.as_str().to_owned()),
        jobs: args.jobs,
        timeout: args.timeout,
        retries: args.retries,
        max_body: args.max_body,
        match_mode: args.match_mode.map(Into::into),
        allow_mutations: args.allow_mutations.then_some(true),
        default_rules: args.no_default_rules.then_some(false),
        ignore: args.ignore.clone(),
        metadata: args.metadata.clone(),
        snapshot_dir: args.snapshot_dir.clone(),
        update_snapshots: args.update_snapshots.then(|| "always".to_owned()),
        scopes: args
            .scopes
            .as_deref()
            .map(exemplar_run::config::value::scopes),
        follow_operations: args.follow_operations.then_some(true),
        operation_timeout: args.operation_timeout,
        ca_cert: args.ca_cert.clone(),
        proxy: args.proxy.as_ref().map(|url| url.as_str().to_owned()),
        ..Layer::default()
    };
    for param in &args.params {
        let (name, value) = split_flag(param, '=', "--param", "NAME=VALUE")?;
        layer.params.insert(name, value.to_owned());
    }
    for header in &args.headers {
        let (name, value) = split_flag(header, ':', "--header", "'Name: value'")?;
        layer.headers.insert(name, value.trim().to_owned());
    }
    Ok(layer)
}

/// `name<sep>value` from a flag's value; the error shows the form expected.
fn split_flag<'a>(
    text: &'a str,
    sep: char,
    flag: &str,
    form: &str,
) -> anyhow::Result<(String, &'a str)> {
    let (name, value) = text
        .split_once(sep)
        .with_context(|| format!("{flag} `{text}`: write it {form}"))?;
    Ok((name.trim().to_owned(), value))
}
