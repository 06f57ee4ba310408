//! `table-placeholder-description`: a table row whose description is still the placeholder
//! `lint --fix` wrote when it added the row.

use super::mend::PLACEHOLDER;
use super::{Page, finding};
use crate::model::{Code, Diagnostic};

/// The placeholder's searcher, made once (a page has hundreds of cells).
static SEARCHER: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
    std::sync::LazyLock::new(|| memchr::memmem::Finder::new(PLACEHOLDER));

/// A warning for each table row holding the placeholder description.
pub(super) fn check(page: &Page<'_>, out: &mut Vec<Diagnostic>) {
    for table in &page.facts.tables {
        for (line, cells) in table.rows() {
            if !cells.iter().any(|c| SEARCHER.find(c.as_bytes()).is_some()) {
                continue;
            }
            let name = cells.first().map_or("", str::trim);
            let message = format!(
                "property `{name}` has no description yet: replace `{PLACEHOLDER}` with what it holds"
            );
            out.push(finding(
                page,
                line,
                1,
                Code::TablePlaceholderDescription,
                message,
            ));
        }
    }
}
