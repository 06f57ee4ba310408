//! What a run is asked to do: the docs, the settings, the project root, and what to select.

use std::path::{Path, PathBuf};

use super::filter::Filters;
use crate::config::Settings;
use exemplar_core::secret::{Learnt, Redactor};

/// Everything a run needs; the binary builds it from flags and config, a library user directly.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// Doc files, or folders searched for `*.md` (sorted).
    pub paths: Vec<PathBuf>,
    /// The resolved settings: target (none: the built-in mock), params, rules, snapshots.
    pub settings: Settings,
    /// The project root: snapshot paths are the pages' paths relative to it (DESIGN §5).
    pub root: PathBuf,
    /// Run only the pages changed since this git revision (and those whose snapshots changed).
    pub changed_since: Option<String>,
    /// Remove unreferenced snapshots instead of only listing them.
    pub prune: bool,
    /// Threads reading pages.
    pub read_jobs: usize,
    /// A tokio runtime to run on, for a caller that has one (the run makes its own otherwise).
    pub runtime: Option<tokio::runtime::Handle>,
    /// The proxy requests to the target go through ([`crate::proxy_for`] reads the
    /// environment's); none by default, and never for the built-in mock.
    pub proxy: Option<reqwest::Url>,
    /// The selection filters (`--name`, `--tag`, `--api-version`, `--method`): an example
    /// they leave out is not reported at all.
    pub filters: Filters,
    /// Secrets learnt while the run goes (the tokens it signs in with), shared by every
    /// redactor [`RunOptions::redactor`] makes, so each output hides them from then on.
    pub learnt: Learnt,
    /// Run only the pages of this shard (`--partition`); applied after every other filter.
    pub partition: Option<super::partition::Partition>,
    /// Keep each answer and its timing in the results (`--report-har`).
    pub record_exchanges: bool,
}

impl RunOptions {
    /// Options for `paths` with `settings`, the working directory as the root, and nothing
    /// else selected or pruned.
    pub fn new(paths: Vec<PathBuf>, settings: Settings) -> RunOptions {
        RunOptions {
            paths,
            settings,
            root: PathBuf::from("."),
            changed_since: None,
            prune: false,
            read_jobs: std::thread::available_parallelism().map_or(1, |n| n.get()),
            runtime: None,
            proxy: None,
            filters: Filters::default(),
            learnt: Learnt::default(),
            partition: None,
            record_exchanges: false,
        }
    }

    /// The redactor for every output of this run: the secret headers' values in all forms.
    pub fn redactor(&self) -> Redactor {
        // A proxy's password can come back in a client error.
        let proxy = self
            .proxy
            .as_ref()
            .and_then(|p| p.password())
            .map(str::to_owned);
        let auth = self.settings.auth.iter().flat_map(|a| a.secrets());
        Redactor::for_headers(&self.settings.headers)
            .with(proxy.into_iter().chain(auth))
            .sharing(self.learnt.clone())
    }
}

/// The project root (DESIGN §5): `explicit` (`--root`), else the config file's folder, else the
/// git work tree holding `cwd`, else `cwd`.
pub fn project_root(explicit: Option<&Path>, config: Option<&Path>, cwd: &Path) -> PathBuf {
    if let Some(root) = explicit {
        return root.to_owned();
    }
    if let Some(config) = config {
        let folder = config.parent().unwrap_or(Path::new(""));
        return if folder.as_os_str().is_empty() {
            cwd.to_owned()
        } else {
            folder.to_owned()
        };
    }
    cwd.ancestors()
        .find(|dir| dir.join(".git").exists())
        .unwrap_or(cwd)
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_root_is_the_flag_then_the_config_folder_then_the_git_tree_then_cwd() {
        let dir = tempfile::tempdir().unwrap();
        let work = dir.path().join("repo/docs/v1.0");
        std::fs::create_dir_all(&work).unwrap();
        let flag = Path::new("/elsewhere");
        assert_eq!(project_root(Some(flag), None, &work), flag);
        let config = dir.path().join("repo/docs/exemplar.toml");
        assert_eq!(
            project_root(None, Some(&config), &work),
            dir.path().join("repo/docs")
        );
        assert_eq!(
            project_root(None, Some(Path::new("exemplar.toml")), &work),
            work
        );
        std::fs::create_dir_all(dir.path().join("repo/.git")).unwrap();
        assert_eq!(project_root(None, None, &work), dir.path().join("repo"));
        let outside = dir.path().join("plain");
        std::fs::create_dir_all(&outside).unwrap();
        assert_eq!(project_root(None, None, &outside), outside);
    }
}
