//! `exemplar export`: the flags become [`ExportOptions`], the library renders the examples, and
//! the text goes to stdout, a file or a folder.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use clap::ValueEnum;
use exemplar_run::config::Env;
use exemplar_run::error::{EXIT_FAILED, EXIT_INVALID, EXIT_NOTHING_SELECTED, EXIT_OK};
use exemplar_run::export::{self, ExportOptions, Format};

use super::{SelectionArgs, fail, jobs_or_cores};

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
    let format = match args.format {
        ExportFormat::Hurl => Format::Hurl,
        ExportFormat::Postman => Format::Postman,
        ExportFormat::Openapi => Format::Openapi {
            yaml: export::is_yaml(args.output.as_deref()),
        },
    };
    let options = ExportOptions {
        paths: args.paths.clone(),
        jobs: jobs_or_cores(None),
        format,
        target: args.target.as_ref().map(|u| u.as_str().to_owned()),
        metadata: args.metadata.clone(),
        headers: args.headers.clone(),
        config: exemplar_run::options::config_path(args.config.as_deref(), args.no_config),
        filters,
    };
    let env: Env = std::env::vars().collect();
    let exported = match export::export(&options, &env, super::docs::report_unreadable) {
        Ok(exported) => exported,
        Err(err) => return Ok(fail(&err, EXIT_INVALID)),
    };
    let Some(text) = exported.text else {
        let why = format!(
            "no examples selected ({}): check the paths and filters",
            options.filters.describe()
        );
        return Ok(fail(&why, EXIT_NOTHING_SELECTED));
    };
    write(args, format, &text)?;
    Ok(if exported.unreadable {
        EXIT_FAILED
    } else {
        EXIT_OK
    })
}

/// Writes to stdout, the file, or the format's file in the folder.
fn write(args: &ExportArgs, format: Format, text: &str) -> anyhow::Result<()> {
    let Some(output) = &args.output else {
        let mut out = std::io::stdout().lock();
        return (out.write_all(text.as_bytes()))
            .and_then(|()| out.flush())
            .context("cannot write to stdout");
    };
    let path = match output.is_dir() {
        true => output.join(export::file_name(format)),
        false => output.clone(),
    };
    std::fs::write(&path, text)
        .with_context(|| format!("--output {}: cannot write", path.display()))
}
