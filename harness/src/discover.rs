//! Finding the doc files named on the command line: files as given, directories searched for
//! `*.md`, everything in sorted order so output is stable.

use std::path::{Path, PathBuf};

/// A doc file to read, with the path shown for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocPath {
    /// Where the file is.
    pub path: PathBuf,
    /// The path relative to the argument it was found under (the file name for a file argument),
    /// with `/` separators.
    pub display: String,
}

/// A path argument that cannot be searched.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {source}")]
pub struct DiscoverError {
    /// The path that failed.
    pub path: PathBuf,
    /// Why.
    #[source]
    pub source: std::io::Error,
}

/// Lists the doc files under `paths`, each argument's files sorted, arguments in order.
pub fn discover(paths: &[PathBuf]) -> Result<Vec<DocPath>, DiscoverError> {
    let mut docs = Vec::new();
    for root in paths {
        let meta = std::fs::metadata(root).map_err(|source| DiscoverError {
            path: root.clone(),
            source,
        })?;
        if meta.is_dir() {
            let mut found = Vec::new();
            walk(root, &mut found)?;
            found.sort();
            docs.extend(found.into_iter().map(|path| {
                let display = slashed(path.strip_prefix(root).unwrap_or(&path));
                DocPath { path, display }
            }));
        } else {
            let display = root
                .file_name()
                .map_or_else(|| slashed(root), |n| n.to_string_lossy().into_owned());
            docs.push(DocPath {
                path: root.clone(),
                display,
            });
        }
    }
    Ok(docs)
}

fn walk(dir: &Path, found: &mut Vec<PathBuf>) -> Result<(), DiscoverError> {
    let error = |source| DiscoverError {
        path: dir.to_owned(),
        source,
    };
    for entry in std::fs::read_dir(dir).map_err(error)? {
        let entry = entry.map_err(error)?;
        let path = entry.path();
        let kind = entry.file_type().map_err(|source| DiscoverError {
            path: path.clone(),
            source,
        })?;
        if kind.is_dir() {
            walk(&path, found)?;
        } else if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("md"))
        {
            found.push(path);
        }
    }
    Ok(())
}

fn slashed(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
