//! Heading ids as GitHub and docfx make them: lower case, punctuation dropped but for `-` and
//! `_`, spaces to `-`, and a repeated id numbered `-1`, `-2`.

use fnv::FnvHashMap;

/// The ids of one page's headings, numbering repeats.
#[derive(Debug, Default)]
pub struct Ids {
    /// FNV: ids are short, and a page has many.
    seen: FnvHashMap<String, usize>,
    taken: Vec<String>,
}

impl Ids {
    /// The id of the next heading whose text is `text`.
    pub fn take(&mut self, text: &str) -> String {
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
        self.taken.push(id.clone());
        id
    }

    /// Every id given, in order.
    pub fn taken(self) -> Vec<String> {
        self.taken
    }
}

/// The id of a heading whose text is `text`, before numbering repeats.
pub fn slug(text: &str) -> String {
    let mut id = String::with_capacity(text.len());
    for c in text.trim().chars() {
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
        assert_eq!(
            ids.take("Example 1: Get a user's manager"),
            "example-1-get-a-users-manager"
        );
        assert_eq!(ids.take("Request"), "request");
        assert_eq!(ids.take("Request"), "request-1");
        assert_eq!(ids.take("Request"), "request-2");
        assert_eq!(ids.take("`user_id` (v1.0)"), "user_id-v10");
    }
}
