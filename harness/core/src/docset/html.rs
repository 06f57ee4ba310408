//! What the facts take from HTML: `<a name>` and `<a id>` anchors, and the `suppressions` of
//! a page annotation.

use super::facts::Facts;

/// `<a name="x">` and `<a id="x">` anchors, and a page annotation's suppressions.
pub(super) fn anchors(facts: &mut Facts, line: u32, html: &str) {
    if memchr::memmem::find(html.as_bytes(), b"suppressions").is_some() {
        suppressions(facts, line, html);
    }
    let mut rest = html;
    while let Some(at) = memchr::memmem::find(rest.as_bytes(), b"<a ") {
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
