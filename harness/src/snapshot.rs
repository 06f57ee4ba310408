//! Snapshots of what a server answered, stored as insta `.snap` files so `cargo insta review`
//! and `cargo insta accept` work on them.
//!
//! One file per example, `DIR/<doc path without .md>/<name or line>.snap`; a new or changed
//! answer is written beside it as `.snap.new` for review. Every write is atomic (a temporary
//! file renamed into place), so two runs at once never leave a torn file.

use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::{Map, Value};

use crate::compare::{NEVER_COMPARED, Observed, Rules, generated};
use crate::model::{DocFile, Example};
use crate::secret::{Redactor, is_sensitive};

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

impl std::str::FromStr for UpdateMode {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "auto" => Ok(UpdateMode::Auto),
            "always" | "overwrite" => Ok(UpdateMode::Always),
            "new" => Ok(UpdateMode::New),
            "unseen" => Ok(UpdateMode::Unseen),
            "no" => Ok(UpdateMode::No),
            other => Err(format!("`{other}` is not auto, always, new, unseen or no")),
        }
    }
}

/// What the snapshot check found, as the JSON report's `snapshot` field says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
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

/// The outcome of checking one example's answer against its snapshot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    /// What was found or done.
    pub status: Status,
    /// The example fails because of its snapshot: pending review, or changed in CI.
    pub failure: Option<String>,
    /// The stored content and the new content, when they differ.
    pub change: Option<(String, String)>,
}

/// A snapshot directory with an update mode.
#[derive(Debug, Clone)]
pub struct Store {
    /// Where the snapshots live.
    pub dir: PathBuf,
    /// When to write.
    pub mode: UpdateMode,
    /// Running in CI: nothing is ever written.
    pub ci: bool,
}

/// Where the snapshot of `example` lives under `dir`.
///
/// This is the path of an example whose name is unique in its page; see [`paths`].
pub fn path(dir: &Path, example: &Example) -> PathBuf {
    let doc = example.file.strip_suffix(".md").unwrap_or(&example.file);
    let name = example
        .name()
        .map_or_else(|| format!("line-{}", example.line()), sanitize);
    dir.join(doc).join(format!("{name}.snap"))
}

/// Where the snapshots of every example of `doc` live under `dir`, in example order. A name
/// used again in the same page gets its line, so no two examples share a file.
pub fn paths(dir: &Path, doc: &DocFile) -> Vec<PathBuf> {
    let mut seen = std::collections::HashSet::new();
    doc.examples
        .iter()
        .map(|example| {
            let path = path(dir, example);
            if seen.insert(path.clone()) {
                return path;
            }
            let stem = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            path.with_file_name(format!("{stem}-line-{}.snap", example.line()))
        })
        .collect()
}

fn sanitize(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_alphanumeric() || "-_.".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect()
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
    let body = match serde_json::from_str::<Value>(&observed.body) {
        Ok(value) => rules.normalize(value),
        Err(_) if observed.body.is_empty() => Value::Null,
        Err(_) => Value::String(observed.body.clone()),
    };
    let snapshot =
        serde_json::json!({ "status": observed.status, "headers": headers, "body": body });
    redactor
        .scrub(&serde_json::to_string_pretty(&snapshot).unwrap_or_default())
        .into_owned()
}

/// The insta file for `content`: a YAML header naming the example, then the content.
pub fn file_text(example: &Example, content: &str) -> String {
    let quote = |s: &str| serde_json::to_string(s).unwrap_or_default();
    let expression = format!("{} {}", example.request.method, example.request.url);
    format!(
        "---\nsource: {}\nexpression: {}\n---\n{content}\n",
        quote(&format!("{}:{}", example.file, example.line())),
        quote(&expression)
    )
}

/// The content of an insta snapshot file (what follows its header).
pub fn read_content(path: &Path) -> std::io::Result<String> {
    let text = std::fs::read_to_string(path)?;
    Ok(split_header(&text).1.trim_end_matches('\n').to_owned())
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

impl Store {
    /// Checks `content` against the stored snapshot of `example`, writing as the mode says.
    pub fn check(&self, path: &Path, example: &Example, content: &str) -> std::io::Result<Check> {
        let pending = pending_path(path);
        let stored = match read_content(path) {
            Ok(stored) => Some(stored),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(e),
        };
        let mode = match self.mode {
            _ if self.ci => UpdateMode::No,
            UpdateMode::Auto => UpdateMode::New,
            mode => mode,
        };
        let text = file_text(example, content);
        let change =
            |old: Option<&String>| Some((old.cloned().unwrap_or_default(), content.to_owned()));
        let check = match (&stored, mode) {
            (Some(old), _) if old == content => {
                if !self.ci && pending.exists() {
                    std::fs::remove_file(&pending)?;
                }
                Check {
                    status: Status::Matched,
                    failure: None,
                    change: None,
                }
            }
            (_, UpdateMode::Always) | (None, UpdateMode::Unseen) => {
                write_atomic(path, &text)?;
                Check {
                    status: Status::Written,
                    failure: None,
                    change: change(stored.as_ref()),
                }
            }
            (_, UpdateMode::No) => {
                let (status, why) = if stored.is_some() {
                    (Status::Changed, "snapshot changed")
                } else {
                    (Status::New, "no snapshot stored")
                };
                let why = if self.ci {
                    format!("{why} (CI: nothing written)")
                } else {
                    why.to_owned()
                };
                Check {
                    status,
                    failure: Some(why),
                    change: change(stored.as_ref()),
                }
            }
            _ => {
                write_atomic(&pending, &text)?;
                let status = if stored.is_some() {
                    Status::Changed
                } else {
                    Status::New
                };
                Check {
                    status,
                    failure: Some("snapshot pending review".into()),
                    change: change(stored.as_ref()),
                }
            }
        };
        Ok(check)
    }
}

/// `x.snap` → `x.snap.new`.
pub fn pending_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".new");
    PathBuf::from(name)
}

/// Writes `text` to `path` through a temporary file in the same directory and a rename.
pub fn write_atomic(path: &Path, text: &str) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = dir.join(format!(
        ".{name}.{}-{:08x}.tmp",
        std::process::id(),
        fastrand::u32(..)
    ));
    std::fs::write(&temp, text)?;
    std::fs::rename(&temp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&temp);
    })
}

/// Every file under `dir` whose name ends with `suffix`, sorted.
pub fn files(dir: &Path, suffix: &str) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                stack.push(path);
            } else if path.to_string_lossy().ends_with(suffix) {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// Pending (`.snap.new`) snapshots under `dir` that match `filters` (all when none): a filter
/// is a doc path prefix under `dir` (`.md` optional) or an example name.
pub fn pending(dir: &Path, filters: &[String]) -> Vec<PathBuf> {
    files(dir, ".snap.new")
        .into_iter()
        .filter(|p| selected(dir, p, filters))
        .collect()
}

fn selected(dir: &Path, path: &Path, filters: &[String]) -> bool {
    if filters.is_empty() {
        return true;
    }
    let relative = path
        .strip_prefix(dir)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/");
    let name = relative
        .rsplit('/')
        .next()
        .unwrap_or("")
        .trim_end_matches(".new")
        .trim_end_matches(".snap")
        .to_owned();
    filters.iter().any(|f| {
        let f = f.trim_end_matches(".md").trim_end_matches('/');
        name == f || relative == f || relative.starts_with(&format!("{f}/"))
    })
}

/// Accepts a pending snapshot: `x.snap.new` becomes `x.snap`.
pub fn accept(pending: &Path) -> std::io::Result<PathBuf> {
    let target = PathBuf::from(pending.to_string_lossy().trim_end_matches(".new"));
    std::fs::rename(pending, &target)?;
    Ok(target)
}

/// Rejects a pending snapshot: `x.snap.new` is removed.
pub fn reject(pending: &Path) -> std::io::Result<()> {
    std::fs::remove_file(pending)
}

/// Stored snapshots under `dir` that none of `referenced` names.
pub fn unreferenced(dir: &Path, referenced: &std::collections::HashSet<PathBuf>) -> Vec<PathBuf> {
    files(dir, ".snap")
        .into_iter()
        .filter(|p| !referenced.contains(p))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example() -> Example {
        let page = "<!-- {\"blockType\": \"request\", \"name\": \"get me\"} -->\n```http\nGET https://graph.microsoft.com/v1.0/me/{id}\n```\n<!-- {\"blockType\": \"response\"} -->\n```http\nHTTP/1.1 200 OK\nLocation: /me\n```\n";
        crate::extract("v1.0/api/me.md", page).examples.remove(0)
    }

    #[test]
    fn one_file_per_example_under_the_doc_path() {
        assert_eq!(
            path(Path::new("snaps"), &example()),
            Path::new("snaps/v1.0/api/me/get_me.snap")
        );
    }

    #[test]
    fn content_keeps_status_documented_headers_and_a_normalised_body() {
        let observed = Observed {
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
            body: r#"{"b": 1, "a": "2021-01-01T00:00:00Z"}"#.into(),
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

    #[test]
    fn modes_write_what_insta_would() {
        let dir = tempfile::tempdir().unwrap();
        let store = |mode, ci| Store {
            dir: dir.path().to_owned(),
            mode,
            ci,
        };
        let file = path(dir.path(), &example());
        let check = store(UpdateMode::No, false)
            .check(&file, &example(), "one")
            .unwrap();
        assert_eq!(
            (check.status, check.failure.as_deref()),
            (Status::New, Some("no snapshot stored"))
        );
        assert!(!file.exists());
        let check = store(UpdateMode::Auto, false)
            .check(&file, &example(), "one")
            .unwrap();
        assert_eq!(
            (check.status, check.failure.as_deref()),
            (Status::New, Some("snapshot pending review"))
        );
        assert!(pending_path(&file).exists() && !file.exists());
        accept(&pending_path(&file)).unwrap();
        assert_eq!(read_content(&file).unwrap(), "one");
        assert_eq!(
            store(UpdateMode::Auto, true)
                .check(&file, &example(), "one")
                .unwrap()
                .status,
            Status::Matched
        );
        let ci = store(UpdateMode::Always, true)
            .check(&file, &example(), "two")
            .unwrap();
        assert_eq!((ci.status, ci.failure.is_some()), (Status::Changed, true));
        assert!(!pending_path(&file).exists(), "CI wrote a file");
        assert_eq!(
            store(UpdateMode::Always, false)
                .check(&file, &example(), "two")
                .unwrap()
                .status,
            Status::Written
        );
        assert_eq!(read_content(&file).unwrap(), "two");
    }

    #[test]
    fn filters_pick_by_doc_path_or_name() {
        let dir = Path::new("s");
        let file = Path::new("s/v1.0/api/me/get_me.snap.new");
        assert!(selected(dir, file, &[]));
        assert!(selected(dir, file, &["v1.0/api/me.md".into()]));
        assert!(selected(dir, file, &["v1.0".into()]));
        assert!(selected(dir, file, &["get_me".into()]));
        assert!(!selected(dir, file, &["v1.0/api/m".into()]));
        assert!(!selected(dir, file, &["beta".into()]));
    }
}
