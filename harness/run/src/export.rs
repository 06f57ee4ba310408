//! `exemplar export`: the docs read as `list` reads them, the same selection, then the core's
//! export of the examples kept, as the text of a Hurl file, a Postman collection or an OpenAPI
//! description. Writes nothing: the caller puts the text where it was asked.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use exemplar_core::export::{self, Settings};
use exemplar_core::schema::Spec;
use exemplar_core::{DocFile, Example};

use crate::config::Env;
use crate::options::{self, OptionsError};
use crate::session::{FilterError, Filters, PageError};

/// The formats `export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A Hurl file: an entry per example, its documented status and values asserted.
    Hurl,
    /// A Postman collection v2.1: a folder per page, tests per request.
    Postman,
    /// An OpenAPI 3.1 description, JSON or YAML.
    Openapi {
        /// YAML rather than JSON.
        yaml: bool,
    },
}

/// What `export` was asked.
#[derive(Debug, Clone)]
pub struct ExportOptions {
    /// Doc files, or folders searched for `*.md` (sorted).
    pub paths: Vec<PathBuf>,
    /// Threads reading pages.
    pub jobs: usize,
    /// What to write.
    pub format: Format,
    /// The base URL of the requests (else the config's target, else the documented origin).
    pub target: Option<String>,
    /// `--metadata` values, for OpenAPI's component schemas.
    pub metadata: Vec<String>,
    /// `--header 'Name: value'` values.
    pub headers: Vec<String>,
    /// The config file whose target, headers and `[auth]` apply.
    pub config: Option<PathBuf>,
    /// The selection.
    pub filters: Filters,
}

/// The export: its text, and whether a page could not be read.
#[derive(Debug)]
pub struct Exported {
    /// The file's text; none when nothing was selected.
    pub text: Option<String>,
    /// Some page could not be read (each was handed to the caller).
    pub unreadable: bool,
}

/// Why `export` could not run: a bad invocation or config.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The config file or the environment.
    #[error(transparent)]
    Options(#[from] OptionsError),
    /// A selection flag.
    #[error(transparent)]
    Filter(#[from] FilterError),
    /// A `--header` without a colon.
    #[error("--header `{0}`: write it 'Name: value'")]
    Header(String),
    /// A `--metadata` value, or its CSDL.
    #[error("--metadata: {0}")]
    Metadata(String),
    /// The description could not be written as text.
    #[error("cannot write the export: {0}")]
    Render(String),
}

/// Reads the pages, keeps the selected examples and renders them; each unreadable page goes
/// to `on_unreadable`.
pub fn export(
    options: &ExportOptions,
    env: &Env,
    mut on_unreadable: impl FnMut(&PageError),
) -> Result<Exported, ExportError> {
    let settings = settings(options, env)?;
    let mut examples: Vec<Example> = Vec::new();
    let mut unreadable = false;
    exemplar_core::read_examples(&options.paths, options.jobs, |page| match page {
        Ok(DocFile {
            examples: found,
            diagnostics,
            ..
        }) => {
            for rejected in diagnostics.iter().filter(|d| d.rejects_file()) {
                unreadable = true;
                on_unreadable(&PageError::Rejected(rejected.clone()));
            }
            examples.extend(found.into_iter().filter(|e| options.filters.keeps(e)));
        }
        Err(err) => {
            unreadable = true;
            on_unreadable(&err.into());
        }
    });
    // Nothing selected is no export; pages that could not be read still leave one of the rest.
    let text = match examples.is_empty() && !unreadable {
        true => None,
        false => Some(render(options, &examples, &settings)?),
    };
    Ok(Exported { text, unreadable })
}

/// The file name a format takes in an output folder.
pub fn file_name(format: Format) -> &'static str {
    match format {
        Format::Hurl => "exemplar.hurl",
        Format::Postman => "exemplar.postman_collection.json",
        Format::Openapi { .. } => "openapi.json",
    }
}

/// Whether an output file is meant as YAML (`.yaml`, `.yml`).
pub fn is_yaml(output: Option<&Path>) -> bool {
    output
        .and_then(Path::extension)
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"))
}

fn render(
    options: &ExportOptions,
    examples: &[Example],
    settings: &Settings,
) -> Result<String, ExportError> {
    let name = "exemplar export";
    let failed = |e: &dyn std::fmt::Display| ExportError::Render(e.to_string());
    Ok(match options.format {
        Format::Hurl => export::hurl::render(examples, settings).text,
        Format::Postman => {
            let collection = export::postman::render(examples, settings, name);
            serde_json::to_string_pretty(&collection).map_err(|e| failed(&e))? + "\n"
        }
        Format::Openapi { yaml } => {
            let specs = (options.metadata.iter())
                .map(|m| m.parse::<Spec>())
                .collect::<Result<Vec<_>, _>>()
                .map_err(ExportError::Metadata)?;
            let fetching = crate::metadata::Fetching::default();
            let schemas = crate::metadata::load(&specs, &fetching)
                .map_err(|e| ExportError::Metadata(e.to_string()))?;
            let description = export::openapi::render(examples, settings, name, &schemas);
            match yaml {
                true => serde_norway::to_string(&description).map_err(|e| failed(&e))?,
                false => serde_json::to_string_pretty(&description).map_err(|e| failed(&e))? + "\n",
            }
        }
    })
}

/// The target, headers and sign-in of the config, the environment and the flags, secrets as
/// variables.
fn settings(options: &ExportOptions, env: &Env) -> Result<Settings, ExportError> {
    let layers = options::file_and_env(options.config.as_deref(), env)?;
    let mut headers = BTreeMap::new();
    let mut target = None;
    let mut sign_in = false;
    for layer in &layers {
        headers.extend(layer.headers.clone());
        target = layer.target.clone().or(target);
        sign_in |= layer.auth.kind.is_some();
    }
    for header in &options.headers {
        let (name, value) = (header.split_once(':')).ok_or(ExportError::Header(header.clone()))?;
        headers.insert(name.trim().to_owned(), value.trim().to_owned());
    }
    let target = (options.target.as_ref())
        .map(|u| u.trim_end_matches('/').to_owned())
        .or(target);
    let headers: Vec<(String, String)> = headers.into_iter().collect();
    Ok(Settings::from_config(target, &headers, sign_in))
}
