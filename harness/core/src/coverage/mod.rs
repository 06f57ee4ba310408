//! Coverage (DESIGN §11): which operations of the service the docs document, which have an
//! annotated example, and which examples a run proved.

pub mod join;
pub mod matcher;
pub mod operation;
pub mod page;
pub mod render;

pub use join::{Coverage, Exemplified, Outcome, Place, Ran, Record, Total, Unmatched, cover};
pub use matcher::Matcher;
pub use operation::{Catalog, Kind, MAX_DEPTH, Operation, Verb, catalog};
pub use page::{Call, Page, page, read_pages, syntax_lines};
