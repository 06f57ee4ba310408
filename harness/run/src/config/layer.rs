//! The layers of settings below the flags: `exemplar.toml` and the `EXEMPLAR_*` environment.
//!
//! A [`Layer`] holds optional values; `None` leaves the value of the layers below. Reading a
//! layer checks what it can alone (types, numbers); the settings check ranges once folded.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::error::{ConfigError, all, bad};
use super::{keys, value};
use exemplar_core::compare::MatchMode;

/// The process environment (or a test's stand-in for it).
pub type Env = BTreeMap<String, String>;

/// An [`Env`] of `pairs`, for unit tests.
#[cfg(test)]
pub(crate) fn env_of(pairs: &[(&str, &str)]) -> Env {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// The error `text`, read as exemplar.toml, gives, for unit tests.
#[cfg(test)]
pub(crate) fn file_error(text: &str) -> String {
    Layer::from_toml("exemplar.toml", text)
        .unwrap_err()
        .to_string()
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
    /// Requests per second to the target, across every job: `10/s`, `600/min`.
    pub rate: Option<String>,
    /// The longest `Retry-After` waited for, in seconds; a longer one fails the example.
    pub max_retry_after: Option<f64>,
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
    /// The service's types: `[VERSION=]FILE|URL` of a CSDL, one per API version; added up.
    #[serde(default)]
    pub metadata: Vec<String>,
    /// `[[scenario]]` tables: named sequences of examples across pages (file only).
    #[serde(default)]
    pub scenario: Vec<super::Scenario>,
    /// The scopes and roles granted, instead of those the token names.
    pub scopes: Option<Vec<String>>,
    /// Poll the operation a `202 Accepted` names until it ends.
    pub follow_operations: Option<bool>,
    /// Seconds an operation may take when followed.
    pub operation_timeout: Option<f64>,
    /// A PEM file of CA certificates to trust besides the built-in roots.
    pub ca_cert: Option<String>,
    /// The proxy requests to the target go through (instead of `HTTPS_PROXY` and the like).
    pub proxy: Option<String>,
    /// What API Doctor's `config/` files say, for docs without them: `[lint]`.
    #[serde(default)]
    pub lint: Option<super::LintLayer>,
    /// How to sign in: `[auth]`.
    #[serde(default)]
    pub auth: super::AuthLayer,
    /// How many shards `--partition auto` splits into, for a CI that gives only the job index.
    pub partition_total: Option<u32>,
}

impl Layer {
    /// Reads an `exemplar.toml`; a syntax error, an unknown key or a value of the wrong kind is
    /// an error naming the line and the key, in plain words.
    pub fn from_toml(path: &str, text: &str) -> Result<Layer, ConfigError> {
        keys::check(path, text)?;
        // What the check lets through deserializes; this only guards the two from drifting.
        let mut layer: Layer = toml::from_str(text).map_err(|e| ConfigError::Parse {
            path: path.to_owned(),
            message: e.message().trim_end().to_owned(),
        })?;
        super::scenario::locate(&mut layer.scenario, path, text);
        Ok(layer)
    }

    /// The `EXEMPLAR_*` variables: TARGET, JOBS, TIMEOUT, RETRIES, MAX_BODY, RATE,
    /// MAX_RETRY_AFTER, MATCH,
    /// ALLOW_MUTATIONS, SNAPSHOT_DIR, SCOPES, FOLLOW_OPERATIONS, OPERATION_TIMEOUT, CA_CERT,
    /// PROXY, `EXEMPLAR_AUTH_*`, `EXEMPLAR_PARAM_<name>` for placeholder values, and
    /// `INSTA_UPDATE`. Each is checked as its flag is.
    pub fn from_env(env: &Env) -> Result<Layer, ConfigError> {
        let text = |name: &str| var(env, name).map(|(_, v)| v.to_owned());
        let params = env
            .iter()
            .filter_map(|(k, v)| {
                k.strip_prefix("EXEMPLAR_PARAM_")
                    .map(|p| (p.to_owned(), v.clone()))
            })
            .collect();
        // Every variable is read, so that one run names every mistake.
        let mut wrong = Vec::new();
        let layer = Layer {
            target: read(env, "TARGET", value::target, &mut wrong).and(text("TARGET")),
            jobs: read(env, "JOBS", value::jobs, &mut wrong),
            timeout: read(env, "TIMEOUT", value::seconds, &mut wrong),
            retries: read(env, "RETRIES", value::retries, &mut wrong),
            max_body: read(env, "MAX_BODY", value::bytes, &mut wrong),
            rate: read(env, "RATE", super::pace::rate, &mut wrong).and(text("RATE")),
            max_retry_after: read(env, "MAX_RETRY_AFTER", value::seconds, &mut wrong),
            match_mode: read(env, "MATCH", value::match_mode, &mut wrong),
            allow_mutations: read(env, "ALLOW_MUTATIONS", value::switch, &mut wrong),
            snapshot_dir: text("SNAPSHOT_DIR"),
            update_snapshots: env.get("INSTA_UPDATE").filter(|v| !v.is_empty()).cloned(),
            partition_total: read(env, "PARTITION_TOTAL", value::partition_total, &mut wrong),
            params,
            scopes: text("SCOPES").map(|v| value::scopes(&v)),
            follow_operations: read(env, "FOLLOW_OPERATIONS", value::switch, &mut wrong),
            operation_timeout: read(env, "OPERATION_TIMEOUT", value::seconds, &mut wrong),
            ca_cert: text("CA_CERT"),
            proxy: read(env, "PROXY", value::target, &mut wrong).and(text("PROXY")),
            auth: super::AuthLayer::from_env(env),
            ..Layer::default()
        };
        all(wrong, |n| format!("{n} EXEMPLAR_* variables are wrong"))?;
        Ok(layer)
    }
}

/// `EXEMPLAR_<name>` and its value, if set and not empty.
fn var<'a>(env: &'a Env, name: &str) -> Option<(String, &'a str)> {
    let key = format!("EXEMPLAR_{name}");
    let value = env.get(&key).filter(|v| !v.is_empty())?;
    Some((key, value))
}

/// `EXEMPLAR_<name>` read by `parse`, the parser of its flag, if set; a value `parse` refuses
/// is added to `wrong`.
fn read<T>(
    env: &Env,
    name: &str,
    parse: fn(&str) -> Result<T, value::Invalid>,
    wrong: &mut Vec<ConfigError>,
) -> Option<T> {
    let (key, v) = var(env, name)?;
    parse(v)
        .map_err(|e| wrong.push(bad(&key, &e, &format!("{v:?}"))))
        .ok()
}
