//! What each link destination of a folder's pages came to, remembered: a destination resolves
//! the same way from every page of one folder, and the pages of a folder link to the same few
//! places (the Graph api-reference's 151,000 relative links name under 3,000 destinations,
//! counted folder by folder).

use std::ops::Range;

use rustc_hash::FxHashMap;

use super::{Found, Page, Site, parts, resolve_slashed};
use crate::docset::DocSetConfig;

/// The outcomes of the link destinations met in one folder of one doc set. Keep one for the
/// pages read one after another: it forgets what it knew when a page of another folder comes.
#[derive(Debug, Default)]
pub struct Memo {
    /// The folder of the pages the outcomes hold for, and their doc set's root.
    folder: String,
    root: String,
    /// Each destination met, with where its outcome is in `outcomes`.
    met: FxHashMap<Box<str>, usize>,
    outcomes: Vec<Outcome>,
}

/// What a link's destination (as written) comes to from the pages of one folder.
#[derive(Debug)]
pub(super) enum Outcome {
    /// External, or named by `pathsToIgnore`: not checked.
    Skipped,
    /// The page itself, with the `#fragment` (where it is in the destination as written).
    Here(Range<usize>),
    /// A path in the tree.
    There(There),
}

/// A link's target in the tree, how it is found, and its `#fragment` (where it is in the
/// destination as written; empty when there is none).
#[derive(Debug)]
pub(super) struct There {
    pub(super) target: Box<str>,
    pub(super) found: Found,
    pub(super) backslash: bool,
    pub(super) fragment: Range<usize>,
}

impl Memo {
    /// Makes ready for the links of `page`: what was met in another folder is forgotten.
    pub(super) fn enter(&mut self, page: &Page<'_>) {
        let folder = page.path.rsplit_once('/').map_or("", |(dir, _)| dir);
        if self.folder != folder || self.root != page.root {
            self.folder.clear();
            self.folder.push_str(folder);
            self.root.clear();
            self.root.push_str(page.root);
            self.met.clear();
            self.outcomes.clear();
        }
    }

    /// What `dest` (a link's destination as written on `page`, which the memo [entered]) comes
    /// to: remembered, or made now (and remembered) when this folder has not met it yet.
    ///
    /// [entered]: Memo::enter
    pub(super) fn outcome(
        &mut self,
        page: &Page<'_>,
        config: &DocSetConfig,
        site: &impl Site,
        dest: &str,
    ) -> &Outcome {
        let at = match self.met.get(dest) {
            Some(&at) => at,
            None => {
                self.outcomes.push(made(page, config, site, dest));
                self.met.insert(dest.into(), self.outcomes.len() - 1);
                self.outcomes.len() - 1
            }
        };
        &self.outcomes[at]
    }
}

/// What `dest`, written on `page`, comes to.
fn made(page: &Page<'_>, config: &DocSetConfig, site: &impl Site, dest: &str) -> Outcome {
    let Some((_, path, fragment)) = parts(dest, config) else {
        return Outcome::Skipped;
    };
    // The fragment is a slice of `dest`: where it starts there.
    let start = fragment.as_ptr() as usize - dest.as_ptr() as usize;
    let fragment = start..start + fragment.len();
    if path.is_empty() {
        return Outcome::Here(fragment);
    }
    let mut target = String::new();
    resolve_slashed(page, &path, &mut target);
    Outcome::There(There {
        found: site.find(&target),
        target: target.into(),
        backslash: path.as_bytes().contains(&b'\\'),
        fragment,
    })
}
