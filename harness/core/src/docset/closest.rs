//! The closest match among candidates, for "did you mean" suggestions.

/// The candidate nearest to `wanted` (ignoring case), if near enough to be a likely typo: an
/// edit distance of at most a third of the longer name, or one name holding the
/// other and two thirds as long.
pub fn closest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let wanted = wanted.to_lowercase();
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        // Neither test passes when the lengths differ by more than a third: skip the distance.
        if wanted.len().abs_diff(candidate.len()) * 3 > wanted.len().max(candidate.len()) {
            continue;
        }
        let lower = candidate.to_lowercase();
        let distance = strsim::levenshtein(&wanted, &lower);
        let near = distance * 3 <= wanted.len().max(lower.len())
            || (wanted.len().min(lower.len()) * 3 >= wanted.len().max(lower.len()) * 2
                && (lower.contains(&wanted) || wanted.contains(&lower)));
        // Ties go to the first name in byte order, so a suggestion never depends on the order
        // the candidates come in (a folder's listing, a hash map).
        if near && best.is_none_or(|(d, c)| (distance, candidate) < (d, c)) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_near_name_is_suggested_and_a_far_one_is_not() {
        let names = ["user-get.md", "user-list.md", "group-get.md"];
        assert_eq!(closest("usr-get.md", names), Some("user-get.md"));
        assert_eq!(closest("calendar.md", names), None);
    }
}
