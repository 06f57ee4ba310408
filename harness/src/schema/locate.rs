//! Where a JSON pointer into a documented body is on the page: the line and column of the
//! property's key (or of the item), found with the lenient reader's offsets.
//!
//! A body's text is what the fence held after its headers, with any container prefix (a list's
//! indent, a block quote's `>`) and CRLF removed: each of its lines ends the page line it came
//! from, which is how the body is found again below its fence.

use crate::doc::lenient;

/// How far below its fence a body is looked for.
const SEARCH: usize = 400;

/// The 1-based line and column on the page of `pointer` in the body `text` whose block opens
/// at `fence` (a 1-based line); the nearest enclosing value when the pointer itself is not
/// written out, the fence when the body cannot be found.
pub fn position(source: &str, fence: u32, text: &str, pointer: &str) -> (u32, u32) {
    let offset = offset_of(text, pointer);
    let lines: Vec<&str> = source
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect();
    let body: Vec<&str> = text.split('\n').collect();
    let upto = text[..offset].matches('\n').count();
    let first = fence as usize; // the line after the fence, 0-based
    let fits = |start: usize| {
        (0..=upto.min(body.len() - 1)).all(|j| {
            lines
                .get(start + j)
                .is_some_and(|l| l.trim_end().ends_with(body[j].trim_end()))
        })
    };
    let Some(start) = (first..first + SEARCH)
        .take_while(|&s| s < lines.len())
        .find(|&s| fits(s))
    else {
        return (fence, 1);
    };
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let column_in_body = text[line_start..offset].chars().count();
    let page_line = lines[start + upto];
    let prefix =
        page_line.chars().count() - body[upto].chars().count().min(page_line.chars().count());
    let line = u32::try_from(start + upto + 1).unwrap_or(u32::MAX);
    let column = u32::try_from(prefix + column_in_body + 1).unwrap_or(u32::MAX);
    (line, column)
}

/// The byte offset of `pointer` in `text`: its own, else its nearest written-out parent's, else
/// the start of the value.
pub fn offset_of(text: &str, pointer: &str) -> usize {
    let start = text.len() - text.trim_start().len();
    let Ok(spans) = lenient::spans(text) else {
        return start;
    };
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
