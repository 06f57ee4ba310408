//! Snapshots of what a server answered, stored as insta `.snap` files so `cargo insta review`
//! and `cargo insta accept` work on them: what they hold (`content`) and where they are kept
//! (`store`, the only module that writes them).

mod content;
mod store;

pub use content::{Status, UnknownUpdateMode, UpdateMode, content, page_key, paths, split_header};
pub use store::{
    Check, Failure, PruneScope, Store, accept, pending, pending_path, read_content, reject, remove,
    unreferenced, write_atomic,
};
