//! `link-*`: every link, image and include resolved as API Doctor resolves them (relative to
//! the page, `/` from the doc set root, `../` upwards), and each `#anchor` against the target's
//! ids. Absolute URLs, `mailto:`, docfx `#tab/…` and `pathsToIgnore` are not checked. A target
//! found only in another case or through `\` works on Windows and on the published site: a
//! warning.

use std::borrow::Cow;

use super::closest::closest;
use super::facts::{Link, LinkKind};
use super::{DocSetConfig, Found, Page, Site, finding, suggest};
use crate::model::{Code, Diagnostic};
pub use memo::Memo;
use memo::Outcome;

/// The findings of the page's links.
pub(super) fn check(page: &Page<'_>, config: &DocSetConfig, site: &impl Site) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    walk(page, config, site, &mut Memo::default(), &mut out, None);
    out
}

/// What the link checks make of a page as soon as it is read, before every page's anchors are
/// known ([`super::check_links_early`]).
#[derive(Debug, Default)]
pub struct Early {
    /// The findings of the links that need no other page: missing files and folders, another
    /// case, `\`, and `#anchors` of the page itself written without a path.
    pub found: Vec<Diagnostic>,
    /// The links whose `#fragment` names a page found (by index in the page's links), with
    /// that page's path: checked by [`super::check_links_later`] once every page's anchors are
    /// known.
    pub later: Vec<(usize, String)>,
    /// Every link's target in the tree (absolute, `/`-separated), in link order, when asked.
    pub targets: Option<Vec<String>>,
}

/// The checks of the page's links that need no other page's anchors; the others are left for
/// [`later`]. With `targets`, every link's target is kept too. `memo` holds what the links of
/// the pages before, of the same folder, came to.
pub(super) fn early(
    page: &Page<'_>,
    config: &DocSetConfig,
    site: &impl Site,
    memo: &mut Memo,
    targets: bool,
) -> Early {
    let mut early = Early {
        targets: targets.then(Vec::new),
        ..Early::default()
    };
    let mut found = Vec::new();
    walk(page, config, site, memo, &mut found, Some(&mut early));
    early.found = found;
    early
}

/// The findings of the links [`early`] left for later: each `#fragment` against the anchors of
/// the page it names.
pub(super) fn later(
    page: &Page<'_>,
    site: &impl Site,
    later: &[(usize, String)],
) -> Vec<Diagnostic> {
    (later.iter())
        .filter_map(|(i, target)| {
            let link = page.facts.links.get(*i)?;
            let (_, fragment) = trimmed(&link.dest).split_once('#')?;
            anchor(page, link, target, fragment, site.anchors(target))
        })
        .collect()
}

/// Checks every link of the page into `out`; with `early`, the `#fragments` naming a page are
/// left in it for later, and each link's target is kept there.
fn walk(
    page: &Page<'_>,
    config: &DocSetConfig,
    site: &impl Site,
    memo: &mut Memo,
    out: &mut Vec<Diagnostic>,
    mut early: Option<&mut Early>,
) {
    memo.enter(page);
    for (i, link) in page.facts.links.iter().enumerate() {
        if link.kind == LinkKind::Undefined {
            let message = format!(
                "`[{0}]` is used as a reference but never defined: add `[{0}]: url` or write the link inline",
                link.dest
            );
            out.push(finding(
                page,
                link.line,
                link.column,
                Code::LinkUndefinedReference,
                message,
            ));
            continue;
        }
        let early = early.as_deref_mut();
        out.extend(one(page, config, site, (i, link), memo, early));
    }
}

/// The link's destination as the checks read it: trimmed, without `<>`.
fn trimmed(dest: &str) -> &str {
    dest.trim().trim_start_matches('<').trim_end_matches('>')
}

/// `text` with its `%xx` escapes decoded (as UTF-8, lossily), borrowed when it has none.
fn decoded(text: &str) -> Cow<'_, str> {
    match text.as_bytes().contains(&b'%') {
        true => percent_encoding::percent_decode_str(text).decode_utf8_lossy(),
        false => Cow::Borrowed(text),
    }
}

/// What the checks read of a link's destination as `written`: the destination (trimmed), its
/// path (percent-decoded, empty for the page itself) and its `#fragment`; none for an external
/// link or one `pathsToIgnore` names.
fn parts<'l>(written: &'l str, config: &DocSetConfig) -> Option<(&'l str, Cow<'l, str>, &'l str)> {
    let dest = trimmed(written);
    if external(dest) {
        return None;
    }
    // One pass: the path ends at the first `?` or `#`; the fragment follows the first `#`.
    let (mut end, mut hash) = (dest.len(), None);
    for (i, b) in dest.bytes().enumerate() {
        match b {
            b'#' => {
                hash = Some(i);
                break;
            }
            b'?' if end == dest.len() => end = i,
            _ => {}
        }
    }
    // Without a `#`, the fragment is the empty end of `dest` (still a slice of it).
    let fragment = hash.map_or(&dest[dest.len()..], |at| &dest[at + 1..]);
    let path = decoded(&dest[..end.min(hash.unwrap_or(end))]);
    if path.starts_with('/') && ignored(&path, &config.paths_to_ignore) {
        return None;
    }
    Some((dest, path, fragment))
}

/// Where the page's links lead in the tree, as the checks resolve them (absolute,
/// `/`-separated), each with whether it names a `#fragment` there; a link within the page, an
/// external one and one `pathsToIgnore` names lead nowhere here.
pub fn targets(page: &Page<'_>, config: &DocSetConfig) -> Vec<(String, bool)> {
    let links = (page.facts.links.iter()).filter(|link| link.kind != LinkKind::Undefined);
    let mut target = String::new();
    (links.filter_map(|link| parts(&link.dest, config)))
        .filter(|(_, path, _)| !path.is_empty())
        .map(|(_, path, fragment)| {
            resolve_slashed(page, &path, &mut target);
            (target.clone(), !fragment.is_empty())
        })
        .collect()
}

/// The finding of one link (the `index`th of the page), if any; with `early`, its target is
/// kept there, and its `#fragment` left there for later when it names a page.
fn one(
    page: &Page<'_>,
    config: &DocSetConfig,
    site: &impl Site,
    (index, link): (usize, &Link),
    memo: &mut Memo,
    mut early: Option<&mut Early>,
) -> Option<Diagnostic> {
    let there = match memo.outcome(page, config, site, &link.dest) {
        Outcome::Skipped => return None,
        Outcome::Here(fragment) => {
            let fragment = &link.dest[fragment.clone()];
            return anchor(page, link, page.path, fragment, Some(&page.facts.anchors));
        }
        Outcome::There(there) => there,
    };
    let (target, fragment) = (&*there.target, &link.dest[there.fragment.clone()]);
    if let Some(targets) = early.as_deref_mut().and_then(|e| e.targets.as_mut()) {
        targets.push(target.to_owned());
    }
    let at = |code, message| Some(finding(page, link.line, link.column, code, message));
    let dest = || trimmed(&link.dest);
    match &there.found {
        Found::Folder => None,
        Found::File if there.backslash => at(
            Code::LinkBackslash,
            format!(
                "`{}` uses `\\` between folders: it works on Windows and on the site, but write `/`",
                dest()
            ),
        ),
        Found::File => match early {
            Some(early) if !fragment.is_empty() => {
                early.later.push((index, target.to_owned()));
                None
            }
            _ => anchor(page, link, target, fragment, site.anchors(target)),
        },
        Found::OtherCase(real) => {
            let name = real.rsplit('/').next().unwrap_or(real);
            at(
                Code::LinkCase,
                format!(
                    "`{}` finds `{name}` only by ignoring case: it works on Windows and on the site, but write the name as it is",
                    dest()
                ),
            )
        }
        Found::Missing => {
            let (_, path, _) = parts(&link.dest, config)?;
            let message = missing(page, site, link.kind, &path, target);
            at(Code::LinkMissingFile, message)
        }
    }
}

/// What to say of a link to `target`, which does not exist: where it was looked for, and the
/// nearest name in that folder.
fn missing(page: &Page<'_>, site: &impl Site, kind: LinkKind, path: &str, target: &str) -> String {
    let what = match kind {
        LinkKind::Image => "image",
        LinkKind::Include => "include",
        _ => "page",
    };
    let (dir, name) = target.rsplit_once('/').unwrap_or(("", target));
    let near = site.closest(dir, name);
    let near = near.as_deref();
    let above = page.root.rsplit_once('/').map_or("", |(above, _)| above);
    let shown = target
        .strip_prefix(above)
        .unwrap_or(target)
        .trim_start_matches('/');
    format!(
        "{what} `{path}` does not exist (looked for {shown}){}",
        suggest(near)
    )
}

/// The finding for `#fragment` in the page at `target`, whose anchors are `anchors`.
fn anchor(
    page: &Page<'_>,
    link: &Link,
    target: &str,
    fragment: &str,
    anchors: Option<&[String]>,
) -> Option<Diagnostic> {
    let fragment = decoded(fragment);
    let anchors = anchors?;
    if fragment.is_empty() || fragment.starts_with("tab/") || anchors.iter().any(|a| *a == fragment)
    {
        return None;
    }
    let at = |code, message| Some(finding(page, link.line, link.column, code, message));
    if anchors.iter().any(|a| a.eq_ignore_ascii_case(&fragment)) {
        return at(
            Code::LinkCase,
            format!(
                "`#{fragment}` matches a heading only by ignoring case: it works on the site, but write it in lower case"
            ),
        );
    }
    let near = closest(&fragment, anchors.iter().map(String::as_str));
    let page_name = match target == page.path {
        true => "this page".to_owned(),
        false => format!("`{}`", target.rsplit('/').next().unwrap_or(target)),
    };
    let message = format!(
        "{page_name} has no heading or anchor `#{fragment}`{}",
        suggest(near)
    );
    at(Code::LinkMissingAnchor, message)
}

/// Absolute URLs (`https:`, `mailto:`, any scheme) and protocol-relative ones.
fn external(dest: &str) -> bool {
    if dest.starts_with("//") {
        return true;
    }
    // A scheme: letters, digits, `+`, `-` and `.` up to a `:`.
    let scheme = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.');
    let at = dest.bytes().position(|b| !scheme(b));
    at.is_some_and(|at| at > 0 && dest.as_bytes()[at] == b':')
}

/// Whether `path` starts with one of `pathsToIgnore` (whole segments, any case).
fn ignored(path: &str, prefixes: &[String]) -> bool {
    prefixes.iter().any(|p| {
        let p = p.trim_end_matches('/');
        let rest = match path.get(..p.len()) {
            // ASCII (a path almost always is): compared in place.
            Some(head) if head.is_ascii() && p.is_ascii() => {
                head.eq_ignore_ascii_case(p).then(|| &path[p.len()..])
            }
            _ => return starts_lowered(path, p),
        };
        rest.is_some_and(|rest| rest.is_empty() || rest.starts_with(['/', '?', '#']))
    })
}

/// [`ignored`]'s test of one prefix `p` (without its trailing `/`), with both lowered whole.
fn starts_lowered(path: &str, p: &str) -> bool {
    (path.to_lowercase())
        .strip_prefix(&p.to_lowercase())
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(['/', '?', '#']))
}

/// The absolute path a link's path names: from the doc set root when it starts with `/`,
/// else from the page's folder; `.` and `..` folded.
pub fn resolve(page: &Page<'_>, path: &str) -> String {
    let mut out = String::new();
    resolve_into(page, path, &mut out);
    out
}

/// [`resolve`] into `out`, with `\\` read as `/`.
fn resolve_slashed(page: &Page<'_>, path: &str, out: &mut String) {
    match path.as_bytes().contains(&b'\\') {
        true => resolve_into(page, &path.replace('\\', "/"), out),
        false => resolve_into(page, path, out),
    }
}

/// [`resolve`] into `out` (cleared first).
fn resolve_into(page: &Page<'_>, path: &str, out: &mut String) {
    let base = match path.starts_with('/') {
        true => page.root,
        false => page.path.rsplit_once('/').map_or("", |(dir, _)| dir),
    };
    // Built in place: `..` drops the last segment while one is left (the first never goes).
    out.clear();
    out.reserve(base.len() + path.len() + 1);
    out.push_str(base);
    let mut rest = Some(path);
    while let Some(now) = rest {
        let (segment, next) = match now.bytes().position(|b| b == b'/') {
            Some(at) => (&now[..at], Some(&now[at + 1..])),
            None => (now, None),
        };
        rest = next;
        match segment {
            "" | "." => {}
            ".." => {
                if let Some(at) = out.bytes().rposition(|b| b == b'/') {
                    out.truncate(at);
                }
            }
            s => {
                out.push('/');
                out.push_str(s);
            }
        }
    }
}

mod memo;
#[cfg(test)]
mod tests;
