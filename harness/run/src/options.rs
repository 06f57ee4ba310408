//! What the command line asked of a run, resolved into [`RunOptions`]: the config file, the
//! `EXEMPLAR_*` environment and the flags as layers, the proxy, the shard, the filters and the
//! `--metadata` schemas.
//!
//! The environment is an injected [`Env`] and the working directory a parameter, so nothing here
//! reads the process; it knows no flag parser either (the binary fills [`RunFlags`]).

use std::path::{Path, PathBuf};

use crate::config::{ConfigError, Env, Layer, Settings};
use crate::metadata::MetadataFailure;
use crate::{FilterError, Filters, Partition, PartitionError, PartitionSpec, RunOptions};
use exemplar_core::compare::MatchMode;

/// The config file looked for in the working directory.
pub const DEFAULT_CONFIG: &str = "exemplar.toml";

/// What the command line said for a run, before any layer is read.
#[derive(Debug, Clone, Default)]
pub struct RunFlags {
    /// Doc files, or folders searched for `*.md`.
    pub paths: Vec<PathBuf>,
    /// `--config`: the config file to read instead of `exemplar.toml`.
    pub config: Option<PathBuf>,
    /// `--no-config`: read no config file.
    pub no_config: bool,
    /// The settings the flags give, the highest layer (params and headers apart).
    pub layer: Layer,
    /// `--param NAME=VALUE`, as written.
    pub params: Vec<String>,
    /// `--header 'Name: value'`, as written.
    pub headers: Vec<String>,
    /// `--root`: the project root.
    pub root: Option<PathBuf>,
    /// `--changed-since REV`.
    pub changed_since: Option<String>,
    /// `--prune`.
    pub prune: bool,
    /// The shard asked for.
    pub shard: ShardFlags,
    /// The selection flags.
    pub selection: Selection,
}

/// `--partition` (or `--shard`) and `--partition-total`.
#[derive(Debug, Clone, Copy, Default)]
pub struct ShardFlags {
    /// The shard as written: `hash:K/N` or `auto`.
    pub spec: Option<PartitionSpec>,
    /// How many shards `auto` splits into where the CI gives only the index.
    pub total: Option<u32>,
}

/// The selection flags of `run` and `list`, as written.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// `--name GLOB`.
    pub names: Vec<String>,
    /// `--tag TAG`.
    pub tags: Vec<String>,
    /// `--api-version VERSION`.
    pub api_versions: Vec<String>,
    /// `--method METHOD`.
    pub methods: Vec<String>,
}

/// A run's options, and the paths and filters as a person asked for them (named when nothing
/// was selected).
#[derive(Debug)]
pub struct Resolved {
    /// What the run does.
    pub options: RunOptions,
    /// The paths, filters and `--changed-since` as asked.
    pub asked: String,
}

/// Why the options of a run could not be resolved: each is the caller's mistake.
#[derive(Debug, thiserror::Error)]
pub enum OptionsError {
    /// The config file could not be read.
    #[error("cannot read config {}", path.display())]
    ReadConfig {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        error: std::io::Error,
    },
    /// A layer is not valid, or the layers together are not.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// `--param` or `--header` is not written `name<sep>value`.
    #[error("{flag} `{text}`: write it {form}")]
    Flag {
        /// The flag.
        flag: &'static str,
        /// Its value.
        text: String,
        /// The form expected.
        form: &'static str,
    },
    /// The shard could not be told.
    #[error(transparent)]
    Partition(#[from] PartitionError),
    /// The working directory could not be read.
    #[error("cannot read the working directory")]
    WorkingDirectory(#[source] std::io::Error),
    /// A selection flag is not valid.
    #[error(transparent)]
    Filter(#[from] FilterError),
    /// The `--metadata` of `--match schema` could not be had.
    #[error(transparent)]
    Metadata(#[from] MetadataFailure),
}

impl Selection {
    /// The library's filters.
    pub fn filters(&self) -> Result<Filters, FilterError> {
        Filters::new(&self.names, &self.tags, &self.api_versions, &self.methods)
    }
}

/// Resolves what the flags said: defaults < config file < `env` < flags, the shard, the proxy
/// (`--proxy`, else the environment's; never for a target on this machine), the filters and,
/// for `--match schema`, the `--metadata` schemas (fetched with the run's sign-in).
pub fn resolve(flags: &RunFlags, env: &Env, cwd: &Path) -> Result<Resolved, OptionsError> {
    let config = config_path(flags.config.as_deref(), flags.no_config);
    let mut layers = file_and_env(config.as_deref(), env)?;
    layers.push(flag_layer(flags)?);
    let settings = Settings::resolve(&layers, env)?;
    let partition = shard(&flags.shard, env, &layers)?;
    let mut options = RunOptions::new(flags.paths.clone(), settings);
    options.root = crate::project_root(flags.root.as_deref(), config.as_deref(), cwd);
    options.changed_since = flags.changed_since.clone();
    options.prune = flags.prune;
    options.partition = partition;
    options.filters = flags.selection.filters()?;
    options.proxy = (options.settings.target.as_ref())
        .filter(|t| !exemplar_core::is_loopback(t))
        .and_then(|t| (options.settings.proxy.clone()).or_else(|| crate::proxy_for(t, env)));
    if options.settings.match_mode == MatchMode::Schema {
        options.settings.schemas = crate::metadata::for_run(&options)?;
    }
    let asked = asked(flags, &options.filters);
    Ok(Resolved { options, asked })
}

/// The shard `list` shows, with the project root its keys are relative to (canonical), found
/// as a run finds them (`exemplar.toml` in the working directory, which `cwd` reads, and the
/// environment), so both agree on every page's shard.
pub fn list_shard(
    flags: &ShardFlags,
    root: Option<&Path>,
    env: &Env,
    cwd: impl FnOnce() -> std::io::Result<PathBuf>,
) -> Result<Option<(Partition, PathBuf)>, OptionsError> {
    let config = config_path(None, false);
    let layers = file_and_env(config.as_deref(), env)?;
    let Some(partition) = shard(flags, env, &layers)? else {
        return Ok(None);
    };
    let cwd = cwd().map_err(OptionsError::WorkingDirectory)?;
    let root = crate::project_root(root, config.as_deref(), &cwd);
    let root = root.canonicalize().unwrap_or(root);
    Ok(Some((partition, root)))
}

/// The config file: `flag` (`--config`), else `exemplar.toml` in the working directory when
/// there; none with `--no-config`.
pub fn config_path(flag: Option<&Path>, no_config: bool) -> Option<PathBuf> {
    match (flag, no_config) {
        (_, true) => None,
        (Some(path), false) => Some(path.to_owned()),
        (None, false) => Some(PathBuf::from(DEFAULT_CONFIG)).filter(|p| p.is_file()),
    }
}

/// The config file's layer (when there is one) and the environment's, lowest first. A relative
/// `snapshot_dir`, CSDL file or `ca_cert` in the file is relative to the file's folder.
pub fn file_and_env(config: Option<&Path>, env: &Env) -> Result<Vec<Layer>, OptionsError> {
    let mut layers = Vec::new();
    if let Some(path) = config {
        let text = std::fs::read_to_string(path).map_err(|error| OptionsError::ReadConfig {
            path: path.to_owned(),
            error,
        })?;
        let mut layer = Layer::from_toml(&path.display().to_string(), &text)?;
        let folder = path.parent().unwrap_or(Path::new(""));
        let beside = |file: String| folder.join(file).display().to_string();
        layer.snapshot_dir = layer.snapshot_dir.map(beside);
        for spec in &mut layer.metadata {
            if let Ok(parsed) = spec.parse::<exemplar_core::schema::Spec>() {
                if !parsed.location.starts_with("http") {
                    let file = beside(parsed.location);
                    *spec = parsed
                        .version
                        .map_or(file.clone(), |v| format!("{v}={file}"));
                }
            }
        }
        layer.ca_cert = layer.ca_cert.map(beside);
        layers.push(layer);
    }
    layers.push(Layer::from_env(env)?);
    Ok(layers)
}

/// The shard this job runs, if any: as asked, with `auto` read from `env` and its total from
/// `--partition-total`, else the layers (config file, environment).
fn shard(
    flags: &ShardFlags,
    env: &Env,
    layers: &[Layer],
) -> Result<Option<Partition>, OptionsError> {
    let Some(spec) = flags.spec else {
        return Ok(None);
    };
    let total = (flags.total).or_else(|| layers.iter().rev().find_map(|l| l.partition_total));
    Ok(Some(spec.resolve(env, total)?))
}

/// The flags' layer, with `--param` and `--header` split into names and values.
fn flag_layer(flags: &RunFlags) -> Result<Layer, OptionsError> {
    let mut layer = flags.layer.clone();
    for param in &flags.params {
        let (name, value) = split_flag(param, '=', "--param", "NAME=VALUE")?;
        layer.params.insert(name, value.to_owned());
    }
    for header in &flags.headers {
        let (name, value) = split_flag(header, ':', "--header", "'Name: value'")?;
        layer.headers.insert(name, value.trim().to_owned());
    }
    Ok(layer)
}

/// `name<sep>value` from a flag's value; the error shows the form expected.
fn split_flag<'a>(
    text: &'a str,
    sep: char,
    flag: &'static str,
    form: &'static str,
) -> Result<(String, &'a str), OptionsError> {
    let (name, value) = text.split_once(sep).ok_or_else(|| OptionsError::Flag {
        flag,
        text: text.to_owned(),
        form,
    })?;
    Ok((name.trim().to_owned(), value))
}

/// The paths, then the filters and `--changed-since` in brackets.
fn asked(flags: &RunFlags, filters: &Filters) -> String {
    let paths: Vec<_> = flags
        .paths
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    let mut asked = paths.join(", ");
    if !filters.is_empty() {
        asked.push_str(&format!(" ({})", filters.describe()));
    }
    if let Some(rev) = &flags.changed_since {
        asked.push_str(&format!(" (--changed-since {rev})"));
    }
    asked
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::env_of;

    fn flags(target: &str) -> RunFlags {
        RunFlags {
            paths: vec![PathBuf::from("docs"), PathBuf::from("more")],
            no_config: true,
            layer: Layer {
                target: Some(target.to_owned()),
                ..Layer::default()
            },
            ..RunFlags::default()
        }
    }

    #[test]
    fn the_flags_win_over_the_environment() {
        let mut asked = flags("http://flag.example");
        asked.params = vec!["id=42".to_owned()];
        let env = env_of(&[
            ("EXEMPLAR_TARGET", "http://env.example"),
            ("EXEMPLAR_PARAM_id", "7"),
        ]);
        let resolved = resolve(&asked, &env, Path::new(".")).unwrap();
        let settings = &resolved.options.settings;
        assert_eq!(
            settings.target.as_ref().unwrap().as_str(),
            "http://flag.example/"
        );
        assert_eq!(settings.params.get("a.md", None, "id"), Some("42"));
        assert_eq!(resolved.asked, "docs, more");
    }

    #[test]
    fn a_flag_not_written_name_value_names_the_form() {
        let mut asked = flags("http://flag.example");
        asked.headers = vec!["Authorization".to_owned()];
        let err = resolve(&asked, &Env::new(), Path::new(".")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "--header `Authorization`: write it 'Name: value'"
        );
    }

    #[test]
    fn the_environments_proxy_is_used_only_for_a_target_elsewhere() {
        let env = env_of(&[("HTTPS_PROXY", "http://proxy.corp:3128")]);
        let far = resolve(&flags("https://graph.example"), &env, Path::new(".")).unwrap();
        assert_eq!(
            far.options.proxy.map(|p| p.to_string()).as_deref(),
            Some("http://proxy.corp:3128/")
        );
        let near = resolve(&flags("https://127.0.0.1:8771"), &env, Path::new(".")).unwrap();
        assert_eq!(near.options.proxy, None);
    }

    #[test]
    fn the_shard_total_comes_from_the_flag_else_the_layers() {
        let env = env_of(&[
            ("JOB_COMPLETION_INDEX", "1"),
            ("EXEMPLAR_PARTITION_TOTAL", "3"),
        ]);
        let layers = vec![Layer::from_env(&env).unwrap()];
        let auto = ShardFlags {
            spec: Some(PartitionSpec::Auto),
            total: None,
        };
        let from_env = shard(&auto, &env, &layers).unwrap().unwrap();
        assert_eq!((from_env.index, from_env.total), (2, 3));
        let flag = ShardFlags {
            total: Some(4),
            ..auto
        };
        assert_eq!(shard(&flag, &env, &layers).unwrap().unwrap().total, 4);
    }
}
