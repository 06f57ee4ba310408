//! The keys of `exemplar.toml`: what each takes, its flag and variable, what it means; and the
//! check of a file against them, which says a wrong key or value in plain words with its line.

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::auth::AUTH_KEYS;
use super::error::ConfigError;
use super::value::{self, Kind};

/// One key of `exemplar.toml`.
#[derive(Debug, Clone, Copy)]
pub struct Key {
    /// The name in the file.
    pub name: &'static str,
    /// The kind of value it takes.
    pub kind: Kind,
    /// The value when no layer sets one, in words.
    pub default: Option<&'static str>,
    /// The flag of `exemplar run` that sets the same, with its value's name.
    pub flag: Option<&'static str>,
    /// The environment variable that sets the same.
    pub env: Option<&'static str>,
    /// What it means, one sentence.
    pub meaning: &'static str,
}

/// Every key of `exemplar.toml`, in the order `exemplar help config` lists them.
#[rustfmt::skip]
pub const KEYS: &[Key] = &[
    key("target", Kind::Url, Some("the built-in mock of the docs"), Some("--target URL"), Some("EXEMPLAR_TARGET"),
        "Base URL of the server to replay against."),
    key("jobs", value::JOBS, Some("4"), Some("--jobs N"), Some("EXEMPLAR_JOBS"),
        "Doc files replayed at once; one file's examples always run in order."),
    key("timeout", Kind::Seconds, Some("30"), Some("--timeout SECONDS"), Some("EXEMPLAR_TIMEOUT"),
        "Seconds to wait for each answer."),
    key("retries", value::RETRIES, Some("2"), Some("--retries N"), Some("EXEMPLAR_RETRIES"),
        "Retries after a connection error, 429 or 503."),
    key("rate", Kind::Text, Some("no cap"), Some("--rate N/s"), Some("EXEMPLAR_RATE"),
        "Requests per second to each target origin, all jobs together (`10/s`, `600/min`)."),
    key("max_retry_after", Kind::Seconds, Some("60"), Some("--max-retry-after SECONDS"), Some("EXEMPLAR_MAX_RETRY_AFTER"),
        "The longest `Retry-After` waited for; a longer one fails the example with the reason."),
    key("max_body", value::BYTES, Some("10485760"), Some("--max-body BYTES"), Some("EXEMPLAR_MAX_BODY"),
        "Largest response body read, in bytes."),
    key("match", value::MATCH, Some("exact"), Some("--match MODE"), Some("EXEMPLAR_MATCH"),
        "`exact`: documented values are equal; `shape`: only keys and JSON types; `schema`: types."),
    key("allow_mutations", Kind::Switch, Some("false"), Some("--allow-mutations"), Some("EXEMPLAR_ALLOW_MUTATIONS"),
        "Send POST, PUT, PATCH and DELETE to a target that is not on this machine."),
    key("default_rules", Kind::Switch, Some("true"), Some("--no-default-rules (sets false)"), None,
        "Apply the built-in rules for generated values (GUIDs, date-times, etags, paging links)."),
    key("ignore", Kind::Texts, None, Some("--ignore SELECTOR"), None,
        "Selectors whose values are ignored (`.id`) or held to a shape (`.id=guid`); added up."),
    key("snapshot_dir", Kind::Text, None, Some("--snapshot-dir DIR"), Some("EXEMPLAR_SNAPSHOT_DIR"),
        "Check answers against snapshots kept in this folder (relative to the file's folder)."),
    key("update_snapshots", UPDATE, Some("auto"), Some("--update-snapshots (sets always)"), Some("INSTA_UPDATE"),
        "When snapshots are written."),
    key("params", Kind::Table, None, Some("--param NAME=VALUE"), Some("EXEMPLAR_PARAM_<name>"),
        "Placeholder values for every example, such as `id = \"42\"`."),
    key("file_params", Kind::Tables, None, None, None,
        "Placeholder values for the doc files a glob matches: `[file_params.\"v1.0/api/*.md\"]`."),
    key("example_params", Kind::Tables, None, None, None,
        "Placeholder values for one example, by name: `[example_params.get_user]`."),
    key("headers", Kind::Table, None, Some("--header 'NAME: VALUE'"), None,
        "Headers sent with every request; `${VAR}` takes a value from the environment, never shown."),
    key("metadata", Kind::Texts, None, Some("--metadata VERSION=FILE|URL"), None,
        "The service's types (CSDL) per API version: `[\"v1.0=schema/v1.0.csdl.xml\"]`; added up."),
    key("scenario", Kind::Scenarios, None, None, None,
        "Named steps across pages: `name`, `setup`, `run`, `teardown` (see README, Scenarios)."),
    key("scopes", Kind::Texts, Some("those the token names"), Some("--scopes A,B"), Some("EXEMPLAR_SCOPES"),
        "Scopes and roles granted: an example whose `scopes` annotation names none of them is skipped."),
    key("follow_operations", Kind::Switch, Some("false"), Some("--follow-operations"), Some("EXEMPLAR_FOLLOW_OPERATIONS"),
        "After `202 Accepted` with Location or Operation-Location, poll it until the operation ends."),
    key("operation_timeout", Kind::Seconds, Some("60"), Some("--operation-timeout SECONDS"), Some("EXEMPLAR_OPERATION_TIMEOUT"),
        "Seconds a followed operation may take before it counts as failed."),
    key("ca_cert", Kind::Text, None, Some("--ca-cert FILE"), Some("EXEMPLAR_CA_CERT"),
        "A PEM file of CA certificates trusted besides the built-in roots (a private deployment)."),
    key("proxy", Kind::Url, Some("HTTPS_PROXY, HTTP_PROXY, ALL_PROXY"), Some("--proxy URL"), Some("EXEMPLAR_PROXY"),
        "The proxy requests to a target not on this machine go through."),
    key("auth", Kind::Table, None, None, None,
        "How to sign in to the target: `[auth]` with the keys below; never used with the built-in mock."),
    key("lint", Kind::Section, None, None, None,
        "What API Doctor's `config/` files say, for docs without them: `[lint]` with the keys below."),
    key("partition_total", value::PARTITIONS, None, Some("--partition-total N"), Some("EXEMPLAR_PARTITION_TOTAL"),
        "Shards `--partition auto` splits into where the CI gives only the job index (Kubernetes)."),
];

const UPDATE: Kind = Kind::OneOf(&["auto", "always", "new", "unseen", "no"]);

/// One row of a key table (this one, and `[auth]`'s in `auth/keys.rs`).
pub(crate) const fn key(
    name: &'static str,
    kind: Kind,
    default: Option<&'static str>,
    flag: Option<&'static str>,
    env: Option<&'static str>,
    meaning: &'static str,
) -> Key {
    Key {
        name,
        kind,
        default,
        flag,
        env,
        meaning,
    }
}

/// Checks `text`, an `exemplar.toml`, against [`KEYS`]: its syntax, that every key is known and
/// every value of the kind its key takes.
pub(super) fn check(path: &str, text: &str) -> Result<(), ConfigError> {
    let doc = DeTable::parse(text).map_err(|e| {
        let (line, column) = line_and_column(text, e.span().map_or(0, |s| s.start));
        ConfigError::Syntax {
            path: path.to_owned(),
            line,
            column,
            message: e.message().trim_end().to_owned(),
        }
    })?;
    // Every key is checked, so that one run names every mistake, in file order.
    let mut wrong = Vec::new();
    for (name, value) in in_file_order(doc.get_ref()) {
        let Some(known) = KEYS.iter().find(|k| k.name == name.get_ref()) else {
            let message = unknown(KEYS, name.get_ref());
            wrong.push(at(path, text, name.span().start, name.get_ref(), message));
            continue;
        };
        let checked = match value.get_ref() {
            DeValue::Table(entries) if known.name == "auth" => check_auth(entries),
            DeValue::Table(entries) if known.name == "lint" => super::lint::check(entries),
            _ => check_value(known.kind, known.name.to_owned(), value),
        };
        if let Err((start, key, message)) = checked {
            wrong.push(at(path, text, start, &key, message));
        }
    }
    super::error::all(wrong, |n| format!("{path}: {n} keys are wrong"))
}

use super::scenario::Wrong;

/// The keys of `[auth]`, each known and of its kind.
fn check_auth(entries: &DeTable<'_>) -> Result<(), Wrong> {
    in_file_order(entries)
        .into_iter()
        .try_for_each(|(name, value)| {
            let full = format!("auth.{}", segment(name.get_ref()));
            match AUTH_KEYS.iter().find(|k| k.name == full) {
                Some(known) => check_value(known.kind, full, value),
                None => Err((name.span().start, full.clone(), unknown(AUTH_KEYS, &full))),
            }
        })
}

pub(super) fn check_value(
    kind: Kind,
    key: String,
    value: &Spanned<DeValue<'_>>,
) -> Result<(), Wrong> {
    let wrong =
        |key: String, kind: Kind| (value.span().start, key, expected(kind, value.get_ref()));
    match (kind, value.get_ref()) {
        (Kind::Whole { .. }, DeValue::Integer(n)) => u64::from_str_radix(n.as_str(), n.radix())
            .ok()
            .filter(|n| value::check_whole(*n, kind).is_ok())
            .map(drop)
            .ok_or_else(|| wrong(key, kind)),
        (Kind::Seconds, DeValue::Integer(_) | DeValue::Float(_)) => {
            let secs = number(value.get_ref()).unwrap_or(f64::NAN);
            value::check_seconds(secs).map_err(|_| wrong(key, kind))
        }
        (Kind::Switch, DeValue::Boolean(_)) | (Kind::Text, DeValue::String(_)) => Ok(()),
        (Kind::Url, DeValue::String(s)) => value::target(s)
            .map(drop)
            .map_err(|e| (value.span().start, key, e.found(&found(value.get_ref())))),
        (Kind::OneOf(words), DeValue::String(s)) if words.contains(&s.as_ref()) => Ok(()),
        (Kind::Texts, DeValue::Array(items)) => items
            .iter()
            .enumerate()
            .try_for_each(|(i, item)| check_value(Kind::Text, format!("{key}[{i}]"), item)),
        (Kind::Table | Kind::Tables, DeValue::Table(entries)) => {
            let inner = if kind == Kind::Tables {
                Kind::Table
            } else {
                Kind::Text
            };
            in_file_order(entries)
                .into_iter()
                .try_for_each(|(name, item)| {
                    check_value(inner, format!("{key}.{}", segment(name.get_ref())), item)
                })
        }
        (Kind::Scenarios, _) => super::scenario::check(value),
        _ => Err(wrong(key, kind)),
    }
}

/// A table's entries in the order the file has them, so the first fault named is the first met.
pub(super) fn in_file_order<'a, 'i>(
    table: &'a DeTable<'i>,
) -> Vec<(
    &'a Spanned<std::borrow::Cow<'i, str>>,
    &'a Spanned<DeValue<'i>>,
)> {
    let mut entries: Vec<_> = table.iter().collect();
    entries.sort_by_key(|(name, _)| name.span().start);
    entries
}

/// A key as TOML writes it in a dotted path: bare when it can be, else quoted.
pub(super) fn segment(name: &str) -> String {
    let bare = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if bare {
        name.to_owned()
    } else {
        format!("{name:?}")
    }
}

/// "expected …, found …", with a fix when the value only has quotes too many or too few.
fn expected(kind: Kind, value: &DeValue<'_>) -> String {
    let hint = match (kind, value) {
        (
            Kind::Text | Kind::OneOf(_),
            DeValue::Integer(_) | DeValue::Float(_) | DeValue::Boolean(_),
        ) => Some(format!("\"{}\"", raw(value))),
        (Kind::Whole { .. } | Kind::Seconds | Kind::Switch, DeValue::String(s))
            if unquoted(kind, s) =>
        {
            Some(s.trim().to_owned())
        }
        _ => None,
    };
    let hint = hint.map(|h| format!(": write `{h}`")).unwrap_or_default();
    format!("expected {kind}, found {}{hint}", found(value))
}

/// Whether a string would be right without its quotes.
fn unquoted(kind: Kind, text: &str) -> bool {
    let text = text.trim();
    match kind {
        Kind::Whole { .. } => text
            .parse::<u64>()
            .is_ok_and(|n| value::check_whole(n, kind).is_ok()),
        Kind::Seconds => value::seconds(text).is_ok(),
        Kind::Switch => matches!(text, "true" | "false"),
        _ => false,
    }
}

/// A value as the messages name it: `the string "four"`, `the number 4.5`, `a table`.
fn found(value: &DeValue<'_>) -> String {
    match value {
        DeValue::String(s) => format!("the string {s:?}"),
        DeValue::Integer(_) | DeValue::Float(_) => format!("the number {}", raw(value)),
        DeValue::Boolean(b) => format!("{b}"),
        DeValue::Datetime(d) => format!("the date-time {d}"),
        DeValue::Array(_) => "a list".to_owned(),
        DeValue::Table(_) => "a table".to_owned(),
    }
}

fn raw(value: &DeValue<'_>) -> String {
    match value {
        DeValue::Integer(n) if n.radix() == 10 => n.as_str().to_owned(),
        DeValue::Integer(n) => format!("{n}"),
        DeValue::Float(f) => f.as_str().to_owned(),
        DeValue::Boolean(b) => b.to_string(),
        _ => String::new(),
    }
}

fn number(value: &DeValue<'_>) -> Option<f64> {
    match value {
        DeValue::Integer(n) => i64::from_str_radix(n.as_str(), n.radix())
            .ok()
            .map(|n| n as f64),
        DeValue::Float(f) => f.as_str().replace('_', "").parse().ok(),
        _ => None,
    }
}

/// An unknown key: the closest known one, else the list of them.
pub(super) fn unknown(keys: &[Key], name: &str) -> String {
    let closest = keys
        .iter()
        .map(|k| (distance(name, k.name), k.name))
        .min()
        .filter(|(d, k)| *d <= 2.max(k.len() / 4));
    match closest {
        Some((_, k)) => format!("unknown key: did you mean `{k}`?"),
        None => {
            let names: Vec<_> = keys.iter().map(|k| k.name).collect();
            format!(
                "unknown key: the keys are {} (see `exemplar help config`)",
                names.join(", ")
            )
        }
    }
}

/// Edits (insert, delete, replace) from `a` to `b`, ignoring case and `-` for `_`.
pub(crate) fn distance(a: &str, b: &str) -> usize {
    let norm = |s: &str| -> Vec<char> {
        s.chars()
            .map(|c| {
                if c == '-' {
                    '_'
                } else {
                    c.to_ascii_lowercase()
                }
            })
            .collect()
    };
    let (a, b) = (norm(a), norm(b));
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let replaced = diagonal + usize::from(ca != cb);
            diagonal = row[j + 1];
            row[j + 1] = replaced.min(row[j] + 1).min(diagonal + 1);
        }
    }
    row[b.len()]
}

fn at(path: &str, text: &str, offset: usize, key: &str, message: String) -> ConfigError {
    ConfigError::Key {
        path: path.to_owned(),
        line: line_and_column(text, offset).0,
        key: key.to_owned(),
        message,
    }
}

/// The 1-based line and column (in characters) of a byte offset.
pub(super) fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (
        before.matches('\n').count() + 1,
        before[line_start..].chars().count() + 1,
    )
}

#[cfg(test)]
mod tests;
