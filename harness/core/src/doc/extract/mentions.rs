//! The cheap scans that decide whether a page is parsed at all: most pages of a docs tree
//! annotate nothing.

/// Whether some `blocktype` in `text` (any case) has `request` within the next few bytes, as
/// every request annotation does (`"blockType": "request"`, `blockType: 'Request'`). It may say
/// yes where there is none (the page is then read whole), never no where there is one.
pub(crate) fn mentions_request_block(text: &str) -> bool {
    const NEAR: usize = 48;
    let bytes = text.as_bytes();
    block_type_ends(bytes).any(|end| {
        let window = &bytes[end..bytes.len().min(end + NEAR)];
        window
            .windows(7)
            .any(|w| w.eq_ignore_ascii_case(b"request"))
    })
}

/// Where each `blocktype` (any case) in `bytes` ends.
fn block_type_ends(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    const REST: &[u8] = b"locktype";
    memchr::memchr2_iter(b'b', b'B', bytes).filter_map(|at| {
        let end = at + 1 + REST.len();
        bytes
            .get(at + 1..end)
            .is_some_and(|word| word.eq_ignore_ascii_case(REST))
            .then_some(end)
    })
}

/// Whether `text` holds `blocktype` in any case: every annotation does, so a page without it has
/// nothing to read.
pub(crate) fn mentions_block_type(text: &str) -> bool {
    block_type_ends(text.as_bytes()).next().is_some()
}
