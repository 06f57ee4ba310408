//! Long texts cut for the page: a body (pretty-printed lines) or a request's body over
//! [`LIMIT`] bytes keeps its first [`LIMIT`] bytes, and says how much was cut. Secrets are
//! scrubbed before a text is cut, so that a cut never leaves half a secret the page's final
//! scrub could no longer recognise.

use serde::Serialize;

use exemplar_core::secret::Redactor;

/// The most of one body the page shows: 64 KiB of its text.
pub(crate) const LIMIT: usize = 64 * 1024;

/// What was cut from a text: its bytes and lines, past the first [`LIMIT`] bytes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub(crate) struct Cut {
    /// Bytes left out.
    pub bytes: usize,
    /// Whole lines left out (a line cut in its middle is not counted).
    pub lines: usize,
    /// The limit, so the page can say it.
    pub limit: usize,
}

/// `lines` cut to [`LIMIT`] bytes (a newline counted for each), scrubbed first when they are
/// cut; what was cut, if anything.
pub(crate) fn lines(lines: &mut Vec<String>, redactor: &Redactor) -> Option<Cut> {
    let total: usize = lines.iter().map(|l| l.len() + 1).sum();
    if total <= LIMIT {
        return None;
    }
    for line in lines.iter_mut() {
        if let std::borrow::Cow::Owned(scrubbed) = redactor.scrub(line) {
            *line = scrubbed;
        }
    }
    let total: usize = lines.iter().map(|l| l.len() + 1).sum();
    let (mut kept, mut used) = (0, 0);
    for line in lines.iter_mut() {
        let size = line.len() + 1;
        if used + size > LIMIT {
            let room = floor(line, LIMIT - used);
            if room > 0 {
                line.truncate(room);
                line.push('…');
                used += room;
                kept += 1;
            }
            break;
        }
        used += size;
        kept += 1;
    }
    let whole = lines.len() - kept;
    lines.truncate(kept);
    Some(Cut {
        bytes: total.saturating_sub(used),
        lines: whole,
        limit: LIMIT,
    })
}

/// `text` cut to [`LIMIT`] bytes, scrubbed first when it is cut; the text and what was cut.
pub(crate) fn text(text: &str, redactor: &Redactor) -> (String, Option<Cut>) {
    if text.len() <= LIMIT {
        return (text.to_owned(), None);
    }
    let scrubbed = redactor.scrub(text);
    let end = floor(&scrubbed, LIMIT);
    let cut = Cut {
        bytes: scrubbed.len() - end,
        lines: scrubbed[end..].matches('\n').count(),
        limit: LIMIT,
    };
    (format!("{}…", &scrubbed[..end]), Some(cut))
}

/// The largest char boundary of `text` at or below `at`.
fn floor(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_lines_are_kept_whole() {
        let mut short = vec!["{".to_owned(), "}".to_owned()];
        assert_eq!(lines(&mut short, &Redactor::default()), None);
        assert_eq!(short, ["{", "}"]);
    }

    #[test]
    fn long_lines_keep_the_limit_and_count_the_rest() {
        // 2,000 lines of 99 bytes and a newline: 200,000 bytes.
        let mut many: Vec<String> = (0..2000).map(|i| format!("{i:>99}")).collect();
        let cut = lines(&mut many, &Redactor::default()).expect("cut");
        let kept: usize = many.iter().map(|l| l.len() + 1).sum();
        assert_eq!(
            kept,
            LIMIT + "…".len() + 1,
            "the last line keeps no newline of its own"
        );
        // 655 whole lines fit in 65,536 bytes; the 656th keeps 36 bytes.
        assert_eq!(many.len(), 656);
        assert_eq!(many[655], format!("{}…", &format!("{:>99}", 655)[..36]));
        assert_eq!(cut.lines, 2000 - 656);
        assert_eq!(cut.bytes, 200_000 - 65_536);
    }

    #[test]
    fn a_secret_across_the_cut_is_scrubbed_before_it() {
        let secret = "s3cr3t-t0ken-value";
        let at = LIMIT - 5;
        let long = format!("{}{secret}{}", "a".repeat(at), "b".repeat(100));
        let redactor = Redactor::new([secret.to_owned()]);
        let (shown, cut) = text(&long, &redactor);
        assert!(!shown.contains("s3cr3"), "half the secret is shown");
        assert!(shown.ends_with("a[reda…"), "{}", &shown[shown.len() - 20..]);
        assert!(cut.is_some());
        let mut as_lines = vec![long];
        lines(&mut as_lines, &redactor).expect("cut");
        assert!(!as_lines[0].contains("s3cr3"));
    }
}
