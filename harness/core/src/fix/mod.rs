//! Fix edits: the smallest changes to a page that make a failing example pass, at the level of
//! the page's text (DESIGN §12).
//!
//! From the documented response block and the observed answer, [`edits`] computes text edits: a
//! changed value replaced where it stands, an added property inserted after its documented
//! neighbour in the block's own indentation and quoting, a documented property or header the
//! service no longer sends removed, the status line changed. Everything else stays byte for byte.
//! Pure: it reads only the text it is handed; writing the page is `exemplar-run`'s job.

mod block;
mod body;
mod container;
mod edit;
mod render;

pub(crate) use block::block as fenced;
pub use block::{Unfixable, edits, edits_in_order, fixable};
pub(crate) use body::added_member;
pub(crate) use edit::line_ending;
pub use edit::{Edit, apply};

#[cfg(test)]
mod props;
#[cfg(test)]
mod tests;
