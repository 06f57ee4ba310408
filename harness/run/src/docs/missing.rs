//! The paths a command names must exist: a typo (`run v1.O`) is a bad invocation, told before
//! anything is read or sent (DESIGN §6).

use std::path::{Path, PathBuf};

/// A path named on the command line does not exist.
#[derive(Debug, thiserror::Error)]
#[error("{}: no such file or directory (a path named on the command line must exist)", path.display())]
pub struct MissingPath {
    /// The path as given.
    pub path: PathBuf,
}

/// The first of `paths` that does not exist, as an error.
pub fn check_paths(paths: &[PathBuf]) -> Result<(), MissingPath> {
    match paths.iter().find(|p| !Path::new(p).exists()) {
        Some(path) => Err(MissingPath { path: path.clone() }),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_path_is_named() {
        let paths = [PathBuf::from("."), PathBuf::from("v1.O-no-such")];
        let err = check_paths(&paths).unwrap_err();
        assert_eq!(err.path, PathBuf::from("v1.O-no-such"));
        assert!(check_paths(&paths[..1]).is_ok());
    }
}
