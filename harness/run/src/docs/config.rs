//! What `lint` takes from `exemplar.toml` (the one in the working directory, as `run` finds
//! it): `[lint]` for pages in no doc set, and `metadata` when no `--metadata` is given.

use std::path::Path;

use exemplar_core::docset::DocSetConfig;

use crate::config::Env;
use crate::options::{OptionsError, config_path, file_and_env};

/// What `exemplar.toml` says to `lint`.
#[derive(Debug, Clone, Default)]
pub struct LintConfig {
    /// `[lint]`: the doc-set configuration of pages in no doc set (none without the table).
    pub fallback: Option<DocSetConfig>,
    /// `metadata`: the CSDLs, relative to the file's folder.
    pub metadata: Vec<String>,
}

/// Reads `exemplar.toml` in the working directory (`config`, when given, instead); nothing
/// when there is none. A file that is not valid is an error naming its line.
pub fn lint_config(config: Option<&Path>, env: &Env) -> Result<LintConfig, OptionsError> {
    let path = config_path(config, false);
    let Some(path) = path else {
        return Ok(LintConfig::default());
    };
    let layers = file_and_env(Some(&path), env)?;
    let file = layers.into_iter().next().unwrap_or_default();
    Ok(LintConfig {
        fallback: file.lint.as_ref().map(crate::config::LintLayer::doc_set),
        metadata: file.metadata,
    })
}
