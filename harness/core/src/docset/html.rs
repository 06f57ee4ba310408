//! What the facts take from HTML: `<a name>` and `<a id>` anchors, and the `suppressions` of
//! a page annotation.

use std::sync::LazyLock;

use memchr::memmem::Finder;

use super::facts::Facts;

/// The searchers for what HTML is looked through for, made once (a page has dozens of HTML
/// blocks, most of them annotations, and a searcher costs more to make than such a search).
static SUPPRESSIONS: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("suppressions"));
static ANCHOR: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("<a "));

/// `<a name="x">` and `<a id="x">` anchors, and a page annotation's suppressions.
pub(super) fn anchors(facts: &mut Facts, line: u32, html: &str) {
    if SUPPRESSIONS.find(html.as_bytes()).is_some() {
        suppressions(facts, line, html);
    }
    let mut rest = html;
    while let Some(at) = ANCHOR.find(rest.as_bytes()) {
        let tag = &rest[at..];
        let end = tag.find('>').unwrap_or(tag.len());
        for attr in ["name=", "id="] {
            if let Some(value) = tag[..end].find(attr).map(|i| &tag[i + attr.len()..end]) {
                let value = value.trim_start_matches(['"', '\'']);
                let value = value.split(['"', '\'', ' ']).next().unwrap_or("");
                facts.anchors.push(value.to_owned());
            }
        }
        rest = &tag[end..];
    }
}

fn suppressions(facts: &mut Facts, line: u32, html: &str) {
    let Some(json) = html
        .trim()
        .strip_prefix("<!--")
        .and_then(|s| s.trim_end().strip_suffix("-->"))
    else {
        return;
    };
    let Ok(value) = serde_json::from_str::<serde_json::Value>(json) else {
        return;
    };
    let list = value.get("suppressions").and_then(|s| s.as_array());
    for text in list.into_iter().flatten().filter_map(|s| s.as_str()) {
        facts.suppressions.push((text.to_owned(), line));
    }
}
