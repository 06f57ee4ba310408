//! Heading ids as GitHub and docfx make them: lower case, punctuation dropped but for `-` and
//! `_`, spaces to `-`, and a repeated id numbered `-1`, `-2`.

use fnv::FnvHashMap;

/// The ids of one page's headings, numbering repeats.
#[derive(Debug, Default)]
pub struct Ids {
    /// Each id before numbering, with how many repeats it had (FNV: ids are short, and a page
    /// has many).
    seen: FnvHashMap<String, usize>,
    taken: Vec<String>,
}

impl Ids {
    /// Gives the next heading, whose text is `text`, its id.
    pub fn take(&mut self, text: &str) {
        let base = slug(text);
        let id = match self.seen.get_mut(base.as_str()) {
            Some(count) => {
                *count += 1;
                format!("{base}-{count}")
            }
            None => {
                self.seen.insert(base.clone(), 0);
                base
            }
        };
        self.taken.push(id);
    }

    /// Every id given, in order.
    pub fn taken(self) -> Vec<String> {
        self.taken
    }
}

/// The id of a heading whose text is `text`, before numbering repeats.
pub fn slug(text: &str) -> String {
    let text = text.trim();
    if text.is_ascii() {
        // Most headings: a byte at a time, each ASCII, so the id is too.
        let mut id = Vec::with_capacity(text.len());
        for b in text.bytes() {
            match b {
                b'-' | b'_' | b'0'..=b'9' | b'a'..=b'z' => id.push(b),
                b'A'..=b'Z' => id.push(b.to_ascii_lowercase()),
                b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r' => id.push(b'-'),
                _ => {}
            }
        }
        return String::from_utf8(id).unwrap_or_default();
    }
    let mut id = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
            id.push(c.to_ascii_lowercase());
        } else if c.is_alphanumeric() {
            id.extend(c.to_lowercase());
        } else if c.is_whitespace() {
            id.push('-');
        }
    }
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_drop_punctuation_and_number_repeats() {
        let mut ids = Ids::default();
        let texts = [
            "Example 1: Get a user's manager",
            "Request",
            "Request",
            "Request",
            "`user_id` (v1.0)",
            " Tab\tand\u{b}form\u{c}feed ",
        ];
        texts.into_iter().for_each(|text| ids.take(text));
        let expected = [
            "example-1-get-a-users-manager",
            "request",
            "request-1",
            "request-2",
            "user_id-v10",
            "tab-and-form-feed",
        ];
        assert_eq!(ids.taken(), expected);
    }

    /// The fast reading of ASCII headings gives the ids the one for any text gives.
    #[test]
    fn ascii_headings_get_the_ids_any_text_gets() {
        let any = |text: &str| {
            let mut id = String::new();
            for c in text.trim().chars() {
                match c {
                    c if c.is_alphanumeric() || c == '-' || c == '_' => id.extend(c.to_lowercase()),
                    c if c.is_whitespace() => id.push('-'),
                    _ => {}
                }
            }
            id
        };
        let all: String = (0u8..128).map(char::from).collect();
        for text in [
            all.as_str(),
            "Example 1: Get a user's manager",
            "A\r\nB -- c_d",
        ] {
            assert_eq!(slug(text), any(text), "{text:?}");
        }
    }
}
