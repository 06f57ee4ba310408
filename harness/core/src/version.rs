//! A page's API version, told from the page itself (DESIGN §10): a `v1.0`/`beta` segment of its
//! own path on disk, else the version its request URLs name; never the folder named on the
//! command line. One function, used by every command that needs it. Pure.

use crate::model::Example;

/// The API version of the page at `path` (on disk, as found) holding `examples`: the last
/// segment of its folders that names a version (`v1.0`, `beta`), else the first segment of the
/// first request path that names one.
pub fn page_version(path: &str, examples: &[Example]) -> Option<String> {
    let folders = path.rsplit(['/', '\\']).skip(1);
    let from_path = folders.map(named).find(Option::is_some).flatten();
    let from_urls = || {
        (examples.iter())
            .find_map(|e| named(e.request.path.trim_start_matches('/').split('/').next()?))
    };
    from_path.or_else(from_urls).map(str::to_ascii_lowercase)
}

/// `segment` when it names an API version: `v1.0`, `v2`, `beta` (any case).
fn named(segment: &str) -> Option<&str> {
    let numbered = (segment.strip_prefix(['v', 'V']))
        .is_some_and(|n| n.starts_with(|c: char| c.is_ascii_digit()));
    (numbered || segment.eq_ignore_ascii_case("beta")).then_some(segment)
}

/// `file:line` of another page as a message names it: with its version folder when the path as
/// shown does not say it (`api/user-get.md:12 (beta)`).
pub fn place(file: &str, line: u32, version: Option<&str>) -> String {
    match version {
        Some(v) if !file.split('/').any(|s| s.eq_ignore_ascii_case(v)) => {
            format!("{file}:{line} ({v})")
        }
        _ => format!("{file}:{line}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn examples(url: &str) -> Vec<Example> {
        let page = format!(
            "<!-- {{\"blockType\": \"request\"}} -->\n```http\nGET {url}\n```\n<!-- {{\"blockType\": \"response\"}} -->\n```http\nHTTP/1.1 204 No Content\n```\n"
        );
        crate::doc::extract("p.md", &page).examples
    }

    /// See: issue 23, item 3.
    #[test]
    fn the_version_comes_from_the_page_path_then_its_urls() {
        let beta = examples("https://graph.microsoft.com/beta/me");
        let none = examples("/me");
        assert_eq!(
            page_version("docs/v1.0/api/user-get.md", &beta).as_deref(),
            Some("v1.0")
        );
        assert_eq!(
            page_version("api/user-get.md", &beta).as_deref(),
            Some("beta")
        );
        assert_eq!(page_version("./api/user-get.md", &none), None);
        assert_eq!(
            page_version(r"Beta\api\x.md", &none).as_deref(),
            Some("beta")
        );
        assert_eq!(place("api/x.md", 3, Some("beta")), "api/x.md:3 (beta)");
        assert_eq!(place("beta/api/x.md", 3, Some("beta")), "beta/api/x.md:3");
    }
}
