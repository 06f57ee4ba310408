//! Heading ids as GitHub and docfx make them: lower case, punctuation dropped but for `-` and
//! `_`, spaces to `-`, and a repeated id numbered `-1`, `-2`.

use rustc_hash::FxHashMap;

/// How many different ids a page may have before they are looked up in a map rather than
/// compared one by one (most pages have a dozen headings).
const FEW: usize = 32;

/// The ids of one page's headings, numbering repeats.
#[derive(Debug, Default)]
pub struct Ids {
    /// Each id before numbering, as where it was given first in `taken` (as it is, not
    /// numbered), with how many repeats it had.
    seen: Vec<(usize, usize)>,
    /// The same by id, once a page has more than [`FEW`] of them.
    many: Option<FxHashMap<String, usize>>,
    taken: Vec<String>,
}

impl Ids {
    /// Gives the next heading, whose text is `text`, its id.
    pub fn take(&mut self, text: &str) {
        let base = slug(text);
        let id = match self.repeats(&base) {
            Some(count) => {
                *count += 1;
                format!("{base}-{count}")
            }
            None => {
                self.seen.push((self.taken.len(), 0));
                if let Some(many) = self.many.as_mut() {
                    many.insert(base.clone(), self.seen.len() - 1);
                }
                base
            }
        };
        self.taken.push(id);
    }

    /// How many repeats of `base` were given before, when it was given before.
    fn repeats(&mut self, base: &str) -> Option<&mut usize> {
        if self.many.is_none() && self.seen.len() > FEW {
            let ids = self.seen.iter().enumerate();
            let many = ids.map(|(at, &(first, _))| (self.taken[first].clone(), at));
            self.many = Some(many.collect());
        }
        let at = match &self.many {
            Some(many) => *many.get(base)?,
            None => (self.seen.iter()).position(|&(first, _)| self.taken[first] == base)?,
        };
        Some(&mut self.seen[at].1)
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
        let mut id = String::with_capacity(text.len());
        for b in text.bytes() {
            match b {
                b'-' | b'_' | b'0'..=b'9' | b'a'..=b'z' => id.push(char::from(b)),
                b'A'..=b'Z' => id.push(char::from(b.to_ascii_lowercase())),
                b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r' => id.push('-'),
                _ => {}
            }
        }
        return id;
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

    /// Past [`FEW`] different ids, repeats are numbered as before (the map takes over).
    #[test]
    fn many_headings_number_repeats_as_few_do() {
        let texts: Vec<String> = (0..3 * FEW)
            .map(|i| format!("Step {}", i % (2 * FEW)))
            .collect();
        let mut ids = Ids::default();
        texts.iter().for_each(|text| ids.take(text));
        let taken = ids.taken();
        assert_eq!(taken[2 * FEW - 1], format!("step-{}", 2 * FEW - 1));
        assert_eq!(taken[2 * FEW], "step-0-1");
        assert_eq!(taken[3 * FEW - 1], format!("step-{}-1", FEW - 1));
        let mut unique = taken.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), taken.len());
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
