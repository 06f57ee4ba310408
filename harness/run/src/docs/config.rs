//! What `lint` takes from `exemplar.toml` (the one in the working directory, as `run` finds
//! it): `[lint]` for pages in no doc set, and `metadata` when no `--metadata` is given.

use std::path::{Path, PathBuf};

use exemplar_core::docset::DocSetConfig;

use crate::config::Env;
use crate::options::{OptionsError, config_path, file_and_env};

/// What `exemplar.toml` says to `lint`.
#[derive(Debug, Clone, Default)]
pub struct LintConfig {
    /// `[lint]`: the doc-set configuration of pages in no doc set (none without the table),
    /// with the file's folder, their root.
    pub fallback: Option<(PathBuf, DocSetConfig)>,
    /// The CSDLs: those of `--metadata`, else the file's `metadata` (relative to its folder).
    pub metadata: Vec<String>,
}

/// Reads `exemplar.toml` in the working directory (`config`, when given, instead); nothing
/// when there is none. `metadata` (`--metadata`) wins over the file's. A file that is not
/// valid is an error naming its line.
pub fn lint_config(
    config: Option<&Path>,
    metadata: &[String],
    env: &Env,
) -> Result<LintConfig, OptionsError> {
    let flags = LintConfig {
        fallback: None,
        metadata: metadata.to_vec(),
    };
    let Some(path) = config_path(config, false) else {
        return Ok(flags);
    };
    let layers = file_and_env(Some(&path), env)?;
    let folder = path.parent().unwrap_or(Path::new(""));
    let file = layers.into_iter().next().unwrap_or_default();
    Ok(LintConfig {
        fallback: (file.lint.as_ref()).map(|lint| (folder.to_owned(), lint.doc_set())),
        metadata: match metadata.is_empty() {
            true => file.metadata,
            false => flags.metadata,
        },
    })
}
