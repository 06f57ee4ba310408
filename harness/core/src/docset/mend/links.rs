//! Link fixes: a target's real name for one found only in another case, and the heading's id
//! for an anchor found only in another case or under a near id (a renamed heading).

use super::super::closest::closest;
use super::super::facts::Link;
use super::super::{Found, Page, Site, resolve};
use crate::doc::source::LineIndex;
use crate::fix::Edit;
use crate::model::{Code, Diagnostic};

/// The edit that points the link of finding `d` at what exists.
pub(super) fn mend(page: &Page<'_>, text: &str, d: &Diagnostic, site: &impl Site) -> Option<Edit> {
    let link = link(page, d)?;
    let written = written(text, link)?;
    let dest = &text[written.clone()];
    let (path, fragment) = dest.split_once('#').unwrap_or((dest, ""));
    if path.contains(['%', '?', '\\']) || fragment.contains('%') {
        return None;
    }
    let target = (!path.is_empty()).then(|| resolve(page, path));
    let anchors = match &target {
        None => Some(page.facts.anchors.as_slice()),
        Some(target) => site.anchors(target),
    };
    let new = match (d.code, &target) {
        (Code::LinkCase, Some(target))
            if !fragment.is_empty() && site.find(target) == Found::File =>
        {
            format!("{path}#{}", anchor_in(anchors?, fragment, false)?)
        }
        (Code::LinkCase, Some(target)) => {
            let Found::OtherCase(real) = site.find(target) else {
                return None;
            };
            let name = real.rsplit('/').next()?;
            let folder = path.rsplit_once('/').map_or("", |(dir, _)| dir);
            let path = match folder.is_empty() && !path.contains('/') {
                true => name.to_owned(),
                false => format!("{folder}/{name}"),
            };
            match fragment.is_empty() {
                true => path,
                false => format!("{path}#{fragment}"),
            }
        }
        (Code::LinkCase, None) => format!("#{}", anchor_in(anchors?, fragment, false)?),
        (Code::LinkMissingAnchor, _) => format!("{path}#{}", anchor_in(anchors?, fragment, true)?),
        _ => return None,
    };
    (new != dest).then(|| Edit::new(written, new))
}

/// The absolute path of the page the link of finding `d` points into, when it is another page.
pub(super) fn target(page: &Page<'_>, d: &Diagnostic) -> Option<String> {
    let link = link(page, d)?;
    let path = link.dest.split(['#', '?']).next().unwrap_or("");
    (!path.is_empty()).then(|| resolve(page, &path.replace('\\', "/")))
}

/// The link a finding is about: the one at its line and column.
fn link<'a>(page: &'a Page<'_>, d: &Diagnostic) -> Option<&'a Link> {
    (page.facts.links.iter()).find(|l| l.line == d.line && l.column == d.column)
}

/// The id among `anchors` that `fragment` means: the same but for case, or (`near`) the
/// closest, when one is near enough to be the heading renamed.
fn anchor_in<'a>(anchors: &'a [String], fragment: &str, near: bool) -> Option<&'a str> {
    let same = anchors.iter().find(|a| a.eq_ignore_ascii_case(fragment));
    match (same, near) {
        (Some(same), _) => Some(same.as_str()),
        (None, true) => closest(fragment, anchors.iter().map(String::as_str)),
        (None, false) => None,
    }
}

/// Where the link's destination is written: after its `](` (or `](<`), else in the definition
/// `[label]: dest` of a reference link.
fn written(text: &str, link: &Link) -> Option<std::ops::Range<usize>> {
    let index = LineIndex::new(text);
    let line = index.line_start(link.line);
    let at = line
        + text[line..]
            .char_indices()
            .nth(link.column.saturating_sub(1) as usize)
            .map_or(0, |(i, _)| i);
    let dest = link.dest.as_str();
    let mut end = (at + 2000).min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let window = &text[at..end];
    for open in ["](", "](<"] {
        if let Some(i) = window.find(&format!("{open}{dest}")) {
            let start = at + i + open.len();
            return Some(start..start + dest.len());
        }
    }
    let definition = text.find(&format!("]: {dest}"))?;
    let start = definition + 3;
    Some(start..start + dest.len())
}
