//! The layers of settings below the flags: `exemplar.toml` and the `EXEMPLAR_*` environment.
//!
//! A [`Layer`] holds optional values; `None` leaves the value of the layers below. Reading a
//! layer checks what it can alone (types, numbers); the settings check ranges once folded.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::error::{ConfigError, bad};
use crate::compare::MatchMode;

/// The process environment (or a test's stand-in for it).
pub type Env = BTreeMap<String, String>;

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
                    v.parse()
                        .map_err(|m: crate::compare::UnknownMode| ConfigError::Value {
                            key: "EXEMPLAR_MATCH".into(),
                            message: m.to_string(),
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
