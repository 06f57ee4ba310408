//! What GitHub's format needs from around the run: whether GitHub Actions runs us, where the
//! job summary goes (`$GITHUB_STEP_SUMMARY`, from an injected [`Env`]), and the repository path
//! of a doc file as a report shows it. Writes nothing itself.

use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::github::Locate;
use crate::config::Env;

/// `$GITHUB_STEP_SUMMARY` could not be opened.
#[derive(Debug, thiserror::Error)]
#[error("GITHUB_STEP_SUMMARY {path}: cannot write")]
pub struct SummaryError {
    /// The file the variable names.
    pub path: String,
    /// Why.
    #[source]
    pub error: std::io::Error,
}

/// Whether to add GitHub's format: as asked, else under GitHub Actions (`GITHUB_ACTIONS=true`).
pub fn wanted(asked: Option<bool>, env: &Env) -> bool {
    asked.unwrap_or_else(|| env.get("GITHUB_ACTIONS").is_some_and(|v| v == "true"))
}

/// `$GITHUB_STEP_SUMMARY`, opened to append (GitHub joins what each step appends); none when
/// the variable is not set.
pub fn step_summary(env: &Env) -> Result<Option<Box<dyn Write>>, SummaryError> {
    let Some(path) = env.get("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty()) else {
        return Ok(None);
    };
    let file = OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .map_err(|error| SummaryError {
            path: path.clone(),
            error,
        })?;
    Ok(Some(Box::new(file)))
}

/// Maps a doc file as reports show it (relative to the PATHS argument it was found under) to
/// its path from the working directory, which GitHub resolves against the repository.
pub fn locate(paths: &[PathBuf]) -> Locate {
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

/// Maps a doc file as reports show it to its path under the project `root` (`/`-separated),
/// which is the same whatever folder a shard ran in: what a JSON report records as `path`, for
/// `report merge`. `None` when the page is not found or lies outside the root.
pub fn under_root(root: &Path, paths: &[PathBuf]) -> super::lines::Paths {
    let root = root.canonicalize().unwrap_or_else(|_| root.to_owned());
    let found = locate(paths);
    Box::new(move |shown: &str| {
        let path = found(shown);
        crate::session::relative_to(&root, Path::new(&path))
    })
}

/// `./docs/a.md` → `docs/a.md`.
fn tidy(path: &Path) -> String {
    let text = path.display().to_string();
    text.strip_prefix("./").map(str::to_owned).unwrap_or(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::env_of;

    #[test]
    fn github_is_wanted_when_asked_else_under_github_actions() {
        let actions = env_of(&[("GITHUB_ACTIONS", "true")]);
        assert!(wanted(None, &actions));
        assert!(!wanted(Some(false), &actions));
        assert!(wanted(Some(true), &Env::new()));
        assert!(!wanted(None, &Env::new()));
    }

    #[test]
    fn a_shown_page_is_found_under_its_argument() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("docs/v1.0")).unwrap();
        std::fs::write(dir.path().join("docs/v1.0/a.md"), "").unwrap();
        let locate = locate(&[dir.path().join("docs")]);
        let found = locate("v1.0/a.md");
        assert_eq!(
            found,
            dir.path().join("docs/v1.0/a.md").display().to_string()
        );
        assert_eq!(locate("gone.md"), "gone.md");
    }
}
