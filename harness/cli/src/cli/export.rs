//! `exemplar export`: the docs read as `list` reads them, the same selection, then the core's
//! export of the examples kept, written to stdout, a file or a folder.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::ValueEnum;
use exemplar_core::export::{self, Settings};
use exemplar_core::{DocFile, Example};
use exemplar_run::config::Env;
use exemplar_run::error::{EXIT_FAILED, EXIT_INVALID, EXIT_NOTHING_SELECTED, EXIT_OK};

use super::{SelectionArgs, fail, jobs_or_cores, usage};

#[derive(Debug, clap::Args)]
pub(super) struct ExportArgs {
    /// Doc files, or directories searched for `*.md` (sorted).
    #[arg(value_name = "PATHS", default_value = ".")]
    paths: Vec<PathBuf>,
    /// What to write.
    #[arg(long, value_enum)]
    format: ExportFormat,
    /// The base URL the exported requests go to [default: the target of exemplar.toml, else
    /// the documented origin]; Hurl takes it as `--variable baseUrl=URL`.
    #[arg(long, value_name = "URL", value_parser = exemplar_run::config::value::target)]
    target: Option<url::Url>,
    /// Where to write: a file (OpenAPI as YAML when it ends in `.yaml` or `.yml`), or a folder
    /// (`exemplar.hurl`, `exemplar.postman_collection.json`, `openapi.json`) [default: stdout].
    #[arg(long, short = 'o', value_name = "FILE|DIR")]
    output: Option<PathBuf>,
    /// The service's types (CSDL) for OpenAPI's component schemas, as `[VERSION=]FILE|URL`
    /// (repeatable) [default: schemas read from the documented bodies].
    #[arg(long = "metadata", value_name = "[VERSION=]FILE|URL")]
    metadata: Vec<String>,
    /// A header sent with every request, as in `run`; a secret one (`${VAR}`, or a name such
    /// as Authorization) is written as a variable, never its value (repeatable).
    #[arg(long = "header", short = 'H', value_name = "NAME: VALUE")]
    headers: Vec<String>,
    /// The config file whose target, headers and `[auth]` apply [default: exemplar.toml in the
    /// working directory, if there].
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    config: Option<PathBuf>,
    /// Read no config file.
    #[arg(long)]
    no_config: bool,
    #[command(flatten, next_help_heading = "Selection")]
    selection: SelectionArgs,
}

/// The formats `export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ExportFormat {
    /// A Hurl file: an entry per example, its documented status and values asserted.
    Hurl,
    /// A Postman collection v2.1: a folder per page, tests per request.
    Postman,
    /// An OpenAPI 3.1 description (JSON; YAML with `--output *.yaml`).
    Openapi,
}

pub(super) fn export_examples(args: &ExportArgs) -> anyhow::Result<u8> {
    let filters = match args.selection.selection().filters() {
        Ok(filters) => filters,
        Err(err) => return Ok(fail(&err, EXIT_INVALID)),
    };
    let settings = match settings(args) {
        Ok(settings) => settings,
        Err(err) => return Ok(fail(&format!("{err:#}"), EXIT_INVALID)),
    };
    let mut examples: Vec<Example> = Vec::new();
    let mut unreadable = false;
    exemplar_core::read_examples(&args.paths, jobs_or_cores(None), |page| match page {
        Ok(DocFile {
            examples: found,
            diagnostics,
            ..
        }) => {
            for rejected in diagnostics.iter().filter(|d| d.rejects_file()) {
                unreadable = true;
                report(&exemplar_run::PageError::Rejected(rejected.clone()));
            }
            examples.extend(found.into_iter().filter(|e| filters.keeps(e)));
        }
        Err(err) => {
            unreadable = true;
            report(&err.into());
        }
    });
    if examples.is_empty() && !unreadable {
        let why = format!(
            "no examples selected ({}): check the paths and filters",
            filters.describe()
        );
        return Ok(fail(&why, EXIT_NOTHING_SELECTED));
    }
    let text = render(args, &examples, &settings)?;
    write(args, &text)?;
    Ok(if unreadable { EXIT_FAILED } else { EXIT_OK })
}

/// The file's text in the format asked for.
fn render(args: &ExportArgs, examples: &[Example], settings: &Settings) -> anyhow::Result<String> {
    let name = "exemplar export";
    Ok(match args.format {
        ExportFormat::Hurl => export::hurl::render(examples, settings).text,
        ExportFormat::Postman => {
            let collection = export::postman::render(examples, settings, name);
            serde_json::to_string_pretty(&collection)? + "\n"
        }
        ExportFormat::Openapi => {
            let specs = (args.metadata.iter())
                .map(|m| {
                    m.parse::<exemplar_core::schema::Spec>()
                        .map_err(anyhow::Error::msg)
                })
                .collect::<anyhow::Result<Vec<_>>>()
                .context("--metadata")
                .map_err(usage)?;
            let fetching = exemplar_run::metadata::Fetching::default();
            let schemas = exemplar_run::metadata::load(&specs, &fetching)?;
            let description = export::openapi::render(examples, settings, name, &schemas);
            if is_yaml(args.output.as_deref()) {
                serde_norway::to_string(&description)?
            } else {
                serde_json::to_string_pretty(&description)? + "\n"
            }
        }
    })
}

fn is_yaml(output: Option<&Path>) -> bool {
    output
        .and_then(Path::extension)
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"))
}

/// Writes to stdout, the file, or the format's file in the folder.
fn write(args: &ExportArgs, text: &str) -> anyhow::Result<()> {
    let Some(output) = &args.output else {
        let mut out = std::io::stdout().lock();
        return (out.write_all(text.as_bytes()))
            .and_then(|()| out.flush())
            .context("cannot write to stdout");
    };
    let path = if output.is_dir() {
        output.join(match args.format {
            ExportFormat::Hurl => "exemplar.hurl",
            ExportFormat::Postman => "exemplar.postman_collection.json",
            ExportFormat::Openapi => "openapi.json",
        })
    } else {
        output.clone()
    };
    std::fs::write(&path, text)
        .with_context(|| format!("--output {}: cannot write", path.display()))
}

/// The target, headers and sign-in of the config, the environment and the flags, secrets as
/// variables.
fn settings(args: &ExportArgs) -> anyhow::Result<Settings> {
    let env: Env = std::env::vars().collect();
    let config = exemplar_run::options::config_path(args.config.as_deref(), args.no_config);
    let layers = exemplar_run::options::file_and_env(config.as_deref(), &env)?;
    let mut headers = std::collections::BTreeMap::new();
    let mut target = None;
    let mut sign_in = false;
    for layer in &layers {
        headers.extend(layer.headers.clone());
        target = layer.target.clone().or(target);
        sign_in |= layer.auth.kind.is_some();
    }
    for header in &args.headers {
        let (name, value) = header
            .split_once(':')
            .with_context(|| format!("--header `{header}`: write it 'Name: value'"))?;
        headers.insert(name.trim().to_owned(), value.trim().to_owned());
    }
    let target = (args
        .target
        .as_ref()
        .map(|u| u.as_str().trim_end_matches('/').to_owned()))
    .or(target);
    let headers: Vec<(String, String)> = headers.into_iter().collect();
    Ok(Settings::from_config(target, &headers, sign_in))
}

#[expect(
    clippy::print_stderr,
    reason = "unreadable pages are reported as they are met"
)]
fn report(err: &exemplar_run::PageError) {
    eprintln!("error: {err}");
}
