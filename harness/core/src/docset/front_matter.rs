//! `front-matter-*`: the YAML front matter, read by a YAML parser (serde_norway): it parses,
//! holds every required key, and names one of API Doctor's page types in `doc_type`.

use serde_norway::Mapping;

use super::closest::closest;
use super::facts::FrontMatter;
use super::{DocSetConfig, Page, finding, suggest};
use crate::model::{Code, Diagnostic};

/// API Doctor's page types, beside those `document-outline.json` names.
const PAGE_TYPES: [&str; 4] = [
    "apiPageType",
    "resourcePageType",
    "conceptualPageType",
    "enumPageType",
];

/// Checks the front matter into `out`; returns the page's `doc_type` when it is a known one.
pub(super) fn check(
    page: &Page<'_>,
    config: &DocSetConfig,
    out: &mut Vec<Diagnostic>,
) -> Option<String> {
    let (front, map) = parse(page, config, out)?;
    let keys = map.keys();
    let line_of = |key: &str| key_line(&front.text, key).map_or(front.line, |l| front.line + l);
    for key in &config.required_keys {
        if map.holds(key) {
            continue;
        }
        let others = keys.iter().copied();
        let near = closest(
            key,
            others.filter(|k| !config.required_keys.iter().any(|r| r == k)),
        );
        let message = format!(
            "the front matter has no `{key}`, which every page needs{}",
            suggest(near)
        );
        let line = near.map_or(front.line - 1, line_of);
        out.push(finding(page, line, 1, Code::FrontMatterMissingKey, message));
    }
    let doc_type = map.string("doc_type")?.trim();
    let outline = config.outline.iter().map(|(t, _)| t.as_str());
    let known: Vec<&str> = PAGE_TYPES.iter().copied().chain(outline).collect();
    if known.contains(&doc_type) {
        return Some(doc_type.to_owned());
    }
    let near = closest(doc_type, known.iter().copied());
    let message = format!(
        "`doc_type: {doc_type}` is not a page type API Doctor knows ({}), so it would skip this page's checks{}",
        PAGE_TYPES.join(", "),
        suggest(near)
    );
    let line = line_of("doc_type");
    out.push(finding(
        page,
        line,
        1,
        Code::FrontMatterUnknownDocType,
        message,
    ));
    None
}

/// The keys of a front matter: read fast when every line is a plain `key: value`
/// ([`super::plain_yaml`]), else by the YAML parser.
enum Keys<'y> {
    Plain(Vec<(&'y str, Option<&'y str>)>),
    Parsed(Mapping),
}

impl Keys<'_> {
    /// The keys, in order.
    fn keys(&self) -> Vec<&str> {
        match self {
            Keys::Plain(pairs) => pairs.iter().map(|(k, _)| *k).collect(),
            Keys::Parsed(map) => map.keys().filter_map(|k| k.as_str()).collect(),
        }
    }

    /// Whether `key` is there with a value other than null.
    fn holds(&self, key: &str) -> bool {
        match self {
            Keys::Plain(pairs) => pairs.iter().any(|(k, v)| *k == key && v.is_some()),
            Keys::Parsed(map) => map.get(key).is_some_and(|v| !v.is_null()),
        }
    }

    /// The string value of `key`.
    fn string(&self, key: &str) -> Option<&str> {
        match self {
            Keys::Plain(pairs) => pairs.iter().find(|(k, _)| *k == key)?.1,
            Keys::Parsed(map) => map.get(key)?.as_str(),
        }
    }
}

/// The front matter and its keys, or the finding that says why there are none.
fn parse<'p>(
    page: &'p Page<'_>,
    config: &DocSetConfig,
    out: &mut Vec<Diagnostic>,
) -> Option<(&'p FrontMatter, Keys<'p>)> {
    let mut fail = |line, column, code, message: String| {
        out.push(finding(page, line, column, code, message));
        None
    };
    let Some(front) = &page.facts.front_matter else {
        if config.required_keys.is_empty() {
            return None;
        }
        let keys = config.required_keys.join(", ");
        let message = format!(
            "the page has no YAML front matter: open it with `---`, the keys {keys}, and `---`"
        );
        return fail(1, 1, Code::FrontMatterMissing, message);
    };
    if !front.closed {
        let message = "the front matter is never closed: end it with a line `---`".into();
        return fail(1, 1, Code::FrontMatterInvalid, message);
    }
    if let Some(pairs) = super::plain_yaml::read(&front.text) {
        return Some((front, Keys::Plain(pairs)));
    }
    match serde_norway::from_str::<serde_norway::Value>(&front.text) {
        Ok(serde_norway::Value::Mapping(map)) => Some((front, Keys::Parsed(map))),
        Ok(_) => {
            let message = "the front matter is not a set of `key: value` lines".into();
            fail(front.line, 1, Code::FrontMatterInvalid, message)
        }
        Err(err) => {
            let (line, column) =
                (err.location()).map_or((0, 1), |l| (l.line() as u32 - 1, l.column() as u32));
            let message = format!(
                "the front matter is not valid YAML: {} (a quote or bracket left open?)",
                plain(&err.to_string())
            );
            fail(front.line + line, column, Code::FrontMatterInvalid, message)
        }
    }
}

/// The 0-based line of `key:` at the start of a line of the YAML.
fn key_line(yaml: &str, key: &str) -> Option<u32> {
    let starts = |l: &str| {
        l.strip_prefix(key)
            .is_some_and(|r| r.trim_start().starts_with(':'))
    };
    yaml.lines().position(starts).map(|i| i as u32)
}

/// The parser's message without its own location (the finding has it).
fn plain(message: &str) -> &str {
    message.split(" at line ").next().unwrap_or(message)
}

/// The page's front matter, when its first line opens one (`---`), and the offset just past
/// its closing line (0 when it has none or it is never closed: then every line is content).
pub(super) fn read(text: &str) -> (Option<super::facts::FrontMatter>, usize) {
    let mut lines = text.split_inclusive('\n');
    let Some(first) = lines.next().filter(|first| opens(first)) else {
        return (None, 0);
    };
    // The YAML is the text between the two lines, taken once it is found.
    let (start, mut at) = (first.len(), first.len());
    for line in lines {
        if matches!(line.trim_end(), "---" | "...") {
            let front = super::facts::FrontMatter {
                text: text[start..at].to_owned(),
                line: 2,
                closed: true,
            };
            return (Some(front), at + line.len());
        }
        at += line.len();
    }
    let front = super::facts::FrontMatter {
        text: text[start..].to_owned(),
        line: 2,
        closed: false,
    };
    (Some(front), 0)
}

/// Whether the page's first line opens a front matter: `---`, after a BOM if there is one.
fn opens(first: &str) -> bool {
    first.trim_start_matches('\u{feff}').trim_end() == "---"
}

#[cfg(test)]
mod tests {
    use super::read;

    #[test]
    fn a_front_matter_after_a_bom_is_read_and_ends_where_it_closes() {
        let text = "\u{feff}---\ntitle: \"Get robot\"\n---\n# Get robot\n";
        let (front, end) = read(text);
        let front = front.expect("front matter after the BOM");
        assert_eq!(
            (front.text.as_str(), front.closed),
            ("title: \"Get robot\"\n", true)
        );
        assert_eq!(&text[end..], "# Get robot\n");
        assert_eq!(read("# No front matter\n").1, 0);
        assert!(read("# No front matter\n").0.is_none());
        let (front, end) = read("---\ntitle: never closed\n# Heading\n");
        assert_eq!((front.map(|f| f.closed), end), (Some(false), 0));
    }
}
