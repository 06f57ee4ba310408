//! Where a JSON pointer into a documented body is on the page: the line and column of the
//! property's key (or of the item), found with the lenient reader's offsets.
//!
//! A body's text is what the fence held after its headers, with any container prefix (a list's
//! indent, a block quote's `>`) and CRLF removed: each of its lines ends the page line it came
//! from, which is how the body is found again below its fence.

use std::cell::OnceCell;

use crate::doc::lenient;

/// How far below its fence a body is looked for.
const SEARCH: usize = 400;

/// The 1-based line and column on the page of `pointer` in the body `text` whose block opens
/// at `fence` (a 1-based line); the nearest enclosing value when the pointer itself is not
/// written out, the fence when the body cannot be found.
pub fn position(source: &str, fence: u32, text: &str, pointer: &str) -> (u32, u32) {
    Page::new(source).body(fence, text).position(pointer)
}

/// A page's source, split into lines once, on first use, however many findings it places.
#[derive(Debug)]
pub struct Page<'a> {
    source: &'a str,
    lines: OnceCell<Vec<&'a str>>,
}

impl<'a> Page<'a> {
    /// The page whose text is `source`.
    pub fn new(source: &'a str) -> Page<'a> {
        Page {
            source,
            lines: OnceCell::new(),
        }
    }

    /// Its lines, without their line ends.
    pub fn lines(&self) -> &[&'a str] {
        self.lines.get_or_init(|| {
            (self.source.split('\n'))
                .map(|l| l.strip_suffix('\r').unwrap_or(l))
                .collect()
        })
    }

    /// The 1-based `line`, if the page has it.
    pub fn line(&self, line: u32) -> Option<&'a str> {
        let i = usize::try_from(line).ok()?.checked_sub(1)?;
        self.lines().get(i).copied()
    }

    /// The body `text` of the block that opens at `fence`: found below it once, its members'
    /// places read once, for every pointer placed in it.
    pub fn body<'p>(&'p self, fence: u32, text: &'p str) -> Body<'p, 'a> {
        let body: Vec<&str> = text.split('\n').collect();
        let lines = self.lines();
        let fits = |start: usize| {
            (body.iter().enumerate()).all(|(j, want)| {
                (lines.get(start + j)).is_some_and(|l| l.trim_end().ends_with(want.trim_end()))
            })
        };
        let first = fence as usize; // the line after the fence, 0-based
        let start = (first..first + SEARCH)
            .take_while(|&s| s < lines.len())
            .find(|&s| fits(s));
        Body {
            page: self,
            fence,
            text,
            start,
            spans: OnceCell::new(),
        }
    }
}

/// One body on its page: where it starts, and the byte offset of each member and item.
#[derive(Debug)]
pub struct Body<'p, 'a> {
    page: &'p Page<'a>,
    fence: u32,
    text: &'p str,
    /// The 0-based page line of the body's first line; none when it was not found.
    start: Option<usize>,
    spans: OnceCell<Vec<(String, usize)>>,
}

impl Body<'_, '_> {
    /// The 1-based line and column of `pointer` on the page ([`position`]).
    pub fn position(&self, pointer: &str) -> (u32, u32) {
        let Some(start) = self.start else {
            return (self.fence, 1);
        };
        let text = self.text;
        let offset = self.offset_of(pointer);
        let upto = text[..offset].matches('\n').count();
        let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
        let column_in_body = text[line_start..offset].chars().count();
        let body_line = text.split('\n').nth(upto).unwrap_or("");
        let page_line = self.page.lines().get(start + upto).copied().unwrap_or("");
        let (page_width, body_width) = (page_line.chars().count(), body_line.chars().count());
        let prefix = page_width - body_width.min(page_width);
        let line = u32::try_from(start + upto + 1).unwrap_or(u32::MAX);
        let column = u32::try_from(prefix + column_in_body + 1).unwrap_or(u32::MAX);
        (line, column)
    }

    /// The byte offset of `pointer` in the text: its own, else its nearest written-out
    /// parent's, else the start of the value.
    fn offset_of(&self, pointer: &str) -> usize {
        let text = self.text;
        let start = text.len() - text.trim_start().len();
        let spans = self
            .spans
            .get_or_init(|| lenient::spans(text).unwrap_or_default());
        let mut wanted = pointer;
        loop {
            if let Some((_, at)) = spans.iter().find(|(p, _)| p == wanted) {
                return *at;
            }
            match wanted.rfind('/') {
                Some(cut) if !wanted.is_empty() => wanted = &wanted[..cut],
                _ => return start,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pointer_is_found_at_its_key_below_the_fence_and_through_a_list_indent() {
        let page = "# t\n\n- item\n\n  ```http\n  HTTP/1.1 200 OK\n\n  {\n    \"a\": [1, {\"b\": 2}]\n  }\n  ```\n";
        let text = "{\n  \"a\": [1, {\"b\": 2}]\n}\n";
        assert_eq!(position(page, 5, text, "/a"), (9, 5));
        assert_eq!(position(page, 5, text, "/a/1/b"), (9, 15));
        assert_eq!(position(page, 5, text, "/a/1/c"), (9, 14));
        assert_eq!(position(page, 5, text, ""), (8, 3));
    }

    #[test]
    fn a_body_that_cannot_be_found_points_at_its_fence() {
        assert_eq!(position("```\n```\n", 1, "{\"a\": 1}", "/a"), (1, 1));
    }
}
