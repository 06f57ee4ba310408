//! Writing a JSON value the way the block around it is written: its indentation, its line
//! endings and its quotes.

use serde_json::Value;

/// How a block writes its JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Style {
    /// One level of indentation (a tab, or so many spaces).
    pub unit: String,
    /// The line ending.
    pub eol: &'static str,
    /// The quote of strings (`"` or `'`).
    pub quote: char,
    /// What stands between a key and its value: `": "`, or `" : "` where the block writes
    /// most members so.
    pub colon: &'static str,
}

impl Style {
    /// The style of the JSON text `text`: its smallest indentation and its line ending.
    pub(crate) fn of(text: &str) -> Style {
        let indents = text
            .lines()
            .map(|l| &l[..l.len() - l.trim_start_matches([' ', '\t']).len()])
            .filter(|i| !i.is_empty() && i.len() <= MAX_UNIT);
        let mut unit: Option<&str> = None;
        for indent in indents {
            if indent.starts_with('\t') {
                unit = Some("\t");
                break;
            }
            if unit.is_none_or(|u| indent.len() < u.len()) {
                unit = Some(indent);
            }
        }
        let spaced = ["\" : ", "' : "]
            .iter()
            .map(|c| text.matches(c).count())
            .sum::<usize>();
        let tight = ["\": ", "': "]
            .iter()
            .map(|c| text.matches(c).count())
            .sum::<usize>();
        Style {
            unit: unit.unwrap_or("  ").to_owned(),
            eol: super::edit::line_ending(text),
            quote: '"',
            colon: if spaced > tight { " : " } else { ": " },
        }
    }

    /// This style with strings in `quote`s.
    pub(crate) fn quoted(&self, quote: char) -> Style {
        Style {
            quote,
            ..self.clone()
        }
    }

    /// `value` as JSON text whose lines after the first are indented by `indent`.
    pub(crate) fn value(&self, value: &Value, indent: &str) -> String {
        let mut out = String::new();
        self.write(value, indent, &mut out);
        out
    }

    /// A member `key: value`, the key quoted as `key_quote` says.
    pub(crate) fn member(&self, key: &str, key_quote: char, value: &Value, indent: &str) -> String {
        format!(
            "{}{}{}",
            self.quoted(key_quote).string(key),
            self.colon,
            self.value(value, indent)
        )
    }

    fn write(&self, value: &Value, indent: &str, out: &mut String) {
        let inner = format!("{indent}{}", self.unit);
        match value {
            Value::Object(map) if !map.is_empty() => {
                out.push('{');
                for (i, (key, child)) in map.iter().enumerate() {
                    out.push_str(if i == 0 { "" } else { "," });
                    out.push_str(self.eol);
                    out.push_str(&inner);
                    out.push_str(&self.member(key, self.quote, child, &inner));
                }
                out.push_str(self.eol);
                out.push_str(indent);
                out.push('}');
            }
            Value::Array(items) if !items.is_empty() => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    out.push_str(if i == 0 { "" } else { "," });
                    out.push_str(self.eol);
                    out.push_str(&inner);
                    self.write(item, &inner, out);
                }
                out.push_str(self.eol);
                out.push_str(indent);
                out.push(']');
            }
            Value::String(s) => out.push_str(&self.string(s)),
            other => out.push_str(&other.to_string()),
        }
    }

    /// `s` as a JSON string in this style's quotes.
    fn string(&self, s: &str) -> String {
        let json = Value::String(s.to_owned()).to_string();
        if self.quote == '"' {
            return json;
        }
        let inner = json[1..json.len() - 1]
            .replace("\\\"", "\"")
            .replace('\'', "\\'");
        format!("'{inner}'")
    }
}

/// Indentation longer than this is not taken for a unit (a continuation, not a level).
const MAX_UNIT: usize = 16;

/// The quote `text` starts with, if it starts with one.
pub(crate) fn quote_of(text: &str) -> Option<char> {
    text.chars().next().filter(|c| matches!(c, '"' | '\''))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn values_are_written_in_the_blocks_indentation_and_quotes() {
        let style = Style::of("{\n\t\"a\": 1\n}").quoted('\'');
        assert_eq!(style.unit, "\t");
        let text = style.value(&json!({"b": ["it's"], "c": {}}), "\t");
        assert_eq!(
            text,
            "{\n\t\t'b': [\n\t\t\t'it\\'s'\n\t\t],\n\t\t'c': {}\n\t}"
        );
        let spaces = Style::of("{\r\n    \"a\": {\r\n        \"b\": 1\r\n    }\r\n}");
        assert_eq!((spaces.unit.as_str(), spaces.eol), ("    ", "\r\n"));
    }

    #[test]
    fn a_block_that_writes_a_space_before_its_colons_gets_members_written_so() {
        let style = Style::of("{\n\t\"a\" : 1,\n\t\"b\" : [\"x\"]\n}");
        assert_eq!(style.member("c", '"', &json!(true), "\t"), "\"c\" : true");
        let tight = Style::of("{\n  \"a\": 1\n}");
        assert_eq!(tight.member("c", '"', &json!(true), "  "), "\"c\": true");
    }
}
