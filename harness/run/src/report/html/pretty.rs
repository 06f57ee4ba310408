//! JSON pretty-printed as lines, with the line of every value by its JSON pointer: what lets the
//! HTML report mark a mismatch on the line of its pointer.

use std::collections::HashMap;

use serde_json::Value;

use exemplar_core::compare::json::escape;

/// A JSON value as indented lines, and where each value starts.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Pretty {
    /// The lines, indented by two spaces a level, keys in the value's order.
    pub lines: Vec<String>,
    /// The 0-based line of each value, by its JSON pointer (`""` is the whole value).
    pub at: HashMap<String, usize>,
}

impl Pretty {
    /// `value` pretty-printed.
    pub(crate) fn of(value: &Value) -> Pretty {
        let mut pretty = Pretty::default();
        let mut pointer = String::new();
        pretty.write(value, &mut pointer, 0, "", "");
        pretty
    }

    /// The line of `pointer`, or of its nearest ancestor that is there, and whether it is the
    /// value itself (false: an ancestor, as for a value missing on this side).
    pub(crate) fn line_of(&self, pointer: &str) -> Option<(usize, bool)> {
        let mut pointer = pointer;
        let mut exact = true;
        loop {
            if let Some(line) = self.at.get(pointer) {
                return Some((*line, exact));
            }
            let cut = pointer.rfind('/')?;
            pointer = &pointer[..cut];
            exact = false;
        }
    }

    /// Writes `value` at `indent`, after `key` (`"name": ` or nothing) and before `comma`.
    fn write(
        &mut self,
        value: &Value,
        pointer: &mut String,
        indent: usize,
        key: &str,
        comma: &str,
    ) {
        self.at.insert(pointer.clone(), self.lines.len());
        let pad = "  ".repeat(indent);
        let (open, close, empty) = match value {
            Value::Object(map) => ("{", "}", map.is_empty()),
            Value::Array(items) => ("[", "]", items.is_empty()),
            scalar => {
                self.lines.push(format!("{pad}{key}{scalar}{comma}"));
                return;
            }
        };
        if empty {
            self.lines.push(format!("{pad}{key}{open}{close}{comma}"));
            return;
        }
        self.lines.push(format!("{pad}{key}{open}"));
        let len = pointer.len();
        match value {
            Value::Object(map) => {
                for (i, (name, item)) in map.iter().enumerate() {
                    pointer.push('/');
                    pointer.push_str(&escape(name));
                    let key = format!("{}: ", Value::from(name.as_str()));
                    self.write(item, pointer, indent + 1, &key, sep(i, map.len()));
                    pointer.truncate(len);
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    pointer.push_str(&format!("/{i}"));
                    self.write(item, pointer, indent + 1, "", sep(i, items.len()));
                    pointer.truncate(len);
                }
            }
            _ => {}
        }
        self.lines.push(format!("{pad}{close}{comma}"));
    }
}

fn sep(i: usize, len: usize) -> &'static str {
    if i + 1 < len { "," } else { "" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_value_has_its_line_and_the_text_is_serde_jsons() {
        let value = serde_json::json!({
            "a/b": 1,
            "value": [{"id": "x"}, [], {}],
            "z": null
        });
        let pretty = Pretty::of(&value);
        assert_eq!(
            pretty.lines.join("\n"),
            serde_json::to_string_pretty(&value).unwrap()
        );
        assert_eq!(pretty.at[""], 0);
        assert_eq!(pretty.lines[pretty.at["/a~1b"]], "  \"a/b\": 1,");
        assert_eq!(
            pretty.lines[pretty.at["/value/0/id"]],
            "      \"id\": \"x\""
        );
        assert_eq!(pretty.lines[pretty.at["/value/1"]], "    [],");
        assert_eq!(pretty.lines[pretty.at["/z"]], "  \"z\": null");
    }

    #[test]
    fn a_pointer_not_there_falls_back_to_its_nearest_ancestor() {
        let pretty = Pretty::of(&serde_json::json!({"value": [{"id": 1}]}));
        assert_eq!(pretty.line_of("/value/0/id"), Some((3, true)));
        assert_eq!(pretty.line_of("/value/0/name"), Some((2, false)));
        assert_eq!(pretty.line_of("/other/deep"), Some((0, false)));
    }
}
