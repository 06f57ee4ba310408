//! Where each value of a lenient JSON text stands: the byte ranges an edit of the text needs
//! (`--fix` replaces a value where it is, and inserts or removes members beside their neighbours).

use std::ops::Range;

use super::{JsonError, Reader, Spans, read};

/// One member or item of a JSON text (or the whole value, at pointer `""`), by byte offsets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    /// JSON pointer of the value (`/a/0/b`); `""` for the whole value.
    pub pointer: String,
    /// Offset of a member's key, or of an item's value.
    pub start: usize,
    /// The value's text; `None` for a member whose value is elided (`"key": ...`).
    pub value: Option<Range<usize>>,
    /// Offset of the comma after the member or item, when one follows it.
    pub comma: Option<usize>,
}

impl Span {
    pub(super) fn new(pointer: String, start: usize) -> Span {
        Span {
            pointer,
            start,
            value: None,
            comma: None,
        }
    }
}

/// Every member and item of the JSON value in `text`, the whole value first, in text order.
pub fn layout(text: &str) -> Result<Vec<Span>, JsonError> {
    let mut spans = Spans::default();
    read(text, Some(&mut spans))?;
    Ok(spans.found)
}

impl Reader<'_> {
    /// The index of the span just entered, when spans are recorded.
    pub(super) fn entry(&self) -> Option<usize> {
        self.spans
            .as_deref()
            .map(|s| s.found.len().saturating_sub(1))
    }

    /// Notes that the value of span `entry` runs from `start` to here.
    pub(super) fn valued(&mut self, entry: Option<usize>, start: usize) {
        let end = self.pos;
        if let (Some(spans), Some(i)) = (self.spans.as_deref_mut(), entry) {
            spans.found[i].value = Some(start..end);
        }
    }

    /// Gives span `entry` the comma the last separator consumed, if it consumed one.
    pub(super) fn comma_after(&mut self, entry: Option<usize>) {
        if let (Some(spans), Some(i)) = (self.spans.as_deref_mut(), entry) {
            spans.found[i].comma = spans.comma.take();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_and_commas_are_located() {
        let text = "{ 'a': 1, // one\n  \"b\": [true, x], c: ..., }";
        let found = layout(text).unwrap();
        let show: Vec<_> = found
            .iter()
            .map(|s| {
                let value = s.value.clone().map(|r| &text[r]);
                (s.pointer.as_str(), value, s.comma.map(|c| &text[c..=c]))
            })
            .collect();
        assert_eq!(
            show,
            [
                ("", Some(text), None),
                ("/a", Some("1"), Some(",")),
                ("/b", Some("[true, x]"), Some(",")),
                ("/b/0", Some("true"), Some(",")),
                ("/b/1", Some("x"), None),
                ("/c", None, Some(",")),
            ]
        );
    }
}
