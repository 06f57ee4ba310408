//! `request-*`: each documented request against `oneapi-design-v1.json` and `baseUrls`: the
//! base URL is one of them (and of the page's own API version), the method is an allowed
//! HTTP method, the URL is not longer than the limit.

use super::{DocSetConfig, Page, finding, page_version};
use crate::model::{Code, Diagnostic};

/// Checks every request example of the page into `out`.
pub(super) fn check(page: &Page<'_>, config: &DocSetConfig, out: &mut Vec<Diagnostic>) {
    for example in &page.doc.examples {
        let request = &example.request;
        let at = |code, message| finding(page, request.line, 1, code, message);
        let methods = &config.http_methods;
        if !methods.is_empty()
            && !methods
                .iter()
                .any(|m| m.eq_ignore_ascii_case(&request.method))
        {
            let message = format!(
                "`{}` is not an HTTP method the docs allow ({})",
                request.method,
                methods.join(", ")
            );
            out.push(at(Code::RequestMethod, message));
        }
        if let Some(max) = config.max_url_length.filter(|&max| request.url.len() > max) {
            let message = format!(
                "the URL is {} characters long, more than the {max} allowed",
                request.url.len()
            );
            out.push(at(Code::RequestUrlTooLong, message));
        }
        out.extend(base_url(page, config, &request.url).map(|m| at(Code::RequestBaseUrl, m)));
    }
}

/// What is wrong with the base of `url`, if anything.
fn base_url(page: &Page<'_>, config: &DocSetConfig, url: &str) -> Option<String> {
    let absolute = url.starts_with("http://") || url.starts_with("https://");
    if config.base_urls.is_empty() || !absolute {
        return None;
    }
    let base = config
        .base_urls
        .iter()
        .filter(|b| b.contains("://"))
        .find(|b| {
            url.strip_prefix(b.as_str())
                .is_some_and(|rest| rest.is_empty() || rest.starts_with(['/', '?', '$']))
        });
    let host = |u: &str| {
        u.split("://")
            .nth(1)
            .and_then(|r| r.split(['/', '?']).next())
            .unwrap_or("")
            .to_lowercase()
    };
    let ours = config
        .base_urls
        .iter()
        .map(|b| host(b))
        .filter(|h| !h.is_empty());
    let near = |h: &str| {
        ours.clone().any(|o| {
            o == h || o.starts_with(h) || super::closest::closest(h, [o.as_str()]).is_some()
        })
    };
    // A request to another service (a download URL a response pointed to) is not the docs'.
    if base.is_none() && !near(&host(url)) {
        return None;
    }
    let Some(base) = base else {
        let allowed: Vec<&str> = config
            .base_urls
            .iter()
            .filter(|b| b.contains("://"))
            .map(String::as_str)
            .collect();
        return Some(format!(
            "`{url}` does not start with a base URL of the docs ({})",
            allowed.join(", ")
        ));
    };
    let version = page_version(page.path)?;
    let other = base
        .rsplit('/')
        .next()
        .filter(|v| matches!(*v, "v1.0" | "beta") && *v != version)?;
    Some(format!(
        "this {version} page documents a request to {other} (`{base}`): use the page's own version"
    ))
}
