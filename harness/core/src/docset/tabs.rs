//! `tabs-*`: docfx tab groups (`# [HTTP](#tab/http)` … `---`): at least two tabs, none
//! repeated, a closing `---`, HTTP first when the group has it, and inside the Examples section.

use super::facts::TabMark;
use super::{Page, finding};
use crate::model::{Code, Diagnostic};

/// One tab of a group: label, id, line, section.
type Tab<'a> = (&'a str, &'a str, u32, Option<usize>);

/// Checks each tab group of the page into `out`.
pub(super) fn check(page: &Page<'_>, out: &mut Vec<Diagnostic>) {
    let mut group: Vec<Tab<'_>> = Vec::new();
    for mark in &page.facts.tabs {
        match mark {
            TabMark::Tab {
                label,
                id,
                line,
                section,
            } => group.push((label, id, *line, *section)),
            TabMark::Rule if !group.is_empty() => {
                group_check(page, &std::mem::take(&mut group), true, out)
            }
            TabMark::Heading if !group.is_empty() => {
                group_check(page, &std::mem::take(&mut group), false, out)
            }
            _ => {}
        }
    }
    if !group.is_empty() {
        group_check(page, &group, false, out);
    }
}

fn group_check(page: &Page<'_>, group: &[Tab<'_>], closed: bool, out: &mut Vec<Diagnostic>) {
    let (first_label, _, first_line, section) = group[0];
    let mut at = |line, code, message| out.push(finding(page, line, 1, code, message));
    if !closed {
        let last = group[group.len() - 1].2;
        at(
            last,
            Code::TabsUnclosed,
            format!(
                "the tab group that opens at line {first_line} is never closed: end it with a line `---` after its last tab"
            ),
        );
    }
    if group.len() == 1 {
        at(
            first_line,
            Code::TabsSingle,
            format!(
                "tab `{first_label}` is alone in its group: a group needs at least two tabs, or write the content without a tab heading"
            ),
        );
    }
    for (i, (label, id, line, _)) in group.iter().enumerate() {
        if let Some((_, _, first, _)) = group[..i].iter().find(|(l, d, _, _)| l == label || d == id)
        {
            at(
                *line,
                Code::TabsRepeated,
                format!(
                    "tab `{label}` (#tab/{id}) repeats the tab at line {first} of the same group"
                ),
            );
        }
    }
    let http = group
        .iter()
        .position(|(label, ..)| label.eq_ignore_ascii_case("http"));
    if let Some(i) = http.filter(|&i| i > 0) {
        at(
            group[i].2,
            Code::TabsHttpNotFirst,
            format!("tab `HTTP` comes after `{first_label}`: the HTTP tab goes first in its group"),
        );
    }
    let in_examples = section.is_some_and(|s| {
        page.facts.headings[s]
            .text
            .to_lowercase()
            .starts_with("example")
    });
    if http.is_some() && !in_examples {
        at(first_line, Code::TabsOutsideExamples, "this HTTP tab group is not in the Examples section: code tabs belong under `## Examples`".into());
    }
}
