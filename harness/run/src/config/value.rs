//! The kinds of value a setting takes, and reading one from text.
//!
//! A flag, an `EXEMPLAR_*` variable and a key of `exemplar.toml` that set the same thing go
//! through the same check here, so each refuses the same values in the same words. Nothing here
//! knows where the text came from; the caller names the flag, variable or key.

use exemplar_core::compare::MatchMode;

/// Doc files replayed at once by default.
pub const DEFAULT_JOBS: usize = 4;
/// Seconds to wait for one answer by default.
pub const DEFAULT_TIMEOUT_SECS: f64 = 30.0;
/// Retries by default.
pub const DEFAULT_RETRIES: u32 = 2;
/// Largest response body read by default, in bytes.
pub const DEFAULT_MAX_BODY: usize = 10 * 1024 * 1024;

/// Files replayed at once, or threads reading docs: from 1 to 1024.
pub const JOBS: Kind = Kind::Whole { min: 1, max: 1024 };
/// Retries: from 0 to 100.
pub const RETRIES: Kind = Kind::Whole { min: 0, max: 100 };
/// A size in bytes: any whole number.
pub const BYTES: Kind = Kind::Whole {
    min: 0,
    max: u64::MAX,
};
/// Seconds a followed operation may take by default.
pub const DEFAULT_OPERATION_TIMEOUT_SECS: f64 = 60.0;

/// Scopes or roles given as a list: `User.Read,Mail.Read` (commas or spaces).
pub fn scopes(text: &str) -> Vec<String> {
    text.split([',', ' '])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Longest timeout, in seconds (a day).
const MAX_TIMEOUT_SECS: f64 = 86_400.0;

/// The kind of value a setting takes; its `Display` says it in words ("a whole number from 1
/// to 1024").
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    /// A whole number from `min` to `max`.
    Whole {
        /// The smallest allowed.
        min: u64,
        /// The largest allowed.
        max: u64,
    },
    /// A number of seconds above 0 and at most a day.
    Seconds,
    /// `true` or `false`.
    Switch,
    /// An `http://` or `https://` URL.
    Url,
    /// One of these words.
    OneOf(&'static [&'static str]),
    /// Any string.
    Text,
    /// A list of strings.
    Texts,
    /// A table of strings.
    Table,
    /// A table of tables of strings.
    Tables,
    /// A table whose keys are listed on their own (`[lint]`).
    Section,
    /// `[[scenario]]` tables (`config::scenario` checks their shape).
    Scenarios,
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Kind::Whole {
                min: 0,
                max: u64::MAX,
            } => write!(f, "a whole number"),
            Kind::Whole { min, max } => write!(f, "a whole number from {min} to {max}"),
            Kind::Seconds => write!(
                f,
                "a number of seconds above 0 and at most {MAX_TIMEOUT_SECS}"
            ),
            Kind::Switch => write!(f, "true or false"),
            Kind::Url => write!(f, "an http:// or https:// URL"),
            Kind::OneOf(words) => {
                let quoted: Vec<String> = words.iter().map(|w| format!("`{w}`")).collect();
                match quoted.split_last() {
                    Some((last, [])) => write!(f, "{last}"),
                    Some((last, rest)) => write!(f, "{} or {last}", rest.join(", ")),
                    None => write!(f, "nothing"),
                }
            }
            Kind::Text => write!(f, "a string"),
            Kind::Texts => write!(f, "a list of strings"),
            Kind::Table => write!(f, "a table of strings"),
            Kind::Section => write!(f, "a table (its keys follow)"),
            Kind::Tables => write!(f, "a table of tables of strings"),
            Kind::Scenarios => write!(f, "[[scenario]] tables"),
        }
    }
}

/// A value refused: what was expected, and a fix when one is plain.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("expected {expected}{}", fix(.hint))]
pub struct Invalid {
    /// What a value of the setting must be.
    pub expected: Kind,
    /// The value to write instead, when it can be guessed.
    pub hint: Option<String>,
}

impl Invalid {
    /// The message with what was found (`the string "four"`, `"0"`) said too.
    pub fn found(&self, found: &str) -> String {
        format!(
            "expected {}, found {found}{}",
            self.expected,
            fix(&self.hint)
        )
    }
}

fn fix(hint: &Option<String>) -> String {
    hint.as_ref()
        .map(|h| format!(": write `{h}`"))
        .unwrap_or_default()
}

/// Shards of `--partition`: from 1 to 1024.
pub const PARTITIONS: Kind = Kind::Whole { min: 1, max: 1024 };

/// `--partition-total`, `EXEMPLAR_PARTITION_TOTAL`: a whole number from 1 to 1024.
pub fn partition_total(text: &str) -> Result<u32, Invalid> {
    whole(text, PARTITIONS)
}

/// `--jobs`, `EXEMPLAR_JOBS`: a whole number from 1 to 1024.
pub fn jobs(text: &str) -> Result<usize, Invalid> {
    whole(text, JOBS)
}

/// `--retries`, `EXEMPLAR_RETRIES`: a whole number from 0 to 100.
pub fn retries(text: &str) -> Result<u32, Invalid> {
    whole(text, RETRIES)
}

/// `--max-body`, `EXEMPLAR_MAX_BODY`: a whole number of bytes.
pub fn bytes(text: &str) -> Result<usize, Invalid> {
    whole(text, BYTES)
}

/// `--timeout`, `EXEMPLAR_TIMEOUT`: seconds above 0 and at most a day.
pub fn seconds(text: &str) -> Result<f64, Invalid> {
    let secs = text.trim().parse::<f64>().ok();
    secs.filter(|s| check_seconds(*s).is_ok())
        .ok_or_else(|| refused(Kind::Seconds))
}

/// `--allow-mutations`'s variable: true/false, also 1/0 and yes/no.
pub fn switch(text: &str) -> Result<bool, Invalid> {
    match text.trim().to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" => Ok(true),
        "false" | "0" | "no" => Ok(false),
        _ => Err(refused(Kind::Switch)),
    }
}

/// The match modes `--match` takes.
pub const MATCH: Kind = Kind::OneOf(&["exact", "shape", "schema"]);

/// `--match`, `EXEMPLAR_MATCH`: one of [`MATCH`].
pub fn match_mode(text: &str) -> Result<MatchMode, Invalid> {
    text.parse().map_err(|_| refused(MATCH))
}

/// `--target`, `EXEMPLAR_TARGET`, `target`: an http:// or https:// URL. A host without a
/// scheme (`127.0.0.1:8771`, `localhost:8771`) is refused with the URL it most likely means.
pub fn target(text: &str) -> Result<reqwest::Url, Invalid> {
    let url = reqwest::Url::parse(text).ok();
    if let Some(url) = url.filter(|u| matches!(u.scheme(), "http" | "https")) {
        return Ok(url);
    }
    let guess = format!("http://{}", text.trim());
    let hint = (!text.contains("://"))
        .then(|| reqwest::Url::parse(&guess).ok())
        .flatten()
        .filter(|u| u.host().is_some())
        .map(|_| guess);
    Err(Invalid {
        expected: Kind::Url,
        hint,
    })
}

/// Checks a whole number against the range of `kind`.
pub fn check_whole(n: u64, kind: Kind) -> Result<(), Invalid> {
    match kind {
        Kind::Whole { min, max } if (min..=max).contains(&n) => Ok(()),
        _ => Err(refused(kind)),
    }
}

/// Checks a number of seconds: above 0 and at most a day.
pub fn check_seconds(secs: f64) -> Result<(), Invalid> {
    if secs > 0.0 && secs <= MAX_TIMEOUT_SECS {
        Ok(())
    } else {
        Err(refused(Kind::Seconds))
    }
}

fn whole<T: TryFrom<u64>>(text: &str, kind: Kind) -> Result<T, Invalid> {
    let n = text
        .trim()
        .parse::<u64>()
        .map_err(|_| refused(kind))
        .and_then(|n| check_whole(n, kind).map(|()| n))?;
    T::try_from(n).map_err(|_| refused(kind))
}

fn refused(expected: Kind) -> Invalid {
    Invalid {
        expected,
        hint: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_host_without_a_scheme_is_refused_with_the_url_it_means() {
        for text in ["127.0.0.1:8771", "localhost:8771", "localhost"] {
            let err = target(text).unwrap_err();
            assert_eq!(err.hint.as_deref(), Some(&*format!("http://{text}")));
        }
        assert_eq!(target("ftp://x").unwrap_err().hint, None);
        assert_eq!(target("not a url").unwrap_err().hint, None);
        assert_eq!(target("http://[::1]:9").unwrap().port(), Some(9));
    }

    #[test]
    fn whole_numbers_keep_to_their_range_and_say_it() {
        assert_eq!(jobs("8"), Ok(8));
        assert_eq!(
            jobs("0").unwrap_err().to_string(),
            "expected a whole number from 1 to 1024"
        );
        assert!(jobs("-1").is_err() && jobs("four").is_err() && jobs("2.5").is_err());
        assert_eq!(retries("0"), Ok(0));
        assert_eq!(
            bytes("x").unwrap_err().to_string(),
            "expected a whole number"
        );
        assert_eq!(
            seconds("0").unwrap_err().found("\"0\""),
            "expected a number of seconds above 0 and at most 86400, found \"0\""
        );
        assert_eq!(
            match_mode("fuzzy").unwrap_err().to_string(),
            "expected `exact`, `shape` or `schema`"
        );
        assert_eq!(switch("Yes"), Ok(true));
    }
}
