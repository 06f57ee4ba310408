//! What a snapshot holds and where it lives: pure functions, no file is touched here.
//!
//! A snapshot's place depends only on the page's path relative to the project root (its key)
//! and the example, never on how the docs were named on the command line.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use exemplar_core::compare::{NEVER_COMPARED, Observed, ObservedBody, Rules, generated};
use exemplar_core::model::Example;
use exemplar_core::secret::{Redactor, is_sensitive};

/// When snapshots are written, as insta's `INSTA_UPDATE`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum UpdateMode {
    /// `new` outside CI, `no` in CI.
    #[default]
    Auto,
    /// Write `.snap` for new and changed answers, and pass.
    Always,
    /// Write `.snap.new` for new and changed answers; the example fails until reviewed.
    New,
    /// Write `.snap` for new answers, `.snap.new` for changed ones.
    Unseen,
    /// Write nothing; new and changed answers fail.
    No,
}

/// An `INSTA_UPDATE` value that is none of the modes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not auto, always, new, unseen or no")]
pub struct UnknownUpdateMode(pub String);

impl std::str::FromStr for UpdateMode {
    type Err = UnknownUpdateMode;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "auto" => Ok(UpdateMode::Auto),
            "always" | "overwrite" => Ok(UpdateMode::Always),
            "new" => Ok(UpdateMode::New),
            "unseen" => Ok(UpdateMode::Unseen),
            "no" => Ok(UpdateMode::No),
            other => Err(UnknownUpdateMode(other.to_owned())),
        }
    }
}

/// What the snapshot check found, as the JSON report's `snapshot` field says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Snapshots are off, or nothing was answered to snapshot.
    #[default]
    Off,
    /// The answer matches the stored snapshot.
    Matched,
    /// No snapshot was stored yet (written as `.snap.new`, or not at all).
    New,
    /// The answer differs from the stored snapshot.
    Changed,
    /// The snapshot was written (`always`, or `unseen` for a new one).
    Written,
}

/// The key of a page: its path relative to the project root, with `/` separators and without
/// `.md`; `v1.0/api/user-get` for `<root>/v1.0/api/user-get.md`.
pub fn page_key(relative: &str) -> String {
    let relative = relative.trim_start_matches("./");
    match relative.len().checked_sub(3) {
        Some(cut) if relative[cut..].eq_ignore_ascii_case(".md") => relative[..cut].to_owned(),
        _ => relative.to_owned(),
    }
}

/// Where the snapshots of `examples` (all of one page, in order) live: `DIR/<key>/<name>.snap`.
/// An example without a name is `line-N`; a name used again in the page gets its line too, so
/// no two examples share a file.
pub fn paths(dir: &Path, key: &str, examples: &[Example]) -> Vec<PathBuf> {
    let folder = dir.join(key);
    let mut seen = std::collections::HashSet::new();
    examples
        .iter()
        .map(|example| {
            let stem = example
                .name()
                .map_or_else(|| format!("line-{}", example.line()), sanitize);
            if seen.insert(stem.clone()) {
                folder.join(format!("{stem}.snap"))
            } else {
                folder.join(format!("{stem}-line-{}.snap", example.line()))
            }
        })
        .collect()
}

/// The longest file stem kept whole, in bytes: with `-line-N`, `.snap` and `.new` a file name
/// stays well within the 255 bytes file systems allow.
const STEM_MAX: usize = 120;

/// `name` made a safe file stem: characters other than letters, digits, `-`, `_` and `.` become
/// `_`; a stem too long (or nothing but dots) is cut and given a stable hash of the whole name,
/// so two long names that start alike still differ.
fn sanitize(name: &str) -> String {
    let safe: String = name
        .chars()
        .map(|c| match c.is_alphanumeric() || "-_.".contains(c) {
            true => c,
            false => '_',
        })
        .collect();
    if safe.len() <= STEM_MAX && !safe.chars().all(|c| c == '.') {
        return safe;
    }
    let mut cut = (STEM_MAX - 17).min(safe.len());
    while !safe.is_char_boundary(cut) {
        cut -= 1;
    }
    let mut hasher = fnv::FnvHasher::default();
    std::hash::Hasher::write(&mut hasher, name.as_bytes());
    let hash = std::hash::Hasher::finish(&hasher);
    match safe.chars().all(|c| c == '.') {
        true => format!("example-{hash:016x}"),
        false => format!("{}-{hash:016x}", &safe[..cut]),
    }
}

/// The normalised answer as stored: status, kept headers, body, as pretty JSON with sorted keys,
/// with every secret `redactor` knows replaced.
pub fn content(
    example: &Example,
    observed: &Observed,
    rules: &Rules,
    redactor: &Redactor,
) -> String {
    let documented: Vec<&str> = example
        .response
        .iter()
        .flat_map(|r| r.headers.keys())
        .map(String::as_str)
        .collect();
    let kept = |name: &str| {
        (name == "content-type" || documented.contains(&name))
            && !NEVER_COMPARED.contains(&name)
            && !is_sensitive(name)
    };
    let mut headers = Map::new();
    for (name, value) in observed.headers.iter().filter(|(n, _)| kept(n)) {
        // Signed URLs (a `Location` to a download) change every time: keep the URL, not its query.
        let value = match value.split_once('?') {
            Some((url, _)) if url.contains("://") => format!("{url}?[query]"),
            _ => value.clone(),
        };
        headers.insert(
            name.clone(),
            Value::String(generated::normalize_string(Some(name), &value).into_owned()),
        );
    }
    let body = match &observed.body {
        ObservedBody::Json(value) => rules.normalize(value.clone()),
        ObservedBody::Empty => Value::Null,
        other => Value::String(other.text().into_owned()),
    };
    let snapshot =
        serde_json::json!({ "status": observed.status, "headers": headers, "body": body });
    redactor
        .scrub(&serde_json::to_string_pretty(&snapshot).unwrap_or_default())
        .into_owned()
}

/// The insta file for `content`: a YAML header naming the example (by its page key, so the
/// header too is the same however the docs were named), then the content.
pub(crate) fn file_text(key: &str, example: &Example, content: &str) -> String {
    let quote = |s: &str| serde_json::to_string(s).unwrap_or_default();
    let expression = format!("{} {}", example.request.method, example.request.url);
    format!(
        "---\nsource: {}\nexpression: {}\n---\n{content}\n",
        quote(&format!("{key}.md:{}", example.line())),
        quote(&expression)
    )
}

/// Splits an insta file into its header and its content.
pub fn split_header(text: &str) -> (&str, &str) {
    let Some(rest) = text.strip_prefix("---\n") else {
        return ("", text);
    };
    match rest.find("\n---\n") {
        Some(end) => (&rest[..end], &rest[end + 5..]),
        None => ("", text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example() -> Example {
        let page = "<!-- {\"blockType\": \"request\", \"name\": \"get me\"} -->\n```http\nGET https://graph.microsoft.com/v1.0/me/{id}\n```\n<!-- {\"blockType\": \"response\"} -->\n```http\nHTTP/1.1 200 OK\nLocation: /me\n```\n";
        exemplar_core::extract("me.md", page).examples.remove(0)
    }

    #[test]
    fn one_file_per_example_under_the_page_key() {
        assert_eq!(
            paths(Path::new("snaps"), "v1.0/api/me", &[example()]),
            [Path::new("snaps/v1.0/api/me/get_me.snap")]
        );
    }

    #[test]
    fn a_name_used_twice_in_a_page_gets_its_line() {
        let twice = [example(), example()];
        let found = paths(Path::new("s"), "me", &twice);
        assert_eq!(found[1], Path::new("s/me/get_me-line-2.snap"));
    }

    #[test]
    fn page_keys_drop_the_extension_in_any_case() {
        assert_eq!(page_key("v1.0/api/user-get.md"), "v1.0/api/user-get");
        assert_eq!(page_key("./README.MD"), "README");
        assert_eq!(page_key("x"), "x");
    }

    #[test]
    fn content_keeps_status_documented_headers_and_a_normalised_body() {
        let observed = Observed {
            json_text: None,
            status: 200,
            headers: [
                (
                    "location".into(),
                    "/me/87d349ed-44d7-43e1-9a83-5f2406dee5bd".into(),
                ),
                ("date".into(), "now".into()),
                ("x-other".into(), "1".into()),
            ]
            .into(),
            body: ObservedBody::from_bytes(br#"{"b": 1, "a": "2021-01-01T00:00:00Z"}"#.to_vec()),
        };
        let text = content(
            &example(),
            &observed,
            &Rules::default(),
            &Redactor::new(["1".repeat(8)]),
        );
        assert_eq!(
            text,
            "{\n  \"body\": {\n    \"a\": \"[datetime]\",\n    \"b\": 1\n  },\n  \"headers\": {\n    \"location\": \"/me/[guid]\"\n  },\n  \"status\": 200\n}"
        );
    }
}
