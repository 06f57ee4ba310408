//! The scalars of lenient JSON: strings and their escapes, numbers, literals and bare words.

use serde_json::{Number, Value};

use super::{JsonError, Reader, Tolerated};

impl Reader<'_> {
    /// A string in `quote`s, the reader at its opening quote.
    pub(super) fn string(&mut self, quote: char) -> Result<String, JsonError> {
        let open = self.pos;
        self.pos += 1;
        let mut out = String::new();
        loop {
            // Copy the plain run up to the next quote, escape, newline or control character.
            let rest = self.rest();
            let run = rest
                .bytes()
                .position(|b| b == quote as u8 || b == b'\\' || b < b' ')
                .unwrap_or(rest.len());
            out.push_str(&rest[..run]);
            self.pos += run;
            let Some(c) = self.peek() else {
                return Err(JsonError {
                    offset: open,
                    message: "string is never closed".into(),
                });
            };
            self.pos += c.len_utf8();
            match c {
                '\\' => self.escape(quote, &mut out)?,
                '\n' => {
                    return Err(JsonError {
                        offset: open,
                        message: "string is not closed before the end of its line".into(),
                    });
                }
                c if c == quote => return Ok(out),
                c => {
                    self.tolerate(self.pos - 1, Tolerated::ControlInString);
                    out.push(c);
                }
            }
        }
    }

    /// The escape after a backslash in a string in `quote`s, the reader past the backslash.
    fn escape(&mut self, quote: char, out: &mut String) -> Result<(), JsonError> {
        let backslash = self.pos - 1;
        let Some(c) = self.peek() else {
            return Err(self.error("string ends inside an escape"));
        };
        self.pos += c.len_utf8();
        match c {
            'n' => out.push('\n'),
            't' => out.push('\t'),
            'r' => out.push('\r'),
            'b' => out.push('\u{8}'),
            'f' => out.push('\u{c}'),
            'u' => {
                let high = self.hex4()?;
                let code = match high {
                    0xd800..=0xdbff if self.rest().starts_with("\\u") => {
                        let after_high = self.pos;
                        self.pos += 2;
                        let low = self.hex4()?;
                        if (0xdc00..=0xdfff).contains(&low) {
                            Some(0x10000 + ((high - 0xd800) << 10) + (low - 0xdc00))
                        } else {
                            // Not the other half: that escape is read on its own.
                            self.pos = after_high;
                            None
                        }
                    }
                    _ => Some(high),
                };
                match code.and_then(char::from_u32) {
                    Some(c) => out.push(c),
                    None => {
                        self.tolerate(backslash, Tolerated::LoneSurrogate);
                        out.push('\u{fffd}');
                    }
                }
            }
            '"' | '\\' | '/' => out.push(c),
            // An escaped single quote is how a single-quoted string holds one.
            '\'' if quote == '\'' => out.push(c),
            other => {
                self.tolerate(backslash, Tolerated::UnknownEscape);
                out.push(other);
            }
        }
        Ok(())
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let digits = self
            .rest()
            .get(..4)
            .filter(|d| d.chars().all(|c| c.is_ascii_hexdigit()));
        let digits = digits.ok_or_else(|| self.error("`\\u` needs four hex digits"))?;
        self.pos += 4;
        u32::from_str_radix(digits, 16).map_err(|_| self.error("`\\u` needs four hex digits"))
    }

    /// A number, a literal, or a bare word running to the next delimiter.
    pub(super) fn scalar(&mut self) -> Result<Value, JsonError> {
        let start = self.pos;
        let token_len = self
            .rest()
            .find(|c: char| c.is_whitespace() || ",}]".contains(c))
            .unwrap_or(self.rest().len());
        let token = &self.rest()[..token_len];
        let strict = match token {
            "true" => Some(Value::Bool(true)),
            "false" => Some(Value::Bool(false)),
            "null" => Some(Value::Null),
            _ => number(token).map(Value::Number),
        };
        if let Some(value) = strict {
            self.pos += token_len;
            return Ok(value);
        }
        let line = &self.rest()[..self
            .rest()
            .find([',', '}', ']', '\n', '\r'])
            .unwrap_or(self.rest().len())];
        let word = line.find(" //").map_or(line, |cut| &line[..cut]).trim_end();
        if word.is_empty() {
            return Err(self.error("expected a value"));
        }
        self.pos += word.len();
        self.tolerate(start, Tolerated::BareWord);
        Ok(match word.to_ascii_lowercase().as_str() {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            "null" => Value::Null,
            _ => Value::String(word.to_owned()),
        })
    }
}

/// Parses a strict JSON number, or nothing.
fn number(word: &str) -> Option<Number> {
    let first = word.chars().next()?;
    if !(first == '-' || first.is_ascii_digit()) {
        return None;
    }
    match serde_json::from_str::<Value>(word) {
        Ok(Value::Number(n)) => Some(n),
        _ => None,
    }
}
