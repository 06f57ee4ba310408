//! Where a report file goes: standard output for `-`; a regular file (or a new one) through a
//! temporary file renamed over it at the end, so a reader never sees half a report; anything
//! else (a pipe, `/dev/stdout`, `/dev/null`, a link) written in place, never replaced.
//!
//! Opened before the run starts, so a path that cannot be written fails before any request.

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// An open report destination.
#[derive(Debug)]
pub enum ReportFile {
    /// Standard output.
    Stdout(io::Stdout),
    /// Written in place: a pipe, a device, a link.
    InPlace(File),
    /// A temporary file beside `path`, renamed over it by [`ReportFile::finish`] (removed when
    /// dropped unfinished).
    Atomic {
        /// The open temporary file.
        file: File,
        /// Its path.
        temp: PathBuf,
        /// Where the report goes.
        path: PathBuf,
    },
}

/// Whether `path` means standard output: `-`, or `/dev/stdout` and its aliases (opening those
/// anew would truncate or overwrite what a shell redirected there).
pub fn names_stdout(path: &Path) -> bool {
    ["-", "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"]
        .iter()
        .any(|stdout| path.as_os_str() == *stdout)
}

impl ReportFile {
    /// Opens the destination for `path` (`-` is standard output).
    pub fn open(path: &Path) -> io::Result<ReportFile> {
        if names_stdout(path) {
            return Ok(ReportFile::Stdout(io::stdout()));
        }
        match std::fs::symlink_metadata(path) {
            Ok(meta) if !meta.file_type().is_file() => {
                if meta.is_dir() {
                    return Err(io::Error::new(io::ErrorKind::IsADirectory, "is a folder"));
                }
                OpenOptions::new()
                    .write(true)
                    .truncate(meta.file_type().is_symlink())
                    .open(path)
                    .map(ReportFile::InPlace)
            }
            _ => {
                let name = path
                    .file_name()
                    .map_or_else(|| "report".into(), |n| n.to_string_lossy().into_owned());
                let temp = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
                let file = File::create(&temp)?;
                Ok(ReportFile::Atomic {
                    file,
                    temp,
                    path: path.to_owned(),
                })
            }
        }
    }

    /// Puts the report in its place: the temporary file is renamed over the path.
    pub fn finish(mut self) -> io::Result<()> {
        match &mut self {
            ReportFile::Atomic { file, temp, path } => {
                file.sync_all()?;
                std::fs::rename(&*temp, &*path)
            }
            ReportFile::Stdout(out) => out.flush(),
            ReportFile::InPlace(file) => file.flush(),
        }
    }
}

/// A report never finished (the run could not start, a write failed) leaves no temporary file
/// behind, and replaces nothing.
impl Drop for ReportFile {
    fn drop(&mut self) {
        if let ReportFile::Atomic { temp, .. } = self {
            // Gone already after `finish` renamed it.
            let _ = std::fs::remove_file(temp);
        }
    }
}

impl Write for ReportFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            ReportFile::Stdout(out) => out.write(buf),
            ReportFile::InPlace(file) | ReportFile::Atomic { file, .. } => file.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            ReportFile::Stdout(out) => out.flush(),
            ReportFile::InPlace(file) | ReportFile::Atomic { file, .. } => file.flush(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_regular_file_is_replaced_whole_and_a_link_is_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.json");
        std::fs::write(&path, "old").unwrap();
        let mut file = ReportFile::open(&path).unwrap();
        file.write_all(b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
        file.finish().unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        let link = dir.path().join("link.json");
        std::os::unix::fs::symlink(&path, &link).unwrap();
        let mut file = ReportFile::open(&link).unwrap();
        file.write_all(b"through").unwrap();
        file.finish().unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "through");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            2,
            "a temporary file is left"
        );
        drop(ReportFile::open(&dir.path().join("never.json")).unwrap());
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            2,
            "an unfinished report left a file"
        );
    }

    #[test]
    fn a_path_that_cannot_be_written_fails_when_opened() {
        let dir = tempfile::tempdir().unwrap();
        assert!(ReportFile::open(&dir.path().join("no/such/folder/r.json")).is_err());
        assert!(ReportFile::open(dir.path()).is_err());
    }
}
