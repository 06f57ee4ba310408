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
    /// A setting has a value that cannot be used.
    #[error("{key}: {message}")]
    Value {
        /// The key, variable or flag.
        key: String,
        /// What is wrong.
        message: String,
    },
}

/// The error for `value` of `key`, which is not `wanted`.
pub(super) fn bad(key: &str, value: &str, wanted: &str) -> ConfigError {
    ConfigError::Value {
        key: key.to_owned(),
        message: format!("`{value}` is not {wanted}"),
    }
}
