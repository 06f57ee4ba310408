//! Reading a doc file from disk and turning byte offsets back into lines and columns.
//!
//! Nothing here knows markdown: it only guards against input that is not text and keeps the
//! bookkeeping that lets every later stage report `file:line:column`.

use std::path::Path;

use crate::model::{Code, Diagnostic, Severity};

/// Files larger than this are reported instead of read: no real docs page comes close.
pub const MAX_DOC_BYTES: u64 = 16 * 1024 * 1024;

/// What reading one doc file gave: its text, or a located diagnostic saying why there is none.
pub enum Loaded {
    /// The file is UTF-8 text (a leading byte-order mark already removed).
    Text(String),
    /// The file is not a text doc exemplar can read; the diagnostic says why.
    Rejected(Diagnostic),
}

/// Reads `path` as a doc, turning binary, oversized or non-UTF-8 files into diagnostics.
///
/// Only I/O failures (missing file, permission denied) are errors: those mean the invocation is
/// wrong, while a bad file inside a doc tree is a finding about the docs.
pub fn load(path: &Path, display: &str) -> std::io::Result<Loaded> {
    let mut file = std::fs::File::open(path)?;
    // Read without asking the size first (a `statx` a page): most pages fit the first read,
    // and one more read says the file ended. Through `Take`, not the file itself:
    // `File::read_to_end` asks for the size (a `statx`) and the position (an `lseek`).
    let mut bytes = Vec::with_capacity(FIRST_READ);
    let limit = MAX_DOC_BYTES.saturating_add(1);
    std::io::Read::read_to_end(&mut std::io::Read::take(&mut file, limit), &mut bytes)?;
    if bytes.len() as u64 > MAX_DOC_BYTES {
        let size = file.metadata().map_or(bytes.len() as u64, |m| m.len());
        return Ok(Loaded::Rejected(Diagnostic::file(
            display,
            Code::FileTooLarge,
            format!(
                "file is {size} bytes, more than the {MAX_DOC_BYTES} bytes exemplar reads; split the page or exclude it"
            ),
        )));
    }
    // A small page gives back the room it did not need: some readers keep every page's text.
    if bytes.capacity() - bytes.len() > bytes.len() / 8 + 64 {
        bytes.shrink_to_fit();
    }
    Ok(decode(bytes, display))
}

/// Room for a page's first read: most pages of a docs tree are smaller.
const FIRST_READ: usize = 8 * 1024;

/// Turns raw bytes into doc text, or a diagnostic for binary and non-UTF-8 content.
pub fn decode(bytes: Vec<u8>, display: &str) -> Loaded {
    if let Some(pos) = memchr::memchr(0, &bytes) {
        let line = line_of_byte(&bytes, pos);
        return Loaded::Rejected(Diagnostic {
            line,
            ..Diagnostic::file(
                display,
                Code::BinaryFile,
                "file holds a NUL byte, so it is binary, not a markdown page; remove it from the doc paths".to_owned(),
            )
        });
    }
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.drain(..'\u{feff}'.len_utf8());
            }
            Loaded::Text(text)
        }
        Err(err) => {
            let pos = err.utf8_error().valid_up_to();
            let bytes = err.into_bytes();
            let line = line_of_byte(&bytes, pos);
            let column = pos
                - bytes[..pos]
                    .iter()
                    .rposition(|&b| b == b'\n')
                    .map_or(0, |p| p + 1)
                + 1;
            Loaded::Rejected(Diagnostic {
                line,
                column: column as u32,
                ..Diagnostic::file(
                    display,
                    Code::NotUtf8,
                    format!(
                        "byte 0x{:02x} at offset {pos} is not UTF-8; save the page as UTF-8",
                        bytes[pos]
                    ),
                )
            })
        }
    }
}

fn line_of_byte(bytes: &[u8], pos: usize) -> u32 {
    bytes[..pos].iter().filter(|&&b| b == b'\n').count() as u32 + 1
}

/// The byte offset where the 0-based line `index` of `text` starts (the end for a line past it).
pub fn line_offset(text: &str, index: usize) -> usize {
    text.split_inclusive('\n').take(index).map(str::len).sum()
}

/// The start offset of every line of a text, to map byte offsets to 1-based lines and columns.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes the lines of `text`.
    pub fn new(text: &str) -> Self {
        // Lines of docs run about 40 bytes: room for most pages' at once.
        let mut starts = Vec::with_capacity(text.len() / 40 + 1);
        starts.push(0);
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { starts }
    }

    /// The 1-based line holding byte `offset`.
    pub fn line(&self, offset: usize) -> u32 {
        self.starts.partition_point(|&s| s <= offset) as u32
    }

    /// The 1-based line and column (in characters) of byte `offset` within `text`.
    pub fn position(&self, text: &str, offset: usize) -> (u32, u32) {
        let line = self.line(offset);
        let start = self.starts[line as usize - 1];
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let visible = self.line_text(text, line);
        // An offset in a line's ending (`\r\n`, or stray `\r`s that markdown reads as line
        // breaks) is shown where the visible line ends.
        let within = text.get(start..offset.min(start + visible.len()));
        let column = within.map_or(0, |s| s.chars().count()) + 1;
        (line, column as u32)
    }

    /// The byte offset where 1-based `line` starts.
    pub fn line_start(&self, line: u32) -> usize {
        self.starts[(line as usize).saturating_sub(1).min(self.starts.len() - 1)]
    }

    /// The text of 1-based `line`, without its line ending.
    pub fn line_text<'a>(&self, text: &'a str, line: u32) -> &'a str {
        let start = self.line_start(line);
        let mut end = self
            .starts
            .get(line as usize)
            .copied()
            .unwrap_or(text.len());
        // The line ending's bytes, from the end (`\n`, `\r\n`, stray `\r`s).
        let bytes = text.as_bytes();
        while end > start && matches!(bytes[end - 1], b'\n' | b'\r') {
            end -= 1;
        }
        &text[start..end]
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Maps offsets in text assembled from pieces (a code block's lines) back to the source.
///
/// Code blocks inside lists and block quotes lose their container prefix, so their text is not
/// one slice of the page; each piece remembers where it came from.
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    pieces: Vec<(usize, usize)>,
}

impl SourceMap {
    /// Records that the text from `text_offset` on was copied from `source_offset`.
    pub fn push(&mut self, text_offset: usize, source_offset: usize) {
        self.pieces.push((text_offset, source_offset));
    }

    /// The source offset of `text_offset`.
    pub fn source(&self, text_offset: usize) -> usize {
        let i = self.pieces.partition_point(|&(t, _)| t <= text_offset);
        match i.checked_sub(1).map(|i| self.pieces[i]) {
            Some((t, s)) => s + (text_offset - t),
            None => self.pieces.first().map_or(0, |&(_, s)| s),
        }
    }
}

/// Codes of the diagnostics that stand for a whole file exemplar cannot read as a doc.
pub const REJECTED: [Code; 3] = [Code::FileTooLarge, Code::BinaryFile, Code::NotUtf8];

impl Diagnostic {
    /// Whether this diagnostic says the whole file could not be read as a doc.
    pub fn rejects_file(&self) -> bool {
        REJECTED.contains(&self.code)
    }

    /// A diagnostic about a whole file, placed at its first line.
    pub fn file(display: &str, code: Code, message: String) -> Self {
        Diagnostic {
            file: display.to_owned(),
            line: 1,
            column: 1,
            severity: Severity::Error,
            code,
            message,
            source_line: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_map_to_lines_and_character_columns() {
        let text = "ab\néé x\n\nlast";
        let index = LineIndex::new(text);
        assert_eq!(index.position(text, 0), (1, 1));
        assert_eq!(index.position(text, 3), (2, 1));
        assert_eq!(index.position(text, text.find('x').unwrap()), (2, 4));
        assert_eq!(index.position(text, text.len()), (4, 5));
        assert_eq!(index.line_text(text, 2), "éé x");
    }

    #[test]
    fn bom_is_removed_and_nul_is_binary() {
        assert!(
            matches!(decode(b"\xef\xbb\xbf# t".to_vec(), "a.md"), Loaded::Text(t) if t == "# t")
        );
        let Loaded::Rejected(d) = decode(b"a\nb\0".to_vec(), "a.md") else {
            panic!("accepted binary")
        };
        assert_eq!((d.code, d.line), (Code::BinaryFile, 2));
    }

    #[test]
    fn invalid_utf8_names_its_line_and_column() {
        let Loaded::Rejected(d) = decode(b"ok\nab\xff".to_vec(), "a.md") else {
            panic!("accepted bytes")
        };
        assert_eq!((d.code, d.line, d.column), (Code::NotUtf8, 2, 3));
    }

    /// A line's text leaves out its ending, whatever it is made of, and an offset within the
    /// ending is shown where the visible line ends.
    #[test]
    fn line_endings_are_left_out_of_a_line() {
        let text = "ab\r\ncd\r\r\nef\n\r\ngh";
        let index = LineIndex::new(text);
        let lines: Vec<&str> = (1..=5).map(|l| index.line_text(text, l)).collect();
        assert_eq!(lines, ["ab", "cd", "ef", "", "gh"]);
        assert_eq!(index.position(text, 3), (1, 3));
        assert_eq!(index.position(text, 7), (2, 3));
        assert_eq!(index.position(text, 14), (5, 1));
    }

    #[test]
    fn source_map_follows_pieces() {
        let mut map = SourceMap::default();
        map.push(0, 10);
        map.push(5, 30);
        assert_eq!(map.source(2), 12);
        assert_eq!(map.source(6), 31);
    }
}
