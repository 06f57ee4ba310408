//! Findings placed on the page: a reader's offsets become lines and columns, with the line's
//! text.

use super::super::Finding;
use super::super::source::SourceMap;
use super::{Page, Pending};
use crate::model::{BlockType, Code, Diagnostic};

impl Page<'_> {
    pub(super) fn unattached(&mut self, pending: &Pending, why: &str) {
        let message = format!(
            "`{}` annotation attaches to no code block: {why}; put the annotation right before its fence",
            BlockType::ALL
                .iter()
                .find(|(_, t)| *t == pending.annotation.block_type)
                .map_or("?", |(n, _)| n)
        );
        self.place(
            0,
            vec![Finding::warning(
                pending.start,
                Code::AnnotationWithoutFence,
                message,
            )],
        );
    }

    /// Places findings whose offsets are relative to the page text starting at `base`.
    pub(super) fn place(&mut self, base: usize, findings: Vec<Finding>) {
        self.place_with(findings, |offset| base + offset);
    }

    /// Places findings whose offsets are relative to a block's text, copied through `map`.
    pub(super) fn place_mapped(&mut self, map: &SourceMap, findings: Vec<Finding>) {
        self.place_with(findings, |offset| map.source(offset));
    }

    fn place_with(&mut self, findings: Vec<Finding>, to_source: impl Fn(usize) -> usize) {
        for f in findings {
            let offset = to_source(f.offset);
            let (line, column) = self.index.position(self.source, offset);
            self.diagnostics.push(Diagnostic {
                file: self.file.to_owned(),
                line,
                column,
                severity: f.severity,
                code: f.code,
                message: f.message,
                source_line: Some(self.index.line_text(self.source, line).to_owned()),
            });
        }
    }
}
