//! Code fences left open: where a fenced block should have ended, and cutting it there.
//!
//! [`check`] reads a block's fences and says what it found, without touching the page; the
//! [`Page`] methods turn that into an `unclosed-fence` finding and mend the block.

use super::{Block, Page};
use crate::doc::Finding;
use crate::doc::source::line_offset;
use crate::model::Code;

/// What the fences of one fenced block show.
#[derive(Debug, PartialEq, Eq)]
enum Fence {
    /// The block ends with a closing fence.
    Closed,
    /// The block is never closed and no fence opens inside it.
    Unclosed {
        /// The opening fence, such as "```".
        fence: String,
    },
    /// A fence line stands inside the block and nothing ends the block before it.
    Stray {
        /// Index of the fence line among the block's text lines.
        inner: usize,
        /// The opening fence.
        fence: String,
    },
    /// The block runs into another fence; a heading, comment or quote shows where it should stop.
    RunsInto {
        /// Index of the fence line among the block's text lines.
        inner: usize,
        /// Index of the line where the block should stop.
        stop: usize,
        /// The opening fence.
        fence: String,
    },
}

/// Reads the fences of a block from its raw source and its text.
fn check(raw: &str, text: &str) -> Fence {
    fn strip(l: &str) -> &str {
        l.trim_start_matches(|c: char| c.is_whitespace() || c == '>')
            .trim_end()
    }
    let opener = strip(raw.lines().next().unwrap_or(""));
    let fence_char = opener.chars().next().unwrap_or('`');
    let width = opener.chars().take_while(|&c| c == fence_char).count();
    let fence = fence_char.to_string().repeat(width);
    let is_fence = |l: &str| l.bytes().take_while(|&c| c as char == fence_char).count() >= width;
    // A fence line inside holds the fence: most blocks hold none, and are not read line by line.
    let holds_fence = memchr::memmem::find(text.as_bytes(), fence.as_bytes()).is_some();
    let inner = holds_fence.then(|| {
        text.lines().position(|l| {
            let l = strip(l);
            is_fence(l) && !l.trim_start_matches(fence_char).trim().is_empty()
        })
    });
    let inner = inner.flatten();
    let Some(inner) = inner else {
        let mut lines = raw.lines();
        lines.next();
        let closed = lines
            .next_back()
            .map(strip)
            .is_some_and(|l| is_fence(l) && l.chars().all(|c| c == fence_char));
        return if closed {
            Fence::Closed
        } else {
            Fence::Unclosed { fence }
        };
    };
    // The heading, comment or quote that shows where the author meant the block to stop.
    let stop = text.lines().take(inner).skip(1).position(|l| {
        let t = l.trim_start();
        t.starts_with('#') || t.starts_with("<!--") || t.starts_with('>')
    });
    match stop.map(|i| i + 1) {
        Some(stop) => Fence::RunsInto { inner, stop, fence },
        None => Fence::Stray { inner, fence },
    }
}

impl Page<'_> {
    /// Reports a fence that is never closed; when a new fence opens inside it (the author forgot
    /// the closing one), the block is cut there and the returned offset is where reading resumes.
    pub(super) fn check_fence(&mut self, block: &mut Block) -> Option<usize> {
        let (message, resume) = match check(&self.source[block.range.clone()], &block.text) {
            Fence::Closed => return None,
            Fence::Unclosed { fence } => (
                format!("code fence is never closed: add a closing {fence} where the block ends"),
                None,
            ),
            Fence::Stray { inner, fence } => (self.drop_stray_fence(block, inner, &fence), None),
            Fence::RunsInto { inner, stop, fence } => {
                let (message, resume) = self.cut_block(block, inner, stop, &fence);
                (message, Some(resume))
            }
        };
        let finding = Finding::error(block.range.start, Code::UnclosedFence, message);
        self.place(0, vec![finding]);
        resume
    }

    /// Removes the stray fence line `inner` from the block; returns the message saying so.
    fn drop_stray_fence(&self, block: &mut Block, inner: usize, fence: &str) -> String {
        let inner_offset = line_offset(&block.text, inner);
        let inner_line = self.index.line(block.map.source(inner_offset));
        let line_len = block.text[inner_offset..]
            .find('\n')
            .map_or(block.text.len() - inner_offset, |i| i + 1);
        block
            .text
            .replace_range(inner_offset..inner_offset + line_len, "");
        format!(
            "code fence line {inner_line} stands inside the block opened here; remove it (a block closes with a bare {fence})"
        )
    }

    /// Cuts the block before its line `stop`; returns the message and where reading resumes.
    fn cut_block(
        &self,
        block: &mut Block,
        inner: usize,
        stop: usize,
        fence: &str,
    ) -> (String, usize) {
        let inner_offset = line_offset(&block.text, inner);
        let inner_line = self.index.line(block.map.source(inner_offset));
        let cut_offset = line_offset(&block.text, stop);
        let resume = self
            .index
            .line_start(self.index.line(block.map.source(cut_offset)));
        let message = format!(
            "code fence is not closed before line {inner_line} opens another one; add a closing {fence} before line {}",
            self.index.line(resume),
        );
        block.text.truncate(cut_offset);
        (message, resume)
    }
}

impl super::Block {
    /// Adds a piece of the block's text found at `offset` of the page (line ends as `\n`).
    pub(super) fn push(&mut self, text: &str, offset: usize) {
        self.map.push(self.text.len(), offset);
        if text.contains('\r') {
            self.text.push_str(&text.replace("\r\n", "\n"));
        } else {
            self.text.push_str(text);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closed_and_unclosed_fences_are_told_apart() {
        assert_eq!(check("```http\nGET /me\n```", "GET /me\n"), Fence::Closed);
        assert_eq!(
            check("~~~~\nGET /me\n", "GET /me\n"),
            Fence::Unclosed {
                fence: "~~~~".into()
            }
        );
    }

    #[test]
    fn a_fence_opening_inside_a_block_is_stray_or_marks_the_cut() {
        let text = "GET /me\n```http\nHTTP/1.1 200 OK\n";
        assert_eq!(
            check(&format!("```http\n{text}"), text),
            Fence::Stray {
                inner: 1,
                fence: "```".into()
            }
        );
        let text = "GET /me\n\n## Response\n```http\nHTTP/1.1 200 OK\n";
        assert_eq!(
            check(&format!("```http\n{text}"), text),
            Fence::RunsInto {
                inner: 3,
                stop: 2,
                fence: "```".into()
            }
        );
    }
}
