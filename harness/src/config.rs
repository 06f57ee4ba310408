//! Run settings and their layers: defaults < `exemplar.toml` < `EXEMPLAR_*` environment < flags.
//!
//! Every layer is a [`Layer`] of optional values; [`Settings::resolve`] folds them in order. The
//! environment is an injected map, so precedence is tested without touching the process.

use std::collections::BTreeMap;
use std::time::Duration;

use serde::Deserialize;

use crate::compare::{MatchMode, Rule, Rules};
use crate::plan::{HeaderValue, Params};
use crate::snapshot::{Store, UpdateMode};

/// Most files replayed at once.
const MAX_JOBS: usize = 1024;
/// Longest timeout, in seconds (a day).
const MAX_TIMEOUT_SECS: f64 = 86_400.0;
/// Most retries.
const MAX_RETRIES: u32 = 100;

/// The process environment (or a test's stand-in for it).
pub type Env = BTreeMap<String, String>;

/// A configuration that cannot be used; each names the key or variable at fault.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The config file cannot be read.
    #[error("{path}: {source}")]
    Read {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// The config file is not valid TOML or has an unknown key or a bad value.
    #[error("{path}: {message}")]
    Parse {
        /// The file.
        path: String,
        /// What toml said, which names the key and line.
        message: String,
    },
    /// A setting has a value that cannot be used.
    #[error("{key}: {message}")]
    Value {
        /// The key, variable or flag.
        key: String,
        /// What is wrong.
        message: String,
    },
}

/// One layer of settings; `None` leaves the value of the layers below.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Layer {
    /// Base URL of the server to replay against.
    pub target: Option<String>,
    /// Files replayed at once.
    pub jobs: Option<usize>,
    /// Seconds to wait for one answer.
    pub timeout: Option<f64>,
    /// Retries after a connection error, 429 or 503.
    pub retries: Option<u32>,
    /// Largest response body read, in bytes.
    pub max_body: Option<usize>,
    /// `exact` or `shape`.
    #[serde(rename = "match")]
    pub match_mode: Option<MatchMode>,
    /// Send POST/PUT/PATCH/DELETE to a non-loopback target.
    pub allow_mutations: Option<bool>,
    /// Apply the built-in generated-value rules.
    pub default_rules: Option<bool>,
    /// Where snapshots live; snapshot checks are on when this is set.
    pub snapshot_dir: Option<String>,
    /// When snapshots are written (`INSTA_UPDATE`): auto, always, new, unseen, no.
    pub update_snapshots: Option<String>,
    /// Ignore rules, `SELECTOR[=guid|datetime|any]`; added to those of lower layers.
    #[serde(default)]
    pub ignore: Vec<String>,
    /// Placeholder values for every example.
    #[serde(default)]
    pub params: BTreeMap<String, String>,
    /// Placeholder values for the doc files matching a glob.
    #[serde(default)]
    pub file_params: BTreeMap<String, BTreeMap<String, String>>,
    /// Placeholder values for one example, by name.
    #[serde(default)]
    pub example_params: BTreeMap<String, BTreeMap<String, String>>,
    /// Headers sent with every request; `${VAR}` takes a value from the environment (a secret).
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
}

impl Layer {
    /// Reads an `exemplar.toml`; unknown keys and bad values are errors naming the key.
    pub fn from_toml(path: &str, text: &str) -> Result<Layer, ConfigError> {
        toml::from_str(text).map_err(|e| ConfigError::Parse {
            path: path.to_owned(),
            message: e.to_string().trim_end().to_owned(),
        })
    }

    /// The `EXEMPLAR_*` variables: TARGET, JOBS, TIMEOUT, RETRIES, MAX_BODY, MATCH,
    /// ALLOW_MUTATIONS, and `EXEMPLAR_PARAM_<name>` for placeholder values.
    pub fn from_env(env: &Env) -> Result<Layer, ConfigError> {
        let get = |name: &str| {
            env.get(&format!("EXEMPLAR_{name}"))
                .filter(|v| !v.is_empty())
        };
        let parse = |name: &str| -> Result<Option<String>, ConfigError> { Ok(get(name).cloned()) };
        let number = |name: &str| -> Result<Option<f64>, ConfigError> {
            get(name)
                .map(|v| {
                    v.parse::<f64>()
                        .map_err(|_| bad(&format!("EXEMPLAR_{name}"), v, "a number"))
                })
                .transpose()
        };
        let params = env
            .iter()
            .filter_map(|(k, v)| {
                k.strip_prefix("EXEMPLAR_PARAM_")
                    .map(|p| (p.to_owned(), v.clone()))
            })
            .collect();
        Ok(Layer {
            target: parse("TARGET")?,
            jobs: whole(env, "JOBS")?,
            timeout: number("TIMEOUT")?,
            retries: whole(env, "RETRIES")?,
            max_body: whole(env, "MAX_BODY")?,
            match_mode: get("MATCH")
                .map(|v| {
                    v.parse().map_err(|m| ConfigError::Value {
                        key: "EXEMPLAR_MATCH".into(),
                        message: m,
                    })
                })
                .transpose()?,
            allow_mutations: get("ALLOW_MUTATIONS")
                .map(|v| matches!(v.as_str(), "1" | "true" | "yes")),
            snapshot_dir: parse("SNAPSHOT_DIR")?,
            update_snapshots: env.get("INSTA_UPDATE").filter(|v| !v.is_empty()).cloned(),
            params,
            ..Layer::default()
        })
    }
}

/// `EXEMPLAR_<name>` as a whole number, if set.
fn whole<T: std::str::FromStr>(env: &Env, name: &str) -> Result<Option<T>, ConfigError> {
    let key = format!("EXEMPLAR_{name}");
    env.get(&key)
        .filter(|v| !v.is_empty())
        .map(|v| v.parse().map_err(|_| bad(&key, v, "a whole number")))
        .transpose()
}

fn bad(key: &str, value: &str, wanted: &str) -> ConfigError {
    ConfigError::Value {
        key: key.to_owned(),
        message: format!("`{value}` is not {wanted}"),
    }
}

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
}

impl Settings {
    /// Folds `layers` (lowest first) over the defaults; `env` expands `${VAR}` in header values.
    pub fn resolve(layers: &[Layer], env: &Env) -> Result<Settings, ConfigError> {
        let last = |f: &dyn Fn(&Layer) -> Option<String>| layers.iter().rev().find_map(f);
        let target = last(&|l| l.target.clone())
            .map(|t| parse_target(&t))
            .transpose()?;
        let jobs = layers.iter().rev().find_map(|l| l.jobs).unwrap_or(4);
        if !(1..=MAX_JOBS).contains(&jobs) {
            return Err(bad(
                "jobs",
                &jobs.to_string(),
                &format!("a number from 1 to {MAX_JOBS}"),
            ));
        }
        let timeout = layers.iter().rev().find_map(|l| l.timeout).unwrap_or(30.0);
        let timeout = Some(timeout)
            .filter(|t| *t > 0.0 && *t <= MAX_TIMEOUT_SECS)
            .and_then(|t| Duration::try_from_secs_f64(t).ok())
            .ok_or_else(|| {
                bad(
                    "timeout",
                    &timeout.to_string(),
                    &format!("a number of seconds above 0 and at most {MAX_TIMEOUT_SECS}"),
                )
            })?;
        let retries = layers.iter().rev().find_map(|l| l.retries).unwrap_or(2);
        if retries > MAX_RETRIES {
            return Err(bad(
                "retries",
                &retries.to_string(),
                &format!("at most {MAX_RETRIES}"),
            ));
        }
        let mut rules = Rules {
            defaults: layers
                .iter()
                .rev()
                .find_map(|l| l.default_rules)
                .unwrap_or(true),
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
        let mut params = Params::default();
        let mut headers: Vec<(String, HeaderValue)> = Vec::new();
        for layer in layers {
            params.global.extend(layer.params.clone());
            for (glob, values) in &layer.file_params {
                params
                    .add_file_glob(glob, values.clone())
                    .map_err(|message| ConfigError::Value {
                        key: format!("file_params.{glob}"),
                        message,
                    })?;
            }
            for (name, values) in &layer.example_params {
                params
                    .examples
                    .entry(name.clone())
                    .or_default()
                    .extend(values.clone());
            }
            for (name, value) in &layer.headers {
                let value = expand(value, env).map_err(|message| ConfigError::Value {
                    key: format!("headers.{name}"),
                    message,
                })?;
                headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
                headers.push((name.clone(), value));
            }
        }
        let mode = layers
            .iter()
            .rev()
            .find_map(|l| l.update_snapshots.as_deref())
            .map(|m| {
                m.parse::<UpdateMode>()
                    .map_err(|message| ConfigError::Value {
                        key: "update_snapshots (INSTA_UPDATE)".into(),
                        message,
                    })
            })
            .transpose()?
            .unwrap_or_default();
        let ci = env
            .get("CI")
            .is_some_and(|v| !v.is_empty() && v != "0" && !v.eq_ignore_ascii_case("false"));
        let snapshots = layers
            .iter()
            .rev()
            .find_map(|l| l.snapshot_dir.as_ref())
            .map(|dir| Store {
                dir: dir.into(),
                mode,
                ci,
            });
        Ok(Settings {
            snapshots,
            target,
            jobs,
            timeout,
            retries,
            max_body: layers
                .iter()
                .rev()
                .find_map(|l| l.max_body)
                .unwrap_or(10 * 1024 * 1024),
            match_mode: layers
                .iter()
                .rev()
                .find_map(|l| l.match_mode)
                .unwrap_or_default(),
            allow_mutations: layers
                .iter()
                .rev()
                .find_map(|l| l.allow_mutations)
                .unwrap_or(false),
            rules,
            params,
            headers,
        })
    }
}

fn parse_target(text: &str) -> Result<reqwest::Url, ConfigError> {
    let url = reqwest::Url::parse(text).map_err(|e| ConfigError::Value {
        key: "target".into(),
        message: format!("`{text}` is not a URL: {e}"),
    })?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(bad("target", text, "an http:// or https:// URL"));
    }
    Ok(url)
}

/// Expands `${VAR}` from `env`; a value that used any variable is a secret.
pub fn expand(value: &str, env: &Env) -> Result<HeaderValue, String> {
    let mut out = String::new();
    let mut rest = value;
    let mut secret = false;
    while let Some(start) = rest.find("${") {
        let end = rest[start..]
            .find('}')
            .ok_or_else(|| format!("`${{` in `{value}` is never closed"))?
            + start;
        let name = &rest[start + 2..end];
        let found = env
            .get(name)
            .ok_or_else(|| format!("environment variable `{name}` is not set"))?;
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

    fn env(pairs: &[(&str, &str)]) -> Env {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn later_layers_win_and_defaults_fill_the_rest() {
        let file = Layer::from_toml(
            "exemplar.toml",
            "target = \"http://file\"\njobs = 3\n[params]\nid = \"file\"\nother = \"kept\"",
        )
        .unwrap();
        let from_env = Layer::from_env(&env(&[
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
        let err = Layer::from_env(&env(&[("EXEMPLAR_TIMEOUT", "soon")]))
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("EXEMPLAR_TIMEOUT"), "{err}");
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
        let settings =
            Settings::resolve(std::slice::from_ref(&layer), &env(&[("TOKEN", "s3cret")])).unwrap();
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
