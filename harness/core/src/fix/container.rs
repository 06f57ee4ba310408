//! Members and items added to or removed from one object or array of a documented body, beside
//! their neighbours, in the container's own layout (one per line, or inline).

use serde_json::Value;

use super::block::Unfixable;
use super::body::{find, indent};
use super::edit::{Edit, blank_or_comment, line_end, line_start, next_line};
use super::render::{Style, quote_of};
use crate::doc::lenient::Span;

/// What changes in one container: pointers (below the body) of members or items to remove and
/// of those the answer adds, in the answer's order.
#[derive(Debug, Default)]
pub(super) struct Pending {
    /// Documented, but not in the answer.
    pub removed: Vec<String>,
    /// In the answer, but not documented.
    pub added: Vec<String>,
}

/// One object or array of the documented text, with its members or items.
pub(super) struct Container<'a> {
    text: &'a str,
    span: &'a Span,
    children: Vec<&'a Span>,
    style: &'a Style,
    /// The answer's members as its text lays them out, when the text is known.
    order: Option<&'a [Span]>,
}

/// Where added members go: after a documented one, or before the first.
#[derive(Clone, Copy)]
enum Anchor<'a> {
    After(&'a Span),
    Before(&'a Span),
}

impl<'a> Container<'a> {
    /// The container at `pointer` of the body `text` laid out as `spans`.
    pub(super) fn new(
        text: &'a str,
        spans: &'a [Span],
        pointer: &str,
        style: &'a Style,
        order: Option<&'a [Span]>,
    ) -> Result<Container<'a>, Unfixable> {
        let prefix = format!("{pointer}/");
        let children = spans
            .iter()
            .filter(|s| {
                s.pointer
                    .strip_prefix(&prefix)
                    .is_some_and(|rest| !rest.contains('/'))
            })
            .collect();
        Ok(Container {
            text,
            span: find(spans, pointer)?,
            children,
            style,
            order,
        })
    }

    /// The edits that remove and add what `changes` says; `actual` is the container's value in
    /// the answer.
    pub(super) fn edits(&self, changes: &Pending, actual: &Value) -> Result<Vec<Edit>, Unfixable> {
        let removed = |s: &Span| changes.removed.contains(&s.pointer);
        let kept: Vec<&Span> = self
            .children
            .iter()
            .copied()
            .filter(|s| !removed(s))
            .collect();
        let Some(&first) = kept.iter().find(|s| s.value.is_some()) else {
            // Nothing documented stays to stand beside: the container is written anew.
            let range = self
                .span
                .value
                .clone()
                .unwrap_or(self.span.start..self.span.start);
            let indent = indent(self.text, self.span.start);
            return Ok(vec![Edit::new(range, self.style.value(actual, indent))]);
        };
        let mut out: Vec<Edit> = (self.children.iter())
            .filter(|s| removed(s))
            .map(|s| Edit::new(self.removal(s), ""))
            .collect();
        // The last member stays last when every one after it goes, and the author writes no
        // comma after a last member: its comma goes too, unless something is added after it.
        let last = kept.last().copied().filter(|_| {
            self.children
                .last()
                .is_some_and(|c| removed(c) && c.comma.is_none())
        });
        let mut groups: Vec<(Anchor, Vec<String>)> = Vec::new();
        for pointer in &changes.added {
            let anchor = self
                .neighbour(&kept, pointer, actual)
                .or_else(|| Self::anchor(&kept))
                .unwrap_or(Anchor::Before(first));
            let item = self.item(pointer, actual, anchor)?;
            match groups.iter_mut().find(|(a, _)| same(*a, anchor)) {
                Some((_, items)) => items.push(item),
                None => groups.push((anchor, vec![item])),
            }
        }
        for (anchor, items) in &groups {
            let closing =
                matches!(anchor, Anchor::After(n) if last.is_some_and(|l| std::ptr::eq(l, *n)));
            out.extend(self.insert(*anchor, items, closing));
        }
        if let Some(last) = last
            && !groups
                .iter()
                .any(|(a, _)| matches!(a, Anchor::After(n) if std::ptr::eq(*n, last)))
        {
            out.extend(self.comma_dropped(last));
        }
        Ok(out)
    }

    /// The comma after `last` removed, when only white space lies between it and the next
    /// member (which goes).
    fn comma_dropped(&self, last: &Span) -> Option<Edit> {
        let comma = last.comma?;
        let next = self
            .children
            .iter()
            .find(|c| c.start > comma)
            .map_or(comma + 1, |c| c.start);
        self.text[comma + 1..next]
            .trim()
            .is_empty()
            .then(|| Edit::new(comma..comma + 1, ""))
    }

    /// The text a removed member or item takes with it: its lines when it stands on lines of its
    /// own, else itself, its comma and the spaces after.
    fn removal(&self, child: &Span) -> std::ops::Range<usize> {
        let text = self.text;
        let start = child.start;
        let end = child
            .comma
            .map(|c| c + 1)
            .or(child.value.as_ref().map(|v| v.end))
            .unwrap_or(start);
        let from = line_start(text, start);
        if text[from..start].trim().is_empty() && blank_or_comment(&text[end..line_end(text, end)])
        {
            return from..next_line(text, end);
        }
        let spaces = text[end..].len() - text[end..].trim_start_matches(' ').len();
        start..end + spaces
    }

    /// Where the member added at `pointer` goes in an object: after the documented member that
    /// comes before it in the answer's own order, else before the documented one after it.
    /// `None` when the answer's text is not known, and for an array's items.
    fn neighbour(&self, kept: &[&'a Span], pointer: &str, actual: &Value) -> Option<Anchor<'a>> {
        actual.as_object()?;
        let prefix = format!("{}/", self.span.pointer);
        let keys: Vec<&str> = (self.order?.iter())
            .filter_map(|s| s.pointer.strip_prefix(&prefix))
            .filter(|rest| !rest.contains('/'))
            .collect();
        let at = keys
            .iter()
            .position(|k| pointer == format!("{prefix}{k}"))?;
        let documented = |k: &&str| {
            let child = format!("{prefix}{k}");
            kept.iter()
                .copied()
                .find(|s| s.pointer == child && s.value.is_some())
        };
        let before = keys[..at].iter().rev().find_map(documented);
        before.map(Anchor::After).or_else(|| {
            keys[at + 1..]
                .iter()
                .find_map(documented)
                .map(Anchor::Before)
        })
    }

    /// The documented member added ones follow when the answer's order names none: the last
    /// one kept, where an author appends.
    fn anchor(kept: &[&'a Span]) -> Option<Anchor<'a>> {
        kept.iter()
            .rev()
            .find(|s| s.value.is_some())
            .map(|s| Anchor::After(s))
    }

    /// The added member or item at `pointer`, written as its anchor is written.
    fn item(&self, pointer: &str, actual: &Value, anchor: Anchor) -> Result<String, Unfixable> {
        let full = actual_pointer(&self.span.pointer, pointer);
        let value = actual
            .pointer(&full)
            .ok_or_else(|| Unfixable::Mismatch(format!("/body{pointer}: not in the answer")))?;
        let (Anchor::After(n) | Anchor::Before(n)) = anchor;
        let indent = indent(self.text, n.start);
        let value_text = n.value.clone().map_or("", |r| &self.text[r]);
        let key_quote = quote_of(&self.text[n.start..]).unwrap_or('"');
        let quote = quote_of(value_text).unwrap_or(key_quote);
        let style = self.style.quoted(quote);
        Ok(match actual {
            Value::Object(_) => {
                let key = unescape(pointer.rsplit('/').next().unwrap_or_default());
                style.member(&key, key_quote, value, indent)
            }
            _ => style.value(value, indent),
        })
    }

    /// The edits that put `items` at `anchor`; `closing` when nothing follows them in the container.
    fn insert(&self, anchor: Anchor, items: &[String], closing: bool) -> Vec<Edit> {
        let (text, eol) = (self.text, self.style.eol);
        let n = match anchor {
            Anchor::After(n) | Anchor::Before(n) => n,
        };
        let own_line = text[line_start(text, n.start)..n.start].trim().is_empty();
        let indent = indent(text, n.start);
        let end = n.value.as_ref().map_or(n.start, |v| v.end);
        match (anchor, n.comma) {
            (Anchor::Before(_), _) if own_line => {
                let at = line_start(text, n.start);
                vec![Edit::new(
                    at..at,
                    items
                        .iter()
                        .map(|i| format!("{indent}{i},{eol}"))
                        .collect::<String>(),
                )]
            }
            (Anchor::Before(_), _) => {
                vec![Edit::new(
                    n.start..n.start,
                    items.iter().map(|i| format!("{i}, ")).collect::<String>(),
                )]
            }
            (Anchor::After(_), Some(comma)) => {
                let lined = own_line && blank_or_comment(&text[comma + 1..line_end(text, comma)]);
                vec![self.after_comma(comma, lined, indent, items, closing)]
            }
            (Anchor::After(_), None) => {
                let rest_blank = blank_or_comment(&text[end..line_end(text, end)]);
                if own_line && rest_blank {
                    let at = line_end(text, end);
                    let new: Vec<String> =
                        items.iter().map(|i| format!("{eol}{indent}{i}")).collect();
                    let rest = &text[end..at];
                    vec![Edit::new(end..at, format!(",{rest}{}", new.join(",")))]
                } else {
                    vec![Edit::new(
                        end..end,
                        items.iter().map(|i| format!(", {i}")).collect::<String>(),
                    )]
                }
            }
        }
    }
}

impl Container<'_> {
    /// `items` after the comma at `comma`: on lines of their own (`lined`) or inline; the last
    /// one without a comma when `closing`.
    fn after_comma(
        &self,
        comma: usize,
        lined: bool,
        indent: &str,
        items: &[String],
        closing: bool,
    ) -> Edit {
        let eol = self.style.eol;
        let at = match lined {
            true => next_line(self.text, comma),
            false => comma + 1,
        };
        let mut new = String::new();
        for (i, item) in items.iter().enumerate() {
            let comma = if closing && i + 1 == items.len() {
                ""
            } else {
                ","
            };
            match lined {
                true => new.push_str(&format!("{indent}{item}{comma}{eol}")),
                false => new.push_str(&format!(" {item}{comma}")),
            }
        }
        Edit::new(at..at, new)
    }
}

fn same(a: Anchor, b: Anchor) -> bool {
    match (a, b) {
        (Anchor::After(x), Anchor::After(y)) | (Anchor::Before(x), Anchor::Before(y)) => {
            std::ptr::eq(x, y)
        }
        _ => false,
    }
}

/// The pointer of `pointer`'s last part relative to the container at `base`.
fn actual_pointer(base: &str, pointer: &str) -> String {
    pointer.strip_prefix(base).unwrap_or(pointer).to_owned()
}

/// A pointer part as the key it names.
fn unescape(part: &str) -> String {
    part.replace("~1", "/").replace("~0", "~")
}
