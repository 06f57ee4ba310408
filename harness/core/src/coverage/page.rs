//! What a page says about operations: the syntax lines under its "HTTP request" heading (the
//! `ignored` block of a Graph page: `POST /users/{id}/assignLicense`) and its annotated request
//! examples.

use serde::Serialize;

use crate::model::DocFile;
use crate::schema::version_of;

/// The calls one page shows.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Page {
    /// The page, as shown.
    pub file: String,
    /// The API version its path names (`v1.0/api/user-get.md`), if any.
    pub version: Option<String>,
    /// Syntax lines and examples, in page order.
    pub calls: Vec<Call>,
}

/// One HTTP request line of a page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Call {
    /// 1-based line: the syntax line itself, or an example's opening fence.
    pub line: u32,
    /// The method, uppercase.
    pub method: String,
    /// The URL as written.
    pub url: String,
    /// An annotated request example (else a syntax line), and its name.
    pub example: Option<Example>,
}

/// An annotated request example.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Example {
    /// Its name, if the annotation gives one.
    pub name: Option<String>,
}

/// The calls of `doc` (read with its text, `DocFile::source`), found at `path` (whose
/// version segment, `…/v1.0/api/x.md`, is the page's version).
pub fn page(doc: &DocFile, path: &std::path::Path) -> Page {
    let mut calls = doc.text().map(syntax_lines).unwrap_or_default();
    // An example's own request line, when it sits under the "HTTP request" heading, is the
    // example's, not a syntax line.
    let fences: Vec<u32> = doc.examples.iter().map(|e| e.line()).collect();
    calls.retain(|c| {
        !fences
            .iter()
            .any(|f| (*f..=f.saturating_add(2)).contains(&c.line))
    });
    for example in &doc.examples {
        calls.push(Call {
            line: example.line(),
            method: example.request.method.to_ascii_uppercase(),
            url: example.request.url.clone(),
            example: Some(Example {
                name: example.name().map(str::to_owned),
            }),
        });
    }
    calls.sort_by_key(|c| c.line);
    Page {
        file: doc.file.clone(),
        version: version_of(&path.to_string_lossy().replace('\\', "/")).map(str::to_owned),
        calls,
    }
}

/// Reads the pages under `paths` (files, or folders searched for `*.md`, sorted) on up to
/// `jobs` threads: their calls, in path order, and the paths that could not be read.
pub fn read_pages(paths: &[std::path::PathBuf], jobs: usize) -> (Vec<Page>, Vec<crate::ReadError>) {
    let (mut pages, mut unreadable) = (Vec::new(), Vec::new());
    let found = crate::discover::walk(paths);
    crate::scan::scan(
        found,
        jobs,
        crate::scan::Reading::ExamplesAndText,
        |read| match read {
            Ok(read) => pages.push(page(&read.doc, &read.source.path)),
            Err(error) => unreadable.push(error),
        },
    );
    (pages, unreadable)
}

const METHODS: [&str; 5] = ["GET", "POST", "PATCH", "PUT", "DELETE"];

/// The request lines in fenced blocks under a heading that says "HTTP request".
pub fn syntax_lines(text: &str) -> Vec<Call> {
    let (mut calls, mut fence, mut under) = (Vec::new(), None::<&str>, false);
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        if let Some(open) = fence {
            if trimmed.starts_with(open) && trimmed.trim_end().trim_matches(['`', '~']).is_empty() {
                fence = None;
            } else if under {
                calls.extend(request_line(trimmed, i));
            }
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = Some(if trimmed.starts_with('`') {
                "```"
            } else {
                "~~~"
            });
        } else if let Some(heading) = trimmed.strip_prefix('#') {
            under = heading.to_ascii_lowercase().contains("http request");
        }
    }
    calls
}

fn request_line(line: &str, index: usize) -> Option<Call> {
    let (method, rest) = line.trim().split_once(char::is_whitespace)?;
    let method = METHODS.iter().find(|m| m.eq_ignore_ascii_case(method))?;
    let url = rest.trim();
    let url = url.strip_suffix("HTTP/1.1").unwrap_or(url).trim();
    // `~/` is the service root, as some Graph syntax lines write it.
    (url.starts_with('/') || url.starts_with("~/") || url.starts_with("http")).then(|| Call {
        line: u32::try_from(index + 1).unwrap_or(u32::MAX),
        method: (*method).to_owned(),
        url: url.to_owned(),
        example: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_lines_are_read_only_under_an_http_request_heading() {
        let text = "# t\n```http\nGET /ignored\n```\n## HTTP request\n\
                    <!-- { \"blockType\": \"ignored\" } -->\n```http\nGET /me/messages\n\
                    POST /users/{id | userPrincipalName}/assignLicense\n```\n## Request body\n\
                    ```http\nGET /not/this\n```\n";
        let lines: Vec<_> = (syntax_lines(text).into_iter())
            .map(|c| (c.line, c.method, c.url))
            .collect();
        assert_eq!(
            lines,
            [
                (8, "GET".into(), "/me/messages".into()),
                (
                    9,
                    "POST".into(),
                    "/users/{id | userPrincipalName}/assignLicense".into()
                ),
            ]
        );
    }
}
