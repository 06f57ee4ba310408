//! Placeholder values and the headers sent with every request, as the settings give them.

use std::collections::BTreeMap;

/// A header value, with whether it must never be shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderValue {
    /// The value.
    pub value: String,
    /// Shown as `[redacted]` everywhere.
    pub secret: bool,
}

/// Placeholder values: per example name, per file glob, and global, looked up in that order.
#[derive(Debug, Clone, Default)]
pub struct Params {
    /// For every example.
    pub global: BTreeMap<String, String>,
    /// For the doc files a glob matches.
    pub files: Vec<(globset::GlobMatcher, BTreeMap<String, String>)>,
    /// For one example, by name.
    pub examples: BTreeMap<String, BTreeMap<String, String>>,
}

impl Params {
    /// Adds values for the doc files matching `glob`.
    pub fn add_file_glob(
        &mut self,
        glob: &str,
        values: BTreeMap<String, String>,
    ) -> Result<(), globset::Error> {
        let matcher = globset::Glob::new(glob)?.compile_matcher();
        self.files.push((matcher, values));
        Ok(())
    }

    /// The value of `key` for an example of `file` named `name`.
    pub fn get(&self, file: &str, name: Option<&str>, key: &str) -> Option<&str> {
        let example = name
            .and_then(|n| self.examples.get(n))
            .and_then(|m| m.get(key));
        let by_file = || {
            self.files
                .iter()
                .rev()
                .filter(|(g, _)| g.is_match(file))
                .find_map(|(_, m)| m.get(key))
        };
        example
            .or_else(by_file)
            .or_else(|| self.global.get(key))
            .map(String::as_str)
    }
}
