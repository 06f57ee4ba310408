//! What the parts of a session share, at the bottom of it: the run's [`Shared`] context, the
//! [`Stop`] handle, a [`Page`] read and an example's [`Place`]. It imports nothing else of the
//! session, so every other part can depend on it without a circle.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};

use reqwest::Url;

use crate::auth::Signer;
use crate::config::Settings;
use crate::replay::Replayer;
use exemplar_core::compare::{Observed, ObservedBody};
use exemplar_core::model::{DocFile, Example};
use exemplar_core::secret::Redactor;

/// Asks a running session to stop: no new request is sent, those in flight end (bounded by the
/// timeout), and the run finishes with its summary. Cheap to clone; safe from a signal handler.
#[derive(Debug, Clone, Default)]
pub struct Stop(Arc<AtomicU8>);

/// Running: nothing asked it to stop.
pub(crate) const RUNNING: u8 = 0;
/// Stopped by the caller.
pub(crate) const INTERRUPTED: u8 = 1;
/// Stopped because the target is not there.
pub(crate) const UNREACHABLE: u8 = 2;

impl Stop {
    /// Stops the run (Ctrl-C).
    pub fn stop(&self) {
        self.set(INTERRUPTED);
    }

    /// Whether the run was asked to stop, by the caller or because the target is not there.
    pub fn is_stopped(&self) -> bool {
        self.0.load(Ordering::SeqCst) != RUNNING
    }

    /// Why it stopped: [`RUNNING`], [`INTERRUPTED`] or [`UNREACHABLE`].
    pub(crate) fn why(&self) -> u8 {
        self.0.load(Ordering::SeqCst)
    }

    pub(crate) fn set(&self, why: u8) {
        let _ = self
            .0
            .compare_exchange(RUNNING, why, Ordering::SeqCst, Ordering::SeqCst);
    }
}

/// What every example of a run shares.
#[derive(Debug)]
pub(crate) struct Shared {
    /// The server's base URL.
    pub target: Url,
    /// The settings.
    pub settings: Settings,
    /// Fill placeholders without a value with samples (against the built-in mock).
    pub sample_values: bool,
    /// The HTTP client.
    pub replayer: Replayer,
    /// Keeps secrets out of snapshots.
    pub redactor: Redactor,
    /// For each configured ignore rule, whether it picked a value in any body yet.
    pub rule_hits: Vec<AtomicBool>,
    /// The proxy requests go through, if any.
    pub proxy: Option<Url>,
    /// Examples the built-in mock cannot answer as documented, by (`file:line` with the page's version folder when the file does not name it, line), with why.
    pub unservable: HashMap<(String, u32), String>,
    /// Signs requests to the target, when the run signs in.
    pub signer: Option<Arc<Signer>>,
    /// The scopes and roles granted, when known (`--scopes`, or the token's).
    pub granted: Option<Vec<String>>,
    /// Keep each answer and its timing in the results (`--report-har`).
    pub record_exchanges: bool,
}

impl Shared {
    /// The configured ignore rules that picked no value in any body judged so far.
    pub(crate) fn unused_rules(&self) -> Vec<String> {
        let rules = &self.settings.rules.rules;
        rules
            .iter()
            .zip(&self.rule_hits)
            .filter(|(_, hit)| !hit.load(Ordering::Relaxed))
            .map(|(rule, _)| rule.selector.to_string())
            .collect()
    }

    /// Notes which configured ignore rules pick a value in the documented or the observed body.
    pub(crate) fn note_rule_hits(&self, example: &Example, observed: &Observed) {
        let documented = example.response.as_ref().and_then(|r| r.body.json());
        let answered = match &observed.body {
            ObservedBody::Json(value) => Some(value),
            _ => None,
        };
        for (rule, hit) in self.settings.rules.rules.iter().zip(&self.rule_hits) {
            if !hit.load(Ordering::Relaxed)
                && [documented, answered]
                    .into_iter()
                    .flatten()
                    .any(|body| rule.selector.picks_any(body))
            {
                hit.store(true, Ordering::Relaxed);
            }
        }
    }
}

/// Where the example stands: its page's key, its snapshot file, its place in the selection.
#[derive(Debug, Clone)]
pub(crate) struct Place {
    /// The page's key under the project root.
    pub key: Arc<str>,
    /// The snapshot file, when snapshots are on.
    pub snapshot: Option<PathBuf>,
}

/// A page read whole, with what of it runs.
#[derive(Debug)]
pub(crate) struct Page {
    /// Every example and diagnostic of the page.
    pub doc: DocFile,
    /// The page's path relative to the project root, without `.md`.
    pub key: String,
    /// The indices of the examples to run.
    pub selected: Vec<usize>,
    /// The snapshot file of each example, when snapshots are on.
    pub snapshots: Option<Vec<PathBuf>>,
}

/// `path` relative to `root` (canonical already: it is made so once per run), with `/`
/// separators, when it lies under it.
pub(crate) fn relative_to(root: &Path, path: &Path) -> Option<String> {
    let path = path.canonicalize().ok()?;
    let relative = path.strip_prefix(root).ok()?;
    let parts: Vec<_> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect();
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_made_relative_to_the_root_through_links_and_dots() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("a/b")).unwrap();
        std::fs::write(dir.path().join("a/b/c.md"), "").unwrap();
        let dotted = dir.path().join("a/./b/../b/c.md");
        assert_eq!(
            relative_to(dir.path(), &dotted).as_deref(),
            Some("a/b/c.md")
        );
        assert_eq!(relative_to(&dir.path().join("a/b"), dir.path()), None);
    }
}
