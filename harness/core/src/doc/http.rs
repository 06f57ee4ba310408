//! Parsing the text of an HTTP code block into a request or a response head, headers and body.
//!
//! Works on the block's text alone; offsets in the findings are relative to that text, and the
//! caller maps them to the page.

use super::source::line_offset;

/// Methods a request line may start with.
const METHODS: [&str; 8] = [
    "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE",
];

/// The parts of an HTTP block shared by requests and responses.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Message {
    /// Headers in document order: (name as written, value, offset of the line).
    pub headers: Vec<(String, String, usize)>,
    /// The body text, without leading blank lines and trailing white space.
    pub body: String,
    /// Offset of the body's first character.
    pub body_offset: usize,
    /// Things tolerated or wrong, in text order.
    pub issues: Vec<Issue>,
}

/// A finding while parsing an HTTP block, at an offset of the block's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    /// Byte offset in the block's text.
    pub offset: usize,
    /// What was found.
    pub kind: IssueKind,
}

/// The findings an HTTP block can give.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IssueKind {
    /// The block is empty.
    Empty,
    /// The first line has a URL but no method.
    MissingMethod,
    /// The request line has a method but no URL.
    MissingUrl,
    /// A response block has no `HTTP/x code` line.
    MissingStatus,
    /// A response block starts with a request line.
    HoldsRequest,
    /// A header line has no space after the colon (tolerated).
    HeaderWithoutSpace,
    /// A blank line stands between the first line and the headers (tolerated).
    BlankBeforeHeaders,
    /// The body starts right after the headers with no blank line (tolerated).
    BodyWithoutBlankLine,
    /// A second request line in the block; everything from it on is ignored.
    ExtraRequestLine,
}

/// A parsed request block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestBlock {
    /// The method, upper case.
    pub method: String,
    /// The URL as written.
    pub url: String,
    /// Headers, body and findings.
    pub message: Message,
}

/// A parsed response block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseBlock {
    /// The status code.
    pub status: u16,
    /// The reason phrase, if written.
    pub reason: Option<String>,
    /// Offset of the status line.
    pub status_offset: usize,
    /// Headers, body and findings.
    pub message: Message,
}

/// Parses a request block; `Err` holds the finding that stops it from being a request.
pub fn parse_request(text: &str) -> Result<RequestBlock, Issue> {
    let mut lines = lines(text)
        .skip_while(|(_, l)| l.trim().is_empty())
        .peekable();
    let Some((offset, first)) = lines.next() else {
        return Err(Issue {
            offset: 0,
            kind: IssueKind::Empty,
        });
    };
    let (method, url) = match request_line(first) {
        Some(parts) => parts,
        None => {
            return Err(Issue {
                offset,
                kind: IssueKind::MissingMethod,
            });
        }
    };
    if url.is_empty() {
        return Err(Issue {
            offset,
            kind: IssueKind::MissingUrl,
        });
    }
    let mut message = message(text, lines);
    if let Some(at) = message
        .body
        .split_inclusive('\n')
        .position(|l| request_line(l).is_some_and(|(_, u)| !u.is_empty()))
    {
        // A block listing several request lines (URL templates): keep the first request.
        let cut = line_offset(&message.body, at);
        message.issues.push(Issue {
            offset: message.body_offset + cut,
            kind: IssueKind::ExtraRequestLine,
        });
        message.body.truncate(cut);
        message.body.truncate(message.body.trim_end().len());
    }
    Ok(RequestBlock {
        method,
        url,
        message,
    })
}

/// Parses a response block; `Err` holds the finding that stops it from being a response.
pub fn parse_response(text: &str) -> Result<ResponseBlock, Issue> {
    let mut lines = lines(text).skip_while(|(_, l)| l.trim().is_empty());
    let Some((offset, first)) = lines.next() else {
        return Err(Issue {
            offset: 0,
            kind: IssueKind::Empty,
        });
    };
    let Some((status, reason)) = status_line(first) else {
        let kind = if request_line(first).is_some() {
            IssueKind::HoldsRequest
        } else {
            IssueKind::MissingStatus
        };
        return Err(Issue { offset, kind });
    };
    let message = message(text, lines);
    Ok(ResponseBlock {
        status,
        reason,
        status_offset: offset,
        message,
    })
}

/// Splits `METHOD URL [HTTP/x]`; `None` when the line does not start with a method, and an empty
/// URL when there is none.
pub fn request_line(line: &str) -> Option<(String, String)> {
    let line = line.trim();
    let (method, rest) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
    if !METHODS.iter().any(|m| m.eq_ignore_ascii_case(method)) {
        return None;
    }
    let mut url = rest.trim();
    if let Some((head, version)) = url.rsplit_once(char::is_whitespace) {
        if version.to_ascii_uppercase().starts_with("HTTP/") {
            url = head.trim_end();
        }
    }
    Some((method.to_ascii_uppercase(), url.to_owned()))
}

/// The documented path of a request URL with its origin removed, query included:
/// `https://graph.microsoft.com/v1.0/me?$x=1` → `/v1.0/me?$x=1`, `/me` stays, `me` → `/me`.
pub fn documented_path(url: &str) -> String {
    let url = url.trim();
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") {
        let after = &url[url.find("://").map_or(0, |i| i + 3)..];
        return after.find(['/', '?']).map_or_else(
            || "/".to_owned(),
            |i| {
                let rest = &after[i..];
                if rest.starts_with('?') {
                    format!("/{rest}")
                } else {
                    rest.to_owned()
                }
            },
        );
    }
    if url.starts_with('/') {
        url.to_owned()
    } else {
        format!("/{url}")
    }
}

/// Splits a request URL once into its documented path (see [`documented_path`]) and the query
/// after the first `?`, without the `?`; `None` when there is no `?`.
pub fn path_and_query(url: &str) -> (String, Option<String>) {
    let mut path = documented_path(url);
    match path.find('?') {
        Some(at) => {
            let query = path[at + 1..].to_owned();
            path.truncate(at);
            (path, Some(query))
        }
        None => (path, None),
    }
}

/// Splits `HTTP/1.1 200 OK`, `HTTP 201 Created` or `HTTP/1.1 204` into code and reason.
fn status_line(line: &str) -> Option<(u16, Option<String>)> {
    let line = line.trim();
    let rest = line
        .get(..4)
        .filter(|p| p.eq_ignore_ascii_case("HTTP"))
        .map(|_| &line[4..])?;
    let rest = match rest.strip_prefix('/') {
        Some(versioned) => versioned.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.'),
        None => rest,
    };
    let rest = rest.trim_start();
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    if digits.len() != 3 {
        return None;
    }
    let status = digits.parse().ok().filter(|s| (100..600).contains(s))?;
    let reason = rest[3..].trim();
    Some((status, (!reason.is_empty()).then(|| reason.to_owned())))
}

fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> + Clone {
    text.split_inclusive('\n').scan(0, |offset, line| {
        let start = *offset;
        *offset += line.len();
        Some((start, line.trim_end_matches(['\n', '\r'])))
    })
}

/// Reads the header lines after the first line, then the body. The lines are taken as they
/// come (`rest` is lazy): a body is not split into lines only to find where it starts.
fn message<'t>(text: &'t str, mut rest: impl Iterator<Item = (usize, &'t str)> + Clone) -> Message {
    let mut message = Message {
        body_offset: text.len(),
        ..Message::default()
    };
    let blank = |(_, l): &(usize, &str)| l.trim().is_empty();
    while let Some((offset, line)) = rest.clone().next() {
        if line.trim().is_empty() {
            let next = rest.clone().find(|l| !blank(l));
            match next {
                Some((o, l)) if message.headers.is_empty() && header(l).is_some() => {
                    message.issues.push(Issue {
                        offset: o,
                        kind: IssueKind::BlankBeforeHeaders,
                    });
                    rest.next();
                    continue;
                }
                _ => break,
            }
        }
        let Some((name, value, spaced)) = header(line) else {
            message.issues.push(Issue {
                offset,
                kind: IssueKind::BodyWithoutBlankLine,
            });
            break;
        };
        if !spaced {
            message.issues.push(Issue {
                offset,
                kind: IssueKind::HeaderWithoutSpace,
            });
        }
        message
            .headers
            .push((name.to_owned(), value.to_owned(), offset));
        rest.next();
    }
    if let Some((offset, _)) = rest.find(|l| !blank(l)) {
        message.body_offset = offset + (text[offset..].len() - text[offset..].trim_start().len());
        message.body = text[message.body_offset..].trim_end().to_owned();
    }
    message
}

/// Splits `Name: value`; the flag says whether a space followed the colon.
fn header(line: &str) -> Option<(&str, &str, bool)> {
    let (name, value) = line.split_once(':')?;
    let token = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c);
    if name.is_empty() || !name.chars().all(token) || value.starts_with("//") {
        return None;
    }
    let spaced = value.is_empty() || value.starts_with([' ', '\t']);
    Some((name, value.trim(), spaced))
}

#[cfg(test)]
mod tests;
