//! The settings a run uses: every [`Layer`] folded over the defaults, lowest first, and checked.
//!
//! Scalars come from the highest layer that sets them; ignore rules, params and headers add up,
//! a header replacing one of the same name from a lower layer.

use std::time::Duration;

use super::error::{ConfigError, bad};
use super::layer::{Env, Layer};
use super::value::{
    self, DEFAULT_JOBS, DEFAULT_MAX_BODY, DEFAULT_OPERATION_TIMEOUT_SECS, DEFAULT_RETRIES,
    DEFAULT_TIMEOUT_SECS,
};
use crate::snapshot::{Store, UpdateMode};
use exemplar_core::compare::{MatchMode, Rule, Rules};
use exemplar_core::plan::{HeaderValue, Params};

/// The settings a run uses, every layer applied.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Base URL of the server; `None` means the built-in mock.
    pub target: Option<reqwest::Url>,
    /// Files replayed at once.
    pub jobs: usize,
    /// Time allowed for one answer.
    pub timeout: Duration,
    /// Retries after a connection error, 429 or 503.
    pub retries: u32,
    /// Largest response body read.
    pub max_body: usize,
    /// Requests per second to each target origin (`--rate`), if capped.
    pub rate: Option<f64>,
    /// The longest `Retry-After` waited for.
    pub max_retry_after: Duration,
    /// How strictly values compare.
    pub match_mode: MatchMode,
    /// Send mutations to a non-loopback target.
    pub allow_mutations: bool,
    /// Generated-value and ignore rules.
    pub rules: Rules,
    /// Placeholder values.
    pub params: Params,
    /// Headers sent with every request, secrets marked.
    pub headers: Vec<(String, HeaderValue)>,
    /// Snapshot checks, when a snapshot directory is set.
    pub snapshots: Option<Store>,
    /// Where the service's types are (`--metadata`), every layer's.
    pub metadata: Vec<exemplar_core::schema::Spec>,
    /// The types read from `metadata` (by the caller, see [`exemplar_core::schema::load()`]): what
    /// `--match schema` holds answers against.
    pub schemas: exemplar_core::schema::Schemas,
    /// `[[scenario]]` tables, from the highest layer that has any.
    pub scenarios: Vec<super::Scenario>,
    /// How to sign in to the target, if at all.
    pub auth: Option<super::AuthConfig>,
    /// The scopes and roles granted (`--scopes`); `None`: those the token names, if any.
    pub scopes: Option<Vec<String>>,
    /// Follow the operations `202 Accepted` answers name, for at most this long.
    pub follow_operations: Option<Duration>,
    /// A PEM file of CA certificates trusted besides the built-in roots.
    pub ca_cert: Option<std::path::PathBuf>,
    /// The proxy for the target (`--proxy`), instead of the environment's.
    pub proxy: Option<reqwest::Url>,
}

impl Settings {
    /// Folds `layers` (lowest first) over the defaults; `env` expands `${VAR}` in header values.
    pub fn resolve(layers: &[Layer], env: &Env) -> Result<Settings, ConfigError> {
        let target = last(layers, |l| l.target.as_deref())
            .map(parse_target)
            .transpose()?;
        let jobs = jobs(layers)?;
        let timeout = timeout(layers)?;
        let retries = retries(layers)?;
        let rules = rules(layers)?;
        let (params, headers) = params_and_headers(layers, env)?;
        let snapshots = snapshots(layers, env)?;
        let metadata = metadata(layers)?;
        let match_mode = last(layers, |l| l.match_mode).unwrap_or_default();
        if match_mode == MatchMode::Schema && metadata.is_empty() {
            return Err(ConfigError::Value {
                key: "match".into(),
                message: "`schema` holds answers against the service's types: give them with --metadata VERSION=FILE|URL (or `metadata` in exemplar.toml)".into(),
            });
        }
        let auths: Vec<_> = layers.iter().map(|l| &l.auth).collect();
        let auth = super::AuthConfig::resolve(&auths, env)?;
        let proxy = last(layers, |l| l.proxy.as_deref())
            .map(|p| value::target(p).map_err(|e| bad("proxy", &e, &format!("{p:?}"))))
            .transpose()?;
        Ok(Settings {
            metadata,
            schemas: Default::default(),
            auth,
            scopes: last(layers, |l| l.scopes.clone()),
            follow_operations: follow_operations(layers)?,
            ca_cert: last(layers, |l| l.ca_cert.as_deref()).map(Into::into),
            proxy,
            snapshots,
            target,
            jobs,
            timeout,
            retries,
            max_body: last(layers, |l| l.max_body).unwrap_or(DEFAULT_MAX_BODY),
            rate: super::pace::resolve_rate(layers)?,
            max_retry_after: super::pace::resolve_max_retry_after(layers)?,
            match_mode,
            allow_mutations: last(layers, |l| l.allow_mutations).unwrap_or(false),
            rules,
            params,
            headers,
            scenarios: (layers.iter().rev())
                .find(|l| !l.scenario.is_empty())
                .map(|l| l.scenario.clone())
                .unwrap_or_default(),
        })
    }
}

/// The `--metadata` values of every layer, lowest first.
fn metadata(layers: &[Layer]) -> Result<Vec<exemplar_core::schema::Spec>, ConfigError> {
    (layers.iter().flat_map(|l| &l.metadata))
        .map(|m| {
            m.parse().map_err(|message| ConfigError::Value {
                key: "metadata".into(),
                message,
            })
        })
        .collect()
}

/// The value of the highest layer that sets one.
fn last<'a, T>(layers: &'a [Layer], get: impl Fn(&'a Layer) -> Option<T>) -> Option<T> {
    layers.iter().rev().find_map(get)
}

fn jobs(layers: &[Layer]) -> Result<usize, ConfigError> {
    let jobs = last(layers, |l| l.jobs).unwrap_or(DEFAULT_JOBS);
    value::check_whole(jobs as u64, value::JOBS).map_err(|e| bad("jobs", &e, &jobs.to_string()))?;
    Ok(jobs)
}

fn timeout(layers: &[Layer]) -> Result<Duration, ConfigError> {
    let secs = last(layers, |l| l.timeout).unwrap_or(DEFAULT_TIMEOUT_SECS);
    value::check_seconds(secs).map_err(|e| bad("timeout", &e, &secs.to_string()))?;
    // Checked above 0 and at most a day, so the conversion cannot panic.
    Ok(Duration::from_secs_f64(secs))
}

/// The operation timeout when `follow_operations` is on.
fn follow_operations(layers: &[Layer]) -> Result<Option<Duration>, ConfigError> {
    let secs = last(layers, |l| l.operation_timeout).unwrap_or(DEFAULT_OPERATION_TIMEOUT_SECS);
    value::check_seconds(secs).map_err(|e| bad("operation_timeout", &e, &secs.to_string()))?;
    let on = last(layers, |l| l.follow_operations).unwrap_or(false);
    Ok(on.then(|| Duration::from_secs_f64(secs)))
}

fn retries(layers: &[Layer]) -> Result<u32, ConfigError> {
    let retries = last(layers, |l| l.retries).unwrap_or(DEFAULT_RETRIES);
    value::check_whole(retries.into(), value::RETRIES)
        .map_err(|e| bad("retries", &e, &retries.to_string()))?;
    Ok(retries)
}

/// The generated-value switch of the highest layer, and the ignore rules of every layer.
fn rules(layers: &[Layer]) -> Result<Rules, ConfigError> {
    let mut rules = Rules {
        defaults: last(layers, |l| l.default_rules).unwrap_or(true),
        rules: Vec::new(),
    };
    for text in layers.iter().flat_map(|l| &l.ignore) {
        rules
            .rules
            .push(text.parse::<Rule>().map_err(|message| ConfigError::Value {
                key: "ignore".into(),
                message,
            })?);
    }
    Ok(rules)
}

/// The placeholder values and headers of every layer, lowest first, one layer at a time.
fn params_and_headers(
    layers: &[Layer],
    env: &Env,
) -> Result<(Params, Vec<(String, HeaderValue)>), ConfigError> {
    let mut params = Params::default();
    let mut headers: Vec<(String, HeaderValue)> = Vec::new();
    for layer in layers {
        add_params(&mut params, layer)?;
        add_headers(&mut headers, layer, env)?;
    }
    Ok((params, headers))
}

fn add_params(params: &mut Params, layer: &Layer) -> Result<(), ConfigError> {
    params.global.extend(layer.params.clone());
    for (glob, values) in &layer.file_params {
        params
            .add_file_glob(glob, values.clone())
            .map_err(|e| ConfigError::Value {
                key: format!("file_params.{glob}"),
                message: e.to_string(),
            })?;
    }
    for (name, values) in &layer.example_params {
        params
            .examples
            .entry(name.clone())
            .or_default()
            .extend(values.clone());
    }
    Ok(())
}

/// Adds the headers of `layer`, each replacing one of the same name (in any case) from below.
fn add_headers(
    headers: &mut Vec<(String, HeaderValue)>,
    layer: &Layer,
    env: &Env,
) -> Result<(), ConfigError> {
    for (name, value) in &layer.headers {
        let value = expand(value, env).map_err(|e| ConfigError::Value {
            key: format!("headers.{name}"),
            message: e.to_string(),
        })?;
        headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        headers.push((name.clone(), value));
    }
    Ok(())
}

/// Snapshot checks, when a layer sets a snapshot directory; under `CI` nothing is written.
fn snapshots(layers: &[Layer], env: &Env) -> Result<Option<Store>, ConfigError> {
    let mode = last(layers, |l| l.update_snapshots.as_deref())
        .map(|m| {
            m.parse::<UpdateMode>().map_err(|e| ConfigError::Value {
                key: "update_snapshots (INSTA_UPDATE)".into(),
                message: e.to_string(),
            })
        })
        .transpose()?
        .unwrap_or_default();
    let ci = env
        .get("CI")
        .is_some_and(|v| !v.is_empty() && v != "0" && !v.eq_ignore_ascii_case("false"));
    Ok(last(layers, |l| l.snapshot_dir.as_ref()).map(|dir| Store {
        dir: dir.into(),
        mode,
        ci,
    }))
}

fn parse_target(text: &str) -> Result<reqwest::Url, ConfigError> {
    value::target(text).map_err(|e| bad("target", &e, &format!("{text:?}")))
}

/// Why a `${VAR}` cannot be expanded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExpandError {
    /// `${` with no `}`.
    #[error("`${{` in `{0}` is never closed")]
    Unclosed(String),
    /// The variable is not set.
    #[error("environment variable `{0}` is not set")]
    Unset(String),
}

/// Expands `${VAR}` from `env`; a value that used any variable is a secret.
pub fn expand(value: &str, env: &Env) -> Result<HeaderValue, ExpandError> {
    let mut out = String::new();
    let mut rest = value;
    let mut secret = false;
    while let Some(start) = rest.find("${") {
        let end = rest[start..]
            .find('}')
            .ok_or_else(|| ExpandError::Unclosed(value.to_owned()))?
            + start;
        let name = &rest[start + 2..end];
        let found = env
            .get(name)
            .ok_or_else(|| ExpandError::Unset(name.to_owned()))?;
        out.push_str(&rest[..start]);
        out.push_str(found);
        secret = true;
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    Ok(HeaderValue { value: out, secret })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::env_of;

    #[test]
    fn later_layers_win_and_defaults_fill_the_rest() {
        let file = Layer::from_toml(
            "exemplar.toml",
            "target = \"http://file\"\njobs = 3\n[params]\nid = \"file\"\nother = \"kept\"",
        )
        .unwrap();
        let from_env = Layer::from_env(&env_of(&[
            ("EXEMPLAR_TARGET", "http://env"),
            ("EXEMPLAR_PARAM_id", "env"),
        ]))
        .unwrap();
        let flags = Layer {
            jobs: Some(8),
            ..Layer::default()
        };
        let settings = Settings::resolve(&[file, from_env, flags], &Env::new()).unwrap();
        assert_eq!(settings.target.unwrap().as_str(), "http://env/");
        assert_eq!(settings.jobs, 8);
        assert_eq!(
            settings.params.global.get("id").map(String::as_str),
            Some("env")
        );
        assert_eq!(
            settings.params.global.get("other").map(String::as_str),
            Some("kept")
        );
        assert_eq!(
            (settings.retries, settings.match_mode),
            (2, MatchMode::Exact)
        );
    }

    #[test]
    fn unknown_keys_and_bad_values_name_the_key() {
        let err = Layer::from_toml("exemplar.toml", "targte = \"x\"")
            .unwrap_err()
            .to_string();
        assert!(err.contains("targte"), "{err}");
        let err = Layer::from_toml("exemplar.toml", "jobs = \"many\"")
            .unwrap_err()
            .to_string();
        assert!(err.contains("jobs"), "{err}");
        let err = Layer::from_env(&env_of(&[("EXEMPLAR_TIMEOUT", "soon")]))
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("EXEMPLAR_TIMEOUT"), "{err}");
        // Every wrong variable is named at once.
        let err = Layer::from_env(&env_of(&[
            ("EXEMPLAR_TIMEOUT", "soon"),
            ("EXEMPLAR_TARGET", "http://ok"),
            ("EXEMPLAR_JOBS", "0"),
        ]))
        .unwrap_err()
        .to_string();
        let lines: Vec<&str> = err.lines().collect();
        assert_eq!(lines[0], "2 EXEMPLAR_* variables are wrong:", "{err}");
        assert!(lines[1].starts_with("EXEMPLAR_JOBS: "), "{err}");
        assert!(lines[2].starts_with("EXEMPLAR_TIMEOUT: "), "{err}");
        let bad_target = Layer {
            target: Some("ftp://x".into()),
            ..Layer::default()
        };
        assert!(
            Settings::resolve(&[bad_target], &Env::new())
                .unwrap_err()
                .to_string()
                .starts_with("target")
        );
    }

    #[test]
    fn header_values_from_the_environment_are_secrets() {
        let layer = Layer::from_toml(
            "exemplar.toml",
            "[headers]\nAuthorization = \"Bearer ${TOKEN}\"",
        )
        .unwrap();
        let settings = Settings::resolve(
            std::slice::from_ref(&layer),
            &env_of(&[("TOKEN", "s3cret")]),
        )
        .unwrap();
        assert_eq!(
            settings.headers[0].1,
            HeaderValue {
                value: "Bearer s3cret".into(),
                secret: true
            }
        );
        let err = Settings::resolve(&[layer], &Env::new())
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("headers.Authorization") && err.contains("TOKEN"),
            "{err}"
        );
    }
}
