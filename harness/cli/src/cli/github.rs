//! What `--format github` needs from the process: whether GitHub Actions runs us, where the job
//! summary goes, and the repository path of a doc file as a report shows it.

use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use exemplar_run::config::Env;

/// Whether to add GitHub's format: asked, or by default under GitHub Actions.
pub(super) fn wanted(asked: Option<bool>, env: &Env) -> bool {
    asked.unwrap_or_else(|| env.get("GITHUB_ACTIONS").is_some_and(|v| v == "true"))
}

/// `$GITHUB_STEP_SUMMARY`, opened to append (GitHub joins what each step appends).
pub(super) fn step_summary(env: &Env) -> anyhow::Result<Option<Box<dyn Write>>> {
    let Some(path) = env.get("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty()) else {
        return Ok(None);
    };
    let file = OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .with_context(|| format!("GITHUB_STEP_SUMMARY {path}: cannot write"))?;
    Ok(Some(Box::new(file)))
}

/// Maps a doc file as reports show it (relative to the PATHS argument it was found under) to
/// its path from the working directory, which GitHub resolves against the repository.
pub(super) fn locate(paths: &[PathBuf]) -> exemplar_run::report::github::Locate {
    let paths = paths.to_vec();
    Box::new(move |shown: &str| {
        paths
            .iter()
            .find_map(|arg| {
                let candidate = if arg.is_file() {
                    arg.file_name().filter(|n| *n == shown).map(|_| arg.clone())
                } else {
                    Some(arg.join(shown)).filter(|p| p.is_file())
                };
                candidate.map(|p| tidy(&p))
            })
            .unwrap_or_else(|| shown.to_owned())
    })
}

/// `./docs/a.md` → `docs/a.md`.
fn tidy(path: &Path) -> String {
    let text = path.display().to_string();
    text.strip_prefix("./").map(str::to_owned).unwrap_or(text)
}
