//! The documented routes most like a request no route answers, for the 404.
//!
//! Paths are compared segment by segment, as an edit distance over segments: a segment that is
//! a typo or the plural of the documented one (`userz` or `user` for `users`), or another API
//! version (`beta` for `v1.0`), costs little; a missing or extra segment costs more; a different
//! segment costs most, since it names another resource. Only routes that share a named segment
//! with the request (not a version, not a placeholder) are suggested, so a path like nothing
//! documented gets no suggestions rather than arbitrary ones. Pure.

use std::collections::HashMap;
use std::collections::HashSet;

use super::parts::{Part, fits, request_segments};
use super::routes::Route;

/// At most this many suggestions.
pub(super) const MAX_SUGGESTIONS: usize = 5;

/// The routes most like `method path`, best first, one per documented method and path.
pub(super) fn suggest<'a>(
    routes: impl IntoIterator<Item = &'a Route>,
    method: &str,
    path: &str,
) -> Vec<&'a Route> {
    let requested: Vec<String> = request_segments(path)
        .iter()
        .map(|s| s.to_lowercase())
        .collect();
    let mut ranked: Vec<(u32, bool, usize, &Route)> = Vec::new();
    let mut seen: HashSet<(&str, &[Vec<Part>])> = HashSet::new();
    let mut likeness = Likeness::new(&requested);
    for route in routes {
        if !shares_a_name(&route.segments, &mut likeness)
            || !seen.insert((&route.method, &route.segments))
        {
            continue;
        }
        ranked.push((
            distance(&route.segments, &mut likeness),
            !route.method.eq_ignore_ascii_case(method),
            route.segments.len().abs_diff(requested.len()),
            route,
        ));
    }
    // Stable: among equals, the order of the docs.
    ranked.sort_by_key(|&(cost, other_method, length, _)| (cost, other_method, length));
    ranked
        .into_iter()
        .take(MAX_SUGGESTIONS)
        .map(|(.., route)| route)
        .collect()
}

/// What a placeholder, a typo or plural, another version, a missing or extra segment, a
/// different segment cost.
const PLACEHOLDER: u32 = 2;
const NEAR: u32 = 1;
const MISSING: u32 = 2;
const DIFFERENT: u32 = 5;

/// Whether documented names are alike the requested segments, each pair worked out once per
/// request: thousands of routes share a few hundred names.
struct Likeness<'r, 'a> {
    requested: &'r [String],
    known: HashMap<(&'a str, usize), bool>,
}

impl<'r, 'a> Likeness<'r, 'a> {
    fn new(requested: &'r [String]) -> Likeness<'r, 'a> {
        Likeness {
            requested,
            known: HashMap::new(),
        }
    }

    /// Whether `name` is alike the requested segment `j`.
    fn alike(&mut self, name: &'a str, j: usize) -> bool {
        let segment = &self.requested[j];
        *self
            .known
            .entry((name, j))
            .or_insert_with(|| alike(name, segment))
    }
}

/// The least total cost of turning the requested segments into the documented ones.
fn distance<'a>(documented: &'a [Vec<Part>], likeness: &mut Likeness<'_, 'a>) -> u32 {
    let requested = likeness.requested;
    let mut previous: Vec<u32> = (0..=requested.len() as u32).map(|j| j * MISSING).collect();
    for (i, parts) in documented.iter().enumerate() {
        let mut row = vec![(i as u32 + 1) * MISSING];
        for j in 0..requested.len() {
            let replace = previous[j] + cost(parts, j, likeness);
            let best = replace.min(previous[j + 1] + MISSING).min(row[j] + MISSING);
            row.push(best);
        }
        previous = row;
    }
    previous[requested.len()]
}

/// The cost of the documented `parts` for the requested segment `j`.
fn cost<'a>(parts: &'a [Part], j: usize, likeness: &mut Likeness<'_, 'a>) -> u32 {
    let segment = likeness.requested[j].as_str();
    match literal(parts) {
        Some(text) if text == segment => 0,
        // A placeholder fits any segment, so it says less than a name that is alike: a mistyped
        // name should not be read as an id.
        _ if fits(parts, segment) => PLACEHOLDER,
        Some(text) if likeness.alike(text, j) => NEAR,
        Some(text) if is_version(text) && is_version(segment) => NEAR,
        _ => DIFFERENT,
    }
}

/// Whether a documented segment that names something (neither a version nor a placeholder) is
/// the same as, or like, one of the requested segments.
fn shares_a_name<'a>(documented: &'a [Vec<Part>], likeness: &mut Likeness<'_, 'a>) -> bool {
    let requested = likeness.requested;
    documented
        .iter()
        .filter_map(|parts| literal(parts))
        .filter(|text| !is_version(text))
        .any(|text| (0..requested.len()).any(|j| text == requested[j] || likeness.alike(text, j)))
}

/// The text of a segment without placeholders.
fn literal(parts: &[Part]) -> Option<&str> {
    match parts {
        [Part::Text(text)] => Some(text),
        _ => None,
    }
}

/// `v1.0`, `v2`, `beta`: the segment that names an API version.
fn is_version(segment: &str) -> bool {
    segment == "beta"
        || segment.strip_prefix('v').is_some_and(|rest| {
            rest.starts_with(|c: char| c.is_ascii_digit())
                && rest.chars().all(|c| c.is_ascii_digit() || c == '.')
        })
}

/// A typo or a plural of each other: the same singular, or at most two edits apart in a
/// segment at least three times as long as the edits.
fn alike(a: &str, b: &str) -> bool {
    if singular(a) == singular(b) {
        return true;
    }
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let longest = a.len().max(b.len());
    // Long segments are ids: only the same id is alike.
    if longest > 64 || a.len().abs_diff(b.len()) > 2 {
        return false;
    }
    let edits = edit_distance(&a, &b);
    edits <= 2 && 3 * edits <= longest
}

fn singular(word: &str) -> String {
    if let Some(stem) = word.strip_suffix("ies") {
        format!("{stem}y")
    } else {
        word.strip_suffix('s').unwrap_or(word).to_owned()
    }
}

/// Levenshtein distance.
fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut row = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let replace = previous[j] + usize::from(ca != cb);
            row.push(replace.min(previous[j + 1] + 1).min(row[j] + 1));
        }
        previous = row;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(paths: &[&str]) -> Vec<Route> {
        super::super::routes::tests::table_of(paths)
    }

    fn shown(routes: &[Route], method: &str, path: &str) -> Vec<String> {
        suggest(routes, method, path)
            .iter()
            .map(|r| format!("{} {}", r.shown_path(), r.origin))
            .collect()
    }

    const DOCUMENTED: [&str; 9] = [
        "GET /v1.0/applications",
        "GET /v1.0/policies/activityBasedTimeoutPolicies",
        "GET /v1.0/groups/{id}",
        "POST /v1.0/users",
        "GET /v1.0/users/{id}",
        "GET /v1.0/users/{id}/messages",
        "GET /beta/users",
        "GET /v1.0/users?$select=id",
        "GET /v1.0/users",
    ];

    #[test]
    fn a_plural_or_a_typo_of_a_segment_comes_first() {
        let routes = table(&DOCUMENTED);
        assert_eq!(
            shown(&routes, "GET", "/v1.0/user"),
            [
                "GET /v1.0/users 7.md:2",
                "POST /v1.0/users 3.md:2",
                "GET /beta/users 6.md:2",
                "GET /v1.0/users/{id} 4.md:2",
                "GET /v1.0/users/{id}/messages 5.md:2",
            ]
        );
        assert_eq!(
            shown(&routes, "GET", "/v1.0/userz/42")[..2],
            ["GET /v1.0/users/{id} 4.md:2", "GET /v1.0/users 7.md:2"]
        );
    }

    #[test]
    fn a_mistyped_name_is_not_read_as_an_id() {
        let routes = table(&[
            "GET /v1.0/me/contactFolders/{id}",
            "GET /v1.0/me/messages/AAMkADhMGAAA=",
        ]);
        assert_eq!(
            shown(&routes, "GET", "/v1.0/me/mesages")[0],
            "GET /v1.0/me/messages/AAMkADhMGAAA= 1.md:2"
        );
    }

    #[test]
    fn a_path_like_nothing_documented_gets_no_suggestions() {
        let routes = table(&DOCUMENTED);
        assert!(shown(&routes, "GET", "/v1.0/zzz/42").is_empty());
        assert!(shown(&routes, "GET", "/").is_empty());
    }

    #[test]
    fn segments_are_alike_when_a_typo_or_plural_apart() {
        assert!(alike("user", "users"));
        assert!(alike("userz", "users"));
        assert!(alike("policy", "policies"));
        assert!(alike("mesages", "messages"));
        assert!(!alike("me", "my"));
        assert!(!alike("users", "groups"));
        assert!(is_version("v1.0") && is_version("beta") && !is_version("values"));
    }
}
