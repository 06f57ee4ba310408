//! The errors of configuration: a file that cannot be read or parsed, or a value that cannot be
//! used, each naming the file, key or variable at fault.

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
    /// The config file is not valid TOML.
    #[error("{path}:{line}:{column}: {message}")]
    Syntax {
        /// The file.
        path: String,
        /// The 1-based line of the fault.
        line: usize,
        /// The 1-based column of the fault.
        column: usize,
        /// What toml said.
        message: String,
    },
    /// A key of the config file is unknown or has a value of the wrong kind.
    #[error("{path}:{line}: {key}: {message}")]
    Key {
        /// The file.
        path: String,
        /// The 1-based line of the key or value.
        line: usize,
        /// The key, with its table (`params.id`).
        key: String,
        /// What is wrong, in plain words.
        message: String,
    },
    /// Several keys of the config file, or several variables, are wrong: each error on a line
    /// of its own, in order.
    #[error("{what}:\n{}", lines(wrong))]
    Several {
        /// What they are: `exemplar.toml: 3 keys are wrong`.
        what: String,
        /// One error a key or variable.
        wrong: Vec<ConfigError>,
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

fn lines(errors: &[ConfigError]) -> String {
    let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
    lines.join("\n")
}

/// None when `wrong` is empty; else its one error, or all of them under `what` (given how many).
pub(super) fn all(
    wrong: Vec<ConfigError>,
    what: impl Fn(usize) -> String,
) -> Result<(), ConfigError> {
    let mut wrong = wrong;
    match wrong.len() {
        0 => Ok(()),
        1 => Err(wrong.remove(0)),
        n => Err(ConfigError::Several {
            what: what(n),
            wrong,
        }),
    }
}

/// The error for `found`, a value of `key` refused by a check of its kind.
pub(super) fn bad(key: &str, invalid: &super::value::Invalid, found: &str) -> ConfigError {
    ConfigError::Value {
        key: key.to_owned(),
        message: invalid.found(found),
    }
}
