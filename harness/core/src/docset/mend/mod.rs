//! `lint --fix`: the mechanical fixes of doc-set findings (DESIGN §12). A link whose target is
//! found only in another case is written with the real name; a broken `#anchor` whose heading
//! is there under a near id is pointed at it; a property the resource block has and the
//! Properties table lacks gets a row (and one the table has and the block lacks, a member),
//! typed from the CSDL when one is given, with a placeholder description that
//! `table-placeholder-description` reports until the writer fills it.
//!
//! Pure: the findings, the page's text and facts, and what the site holds come in; text edits
//! go out. Suppressed findings never reach here, so they are never fixed.

mod links;
mod tables;

use super::{DocSetConfig, Page, Site};
use crate::fix::Edit;
use crate::model::{Code, Diagnostic};
use crate::schema::Model;

pub use tables::PLACEHOLDER;

/// One fix: the finding it answers (its line and code) and the edit of the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mend {
    /// 1-based line of the finding.
    pub line: u32,
    /// The finding's code.
    pub code: Code,
    /// The edit of the page's text (without its BOM).
    pub edit: Edit,
}

/// Whether `lint --fix` has a fix for findings of `code`.
pub fn fixable(code: Code) -> bool {
    matches!(
        code,
        Code::LinkCase
            | Code::LinkMissingAnchor
            | Code::TableMissingProperty
            | Code::TableExtraProperty
    )
}

/// The fixes of the page's `findings` (those of other pages are skipped) in `text`, the page
/// as read without its BOM. `model` gives property types when `--metadata` is given.
pub fn mends(
    page: &Page<'_>,
    text: &str,
    findings: &[Diagnostic],
    config: &DocSetConfig,
    site: &impl Site,
    model: Option<&Model>,
) -> Vec<Mend> {
    let mut out = Vec::new();
    for d in findings.iter().filter(|d| d.file == page.shown) {
        let edit = match d.code {
            Code::LinkCase | Code::LinkMissingAnchor => links::mend(page, text, d, site),
            Code::TableMissingProperty => tables::row(page, text, d, config, model),
            Code::TableExtraProperty => tables::member(page, text, d, config, model),
            _ => None,
        };
        out.extend(edit.map(|edit| Mend {
            line: d.line,
            code: d.code,
            edit,
        }));
    }
    out
}

/// The absolute paths of the pages whose anchors the link fixes of `findings` need.
pub fn anchor_targets(page: &Page<'_>, findings: &[Diagnostic]) -> Vec<String> {
    (findings.iter())
        .filter(|d| d.file == page.shown && d.code == Code::LinkMissingAnchor)
        .filter_map(|d| links::target(page, d))
        .collect()
}

/// The first name between backticks in a finding's message (the property or link it names).
fn named(message: &str) -> Option<&str> {
    let (_, rest) = message.split_once('`')?;
    rest.split_once('`').map(|(name, _)| name)
}

#[cfg(test)]
mod tests;
