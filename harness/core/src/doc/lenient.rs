//! A lenient JSON reader for the hand-written JSON of docs: metadata comments and bodies.
//!
//! It accepts what authors really write (comments, trailing commas, single quotes, unquoted keys,
//! bare words, `...` truncation marks, non-breaking spaces, a missing comma) and records each
//! tolerance with its byte offset, so lint can point at it. It never panics and bounds its depth.

use serde_json::{Map, Value};

mod layout;
mod scalar;
mod tolerance;

pub use layout::{Span, layout};
pub use tolerance::{Tolerance, Tolerated};

/// Nesting deeper than this is refused rather than risking the stack.
const MAX_DEPTH: usize = 256;

/// A value read leniently, with what had to be tolerated to read it.
#[derive(Debug, Clone, PartialEq)]
pub struct Lenient {
    /// The value read.
    pub value: Value,
    /// Each departure from strict JSON, in text order.
    pub tolerances: Vec<Tolerance>,
}

/// Why a text could not be read even leniently.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct JsonError {
    /// Byte offset of the problem in the text that was read.
    pub offset: usize,
    /// What is wrong, lowercase.
    pub message: String,
}

/// Reads `text` as one JSON value, leniently.
pub fn parse(text: &str) -> Result<Lenient, JsonError> {
    // Most documented JSON is strict: serde_json reads it several times faster, to the same
    // value, with nothing to tolerate. Anything it refuses is read leniently from the start.
    if let Ok(value) = serde_json::from_str(text) {
        return Ok(Lenient {
            value,
            tolerances: Vec::new(),
        });
    }
    parse_leniently(text)
}

/// The lenient reader itself, without the strict fast path.
pub(crate) fn parse_leniently(text: &str) -> Result<Lenient, JsonError> {
    read(text, None)
}

/// Where each member and item of the JSON value in `text` starts: its JSON pointer (`/a/0/b`)
/// and byte offset (a member's at its key). For pointing a finding at a property's own place.
pub fn spans(text: &str) -> Result<Vec<(String, usize)>, JsonError> {
    let found = layout(text)?.into_iter().skip(1);
    Ok(found.map(|span| (span.pointer, span.start)).collect())
}

/// Pointers being recorded: the path to the value being read, every place found, and the
/// comma the last separator consumed.
#[derive(Default)]
struct Spans {
    path: String,
    found: Vec<Span>,
    comma: Option<usize>,
}

fn read(text: &str, spans: Option<&mut Spans>) -> Result<Lenient, JsonError> {
    let mut reader = Reader {
        text,
        pos: 0,
        tolerances: Vec::new(),
        spans,
    };
    reader.skip_space()?;
    if reader.pos == text.len() {
        return Err(reader.error("no JSON value"));
    }
    let start = reader.pos;
    if let Some(spans) = reader.spans.as_deref_mut() {
        spans.found.push(Span::new(String::new(), start));
    }
    let value = reader.value(0)?;
    reader.valued(Some(0), start);
    reader.skip_space()?;
    if reader.pos < text.len() {
        return Err(reader.error("more text after the JSON value; remove it or split the block"));
    }
    Ok(Lenient {
        value,
        tolerances: reader.tolerances,
    })
}

struct Reader<'a> {
    text: &'a str,
    pos: usize,
    tolerances: Vec<Tolerance>,
    spans: Option<&'a mut Spans>,
}

impl<'a> Reader<'a> {
    fn error(&self, message: &str) -> JsonError {
        JsonError {
            offset: self.pos,
            message: message.to_owned(),
        }
    }

    /// Notes that the member or item `part` starts at `offset`; returns the path's length
    /// before it, for [`Reader::leave`].
    fn enter(&mut self, part: &str, offset: usize) -> usize {
        let Some(spans) = self.spans.as_deref_mut() else {
            return 0;
        };
        let before = spans.path.len();
        spans.path.push('/');
        spans
            .path
            .push_str(&part.replace('~', "~0").replace('/', "~1"));
        spans.found.push(Span::new(spans.path.clone(), offset));
        before
    }

    fn leave(&mut self, before: usize) {
        if let Some(spans) = self.spans.as_deref_mut() {
            spans.path.truncate(before);
        }
    }

    fn tolerate(&mut self, offset: usize, kind: Tolerated) {
        self.tolerances.push(Tolerance { offset, kind });
    }

    fn rest(&self) -> &'a str {
        &self.text[self.pos..]
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn skip_space(&mut self) -> Result<(), JsonError> {
        loop {
            let start = self.pos;
            let Some(c) = self.peek() else { return Ok(()) };
            if matches!(c, ' ' | '\t' | '\n' | '\r') {
                self.pos += 1;
            } else if c.is_whitespace() || matches!(c, '\u{200b}' | '\u{feff}') {
                self.tolerate(start, Tolerated::UnicodeSpace);
                self.pos += c.len_utf8();
            } else if self.rest().starts_with("//") || c == '#' {
                let kind = if c == '#' {
                    Tolerated::HashComment
                } else {
                    Tolerated::LineComment
                };
                self.tolerate(start, kind);
                self.pos += self.rest().find('\n').unwrap_or(self.rest().len());
            } else if self.rest().starts_with("/*") {
                let end = self.rest()[2..]
                    .find("*/")
                    .ok_or_else(|| self.error("`/*` comment is never closed"))?;
                self.tolerate(start, Tolerated::BlockComment);
                self.pos += end + 4;
            } else {
                return Ok(());
            }
        }
    }

    fn ellipsis(&mut self) -> bool {
        let start = self.pos;
        let len = if self.rest().starts_with("...") {
            self.rest().bytes().take_while(|&b| b == b'.').count()
        } else if self.rest().starts_with('…') {
            '…'.len_utf8()
        } else {
            return false;
        };
        self.pos += len;
        self.tolerate(start, Tolerated::Ellipsis);
        true
    }

    fn value(&mut self, depth: usize) -> Result<Value, JsonError> {
        if depth > MAX_DEPTH {
            return Err(self.error("JSON nested too deeply"));
        }
        match self.peek() {
            Some('{') => self.object(depth),
            Some('[') => self.array(depth),
            Some('"') => self.string('"').map(Value::String),
            Some('\'') => {
                self.tolerate(self.pos, Tolerated::SingleQuote);
                self.string('\'').map(Value::String)
            }
            Some(_) => self.scalar(),
            None => Err(self.error("the JSON ends where a value should be")),
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value, JsonError> {
        let open = self.pos;
        self.pos += 1;
        let mut map = Map::new();
        loop {
            self.skip_space()?;
            if self.ellipsis() {
                self.skip_space()?;
                if self.peek() == Some(',') {
                    self.pos += 1;
                }
                continue;
            }
            match self.peek() {
                Some('}') => {
                    self.pos += 1;
                    return Ok(Value::Object(map));
                }
                None => {
                    return Err(JsonError {
                        offset: open,
                        message: "`{` is never closed".into(),
                    });
                }
                _ => {}
            }
            let key_at = self.pos;
            let key = self.key()?;
            let before = self.enter(&key, key_at);
            let entry = self.entry();
            self.skip_space()?;
            if self.peek() != Some(':') {
                return Err(self.error("expected `:` after the key"));
            }
            self.pos += 1;
            self.skip_space()?;
            if self.ellipsis() {
                // `"key": ...` elides the value; keep the key out rather than invent one.
            } else {
                let start = self.pos;
                let value = self.value(depth + 1)?;
                self.valued(entry, start);
                map.insert(key, value);
            }
            self.leave(before);
            if !self.separator('}')? {
                return Err(self.error("expected `,` or `}` after the value"));
            }
            self.comma_after(entry);
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value, JsonError> {
        let open = self.pos;
        self.pos += 1;
        let mut items = Vec::new();
        loop {
            self.skip_space()?;
            if self.ellipsis() {
                self.skip_space()?;
                if self.peek() == Some(',') {
                    self.pos += 1;
                }
                continue;
            }
            match self.peek() {
                Some(']') => {
                    self.pos += 1;
                    return Ok(Value::Array(items));
                }
                None => {
                    return Err(JsonError {
                        offset: open,
                        message: "`[` is never closed".into(),
                    });
                }
                _ => {}
            }
            let (before, start) = match self.spans {
                Some(_) => (self.enter(&items.len().to_string(), self.pos), self.pos),
                None => (0, self.pos),
            };
            let entry = self.entry();
            items.push(self.value(depth + 1)?);
            self.valued(entry, start);
            self.leave(before);
            if !self.separator(']')? {
                return Err(self.error("expected `,` or `]` after the item"));
            }
            self.comma_after(entry);
        }
    }

    /// After a member or item: consumes a comma (noting a trailing one) and reports whether the
    /// container goes on; a missing comma before something that starts a value is tolerated.
    fn separator(&mut self, close: char) -> Result<bool, JsonError> {
        self.skip_space()?;
        match self.peek() {
            Some(',') => {
                let comma = self.pos;
                if let Some(spans) = self.spans.as_deref_mut() {
                    spans.comma = Some(comma);
                }
                self.pos += 1;
                // Comments after the comma are noted before the comma is known to trail; the
                // comma goes before them, to keep the tolerances in text order.
                let before_comments = self.tolerances.len();
                self.skip_space()?;
                if self.peek() == Some(close) {
                    let comma = Tolerance {
                        offset: comma,
                        kind: Tolerated::TrailingComma,
                    };
                    self.tolerances.insert(before_comments, comma);
                }
                Ok(true)
            }
            Some(c) if c == close => Ok(true),
            Some('"' | '\'' | '{' | '[') => {
                self.tolerate(self.pos, Tolerated::MissingComma);
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    fn key(&mut self) -> Result<String, JsonError> {
        match self.peek() {
            Some('"') => self.string('"'),
            Some('\'') => {
                self.tolerate(self.pos, Tolerated::SingleQuote);
                self.string('\'')
            }
            _ => {
                let start = self.pos;
                let len = self
                    .rest()
                    .find(|c: char| !(c.is_alphanumeric() || "_$@.-".contains(c)))
                    .unwrap_or(self.rest().len());
                if len == 0 {
                    return Err(self.error("expected a key in double quotes"));
                }
                self.tolerate(start, Tolerated::UnquotedKey);
                self.pos += len;
                Ok(self.text[start..self.pos].to_owned())
            }
        }
    }
}

#[cfg(test)]
mod tests;
