//! A text edit and applying a set of them.

use std::ops::Range;

/// Replace the bytes `range` of a page with `text` (an insertion when the range is empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    /// Byte range in the page.
    pub range: Range<usize>,
    /// What stands there after the edit.
    pub text: String,
}

impl Edit {
    /// An edit replacing `range` with `text`.
    pub fn new(range: Range<usize>, text: impl Into<String>) -> Edit {
        Edit {
            range,
            text: text.into(),
        }
    }

    /// This edit moved `by` bytes further into the page.
    pub(crate) fn shifted(mut self, by: usize) -> Edit {
        self.range = self.range.start + by..self.range.end + by;
        self
    }
}

/// `text` with `edits` applied. Edits are taken in text order (an insertion before a
/// replacement at the same place); a part of an edit overlapping an earlier one is dropped, and
/// an edit within an earlier one (a container written anew holds its members' edits) is
/// dropped whole.
pub fn apply(text: &str, edits: &[Edit]) -> String {
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out = String::with_capacity(text.len());
    let mut cursor = 0;
    for edit in sorted {
        if edit.range.start < cursor && edit.range.end <= cursor {
            continue;
        }
        let start = edit.range.start.clamp(cursor, text.len());
        out.push_str(&text[cursor..start]);
        out.push_str(&edit.text);
        cursor = edit.range.end.clamp(start, text.len());
    }
    out.push_str(&text[cursor..]);
    out
}

/// The line ending `text` uses: `\r\n` when its first line ends so, else `\n`.
pub(crate) fn line_ending(text: &str) -> &'static str {
    match text.find('\n') {
        Some(at) if text[..at].ends_with('\r') => "\r\n",
        _ => "\n",
    }
}

/// Offset of the start of the line holding `at`.
pub(crate) fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |i| i + 1)
}

/// Offset of the line break ending the line holding `at` (`\r\n` or `\n`), or the text's end.
pub(crate) fn line_end(text: &str, at: usize) -> usize {
    let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    if end > at && text[..end].ends_with('\r') {
        end - 1
    } else {
        end
    }
}

/// Offset just after the line break ending the line holding `at`, or the text's end.
pub(crate) fn next_line(text: &str, at: usize) -> usize {
    text[at..].find('\n').map_or(text.len(), |i| at + i + 1)
}

/// Whether `text` is only white space, or white space then a `//` comment.
pub(crate) fn blank_or_comment(text: &str) -> bool {
    let text = text.trim();
    text.is_empty() || text.starts_with("//")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_apply_in_text_order_with_insertions_first() {
        let edits = [
            Edit::new(4..5, "X"),
            Edit::new(0..0, ">"),
            Edit::new(4..4, "+"),
        ];
        assert_eq!(apply("abcdefg", &edits), ">abcd+Xfg");
    }

    /// An edit within an earlier one is not written after it: the earlier one rewrote its
    /// place (an object written anew holds the value an elided member's `...` was to take).
    #[test]
    fn an_edit_within_an_earlier_one_is_dropped() {
        let edits = [
            Edit::new(1..5, "XY"),
            Edit::new(2..3, "Z"),
            Edit::new(3..3, "+"),
        ];
        assert_eq!(apply("abcdefg", &edits), "aXYfg");
        let overlapping = [Edit::new(1..3, "X"), Edit::new(2..5, "Y")];
        assert_eq!(apply("abcdefg", &overlapping), "aXYfg");
    }

    #[test]
    fn lines_are_found_around_an_offset() {
        let text = "ab\r\ncd\r\n";
        assert_eq!(line_ending(text), "\r\n");
        assert_eq!(
            (line_start(text, 5), line_end(text, 5), next_line(text, 5)),
            (4, 6, 8)
        );
    }
}
