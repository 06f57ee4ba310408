//! Finding the doc files named on the command line: files as given, directories searched for
//! `*.md` in sorted order (by path component), lazily, so a huge tree is never held in memory.

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

/// A path that cannot be read: a missing argument, an unreadable directory or file.
#[derive(Debug, thiserror::Error)]
// The OS error is part of the message, not a `source`: error chains would print it twice.
#[error("{}: {error}", path.display())]
pub struct ReadError {
    /// The path that failed.
    pub path: PathBuf,
    /// What the operating system said.
    pub error: std::io::Error,
}

/// Walks the arguments lazily in order; an argument that does not exist is an error in its
/// place, and the walk goes on with the next.
pub fn walk(paths: &[PathBuf]) -> Walk {
    Walk {
        roots: paths.iter().rev().cloned().collect(),
        root: PathBuf::new(),
        stack: Vec::new(),
    }
}

/// Lists every doc file under `paths` at once (for tests and small trees).
#[cfg(test)]
fn discover(paths: &[PathBuf]) -> Result<Vec<DocPath>, ReadError> {
    walk(paths).collect()
}

/// A lazy, sorted walk over the doc files of some path arguments.
#[derive(Debug)]
pub struct Walk {
    /// Arguments not started yet, last first.
    roots: Vec<PathBuf>,
    /// The argument being walked.
    root: PathBuf,
    /// Entries of each open directory still to visit, sorted, with whether each is a directory.
    stack: Vec<std::vec::IntoIter<(PathBuf, bool)>>,
}

impl Iterator for Walk {
    type Item = Result<DocPath, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let Some(entries) = self.stack.last_mut() else {
                let root = self.roots.pop()?;
                self.root = root.clone();
                let metadata = match std::fs::metadata(&root) {
                    Ok(metadata) => metadata,
                    Err(error) => return Some(Err(ReadError { path: root, error })),
                };
                if metadata.is_dir() {
                    if let Err(err) = self.open(root) {
                        return Some(Err(err));
                    }
                    continue;
                }
                let display = root
                    .file_name()
                    .map_or_else(|| slashed(&root), |n| n.to_string_lossy().into_owned());
                return Some(Ok(DocPath {
                    path: root,
                    display,
                }));
            };
            match entries.next() {
                None => {
                    self.stack.pop();
                }
                Some((dir, true)) => {
                    if let Err(err) = self.open(dir) {
                        return Some(Err(err));
                    }
                }
                Some((path, false)) => {
                    let display = slashed(under(&path, &self.root));
                    return Some(Ok(DocPath { path, display }));
                }
            }
        }
    }
}

impl Walk {
    fn open(&mut self, dir: PathBuf) -> Result<(), ReadError> {
        let error = |error| ReadError {
            path: dir.clone(),
            error,
        };
        let mut entries = Vec::new();
        for entry in std::fs::read_dir(&dir).map_err(error)? {
            let entry = entry.map_err(error)?;
            let path = entry.path();
            // Directory links are not followed: a link loop must not hang the walk.
            let is_dir = entry.file_type().map_err(error)?.is_dir();
            if is_dir || markdown(&path) {
                entries.push((path, is_dir));
            }
        }
        // All are `dir` joined with a name: their bytes compare as their names do, and that is
        // cheaper than taking each name apart again at every comparison.
        entries.sort_unstable_by(|a, b| a.0.as_os_str().cmp(b.0.as_os_str()));
        self.stack.push(entries.into_iter());
        Ok(())
    }
}

/// `path` (found under `root`) from `root` on: its text after `root`'s when it starts so (a
/// walk's paths are `root` joined with names), else as [`Path::strip_prefix`] takes it apart.
fn under<'p>(path: &'p Path, root: &Path) -> &'p Path {
    let (bytes, head) = (path.as_os_str().as_encoded_bytes(), root.as_os_str());
    let rest = (bytes.strip_prefix(head.as_encoded_bytes()))
        .and_then(|rest| rest.strip_prefix(b"/"))
        .filter(|rest| !head.is_empty() && !rest.starts_with(b"/") && !rest.starts_with(b"./"));
    match (rest, path.to_str()) {
        (Some(rest), Some(text)) if std::path::MAIN_SEPARATOR == '/' => {
            Path::new(&text[text.len() - rest.len()..])
        }
        _ => path.strip_prefix(root).unwrap_or(path),
    }
}

/// Whether the file at `path` (a folder's path joined with a name) is a markdown page: its
/// extension is `md` in any case, as [`Path::extension`] reads one (`.md` alone is a name
/// without one).
fn markdown(path: &Path) -> bool {
    let bytes = path.as_os_str().as_encoded_bytes();
    let split = |b: &u8| std::path::is_separator(char::from(*b));
    let name = bytes.rsplit(split).next().unwrap_or(bytes);
    name.len() > 3 && name[name.len() - 3..].eq_ignore_ascii_case(b".md")
}

fn slashed(path: &Path) -> String {
    // A walk's names, joined with `/` already: as they are (each a name, none `.` or empty).
    let plain = |s: &&str| {
        let names = s.as_bytes().split(|b| *b == b'/');
        std::path::MAIN_SEPARATOR == '/' && names.into_iter().all(|n| !matches!(n, b"" | b"."))
    };
    if let Some(s) = path.to_str().filter(plain) {
        return s.to_owned();
    }
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Paths already plain are taken as they are; the others are taken apart: the same names.
    #[test]
    fn a_path_is_shown_with_slashes_as_its_components_are() {
        let apart = |p: &str| {
            let parts: Vec<_> = (Path::new(p).components())
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            parts.join("/")
        };
        for p in [
            "a.md",
            "v1.0/api/user-get.md",
            "a//b.md",
            "./a.md",
            "a/./b.md",
            "a/../b.md",
            "/abs/a.md",
            "a/",
        ] {
            assert_eq!(slashed(Path::new(p)), apart(p), "{p}");
        }
    }

    /// A page is told by its name as by `Path::extension`.
    #[test]
    fn markdown_pages_are_told_by_their_names_as_by_their_extension() {
        for name in [
            "a.md", "a.MD", "a.Md", ".md", "..md", "md", "a.mdx", "a.md.txt", "a.", "é.md",
        ] {
            let by_path = Path::new(name)
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("md"));
            assert_eq!(markdown(&Path::new("docs").join(name)), by_path, "{name}");
        }
    }

    /// A path under a root is taken from the root on as `strip_prefix` takes it.
    #[test]
    fn a_path_under_its_root_is_what_strip_prefix_leaves() {
        let cases = [
            ("docs/v1.0/a.md", "docs"),
            ("docs/v1.0/a.md", "docs/"),
            ("./a.md", "."),
            ("/abs/x/a.md", "/abs"),
            ("/a.md", "/"),
            ("docs//a.md", "docs"),
            ("docs/./a.md", "docs"),
            ("docsx/a.md", "docs"),
            ("a.md", ""),
        ];
        for (path, root) in cases {
            let (path, root) = (Path::new(path), Path::new(root));
            let expected = path.strip_prefix(root).unwrap_or(path);
            assert_eq!(under(path, root), expected, "{path:?} under {root:?}");
        }
    }

    #[test]
    fn directories_are_walked_in_sorted_order_with_relative_names() {
        let dir = tempfile::tempdir().unwrap();
        for file in ["b/z.md", "a.md", "b/a.md", "c.txt", "b/sub/x.MD"] {
            let path = dir.path().join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "").unwrap();
        }
        let found: Vec<_> = discover(&[dir.path().to_owned()])
            .unwrap()
            .into_iter()
            .map(|d| d.display)
            .collect();
        assert_eq!(found, ["a.md", "b/a.md", "b/sub/x.MD", "b/z.md"]);
        let single = discover(&[dir.path().join("b/a.md")]).unwrap();
        assert_eq!(single[0].display, "a.md");
    }

    #[test]
    fn a_missing_argument_is_an_error_in_its_place_and_the_walk_goes_on() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.md"), "").unwrap();
        let found: Vec<_> = walk(&["no/such/path".into(), dir.path().join("a.md")]).collect();
        let err = found[0].as_ref().unwrap_err();
        assert!(err.to_string().starts_with("no/such/path: "), "{err}");
        assert_eq!(found[1].as_ref().unwrap().display, "a.md");
    }
}
