//! Which examples a run (and `list`) takes: `--name GLOB`, `--tag TAG`, `--api-version` and
//! `--method`. An example a filter leaves out is not reported at all (gating by scopes or by
//! `apiVersions` is another matter: those examples are reported, as skipped). Pure.

use exemplar_core::model::Example;
use exemplar_core::plan::api_version;
use globset::{Glob, GlobMatcher};

/// The selection filters; an example is taken when it passes every filter given (within one
/// filter, any of its values suffices).
#[derive(Debug, Clone, Default)]
pub struct Filters {
    names: Vec<(String, GlobMatcher)>,
    tags: Vec<String>,
    api_versions: Vec<String>,
    methods: Vec<String>,
}

/// A filter that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("--name `{pattern}`: {message}")]
pub struct FilterError {
    /// The glob as given.
    pub pattern: String,
    /// What is wrong with it.
    pub message: String,
}

impl Filters {
    /// Filters from the flags' values: name globs (`get_*`), tags, API versions (`v1.0`,
    /// `beta`) and methods, each compared without regard to case but the names.
    pub fn new(
        names: &[String],
        tags: &[String],
        api_versions: &[String],
        methods: &[String],
    ) -> Result<Filters, FilterError> {
        let names = names
            .iter()
            .map(|pattern| {
                let glob = Glob::new(pattern).map_err(|e| FilterError {
                    pattern: pattern.clone(),
                    message: e.kind().to_string(),
                })?;
                Ok((pattern.clone(), glob.compile_matcher()))
            })
            .collect::<Result<_, FilterError>>()?;
        let lower = |v: &[String]| v.iter().map(|s| s.trim().to_ascii_lowercase()).collect();
        Ok(Filters {
            names,
            tags: lower(tags),
            api_versions: lower(api_versions),
            methods: lower(methods),
        })
    }

    /// No filter given: every example is taken.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
            && self.tags.is_empty()
            && self.api_versions.is_empty()
            && self.methods.is_empty()
    }

    /// Whether `example` passes every filter.
    pub fn keeps(&self, example: &Example) -> bool {
        let names = &example.annotation.names;
        (self.names.is_empty()
            || self
                .names
                .iter()
                .any(|(_, g)| names.iter().any(|n| g.is_match(n))))
            && (self.tags.is_empty() || {
                let tags = exemplar_core::plan::annotation_list(example, "tags");
                (self.tags.iter()).any(|t| tags.iter().any(|g| g.eq_ignore_ascii_case(t)))
            })
            && (self.api_versions.is_empty()
                || (example.version.as_deref())
                    .or_else(|| api_version(&example.request.path))
                    .is_some_and(|v| self.api_versions.contains(&v.to_ascii_lowercase())))
            && (self.methods.is_empty()
                || self
                    .methods
                    .contains(&example.request.method.to_ascii_lowercase()))
    }

    /// The filters as flags, for messages: `--name 'get_*' --tag mail`.
    pub fn describe(&self) -> String {
        let names = self.names.iter().map(|(p, _)| ("--name", p));
        let rest = [
            ("--tag", &self.tags),
            ("--api-version", &self.api_versions),
            ("--method", &self.methods),
        ];
        let rest = rest
            .into_iter()
            .flat_map(|(flag, values)| values.iter().map(move |v| (flag, v)));
        names
            .chain(rest)
            .map(|(flag, value)| format!("{flag} {value}"))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example(annotation: &str, request: &str) -> Example {
        let page = format!(
            "<!-- {annotation} -->\n```http\n{request}\n```\n\n<!-- {{ \"blockType\": \"response\" }} -->\n```http\nHTTP/1.1 204 No Content\n```\n"
        );
        exemplar_core::extract("p.md", &page).examples.remove(0)
    }

    fn filters(names: &[&str], tags: &[&str], versions: &[&str], methods: &[&str]) -> Filters {
        let own = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        Filters::new(&own(names), &own(tags), &own(versions), &own(methods)).unwrap()
    }

    #[test]
    fn every_filter_given_must_pass_and_any_value_of_one_suffices() {
        let e = example(
            r#"{ "blockType": "request", "name": "get_user", "tags": "users Directory" }"#,
            "GET https://graph.microsoft.com/v1.0/users/1",
        );
        assert!(filters(&[], &[], &[], &[]).keeps(&e));
        assert!(filters(&["get_*", "nope"], &[], &[], &[]).keeps(&e));
        assert!(!filters(&["list_*"], &[], &[], &[]).keeps(&e));
        assert!(filters(&[], &["directory"], &[], &[]).keeps(&e));
        assert!(!filters(&[], &["mail"], &[], &[]).keeps(&e));
        assert!(filters(&[], &[], &["V1.0"], &["get"]).keeps(&e));
        assert!(!filters(&[], &[], &["beta"], &[]).keeps(&e));
        assert!(!filters(&["get_*"], &[], &[], &["POST"]).keeps(&e));
    }

    #[test]
    fn the_api_version_is_the_first_segment_when_it_looks_like_one() {
        assert_eq!(api_version("/v1.0/me"), Some("v1.0"));
        assert_eq!(api_version("/beta/me"), Some("beta"));
        assert_eq!(api_version("/me"), None);
        assert_eq!(api_version("/views/1"), None);
    }

    #[test]
    fn filters_are_described_as_their_flags_and_bad_globs_refused() {
        let f = filters(&["get_*"], &["mail"], &["beta"], &["GET"]);
        assert_eq!(
            f.describe(),
            "--name get_* --tag mail --api-version beta --method get"
        );
        let own = vec!["a[".to_owned()];
        let err = Filters::new(&own, &[], &[], &[]).unwrap_err();
        assert!(err.to_string().starts_with("--name `a[`"), "{err}");
    }
}
