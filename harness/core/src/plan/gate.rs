//! Gating: whether an example may run against this target with these permissions, by its
//! annotation's `scopes` (any one granted suffices, without regard to case) and `apiVersions`
//! (the target's version segment must be one of them). A gated example is reported as skipped
//! with the reason, unlike one a selection filter leaves out. Pure.

use serde_json::Value;
use url::Url;

use super::request::Skip;
use crate::model::Example;

/// `Err` with the reason when `example` must not run: it needs a scope that `granted` (when
/// known) lacks, or names `apiVersions` without the version of `target` (or of its own path).
pub fn gate(example: &Example, granted: Option<&[String]>, target: &Url) -> Result<(), Skip> {
    let needed = annotation_list(example, "scopes");
    if let Some(granted) = granted.filter(|_| !needed.is_empty()) {
        let has = |scope: &String| granted.iter().any(|g| g.eq_ignore_ascii_case(scope));
        if !needed.iter().any(has) {
            let granted = if granted.is_empty() {
                "none".to_owned()
            } else {
                granted.join(", ")
            };
            return Err(Skip::NeedsScope {
                needed: needed.join(" or "),
                granted,
            });
        }
    }
    let versions = annotation_list(example, "apiVersions");
    let actual = (target.path_segments().and_then(|mut s| s.find_map(version)))
        .or_else(|| api_version(&example.request.path));
    if let Some(actual) = actual.filter(|_| !versions.is_empty())
        && !versions.iter().any(|v| v.eq_ignore_ascii_case(actual))
    {
        return Err(Skip::ApiVersion {
            documented: versions.join(" or "),
            target: actual.to_owned(),
        });
    }
    Ok(())
}

/// The API version a documented path starts with: `v1.0` for `/v1.0/me`, `beta` for
/// `/beta/me`; none for a path without one (`/me`).
pub fn api_version(path: &str) -> Option<&str> {
    version(path.trim_start_matches('/').split('/').next()?)
}

/// A segment that names an API version: `v1.0`, `v2`, `beta`.
fn version(segment: &str) -> Option<&str> {
    let numbered = segment
        .strip_prefix(['v', 'V'])
        .is_some_and(|n| n.starts_with(|c: char| c.is_ascii_digit()));
    (numbered || segment.eq_ignore_ascii_case("beta")).then_some(segment)
}

/// An annotation key of the request, looked up without regard to case, as a list: a string
/// (words split at spaces and commas) or a list of strings.
pub fn annotation_list(example: &Example, key: &str) -> Vec<String> {
    let raw = &example.annotation.raw;
    let value = raw.get(key).or_else(|| {
        raw.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v)
    });
    let words = |s: &str| -> Vec<String> {
        s.split([' ', ','])
            .filter(|w| !w.is_empty())
            .map(str::to_owned)
            .collect()
    };
    match value {
        Some(Value::String(s)) => words(s),
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .flat_map(words)
            .collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example(annotation: &str, url: &str) -> Example {
        let page = format!(
            "<!-- {{ \"blockType\": \"request\", \"name\": \"e\", {annotation} }} -->\n```http\nGET {url}\n```\n\n<!-- {{ \"blockType\": \"response\" }} -->\n```http\nHTTP/1.1 204 No Content\n```\n"
        );
        crate::extract("p.md", &page).examples.remove(0)
    }

    fn target(url: &str) -> Url {
        Url::parse(url).unwrap()
    }

    #[test]
    fn any_one_scope_granted_suffices_without_regard_to_case() {
        let e = example(
            r#""scopes": ["Files.Read", "Sites.Read.All"]"#,
            "/v1.0/me/drive",
        );
        let t = target("https://graph.test/");
        assert_eq!(gate(&e, Some(&["files.read".into()]), &t), Ok(()));
        assert_eq!(gate(&e, None, &t), Ok(()));
        let skip = gate(&e, Some(&["User.Read".into(), "Mail.Read".into()]), &t).unwrap_err();
        assert_eq!(
            skip.to_string(),
            "needs scope Files.Read or Sites.Read.All (granted: User.Read, Mail.Read)"
        );
        assert_eq!(
            gate(&e, Some(&[]), &t).unwrap_err().to_string(),
            "needs scope Files.Read or Sites.Read.All (granted: none)"
        );
    }

    #[test]
    fn api_versions_gate_by_the_targets_version_segment_then_the_documented_one() {
        let e = example(r#""apiVersions": "beta""#, "/me");
        assert_eq!(gate(&e, None, &target("https://graph.test/beta")), Ok(()));
        let skip = gate(&e, None, &target("https://graph.test/v1.0/")).unwrap_err();
        assert_eq!(
            skip.to_string(),
            "documented for api version beta, not v1.0"
        );
        let documented = example(r#""apiVersions": ["v1.0"]"#, "/beta/me");
        assert!(gate(&documented, None, &target("https://graph.test/")).is_err());
        assert_eq!(gate(&e, None, &target("https://graph.test/")), Ok(()));
    }
}
